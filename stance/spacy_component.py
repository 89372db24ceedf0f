"""An opt-in spaCy component: ``nlp.add_pipe("stance")`` marks claims as ``doc.spans["claims"]`` with their stances.

Nothing happens at ``import stance``: this module is imported only by spaCy, through the ``spacy_factories``
entry point, when a pipeline asks for a ``"stance"`` component (or by you, explicitly); the ``Span._.stance``
extension is registered only when the component is created.
Each claim span's ``label_`` is its most confident non-``none`` stance label (``none`` if it takes no side), so
displaCy's span view colours claims by stance::

    import spacy
    nlp = spacy.blank("en")
    nlp.add_pipe("stance", config={"model": "models/policy-stance-minilm"})
    doc = nlp("Sanctions must be enforced. Talks should resume.")
    [(span.text, span.label_, span._.stance["sanctions"]["label"]) for span in doc.spans["claims"]]
    spacy.displacy.render(doc, style="span", options={"spans_key": "claims"})
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from spacy.language import Language

from stance.annotation import Annotation, dominant_label
from stance.pipeline import load
from stance.segment import DEFAULT_PIPELINE
from stance.types import Document

if TYPE_CHECKING:
    from spacy.tokens import Doc

SPANS_KEY = "claims"


class StanceComponent:
    """Segments ``doc.text`` into claims and classifies them; writes ``doc.spans[spans_key]``."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        model: str | None,
        targets: list[str] | None,
        segmenter: str,
        spans_key: str,
        batch_size: int,
    ) -> None:
        from spacy.tokens import Span

        if not Span.has_extension("stance"):
            Span.set_extension("stance", default=None)
        self.name = name
        self.spans_key = spans_key
        self.pipeline = load(model, targets=targets, nlp=segmenter, batch_size=batch_size)

    def __call__(self, doc: Doc) -> Doc:
        return self._mark(doc, next(self.pipeline.pipe([Document(id="doc", text=doc.text)])))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 16) -> Iterator[Doc]:
        """Docs in order, classified together in batches of ``batch_size`` docs (what ``nlp.pipe`` calls)."""
        for chunk in _chunks(docs, batch_size):
            annotations = self.pipeline.pipe([Document(id=str(i), text=doc.text) for i, doc in enumerate(chunk)])
            for doc, annotation in zip(chunk, annotations):
                yield self._mark(doc, annotation)

    def _mark(self, doc: Doc, annotation: Annotation) -> Doc:
        spans = []
        for item in annotation.claims:
            span = doc.char_span(item.claim.start, item.claim.end, label=dominant_label(item), alignment_mode="expand")
            if span is None:
                continue
            span._.stance = {t: {"label": s.label, "probs": dict(s.probs)} for t, s in item.stances.items()}
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


def _chunks(items: Iterable[Doc], size: int) -> Iterator[list[Doc]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@Language.factory(
    "stance",
    # The segmenter the CLI and stance.load use, so that a claim is the same span whichever way it was found. It is
    # the setting they call `nlp` (--nlp, load(nlp=)); a factory's `nlp` argument is spaCy's own, the pipeline itself.
    default_config={
        "model": None,
        "targets": None,
        "segmenter": DEFAULT_PIPELINE,
        "spans_key": SPANS_KEY,
        "batch_size": 64,
    },
)
def make_stance_component(
    nlp: Language,
    name: str,
    model: str | None,
    targets: list[str] | None,
    segmenter: str,
    spans_key: str,
    batch_size: int,
) -> StanceComponent:
    return StanceComponent(
        nlp, name, model=model, targets=targets, segmenter=segmenter, spans_key=spans_key, batch_size=batch_size
    )
