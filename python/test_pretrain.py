"""Unit tests of the co-occurrence pretraining (pretrain.py), on tiny inline data."""

import os
import sys
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pretrain  # noqa: E402
import train  # noqa: E402

VOCAB, DIM, LENGTH = 30, 8, 4
GROUP_A, GROUP_B = np.arange(2, 12), np.arange(12, 22)  # ids 22..29 never occur
# 20 tokens of 5% each: word2vec's t = 1e-4 would keep one token in 20
SMALL = {"subsample": 1e-2}


def two_groups(rows=3000, seed=0):
    """Rows of LENGTH tokens from one group only (some padding), so tokens of a group co-occur
    with each other and never with the other group's."""
    rng = np.random.default_rng(seed)
    groups = np.where(rng.random(rows)[:, None] < 0.5, GROUP_A, GROUP_B)
    ids = np.take_along_axis(groups, rng.integers(0, len(GROUP_A), (rows, LENGTH)), axis=1)
    ids[rng.random((rows, LENGTH)) < 0.2] = 0
    return ids


def mean_cosine(v, a, b):
    unit_a, unit_b = (v[x] / np.linalg.norm(v[x], axis=1, keepdims=True) for x in (a, b))
    cos = unit_a @ unit_b.T
    if a is b:
        return cos[~np.eye(len(a), dtype=bool)].mean()
    return cos.mean()


class PretrainTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ids = two_groups()
        cls.vectors = pretrain.train_field(cls.ids, VOCAB, DIM, epochs=3, seed=7, **SMALL)

    def test_tokens_of_a_group_end_closer_within_than_across(self):
        v = self.vectors.vectors
        within = (mean_cosine(v, GROUP_A, GROUP_A) + mean_cosine(v, GROUP_B, GROUP_B)) / 2
        across = mean_cosine(v, GROUP_A, GROUP_B)
        self.assertGreater(within, 0.5)
        self.assertLess(across, -0.3)
        self.assertGreater(self.vectors.observed_cosine, self.vectors.random_cosine + 0.3)
        self.assertGreater(self.vectors.pairs, 0)

    def test_deterministic_for_a_seed(self):
        again = pretrain.train_field(self.ids, VOCAB, DIM, epochs=3, seed=7, **SMALL)
        np.testing.assert_array_equal(again.vectors, self.vectors.vectors)
        self.assertEqual(again.pairs, self.vectors.pairs)
        other = pretrain.train_field(self.ids, VOCAB, DIM, epochs=3, seed=8, **SMALL)
        self.assertFalse(np.array_equal(other.vectors, self.vectors.vectors))

    def test_seen_tokens_are_centred_and_scaled_to_the_rms(self):
        seen = self.vectors.seen
        np.testing.assert_array_equal(np.flatnonzero(seen), np.arange(2, 22))
        np.testing.assert_allclose(self.vectors.vectors[seen].mean(axis=0), 0.0, atol=1e-6)
        scaled = self.vectors.scaled_to(0.2)[seen]
        self.assertAlmostEqual(float(np.sqrt((scaled.astype(np.float64) ** 2).mean())), 0.2,
                               places=5)

    def test_only_seen_rows_of_fields_with_pairs_are_replaced(self):
        torch.manual_seed(3)
        tables = [torch.nn.Parameter(torch.randn(VOCAB, DIM) * 0.1) for _ in range(2)]
        before = [t.detach().clone() for t in tables]
        one_per_row = np.full((500, 1), 5)  # a single token per row: no pairs
        report = pretrain.pretrain_tables(tables, [self.ids, one_per_row], ["a", "b"], 0.1, 2.0,
                                          1, 5, 4, seed=1, log=lambda line: None)
        self.assertEqual([r["tokens"] for r in report], [20, 0])
        self.assertEqual(report[1]["pairs"], 0)
        untouched = [0, 1] + list(range(22, VOCAB))  # padding, OOV, tokens no row holds
        torch.testing.assert_close(tables[0][untouched], before[0][untouched])
        torch.testing.assert_close(tables[1], before[1])
        changed = tables[0][2:22].detach().double()
        self.assertFalse(torch.allclose(changed.float(), before[0][2:22]))
        self.assertAlmostEqual(float(changed.pow(2).mean().sqrt()), 0.2, places=5)



class PretrainOptionsTest(unittest.TestCase):
    BASE = ["--spec", "s.json", "--vocab", "v", "--train", "t.npz", "--out", "o"]

    def test_bad_pretraining_options_are_refused(self):
        for bad in (["--pretrain-tables", "glove"], ["--pretrain-epochs", "0"],
                    ["--pretrain-negatives", "-1"], ["--pretrain-contexts", "0"],
                    ["--pretrain-scale", "0"], ["--pretrain-scale", "nan"],
                    ["--pretrain-scale", "inf"]):
            with self.subTest(bad=bad), self.assertRaises(SystemExit):
                train.parse_args(self.BASE + bad)

    def test_the_defaults_are_the_java_trainers(self):
        a = train.parse_args(self.BASE)
        self.assertEqual((a.pretrain_tables, a.pretrain_epochs, a.pretrain_negatives,
                          a.pretrain_contexts, a.pretrain_scale, a.batch_size),
                         ("cooc", 3, 5, 4, 2.0, 1024))

if __name__ == "__main__":
    unittest.main()
