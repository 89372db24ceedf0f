"""Fine-tune only the upper layers of a BERT-like encoder, from the lower layers' outputs computed once.

With the embeddings and the lowest ``count`` layers frozen, every epoch would recompute the same hidden states for
the same claims. :func:`lower_states` computes them once (without dropout), and :func:`upper_layers` runs the model
from layer ``count`` on, reading those states as its ``inputs_embeds``, so a training step does the forward and
backward passes of the trainable layers only. The model keeps its own attention masking, pooler and head.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import torch


class _GivenStates(torch.nn.Module):
    """Stands in for the embeddings while the upper layers train: the input already is a layer's output."""

    def forward(self, *, inputs_embeds: torch.Tensor, **_: Any) -> torch.Tensor:
        return inputs_embeds


def lower_states(
    model: Any,
    examples: Sequence[Mapping[str, Any]],
    count: int,
    collate: Callable[[list[Mapping[str, Any]]], Mapping[str, torch.Tensor]],
    *,
    batch_size: int = 64,
) -> list[dict[str, Any]]:
    """Each tokenized example as ``input_ids`` (kept for length grouping), ``inputs_embeds`` (the output of the
    embeddings and the lowest ``count`` layers, unpadded) and ``labels``."""
    base = model.base_model
    layers = base.encoder.layer
    order = sorted(range(len(examples)), key=lambda i: len(examples[i]["input_ids"]))  # batches of like length
    states: list[torch.Tensor | None] = [None] * len(examples)
    was_training = model.training
    base.encoder.layer = layers[:count]
    model.eval()
    try:
        with torch.no_grad():  # not inference_mode: its tensors cannot enter autograd later
            for start in range(0, len(order), batch_size):
                chosen = order[start : start + batch_size]
                batch = collate([{k: v for k, v in examples[i].items() if k != "labels"} for i in chosen])
                hidden = base(**batch).last_hidden_state
                lengths = batch["attention_mask"].sum(dim=1).tolist()
                for row, i in enumerate(chosen):
                    if not batch["attention_mask"][row, : lengths[row]].all():
                        raise ValueError("lower_states needs right padding: set the tokenizer's padding_side='right'")
                    states[i] = hidden[row, : lengths[row]].clone()
    finally:
        base.encoder.layer = layers
        model.train(was_training)
    return [
        {"input_ids": example["input_ids"], "inputs_embeds": state, "labels": example["labels"]}
        for example, state in zip(examples, states, strict=True)
    ]


def collate_states(features: list[Mapping[str, Any]]) -> dict[str, torch.Tensor]:
    """Right-pad a batch of :func:`lower_states` examples, with the attention mask that says so."""
    states = [f["inputs_embeds"] for f in features]
    return {
        "inputs_embeds": torch.nn.utils.rnn.pad_sequence(states, batch_first=True),
        "attention_mask": torch.nn.utils.rnn.pad_sequence(
            [torch.ones(len(s), dtype=torch.long) for s in states], batch_first=True
        ),
        "labels": torch.tensor([f["labels"] for f in features]),
    }


@contextmanager
def upper_layers(model: Any, count: int) -> Iterator[Any]:
    """Within the block, ``model(inputs_embeds=states, ...)`` starts at layer ``count`` (the weights are shared)."""
    base = model.base_model
    embeddings, layers = base.embeddings, base.encoder.layer
    base.embeddings, base.encoder.layer = _GivenStates(), layers[count:]
    try:
        yield model
    finally:
        base.embeddings, base.encoder.layer = embeddings, layers
