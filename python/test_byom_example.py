"""The example's own preprocessing: /usr/bin/python3 -m unittest discover -s python"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from byom_example import Table, tokens_of  # noqa: E402


class PreprocessingTest(unittest.TestCase):
    """The rules specs/byom-example.json declares to deepscore ("normalize": "none")."""

    def test_tokens_are_kept_as_written_and_empty_ones_dropped(self):
        row = {"device": "小米 13", "genres": ["Drama", "", "  Jazz  ", "drama"],
               "tags": "|VIP||price:high|", "apps": None}
        self.assertEqual(tokens_of(row, "device"), ["小米 13"])
        self.assertEqual(tokens_of(row, "genres"), ["Drama", "  Jazz  ", "drama"])
        self.assertEqual(tokens_of(row, "tags"), ["VIP", "price:high"])
        self.assertEqual(tokens_of(row, "apps"), [])
        self.assertEqual(tokens_of({"device": ""}, "device"), [])

    def test_encode_keeps_the_first_tokens_and_pads_with_the_tables_padding(self):
        table = Table({"Drama": 0, "Comedy": 3}, pad=5, unk=2)
        self.assertEqual(table.size, 6)
        self.assertEqual(table.encode(["Comedy", "drama"], 4), [3, 2, 5, 5])
        self.assertEqual(table.encode(["Drama"] * 6, 4), [0, 0, 0, 0])


if __name__ == "__main__":
    unittest.main()
