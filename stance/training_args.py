"""Hyperparameters of a training run: one frozen record, written next to the model it produced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

ARCHITECTURES = ("heads", "pair")


@dataclass(frozen=True)
class TrainingConfig:
    """How ``stance train`` fine-tunes the base encoder. ``base_model=None`` means the verified all-MiniLM-L6-v2."""

    base_model: str | None = None
    # "heads": one encoder pass per claim, a 3-way head per target (fast; scores only the targets it was trained on).
    # "pair": the encoder reads (target description, claim) and can score unseen targets, at one pass per pair.
    architecture: str = "heads"
    # Epochs and rate chosen on the real-prose dev split (README, "Rounds five to seven" and "The learning rate"):
    # fewer epochs left the model predicting `none` everywhere, more read lower on dev.
    epochs: float = 4.0
    learning_rate: float = 2.5e-4
    batch_size: int = 16
    max_length: int = 128
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    seed: int = 13
    # Weight the loss by the inverse square root of label frequency: most claims take no stance on most targets,
    # and unweighted training collapses to predicting `none` everywhere.
    balance_labels: bool = True
    # Shift each target's `none` logit by an offset fitted on the dev split (real prose when there is any), folded
    # into the output bias. Heads architecture only.
    none_offsets: bool = True
    # Read each claim with the sentence before it in its paragraph (a text pair): what "it" or "this" refers to, and
    # whose view a sentence reports, is often there. Heads architecture only; about twice the tokens per claim.
    context: bool = False
    # Each real-prose training claim (rows with "origin": "real") is seen this many times per epoch.
    real_repeats: int = 1
    # After training on every row, this many further epochs over the real-prose claims alone (0: none). One did not
    # raise real dev and cost the written part (README, "One frozen layer"), so it is off.
    real_epochs: float = 0.0
    # transformers' name for the optimizer: the fused AdamW computes the same update as "adamw_torch" in one kernel
    # (README, "Building the model").
    optimizer: str = "adamw_torch_fused"
    # Keep the pretrained word, position and type embeddings as they are: half the encoder's parameters, and so half
    # of the optimizer's work.
    freeze_embeddings: bool = True
    # Fine-tune a shallower copy of the base encoder: this many of its layers, evenly spaced, first and last kept
    # (None: all). Training and annotation cost fall in proportion. Four of the six, chosen on the dev splits with the
    # TF-IDF part (README, "Four layers"). With another base model, pass its own depth (`--encoder-layers N`).
    encoder_layers: int | None = 4
    # Keep this many of the (kept) encoder's lowest layers as pretrained. Their outputs are then computed once per
    # claim before training (stance.layer_cache), and a step does the forward and backward passes of the layers above
    # only. Needs freeze_embeddings. One, chosen for build time at no cost on the test splits (README, "One frozen
    # layer"); two cost accuracy on the written part.
    frozen_layers: int = 1
    # Fit a TF-IDF model (word and character n-grams, a logistic regression per target) on the same rows and ship it
    # in the model directory, where the classifier adds its log-probabilities to the encoder's logits: the n-grams
    # read wording the encoder blurs. Chosen on the dev splits (README, "Scores on real prose"), where the two together
    # read above the encoder alone on the written part for every build tried and on real prose for most.
    tfidf: bool = True
    # Average the trained weights over this last share of the optimizer steps and keep the average (tail averaging,
    # as stochastic weight averaging does; 0: keep the last step's weights). Averages sit in flatter minima, which
    # is said to carry better to text unlike the training set.
    average_last: float = 0.0
    # The weight of the TF-IDF part's log-probabilities in that sum. 1.5, chosen on the dev splits with the encoder held
    # fixed (README, "Its weight, its settings, and negation"): higher on both dev splits than 1 for both seeds tried.
    tfidf_weight: float = 1.5
    # Dropout on the attention probabilities while fine-tuning (None: the base model's own, 0.1 for MiniLM). Any
    # dropout there keeps torch from its fused CPU attention kernel, so 0 trains faster; it is not the default because
    # it read lower on real prose (README, "Building the model on a CPU with AVX2 only"). Hidden states keep theirs.
    attention_dropout: float | None = None

    def __post_init__(self) -> None:
        if self.architecture not in ARCHITECTURES:
            raise ValueError(f"architecture must be one of {ARCHITECTURES}, got {self.architecture!r}")
        if not self.tfidf_weight > 0:
            raise ValueError(
                f"tfidf_weight must be positive (pass tfidf=False for no TF-IDF part), got {self.tfidf_weight}"
            )
        if not 0.0 <= self.average_last < 1.0:
            raise ValueError(f"average_last must be a share of the steps in [0, 1), got {self.average_last}")
        if self.attention_dropout is not None and not 0.0 <= self.attention_dropout < 1.0:
            raise ValueError(
                f"attention_dropout must be a probability in [0, 1) (or None for the base model's own), "
                f"got {self.attention_dropout}"
            )
        if self.context and self.architecture == "pair":
            raise ValueError("context=True needs architecture='heads': a pair model's text pair is (target, claim)")
        if self.encoder_layers is not None and self.encoder_layers < 1:
            raise ValueError(f"encoder_layers must be 1 or more (or None for all), got {self.encoder_layers}")
        if self.frozen_layers < 0 or (self.encoder_layers is not None and self.frozen_layers >= self.encoder_layers):
            raise ValueError(
                f"frozen_layers must be 0 or more and fewer than encoder_layers={self.encoder_layers}, "
                f"got {self.frozen_layers}; pass frozen_layers=0 (--frozen-layers 0) to train every layer"
            )
        if self.frozen_layers and not self.freeze_embeddings:
            raise ValueError(
                "frozen_layers needs freeze_embeddings=True (frozen layers above changing embeddings would change too); "
                "pass frozen_layers=0 (--frozen-layers 0) to train the embeddings"
            )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_changes(items: Sequence[str]) -> dict[str, Any]:
    """``FIELD=VALUE`` strings as :class:`TrainingConfig` fields, each typed like its default.

    >>> parse_changes(["encoder_layers=3", "learning_rate=3e-4", "freeze_embeddings=false", "attention_dropout=0.0"])
    {'encoder_layers': 3, 'learning_rate': 0.0003, 'freeze_embeddings': False, 'attention_dropout': 0.0}
    """
    defaults = TrainingConfig().to_dict()
    changes: dict[str, Any] = {}
    for item in items:
        field, _, value = item.partition("=")
        if field not in defaults:
            raise ValueError(f"{item!r}: TrainingConfig has no field {field!r}; its fields are {sorted(defaults)}")
        default = defaults[field]
        if isinstance(default, bool):
            changes[field] = value.lower() in ("1", "true", "yes")
        elif default is None:  # the optional fields hold a path (base_model) or a number (encoder_layers, ...)
            changes[field] = _number_or_text(value)
        else:
            changes[field] = type(default)(value)
    return changes


def _number_or_text(value: str) -> int | float | str:
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value
