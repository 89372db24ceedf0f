import re
import subprocess
import sys

import spacy

from tests.conftest import NEWS_ARTICLE


def test_importing_stance_registers_nothing_with_spacy():
    code = "import stance, spacy.tokens; print(spacy.tokens.Span.has_extension('stance'))"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False).stdout.strip()
        == "False"
    )


def test_component_marks_claims_for_displacy(tiny_model):
    nlp = spacy.blank("en")
    nlp.add_pipe("stance", config={"model": str(tiny_model), "segmenter": "blank"})  # found by its entry point
    doc = nlp(NEWS_ARTICLE)
    claims = doc.spans["claims"]
    assert [span.text for span in claims][:2] == ["Sanctions have failed", "talks must resume now."]
    for span in claims:
        assert span.label_ in {"favor", "against", "none"}
        assert set(span._.stance) == {"engagement", "sanctions", "deterrence"}
        assert abs(sum(span._.stance["sanctions"]["probs"].values()) - 1) < 1e-5
    html = spacy.displacy.render(doc, style="span", options={"spans_key": "claims"})
    shown = re.findall(r">\s*(favor|against|none)\s*<", html)  # displaCy labels each span where it starts
    assert shown == [span.label_ for span in claims]


def test_component_segments_like_the_cli_by_default_and_pipes_in_batches(tiny_model):
    from stance.segment import DEFAULT_PIPELINE
    from stance.spacy_component import make_stance_component

    factory = spacy.registry.factories.get("stance")
    assert factory is make_stance_component
    assert spacy.Language.get_factory_meta("stance").default_config["segmenter"] == DEFAULT_PIPELINE
    nlp = spacy.blank("en")
    nlp.add_pipe("stance", config={"model": str(tiny_model), "segmenter": "blank"})
    texts = [NEWS_ARTICLE, "Talks must resume. Sanctions must stay.", ""]

    def marks(doc):
        return [
            (s.text, s.label_, {t: v["label"] for t, v in s._.stance.items()}, s._.stance["sanctions"]["probs"])
            for s in doc.spans["claims"]
        ]

    one_by_one = [marks(nlp(t)) for t in texts]
    piped = [marks(doc) for doc in nlp.pipe(texts, batch_size=2)]
    assert [[m[:3] for m in doc] for doc in piped] == [[m[:3] for m in doc] for doc in one_by_one]
    for doc_piped, doc_alone in zip(piped, one_by_one):  # batching pads differently: floats agree, not bits
        for a, b in zip(doc_piped, doc_alone):
            assert all(abs(a[3][k] - b[3][k]) < 1e-4 for k in a[3])
    assert len(piped[1]) == 2 and piped[2] == []
