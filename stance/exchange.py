"""Round trips with annotation tools: export claims for correction, import corrected labels as training rows.

Each claim becomes one span per target labelled ``"<target>:<label>"``. Browser tools (Label Studio, doccano) count
offsets in UTF-16 code units over text whose line breaks they show as ``\\n``; Prodigy counts Python characters.
Exported offsets follow each tool's convention, and the original text travels in the task's metadata so that
imported offsets index the original document again, exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from stance.errors import InputError
from stance.types import LABELS

FORMATS = ("label-studio", "prodigy", "doccano")
_UTF16 = {"label-studio", "doccano"}


def export_tasks(records: Iterable[Mapping[str, Any]], fmt: str) -> Iterator[dict[str, Any]]:
    """Tasks for ``fmt`` from annotation records that carry their document ``text`` (``stance annotate --include-text``)."""
    _check_format(fmt)
    for record in records:
        text = record.get("text")
        if text is None:
            raise InputError(
                str(record.get("doc_id")), "the record has no text; re-run `stance annotate --include-text`"
            )
        shown = text.replace("\r\n", "\n")
        spans = []
        for k, claim in enumerate(record.get("claims") or []):
            start, end = (_to_tool(text, claim[key], fmt) for key in ("start", "end"))
            for target, stance in claim["stances"].items():
                spans.append(
                    {
                        "id": f"c{k}-{target}",
                        "start": start,
                        "end": end,
                        "label": f"{target}:{stance['label']}",
                        "score": stance["score"],
                    }
                )
        meta = {
            "doc_id": record["doc_id"],
            "author": record.get("author"),
            "original_text": text,
            "predicted": [[s["start"], s["end"], s["label"]] for s in spans],
        }
        yield _task(fmt, shown, spans, meta)


def import_rows(tasks: Iterable[Mapping[str, Any]], fmt: str, *, split: str = "train") -> Iterator[dict[str, Any]]:
    """Training rows ``{"id","text","target","label","split","doc_id","start","end"}`` from the tasks a person
    completed (see :func:`is_completed`); the model's own guesses in untouched or cancelled tasks never become gold."""
    _check_format(fmt)
    for task in tasks:
        if not is_completed(task, fmt):
            continue
        text, spans, meta = _read_task(task, fmt)
        original = meta.get("original_text", text)
        for span in spans:
            target, _, label = span["label"].rpartition(":")
            if label not in LABELS or not target:
                raise InputError(str(meta.get("doc_id")), f"span label {span['label']!r} is not '<target>:<label>'")
            start, end = (_from_tool(original, span[key], fmt) for key in ("start", "end"))
            yield {
                "id": f"{meta.get('doc_id')}-{start}-{target}",
                "text": original[start:end],
                "target": target,
                "label": label,
                "split": split,
                "doc_id": meta.get("doc_id"),
                "start": start,
                "end": end,
            }


def is_completed(task: Mapping[str, Any], fmt: str) -> bool:
    """Whether a person finished ``task``: in Label Studio an annotation that was not cancelled, in Prodigy the answer
    "accept", in doccano (whose export records no status) labels changed from the exported predictions."""
    if fmt == "label-studio":
        return any(not a.get("was_cancelled") for a in task.get("annotations") or [])
    if fmt == "prodigy":
        return task.get("answer") == "accept"
    predicted = task.get("predicted")
    labels = task.get("label") or []
    return predicted is None or sorted(map(list, labels)) != sorted(map(list, predicted))


def _task(fmt: str, text: str, spans: list[dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    if fmt == "label-studio":
        result = [
            {
                "id": s["id"],
                "from_name": "stance",
                "to_name": "text",
                "type": "labels",
                "value": {"start": s["start"], "end": s["end"], "labels": [s["label"]]},
                "score": s["score"],
            }
            for s in spans
        ]
        return {"data": {"text": text, **meta}, "predictions": [{"model_version": "policy-stance", "result": result}]}
    if fmt == "prodigy":
        return {
            "text": text,
            "spans": [{"start": s["start"], "end": s["end"], "label": s["label"]} for s in spans],
            "meta": meta,
        }
    return {"text": text, "label": [[s["start"], s["end"], s["label"]] for s in spans], **meta}


def _read_task(task: Mapping[str, Any], fmt: str) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
    if fmt == "label-studio":
        data = task["data"]
        # The latest annotation a person submitted; the model's predictions are never read back.
        layers = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")] or [{"result": []}]
        spans = [
            {"start": r["value"]["start"], "end": r["value"]["end"], "label": r["value"]["labels"][0]}
            for r in layers[-1]["result"]
            if r.get("type") == "labels"
        ]
        return data["text"], spans, dict(data)
    if fmt == "prodigy":
        return task["text"], list(task.get("spans") or []), dict(task.get("meta") or {})
    spans = [{"start": s, "end": e, "label": label} for s, e, label in task.get("label") or []]
    return task["text"], spans, dict(task)


def _to_tool(original: str, offset: int, fmt: str) -> int:
    """An offset into ``original`` as the tool counts it in the text it shows."""
    before = original[:offset]
    shown = before.replace("\r\n", "\n")
    return len(shown.encode("utf-16-le", "surrogatepass")) // 2 if fmt in _UTF16 else len(shown)


def _from_tool(original: str, offset: int, fmt: str) -> int:
    """The offset into ``original`` of a tool's offset (inverse of :func:`_to_tool`)."""
    count = 0
    for index, char in enumerate(original):
        if count >= offset:
            return index
        if char == "\r" and original[index + 1 : index + 2] == "\n":
            continue  # shown as one "\n" by the tool
        count += 2 if fmt in _UTF16 and ord(char) > 0xFFFF else 1
    return len(original)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
