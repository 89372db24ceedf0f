"""policy-stance: stance analysis of policy writing.

>>> import stance
>>> pipe = stance.load()  # doctest: +SKIP
>>> result = pipe("Sanctions must be enforced. Talks should resume.", author="Kim")  # doctest: +SKIP
>>> result.to_frame()  # doctest: +SKIP
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Names are imported on first use (PEP 562), so that `stance annotate` pays for neither pandas nor scipy, which only
# `compare` needs; `import stance` itself takes milliseconds.
_EXPORTS = {
    "Annotation": "stance.annotation",
    "annotations_to_frame": "stance.annotation",
    "annotate_files": "stance.batch",
    "StanceClassifier": "stance.classify",
    "author_summary": "stance.compare",
    "load_frame": "stance.compare",
    "InputError": "stance.errors",
    "ModelError": "stance.errors",
    "StanceError": "stance.errors",
    "TargetError": "stance.errors",
    "read_annotations": "stance.io",
    "read_documents": "stance.io",
    "Pipeline": "stance.pipeline",
    "load": "stance.pipeline",
    "Segmenter": "stance.segment",
    "load_targets": "stance.targets",
    "LABELS": "stance.types",
    "AnnotatedClaim": "stance.types",
    "Claim": "stance.types",
    "Document": "stance.types",
    "Stance": "stance.types",
    "Target": "stance.types",
}

if TYPE_CHECKING:
    from stance.annotation import Annotation, annotations_to_frame
    from stance.batch import annotate_files
    from stance.classify import StanceClassifier
    from stance.compare import author_summary, load_frame
    from stance.errors import InputError, ModelError, StanceError, TargetError
    from stance.io import read_annotations, read_documents
    from stance.pipeline import Pipeline, load
    from stance.segment import Segmenter
    from stance.targets import load_targets
    from stance.types import LABELS, AnnotatedClaim, Claim, Document, Stance, Target


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'stance' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "LABELS",
    "AnnotatedClaim",
    "Annotation",
    "Claim",
    "Document",
    "InputError",
    "ModelError",
    "Pipeline",
    "Segmenter",
    "Stance",
    "StanceClassifier",
    "StanceError",
    "Target",
    "TargetError",
    "__version__",
    "annotate_files",
    "annotations_to_frame",
    "author_summary",
    "load",
    "load_frame",
    "load_targets",
    "read_annotations",
    "read_documents",
]
