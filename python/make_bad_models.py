"""Tiny models that break the input contract, for the tests of `deepscore bundle` refusing them.

    /usr/bin/python3 python/make_bad_models.py SPEC OUT_DIR

Writes into OUT_DIR: checkpoint.pt (a torch.save state_dict: weights, not a program),
bad-names.onnx (inputs named f0, f1, ...), two-outputs.onnx (score and logit), three-inputs.pt
(TorchScript whose forward takes one field too few) and swapped.pt (TorchScript whose forward
names the fields in another order).
"""

import os
import sys
import warnings

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from model import DeepScoreNet, with_field_arguments  # noqa: E402


class TwoOutputs(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, a, b, c, d):
        z = self.net.logits([a, b, c, d])
        return torch.sigmoid(z), z


def main():
    spec_path, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    spec = common.read_spec(spec_path)
    names = common.field_names(spec)
    lengths = common.max_lengths(spec)
    torch.manual_seed(3)
    net = DeepScoreNet([4] * len(names), 2, [2], pooling="mask")
    net.eval()
    example = tuple(torch.zeros(2, n, dtype=torch.int64) for n in lengths)
    torch.save(net.state_dict(), os.path.join(out, "checkpoint.pt"))
    axes = {n: {0: "batch"} for n in names + ["out0", "out1", "score"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bad = [f"f{i}" for i in range(len(names))]
        torch.onnx.export(with_field_arguments(net, names), example,
                          os.path.join(out, "bad-names.onnx"), input_names=bad,
                          output_names=["score"], dynamic_axes={**axes, **{n: {0: "b"} for n in bad}},
                          opset_version=13)
        if len(names) == 4:
            torch.onnx.export(TwoOutputs(net), example, os.path.join(out, "two-outputs.onnx"),
                              input_names=names, output_names=["out0", "out1"],
                              dynamic_axes=axes, opset_version=13)
    short = DeepScoreNet([4] * (len(names) - 1), 2, [2], pooling="bag")
    torch.jit.script(with_field_arguments(short, names[:-1])).save(
        os.path.join(out, "three-inputs.pt"))
    swapped = names[1:] + names[:1]
    torch.jit.script(with_field_arguments(DeepScoreNet([4] * len(names), 2, [2]), swapped)).save(
        os.path.join(out, "swapped.pt"))
    print("bad models written to", out)


if __name__ == "__main__":
    main()
