"""Reading deepscore's files from Python (numpy only): spec, vocabularies, featurized .npz.

The featurized archive is written by ``deepscore featurize --format npz``: ``<id column>.npy``
(unicode), ``<label column>.npy`` (int32 [N], when the input had labels) and one int32
[N, max_length] array per field. Rows are in the order of the featurized Parquet.
"""

import json
import os
from typing import Dict, List, Tuple

import numpy as np

_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_MASK64 = (1 << 64) - 1
BUCKETS = 10_000


def read_spec(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    if spec.get("format_version") != 1:
        raise ValueError(f"{path}: format_version {spec.get('format_version')} is not 1")
    return spec


def field_names(spec: dict) -> List[str]:
    return [f["name"] for f in spec["fields"]]


def max_lengths(spec: dict) -> List[int]:
    return [int(f["max_length"]) for f in spec["fields"]]


def vocab_size(path: str) -> int:
    """The ``# size:`` header of a ``<field>.vocab`` file (the embedding table's row count)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("# "):
                break
            key, _, value = line[2:].rstrip("\n").partition(": ")
            if key == "size":
                return int(value)
    raise ValueError(f"{path}: no '# size:' header line; is it a deepscore vocabulary file?")


def vocab_sizes(spec: dict, vocab_dir: str) -> List[int]:
    return [vocab_size(os.path.join(vocab_dir, n + ".vocab")) for n in field_names(spec)]


def load_featurized(path: str, spec: dict) -> Tuple[np.ndarray, np.ndarray, List[np.ndarray]]:
    """(ids, labels or None, per field int64 [N, max_length]) from a featurize --format npz file."""
    with np.load(path, allow_pickle=False) as z:
        names = set(z.files)
        if spec["id_column"] not in names:
            raise ValueError(f"{path} has no id array '{spec['id_column']}'")
        ids = z[spec["id_column"]]
        label = spec.get("label_column")
        labels = z[label].astype(np.float32) if label and label in names else None
        fields = []
        for name, length in zip(field_names(spec), max_lengths(spec)):
            if name not in names:
                raise ValueError(f"{path} has no array '{name}' (arrays: {sorted(names)}); "
                                 "featurize it with the same spec")
            a = z[name]
            if a.ndim != 2 or a.shape[1] != length:
                raise ValueError(f"{path}: '{name}' has shape {a.shape}, the spec's max_length "
                                 f"is {length}")
            fields.append(a.astype(np.int64))
    return ids, labels, fields


def split_bucket(user_id: str) -> int:
    """io.deepscore.features.HoldoutSplit.bucket: FNV-1a 64 over UTF-8, (h >> 1) % 10000."""
    h = _FNV_OFFSET
    for b in user_id.encode("utf-8"):
        h = ((h ^ b) * _FNV_PRIME) & _MASK64
    return (h >> 1) % BUCKETS


def split_parts(ids: np.ndarray, valid: float = 0.1, test: float = 0.1) -> np.ndarray:
    """Per row 0 = train, 1 = valid, 2 = test, exactly as HoldoutSplit(valid, test).of(id)."""
    valid_buckets = int(round(valid * BUCKETS))
    test_buckets = int(round(test * BUCKETS))
    buckets = np.fromiter((split_bucket(str(i)) for i in ids), dtype=np.int64, count=len(ids))
    parts = np.zeros(len(ids), dtype=np.int8)
    parts[buckets < valid_buckets + test_buckets] = 2
    parts[buckets < valid_buckets] = 1
    return parts


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC with tied scores counted as half (the Mann-Whitney U statistic)."""
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels) > 0.5
    pos = int(labels.sum())
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    ranks = np.empty(len(scores), dtype=np.float64)
    n = len(scores)
    # average ranks (1-based) over runs of equal scores
    boundaries = np.flatnonzero(np.diff(sorted_scores)) + 1
    starts = np.concatenate(([0], boundaries))
    ends = np.concatenate((boundaries, [n]))
    for s, e in zip(starts, ends):
        ranks[order[s:e]] = (s + 1 + e) / 2.0
    rank_sum = ranks[labels].sum()
    return float((rank_sum - pos * (pos + 1) / 2.0) / (pos * neg))


def save_ids(path: str, ids: np.ndarray) -> None:
    np.save(path, np.asarray(ids).astype(str), allow_pickle=False)


def config_of(spec: dict, vocab_dir: str) -> Dict[str, object]:
    return {"fields": field_names(spec), "max_lengths": max_lengths(spec),
            "vocab_sizes": vocab_sizes(spec, vocab_dir)}
