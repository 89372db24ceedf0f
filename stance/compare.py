"""Compare authors' stances from saved annotations. Needs pandas only: no torch, no spaCy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from stance.annotation import Annotation, annotations_to_frame
from stance.io import read_annotations


def load_frame(annotations: str | Path | Iterable[Annotation | Mapping[str, Any]]) -> pd.DataFrame:
    """One row per (claim, target) from an annotations file or from records."""
    records = read_annotations(annotations) if isinstance(annotations, (str, Path)) else annotations
    return annotations_to_frame(records)


def net_stance(favor: int | float, against: int | float) -> float:
    """(favor − against) / (favor + against), in [−1, 1]; NaN when no claim takes a side (nothing to measure).

    >>> net_stance(3, 1), net_stance(0, 0)
    (0.5, nan)
    """
    decided = favor + against
    return (favor - against) / decided if decided else float("nan")


def author_summary(frame: pd.DataFrame, *, by: str = "author") -> pd.DataFrame:
    """Per author × target: documents, claims, claims taking a side, label shares and net stance.

    >>> rows = [{"doc_id": "d", "author": "A", "target": "sanctions", "label": l} for l in ("favor", "favor", "none")]
    >>> author_summary(pd.DataFrame(rows))[["author", "target", "favor", "net"]].to_dict("records")
    [{'author': 'A', 'target': 'sanctions', 'favor': 0.6666666666666666, 'net': 1.0}]
    """
    frame = frame.assign(**{by: frame[by].fillna("(unknown)")})
    rows = []
    for (group, target), part in frame.groupby([by, "target"], sort=True):
        counts = part["label"].value_counts()
        favor, against = int(counts.get("favor", 0)), int(counts.get("against", 0))
        addressing = part[part["label"] != "none"]
        rows.append(
            {
                by: group,
                "target": target,
                "documents": part["doc_id"].nunique(),
                "claims": len(part),
                "addressing": len(addressing),
                "favor": favor / len(part),
                "against": against / len(part),
                "none": int(counts.get("none", 0)) / len(part),
                "net": net_stance(favor, against),
            }
        )
    return pd.DataFrame(rows)
