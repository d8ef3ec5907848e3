#!/usr/bin/python3
"""Plain-Python end-to-end scorer, for comparison with `deepscore score` only (bench/e2e.sh).

What a competent Python engineer would write instead of deepscore: read raw JSON lines, apply the
spec's normalisation (NFKC, lower-case, trim, collapse whitespace), tokenizers and vocabularies,
pad with numpy, run the TorchScript model, write one `id<TAB>score` line per user. N worker
processes (default 2) x 1 torch thread each, files dealt round-robin. Rows it cannot encode (no
id, a required field missing) are counted and skipped. The ids of each distinct raw value are
memoised per field (app and device names repeat across users) and white space is handled by
str.split(), whose white space is exactly the spec's: the script is meant to be a fair opponent,
not a slow one. bench/e2e.sh checks its scores against deepscore's with `deepscore parity`.

    /usr/bin/python3 bench/py_score.py --spec S --vocab DIR --model model.pt --input DIR --out DIR
"""
import argparse
import glob
import gzip
import json
import multiprocessing as mp
import os
import re
import sys
import time
import unicodedata

import numpy as np

SPACES = set("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85")
PIECE_STRIP = "".join(SPACES) + " \u00a0\u3000"
CACHE_ENTRIES = 1 << 20  # per field and process: bounded memory


def is_space(c):
    return c in SPACES or unicodedata.category(c) in ("Zs", "Zl", "Zp")


def read_vocab(path):
    header, tokens = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# ") and not tokens:
                k, _, v = line[2:].rstrip("\n").partition(": ")
                header[k] = v
                continue
            tok = line.rstrip("\n").rsplit("\t", 1)[0]
            tokens.append(tok.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r")
                          .replace("\\\\", "\\"))
    pad = int(header.get("pad_id", 0))
    unk = int(header.get("unknown_id", 1))
    table = {t: i for i, t in enumerate(tokens) if i not in (pad, unk)}
    return table, pad, unk


class Field:
    def __init__(self, spec, vocab_dir):
        self.column = spec["column"]
        self.multi = spec.get("kind", "single") == "multi"
        n = spec.get("normalize", {})
        if n == "none":
            n = {"nfkc": False, "lowercase": False, "trim": False, "collapse_spaces": False}
        self.nfkc = n.get("nfkc", True)
        self.lower = n.get("lowercase", True)
        self.trim = n.get("trim", True)
        self.collapse = n.get("collapse_spaces", True)
        tok = spec.get("tokenizer", {"type": "whole"})
        self.kind = tok["type"]
        pattern = tok.get("pattern")
        if self.kind == "regex":
            # Python's re has no \p{..}: letters and digits are [^\W_]
            pattern = pattern.replace(r"[^\p{L}\p{N}]+", r"[\W_]+")
            self.regex = re.compile(pattern)
        self.delimiter = pattern
        self.max_length = spec["max_length"]
        self.most_frequent = spec.get("truncation", "keep_first") == "keep_most_frequent"
        self.required = spec.get("required", False)
        self.table, self.pad, self.unk = read_vocab(os.path.join(vocab_dir, spec["name"] + ".vocab"))
        self.cache = {}

    def normalize(self, s):
        if self.nfkc and not s.isascii():
            s = unicodedata.normalize("NFKC", s)
        if self.lower:
            s = s.lower()
        if self.trim and self.collapse:
            # str.split() splits on exactly the spec's white space (SPACES and Zs/Zl/Zp): C speed
            return " ".join(s.split())
        if self.trim:
            return s.strip()
        if self.collapse:
            out, prev = [], False
            for c in s:
                if is_space(c):
                    if not prev:
                        out.append(" ")
                    prev = True
                else:
                    out.append(c)
                    prev = False
            s = "".join(out)
        return s

    def pieces(self, s):
        s = self.normalize(s)
        if not s:
            return []
        if self.kind == "whole":
            return [s]
        parts = s.split(self.delimiter) if self.kind == "delimiter" else self.regex.split(s)
        if self.trim:
            parts = [p.strip(PIECE_STRIP) for p in parts]
        return [p for p in parts if p]

    def ids(self, v):
        """The ids of one raw value, memoised: app and device names repeat across users."""
        ids = self.cache.get(v)
        if ids is None:
            if len(self.cache) >= CACHE_ENTRIES:
                self.cache.clear()
            ids = [self.table.get(t, self.unk) for t in self.pieces(v)]
            self.cache[v] = ids
        return ids

    def encode(self, value, out):
        """Writes max_length ids into out (a numpy row); False when the row must be skipped."""
        if value is None:
            if self.required:
                return False
            out[:] = self.pad
            return True
        values = value if self.multi else [value]
        ids, cache = [], self.cache
        for v in values:
            if v is not None:
                known = cache.get(v)
                ids.extend(known if known is not None else self.ids(v))
        n = self.max_length
        if len(ids) > n:
            if self.most_frequent:
                rank = [(1 << 31) if i == self.unk else i for i in ids]
                keep = sorted(sorted(range(len(ids)), key=rank.__getitem__)[:n])
                ids = [ids[k] for k in keep]
            else:
                ids = ids[:n]
        out[: len(ids)] = ids
        out[len(ids):] = self.pad
        return True


def score_files(args, files, out_path):
    import torch

    torch.set_num_threads(1)
    spec = json.load(open(args.spec, encoding="utf-8"))
    fields = [Field(f, args.vocab) for f in spec["fields"]]
    id_col = spec["id_column"]
    model = torch.jit.load(args.model, map_location="cpu")
    model.eval()
    b = args.batch_size
    arrays = [np.zeros((b, f.max_length), dtype=np.int64) for f in fields]
    ids, scored, skipped = [], 0, 0
    with open(out_path, "w", encoding="utf-8") as out, torch.no_grad():

        def flush():
            nonlocal scored
            n = len(ids)
            if n == 0:
                return
            probs = model(*[torch.from_numpy(a[:n]) for a in arrays]).numpy()
            out.writelines(f"{i}\t{p:.9g}\n" for i, p in zip(ids, probs))
            scored += n
            ids.clear()

        for path in files:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as f:
                for line in f:
                    try:
                        rec = json.loads(line)
                    except ValueError:
                        skipped += 1
                        continue
                    uid = rec.get(id_col)
                    r = len(ids)
                    if uid is None or not all(
                        fl.encode(rec.get(fl.column), arrays[k][r]) for k, fl in enumerate(fields)
                    ):
                        skipped += 1
                        continue
                    ids.append(str(uid))
                    if len(ids) == b:
                        flush()
        flush()
    return scored, skipped


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--spec", required=True)
    p.add_argument("--vocab", required=True)
    p.add_argument("--model", required=True, help="TorchScript file returning probabilities")
    p.add_argument("--input", required=True, help="directory of JSON lines files")
    p.add_argument("--out", required=True, help="output directory (one TSV per process)")
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=1024)
    args = p.parse_args()
    files = sorted(f for f in glob.glob(os.path.join(args.input, "*"))
                   if re.search(r"\.(json|jsonl|ndjson)(\.gz)?$", f))
    if not files:
        sys.exit(f"py_score: no JSON lines files in {args.input}")
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    chunks = [files[i:: args.processes] for i in range(args.processes)]
    with mp.get_context("fork").Pool(args.processes) as pool:
        results = pool.starmap(score_files, [(args, c, os.path.join(args.out, f"part-{i}.tsv"))
                                             for i, c in enumerate(chunks) if c])
    scored = sum(r[0] for r in results)
    skipped = sum(r[1] for r in results)
    secs = time.time() - t0
    print(f"py_score: scored {scored} skipped {skipped} in {secs:.1f} s "
          f"({scored / max(secs, 1e-9):.0f} rows/s)")


if __name__ == "__main__":
    main()
