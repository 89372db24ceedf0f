"""Build examples/walkthrough.ipynb from its script twin examples/walkthrough.py (`# %%` cells).

python scripts/make_notebook.py
"""

from __future__ import annotations

import json
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def cells(source: str) -> list[dict]:
    out = []
    for block in source.split("# %%")[1:]:
        header, _, body = block.partition("\n")
        if "[markdown]" in header:
            text = "\n".join(line.removeprefix("# ").removeprefix("#") for line in body.strip().splitlines())
            out.append({"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)})
        else:
            out.append(
                {
                    "cell_type": "code",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": body.strip().splitlines(keepends=True),
                }
            )
    return out


def main() -> None:
    notebook = {
        "cells": cells((EXAMPLES / "walkthrough.py").read_text()),
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (EXAMPLES / "walkthrough.ipynb").write_text(json.dumps(notebook, indent=1) + "\n")


if __name__ == "__main__":
    main()
