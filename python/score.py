"""Reference scores in Python for a featurized .npz: float32 .npy in row order, plus the ids.

The model is either train.py's checkpoint (the eager PyTorch network, embedding_bag pooling) or
an exported TorchScript file. Scores are probabilities, saved as float32 .npy (bit-exact; never
CSV). ``deepscore parity --reference SCORES.npy --ids IDS.npy`` compares them with the JVM's.

    /usr/bin/python3 python/score.py --model /tmp/torch-model/checkpoint.pt --spec S \
        --data /tmp/enc.npz --out /tmp/py-scores.npy --ids /tmp/py-ids.npy
"""

import argparse
import os
import sys
import time
import zipfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from model import OUTPUTS, build  # noqa: E402


def is_torchscript(path):
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as z:
        return any("/code/" in n for n in z.namelist())


def load_model(path, output):
    if is_torchscript(path):
        module = torch.jit.load(path, map_location="cpu")
        module.eval()
        if output == "logit":
            return lambda fields: torch.sigmoid(module(*fields))
        return lambda fields: module(*fields)
    ckpt = torch.load(path, map_location="cpu")
    net = build(ckpt["meta"], pooling="bag", output="probability")
    net.load_state_dict(ckpt["state_dict"])
    net.eval()
    return net


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="checkpoint.pt of train.py or TorchScript .pt")
    p.add_argument("--spec", required=True, help="feature spec JSON")
    p.add_argument("--data", required=True, help="featurized .npz")
    p.add_argument("--out", required=True, help="scores, float32 .npy")
    p.add_argument("--ids", help="also write the row ids (.npy, unicode)")
    p.add_argument("--output", default="probability", choices=OUTPUTS,
                   help="what a TorchScript --model returns (default: probability)")
    p.add_argument("--batch-size", type=int, default=1024)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--limit", type=int, default=0, help="score only the first N rows")
    args = p.parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    spec = common.read_spec(args.spec)
    ids, _, fields = common.load_featurized(args.data, spec)
    if args.limit > 0:
        ids, fields = ids[:args.limit], [f[:args.limit] for f in fields]
    model = load_model(args.model, args.output)
    fields = [torch.from_numpy(f) for f in fields]
    n = len(ids)
    out = np.empty(n, dtype=np.float32)
    start = time.time()
    with torch.no_grad():
        for s in range(0, n, args.batch_size):
            batch = [f[s:s + args.batch_size] for f in fields]
            y = model(batch).reshape(-1)
            if y.dtype != torch.float32:
                sys.exit(f"the model returned {y.dtype}, the contract is float32")
            out[s:s + len(y)] = y.numpy()
    seconds = time.time() - start
    np.save(args.out, out, allow_pickle=False)
    if args.ids:
        common.save_ids(args.ids, ids)
    print(f"scored {n:,} rows in {seconds:.1f} s ({n / max(seconds, 1e-9):,.0f} rows/s, "
          f"{torch.get_num_threads()} threads): {args.out}")


if __name__ == "__main__":
    main()
