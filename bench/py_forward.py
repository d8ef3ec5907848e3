#!/usr/bin/python3
"""PyTorch-in-Python forward limit on pre-encoded rows, for bench/e2e.sh: the TorchScript file
deepscore scores with, batches of --batch-size, N processes x 1 torch thread (the Spark layout of
local[2]). Each process makes one untimed warm-up pass, then times --repeat passes; prints the
wall time and `throughput: X rows/s`, the steady-state rate (bench/e2e.sh reads that line).

    /usr/bin/python3 bench/py_forward.py --spec S --model model.pt --data enc.npz
"""
import argparse
import multiprocessing as mp
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import common  # noqa: E402


def run(model_path, fields, batch, repeat):
    import torch

    torch.set_num_threads(1)
    model = torch.jit.load(model_path, map_location="cpu")
    model.eval()
    tensors = [torch.from_numpy(f) for f in fields]
    n = tensors[0].shape[0]

    def one_pass():
        for s in range(0, n, batch):
            model(*[t[s: s + batch] for t in tensors])

    with torch.no_grad():
        one_pass()  # warm-up: TorchScript's profiling executor optimises on the first calls
        t0 = time.perf_counter()
        for _ in range(repeat):
            one_pass()
        secs = time.perf_counter() - t0
    return n * repeat, secs


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--spec", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True, help="featurize --format npz output")
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=1024)
    p.add_argument("--repeat", type=int, default=3, help="passes over the data per process")
    args = p.parse_args()
    spec = common.read_spec(args.spec)
    _, _, fields = common.load_featurized(args.data, spec)
    n = fields[0].shape[0]
    k = args.processes
    parts = [[f[i * n // k: (i + 1) * n // k] for f in fields] for i in range(k)]
    t0 = time.time()
    with mp.get_context("fork").Pool(k) as pool:
        results = pool.starmap(run, [(args.model, part, args.batch_size, args.repeat)
                                     for part in parts])
    secs = time.time() - t0
    rows = sum(r for r, _ in results)
    # The processes run side by side: their steady-state rates add up.
    steady = sum(r / s for r, s in results)
    print(f"py_forward: rows {rows} in {secs:.1f} s wall, with process start, model load and one"
          f" warm-up pass per process")
    print(f"throughput: {steady:,.0f} rows/s (steady state: the timed passes after the warm-up)")


if __name__ == "__main__":
    main()
