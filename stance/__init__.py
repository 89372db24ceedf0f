"""policy-stance: stance analysis of policy writing.

>>> import stance
>>> pipe = stance.load()  # doctest: +SKIP
>>> result = pipe("Sanctions must be enforced. Talks should resume.", author="Kim")  # doctest: +SKIP
>>> result.to_frame()  # doctest: +SKIP
"""

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

__version__ = "0.1.0"

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
