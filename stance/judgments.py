"""Labelled data in one schema: JSON Lines rows ``{"id", "text", "target", "label", "split"}``.

The corpus in ``corpora/`` and every set in ``../shared/benchmarks`` use it, so training and evaluation take any of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from stance.errors import CorpusError
from stance.types import LABELS

REQUIRED_KEYS = ("text", "target", "label")


def real_prose(rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Indices of the rows that are real prose, where some rows are marked ``"origin": "synthetic"`` (written for the
    project): every row not so marked, including rows without an origin (a user's own data added to the corpus).
    Empty where no row is marked synthetic, or where all are: then no part of the rows is set apart.

    >>> real_prose([{"origin": "real"}, {"origin": "synthetic"}, {}])
    [0, 2]
    >>> real_prose([{}, {}])
    []
    """
    marked = [r.get("origin") == "synthetic" for r in rows]
    if not any(marked):
        return []
    return [i for i, synthetic in enumerate(marked) if not synthetic]


def read_judgments(path: str | Path, *, split: str | Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Rows of a judgments file, optionally only those of the given split(s); validated.

    >>> import tempfile, json
    >>> f = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
    >>> _ = f.write(json.dumps({"id": "1", "text": "Talk now.", "target": "engagement", "label": "favor", "split": "train"}))
    >>> f.close(); [r["label"] for r in read_judgments(f.name, split="train")]
    ['favor']
    """
    splits = {split} if isinstance(split, str) else (set(split) if split is not None else None)
    rows, seen = [], 0
    if not Path(path).is_file():
        raise CorpusError(
            f"{path} not found; for the bundled corpus run `make corpus` "
            "(python scripts/build_corpus.py corpora/policy-stance)"
        )
    with Path(path).open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise CorpusError(f"{path}:{number}: malformed JSON ({err.msg}); fix or remove this line") from err
            missing = [k for k in REQUIRED_KEYS if k not in row]
            if missing:
                raise CorpusError(f"{path}:{number}: missing {missing}; each row needs {list(REQUIRED_KEYS)}")
            if row["label"] not in LABELS:
                raise CorpusError(f"{path}:{number}: label must be one of {list(LABELS)}, got {row['label']!r}")
            seen += 1
            if splits is None or row.get("split") in splits:
                rows.append(row)
    if not seen:
        raise CorpusError(f"{path} holds no rows; each line is a JSON object {{id, text, target, label, split}}")
    if not rows:
        raise CorpusError(f"{path}: no rows in split(s) {sorted(splits or ())}; check --split")
    return rows


def select_split(
    rows: Iterable[dict[str, Any]], split: str, *, source: str | Path = "the data"
) -> list[dict[str, Any]]:
    """The rows of ``split``; raise naming the splits there are when it has none (a misspelt split is an error).

    >>> select_split([{"split": "train"}, {"split": "dev"}], "dve")
    Traceback (most recent call last):
    ...
    stance.errors.CorpusError: the data has no rows in split 'dve'; its splits are ['dev', 'train']
    """
    rows = list(rows)
    chosen = [r for r in rows if r.get("split") == split]
    if not chosen:
        splits = sorted({str(r.get("split")) for r in rows})
        raise CorpusError(f"{source} has no rows in split {split!r}; its splits are {splits}")
    return chosen
