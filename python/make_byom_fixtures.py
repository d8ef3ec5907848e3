"""The fixture of the bring-your-own-model tests: a small run of byom_example.py plus models that
break the contract in the ways `deepscore bundle` must catch.

    /usr/bin/python3 python/make_byom_fixtures.py [OUT_DIR]

OUT_DIR defaults to deepscore-model/src/test/resources/byom. Writes there the example's files for
300 rows (raw.jsonl, tables/, model.pt, model.onnx, reference.tsv, training.json), the spec
specs/byom-example.json as spec.json, and in bad/:

  renamed.pt, renamed.onnx   inputs named a, b, c, d (unrelated to the fields: a warning)
  swapped.pt, swapped.onnx   the field names in another order (refused)
  small-tags.pt, .onnx       an embedding table for 'tags' one row smaller than its table (refused)
  logit.pt                   returns logits far outside [0, 1] (refused as 'probability')
"""

import os
import shutil
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from byom_example import FIELDS, ByomNet, build, export  # noqa: E402


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "deepscore-model", "src", "test", "resources", "byom")
    net, inputs, tables = build(out, rows=300, epochs=2, seed=5)
    shutil.copy(os.path.join(root, "specs", "byom-example.json"), os.path.join(out, "spec.json"))
    bad = os.path.join(out, "bad")
    os.makedirs(bad, exist_ok=True)
    sizes = [tables[f].size for f in FIELDS]
    pads = [tables[f].pad for f in FIELDS]

    for name, names in (("renamed", ["a", "b", "c", "d"]),
                        ("swapped", ["genres", "device", "tags", "apps"])):
        export(net, inputs, os.path.join(bad, name + ".pt"), os.path.join(bad, name + ".onnx"),
               names=names)

    torch.manual_seed(1)
    small = ByomNet([s - 1 if f == "tags" else s for f, s in zip(FIELDS, sizes)], pads)
    small.eval()
    # the example inputs must fit the smaller table, or the ONNX trace itself fails
    fitting = [x.clamp(max=s - 2) for x, s in zip(inputs, sizes)]
    export(small, fitting, os.path.join(bad, "small-tags.pt"), os.path.join(bad, "small-tags.onnx"))

    logit = ByomNet(sizes, pads, output="logit")
    with torch.no_grad():
        logit.mlp[-1].bias.fill_(6.0)  # every logit far above 1
    logit.eval()
    export(logit, inputs, os.path.join(bad, "logit.pt"), None)
    print("byom fixture written to", out)


if __name__ == "__main__":
    main()
