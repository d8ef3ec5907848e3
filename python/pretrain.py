"""Co-occurrence pretraining of the embedding tables (``train.py --pretrain-tables cooc``).

The method of the Java trainer (io.deepscore.model.network.TablePretraining and PretrainedTables,
docs/model.md round 4): item2vec, word2vec's skip-gram with negative sampling where the context of
a token is the other tokens of the same row's same field. Per epoch the rows in a seeded shuffled
order; per row the field's ids other than padding (0) and OOV (1), a repeated token once per
occurrence, each kept with word2vec's subsampling probability ``min(1, sqrt(t/f) + t/f)``
(t = 1e-4, f the token's share of the field's occurrences); per kept token ``contexts`` context
tokens drawn from the row's other kept tokens, each a positive pair plus ``negatives`` negatives
from the unigram distribution raised to 0.75; SGD on the logistic loss, the learning rate decaying
linearly from 0.025 to 1e-4 of it over the expected kept tokens. Then the seen tokens' mean vector
is subtracted (centring) and the seen rows are scaled to a root mean square entry of ``rms``.

Vectorised rather than one pair at a time: numpy draws every (center, context, negatives) of a
chunk of rows at once, and torch applies mini-batches of pairs to the [vocab, dim] input and output
matrices with ``index_add_``: the steps of one mini-batch are computed from the same matrices and
summed (as GPU word2vec does) instead of applied one after another. On the demo's fields that gives
the same vectors' figures for 1,024 or 4,096 pairs per mini-batch; a small vocabulary has each
token many times in one mini-batch, whose summed steps overshoot (20 tokens at 4,096 pairs
diverge), so a mini-batch holds at most a quarter of the seen tokens' count of pairs (min 16). Not bit-identical to Java (another RNG, batched updates); the same
method, and deterministic for a seed (numpy's PCG64, single-threaded index_add_).
"""

import time
from typing import List, NamedTuple

import numpy as np
import torch

FIRST_TOKEN = 2  # 0 is padding, 1 is OOV: neither is trained
LEARNING_RATE = 0.025  # word2vec's initial learning rate, as PretrainedTables
SUBSAMPLE = 1e-4  # word2vec's t for large corpora, as PretrainedTables
CHUNK_ROWS = 4096  # rows whose pairs numpy draws at once
BATCH_PAIRS = 4096  # at most, positive pairs (each with its negatives) per torch update
COSINE_PAIRS = 20_000


class Vectors(NamedTuple):
    """One field's centred vectors [vocab, dim] (unseen rows as drawn), which ids the training rows
    hold, the positive pairs trained on, the mean cosine of two tokens of one row and of two tokens
    drawn by frequency, and the seconds it took."""

    vectors: np.ndarray
    seen: np.ndarray
    pairs: int
    observed_cosine: float
    random_cosine: float
    seconds: float

    def scaled_to(self, rms: float) -> np.ndarray:
        """The vectors times one factor that makes the seen rows' root mean square entry ``rms``."""
        seen = self.vectors[self.seen].astype(np.float64)
        norm = np.sqrt((seen * seen).mean()) if seen.size else 0.0
        factor = rms / norm if norm > 0 else 0.0
        return (self.vectors * factor).astype(np.float32)


def _pairs(block, keep, contexts, done, planned, rng):
    """(centers, contexts, per-pair learning rate, kept tokens) of one chunk of rows [R, L]."""
    length = block.shape[1]
    kept = (block >= FIRST_TOKEN) & (rng.random(block.shape, dtype=np.float32) < keep[block])
    m = kept.sum(axis=1)
    # as Java: a row's tokens count as done before its pairs' learning rate is taken
    done_rows = done + np.cumsum(m)
    compact = np.take_along_axis(block, np.argsort(~kept, axis=1, kind="stable"), axis=1)
    is_center = (np.arange(length)[None, :] < m[:, None]) & (m[:, None] >= 2)
    rows, slots = np.nonzero(is_center)
    rows, slots = np.repeat(rows, contexts), np.repeat(slots, contexts)
    other = (rng.random(len(rows)) * (m[rows] - 1)).astype(np.int64)
    other += other >= slots  # any other kept token of the row, never the center itself
    lr = LEARNING_RATE * np.maximum(1e-4, 1.0 - done_rows[rows] / planned)
    return compact[rows, slots], compact[rows, other], lr.astype(np.float32), int(m.sum())


@torch.no_grad()
def _sgd(w_in, w_out, center, context, negative, lr):
    """One mini-batch of logistic SGD: the pair (center, context) labelled 1, the negatives 0 (a
    negative equal to the center or the context is skipped, as in Java)."""
    vc, uo, un = w_in[center], w_out[context], w_out[negative]  # [B, d], [B, d], [B, K, d]
    g_pos = (1.0 - torch.sigmoid((vc * uo).sum(1))) * lr
    skip = (negative == context[:, None]) | (negative == center[:, None])
    g_neg = -torch.sigmoid(torch.bmm(un, vc.unsqueeze(2)).squeeze(2)) * lr[:, None]
    g_neg = g_neg.masked_fill(skip, 0.0)
    grad_in = g_pos[:, None] * uo + (g_neg.unsqueeze(2) * un).sum(1)
    w_out.index_add_(0, context, g_pos[:, None] * vc)
    w_out.index_add_(0, negative.reshape(-1), (g_neg.unsqueeze(2) * vc.unsqueeze(1)).flatten(0, 1))
    w_in.index_add_(0, center, grad_in)


def _cosines(v, ids, seen, cdf, rng):
    """Mean cosine of two tokens of one sampled row, and of two tokens drawn from ``cdf``."""
    unit = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-30)
    tokens = (ids >= FIRST_TOKEN) & seen[ids]
    m = tokens.sum(axis=1)
    rows = np.flatnonzero(m >= 2)
    observed = 0.0
    if len(rows):
        rows = rows[rng.integers(0, len(rows), COSINE_PAIRS)]
        compact = np.take_along_axis(ids[rows], np.argsort(~tokens[rows], axis=1, kind="stable"), 1)
        a = rng.integers(0, m[rows])
        b = rng.integers(0, m[rows] - 1)
        b += b >= a
        pick = np.arange(len(rows))
        observed = float((unit[compact[pick, a]] * unit[compact[pick, b]]).sum(1).mean())
    x, y = (np.searchsorted(cdf, rng.random(COSINE_PAIRS), side="right") for _ in range(2))
    return observed, float((unit[x] * unit[y]).sum(1).mean())


def train_field(ids, vocab_size, dim, epochs=3, negatives=5, contexts=4, seed=1,
                subsample=SUBSAMPLE, batch_pairs=None):
    """Learns one field's vectors from ``ids`` (int [N, L], the training rows) by SGNS;
    ``batch_pairs`` defaults to a quarter of the seen tokens, between 16 and BATCH_PAIRS."""
    start = time.time()
    rng = np.random.default_rng(seed)
    ids = np.asarray(ids, dtype=np.int64)
    counts = np.bincount(ids[ids >= FIRST_TOKEN].ravel(), minlength=vocab_size)[:vocab_size]
    seen = counts > 0
    w_in = torch.zeros(vocab_size, dim)
    w_in[torch.from_numpy(seen)] = torch.from_numpy(
        ((rng.random((int(seen.sum()), dim)) - 0.5) / dim).astype(np.float32))
    w_out = torch.zeros(vocab_size, dim)
    total = counts.sum()
    if total == 0:
        return Vectors(w_in.numpy(), seen, 0, 0.0, 0.0, time.time() - start)
    f = counts / total
    ratio = subsample / np.maximum(f, 1e-300)
    keep = np.where(seen, np.minimum(1.0, np.sqrt(ratio) + ratio), 0.0).astype(np.float32)
    unigram = counts.astype(np.float64) ** 0.75
    cdf = np.cumsum(unigram / unigram.sum())
    cdf[-1] = 1.0
    if batch_pairs is None:
        batch_pairs = int(np.clip(seen.sum() // 4, 16, BATCH_PAIRS))
    planned = max(1.0, float((counts * keep).sum()) * epochs)
    done, pairs = 0.0, 0
    for _ in range(epochs):
        order = rng.permutation(len(ids))
        for s in range(0, len(order), CHUNK_ROWS):
            center, context, lr, kept = _pairs(ids[order[s:s + CHUNK_ROWS]], keep, contexts,
                                               done, planned, rng)
            done += kept
            negative = np.searchsorted(cdf, rng.random((len(center), negatives)), side="right")
            for b in range(0, len(center), batch_pairs):
                part = slice(b, b + batch_pairs)
                _sgd(w_in, w_out, torch.from_numpy(center[part]), torch.from_numpy(context[part]),
                     torch.from_numpy(negative[part]), torch.from_numpy(lr[part]))
            pairs += len(center)
    v = w_in.numpy()
    v[seen] -= v[seen].mean(axis=0)  # centring: see TablePretraining.center in Java
    observed, random = _cosines(v, ids, seen, cdf, np.random.default_rng(seed ^ 0x5DEECE66D))
    return Vectors(v, seen, pairs, observed, random, time.time() - start)


def pretrain_tables(tables, train_fields: List[np.ndarray], names, init_std, scale, epochs,
                    negatives, contexts, seed, log=print):
    """Starts each deep table from its field's pretrained vectors (seed * 31 + field, as Java):
    the seen rows scaled to RMS ``scale * init_std``; unseen tokens, padding, OOV and fields without
    pairs (one token per row) keep their init. Returns the per-field figures for training.json."""
    report = []
    for f, (table, ids, name) in enumerate(zip(tables, train_fields, names)):
        v = train_field(ids, table.shape[0], table.shape[1], epochs, negatives, contexts,
                        seed * 31 + f)
        rows = v.seen if v.pairs > 0 else np.zeros_like(v.seen)
        if rows.any():
            with torch.no_grad():
                table[torch.from_numpy(rows)] = torch.from_numpy(
                    v.scaled_to(scale * init_std)[rows])
        figures = {"field": name, "tokens": int(rows.sum()), "vocab_size": int(table.shape[0]),
                   "pairs": v.pairs, "cosine_same_row": v.observed_cosine,
                   "cosine_random": v.random_cosine, "seconds": v.seconds}
        log(f"pretrain cooc field {name}: {figures['tokens']:,} of {table.shape[0]:,} tokens, "
            f"{v.pairs:,} pairs, cosine same-row {v.observed_cosine:.3f} vs random "
            f"{v.random_cosine:.3f}, {v.seconds:.1f} s")
        report.append(figures)
    return report
