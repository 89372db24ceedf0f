import json

import pytest
import torch
from safetensors.torch import load_file
from transformers import AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding

from stance.errors import ModelError
from stance.layer_cache import collate_states, lower_states, upper_layers
from stance.train import train
from stance.training_args import TrainingConfig
from tests.test_train import rows

TEXTS = ["Talks must resume.", "Enforce every sanction without exception, now and always.", "Drills, drills."]


def test_upper_layers_on_cached_states_give_the_whole_models_logits(tiny_model):
    model = AutoModelForSequenceClassification.from_pretrained(tiny_model).eval()
    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    examples = [{**tokenizer(text), "labels": [0, 1, 2]} for text in TEXTS]
    collate = DataCollatorWithPadding(tokenizer)
    with torch.no_grad():
        whole = model(**collate([{k: v for k, v in e.items() if k != "labels"} for e in examples])).logits
        for count in (1, 3):
            cached = lower_states(model, examples, count, collate, batch_size=2)
            assert [len(c["inputs_embeds"]) for c in cached] == [len(e["input_ids"]) for e in examples]
            batch = collate_states(cached)
            assert batch["labels"].tolist() == [[0, 1, 2]] * 3
            with upper_layers(model, count):
                upper = model(inputs_embeds=batch["inputs_embeds"], attention_mask=batch["attention_mask"]).logits
            torch.testing.assert_close(upper, whole, atol=1e-5, rtol=1e-4)
    # The block puts the embeddings and every layer back.
    assert type(model.bert.embeddings).__name__ == "BertEmbeddings" and len(model.bert.encoder.layer) == 4


def test_training_with_frozen_layers_changes_only_the_layers_above(tiny_model, tmp_path, monkeypatch):
    from stance import layer_cache

    cached = []
    monkeypatch.setattr(
        layer_cache, "lower_states", lambda *args, **kw: cached.append(args[2]) or lower_states(*args, **kw)
    )
    base = load_file(tiny_model / "model.safetensors")
    config = TrainingConfig(base_model=str(tiny_model), epochs=3, learning_rate=1e-3, batch_size=8, frozen_layers=2)
    classifier = train(rows("train"), tmp_path / "m", config=config, dev_rows=rows("dev"), progress=False)
    assert cached == [2]  # the frozen layers ran once, before training, not at every step
    trained = load_file(tmp_path / "m" / "model.safetensors")
    for name in ("bert.embeddings.word_embeddings.weight", "bert.encoder.layer.1.output.dense.weight"):
        assert (trained[name] == base[name]).all(), name
    for name in ("bert.encoder.layer.2.output.dense.weight", "bert.encoder.layer.3.output.dense.weight"):
        assert not (trained[name] == base[name]).all(), name
    assert json.loads((tmp_path / "m" / "training_config.json").read_text())["frozen_layers"] == 2
    assert classifier.predict_proba(["Talks must resume."], classifier.targets_).shape == (1, 3, 3)


def test_freezing_every_layer_of_an_encoder_kept_whole_is_an_error(tiny_model, tmp_path):
    config = TrainingConfig(base_model=str(tiny_model), encoder_layers=None, frozen_layers=4)
    with pytest.raises(ModelError, match="would freeze all 4 layers"):
        train(rows("train"), tmp_path / "m", config=config, progress=False)


def test_frozen_layers_are_checked_against_the_depth_and_the_embeddings():
    with pytest.raises(ValueError, match="fewer than encoder_layers=4"):
        TrainingConfig(frozen_layers=4)
    with pytest.raises(ValueError, match="needs freeze_embeddings.*--frozen-layers 0"):
        TrainingConfig(freeze_embeddings=False)
    assert TrainingConfig(frozen_layers=0, freeze_embeddings=False).frozen_layers == 0
