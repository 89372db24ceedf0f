"""Annotated documents and their views: the JSONL record, a pandas DataFrame, and HTML for notebooks.

This module needs neither torch nor spaCy, so saved annotations can be inspected on any machine.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stance.types import LABELS, AnnotatedClaim, Claim, PicklableRecord, Stance, frozen_mapping

if TYPE_CHECKING:
    import pandas as pd

STANCE_COLOURS = {"favor": "#c6efce", "against": "#f4c7c3", "none": "#eeeeee"}
FRAME_COLUMNS = ["doc_id", "author", "start", "end", "claim", "target", "label", "score", *[f"p_{x}" for x in LABELS]]
# Metadata keys that would clash with a frame column or a column of the comparison tables keep a "meta." prefix.
RESERVED = set(FRAME_COLUMNS) | {
    "claims",
    "documents",
    "sided",
    "few_sided",
    "net",
    "favor",
    "against",
    "none",
    "a",
    "b",
    "difference",
    "p_value",
    "p_adjusted",
    "test",
    "trend",
}


@dataclass(frozen=True)
class Annotation(PicklableRecord):
    """The claims of one document with their stances, or the error that stopped it."""

    doc_id: str
    author: str | None
    source: str
    claims: tuple[AnnotatedClaim, ...] = ()
    error: str | None = None
    text: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", frozen_mapping(self.meta))

    def to_record(self, *, include_text: bool = False) -> dict[str, Any]:
        """The JSON object ``stance annotate`` writes for this document (with its ``text`` if asked, for exports)."""
        record: dict[str, Any] = {
            "doc_id": self.doc_id,
            "author": self.author,
            "source": self.source,
            "meta": dict(self.meta),
            "error": self.error,
            "claims": [],
        }
        for item in self.claims:
            claim: dict[str, Any] = {"start": item.claim.start, "end": item.claim.end, "text": item.claim.text}
            if item.truncated:
                claim["truncated"] = True
            claim["stances"] = {
                target: {
                    "label": s.label,
                    "score": round(s.score, 6),
                    "probs": {k: round(v, 6) for k, v in s.probs.items()},
                }
                for target, s in item.stances.items()
            }
            record["claims"].append(claim)
        if include_text:
            record["text"] = self.text
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Annotation:
        claims = tuple(
            AnnotatedClaim(
                claim=Claim(record["doc_id"], c["start"], c["end"], c["text"]),
                stances={t: Stance(t, s["label"], s["probs"]) for t, s in c["stances"].items()},
                truncated=bool(c.get("truncated", False)),
            )
            for c in record.get("claims") or []
        )
        return cls(
            record["doc_id"],
            record.get("author"),
            record.get("source", ""),
            claims,
            record.get("error"),
            record.get("text"),
            record.get("meta") or {},
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per (claim, target)."""
        return annotations_to_frame([self])

    def _repr_html_(self) -> str:
        return render_html(self)


def annotations_to_frame(annotations: Iterable[Annotation | Mapping[str, Any]]) -> pd.DataFrame:
    """One row per (claim, target) over many documents; accepts :class:`Annotation` objects or JSONL records.

    Each document's ``meta`` fields become columns after the fixed ones (``meta.<key>`` where a key would clash).
    """
    import pandas as pd

    rows, metas = [], []
    for item in annotations:
        annotation = item if isinstance(item, Annotation) else Annotation.from_record(item)
        for ac in annotation.claims:
            for target, s in ac.stances.items():
                rows.append(
                    [
                        annotation.doc_id,
                        annotation.author,
                        ac.claim.start,
                        ac.claim.end,
                        ac.claim.text,
                        target,
                        s.label,
                        s.score,
                        *[s.probs[x] for x in LABELS],
                    ]
                )
                metas.append(annotation.meta)
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    keys = list(dict.fromkeys(k for meta in metas for k in meta))
    for key in keys:
        frame[f"meta.{key}" if key in RESERVED else key] = [meta.get(key) for meta in metas]
    return frame


def render_html(annotation: Annotation) -> str:
    """The document with each claim highlighted by its strongest stance; every piece of text is escaped."""
    title = html.escape(f"{annotation.doc_id}" + (f" by {annotation.author}" if annotation.author else ""))
    if annotation.error:
        return f"<div><b>{title}</b>: <span style='color:#a00'>{html.escape(annotation.error)}</span></div>"
    parts, cursor = [], 0
    text = annotation.text
    for ac in annotation.claims:
        label, tooltip = _claim_summary(ac)
        span = (
            f"<span title='{html.escape(tooltip, quote=True)}' style='background:{STANCE_COLOURS[label]};"
            f"border-radius:3px;padding:0 2px'>{html.escape(ac.claim.text)}</span>"
        )
        if text is None:
            parts.append(f"<p>{span}</p>")
        else:
            parts.append(html.escape(text[cursor : ac.claim.start]) + span)
            cursor = ac.claim.end
    if text is not None:
        parts.append(html.escape(text[cursor:]))
    legend = " ".join(f"<span style='background:{c};padding:0 4px'>{k}</span>" for k, c in STANCE_COLOURS.items())
    body = "".join(parts)
    return f"<div><b>{title}</b> &nbsp; {legend}<div style='white-space:pre-wrap;line-height:1.6'>{body}</div></div>"


def dominant_label(item: AnnotatedClaim) -> str:
    """The label to colour a claim by: its most confident non-``none`` stance, or ``none`` if it takes no side."""
    decided = [s for s in item.stances.values() if s.label != "none"]
    return max(decided, key=lambda s: s.score).label if decided else "none"


def _claim_summary(item: AnnotatedClaim) -> tuple[str, str]:
    """The label to colour a claim by and a tooltip listing all its stances."""
    tooltip = "; ".join(f"{s.target}: {s.label} ({s.score:.2f})" for s in item.stances.values())
    return dominant_label(item), tooltip
