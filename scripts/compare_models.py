"""Two or more models on the same judgment rows: each one's macro-F1 with its 95% interval, and the first model's
lead over each other on the same resamples of documents (paired), with how many labels they share.

A design change is worth keeping only if its paired difference says so; one split's point estimates differ by a few
hundredths from seed to seed and sample to sample (README, "How sure these figures are"):

    python scripts/compare_models.py corpora/policy-stance/judgments.jsonl models/policy-stance-minilm OTHER_DIR
    python scripts/compare_models.py corpora/policy-stance/judgments.jsonl A B --split dev --origin synthetic
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stance.classify import StanceClassifier
from stance.evaluate import bootstrap_macro_f1
from stance.heldout import row_logits
from stance.judgments import read_judgments
from stance.types import LABELS


def compare_models(
    rows: list[dict], labels: dict[str, list[str]], *, n_resamples: int = 2000, seed: int = 0
) -> list[dict]:
    """One row per model: its macro-F1 and interval, the first model minus it with that interval, labels equal to
    the first model's. ``labels``: each model's predicted labels for ``rows``, the first model first."""
    first = next(iter(labels))
    result = bootstrap_macro_f1(
        [r["label"] for r in rows],
        labels,
        [r["doc_id"] for r in rows],
        reference=first,
        n_resamples=n_resamples,
        seed=seed,
    )
    table = []
    for name, predicted in labels.items():
        same = sum(a == b for a, b in zip(predicted, labels[first]))
        table.append(
            {
                "model": name,
                **result["systems"][name],
                "lead": result["differences"].get(name),
                "equal_labels": same,
                "n": len(rows),
            }
        )
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("judgments", type=Path)
    parser.add_argument("models", nargs="+", help="model directories; the first is the reference")
    parser.add_argument("--split", default="test")
    parser.add_argument("--origin", default="real", help="real, synthetic, or all")
    parser.add_argument("--resamples", type=int, default=2000)
    args = parser.parse_args(argv)
    if len(args.models) < 2:
        parser.error("give at least two model directories")
    rows = [
        r
        for r in read_judgments(args.judgments, split=args.split)
        if args.origin == "all" or r.get("origin", "synthetic") == args.origin
    ]
    labels = {
        model: [LABELS[i] for i in row_logits(StanceClassifier(model, runtime="torch").load(), rows).argmax(axis=1)]
        for model in args.models
    }
    table = compare_models(rows, labels, n_resamples=args.resamples)
    print(
        f"## {args.split} split, {args.origin} rows: {len(rows)} judgments, {args.resamples} resamples of documents\n"
    )
    print(f"| model | macro-F1 [95% interval] | {args.models[0]} minus it [95% interval] | labels equal to it |")
    print("|---|---|---|---|")
    for row in table:
        lead = row["lead"]
        shown = f"{lead['difference']:+.4f} [{lead['low']:+.4f}, {lead['high']:+.4f}]" if lead else "–"
        print(
            f"| {row['model']} | {row['macro_f1']:.4f} [{row['low']:.4f}, {row['high']:.4f}] | {shown} "
            f"| {row['equal_labels']} of {row['n']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
