"""Train and evaluate our recipe and the baselines on the shared benchmarks; write a results table.

Never trains or tunes on a test split: models train on `train`, calibrate on `val` where there is one, and are scored
once on `test`. Datasets that are absent are skipped.

    python scripts/benchmark_stance.py ../shared/benchmarks --out out/benchmarks [--sets tweeteval_stance ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from stance.baselines import MajorityBaseline, TfidfBaseline
from stance.evaluate import score
from stance.heldout import evaluate_rows
from stance.judgments import read_judgments
from stance.model_card import add_benchmark_rows
from stance.train import train
from stance.training_args import TrainingConfig

SETS = {
    # name: (file, dev split, headline metric)
    "tweeteval_stance": ("tweeteval_stance.jsonl", "val", "f_avg"),
    "ukp_sentential_am": ("ukp_sentential_am.jsonl", "val", "macro_f1"),
    "ibm_claim_stance": ("ibm_claim_stance.jsonl", None, "accuracy"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("benchmarks", type=Path)
    parser.add_argument("--out", type=Path, default=Path("out/benchmarks"))
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--skip-model", action="store_true", help="baselines only (the model takes minutes per set)")
    parser.add_argument("--epochs", type=float, default=TrainingConfig.epochs)
    parser.add_argument(
        "--seeds",
        type=int,
        nargs="+",
        default=[TrainingConfig.seed],
        help="train our recipe once per seed; the table adds mean and standard deviation",
    )
    parser.add_argument(
        "--card",
        type=Path,
        default=None,
        help="a model directory: add these results to its benchmarks.json and re-render its card",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for name in args.sets:
        file, dev_split, metric = SETS[name]
        path = args.benchmarks / name / file
        if not path.exists():
            print(f"skip {name}: {path} not found", file=sys.stderr)
            continue
        train_rows = read_judgments(path, split="train")
        dev_rows = read_judgments(path, split=dev_split) if dev_split else None
        test_rows = read_judgments(path, split="test")
        gold = [r["label"] for r in test_rows]
        targets = [r["target"] for r in test_rows]
        for system in (MajorityBaseline(), TfidfBaseline()):
            started = time.perf_counter()
            predicted = system.fit(train_rows).predict(test_rows)
            results.append(
                _row(
                    name,
                    type(system).__name__,
                    metric,
                    score(gold, predicted, targets=targets),
                    time.perf_counter() - started,
                )
            )
        # Test topics unseen in training (IBM's cross-topic split) need the pair architecture, which reads the target.
        unseen = {r["target"] for r in test_rows} - {r["target"] for r in train_rows}
        architecture = "pair" if unseen else "heads"
        if args.skip_model:
            continue
        for seed in args.seeds:
            started = time.perf_counter()
            config = TrainingConfig(epochs=args.epochs, seed=seed, architecture=architecture)
            classifier = train(train_rows, args.out / f"model-{name}", config=config, dev_rows=dev_rows, progress=False)
            kind = "(target, claim) pairs" if architecture == "pair" else "per-target heads"
            results.append(
                _row(
                    name,
                    f"policy-stance recipe (MiniLM-L6, {kind}), seed {seed}",
                    metric,
                    evaluate_rows(classifier, test_rows),
                    time.perf_counter() - started,
                )
            )
            print(json.dumps(results[-1]), file=sys.stderr)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print("| dataset | system | metric | test | macro-F1 | F_avg | accuracy | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['dataset']} | {r['system']} | {r['metric']} | {100 * r['value']:.2f} | {100 * r['macro_f1']:.2f} | "
            f"{100 * r['f_avg']:.2f} | {100 * r['accuracy']:.2f} | {r['seconds']:.0f} |"
        )
    if args.card is not None:
        add_benchmark_rows(args.card, [{**r, "source": "benchmark_stance.py"} for r in results])
    for name in args.sets:
        values = [r["value"] for r in results if r["dataset"] == name and ", seed " in r["system"]]
        if len(values) > 1:
            print(
                f"{name}: our recipe over {len(values)} seeds: mean {100 * statistics.mean(values):.2f}, "
                f"sd {100 * statistics.stdev(values):.2f}, min {100 * min(values):.2f}, max {100 * max(values):.2f}"
            )
    return 0


def _row(dataset: str, system: str, metric: str, result: dict, seconds: float) -> dict:
    return {
        "dataset": dataset,
        "system": system,
        "metric": metric,
        "value": result[metric],
        "macro_f1": result["macro_f1"],
        "f_avg": result["f_avg"],
        "accuracy": result["accuracy"],
        "seconds": round(seconds, 1),
    }


if __name__ == "__main__":
    sys.exit(main())
