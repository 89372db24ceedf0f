"""What each part of the corpus and each design change adds, scored on real prose first.

Trains the default recipe on the corpus train split restricted to some origins (``synthetic``, ``real`` or both) and with
design changes aimed at real prose, then scores every model on the real-prose dev and test splits and on the synthetic
test split, beside the keyword rule, the majority label and TF-IDF + logistic regression (trained on the same train
split, both origins). Calibration (temperature and `none` offsets) is fitted on the real dev split for every model, so
the rows differ only in training data or design. Each run prints a line; the last line is a JSON summary::

    python scripts/ablate_real_prose.py corpora/policy-stance/judgments.jsonl --out out/ablation \\
        --runs synthetic real both both-real3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

from stance.baselines import KeywordBaseline, MajorityBaseline, TfidfBaseline
from stance.calibrate import NONE, fit_none_offsets
from stance.classify import StanceClassifier
from stance.evaluate import score
from stance.heldout import row_logits
from stance.judgments import read_judgments
from stance.targets import load_targets
from stance.train import train
from stance.training_args import TrainingConfig, parse_changes
from stance.types import LABELS

RUNS = {  # name: (origins trained on, changes to the default recipe)
    "synthetic": ({"synthetic"}, {}),
    "real": ({"real"}, {}),
    "both": ({"synthetic", "real"}, {}),
    "both-real3": ({"synthetic", "real"}, {"real_repeats": 3}),
    "both-unbalanced": ({"synthetic", "real"}, {"balance_labels": False}),
    "both-context": ({"synthetic", "real"}, {"context": True}),
    "both-context-real3": ({"synthetic", "real"}, {"context": True, "real_repeats": 3}),
}
PARTS = (("real", "dev"), ("real", "test"), ("synthetic", "dev"), ("synthetic", "test"))


def _cpu() -> str:
    """The CPU's model name and its widest vector and matrix units, since training time depends on them."""
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    name = next(
        (line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")),
        platform.machine(),
    )
    units = [unit for unit in ("avx2", "avx512f", "avx512_bf16", "amx_tile") if f" {unit}" in info]
    return f"{name} ({', '.join(units) or 'no AVX2'}; {os.cpu_count()} CPUs)"


def _parts(rows: list[dict]) -> dict[str, list[dict]]:
    return {
        f"{origin} {split}": [r for r in rows if r.get("origin") == origin and r["split"] == split]
        for origin, split in PARTS
    }


def _brief(gold: list[str], predicted: list[str]) -> dict[str, float]:
    s = score(gold, predicted)
    return {"macro_f1": round(s["macro_f1"], 4), "f_avg": round(s["f_avg"], 4), "accuracy": round(s["accuracy"], 4)}


def _score_model(model_dir: Path, parts: dict[str, list[dict]]) -> dict[str, dict]:
    """Scores without `none` offsets and with offsets fitted (by the package's current rule) on the real dev split.

    The offsets saved in the model are taken out first, so models trained before a change of the rule score alike.
    """
    classifier = StanceClassifier(model_dir, runtime="torch").load()  # fp32, as the builds score themselves
    saved = json.loads((model_dir / "calibration.json").read_text()).get("none_offsets", {})
    raw = {}
    for name, rows in parts.items():
        logits = row_logits(classifier, rows)  # a context model reads each row's "context"
        logits[:, NONE] -= np.array([saved.get(r["target"], 0.0) for r in rows])
        raw[name] = logits
    dev = parts["real dev"]
    offsets = fit_none_offsets(raw["real dev"], [r["label"] for r in dev], [r["target"] for r in dev])
    result: dict[str, dict] = {"with offsets": {}, "without offsets": {}, "offsets": offsets}
    for name, rows in parts.items():
        gold = [r["label"] for r in rows]
        result["without offsets"][name] = _brief(gold, [LABELS[i] for i in raw[name].argmax(axis=1)])
        shifted = raw[name].copy()
        shifted[:, NONE] += np.array([offsets[r["target"]] for r in rows])
        result["with offsets"][name] = _brief(gold, [LABELS[i] for i in shifted.argmax(axis=1)])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("judgments", type=Path)
    parser.add_argument("--out", type=Path, default=Path("out/ablation"))
    parser.add_argument("--runs", nargs="+", choices=sorted(RUNS), default=["synthetic", "real", "both"])
    parser.add_argument("--epochs", type=float, default=TrainingConfig.epochs)
    parser.add_argument("--seed", type=int, default=TrainingConfig.seed)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="change a TrainingConfig field for every run (e.g. --set encoder_layers=3); the run is named with it",
    )
    parser.add_argument("--rescore", action="store_true", help="score the runs' existing models without retraining")
    args = parser.parse_args()
    rows = read_judgments(args.judgments)
    train_rows = [r for r in rows if r["split"] == "train"]
    dev_rows = [r for r in rows if r["split"] == "dev"]
    parts = _parts(rows)
    results: dict = {"cpu": _cpu(), "sizes": {k: len(v) for k, v in parts.items()}, "baselines": {}, "runs": {}}
    baselines = {
        "keyword rule": KeywordBaseline(),
        "majority per target": MajorityBaseline().fit(train_rows),
        "TF-IDF + LR (train, both origins)": TfidfBaseline().fit(train_rows),
    }
    for name, baseline in baselines.items():
        results["baselines"][name] = {
            p: _brief([r["label"] for r in part], baseline.predict(part)) for p, part in parts.items()
        }
        print(name, json.dumps(results["baselines"][name]), flush=True)
    previous = (
        json.loads((args.out / "ablation.json").read_text())["runs"] if (args.out / "ablation.json").exists() else {}
    )
    results["runs"].update(previous)  # runs measured earlier into the same folder stay in the summary
    try:
        overrides = parse_changes(args.set)
    except ValueError as err:
        raise SystemExit(f"--set {err}") from err
    suffix = "".join(f" {k}={v}" for k, v in overrides.items())
    if args.epochs != TrainingConfig.epochs:  # runs of other lengths are other runs
        suffix += f" epochs={args.epochs:g}"
    for run in args.runs:
        origins, changes = RUNS[run]
        changes = {**changes, **overrides}
        name = run + suffix
        config = TrainingConfig(epochs=args.epochs, seed=args.seed, **changes)
        started = time.perf_counter()
        if not args.rescore:
            train(
                [r for r in train_rows if r.get("origin") in origins],
                args.out / name.replace(" ", "_"),
                config=config,
                targets=load_targets(),
                dev_rows=dev_rows,
                progress=False,
            )
        seconds = (
            round(time.perf_counter() - started, 1) if not args.rescore else previous.get(name, {}).get("train_seconds")
        )
        results["runs"][name] = {
            "train_seconds": seconds,
            "config": changes,
            "epochs": config.epochs,
            "seed": config.seed,
            **_score_model(args.out / name.replace(" ", "_"), parts),
        }
        print(name, json.dumps(results["runs"][name]), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ablation.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
