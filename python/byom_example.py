"""Bring your own model: a data scientist's OWN preprocessing, tables and PyTorch model.

Nothing here comes from deepscore: the raw data, the tokenizing, the mapping tables (token ->
index, made the way many tools make them: tokens in order of first appearance or shuffled, the
padding and unknown entries where that tool puts them, in three file formats) and the model. It is
the starting point of docs/pytorch.md "Bring your own model", whose three deepscore commands
(`vocab import`, `bundle`, `parity --raw`) take these files to a parity table.

    /usr/bin/python3 python/byom_example.py --out /tmp/byom [--rows 4000] [--seed 7]

Writes into --out:

  raw.jsonl           raw records, JSON lines (UTF-8): user_id, device, genres, tags, apps, label
  tables/device.txt   plain text, one token per line: <pad>, <unk>, then order of first appearance
  tables/genres.tsv   token<TAB>index<TAB>count, shuffled, [UNK] at index 2 and [PAD] at index 5
  tables/tags.json    JSON object token -> index, [UNK] = 1, padding 0 not listed (Keras style)
  tables/apps.json    JSON array (index = position): [UNK] at 0, [PAD] at 1, tokens by name
  model.pt            TorchScript: forward(device, genres, tags, apps), int64 [B, L] each -> [B]
  model.onnx          ONNX: inputs named device, genres, tags, apps; output "score"
  reference.tsv       user_id<TAB>score: the eager model's float32 probabilities (exact decimals)
  training.json       epochs, loss, rows

The preprocessing matches the spec specs/byom-example.json: tokens exactly as written (case,
spaces and punctuation kept: "normalize": "none"), tags split on "|", empty tokens dropped,
keep the first max_length tokens, pad with the table's padding index, unknown tokens to its
unknown index. Tables keep only tokens seen at least twice in the data, so some tokens are unknown.
"""

import argparse
import json
import os
import random
import sys
import warnings
from typing import Dict, List

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

FIELDS = ["device", "genres", "tags", "apps"]
MAX_LENGTHS = {"device": 1, "genres": 4, "tags": 6, "apps": 8}

DEVICES = ["iPhone 14 Pro", "iPhone 13", "Galaxy S23", "Galaxy A54", "小米 13", "华为 Mate 60",
           "Pixel 8", "OPPO Reno10", "Redmi Note 12", "vivo X90", "iPad Air", "galaxy s23"]
GENRES = ["Drama", "Sci-Fi", "Comedy", "Rock'n'Roll!", "動作", "Documentary", "K-Drama",
          "Anime (TV)", "drama", "Horror", "Romance", "  Jazz  "]
TAGS = ["new user", "VIP", "vip", "café", "北京", "night-owl", "2 kids", "weekend", "#cars",
        "price:high", "price:low", "Q&A"]
APPS = ["com.tencent.mm", "com.autohome", "com.ss.android.ugc.aweme", "com.taobao.taobao",
        "com.sina.weibo", "com.eg.android.AlipayGphone", "com.UCMobile", "tv.danmaku.bili",
        "com.xingin.xhs", "com.baidu.BaiduMap", "com.che168.autotradercloud", "com.bitauto.news"]


def raw_rows(n: int, rng: random.Random) -> List[dict]:
    """Raw records with skewed token frequencies, a few rare tokens, nulls and empty lists."""
    rows = []
    for i in range(n):
        def pick(vocab, rare):
            if rng.random() < 0.03:
                return f"{rare}-{rng.randrange(100000)}"  # seen once: not in the tables
            return vocab[min(int(rng.expovariate(0.35)), len(vocab) - 1)]

        device = None if rng.random() < 0.05 else pick(DEVICES, "Phone")
        genres = [pick(GENRES, "genre") for _ in range(rng.randrange(0, 7))]
        if genres and rng.random() < 0.1:
            genres.insert(rng.randrange(len(genres)), "")  # an empty element gives no token
        tags = "|".join(pick(TAGS, "tag") for _ in range(rng.randrange(0, 5)))
        apps = [pick(APPS, "com.rare") for _ in range(rng.randrange(0, 11))]
        score = (1.2 * ("Drama" in genres) + 0.8 * (device or "").startswith("iPhone")
                 + 0.6 * ("com.autohome" in apps) + 0.7 * ("price:high" in tags.split("|"))
                 - 1.5 + rng.gauss(0, 0.5))
        rows.append({"user_id": f"u{i:06d}", "device": device, "genres": genres,
                     "tags": tags if rng.random() > 0.05 else None, "apps": apps,
                     "label": int(score > 0)})
    return rows


def tokens_of(row: dict, field: str) -> List[str]:
    """Their preprocessing: exact tokens, tags split on '|', empty tokens dropped."""
    value = row[field]
    if value is None:
        return []
    if field == "device":
        return [value] if value else []
    if field == "tags":
        return [t for t in value.split("|") if t]
    return [t for t in value if t]


class Table:
    """A token -> index mapping with its padding and unknown indices."""

    def __init__(self, index: Dict[str, int], pad: int, unk: int):
        self.index, self.pad, self.unk = index, pad, unk
        self.size = max(list(index.values()) + [pad, unk]) + 1

    def encode(self, tokens: List[str], length: int) -> List[int]:
        ids = [self.index.get(t, self.unk) for t in tokens[:length]]
        return ids + [self.pad] * (length - len(ids))


def make_tables(rows: List[dict], out: str, rng: random.Random) -> Dict[str, Table]:
    """Tables of the tokens seen at least twice, written in four styles."""
    counts: Dict[str, Dict[str, int]] = {f: {} for f in FIELDS}
    for row in rows:
        for f in FIELDS:
            for t in tokens_of(row, f):
                counts[f][t] = counts[f].get(t, 0) + 1
    kept = {f: [t for t in counts[f] if counts[f][t] >= 2] for f in FIELDS}  # first appearance
    os.makedirs(os.path.join(out, "tables"), exist_ok=True)
    path = lambda name: os.path.join(out, "tables", name)  # noqa: E731

    device = ["<pad>", "<unk>"] + kept["device"]
    with open(path("device.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(t + "\n" for t in device))

    genres = list(kept["genres"])
    rng.shuffle(genres)
    genres[2:2] = ["[UNK]"]
    genres[5:5] = ["[PAD]"]
    with open(path("genres.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for i, t in enumerate(genres):
            f.write(f"{t}\t{i}\n" if t in ("[PAD]", "[UNK]") else f"{t}\t{i}\t{counts['genres'][t]}\n")

    tags = {"[UNK]": 1}
    for t in sorted(kept["tags"], reverse=True):
        tags[t] = len(tags) + 1
    with open(path("tags.json"), "w", encoding="utf-8") as f:
        json.dump(tags, f, ensure_ascii=False, indent=1)

    apps = ["[UNK]", "[PAD]"] + sorted(kept["apps"])
    with open(path("apps.json"), "w", encoding="utf-8") as f:
        json.dump(apps, f, ensure_ascii=False)

    return {
        "device": Table({t: i for i, t in enumerate(device) if i > 1}, 0, 1),
        "genres": Table({t: i for i, t in enumerate(genres) if t not in ("[PAD]", "[UNK]")},
                        genres.index("[PAD]"), genres.index("[UNK]")),
        "tags": Table({t: i for t, i in tags.items() if t != "[UNK]"}, 0, 1),
        "apps": Table({t: i for i, t in enumerate(apps) if i > 1}, 1, 0),
    }


def encode(rows: List[dict], tables: Dict[str, Table]) -> List[torch.Tensor]:
    return [torch.tensor([tables[f].encode(tokens_of(r, f), MAX_LENGTHS[f]) for r in rows],
                         dtype=torch.int64) for f in FIELDS]


class ByomNet(nn.Module):
    """Per field an embedding table, the mean over the non-padding tokens, an MLP, a sigmoid.

    ``forward`` takes the list of field tensors; ``pads`` are the tables' padding indices.
    """

    def __init__(self, vocab_sizes: List[int], pads: List[int], dim: int = 8, hidden: int = 16,
                 output: str = "probability"):
        super().__init__()
        self.vocab_sizes = list(vocab_sizes)
        self.pads = list(pads)
        self.probability = output == "probability"
        self.tables = nn.ParameterList(
            [nn.Parameter(torch.randn(v, dim) * 0.1) for v in vocab_sizes])
        self.mlp = nn.Sequential(nn.Linear(len(vocab_sizes) * dim, hidden), nn.ReLU(),
                                 nn.Linear(hidden, 1))

    def forward(self, fields: List[torch.Tensor]) -> torch.Tensor:
        pooled: List[torch.Tensor] = []
        for i, table in enumerate(self.tables):
            ids = fields[i]
            mask = (ids != self.pads[i]).to(table.dtype)
            count = torch.clamp(mask.sum(dim=1, keepdim=True), min=1.0)
            pooled.append((F.embedding(ids, table) * mask.unsqueeze(2)).sum(dim=1) / count)
        z = self.mlp(torch.cat(pooled, dim=1)).squeeze(1)
        return torch.sigmoid(z) if self.probability else z


class ByomExport(nn.Module):
    """The exported signature: one int64 [B, max_length] tensor per field, in the spec's order."""

    def __init__(self, net: ByomNet):
        super().__init__()
        self.net = net

    def forward(self, device: torch.Tensor, genres: torch.Tensor, tags: torch.Tensor,
                apps: torch.Tensor) -> torch.Tensor:
        return self.net([device, genres, tags, apps])


def train(net: ByomNet, inputs: List[torch.Tensor], labels: torch.Tensor, epochs: int,
          seed: int) -> List[float]:
    torch.manual_seed(seed)
    opt = torch.optim.Adam(net.parameters(), lr=0.02)
    losses = []
    n = labels.shape[0]
    for _ in range(epochs):
        order = torch.randperm(n)
        total = 0.0
        for start in range(0, n, 256):
            batch = order[start:start + 256]
            p = net([x[batch] for x in inputs])
            loss = F.binary_cross_entropy(p, labels[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss) * len(batch)
        losses.append(total / n)
    return losses


def export(net: ByomNet, inputs: List[torch.Tensor], torchscript: str, onnx: str,
           names: List[str] = FIELDS) -> None:
    """TorchScript and ONNX files of ``net`` whose inputs are named ``names`` (in that order)."""
    from model import with_field_arguments  # deepscore's generated-signature helper
    module = ByomExport(net) if names == FIELDS else with_field_arguments(net, names)
    if torchscript:
        torch.jit.script(module).save(torchscript)
    if onnx:
        example = tuple(x[:3] for x in inputs)
        with warnings.catch_warnings():  # torch 1.13's shape-inference notes about constants
            warnings.simplefilter("ignore")
            torch.onnx.export(module, example, onnx, input_names=names, output_names=["score"],
                              dynamic_axes={n: {0: "batch"} for n in names + ["score"]},
                              opset_version=13)


def build(out: str, rows: int, epochs: int, seed: int):
    """Writes every file of the example into ``out``; returns (net, inputs, tables)."""
    torch.set_num_threads(1)
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    data = raw_rows(rows, rng)
    with open(os.path.join(out, "raw.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for r in data:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    tables = make_tables(data, out, rng)
    inputs = encode(data, tables)
    labels = torch.tensor([r["label"] for r in data], dtype=torch.float32)

    torch.manual_seed(seed)
    net = ByomNet([tables[f].size for f in FIELDS], [tables[f].pad for f in FIELDS])
    losses = train(net, inputs, labels, epochs, seed)
    net.eval()
    with torch.no_grad():
        scores = net(inputs)
    with open(os.path.join(out, "reference.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("user_id\tscore\n")
        for r, s in zip(data, scores.tolist()):
            f.write(f"{r['user_id']}\t{s!r}\n")  # repr of the float32 value: exact
    export(net, inputs, os.path.join(out, "model.pt"), os.path.join(out, "model.onnx"))
    with open(os.path.join(out, "training.json"), "w", encoding="utf-8") as f:
        json.dump({"torch": torch.__version__, "epochs_run": epochs, "train_rows": len(data),
                   "loss": losses}, f, indent=1)
    print(f"{len(data)} rows, tables {[tables[f].size for f in FIELDS]}, loss {losses[-1]:.4f}"
          f" -> {out}")
    return net, inputs, tables


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int, default=4000)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    build(args.out, args.rows, args.epochs, args.seed)


if __name__ == "__main__":
    main()
