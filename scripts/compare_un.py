"""Annotate the UN General Debate passages on the Korean peninsula and compare the six delegations.

Evaluation only: the passages are read from the benchmarks folder at run time, never trained on or copied; passages
from 2006 on are never annotated by hand or tuned against. Prints the profiles and how many of the four contrasts the
benchmark's README documents the model recovers: the USA and Japan each more in favour of sanctions than both China
and Russia, China and Russia each more in favour of engagement than both the USA and Japan.

    python scripts/compare_un.py ../shared/benchmarks --out out/un --figures docs/figures/un --first-year 2006 --last-year 2024

With ``--over year`` it also follows each delegation's net stance year by year (a ``trends`` figure and
``profiles-trends.csv``):

    python scripts/compare_un.py ../shared/benchmarks --out out/un-trends --figures docs/figures/un-trends \
        --first-year 1991 --last-year 2024 --over year
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from stance.batch import annotate_files
from stance.report import compare_annotations


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("benchmarks", type=Path, help="the shared benchmarks folder")
    parser.add_argument("--out", type=Path, default=Path("out/un"), help="folder for annotations, table and report")
    parser.add_argument("--figures", type=Path, default=None, help="folder for PNG/SVG figures (default: --out)")
    parser.add_argument("--model", type=Path, default=None, help="model directory (default: the default model)")
    parser.add_argument("--first-year", type=int, default=2016)
    parser.add_argument("--last-year", type=int, default=2019)
    parser.add_argument("--over", default=None, help="follow the net stance over this field (year)")
    args = parser.parse_args()
    source = args.benchmarks / "ungdc_korea" / "ungdc_korea_paragraphs.jsonl"
    if not source.exists():
        print(f"{source} not found; nothing to do", file=sys.stderr)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    # The year filter is written to a working file outside the repository; the passages are not kept.
    selected = args.out / "passages.jsonl"
    with source.open() as rows, selected.open("w") as out:
        for line in rows:
            if args.first_year <= json.loads(line)["year"] <= args.last_year:
                out.write(line)
    annotations = args.out / "annotations.jsonl"
    summary = annotate_files([selected], annotations, model=args.model, force=True, progress=False)
    title = f"UN General Debate, Korean peninsula passages {args.first_year}–{args.last_year}"
    table, pairs, _ = compare_annotations(
        annotations,
        output=args.out / "report.html",
        csv=args.out / "profiles.csv",
        figures=args.figures or args.out,
        title=title,
        over=args.over,
    )
    pairs.to_csv(args.out / "pairs.csv", index=False)
    print(f"{summary.documents} passages, {summary.claims} claims, {len(summary.errors)} failed")
    print(
        table[["author", "target", "documents", "sided", "net", "net_low", "net_high"]].round(2).to_string(index=False)
    )
    held = documented_contrasts(table)
    for name, ok in held.items():
        print(f"{'recovered' if ok else 'missed   '}  {name}")
    print(f"contrasts recovered: {sum(held.values())} of {len(held)}")
    return 0


CONTRASTS = (
    ("sanctions", "USA", ("CHN", "RUS")),
    ("sanctions", "JPN", ("CHN", "RUS")),
    ("engagement", "CHN", ("USA", "JPN")),
    ("engagement", "RUS", ("USA", "JPN")),
)


def documented_contrasts(table: pd.DataFrame) -> dict[str, bool]:
    """Each documented contrast: does the delegation's net stance exceed both others' on the target?"""
    net = {(row.author, row.target): row.net for row in table.itertuples()}
    return {
        f"{who} {target} net > {' and '.join(others)}": all(
            net.get((who, target), float("nan")) > net.get((other, target), float("nan")) for other in others
        )
        for target, who, others in CONTRASTS
    }


if __name__ == "__main__":
    sys.exit(main())
