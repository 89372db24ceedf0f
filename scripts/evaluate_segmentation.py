"""Score segmentation on the corpus: the claim/non-claim decision and claim boundaries.

For every document in ``documents.jsonl``: each annotated non-claim line (headline, byline, dateline, photo credit,
section label, bio, republication) should produce no claim, and each annotated claim should be found with exactly
its boundaries (a claim the segmenter splits into clauses counts as found if the pieces tile it).

    python scripts/evaluate_segmentation.py corpora/policy-stance/documents.jsonl [--nlp blank]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from stance.segment import DEFAULT_PIPELINE, Segmenter
from stance.types import Document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", type=Path)
    parser.add_argument("--nlp", default=DEFAULT_PIPELINE)
    parser.add_argument("--split", nargs="*", default=None, help="only documents of these splits (default: all)")
    parser.add_argument("--show", type=int, default=15, help="how many leaked non-claims to print")
    args = parser.parse_args()
    segmenter = Segmenter(args.nlp)
    leaked: Counter[str] = Counter()
    total_non_claims: Counter[str] = Counter()
    gold_claims = found_exact = found_tiled = predicted = 0
    examples = []
    started = time.perf_counter()
    for line in args.documents.open():
        record = json.loads(line)
        if args.split and record["split"] not in args.split:
            continue
        text = record["text"]
        claims = segmenter(Document(record["id"], text))
        predicted += len(claims)
        spans = {(c.start, c.end) for c in claims}
        for item in record["non_claims"]:
            total_non_claims[item["kind"]] += 1
            if any(c.start < item["end"] and c.end > item["start"] for c in claims):
                leaked[item["kind"]] += 1
                examples.append(f"{item['kind']}: {text[item['start'] : item['end']][:80]!r}")
        for gold in record["claims"]:
            gold_claims += 1
            start, end = gold["start"], gold["end"]
            inside = sorted(c for c in spans if c[0] >= start and c[1] <= end)
            if (start, end) in spans:
                found_exact += 1
            if inside and inside[0][0] == start and inside[-1][1] == end:
                found_tiled += 1
            elif not inside:
                examples.append(f"missed claim: {text[start:end][:80]!r}")
    elapsed = time.perf_counter() - started
    print(f"pipeline {args.nlp}: {elapsed:.1f} s")
    print(f"non-claim lines producing a claim: {sum(leaked.values())} of {sum(total_non_claims.values())}")
    for kind, n in total_non_claims.most_common():
        print(f"  {kind:14} {leaked[kind]:4d} / {n}")
    print(f"gold claims found with exact boundaries: {found_exact} / {gold_claims} ({found_exact / gold_claims:.1%})")
    print(f"gold claims found, allowing clause splits: {found_tiled} / {gold_claims} ({found_tiled / gold_claims:.1%})")
    print(f"predicted claims: {predicted}")
    for example in examples[: args.show]:
        print(" ", example)
    return 0


if __name__ == "__main__":
    sys.exit(main())
