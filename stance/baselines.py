"""Reference baselines scored in the same harness as the model: majority class and TF-IDF + logistic regression.

The learned ones fit one model per target, as the SemEval-2016 baselines do. All expose ``predict_proba(rows)``
returning ``(len(rows), 3)`` probabilities in :data:`~stance.types.LABELS` order, and ``predict(rows)``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from stance.tfidf import TfidfModel
from stance.types import LABELS

Rows = Sequence[Mapping[str, Any]]


class MajorityBaseline:
    """Predict each target's most frequent training label (ties broken in favor, against, none order).

    >>> rows = [{"text": "x", "target": "t", "label": "against"}] * 2 + [{"text": "y", "target": "t", "label": "none"}]
    >>> MajorityBaseline().fit(rows).predict(rows)
    ['against', 'against', 'against']
    """

    def fit(self, rows: Rows) -> MajorityBaseline:
        counts: dict[str, Counter[str]] = {}
        for row in rows:
            counts.setdefault(row["target"], Counter())[row["label"]] += 1
        self.majority_ = {t: max(LABELS, key=lambda label: c[label]) for t, c in counts.items()}
        self.overall_ = max(LABELS, key=lambda label: sum(c[label] for c in counts.values()))
        return self

    def predict_proba(self, rows: Rows) -> np.ndarray:
        out = np.zeros((len(rows), len(LABELS)))
        for i, row in enumerate(rows):
            out[i, LABELS.index(self.majority_.get(row["target"], self.overall_))] = 1.0
        return out

    def predict(self, rows: Rows) -> list[str]:
        return [LABELS[i] for i in self.predict_proba(rows).argmax(axis=1)]


# Word stems that name each default target, for the keyword rule.
TARGET_WORDS = {
    "engagement": r"engag|dialogu|negotiat|talks\b|diplomac|summit",
    "sanctions": r"sanction|embargo",
    "deterrence": r"deter|militar|allian|defen[cs]e|troops",
}


class KeywordBaseline:
    """The keyword rule: ``favor`` when a word naming the target appears in the claim, else ``none``.

    What a reader without a model would do first; a model must beat it clearly on real prose to earn its cost.
    Targets without a word list are matched on their id.

    >>> KeywordBaseline().predict([{"text": "The embargo must stay.", "target": "sanctions"},
    ...                            {"text": "The embargo must stay.", "target": "engagement"}])
    ['favor', 'none']
    """

    def fit(self, rows: Rows) -> KeywordBaseline:
        return self

    def predict_proba(self, rows: Rows) -> np.ndarray:
        out = np.zeros((len(rows), len(LABELS)))
        for i, row in enumerate(rows):
            words = TARGET_WORDS.get(row["target"], re.escape(row["target"]))
            out[i, LABELS.index("favor" if re.search(words, row["text"], re.IGNORECASE) else "none")] = 1.0
        return out

    def predict(self, rows: Rows) -> list[str]:
        return [LABELS[i] for i in self.predict_proba(rows).argmax(axis=1)]


# The TF-IDF baseline is the same model that a model directory carries as its lexical part (see stance.tfidf).
TfidfBaseline = TfidfModel
