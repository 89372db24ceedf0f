import html

import pytest

import stance
from stance.errors import StanceError, TargetError
from stance.io import ReadFailure
from stance.types import LABELS, Document
from tests.conftest import NEWS_ARTICLE


def test_call_returns_claims_with_a_stance_per_target(tiny_pipeline):
    result = tiny_pipeline(NEWS_ARTICLE, author="Rafael Moreno", doc_id="news")
    assert result.author == "Rafael Moreno" and result.error is None
    assert len(result.claims) == 5
    for item in result.claims:
        assert NEWS_ARTICLE[item.claim.start : item.claim.end] == item.claim.text
        assert set(item.stances) == {"engagement", "sanctions", "deterrence"}
        assert all(s.label in LABELS for s in item.stances.values())


def test_frame_has_a_row_per_claim_and_target(tiny_pipeline):
    frame = tiny_pipeline(NEWS_ARTICLE, author="R").to_frame()
    assert len(frame) == 5 * 3
    assert {"doc_id", "author", "start", "end", "claim", "target", "label", "score", "p_favor"} <= set(frame.columns)


def test_html_view_highlights_claims_and_escapes_text(tiny_pipeline):
    text = "Talks must resume now <script>alert(1)</script> with everyone."
    result = tiny_pipeline(text)
    rendered = result._repr_html_()
    assert "<script>" not in rendered
    assert html.escape("<script>alert(1)</script>") in rendered
    assert rendered.count("<span title=") == len(result.claims) >= 1  # each claim highlighted, the legend aside


def test_pipe_keeps_input_order_and_passes_failures_through(tiny_pipeline):
    items = [
        Document("a", "Sanctions must be enforced now."),
        ReadFailure("b", "b.txt", "b.txt: not text"),
        Document("c", ""),
        Document("d", "Talks should resume without delay."),
    ]
    results = list(tiny_pipeline.pipe(items))
    assert [r.doc_id for r in results] == ["a", "b", "c", "d"]
    assert results[1].error == "b.txt: not text" and results[1].claims == ()
    assert results[2].error is None and results[2].claims == ()


def test_a_document_that_fails_becomes_an_error_record_and_a_log_line(tiny_pipeline, monkeypatch, caplog):
    def broken(document):
        raise ValueError("boom")

    monkeypatch.setattr(tiny_pipeline, "segmenter", broken)
    with caplog.at_level("INFO", logger="stance.pipeline"):
        result = tiny_pipeline("Sanctions must stay.")
    assert "segmentation failed: boom" in result.error and "segmentation failed: boom" in caplog.text


def test_a_document_that_fails_classification_spares_its_neighbours_in_the_chunk(tiny_pipeline, monkeypatch):
    classify = tiny_pipeline.classifier.logits

    def fails_on_boom(texts, *args, **kwargs):
        if any("BOOM" in text for text in texts):
            raise ValueError("bad input")
        return classify(texts, *args, **kwargs)

    monkeypatch.setattr(tiny_pipeline.classifier, "logits", fails_on_boom)
    items = [
        Document("a", "Talks must resume."),
        Document("b", "BOOM goes this."),
        Document("c", "Sanctions must stay in place."),
    ]
    a, b, c = tiny_pipeline.pipe(items)  # one chunk: the three are classified together first
    assert "b: classification failed: bad input" in b.error and b.claims == ()
    assert a.error is None and c.error is None and len(a.claims) == len(c.claims) == 1


def test_pipe_gives_the_same_result_whatever_the_chunking(tiny_model):
    docs = [Document(str(i), f"Claim {i} about sanctions must hold. Talks number {i} fail.") for i in range(7)]
    one = [r.to_record() for r in stance.load(tiny_model, nlp="blank").pipe(docs)]
    pipe = stance.load(tiny_model, nlp="blank")
    pipe.chunk_claims = 5
    assert [r.to_record() for r in pipe.pipe(docs)] == one


def test_documents_without_claims_are_not_held_back_without_end(tiny_model):
    pipe = stance.load(tiny_model, nlp="blank")
    pipe.chunk_claims = 4
    read = []

    def documents():
        for i in range(100):
            read.append(i)
            yield Document(str(i), "Hi.")  # too short to be a claim

    first = next(pipe.pipe(documents()))
    assert first.doc_id == "0" and first.claims == () and len(read) == 4


def test_target_subset_and_unknown_target(tiny_model):
    pipe = stance.load(tiny_model, targets=["sanctions"], nlp="blank")
    assert set(pipe("Sanctions must stay in place.").claims[0].stances) == {"sanctions"}
    with pytest.raises(TargetError, match="unknown target"):
        stance.load(tiny_model, targets=["tariffs"], nlp="blank")
    with pytest.raises(StanceError, match=r"pass a list of ids: targets=\['sanctions'\]"):
        stance.load(tiny_model, targets="sanctions", nlp="blank")
