"""Hyperparameters of a training run: one frozen record, written next to the model it produced."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class TrainingConfig:
    """How ``stance train`` fine-tunes the base encoder. ``base_model=None`` means the verified all-MiniLM-L6-v2."""

    base_model: str | None = None
    epochs: float = 4.0
    learning_rate: float = 5e-5
    batch_size: int = 16
    max_length: int = 128
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    seed: int = 13
    # Weight the loss by the inverse square root of label frequency: most claims take no stance on most targets,
    # and unweighted training collapses to predicting `none` everywhere.
    balance_labels: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
