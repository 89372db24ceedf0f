"""Fuzz the readers and the segmenter with atheris (coverage-guided): no crash, offsets always round-trip.

    pip install atheris
    python scripts/fuzz_readers.py -atheris_runs=200000      # prints how many inputs it survived

Each input is written as a .txt, .jsonl, .csv and .html file, read back, and every document segmented with the blank
spaCy pipeline; a read failure must come back as a ReadFailure, never an exception.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from stance.io import ReadFailure, read_documents
    from stance.segment import Segmenter
    from stance.types import Document

SEGMENTER = Segmenter(nlp="blank")
FOLDER = Path(tempfile.mkdtemp(prefix="stance-fuzz-"))
RUNS = 0


def test_one_input(data: bytes) -> None:
    global RUNS
    RUNS += 1
    if RUNS % 10_000 == 0:  # libFuzzer may end the process without running Python's exit handlers
        print(f"survived {RUNS} inputs", file=sys.stderr, flush=True)
    for suffix in (".txt", ".jsonl", ".csv", ".html"):
        path = FOLDER / f"input{suffix}"
        path.write_bytes(data)
        for item in read_documents([path]):
            if isinstance(item, ReadFailure):
                assert item.error
                continue
            assert isinstance(item, Document)
            for claim in SEGMENTER(item):
                assert item.text[claim.start : claim.end] == claim.text


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
