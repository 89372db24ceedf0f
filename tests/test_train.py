import json
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest
from huggingface_hub import ModelCard
from safetensors.torch import load_file

from stance.classify import StanceClassifier, default_model_dir
from stance.errors import CorpusError, ModelError
from stance.heldout import row_logits
from stance.model_card import BENCHMARKS_FILE, add_benchmark_rows
from stance.pipeline import Pipeline
from stance.runtime import choose_runtime, cpu_features, export_is_current
from stance.segment import Segmenter
from stance.targets import load_targets
from stance.train import train
from stance.training_args import TrainingConfig
from stance.types import Target

CLAIMS = {
    "Talks with Pyongyang must resume at once.": {"engagement": "favor"},
    "Summits only reward provocation.": {"engagement": "against"},
    "Enforce every sanction without exception.": {"sanctions": "favor"},
    "Sanctions starve ordinary people and must end.": {"sanctions": "against"},
    "The alliance must stay ready to fight tonight.": {"deterrence": "favor"},
    "More joint drills only raise tensions.": {"deterrence": "against"},
    "The summit took place in June.": {},
    "Tariffs on steel hurt car makers.": {},
}


def rows(split: str) -> list[dict]:
    out = []
    for i, (text, labels) in enumerate(CLAIMS.items()):
        for target in ("engagement", "sanctions", "deterrence"):
            out.append(
                {
                    "id": f"{split}{i}{target}",
                    "text": text,
                    "target": target,
                    "label": labels.get(target, "none"),
                    "split": split,
                }
            )
    return out


def test_train_writes_a_complete_model_directory_deterministically(tiny_model, tmp_path, monkeypatch):
    import stance.train

    monkeypatch.setattr(stance.train, "has_int8_units", lambda: True)  # a CPU with VNNI or AMX: the int8 copy is made
    config = TrainingConfig(base_model=str(tiny_model), epochs=1, batch_size=8, seed=3)
    clf = train(
        rows("train"),
        tmp_path / "a",
        config=config,
        targets=load_targets(),
        dev_rows=rows("dev"),
        test_rows=rows("test"),
        progress=False,
    )
    model_dir = tmp_path / "a"
    for name in (
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "targets.jsonl",
        "training_config.json",
        "calibration.json",
        "metrics.json",
    ):
        assert (model_dir / name).exists(), name
    assert not list(model_dir.glob("*.bin"))
    assert (model_dir / "tfidf" / "weights.safetensors").is_file() and clf.tfidf_ is not None
    assert export_is_current(model_dir)  # annotating starts with ONNX Runtime, without torch
    int8 = json.loads((model_dir / "onnx" / "model.int8.json").read_text())  # what decides whether auto runs int8

    def labels(runtime, tfidf):
        classifier = StanceClassifier(model_dir, runtime=runtime, tfidf=tfidf).load()
        return row_logits(classifier, rows("test")).argmax(axis=1)

    shares = [float((labels("torch", tfidf) == labels("onnx-int8", tfidf)).mean()) for tfidf in (True, False)]
    # The record is the lower of the shares with and without the TF-IDF part, over every test judgment here.
    assert int8["agreement"] == round(min(shares), 4)
    assert int8["judgments"] == len(rows("test")) and int8["cpu"] == cpu_features()[0]
    assert clf.runtime_ == "torch" and choose_runtime(model_dir) == "onnx"  # 24 judgments are too few for int8
    config_json = json.loads((model_dir / "config.json").read_text())
    assert config_json["id2label"]["0"] == "engagement|favor" and len(config_json["id2label"]) == 9
    metrics = json.loads((model_dir / "metrics.json").read_text())
    assert metrics["test"]["all"]["n"] == len(rows("test")) and set(metrics["dev"]) == {"all"}
    assert metrics["test, encoder alone"]["all"]["n"] == len(rows("test"))  # what plain transformers gives
    calibration = json.loads((model_dir / "calibration.json").read_text())
    assert calibration["temperature"] > 0 and clf.temperature_ == calibration["temperature"]
    assert set(calibration["none_offsets"]) == {"engagement", "sanctions", "deterrence"}
    # Two dev stances per target are too few to move a boundary: every offset stays 0, and the card says why.
    assert set(calibration["none_offsets"].values()) == {0.0} and calibration["none_offsets_min_stances"] == 20
    from stance.quantify import read_confusion

    confusion = read_confusion(model_dir)  # measured on the test rows, for `stance compare` to correct with
    assert confusion.targets == ("deterrence", "engagement", "sanctions")
    assert sum(m.sum() for m in confusion.labels.values()) == len(rows("test"))
    assert sum(m.sum() for m in confusion.probabilities.values()) == pytest.approx(len(rows("test")), rel=1e-4)
    # Each split is read once and its outputs reused: they must equal what the saved model gives afresh.
    from stance.calibrate import fit_temperature
    from stance.heldout import evaluate_by_origin, measure_confusion

    assert evaluate_by_origin(clf, rows("test")) == metrics["test"]
    assert evaluate_by_origin(clf, rows("dev")) == metrics["dev"]
    again = measure_confusion(clf, rows("test"), split="test")
    assert all(np.allclose(again.probabilities[t], confusion.probabilities[t], atol=1e-5) for t in confusion.targets)
    refit = fit_temperature(row_logits(clf, rows("dev")), [r["label"] for r in rows("dev")])[0]
    assert refit == pytest.approx(calibration["temperature"], rel=1e-3)

    card = ModelCard.load(model_dir / "README.md")
    # The base is the one it was trained from: here the tiny model.
    assert card.data.pipeline_tag == "text-classification" and card.data.base_model == tiny_model.name
    reported = {(r.dataset_config, r.dataset_split, r.metric_type): r.metric_value for r in card.data.eval_results}
    assert reported[("all", "test", "macro_f1")] == round(metrics["test"]["all"]["macro_f1"], 4)
    assert "Out-of-scope uses" in card.text and "Real prose" in card.text
    assert "only for a target with at least 20 stances there" in card.text

    def row(system: str, value: float, source: str = "benchmark_stance.py") -> dict:
        return {"dataset": "tweeteval_stance", "system": system, "metric": "f_avg", "value": value, "source": source}

    add_benchmark_rows(model_dir, [row("recipe, seed 13", 0.6838), row("recipe, seed 14", 0.6968)], note="two seeds")
    add_benchmark_rows(model_dir, [row("pairs, seed 13", 0.61, source="other.py")], note="two scripts")
    add_benchmark_rows(model_dir, [row("recipe, seed 13", 0.6901)], note="two scripts")  # a rerun of one seed
    rows_kept = json.loads((model_dir / BENCHMARKS_FILE).read_text())["rows"]
    assert [(r["system"], r["value"]) for r in rows_kept] == [("pairs, seed 13", 0.61), ("recipe, seed 13", 0.6901)]
    assert "| tweeteval_stance | recipe, seed 13 | f_avg | 69.01 |" in (model_dir / "README.md").read_text()

    train(rows("train"), tmp_path / "b", config=config, targets=load_targets(), dev_rows=rows("dev"), progress=False)
    a, b = load_file(model_dir / "model.safetensors"), load_file(tmp_path / "b" / "model.safetensors")
    assert all((a[k] == b[k]).all() for k in a), "the same seed must give the same weights"


def test_a_shallower_encoder_with_frozen_embeddings_trains_only_what_it_should(tiny_model, tmp_path):
    from safetensors.torch import load_file as load_weights

    base = load_weights(tiny_model / "model.safetensors")
    config = TrainingConfig(
        base_model=str(tiny_model),
        epochs=3,
        learning_rate=1e-3,
        batch_size=8,
        encoder_layers=1,
        frozen_layers=0,
        freeze_embeddings=True,
    )
    classifier = train(rows("train"), tmp_path / "m", config=config, dev_rows=rows("dev"), progress=False)
    assert json.loads((tmp_path / "m" / "config.json").read_text())["num_hidden_layers"] == 1
    trained = load_weights(tmp_path / "m" / "model.safetensors")
    assert not any(name.startswith("bert.encoder.layer.1.") for name in trained)
    embeddings = "bert.embeddings.word_embeddings.weight"
    assert (trained[embeddings] == base[embeddings]).all()
    kept = "bert.encoder.layer.0.output.dense.weight"
    assert not (trained[kept] == base[kept]).all()
    assert classifier.predict_proba(["Talks must resume."], classifier.targets_).shape == (1, 3, 3)
    with pytest.raises(ValueError, match="encoder_layers must be 1 or more"):
        TrainingConfig(encoder_layers=0)
    with pytest.raises(ModelError, match="only 4 layers"):
        train(rows("train"), tmp_path / "x", config=TrainingConfig(base_model=str(tiny_model), encoder_layers=5))


@pytest.mark.parametrize("units", [False, None])  # none, or flags it cannot read: `auto` runs fp32 either way
def test_no_int8_copy_is_made_on_a_cpu_without_int8_units(tiny_model, tmp_path, monkeypatch, caplog, units):
    import stance.train

    monkeypatch.setattr(stance.train, "has_int8_units", lambda: units)
    config = TrainingConfig(base_model=str(tiny_model), epochs=1, batch_size=8, tfidf=False)
    with caplog.at_level("INFO", logger="stance"):
        train(
            rows("train"), tmp_path / "m", config=config, dev_rows=rows("dev"), test_rows=rows("test"), progress=False
        )
    assert export_is_current(tmp_path / "m") and choose_runtime(tmp_path / "m") == "onnx"
    assert not (tmp_path / "m" / "onnx" / "model.int8.onnx").exists()
    assert not (tmp_path / "m" / "onnx" / "model.int8.json").exists()
    assert "no int8 copy: this CPU has no int8 dot-product units" in caplog.text
    assert "model.int8.onnx" not in ModelCard.load(tmp_path / "m" / "README.md").text


def test_attention_dropout_is_set_while_training_and_recorded(tiny_model, tmp_path, monkeypatch):
    import torch
    import transformers

    seen = []

    class Recording(transformers.Trainer):
        def train(self, *args, **kwargs):
            layers = [(n, m.p) for n, m in self.model.named_modules() if isinstance(m, torch.nn.Dropout)]
            attention = {p for n, p in layers if n.endswith("attention.self.dropout")}
            seen.append((attention, {p for n, p in layers if not n.endswith("attention.self.dropout")}))
            return super().train(*args, **kwargs)

    monkeypatch.setattr(transformers, "Trainer", Recording)
    config = TrainingConfig(base_model=str(tiny_model), epochs=1, batch_size=8, tfidf=False, frozen_layers=0)
    train(rows("train"), tmp_path / "own", config=config, progress=False)
    train(rows("train"), tmp_path / "off", config=replace(config, attention_dropout=0.0), progress=False)
    # The tiny base's own, then none; the hidden states' and the head's dropout left as they were.
    assert seen == [({0.1}, {0.1}), ({0.0}, {0.1})]
    assert json.loads((tmp_path / "off" / "config.json").read_text())["attention_probs_dropout_prob"] == 0.0


def test_dev_scores_read_the_calibrated_model(tiny_model, tmp_path, monkeypatch):
    # The dev outputs are computed once, before the offsets are folded in: the scores must still be the saved model's.
    from stance import calibrate
    from stance.heldout import evaluate_by_origin

    monkeypatch.setattr(calibrate, "fit_none_offsets", lambda logits, labels, targets: dict.fromkeys(targets, -1.5))
    config = TrainingConfig(base_model=str(tiny_model), epochs=1, batch_size=8, seed=3, tfidf=False)
    clf = train(rows("train"), tmp_path / "m", config=config, dev_rows=rows("dev"), progress=False)
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    assert json.loads((tmp_path / "m" / "calibration.json").read_text())["none_offsets"]["sanctions"] == -1.5
    again = evaluate_by_origin(clf, rows("dev"))["all"]
    assert again["confusion"] == metrics["dev"]["all"]["confusion"]
    assert again["ece"] == pytest.approx(metrics["dev"]["all"]["ece"], abs=1e-6)


def test_targets_unknown_to_the_targets_file_are_described_by_their_id(tiny_model, tmp_path):
    data = [dict(r, target="arms_control") for r in rows("train") if r["target"] == "engagement"][:6]
    train(data, tmp_path / "m", config=TrainingConfig(base_model=str(tiny_model), epochs=1), progress=False)
    assert [(t.id, t.description) for t in StanceClassifier(tmp_path / "m").load().targets_] == [
        ("arms_control", "arms_control")
    ]


def test_pair_model_scores_targets_it_was_never_trained_on(tiny_model, tmp_path):
    config = TrainingConfig(base_model=str(tiny_model), epochs=1, batch_size=8, architecture="pair")
    clf = train(
        rows("train"), tmp_path / "pair", config=config, targets=load_targets(), dev_rows=rows("dev"), progress=False
    )
    config_json = json.loads((tmp_path / "pair" / "config.json").read_text())
    assert sorted(config_json["label2id"]) == ["against", "favor", "none"] and clf.pair_
    unseen = [Target("nuclear_energy", "building new nuclear power plants"), *clf.targets_]
    texts = ["Build the reactors now.", "Talks with Pyongyang must resume at once."]
    logits, truncated = clf.logits(texts, unseen)
    assert logits.shape == (2, 4, 3) and not truncated.any()
    # Each cell is the model's reading of that (target description, claim) pair, whatever else is in the batch.
    alone = clf.row_logits([texts[1]], [unseen[0]])
    assert np.allclose(alone[0], logits[1, 0], atol=1e-5)
    pipe = Pipeline(Segmenter("blank"), clf, unseen)
    stances = pipe("Build the reactors now. Talks must resume at once.").claims[0].stances
    assert list(stances) == ["nuclear_energy", "engagement", "sanctions", "deterrence"]


def test_unknown_architecture_is_refused():
    with pytest.raises(ValueError, match="architecture must be one of"):
        TrainingConfig(architecture="siamese")


def test_no_rows_is_an_error(tiny_model, tmp_path):
    with pytest.raises(CorpusError, match="no training rows"):
        train([], tmp_path / "m", config=TrainingConfig(base_model=str(tiny_model)), progress=False)


@pytest.mark.slow
@pytest.mark.skipif(not (default_model_dir() / "model.safetensors").exists(), reason="default model not built")
def test_default_model_gets_clear_claims_right():
    clf = StanceClassifier().load()
    targets = {t.id: t for t in clf.targets_}
    clear = [
        ("We must enforce the sanctions strictly and close every loophole.", "sanctions", "favor"),
        ("Sanctions have failed and only hurt ordinary people; lift them.", "sanctions", "against"),
        ("Washington should open direct talks with Pyongyang without delay.", "engagement", "favor"),
        ("The alliance must strengthen its missile defences and readiness.", "deterrence", "favor"),
    ]
    for text, target, label in clear:
        assert clf.predict([text], [targets[target]])[0][0].label == label, text


def test_a_context_model_reads_each_claim_with_the_sentence_before_it(tiny_model, tmp_path, caplog):
    data = [dict(r, context="Pyongyang tested a missile.") for r in rows("train")]
    config = TrainingConfig(base_model=str(tiny_model), epochs=1, batch_size=8, context=True)
    train(data, tmp_path / "c", config=config, progress=False)
    clf = StanceClassifier(tmp_path / "c").load()
    assert clf.context_ and json.loads((tmp_path / "c" / "training_config.json").read_text())["context"]
    texts = ["Talks must resume.", "Talks must resume."]
    with_context = clf.row_logits(texts, list(clf.targets_[:1]) * 2, contexts=["", "Sanctions failed."])
    assert not np.allclose(with_context[0], with_context[1]), "the context must reach the encoder"
    given = clf.predict_proba(texts[:1], clf.targets_[:1], contexts=["Sanctions failed."])
    assert np.allclose(given[0, 0], clf.probabilities(with_context[1]), atol=1e-5)  # predict passes contexts on
    with caplog.at_level("WARNING", logger="stance.classify"):
        clf.predict(texts[:1], clf.targets_[:1])
    assert "read alone" in caplog.text
    with pytest.raises(ValueError, match="heads"):
        TrainingConfig(context=True, architecture="pair")


def test_retraining_into_a_model_folder_drops_the_old_calibration_and_benchmarks(tiny_model, tmp_path):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "calibration.json").write_text('{"temperature": 99.0}')
    (folder / "confusion.json").write_text('{"targets": {}}')
    (folder / BENCHMARKS_FILE).write_text(
        '{"note": "stale", "rows": [{"dataset": "x", "system": "stale-system", "metric": "f", "value": 0.9}]}'
    )
    train(rows("train"), folder, config=TrainingConfig(base_model=str(tiny_model), epochs=1), progress=False)
    assert not (folder / "calibration.json").exists() and not (folder / BENCHMARKS_FILE).exists()
    assert not (folder / "confusion.json").exists()
    assert (
        StanceClassifier(folder).load().temperature_ == 1.0 and "stale-system" not in (folder / "README.md").read_text()
    )


def test_conflicting_labels_for_one_claim_are_an_error_naming_both_rows():
    from stance.errors import CorpusError
    from stance.train import claim_label_matrix

    rows = [
        {"id": "a", "text": "Talk now.", "target": "engagement", "label": "favor"},
        {"id": "b", "text": "Talk now.", "target": "engagement", "label": "against"},
    ]
    with pytest.raises(CorpusError, match=r"row 'a' says 'favor', row 'b' says 'against'"):
        claim_label_matrix(rows, ["engagement"])
    assert claim_label_matrix(rows[:1] * 2, ["engagement"])[1].tolist() == [[0]]  # repeats that agree are fine


@pytest.mark.parametrize("option", ["--dev-split", "--eval-split"])  # the second: its name before
def test_cli_train_refuses_a_misspelt_dev_split(tiny_model, tmp_path, option):
    from typer.testing import CliRunner

    from stance.cli import app

    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows("train") + rows("dev")))
    args = ["train", "--data", str(data), "-o", str(tmp_path / "m"), "--base-model", str(tiny_model)]
    result = CliRunner().invoke(app, [*args, option, "dve", "--epochs", "1"])
    assert result.exit_code == 1 and "no rows in split 'dve'; its splits are ['dev', 'train']" in result.output
    assert not (tmp_path / "m").exists()


def test_training_learns_a_separable_task_from_random_weights(tmp_path):
    from stance.heldout import evaluate_rows
    from tests.conftest import build_tiny_model

    base = build_tiny_model(tmp_path / "random", steps=0)
    untrained = evaluate_rows(StanceClassifier(base).load(), rows("train"))["macro_f1"]
    config = TrainingConfig(
        base_model=str(base),
        epochs=60,
        learning_rate=1e-2,
        batch_size=4,
        none_offsets=False,
        encoder_layers=2,
        frozen_layers=0,
        freeze_embeddings=False,
    )
    trained = evaluate_rows(train(rows("train"), tmp_path / "m", config=config, progress=False), rows("train"))
    assert untrained < 0.5 and trained["macro_f1"] > 0.9, (untrained, trained["macro_f1"])


def test_config_changes_are_typed_like_their_defaults_and_unknown_fields_named():
    from stance.training_args import parse_changes

    assert TrainingConfig(**parse_changes(["encoder_layers=2", "epochs=3"])) == TrainingConfig(
        encoder_layers=2, epochs=3.0
    )
    assert parse_changes(["attention_dropout=0.0", "base_model=models/x"]) == {
        "attention_dropout": 0.0,
        "base_model": "models/x",
    }
    with pytest.raises(ValueError, match="no field 'layers'.*encoder_layers"):
        parse_changes(["layers=2"])
    with pytest.raises(ValueError, match=r"attention_dropout must be a probability in \[0, 1\)"):
        TrainingConfig(attention_dropout=1.0)


def test_real_epochs_train_further_on_the_real_prose_claims_alone(tiny_model, tmp_path, monkeypatch):
    import transformers

    data = [dict(r, origin="real" if i % 6 < 3 else "synthetic") for i, r in enumerate(rows("train"))]
    real_claims = len({r["text"] for r in data if r["origin"] == "real"})
    seen = []

    class Recording(transformers.Trainer):
        def __init__(self, *args, **kwargs):
            seen.append((len(kwargs["train_dataset"]), kwargs["args"].num_train_epochs))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(transformers, "Trainer", Recording)
    config = TrainingConfig(base_model=str(tiny_model), epochs=1, batch_size=8, seed=3, tfidf=False, real_epochs=2)
    train(data, tmp_path / "m", config=config, progress=False)
    assert seen == [(len({r["text"] for r in data}), 1), (real_claims, 2)]
    seen.clear()
    train(data, tmp_path / "n", config=TrainingConfig(**{**config.to_dict(), "real_epochs": 0}), progress=False)
    assert len(seen) == 1


def test_tail_averaging_keeps_the_mean_of_the_last_steps_weights():
    import torch

    from stance.train import _tail_average

    model = torch.nn.Sequential(torch.nn.Linear(1, 1, bias=False), torch.nn.Linear(1, 1, bias=False))
    model[1].weight.requires_grad_(False)  # frozen weights are left alone
    model[1].weight.data.fill_(7.0)
    average = _tail_average(model, 0.5)
    state = SimpleNamespace(global_step=0, max_steps=4)
    for step, value in enumerate([1.0, 2.0, 3.0, 5.0], start=1):
        model[0].weight.data.fill_(value)
        state.global_step = step
        average.on_step_end(None, state, None)
    average.on_train_end(None, state, None)
    assert model[0].weight.item() == 4.0 and model[1].weight.item() == 7.0  # the mean of steps 3 and 4
    with pytest.raises(ValueError, match="average_last"):
        TrainingConfig(average_last=1.0)


def test_mistakes_in_the_training_data_or_output_are_refused_before_training(tiny_model, tmp_path, caplog):
    from stance.errors import CorpusError, StanceError
    from stance.targets import load_targets

    config = TrainingConfig(base_model=str(tiny_model), epochs=1, batch_size=8, tfidf=False)
    one_label = [dict(r, label="favor") if r["target"] == "sanctions" else r for r in rows("train")]
    with pytest.raises(CorpusError, match=r"sanctions \(only 'favor'\) carry a single label"):
        train(one_label, tmp_path / "m", config=config, progress=False)
    (tmp_path / "afile").write_text("")
    with pytest.raises(StanceError, match="afile is a file"):
        train(rows("train"), tmp_path / "afile", config=config, progress=False)
    assert not (tmp_path / "m").exists()  # nothing trained, nothing written
    typo = [dict(r, target="sanctons") if r["target"] == "sanctions" else r for r in rows("train")]
    with caplog.at_level("WARNING", logger="stance"):
        train(typo, tmp_path / "t", config=config, targets=load_targets(), progress=False, max_steps=1)
    assert "target(s) sanctons in the data are not in the targets file" in caplog.text
