import numpy as np
import pytest
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from stance.dropout import ATTENTION, NumpyDropout, numpy_dropout, scaled_mask


@pytest.fixture()
def tiny(tiny_model):
    tokenizer = AutoTokenizer.from_pretrained(tiny_model, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(tiny_model, local_files_only=True).eval()
    # Padding in the first row: the attention masks must hide it on every path.
    batch = tokenizer(
        ["Sanctions work.", "Talks must resume at once, without conditions."], padding=True, return_tensors="pt"
    )
    return model, batch


@pytest.mark.parametrize("p", [0.1, 0.5])
def test_masks_drop_a_share_p_and_keep_the_mean(p):
    mask = scaled_mask(np.random.default_rng(0), torch.Size([400, 500]), p, torch.float32)
    assert mask.unique().tolist() == pytest.approx([0.0, 1 / (1 - p)])
    assert float((mask == 0).float().mean()) == pytest.approx(p, abs=0.003)  # 200,000 draws: sd 0.0007 at p = 0.1
    assert float(mask.mean()) == pytest.approx(1.0, abs=0.005)


def test_layer_passes_through_when_evaluating_or_at_zero():
    x = torch.randn(4, 8)
    generator = np.random.default_rng(0)
    assert torch.equal(NumpyDropout(0.3, generator).eval()(x), x)
    assert torch.equal(NumpyDropout(0.0, generator).train()(x), x)
    assert not torch.equal(NumpyDropout(0.3, generator).train()(x), x)


def test_evaluation_is_unchanged_and_the_model_is_restored(tiny):
    model, batch = tiny
    before = model(**batch).logits
    implementation = model.config._attn_implementation
    with numpy_dropout(model, seed=0):
        assert model.config._attn_implementation == ATTENTION
        assert any(isinstance(m, NumpyDropout) for m in model.modules())
        assert torch.allclose(model(**batch).logits, before, atol=1e-6)  # no dropout: torch's fused attention
    assert model.config._attn_implementation == implementation
    assert not any(isinstance(m, NumpyDropout) for m in model.modules())
    assert sum(type(m) is torch.nn.Dropout for m in model.modules()) > 0


def test_training_masks_follow_the_seed(tiny):
    model, batch = tiny
    model.train()
    try:
        runs = []
        for seed in (0, 0, 1):
            with numpy_dropout(model, seed=seed):
                runs.append(model(**batch).logits)
    finally:
        model.eval()
    assert torch.equal(runs[0], runs[1]) and not torch.allclose(runs[0], runs[2])


def test_attention_dropout_reads_the_padding_mask(tiny):
    # With a dropout probability below 2**-17 every element is kept (scaled by ~1), so the dropout path's attention
    # must give what torch's attention gives, padding included.
    model, batch = tiny
    expected = model(**batch).logits
    for module in model.modules():
        if type(module) is torch.nn.Dropout:
            module.p = 1e-9
    model.train()
    try:
        with numpy_dropout(model, seed=0):
            got = model(**batch).logits
    finally:
        model.eval()
        for module in model.modules():
            if type(module) is torch.nn.Dropout:
                module.p = 0.1
    assert torch.allclose(got, expected, atol=1e-5)


def test_attention_probabilities_get_dropout(tiny):
    # Hidden-state dropout off, attention dropout on: training outputs must differ from evaluation's.
    model, batch = tiny
    expected = model(**batch).logits
    changed = []
    for name, module in model.named_modules():
        if type(module) is torch.nn.Dropout and not name.endswith("attention.self.dropout"):
            changed.append(module)
            module.p = 0.0
    model.train()
    try:
        with numpy_dropout(model, seed=0):
            got = model(**batch).logits
    finally:
        model.eval()
        for module in changed:
            module.p = 0.1
    assert not torch.allclose(got, expected, atol=1e-4)
