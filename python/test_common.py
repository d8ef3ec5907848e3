"""Unit tests of the Python helpers: /usr/bin/python3 -m unittest discover -s python"""

import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


class SplitHashTest(unittest.TestCase):
    # Values computed in Java: io.deepscore.features.HoldoutSplit.bucket(id)
    JAVA_BUCKETS = {
        "u0000001": 4889, "u0000002": 8995, "u0012345": 8069, "user-42": 8709, "": 8018,
        "\u00e9-\u00fc-\u65e5\u672c": 1535, "u9999999": 4880, "abc": 6965,
    }

    def test_buckets_match_java(self):
        for user_id, bucket in self.JAVA_BUCKETS.items():
            self.assertEqual(common.split_bucket(user_id), bucket, user_id)

    def test_parts(self):
        ids = np.array(list(self.JAVA_BUCKETS))
        parts = common.split_parts(ids)
        for i, user_id in enumerate(ids):
            b = self.JAVA_BUCKETS[user_id]
            self.assertEqual(parts[i], 1 if b < 1000 else 2 if b < 2000 else 0)


class AucTest(unittest.TestCase):
    def test_hand_computed_with_ties(self):
        # pairs (pos, neg): (0.8>0.3)=1, (0.8>0.5)=1, (0.5=0.5)=0.5, (0.5>0.3)=1 -> 3.5/4
        self.assertAlmostEqual(common.roc_auc([0.8, 0.5, 0.5, 0.3], [1, 1, 0, 0]), 0.875)

    def test_perfect_and_inverted(self):
        self.assertEqual(common.roc_auc([0.1, 0.9], [0, 1]), 1.0)
        self.assertEqual(common.roc_auc([0.9, 0.1], [0, 1]), 0.0)


if __name__ == "__main__":
    unittest.main()
