"""The committed corpus keeps its promises: real prose only from the years that may be trained on, voices in one split,
every real sentence labelled by two annotators and, where they differed, an adjudicator."""

from __future__ import annotations

import json
from argparse import Namespace
from collections import defaultdict
from pathlib import Path

import pytest

from tests.test_scripts import load_script

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "policy-stance"


def real_documents() -> list[dict]:
    return [
        json.loads(line)
        for name in ("real-sotu", "real-ungdc")
        for line in (CORPUS / "raw" / f"{name}.jsonl").read_text("utf-8").splitlines()
    ]


def test_real_prose_comes_only_from_the_years_that_may_be_annotated():
    for doc in real_documents():
        if doc["doc_id"].startswith("sotu-"):
            assert 1946 <= doc["year"] <= 2000, doc["doc_id"]
        else:
            assert doc["doc_id"].startswith("ungdc-") and 1991 <= doc["year"] <= 2005, doc["doc_id"]


def test_real_prose_is_large_enough_and_split_by_voice():
    docs = real_documents()
    claims = [item for doc in docs for paragraph in doc["paragraphs"] for item in paragraph]
    assert len(claims) >= 3000
    assert sum(any(v != "none" for v in c["labels"].values()) for c in claims) >= 600
    presidents = defaultdict(set)
    for doc in docs:
        if doc["doc_id"].startswith("sotu-"):
            presidents[doc["author"]].add(doc["split"])
    assert all(len(splits) == 1 for splits in presidents.values()), presidents
    assert {split for splits in presidents.values() for split in splits} == {"train", "dev", "test"}


def test_assemble_reports_kappa_uses_agreed_labels_and_adjudication_and_refuses_gaps(tmp_path):
    real_prose = load_script("real_prose")
    annotation = tmp_path / "annotation"
    for folder in ("annotator-a", "annotator-b", "adjudication"):
        (annotation / folder).mkdir(parents=True)
    (tmp_path / "corpus" / "raw").mkdir(parents=True)
    sentences = ["We must keep our defenses strong.", "Talks with Moscow must go on.", "Housing starts rose."]
    unit = {
        "id": "sotu-1960-X-1/p001",
        "doc_id": "sotu-1960-X-1",
        "paragraph": 1,
        "text": " ".join(sentences),
        "author": "X",
        "voice": "U.S. President X",
        "year": 1960,
        "genre": "speech",
        "split": "train",
        "source": "sotu 1960-X-1; paragraph 1",
        "round": 1,
        "sentences": [[0, 33], [34, 63], [64, 84]],
    }
    (annotation / "paragraphs.jsonl").write_text(json.dumps(unit) + "\n")
    ids = [f"sotu-1960-X-1/p001/s0{k}" for k in range(3)]
    assert [s["text"] for s in real_prose.read_units(annotation)[0]["sentences"]] == sentences
    (annotation / "annotator-a" / "b.tsv").write_text(f"{ids[0]}\tn\tn\tf\n{ids[1]}\tf\tn\tn\n{ids[2]}\tn\tn\tn\n")
    (annotation / "annotator-b" / "b.tsv").write_text(f"{ids[0]}\tn\tn\tf\n{ids[1]}\tn\tn\tn\n{ids[2]}\tn\tn\tn\n")
    args = Namespace(annotation=annotation, corpus=tmp_path / "corpus")
    with pytest.raises(SystemExit, match="1 disagreements have no adjudication"):
        real_prose.assemble(args)
    (annotation / "adjudication" / "round1.tsv").write_text(f"{ids[1]}\tf\tn\tn\n")
    real_prose.assemble(args)
    report = json.loads((annotation / "agreement.json").read_text())
    assert report["disagreements"] == {"engagement": 1, "sanctions": 0, "deterrence": 0}
    assert report["kappa"]["deterrence"] == 1.0 and report["kappa"]["engagement"] == 0.0
    doc = json.loads((tmp_path / "corpus" / "raw" / "real-sotu.jsonl").read_text())
    labels = [item["labels"] for item in doc["paragraphs"][0]]
    assert labels[1]["engagement"] == "favor" and labels[0]["deterrence"] == "favor" and doc["origin"] == "real"
