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
# `compare` needs; `import stance` itself takes milliseconds. No name here is also a submodule's (stance.train,
# stance.trends): importing that submodule would replace the function on the package.
_EXPORTS = {
    "Annotation": "stance.annotation",
    "annotations_to_frame": "stance.annotation",
    "annotate_files": "stance.batch",
    "StanceClassifier": "stance.classify",
    "author_summary": "stance.compare",
    "compare_groups": "stance.compare",
    "load_frame": "stance.compare",
    "profiles": "stance.compare",
    "CorpusError": "stance.errors",
    "InputError": "stance.errors",
    "ModelError": "stance.errors",
    "StanceError": "stance.errors",
    "OptionsError": "stance.errors",
    "TargetError": "stance.errors",
    "ReadFailure": "stance.io",
    "read_annotations": "stance.io",
    "read_documents": "stance.io",
    "Pipeline": "stance.pipeline",
    "load": "stance.pipeline",
    "compare_annotations": "stance.report",
    "render_report": "stance.report",
    "Segmenter": "stance.segment",
    "load_targets": "stance.targets",
    "TrainingConfig": "stance.training_args",
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
    from stance.compare import author_summary, compare_groups, load_frame, profiles
    from stance.errors import CorpusError, InputError, ModelError, OptionsError, StanceError, TargetError
    from stance.io import ReadFailure, read_annotations, read_documents
    from stance.pipeline import Pipeline, load
    from stance.report import compare_annotations, render_report
    from stance.segment import Segmenter
    from stance.targets import load_targets
    from stance.training_args import TrainingConfig
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
    "CorpusError",
    "Document",
    "InputError",
    "ModelError",
    "OptionsError",
    "Pipeline",
    "ReadFailure",
    "Segmenter",
    "Stance",
    "StanceClassifier",
    "StanceError",
    "Target",
    "TargetError",
    "TrainingConfig",
    "__version__",
    "annotate_files",
    "annotations_to_frame",
    "author_summary",
    "compare_annotations",
    "compare_groups",
    "load",
    "load_frame",
    "load_targets",
    "profiles",
    "read_annotations",
    "read_documents",
    "render_report",
]
