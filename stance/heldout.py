"""A trained classifier scored on held-out judgment rows: its logits, scores by origin, confusion, int8 agreement.

What ``stance train`` records about the model it wrote (``metrics.json``, ``confusion.json``, the int8 record), what
``stance evaluate`` prints, and what the benchmark scripts score with. Rows are judgment rows as
:func:`stance.judgments.read_judgments` gives them: ``text``, ``target``, ``label``, and optionally ``origin`` (real
or synthetic) and ``context``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stance.classify import StanceClassifier
from stance.evaluate import bootstrap_macro_f1, score
from stance.judgments import real_prose
from stance.quantify import Confusion
from stance.runtime import WEIGHTS_FILE, cpu_features, file_sha256
from stance.targets import targets_from_ids
from stance.types import LABELS


def row_logits(classifier: StanceClassifier, rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """Logits ``(len(rows), 3)`` for each row's own target (described as the model's targets file says, else by id)."""
    known = {t.id: t for t in classifier.targets_}
    unknown = dict.fromkeys(r["target"] for r in rows if r["target"] not in known)
    if unknown:  # data that brings its own targets: described by id (a heads model will refuse them by name)
        known.update({t.id: t for t in targets_from_ids(unknown)})
    return classifier.row_logits(
        [r["text"] for r in rows], [known[r["target"]] for r in rows], contexts=[r.get("context") or "" for r in rows]
    )


def evaluate_rows(
    classifier: StanceClassifier, rows: Sequence[Mapping[str, Any]], *, logits: np.ndarray | None = None
) -> dict[str, Any]:
    """Score a loaded classifier on judgment rows (see :func:`stance.evaluate.score`); ``logits``, when given, are
    the rows' own (:func:`row_logits`), so that scoring several subsets costs one pass of the model.

    Where every row names its document (``doc_id``) and there are at least two, ``macro_f1_interval`` gives the 95%
    interval of macro-F1 from resampling documents (:func:`stance.evaluate.bootstrap_macro_f1`)."""
    probs = classifier.probabilities(row_logits(classifier, rows) if logits is None else logits)
    predicted = [LABELS[i] for i in probs.argmax(axis=1)]
    gold = [r["label"] for r in rows]
    result = score(gold, predicted, targets=[r["target"] for r in rows], probs=probs)
    documents = [r.get("doc_id") for r in rows]
    if all(d is not None for d in documents) and len(set(documents)) >= 2:
        interval = bootstrap_macro_f1(gold, {"model": predicted}, documents)
        result["macro_f1_interval"] = {
            "low": interval["systems"]["model"]["low"],
            "high": interval["systems"]["model"]["high"],
            "ci": interval["ci"],
            "documents": interval["n_groups"],
            "method": f"percentile bootstrap over documents, {interval['n_resamples']} resamples",
        }
    return result


def evaluate_by_origin(
    classifier: StanceClassifier, rows: Sequence[Mapping[str, Any]], *, logits: np.ndarray | None = None
) -> dict[str, Any]:
    """Scores on all rows and, where rows record their origin, on real and synthetic rows separately (rows without
    an origin beside synthetic ones count as real prose, as :func:`~stance.judgments.real_prose` says)."""
    logits = row_logits(classifier, rows) if logits is None else logits
    result = {"all": evaluate_rows(classifier, rows, logits=logits)}
    real = set(real_prose(rows))
    origins = [r.get("origin") or ("real" if i in real else None) for i, r in enumerate(rows)]
    for origin in sorted({o for o in origins if o}):
        chosen = [i for i, o in enumerate(origins) if o == origin]
        result[origin] = evaluate_rows(classifier, [rows[i] for i in chosen], logits=logits[chosen])
    return result


def measure_confusion(
    classifier: StanceClassifier,
    rows: Sequence[Mapping[str, Any]],
    *,
    split: str,
    logits: np.ndarray | None = None,
) -> Confusion:
    """The classifier's confusion on labelled rows (real prose only, when there is any): what `stance compare`
    corrects label shares with. Written as ``confusion.json``; never used to fit anything. ``logits``: the rows'
    own, as for :func:`evaluate_rows`."""
    logits = row_logits(classifier, rows) if logits is None else logits
    real = real_prose(rows)
    chosen = [rows[i] for i in real] if real else list(rows)
    probs = classifier.probabilities(logits[real] if real else logits)
    # The weights' hash names the model wherever its directory is later moved or copied; its folder name does not.
    weights = classifier.path_ / WEIGHTS_FILE
    model = f"with weights sha256 {file_sha256(weights)[:12]}…" if weights.is_file() else classifier.path_.name
    source = (
        f"the {'real-prose part of the ' if real else ''}{split} split of the training corpus, "
        f"{len(chosen)} (claim, target) judgments, by the model {model}"
    )
    return Confusion.from_predictions([r["target"] for r in chosen], [r["label"] for r in chosen], probs, source=source)


def measure_int8_agreement(
    model_dir: Path, rows: Sequence[Mapping[str, Any]], logits: np.ndarray, *, max_length: int
) -> dict[str, Any]:
    """The share of ``rows`` (real prose only, when there is any) whose int8 label equals the fp32 one (``logits``),
    with the TF-IDF part and, where the model has one, without it (the lower of the two): `--runtime auto` takes the
    int8 copy only where this is at least :data:`~stance.runtime.INT8_MIN_AGREEMENT` on enough judgments."""
    real = real_prose(rows)
    chosen = real or list(range(len(rows)))
    part = [rows[i] for i in chosen]
    int8 = StanceClassifier(model_dir, max_length=max_length, runtime="onnx-int8").load()
    pairs = [(row_logits(int8, part), logits[chosen])]
    if int8.tfidf_ is not None:  # `--no-tfidf` reads the encoder alone: its labels must agree too
        lexical = int8.lexical_row_logits([r["text"] for r in part], [r["target"] for r in part])
        pairs.append((pairs[0][0] - lexical, pairs[0][1] - lexical))
    agreement = min(float((a.argmax(axis=1) == b.argmax(axis=1)).mean()) for a, b in pairs)
    return {
        "agreement": round(agreement, 4),
        "judgments": len(chosen),
        "measured_on": f"test split, {'real prose' if real else 'all rows'}",
        "cpu": cpu_features()[0],
    }
