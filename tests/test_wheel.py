"""The package as a user gets it: a wheel in a fresh venv, a model trained there, annotations made with it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(*command: str | Path, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command}: {result.stdout[-2000:]}{result.stderr[-2000:]}"
    return result.stdout + result.stderr


@pytest.mark.slow
def test_wheel_installs_trains_into_the_user_folder_and_annotates(tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k != "STANCE_MODEL"},
        "HOME": str(home),
        "HF_HUB_OFFLINE": "1",
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    }
    run(sys.executable, "-m", "pip", "wheel", REPO, "--no-deps", "--quiet", "-w", tmp_path / "dist", cwd=work, env=env)
    wheel = next((tmp_path / "dist").glob("policy_stance-*.whl"))
    run(sys.executable, "-m", "venv", tmp_path / "venv", cwd=work, env=env)
    bin_ = tmp_path / "venv" / "bin"
    run(bin_ / "python", "-m", "pip", "install", "--quiet", "torch==2.13.0", f"{wheel}[model]", cwd=work, env=env)

    rows = [
        {"id": f"{i}", "text": text, "target": target, "label": label, "split": "train"}
        for i, (text, target, label) in enumerate(
            [
                ("Talks must resume at once.", "engagement", "favor"),
                ("Sanctions must be enforced.", "sanctions", "favor"),
                ("Cancel the drills.", "deterrence", "against"),
                ("The summit was in June.", "engagement", "none"),
            ]
            * 4
        )
    ]
    (work / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    run(bin_ / "stance", "train", "--data", "rows.jsonl", "--epochs", "1", cwd=work, env=env)
    per_user = home / ".local" / "share" / "policy-stance" / "models" / "policy-stance-minilm"
    assert (per_user / "model.safetensors").is_file()  # outside any source tree

    (work / "oped.txt").write_text("Author: Kim\n\nTalks must resume at once. Sanctions must be enforced.\n")
    run(bin_ / "stance", "annotate", "oped.txt", "-o", "out.jsonl", "--nlp", "blank", cwd=work, env=env)
    record = json.loads((work / "out.jsonl").read_text())
    assert record["author"] == "Kim" and len(record["claims"]) == 2 and not record["error"]
    assert json.loads((work / "out.run.json").read_text())["model"] == str(per_user)
    assert str(per_user) in run(bin_ / "stance", "info", cwd=work, env=env)
