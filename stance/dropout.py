"""Dropout whose masks come from numpy's PCG64 generator, for training on CPUs.

torch's CPU dropout draws one Mersenne Twister number per element, serially (it uses MKL's vectorised generator
only on Intel CPUs); numpy draws the same Bernoulli masks as 16-bit integers several times faster (README, "Building
the model on a CPU with AVX2 only"). :func:`numpy_dropout` swaps a BERT-like model's dropout layers, and the dropout
on its attention probabilities, for such masks while a block runs, and puts everything back after it. The masks
differ from torch's draw by draw, not in law: an element is kept with probability ``1 − round(p·65536)/65536`` (``p``
to within 1e-5) and scaled by ``1/(1 − p)``.

>>> import torch
>>> layer = NumpyDropout(0.1, np.random.default_rng(0)).train()
>>> kept = layer(torch.ones(100_000))
>>> round(float((kept == 0).float().mean()), 2), round(float(kept.mean()), 2)
(0.1, 1.0)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import numpy as np
import torch

ATTENTION = "stance_numpy_dropout"  # the name this module's attention function is registered under in transformers


class NumpyDropout(torch.nn.Module):
    """``torch.nn.Dropout(p)`` with masks drawn from ``generator`` (a :class:`numpy.random.Generator`)."""

    def __init__(self, p: float, generator: np.random.Generator) -> None:
        super().__init__()
        self.p = p
        self.generator = generator

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return hidden
        return hidden * scaled_mask(self.generator, hidden.shape, self.p, hidden.dtype)


def scaled_mask(generator: np.random.Generator, shape: torch.Size, p: float, dtype: torch.dtype) -> torch.Tensor:
    """A tensor of ``shape`` holding 0 with probability ``p`` (to 16 bits) and ``1/(1 − p)`` otherwise."""
    draws = np.frombuffer(generator.bytes(2 * int(np.prod(shape))), dtype=np.uint16).reshape(tuple(shape))
    kept = draws >= round(p * 65536)
    return torch.from_numpy(kept.astype(np.float32) * np.float32(1 / (1 - p))).to(dtype)


def _attention(
    generator: np.random.Generator,
    module: torch.nn.Module,
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    attention_mask: torch.Tensor | None,
    dropout: float = 0.0,
    scaling: float | None = None,
    **kwargs: Any,
) -> tuple[torch.Tensor, None]:
    """transformers' eager attention with :func:`scaled_mask` as its dropout; without dropout (evaluation, or p = 0)
    its fused SDPA attention, which reads the same boolean masks."""
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    if not dropout:
        return sdpa_attention_forward(module, query, key, value, attention_mask, scaling=scaling, **kwargs)
    scores = torch.matmul(query, key.transpose(2, 3)) * (query.size(-1) ** -0.5 if scaling is None else scaling)
    if attention_mask is not None:  # sdpa's mask: True where a query may attend
        scores = scores.masked_fill(~attention_mask, torch.finfo(scores.dtype).min)
    weights = torch.softmax(scores, dim=-1)
    weights = weights * scaled_mask(generator, weights.shape, dropout, weights.dtype)
    return torch.matmul(weights, value).transpose(1, 2).contiguous(), None


@contextmanager
def numpy_dropout(model: Any, seed: int) -> Iterator[Any]:
    """Within the block, ``model``'s ``torch.nn.Dropout`` layers and attention dropout draw masks from one numpy
    generator seeded with ``seed`` (the same masks for the same seed); the model's own layers come back after it."""
    from transformers import AttentionInterface
    from transformers.masking_utils import AttentionMaskInterface, sdpa_mask

    generator = np.random.default_rng(seed)
    AttentionInterface.register(ATTENTION, partial(_attention, generator))
    AttentionMaskInterface.register(ATTENTION, sdpa_mask)
    swapped = []
    for parent in model.modules():
        for name, child in parent.named_children():
            if type(child) is torch.nn.Dropout:
                swapped.append((parent, name, child))
                setattr(parent, name, NumpyDropout(child.p, generator).train(child.training))
    config = model.config
    implementation = config._attn_implementation
    config._attn_implementation = ATTENTION
    try:
        yield model
    finally:
        config._attn_implementation = implementation
        for parent, name, child in swapped:
            setattr(parent, name, child)
