"""Word and character n-gram TF-IDF with a logistic regression per target: the baseline, and the model's lexical part.

As a baseline it is scored in the same harness as the model (:mod:`stance.baselines`). A model directory written by
``stance train`` also carries one fitted on the same training rows, in ``tfidf/``, and the classifier adds its
log-probabilities to the encoder's logits (a product of the two models' probabilities): the encoder reads meaning, the
n-grams the wording, and on the corpus's real-prose and written test splits the two together score above either
alone (README, "The default model and corpus"). The fitted part is stored as the two vectorizers' vocabularies (JSON)
and the idf weights and regression coefficients (safetensors): no pickle, which can run code when loaded.

>>> rows = [{"text": t, "target": "sanctions", "label": y} for t, y in
...         [("Sanctions work.", "favor"), ("Lift the sanctions.", "against"), ("It rained.", "none")] * 4]
>>> model = TfidfModel(min_rows_per_target=3).fit(rows)
>>> model.predict([{"text": "Sanctions work.", "target": "sanctions"}])
['favor']
>>> model.log_proba(["Sanctions work."], ["sanctions"]).shape
(1, 1, 3)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stance.errors import CorpusError, ModelError
from stance.types import LABELS

Rows = Sequence[Mapping[str, Any]]
TFIDF_DIR = "tfidf"
_VOCABULARY_FILE = "vocabulary.json"
_WEIGHTS_FILE = "weights.safetensors"
# The two vectorizers, as TfidfVectorizer keyword arguments: word uni- and bigrams, and character 2- to 5-grams
# within words (which catch inflections: "sanction", "sanctioned", "sanctioning").
VECTORIZERS = {
    "word": {"ngram_range": (1, 2), "sublinear_tf": True, "min_df": 1, "lowercase": True},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True, "min_df": 2},
}
_ABSENT = -1e4  # the intercept of a label a regression never saw: its probability underflows to zero
FALLBACK = ""  # the key of the model fitted on all rows, for targets with too few rows of their own


class TfidfModel:
    """TF-IDF features (fitted once on all training texts) and a class-balanced logistic regression per target.

    A target with fewer than ``min_rows_per_target`` training rows, or rows of one label only, has no model of its
    own: :meth:`predict_proba` scores it with one model fitted on all rows (``fallback``; without it, such a target is
    an error there).
    :meth:`log_proba` gives zeros (so that a classifier adding them is left as it was) for such a target, and for one
    whose rows lack a label, which its model would never give. ``solver`` is scikit-learn's: the default, Newton's
    method with conjugate gradients, reaches the regularised optimum about ten times closer than L-BFGS at its
    default tolerance, in a third of the time on the corpus (README, "Building the model on a CPU with AVX2 only").
    Learned state: ``vectorizers_`` and ``weights_``
    (``target -> (coefficients (3, features), intercepts (3,))`` in :data:`~stance.types.LABELS` order).
    """

    def __init__(
        self,
        *,
        C: float = 4.0,
        min_rows_per_target: int = 20,
        fallback: bool = True,
        seed: int = 0,
        solver: str = "newton-cg",
        class_weight: str | None = "balanced",
    ) -> None:
        self.C = C
        self.min_rows_per_target = min_rows_per_target
        self.fallback = fallback
        self.seed = seed
        self.solver = solver
        self.class_weight = class_weight

    def fit(self, rows: Rows, sample_weight: Sequence[float] | None = None) -> TfidfModel:
        """Fit on ``rows`` (``text``, ``target``, ``label``), each row weighted by ``sample_weight`` (default 1)."""
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        if not rows:
            raise CorpusError("TfidfModel.fit needs at least one row")
        index = {text: i for i, text in enumerate(dict.fromkeys(r["text"] for r in rows))}
        self.vectorizers_ = {name: TfidfVectorizer(**kwargs) for name, kwargs in VECTORIZERS.items()}
        features = hstack([v.fit_transform(list(index)) for v in self.vectorizers_.values()]).tocsr()  # once per text
        weights = np.ones(len(rows)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if weights.shape != (len(rows),):
            raise ValueError(f"sample_weight needs one weight per row ({len(rows)}), got shape {weights.shape}")
        by_target: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            by_target.setdefault(row["target"], []).append(i)
        parts = {  # a regression needs rows enough, and of two labels at least
            target: part
            for target, part in by_target.items()
            if len(part) >= self.min_rows_per_target and len({rows[i]["label"] for i in part}) > 1
        }
        self.weights_: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for target, part in [*parts.items(), *([(FALLBACK, list(range(len(rows))))] if self.fallback else [])]:
            labels = [rows[i]["label"] for i in part]
            model = LogisticRegression(
                C=self.C,
                class_weight=_class_weights(labels, self.class_weight),
                max_iter=2000,
                random_state=self.seed,
                solver=self.solver,
            )
            model.fit(
                features[[index[rows[i]["text"]] for i in part]],
                labels,
                sample_weight=None if sample_weight is None else weights[part],  # None: exactly the unweighted fit
            )
            coef, intercept = _in_label_order(model)
            self.weights_[target] = (coef.astype(np.float32), intercept.astype(np.float32))
        return self

    @property
    def targets_(self) -> list[str]:
        """The targets with a model of their own."""
        return [t for t in self.weights_ if t != FALLBACK]

    def log_proba(self, texts: Sequence[str], targets: Sequence[str]) -> np.ndarray:
        """Log-probabilities ``(len(texts), len(targets), 3)``; zeros for a target without a model of its own."""
        self._check_fitted()
        out = np.zeros((len(texts), len(targets), len(LABELS)), dtype=np.float32)
        known = [
            j for j, t in enumerate(targets) if t in self.weights_ and t != FALLBACK and self._knows_every_label(t)
        ]
        if texts and known:
            from scipy.special import log_softmax

            features = self._features(texts)
            for j in known:
                out[:, j] = log_softmax(self._scores(features, targets[j]), axis=-1)
        return out

    def row_log_proba(self, texts: Sequence[str], targets: Sequence[str]) -> np.ndarray:
        """Log-probabilities ``(len(texts), 3)`` of each text toward its own target (``targets[i]`` for ``texts[i]``)."""
        distinct = list(dict.fromkeys(targets))
        column = {t: j for j, t in enumerate(distinct)}
        return self.log_proba(texts, distinct)[np.arange(len(texts)), [column[t] for t in targets]]

    def predict_proba(self, rows: Rows) -> np.ndarray:
        """Probabilities ``(len(rows), 3)`` toward each row's own target (the all-rows model for unknown targets)."""
        self._check_fitted()
        out = np.zeros((len(rows), len(LABELS)))
        if rows:
            features = self._features([r["text"] for r in rows])
            groups: dict[str, list[int]] = {}
            for i, row in enumerate(rows):
                groups.setdefault(row["target"] if row["target"] in self.weights_ else FALLBACK, []).append(i)
            if FALLBACK in groups and FALLBACK not in self.weights_:
                unknown = sorted({rows[i]["target"] for i in groups[FALLBACK]})
                raise ModelError(
                    f"no TF-IDF model for target(s) {unknown}; it has {self.targets_}. Fit with fallback=True to "
                    "score other targets with one model of all rows"
                )
            from scipy.special import log_softmax

            for target, index in groups.items():
                out[index] = np.exp(log_softmax(self._scores(features[index], target), axis=-1))
        return out

    def predict(self, rows: Rows) -> list[str]:
        return [LABELS[i] for i in self.predict_proba(rows).argmax(axis=1)]

    def save(self, folder: str | Path) -> Path:
        """Write the vocabularies (JSON) and weights (safetensors) to ``folder``; return it."""
        from safetensors.numpy import save_file

        self._check_fitted()
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        vocabulary = {
            name: sorted(v.vocabulary_, key=v.vocabulary_.__getitem__) for name, v in self._vectorizers().items()
        }
        (path / _VOCABULARY_FILE).write_text(json.dumps({"vectorizers": vocabulary}) + "\n", encoding="utf-8")
        tensors = {f"idf.{name}": v.idf_.astype(np.float32) for name, v in self._vectorizers().items()}
        for target, (coef, intercept) in self.weights_.items():
            tensors[f"coef.{target}"], tensors[f"intercept.{target}"] = coef, intercept
        save_file(
            tensors,
            str(path / _WEIGHTS_FILE),
            metadata={"C": str(self.C), "solver": self.solver, "labels": ",".join(LABELS)},
        )
        return path

    @classmethod
    def load(cls, folder: str | Path) -> TfidfModel:
        """Read a model written by :meth:`save`."""
        from safetensors.numpy import load_file

        path = Path(folder)
        try:
            vocabulary = json.loads((path / _VOCABULARY_FILE).read_text("utf-8"))["vectorizers"]
            tensors = load_file(str(path / _WEIGHTS_FILE))
        except (OSError, ValueError, KeyError) as err:
            raise ModelError(f"{path} holds no readable TF-IDF model ({err}); re-run `stance train`") from err
        model = cls()
        model._saved_vectorizers = {name: (vocabulary[name], tensors[f"idf.{name}"]) for name in VECTORIZERS}
        model.weights_ = {
            key.removeprefix("coef."): (tensors[key], tensors["intercept." + key.removeprefix("coef.")])
            for key in tensors
            if key.startswith("coef.")
        }
        model.fallback = FALLBACK in model.weights_  # as it was fitted
        return model

    def _features(self, texts: Sequence[str]):
        from scipy.sparse import hstack

        return hstack([v.transform(texts) for v in self._vectorizers().values()]).tocsr()

    def _vectorizers(self) -> dict[str, Any]:
        """The fitted vectorizers; after :meth:`load`, made at first use, since importing scikit-learn takes about a
        second and a run with nothing to classify does not need it."""
        if not hasattr(self, "vectorizers_"):
            from sklearn.feature_extraction.text import TfidfVectorizer

            vectorizers = {}
            for name, (vocabulary, idf) in self._saved_vectorizers.items():
                vectorizer = TfidfVectorizer(vocabulary=vocabulary, **VECTORIZERS[name])
                vectorizer.idf_ = idf.astype(np.float64)  # fixes the vocabulary and the idf: fitted
                vectorizers[name] = vectorizer
            self.vectorizers_ = vectorizers  # whole, once made
        return self.vectorizers_

    def _scores(self, features, target: str) -> np.ndarray:
        coef, intercept = self.weights_[target]
        return np.asarray(features @ coef.T) + intercept  # the regression's decision function

    def _knows_every_label(self, target: str) -> bool:
        return bool(self.weights_[target][1].min() > _ABSENT / 2)

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            raise ModelError("this TfidfModel is not fitted; call .fit(rows) or TfidfModel.load(folder) first")


def _class_weights(labels: Sequence[str], kind: str | None) -> str | dict[str, float] | None:
    """scikit-learn's ``class_weight`` for ``kind``: "balanced" and None as scikit-learn has them, "sqrt" the square
    root of "balanced" (the encoder's loss weights, :class:`~stance.training_args.TrainingConfig.balance_labels`).

    >>> _class_weights(["none"] * 8 + ["favor"] * 2, "sqrt")
    {'favor': 1.5811388300841898, 'none': 0.7905694150420949}
    """
    if kind is None or kind == "balanced":
        return kind
    if kind != "sqrt":
        raise ValueError(f"class_weight must be 'balanced', 'sqrt' or None, got {kind!r}")
    counts = {label: labels.count(label) for label in sorted(set(labels))}
    return {label: (len(labels) / (len(counts) * n)) ** 0.5 for label, n in counts.items()}


def _in_label_order(model: Any) -> tuple[np.ndarray, np.ndarray]:
    """A fitted regression's coefficients and intercepts as three rows in :data:`LABELS` order.

    A binary regression scores its second class ``w.x + b`` against 0 for its first, the same probabilities as a
    softmax over those two rows; a label it never saw gets an intercept so low that its probability is zero.
    """
    classes = list(model.classes_)
    coef = model.coef_ if len(classes) > 2 else np.vstack([np.zeros_like(model.coef_), model.coef_])
    intercept = model.intercept_ if len(classes) > 2 else np.concatenate([[0.0], model.intercept_])
    rows = {label: (coef[i], intercept[i]) for i, label in enumerate(classes)}
    absent = (np.zeros(coef.shape[1]), _ABSENT)
    return (
        np.vstack([rows.get(label, absent)[0] for label in LABELS]),
        np.array([rows.get(label, absent)[1] for label in LABELS]),
    )
