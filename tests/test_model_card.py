import json
import shutil

from huggingface_hub import ModelCard

from stance.model_card import render_model_card


def test_each_origin_of_each_split_is_its_own_result_in_the_model_index(tiny_model, tmp_path):
    model = shutil.copytree(tiny_model, tmp_path / "m")
    scores = {"macro_f1": 0.5, "f_avg": 0.4, "accuracy": 0.9, "n": 10}
    metrics = {
        "test": {"all": scores, "real": {**scores, "macro_f1": 0.6}, "synthetic": {**scores, "macro_f1": 0.7}},
        "dev": {"all": scores, "real": {**scores, "macro_f1": 0.65}},
    }
    (model / "metrics.json").write_text(json.dumps(metrics))
    card = ModelCard(render_model_card(model))
    reported = {(r.dataset_config, r.dataset_split, r.metric_type): r for r in card.data.eval_results}
    assert reported[("real", "test", "macro_f1")].metric_value == 0.6
    assert reported[("synthetic", "test", "macro_f1")].metric_value == 0.7
    assert reported[("real", "dev", "macro_f1")].metric_value == 0.65
    assert reported[("synthetic", "test", "macro_f1")].dataset_name == "policy-stance corpus (written for the project)"
    # Real prose first: what the model is for.
    assert card.data.eval_results[0].dataset_config == "real"


def test_the_card_names_the_base_encoder_the_model_was_trained_from(tiny_model, tmp_path):
    model = shutil.copytree(tiny_model, tmp_path / "m")
    recipe = model / "training_config.json"
    record = json.loads(recipe.read_text()) if recipe.exists() else {}
    recipe.write_text(json.dumps({**record, "base_model": "/models/my-encoder", "encoder_layers": 2}))
    card = ModelCard(render_model_card(model))
    assert card.data.base_model == "my-encoder" and "all-MiniLM" not in card.text
    assert "project from `my-encoder` (" in card.text  # and no claim about MiniLM's six layers


def test_the_card_gives_the_int8_copys_agreement_to_two_decimals_when_it_was_measured(tiny_model, tmp_path):
    model = shutil.copytree(tiny_model, tmp_path / "m")
    (model / "onnx").mkdir(exist_ok=True)
    assert "model.int8.onnx" not in ModelCard(render_model_card(model)).text  # no copy measured, nothing said
    record = {"agreement": 0.9897, "judgments": 900, "measured_on": "test split, real prose", "cpu": "Some EPYC"}
    (model / "onnx" / "model.int8.json").write_text(json.dumps(record))
    assert "98.97% of 900 judgments" in ModelCard(render_model_card(model)).text  # not "99.0%" beside a 99% floor


def test_the_card_gives_macro_f1_with_its_interval_where_one_was_measured(tiny_model, tmp_path):
    model = shutil.copytree(tiny_model, tmp_path / "m")
    scores = {"macro_f1": 0.6, "f_avg": 0.4, "accuracy": 0.9, "n": 10}
    interval = {"low": 0.55, "high": 0.65, "ci": 0.9, "documents": 25}
    metrics = {"test": {"real": {**scores, "macro_f1_interval": interval}, "synthetic": scores}}
    (model / "metrics.json").write_text(json.dumps(metrics))
    text = ModelCard(render_model_card(model)).text
    assert "| real prose | test | 10 | 0.900 | 0.600 [0.550, 0.650] |" in text
    assert "the 90% interval of macro-F1 from resampling the split's documents" in text


def test_the_card_says_when_some_training_rows_are_not_the_corpus():
    from stance.model_card import TRAINING_DATA, _training_data

    assert _training_data({"train_origins": {"real": 5, "synthetic": 3}}) == TRAINING_DATA
    mixed = _training_data({"train_origins": {"real": 5, "unknown": 60}})
    assert mixed.startswith(TRAINING_DATA) and "60 training rows without an origin" in mixed
    own = _training_data({"train_origins": {"unknown": 60}})
    assert "policy-stance corpus" in own and "State of the Union" not in own
