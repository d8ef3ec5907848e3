"""Export a checkpoint of train.py to TorchScript and/or ONNX for deepscore (docs/model-contract.md).

* TorchScript (``--torchscript model.pt``): ``torch.jit.script`` of a module whose ``forward``
  takes one int64 [B, max_length] tensor per field in spec order and returns float32 [B]. Pooling:
  ``F.embedding_bag(mode="mean", padding_idx=0)``, as in training.
* ONNX (``--onnx model.onnx``): ``torch.onnx.export`` with input names = the field names in spec
  order, a dynamic batch axis and one output named ``score``. Pooling: gather + mask + sum /
  count (same weights, same mean; plain ONNX ops).

``--output probability`` (default) puts the sigmoid inside the model; ``--output logit`` leaves it
to deepscore (pass the same value to ``deepscore bundle --output``). Both files are re-loaded and
checked against the eager model before the command returns.

    /usr/bin/python3 python/export.py --checkpoint /tmp/torch-model/checkpoint.pt \
        --torchscript /tmp/model.pt --onnx /tmp/model.onnx
"""

import argparse
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import OUTPUTS, build, with_field_arguments  # noqa: E402

ONNX_OPSET = 13


def load_checkpoint(path):
    ckpt = torch.load(path, map_location="cpu")
    if not isinstance(ckpt, dict) or "meta" not in ckpt or "state_dict" not in ckpt:
        sys.exit(f"{path} is not a checkpoint of python/train.py (expected meta + state_dict)")
    return ckpt["meta"], ckpt["state_dict"]


def example_inputs(meta, rows=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    out = []
    for size, length in zip(meta["vocab_sizes"], meta["max_lengths"]):
        ids = torch.randint(0, size, (rows, length), generator=g, dtype=torch.int64)
        ids[0] = 0  # an all-padding row
        if rows > 1:
            ids[1, length // 2:] = 0  # right padding
        out.append(ids)
    return out


def export_torchscript(meta, state, output, path):
    net = build(meta, pooling="bag", output=output)
    net.load_state_dict(state)
    net.eval()
    scripted = torch.jit.script(with_field_arguments(net, meta["fields"]))
    scripted.save(path)
    check(net, torch.jit.load(path), meta, "TorchScript " + path)


def export_onnx(meta, state, output, path):
    net = build(meta, pooling="mask", output=output)
    net.load_state_dict(state)
    net.eval()
    wrapper = with_field_arguments(net, meta["fields"])
    names = list(meta["fields"])
    axes = {n: {0: "batch"} for n in names}
    axes["score"] = {0: "batch"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # shape-inference notes of the exporter
        torch.onnx.export(wrapper, tuple(example_inputs(meta, rows=2)), path,
                          input_names=names, output_names=["score"], dynamic_axes=axes,
                          opset_version=ONNX_OPSET, do_constant_folding=True)
    print(f"ONNX {path}: inputs {names} (int64 [batch, max_length]), output score float32 [batch]")


def check(net, loaded, meta, what):
    inputs = example_inputs(meta, rows=5, seed=1)
    with torch.no_grad():
        expected = net(inputs)
        got = loaded(*inputs)
    if got.dtype != torch.float32 or tuple(got.shape) != (5,):
        sys.exit(f"{what}: output {got.dtype} {tuple(got.shape)}, expected float32 (5,)")
    diff = (got - expected).abs().max().item()
    if diff > 0:
        sys.exit(f"{what}: differs from the eager model by {diff}")
    print(f"{what}: reloaded, identical to the eager model on 5 rows")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--checkpoint", required=True, help="checkpoint.pt written by train.py")
    p.add_argument("--torchscript", help="write TorchScript here (.pt)")
    p.add_argument("--onnx", help="write ONNX here (.onnx)")
    p.add_argument("--output", default="probability", choices=OUTPUTS,
                   help="what the model returns (default: probability)")
    args = p.parse_args(argv)
    if not args.torchscript and not args.onnx:
        p.error("give --torchscript and/or --onnx")
    meta, state = load_checkpoint(args.checkpoint)
    if args.torchscript:
        export_torchscript(meta, state, args.output, args.torchscript)
    if args.onnx:
        export_onnx(meta, state, args.output, args.onnx)


if __name__ == "__main__":
    main()
