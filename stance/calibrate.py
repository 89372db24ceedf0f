"""Calibration of a trained classifier on held-out rows: a temperature, and a per-target offset of the `none` logit.

Both are fitted on dev rows, never on test rows. The temperature makes probabilities honest; the offsets move each
target's decision boundary to the label balance of the text the model is meant for. In the corpus about a quarter of
real sentences take a side and three of four written claims do, so a model fitted to both calls too many stances on
real prose unless the `none` boundary is tuned on real dev text. :func:`calibrate_classifier` fits both to a trained
classifier, as ``stance train`` does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from stance.classify import StanceClassifier, softmax
from stance.evaluate import expected_calibration_error, score
from stance.heldout import row_logits
from stance.judgments import real_prose
from stance.types import LABELS

NONE = LABELS.index("none")
# Offsets tried for each target's `none` logit; a wide, coarse grid is enough for a decision boundary.
OFFSET_GRID = np.round(np.arange(-3.0, 3.01, 0.25), 2)
# A target's boundary is moved only if the rows hold at least this many judgments with a side for it: with fewer,
# the offset follows a handful of sentences and swings from build to build. The same floor as a confusion row needs
# before `stance compare` corrects with it (stance.quantify.MIN_ROW_CLAIMS).
MIN_SIDED = 20


def fit_temperature(logits: np.ndarray, labels: Sequence[str]) -> tuple[float, float, float]:
    """Temperature minimising the negative log-likelihood of ``labels``, with ECE before and after.

    >>> logits = np.array([[4.0, 0.0, 0.0], [0.0, 4.0, 0.0], [4.0, 0.0, 0.0], [0.0, 0.0, 4.0]])
    >>> t, _, _ = fit_temperature(logits, ["favor", "against", "none", "none"])
    >>> t > 1  # one confident mistake in four: soften
    True
    """
    from scipy.optimize import minimize_scalar

    gold = np.array([LABELS.index(label) for label in labels])

    def nll(log_t: float) -> float:
        probs = softmax(logits / np.exp(log_t))
        return float(-np.log(probs[np.arange(len(gold)), gold] + 1e-12).mean())

    temperature = float(np.exp(minimize_scalar(nll, bounds=(-3, 3), method="bounded").x))
    before = expected_calibration_error(softmax(logits), labels)
    after = expected_calibration_error(softmax(logits / temperature), labels)
    return temperature, before, after


def fit_none_offsets(
    logits: np.ndarray, labels: Sequence[str], targets: Sequence[str], *, min_sided: int = MIN_SIDED
) -> dict[str, float]:
    """Per target, the offset added to the `none` logit, chosen to maximise macro-F1 over all these rows together.

    Macro-F1 pooled over targets is the score reported, and a target's boundary moves the pooled `favor` and `against`
    F1 of the others, so the offsets are chosen by coordinate ascent: each target in turn, twice over. Ties go to the
    offset closest to zero, so a boundary that is already right stays where it is. A target with fewer than
    ``min_sided`` rows labelled `favor` or `against` keeps offset 0.

    >>> logits = np.array([[1.0, 0.0, 0.5], [1.0, 0.0, 0.5], [1.0, 0.0, 0.0]])
    >>> fit_none_offsets(logits, ["none", "none", "favor"], ["t", "t", "t"], min_sided=1)
    {'t': 0.75}
    >>> fit_none_offsets(logits, ["none", "none", "favor"], ["t", "t", "t"])  # one stance is too few to move it
    {'t': 0.0}
    """
    targets_ = np.asarray(targets)
    gold = list(labels)
    offsets = dict.fromkeys(dict.fromkeys(targets), 0.0)
    sided = Counter(t for t, label in zip(targets, gold) if label != "none")
    movable = [t for t in offsets if sided[t] >= min_sided]

    def pooled_f1(trial: dict[str, float]) -> float:
        shifted = logits.copy()
        shifted[:, NONE] += np.array([trial[t] for t in targets_])
        return score(gold, [LABELS[i] for i in shifted.argmax(axis=1)])["macro_f1"]

    best_f1 = pooled_f1(offsets)
    for _ in range(2):
        for target in movable:
            for offset in sorted(OFFSET_GRID, key=abs):
                f1 = pooled_f1({**offsets, target: float(offset)})
                if f1 > best_f1 + 1e-9:
                    offsets[target], best_f1 = float(offset), f1
    return offsets


def fold_none_offsets(model: Any, offsets: Mapping[str, float], heads: Mapping[str, Sequence[int]]) -> None:
    """Add each target's offset to the bias of its `none` output, so plain ``transformers`` users get it too.

    ``heads`` maps a target to its output indices in :data:`LABELS` order (``StanceClassifier.heads_``).
    """
    import torch

    bias = model.classifier.bias
    with torch.no_grad():
        for target, offset in offsets.items():
            bias[heads[target][NONE]] += offset


def calibrate_classifier(
    classifier: StanceClassifier,
    dev_rows: Sequence[Mapping[str, Any]],
    *,
    none_offsets: bool,
    logits: np.ndarray | None = None,
) -> dict:
    """Fit the `none` offsets (folded into the saved weights) and then the temperature on dev rows.

    Both are fitted on the dev rows of real prose when there are any: that is the text the model is for, and its label
    balance differs from the written corpus's. ``logits``, when given, are all ``dev_rows``' own
    (:func:`~stance.heldout.row_logits`, before the offsets). The record returned is written as ``calibration.json``.
    """
    real = real_prose(dev_rows)
    chosen = real or list(range(len(dev_rows)))
    rows = [dev_rows[i] for i in chosen]
    record: dict[str, Any] = {"fitted_on": f"dev split, {'real prose' if real else 'all rows'} ({len(rows)} judgments)"}
    logits = row_logits(classifier, rows) if logits is None else logits[chosen]  # a copy: the caller's stay as given
    if none_offsets:
        offsets = fit_none_offsets(logits, [r["label"] for r in rows], [r["target"] for r in rows])
        fold_none_offsets(classifier.model_, offsets, classifier.heads_)
        classifier.model_.save_pretrained(classifier.path_)
        record["none_offsets"] = offsets
        record["none_offsets_min_stances"] = MIN_SIDED
        logits[:, NONE] += [offsets[r["target"]] for r in rows]  # what the folded bias now gives
    temperature, before, after = fit_temperature(logits, [r["label"] for r in rows])
    return {**record, "temperature": temperature, "ece_before": before, "ece_after": after}
