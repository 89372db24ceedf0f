"""Stance toward unseen motions: the pair recipe, with intermediate training on IBM ArgQ-30k, scored on IBM claim stance.

A (motion, claim) pair model trained only on IBM claim stance's 1,039 training pairs (25 motions) scores at chance on
its 30 unseen test motions. This script measures one lever: first train the pair model on ArgQ-30k's training
arguments (49 other motions; any motion that also appears among IBM claim stance's test motions is left out, so those
stay unseen), pick nothing on a test split (ArgQ's `val` motions are the dev set), then fine-tune on IBM claim stance's
train split and score its test split once.

    python scripts/benchmark_cross_topic.py ../shared/benchmarks --out out/cross-topic [--argq-rows 12000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

from stance.judgments import read_judgments
from stance.train import evaluate_rows, train
from stance.training_args import TrainingConfig

_FILLER = {"this", "house", "we", "should", "believes", "that", "the", "would", "of", "a", "to", "be", "in", "and"}


def motion_words(motion: str) -> set[str]:
    return set(re.findall(r"[a-z]+", motion.lower())) - _FILLER


def same_motion(a: str, b: str) -> bool:
    """Two phrasings of one motion ("We should abolish X" / "This house would abolish X"): Jaccard > 0.5 on content words."""
    x, y = motion_words(a), motion_words(b)
    return len(x & y) / max(1, len(x | y)) > 0.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("benchmarks", type=Path)
    parser.add_argument("--out", type=Path, default=Path("out/cross-topic"))
    parser.add_argument("--argq-rows", type=int, default=12000, help="ArgQ training arguments to use (CPU time)")
    parser.add_argument("--seed", type=int, default=TrainingConfig.seed)
    args = parser.parse_args()
    argq_file = args.benchmarks / "ibm_argq30k_stance" / "ibm_argq30k_stance.jsonl"
    ibm_file = args.benchmarks / "ibm_claim_stance" / "ibm_claim_stance.jsonl"
    for file in (argq_file, ibm_file):
        if not file.exists():
            print(f"{file} not found", file=sys.stderr)
            return 1
    args.out.mkdir(parents=True, exist_ok=True)
    ibm_train, ibm_test = read_judgments(ibm_file, split="train"), read_judgments(ibm_file, split="test")
    test_motions = {r["target"] for r in ibm_test}
    argq_train = read_judgments(argq_file, split="train")
    left_out = sorted({r["target"] for r in argq_train if any(same_motion(r["target"], m) for m in test_motions)})
    argq_train = [r for r in argq_train if r["target"] not in left_out]
    random.Random(args.seed).shuffle(argq_train)
    argq_train = argq_train[: args.argq_rows]
    argq_val = read_judgments(argq_file, split="val")
    results: dict[str, object] = {"left_out_argq_motions": left_out, "argq_train_rows": len(argq_train)}

    # Stage 1: many motions, many arguments. lr and epochs are the usual cross-encoder settings, not tuned here.
    started = time.perf_counter()
    stage1 = TrainingConfig(architecture="pair", epochs=1, learning_rate=5e-5, seed=args.seed)
    model = train(argq_train, args.out / "pair-argq", config=stage1, dev_rows=argq_val, progress=False)
    results["argq_val"] = _brief(evaluate_rows(model, argq_val))
    results["ibm_test_after_argq_only"] = _brief(evaluate_rows(model, ibm_test))
    results["stage1_seconds"] = round(time.perf_counter() - started)
    print(json.dumps(results), file=sys.stderr)

    # Stage 2: IBM claim stance's own training motions, starting from stage 1.
    started = time.perf_counter()
    stage2 = TrainingConfig(architecture="pair", epochs=3, learning_rate=5e-5, seed=args.seed,
                            base_model=str(args.out / "pair-argq"))
    model = train(ibm_train, args.out / "pair-argq-ibm", config=stage2, progress=False)
    results["ibm_test_after_argq_then_ibm"] = _brief(evaluate_rows(model, ibm_test))
    results["stage2_seconds"] = round(time.perf_counter() - started)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


def _brief(result: dict) -> dict:
    return {k: round(100 * result[k], 2) for k in ("accuracy", "macro_f1", "f_avg")}


if __name__ == "__main__":
    sys.exit(main())
