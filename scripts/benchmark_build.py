"""How long `stance train` takes to build the default model, on this CPU and on an emulated AVX2-only one.

Each build is `stance train --output OUT/build-<isa> --force` (the default recipe on the bundled corpus, with any
`stance train` options given after ``--``) in a fresh process; the AVX2 one runs with torch, oneDNN and MKL held to AVX2
(``ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2``), and a matmul in the same
environment shows that the setting took effect. The script records the CPU, the wall time of each build, and the
built model's real-prose and written test macro-F1 and real dev macro-F1 (from its ``metrics.json``); the last line is a JSON summary::

    python scripts/benchmark_build.py --out out/build --isa native avx2

``--steps N`` times N optimizer steps of recipe variants instead, one fresh process each, back to back (so a busy
host slows all alike); each ``--variant`` is a comma-separated list of TrainingConfig changes, ``recipe`` the default:

    python scripts/benchmark_build.py --steps 100 --variant recipe optimizer=adamw_torch,freeze_embeddings=false,frozen_layers=0 \
        encoder_layers=3 --isa native avx2
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ISA_ENV = {
    "native": {},
    "avx2": {"ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2", "MKL_ENABLE_INSTRUCTIONS": "AVX2"},
}
MATMUL = (
    "import time, torch; torch.set_num_threads(2); a = torch.randn(2048, 2048); a @ a; t = time.perf_counter(); "
    "[a @ a for _ in range(8)]; print(8 * 2 * 2048**3 / (time.perf_counter() - t) / 1e9)"
)


def build(out: Path, isa: str, options: list[str]) -> dict:
    """One `stance train` run in a fresh process: wall seconds and the model's test scores."""
    env = {**os.environ, **ISA_ENV[isa]}
    gflops = float(
        subprocess.run([sys.executable, "-c", MATMUL], env=env, capture_output=True, text=True, check=True).stdout
    )
    folder = out / f"build-{isa}"
    command = [sys.executable, "-m", "stance", "-v", "train", "--output", str(folder), "--force", *options]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    (out / f"build-{isa}.log").write_text(done.stderr)  # the phases' own timings (stance -v train)
    metrics = json.loads((folder / "metrics.json").read_text())
    return {
        "matmul_gflops": round(gflops, 1),
        "build_seconds": round(seconds, 1),
        "test_macro_f1": {origin: round(metrics["test"][origin]["macro_f1"], 4) for origin in ("real", "synthetic")},
        "real_dev_macro_f1": round(metrics["dev"]["real"]["macro_f1"], 4),
        "training_config": json.loads((folder / "training_config.json").read_text()),
    }


STEPS = """
import json, logging, sys
from stance.judgments import read_judgments
from stance.train import train
from stance.training_args import TrainingConfig
logging.basicConfig(level=logging.INFO, format="%(message)s")
rows = [r for r in read_judgments("corpora/policy-stance/judgments.jsonl") if r["split"] == "train"]
train(rows, sys.argv[1], config=TrainingConfig(**json.loads(sys.argv[2])), max_steps=int(sys.argv[3]), progress=False)
"""


def time_steps(out: Path, isa: str, variant: str, steps: int) -> float:
    """Seconds per optimizer step of the recipe with ``variant``'s changes, in a fresh process."""
    from stance.training_args import parse_changes

    changes = {} if variant == "recipe" else parse_changes(variant.split(","))
    env = {**os.environ, **ISA_ENV[isa]}
    folder = out / "steps"
    done = subprocess.run(
        [sys.executable, "-c", STEPS, str(folder), json.dumps(changes), str(steps)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return float(re.search(r"\(([0-9.]+) s a step\)", done.stderr).group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("out/build"))
    parser.add_argument("--isa", nargs="+", default=["native", "avx2"], choices=sorted(ISA_ENV))
    parser.add_argument("--steps", type=int, default=None, help="time this many steps of each --variant instead")
    parser.add_argument("--variant", nargs="+", default=["recipe"])
    parser.add_argument("train_options", nargs="*", help="extra `stance train` options, after --")
    args = parser.parse_args()
    from stance.info import describe

    args.out.mkdir(parents=True, exist_ok=True)
    if args.steps:
        report = {"cpu": describe()["cpu"], "steps": args.steps, "seconds_per_step": {}}
        for isa in args.isa:
            for variant in args.variant:
                seconds = time_steps(args.out, isa, variant, args.steps)
                report["seconds_per_step"][f"{isa} {variant}"] = round(seconds, 4)
                print(isa, variant, seconds, flush=True)
        (args.out / "steps.json").write_text(json.dumps(report, indent=2) + "\n")
        print(json.dumps(report))
        return 0
    report = {"cpu": describe()["cpu"], "options": args.train_options}
    for isa in args.isa:
        report[isa] = build(args.out, isa, args.train_options)
        print(isa, json.dumps(report[isa]), flush=True)
    (args.out / "build.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
