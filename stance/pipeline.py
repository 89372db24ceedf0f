"""Segment and classify: from documents to annotations, one document or a stream of them."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

from stance.annotation import Annotation
from stance.classify import StanceClassifier, stances_from_probs
from stance.errors import StanceError
from stance.io import ReadFailure
from stance.memory import trim_heap
from stance.segment import DEFAULT_PIPELINE, Segmenter
from stance.targets import load_targets, select_targets
from stance.text import preceding_in_paragraph
from stance.types import AnnotatedClaim, Claim, Document, Target

logger = logging.getLogger(__name__)


class Pipeline:
    """Claims and their stances for documents.

    >>> pipe = load()  # doctest: +SKIP
    >>> result = pipe("Sanctions must be enforced. Talks should resume.", author="Kim")  # doctest: +SKIP
    >>> result.to_frame()[["claim", "target", "label"]]  # doctest: +SKIP
    """

    def __init__(
        self,
        segmenter: Segmenter,
        classifier: StanceClassifier,
        targets: Sequence[Target] | None = None,
        *,
        chunk_claims: int = 512,
    ) -> None:
        self.segmenter = segmenter
        self.classifier = classifier
        self.targets = targets
        self.chunk_claims = chunk_claims

    @property
    def targets_(self) -> tuple[Target, ...]:
        return tuple(self.targets) if self.targets is not None else self.classifier.targets_

    def __call__(self, text: str, *, author: str | None = None, doc_id: str = "doc") -> Annotation:
        """Annotate one text."""
        return next(self.pipe([Document(id=doc_id, text=text, author=author)]))

    def pipe(self, documents: Iterable[Document | ReadFailure]) -> Iterator[Annotation]:
        """Annotate a stream of documents, in order. Documents are gathered so the model sees full batches.

        Documents are segmented until their claims reach ``chunk_claims``; those claims are then sorted by length
        together and classified, so batches are full and pad little however few claims each document has (counting
        documents instead left short passages in small chunks of mixed lengths). So that documents with few or no
        claims (failures, empty records) are not held back without end, a chunk is also classified once it holds
        ``chunk_claims`` documents.
        """
        chunk: list[tuple[Document | ReadFailure, list[Claim], str | None]] = []
        claims = 0
        for item in documents:
            chunk.append(self._segment(item))
            claims += len(chunk[-1][1])
            if claims >= self.chunk_claims or len(chunk) >= self.chunk_claims:
                yield from self._classify_segmented(chunk)
                chunk, claims = [], 0
                trim_heap()
        if chunk:
            yield from self._classify_segmented(chunk)

    def _segment(self, item: Document | ReadFailure) -> tuple[Document | ReadFailure, list[Claim], str | None]:
        if isinstance(item, ReadFailure):
            return item, [], item.error
        try:
            return item, self.segmenter(item), None
        except Exception as err:  # noqa: BLE001 - one bad document must not stop a batch run
            return item, [], _failed(f"{item.source or item.id}: segmentation failed: {err}")

    def _classify_segmented(
        self, segmented: list[tuple[Document | ReadFailure, list[Claim], str | None]]
    ) -> Iterator[Annotation]:
        targets = self.targets_
        try:
            contexts = None
            if getattr(self.classifier, "context_", False):  # a context model reads each claim's neighbour
                contexts = [
                    preceding_in_paragraph(item.text, [(c.start, c.end) for c in claims], k)
                    for item, claims, _ in segmented
                    for k in range(len(claims))
                ]
            logits, truncated = self.classifier.logits(
                [c.text for _, claims, _ in segmented for c in claims], targets, contexts=contexts
            )
        except Exception as err:  # noqa: BLE001 - as above: the failure becomes that document's error record
            if len(segmented) > 1:  # find the document that fails, so its neighbours still get annotated
                for single in segmented:
                    yield from self._classify_segmented([single])
                return
            item, _, _ = segmented[0]
            segmented = [(item, [], _failed(f"{item.source or item.id}: classification failed: {err}"))]
            logits, truncated = np.zeros((0, len(targets), 3)), np.zeros(0, dtype=bool)
        probs = self.classifier.probabilities(logits)
        index = 0
        for item, claims, error in segmented:
            annotated = []
            for claim in claims:
                stances = {s.target: s for s in stances_from_probs(probs[index], targets)}
                annotated.append(AnnotatedClaim(claim, stances, bool(truncated[index])))
                index += 1
            if isinstance(item, ReadFailure):
                yield Annotation(item.doc_id, item.author, item.source, error=error)
            else:
                yield Annotation(
                    item.id, item.author, item.source, tuple(annotated), error, text=item.text, meta=item.meta
                )


def load(
    model: str | Path | None = None,
    *,
    targets: str | Path | Sequence[str] | None = None,
    nlp: str = DEFAULT_PIPELINE,
    batch_size: int = 64,
    runtime: str = "auto",
    tfidf: bool = True,
) -> Pipeline:
    """Load the default (or a given) model and spaCy pipeline.

    ``targets`` is a targets file, or a list of target ids to keep among the model's targets. ``runtime`` is one of
    :data:`stance.runtime.RUNTIMES`: ``"auto"`` runs the model's ONNX export with ONNX Runtime when it has one (without
    importing torch; its int8 copy on CPUs with int8 units where the build measured it agreeing with fp32, see
    :func:`stance.runtime.choose_runtime`), else torch; ``"bf16"`` runs torch's matrix products in bfloat16 (about
    twice as fast on CPUs with AMX or AVX512-BF16); ``"onnx-int8"`` runs ONNX Runtime with int8 weights (needs the ``onnx`` extra).
    ``tfidf=False`` reads the encoder alone, without the model's TF-IDF part (see :class:`StanceClassifier`).

    >>> import stance
    >>> pipe = stance.load()  # doctest: +SKIP
    >>> pipe("Seoul should reopen talks with Pyongyang.").claims[0].stances["engagement"].label  # doctest: +SKIP
    'favor'
    """
    classifier, chosen = load_classifier(model, targets=targets, batch_size=batch_size, runtime=runtime, tfidf=tfidf)
    return Pipeline(Segmenter(nlp), classifier, chosen)


def load_classifier(
    model: str | Path | None = None,
    *,
    targets: str | Path | Sequence[str] | None = None,
    batch_size: int = 64,
    runtime: str = "auto",
    tfidf: bool = True,
) -> tuple[StanceClassifier, tuple[Target, ...] | None]:
    """The loaded classifier and the chosen targets (``None``: the model's own), checked against each other."""
    classifier = StanceClassifier(model, batch_size=batch_size, runtime=runtime, tfidf=tfidf).load()
    chosen = resolve_targets(targets, classifier.targets_)
    if chosen is not None:
        classifier.check_targets(chosen)  # fail at load, not after reading the first batch
    return classifier, chosen


def resolve_targets(targets: str | Path | Sequence[str] | None, default: Sequence[Target]) -> tuple[Target, ...] | None:
    """Targets from a file path, a subset of ``default`` by id, or ``None`` for the model's own."""
    if targets is None:
        return None
    if isinstance(targets, (str, Path)):
        if isinstance(targets, str) and not Path(targets).exists() and targets in {t.id for t in default}:
            raise StanceError(
                f"targets={targets!r} is read as a targets file, and there is none; to keep one of the model's "
                f"targets, pass a list of ids: targets=[{targets!r}]"
            )
        return load_targets(targets)
    if not isinstance(targets, Sequence) or not all(isinstance(t, str) for t in targets):
        raise StanceError(f"targets must be a file path or a list of target ids, got {type(targets).__name__}")
    return select_targets(default, targets)


def _failed(message: str) -> str:
    """Log a document's failure as it happens (its traceback at debug level) and return the message for its error
    record, which is how the failure reaches the output and the end-of-run summary."""
    logger.info(message, exc_info=logger.isEnabledFor(logging.DEBUG))
    return message
