"""The notebook's script twin runs end to end offline (with the tiny model), and the notebook matches it."""

import json
import os
import subprocess
import sys

from tests.conftest import REPO


def test_walkthrough_runs(tiny_model):
    env = {**os.environ, "STANCE_MODEL": str(tiny_model), "MPLBACKEND": "Agg", "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, str(REPO / "examples" / "walkthrough.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_notebook_is_built_from_its_script_twin():
    notebook = json.loads((REPO / "examples" / "walkthrough.ipynb").read_text())
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    script = (REPO / "examples" / "walkthrough.py").read_text()
    assert all(block in script for block in code) and len(code) == script.count("# %%\n")
