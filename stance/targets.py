"""Targets are data: a JSON Lines file of ``{"id", "description"}`` records.

Adding a target needs no code change, only a line in a targets file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from stance.errors import TargetError
from stance.types import Target

DEFAULT_TARGETS_FILE = "targets.jsonl"


def load_targets(path: str | Path | None = None) -> tuple[Target, ...]:
    """Read targets from ``path``, or the default ones (engagement, sanctions, deterrence).

    >>> [t.id for t in load_targets()]
    ['engagement', 'sanctions', 'deterrence']
    """
    if path is None:
        text = resources.files("stance.data").joinpath(DEFAULT_TARGETS_FILE).read_text("utf-8")
        source = f"stance/data/{DEFAULT_TARGETS_FILE}"
    else:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as err:
            raise TargetError(f"cannot read targets file {path}: {err.strerror}") from err
        source = str(path)
    targets = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            targets.append(Target(id=str(record["id"]), description=str(record.get("description") or record["id"])))
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise TargetError(
                f"{source}:{number}: expected a JSON object with an 'id' (and a 'description'), got {line[:80]!r}"
            ) from err
    return _checked(targets, source)


def targets_from_ids(ids: Iterable[str]) -> tuple[Target, ...]:
    """Targets named by id alone; the description defaults to the id (for data that brings its own targets)."""
    return _checked([Target(id=i, description=i) for i in ids], "the data")


def select_targets(targets: Sequence[Target], ids: Iterable[str]) -> tuple[Target, ...]:
    """The targets with the given ids, in the given order; raises on an unknown id."""
    by_id = {t.id: t for t in targets}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise TargetError(
            f"unknown target id(s) {unknown}; expected one of {sorted(by_id)}, the targets the model was trained "
            "for (`stance targets`). A new target needs labelled claims and a model trained on them (`stance train "
            "--targets FILE`, see README 'Targets are data'), or a model that reads target descriptions "
            "(`--architecture pair`) given the targets file with --targets."
        )
    return tuple(by_id[i] for i in ids)


def write_targets(targets: Iterable[Target], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps({"id": target.id, "description": target.description}) + "\n" for target in targets)


def _checked(targets: list[Target], source: str) -> tuple[Target, ...]:
    if not targets:
        raise TargetError(f"{source}: no targets found; expected one JSON object per line")
    ids = [t.id for t in targets]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise TargetError(f"{source}: duplicate target id(s) {duplicates}; each id must appear once")
    return tuple(targets)
