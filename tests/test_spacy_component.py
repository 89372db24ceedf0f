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
    nlp.add_pipe("stance", config={"model": str(tiny_model)})  # found through the spacy_factories entry point
    doc = nlp(NEWS_ARTICLE)
    claims = doc.spans["claims"]
    assert [span.text for span in claims][:2] == ["Sanctions have failed", "talks must resume now."]
    for span in claims:
        assert span.label_ in {"favor", "against", "none"}
        assert set(span._.stance) == {"engagement", "sanctions", "deterrence"}
        assert abs(sum(span._.stance["sanctions"]["probs"].values()) - 1) < 1e-5
    html = spacy.displacy.render(doc, style="span", options={"spans_key": "claims"})
    assert "Sanctions" in html and claims[0].label_ in html
