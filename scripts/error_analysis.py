"""Where the model goes wrong on a corpus split: scores by hard-case tag and target, baselines, examples.

Real prose first: ``--origin real`` (the default) scores the real-prose rows, ``--origin synthetic`` the written part.

    python scripts/error_analysis.py corpora/policy-stance/judgments.jsonl --model models/policy-stance-minilm
    python scripts/error_analysis.py corpora/policy-stance/judgments.jsonl --origin synthetic
    python scripts/error_analysis.py corpora/policy-stance/judgments.jsonl --runtime onnx-int8   # and its agreement

Each system's macro-F1 comes with a 95% interval from resampling the split's documents, and the model's lead over
each other system with the interval of that difference on the same resamples (``stance.evaluate.bootstrap_macro_f1``).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from stance.baselines import KeywordBaseline, MajorityBaseline, TfidfBaseline
from stance.classify import StanceClassifier
from stance.evaluate import bootstrap_macro_f1, score
from stance.heldout import row_logits
from stance.judgments import read_judgments
from stance.types import LABELS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("judgments", type=Path)
    parser.add_argument("--model", default=None)
    parser.add_argument("--split", default="test")
    parser.add_argument("--origin", default="real", help="real, synthetic, or all")
    parser.add_argument(
        "--source", default=None, help="only documents whose id starts with this (sotu, ungdc: one source's rows)"
    )
    parser.add_argument("--examples", type=int, default=4, help="wrong examples to print per target")
    parser.add_argument(
        "--runtime", default="torch", help="the classifier's runtime (default torch: fp32, as metrics.json)"
    )
    parser.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples of the split's documents")
    args = parser.parse_args()
    rows = [
        r
        for r in read_judgments(args.judgments, split=args.split)
        if (args.origin == "all" or r.get("origin", "synthetic") == args.origin)
        and (args.source is None or r["doc_id"].startswith(args.source))
    ]
    train_rows = read_judgments(args.judgments, split="train")
    classifier = StanceClassifier(args.model, runtime=args.runtime).load()
    predicted = [LABELS[i] for i in row_logits(classifier, rows).argmax(axis=1)]
    gold = [r["label"] for r in rows]

    source = f", documents {args.source}*" if args.source else ""
    print(f"## {args.split} split, {args.origin} rows{source}: {len(rows)} judgments (runtime {classifier.runtime_})\n")
    if classifier.runtime_ != "torch":  # how far a faster runtime's labels stray from fp32's
        fp32 = row_logits(StanceClassifier(args.model, runtime="torch").load(), rows).argmax(axis=1)
        same = sum(LABELS[i] == label for i, label in zip(fp32, predicted))
        print(f"labels equal to fp32 (torch): {same} of {len(rows)} judgments ({same / len(rows):.2%})\n")
    print("| system | accuracy | macro-F1 | F_avg |\n|---|---|---|---|")
    systems = {
        "keyword rule": KeywordBaseline().predict(rows),
        "majority per target": MajorityBaseline().fit(train_rows).predict(rows),
        "TF-IDF + logistic regression per target": TfidfBaseline().fit(train_rows).predict(rows),
        "policy-stance model": predicted,
    }
    if classifier.tfidf_ is not None:  # what plain transformers reads: the encoder without the model's TF-IDF part
        encoder = StanceClassifier(args.model, tfidf=False, runtime=args.runtime).load()
        systems["its encoder alone (plain transformers)"] = [
            LABELS[i] for i in row_logits(encoder, rows).argmax(axis=1)
        ]
    for name, labels in systems.items():
        s = score(gold, labels)
        print(f"| {name} | {s['accuracy']:.3f} | {s['macro_f1']:.3f} | {s['f_avg']:.3f} |")

    intervals = bootstrap_macro_f1(
        gold, systems, [r["doc_id"] for r in rows], reference="policy-stance model", n_resamples=args.resamples
    )
    print(
        f"\n95% intervals from resampling the {intervals['n_groups']} documents ({args.resamples} resamples); the model's"
        " lead over each system on the same resamples:\n\n"
        "| system | macro-F1 [95% interval] | policy-stance model minus it [95% interval] |\n|---|---|---|"
    )
    for name, s in intervals["systems"].items():
        d = intervals["differences"].get(name)
        lead = f"{d['difference']:+.3f} [{d['low']:+.3f}, {d['high']:+.3f}]" if d else "–"
        print(f"| {name} | {s['macro_f1']:.3f} [{s['low']:.3f}, {s['high']:.3f}] | {lead} |")

    targets = [r["target"] for r in rows]
    print("\n| system | target | F1 favor | F1 against | F1 none | macro-F1 |\n|---|---|---|---|---|---|")
    for name in [n for n in ("policy-stance model", "its encoder alone (plain transformers)") if n in systems]:
        for target, m in score(gold, systems[name], targets=targets)["per_target"].items():
            f1 = {k: v["f1"] for k, v in m["labels"].items()}
            print(
                f"| {name} | {target} | {f1['favor']:.3f} | {f1['against']:.3f} | {f1['none']:.3f} "
                f"| {m['macro_f1']:.3f} |"
            )

    by_case: dict[str, list[bool]] = defaultdict(list)
    for row, label in zip(rows, predicted):
        for case in row.get("cases") or ["(untagged)"]:
            by_case[case].append(label == row["label"])
    print("\n| hard case (claim tag) | judgments | accuracy |\n|---|---|---|")
    for case, hits in sorted(by_case.items(), key=lambda item: sum(item[1]) / len(item[1])):
        print(f"| {case} | {len(hits)} | {sum(hits) / len(hits):.3f} |")

    confusions: dict[tuple[str, str], int] = defaultdict(int)
    for row, label in zip(rows, predicted):
        if label != row["label"]:
            confusions[(row["label"], label)] += 1
    print(
        "\nmost frequent errors (gold → predicted):",
        ", ".join(f"{g}→{p} {n}" for (g, p), n in sorted(confusions.items(), key=lambda x: -x[1])),
    )
    print()
    shown: dict[str, int] = defaultdict(int)
    for row, label in zip(rows, predicted):
        if label != row["label"] and row["label"] != "none" and shown[row["target"]] < args.examples:
            shown[row["target"]] += 1
            print(
                f"- {row['target']}: gold {row['label']}, predicted {label} "
                f"[{', '.join(row.get('cases') or [])}]: {row['text'][:150]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
