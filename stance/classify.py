"""Classify the stance of claims toward targets with a fine-tuned encoder, in one of two architectures.

*Heads* (the default model): the encoder reads a claim once and outputs three logits (favor, against, none) for every
target it was trained on, so adding targets costs almost nothing at inference. Its labels are ``"<target>|<label>"``
(see :func:`head_label`). *Pair*: the encoder reads ``(target description, claim)`` and outputs three logits, so it
can score targets it never saw in training, at one pass per (claim, target). Its labels are plain
``favor``/``against``/``none``. Both are standard ``BertForSequenceClassification`` models, loadable with plain
``transformers``. How the encoder runs (torch, or the model's ONNX export without torch) is :mod:`stance.runtime`'s
concern; nothing heavy is imported until :meth:`StanceClassifier.load`.

A model directory written by ``stance train`` also carries a TF-IDF model fitted on the same rows (``tfidf/``, see
:mod:`stance.tfidf`); its log-probabilities are added to the encoder's logits, so the labels are those of the product
of the two models' probabilities. ``tfidf=False`` reads the encoder alone, as plain ``transformers`` does.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from stance.errors import ModelError, TargetError
from stance.runtime import WEIGHTS_FILE
from stance.targets import load_targets
from stance.text import model_input
from stance.types import LABELS, Stance, Target

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from transformers import PreTrainedModel

DEFAULT_MODEL_NAME = "policy-stance-minilm"
MODEL_ENV_VAR = "STANCE_MODEL"
CALIBRATION_FILE = "calibration.json"
TARGETS_FILE = "targets.jsonl"
DEFAULT_MAX_LENGTH = 128  # tokens, for a model without training_config.json (the recipe's window)
_PICKLE_WEIGHTS = ("pytorch_model.bin", "model.bin", "model.pt", "model.pth", "model.ckpt")


def head_label(target: str, label: str) -> str:
    """The model's name for one output: ``head_label("sanctions", "favor") == "sanctions|favor"``."""
    return f"{target}|{label}"


def default_model_dir() -> Path:
    """Where the default model is read from and where ``stance train`` writes by default.

    ``$STANCE_MODEL`` if set; else the per-user data folder (``platformdirs``; on Linux
    ``~/.local/share/policy-stance/models/policy-stance-minilm``) if it holds a model, or ``models/policy-stance-minilm``
    of a source checkout if that does (``make`` builds there); else the per-user folder, for a package installed
    from a wheel.
    """
    if os.environ.get(MODEL_ENV_VAR):
        return Path(os.environ[MODEL_ENV_VAR])
    from platformdirs import user_data_path

    per_user = user_data_path("policy-stance") / "models" / DEFAULT_MODEL_NAME
    checkout = Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL_NAME
    for folder in (per_user, checkout):
        if (folder / WEIGHTS_FILE).is_file():
            return folder
    return per_user


def check_model_dir(model_dir: str | Path) -> Path:
    """Raise :class:`ModelError` unless ``model_dir`` holds a config and safetensors weights."""
    path = Path(model_dir)
    if not path.is_dir():
        raise ModelError(
            f"no model directory at {path}; build the default model with `stance train` "
            "or pass --model with a directory written by it"
        )
    if not (path / "config.json").is_file():
        raise ModelError(f"{path} has no config.json; it is not a Hugging Face model directory (re-run `stance train`)")
    if not any(path.glob("*.safetensors")):
        pickled = [name for name in _PICKLE_WEIGHTS if (path / name).exists()]
        if pickled:
            raise ModelError(
                f"{path} holds pickle weights ({pickled[0]}), which can run code when loaded and are refused; "
                "convert them to model.safetensors"
            )
        raise ModelError(f"{path} has no model.safetensors; re-run `stance train` to rebuild it")
    return path


def model_targets(model: str | Path | None = None) -> tuple[Target, ...]:
    """The targets a model directory (the default model's, if ``None``) was trained for, read without loading it:
    its ``targets.jsonl``, or the default targets for a model written before it had one."""
    path = check_model_dir(model if model is not None else default_model_dir())
    return load_targets(path / TARGETS_FILE) if (path / TARGETS_FILE).exists() else load_targets()


class StanceClassifier:
    """Stance of claims toward targets, as probabilities over ``favor``/``against``/``none``.

    ``model`` is a model directory (default: the built default model), as ``--model`` on the command line.
    Parameters are stored as given; :meth:`load` reads the model. Loaded state ends in ``_``; ``max_length_`` is the
    window in tokens (``max_length``, else the one the model was trained with), ``runtime_`` is the
    runtime ``runtime="auto"`` resolved to (see :data:`stance.runtime.RUNTIMES`), ``tfidf_`` the model's TF-IDF part
    (None when ``tfidf=False`` or the directory has none) and ``tfidf_weight_`` the weight of its log-probabilities
    (the model's training config's ``tfidf_weight``, 1 for a model without one).

    >>> clf = StanceClassifier().load()  # doctest: +SKIP
    >>> clf.predict(["Talks must resume."], clf.targets_)[0][0]  # doctest: +SKIP
    Stance(target='engagement', label='favor', probs=...)
    """

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        batch_size: int = 64,
        max_length: int | None = None,
        runtime: str = "auto",
        tfidf: bool = True,
    ) -> None:
        self.model = model
        self.batch_size = batch_size
        self.max_length = max_length
        self.runtime = runtime
        self.tfidf = tfidf

    def load(self) -> StanceClassifier:
        """Read the model's outputs, targets and calibration, and start its encoder in the chosen runtime."""
        from stance.runtime import RUNTIMES, OnnxEncoder, TorchEncoder, choose_runtime
        from stance.tfidf import TFIDF_DIR, TfidfModel

        if self.runtime not in RUNTIMES:
            raise ModelError(f"runtime must be one of {RUNTIMES}, got {self.runtime!r}")
        path = check_model_dir(self.model if self.model is not None else default_model_dir())
        try:
            label2id = dict(json.loads((path / "config.json").read_text("utf-8"))["label2id"])
        except (ValueError, KeyError, TypeError) as err:
            raise ModelError(f"{path / 'config.json'} has no readable label2id ({err}); re-run `stance train`") from err
        self.targets_ = model_targets(path)
        self.pair_ = set(label2id) == set(LABELS)  # a (target, claim) pair model: one output per label
        expected = [head_label(t.id, label) for t in self.targets_ for label in LABELS]
        missing = [name for name in expected if name not in label2id]
        if missing and not self.pair_:
            raise ModelError(
                f"{path}: config.json has no outputs {missing[:3]}...; expected '<target>|<label>' for every target "
                f"in {TARGETS_FILE} (or the outputs favor/against/none of a pair model). Re-run `stance train`."
            )
        self.labels_ = [label2id[label] for label in LABELS] if self.pair_ else []
        self.heads_ = (
            {} if self.pair_ else {t.id: [label2id[head_label(t.id, label)] for label in LABELS] for t in self.targets_}
        )
        self.temperature_ = _read_temperature(path)
        # A context model was trained on (claim, preceding sentence) pairs and must be given the same at prediction.
        recipe_file = path / "training_config.json"
        recipe = json.loads(recipe_file.read_text("utf-8")) if recipe_file.exists() else {}
        self.context_ = bool(recipe.get("context"))
        self.max_length_ = self.max_length or int(recipe.get("max_length", DEFAULT_MAX_LENGTH))
        self.tfidf_weight_ = float(recipe.get("tfidf_weight", 1.0))
        self.runtime_ = choose_runtime(path) if self.runtime == "auto" else self.runtime
        if self.runtime_ in ("onnx", "onnx-int8"):
            self.encoder_: TorchEncoder | OnnxEncoder = OnnxEncoder(
                path, max_length=self.max_length_, int8=self.runtime_ == "onnx-int8"
            )
        else:
            self.encoder_ = TorchEncoder(path, max_length=self.max_length_, bf16=self.runtime_ == "bf16")
        self.tfidf_ = TfidfModel.load(path / TFIDF_DIR) if self.tfidf and (path / TFIDF_DIR).is_dir() else None
        self.path_ = path
        return self

    @property
    def model_(self) -> PreTrainedModel:
        """The transformers model (torch runtimes only; the ONNX runtimes never load torch)."""
        self._check_loaded()
        model = getattr(self.encoder_, "model", None)
        if model is None:
            raise ModelError(f"runtime {self.runtime_!r} runs an ONNX graph; load with runtime='torch' for the model")
        return model

    def logits(
        self, texts: Sequence[str], targets: Sequence[Target], *, contexts: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Logits, shape ``(len(texts), len(targets), 3)`` in :data:`LABELS` order, and a truncation flag per text.

        The encoder's, plus the TF-IDF model's log-probabilities times ``tfidf_weight_`` when one is loaded
        (``tfidf_``).

        ``contexts`` gives each text's preceding sentence in its paragraph ("" for none); only a context model reads
        it (``context_``), and one given none reads every text without its neighbour (with a warning). Each text is
        read as :func:`~stance.text.model_input` gives it (line-end hyphens joined, Markdown links as their text).
        """
        self._check_loaded()
        texts = [model_input(text) for text in texts]
        contexts = None if contexts is None else [model_input(context) for context in contexts]
        if self.context_ and contexts is None and texts:
            logger.warning(
                "%s was trained to read each claim with the sentence before it; none given, so claims are read alone "
                "(pass contexts=, or annotate documents with stance.load, which gives them)",
                self.path_.name,
            )
        if self.pair_:
            pairs = [(target.description, text) for text in texts for target in targets]
            out, truncated = self._run(pairs, self.labels_)
            shape = (len(texts), len(targets))
            out, truncated = out.reshape(*shape, len(LABELS)), truncated.reshape(shape).any(axis=1)
        else:
            columns = self.check_targets(targets)
            if self.context_:
                inputs = [(text, context) for text, context in zip(texts, contexts or [""] * len(texts))]
            else:
                inputs = [(text, None) for text in texts]
            out, truncated = self._run(inputs, columns.ravel())
            out = out.reshape(len(texts), len(targets), len(LABELS))
        if self.tfidf_ is not None:
            out += self.tfidf_weight_ * self.tfidf_.log_proba(texts, [t.id for t in targets])
        return out, truncated

    def row_logits(
        self, texts: Sequence[str], targets: Sequence[Target], *, contexts: Sequence[str] | None = None
    ) -> np.ndarray:
        """Logits ``(len(texts), 3)`` of each text toward its own target (``targets[i]`` for ``texts[i]``)."""
        self._check_loaded()
        if not texts:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        if self.pair_:
            pairs = [(target.description, model_input(text)) for text, target in zip(texts, targets)]
            return self._run(pairs, self.labels_)[0] + self.lexical_row_logits(texts, [t.id for t in targets])
        distinct = list(dict.fromkeys(t.id for t in targets))
        by_id = {t.id: t for t in targets}
        keys = list(zip(texts, contexts if contexts is not None and self.context_ else [""] * len(texts)))
        unique = list(dict.fromkeys(keys))  # a heads model reads each distinct text once for all its targets
        logits, _ = self.logits([k[0] for k in unique], [by_id[i] for i in distinct], contexts=[k[1] for k in unique])
        key_index = {key: i for i, key in enumerate(unique)}
        target_index = {target: j for j, target in enumerate(distinct)}
        return np.stack([logits[key_index[k], target_index[t.id]] for k, t in zip(keys, targets)]).reshape(-1, 3)

    def lexical_row_logits(self, texts: Sequence[str], target_ids: Sequence[str]) -> np.ndarray:
        """The TF-IDF part's share of :meth:`row_logits` (``(len(texts), 3)``; zeros without one): subtracted, what
        the encoder alone gives, as plain ``transformers`` reads it."""
        self._check_loaded()
        if self.tfidf_ is None:
            return np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        return self.tfidf_weight_ * self.tfidf_.row_log_proba([model_input(text) for text in texts], target_ids)

    def _run(self, inputs: Sequence[tuple[str, str | None]], columns: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """The model's ``columns`` for each input (a text, or a (target, text) pair), and whether it was truncated."""
        out = np.zeros((len(inputs), len(columns)), dtype=np.float32)
        truncated = np.zeros(len(inputs), dtype=bool)
        # Sort by length so each batch pads to a similar length: most of the speed-up of dynamic padding.
        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i][0]) + len(inputs[i][1] or ""))
        for begin in range(0, len(order), self.batch_size):
            indices = order[begin : begin + self.batch_size]
            encoded, truncated[indices] = self.encoder_.encode([inputs[i] for i in indices])
            out[indices] = self.encoder_.forward(encoded)[:, columns]
        return out, truncated

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated probabilities from logits (last axis in :data:`LABELS` order)."""
        return softmax(logits / self.temperature_)

    def predict_proba(
        self, texts: Sequence[str], targets: Sequence[Target], *, contexts: Sequence[str] | None = None
    ) -> np.ndarray:
        """Calibrated probabilities, shape ``(len(texts), len(targets), 3)`` in :data:`LABELS` order; ``contexts``
        as for :meth:`logits`."""
        logits, _ = self.logits(texts, targets, contexts=contexts)
        return self.probabilities(logits)

    def predict(
        self, texts: Sequence[str], targets: Sequence[Target], *, contexts: Sequence[str] | None = None
    ) -> list[list[Stance]]:
        """A :class:`Stance` per text and target; ``contexts`` as for :meth:`logits`."""
        return [stances_from_probs(row, targets) for row in self.predict_proba(texts, targets, contexts=contexts)]

    def check_targets(self, targets: Sequence[Target]) -> np.ndarray:
        """The output columns of each target's head; raises :class:`TargetError` for a target the model lacks.

        A pair model scores any target from its description, so for it every target passes.
        """
        self._check_loaded()
        if self.pair_:
            return np.array([self.labels_ for _ in targets], dtype=int).reshape(len(targets), len(LABELS))
        unknown = [t.id for t in targets if t.id not in self.heads_]
        if unknown:
            raise TargetError(
                f"the model in {self.path_} has no head for target(s) {unknown}; it knows {sorted(self.heads_)}. "
                "Train a model on data labelled for them (`stance train --data ...`), or a pair model "
                "(`--architecture pair`), which scores any target from its description."
            )
        return np.array([self.heads_[t.id] for t in targets], dtype=int)

    def _check_loaded(self) -> None:
        if not hasattr(self, "path_"):
            raise ModelError("this StanceClassifier is not loaded yet; call .load() first")


def stances_from_probs(probs: np.ndarray, targets: Sequence[Target]) -> list[Stance]:
    """One :class:`Stance` per target from a ``(len(targets), 3)`` array of probabilities."""
    return [
        Stance(target=t.id, label=LABELS[int(np.argmax(p))], probs={label: float(x) for label, x in zip(LABELS, p)})
        for t, p in zip(targets, probs)
    ]


def softmax(logits: np.ndarray) -> np.ndarray:
    # numpy, not scipy.special: an annotation run without a TF-IDF part then never imports scipy (0.2 s of start-up).
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _read_temperature(path: Path) -> float:
    file = path / CALIBRATION_FILE
    if not file.exists():
        return 1.0
    try:
        data: dict[str, Any] = json.loads(file.read_text("utf-8"))
        temperature = float(data["temperature"])
    except (ValueError, KeyError, TypeError) as err:
        raise ModelError(f"{file} is corrupt ({err}); delete it or re-run `stance train`") from err
    if not temperature > 0:
        raise ModelError(f"{file}: temperature must be positive, got {temperature}")
    return temperature
