import json

from typer.testing import CliRunner

from stance.cli import app
from stance.runtime import file_sha256


def test_info_names_the_model_its_weights_and_the_segmenter(tiny_model, monkeypatch):
    monkeypatch.setenv("STANCE_MODEL", str(tiny_model))
    result = CliRunner().invoke(app, ["info", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["model"]["path"] == str(tiny_model) and info["model"]["from"] == "$STANCE_MODEL"
    assert info["model"]["weights_sha256"] == file_sha256(tiny_model / "model.safetensors")
    assert info["model"]["targets"] == ["engagement", "sanctions", "deterrence"]
    assert info["model"]["runtime"] == "torch"  # the tiny model has no ONNX export
    assert info["packages"]["torch"] and info["segmenter"]
    plain = CliRunner().invoke(app, ["info"])
    assert plain.exit_code == 0 and "weights sha256" in plain.output


def test_default_model_is_found_per_user_then_in_a_checkout(tmp_path, monkeypatch):
    import platformdirs

    from stance import classify

    monkeypatch.delenv("STANCE_MODEL", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_path", lambda name: tmp_path / name)
    per_user = tmp_path / "policy-stance" / "models" / "policy-stance-minilm"
    checkout = classify.Path(classify.__file__).resolve().parent.parent / "models" / "policy-stance-minilm"
    expected = checkout if (checkout / "model.safetensors").is_file() else per_user
    assert classify.default_model_dir() == expected  # nothing per user: the checkout's model, if built
    per_user.mkdir(parents=True)
    (per_user / "model.safetensors").write_bytes(b"")
    assert classify.default_model_dir() == per_user
    monkeypatch.setenv("STANCE_MODEL", str(tmp_path / "elsewhere"))
    assert classify.default_model_dir() == tmp_path / "elsewhere"


def test_a_missing_extra_is_a_one_line_error_naming_it(monkeypatch, tmp_path):
    import builtins

    from stance.errors import StanceError
    from stance.segment import load_nlp

    real_import = builtins.__import__

    def without_spacy(name, *args, **kwargs):
        if name == "spacy":
            raise ImportError("No module named 'spacy'", name="spacy")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_spacy)
    try:
        load_nlp("blank")
    except StanceError as err:
        assert "pip install 'policy-stance[model]'" in str(err) and "spacy" in str(err)
    else:
        raise AssertionError("expected a StanceError")


def test_the_package_ships_its_type_marker_and_data():
    import tomllib
    from importlib import resources

    from stance.cli import REPO_ROOT

    assert resources.files("stance").joinpath("py.typed").is_file()
    package_data = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "py.typed" in package_data["stance"] and "*.html" in package_data["stance.templates"]
