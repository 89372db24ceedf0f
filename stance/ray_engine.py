"""Scale-out on a Ray cluster: ``stance annotate --engine ray``, the same records as the local engine, in input order.

Files are listed on the driver, read by Ray Data tasks, and annotated by a pool of actors (``map_batches`` with an
``ActorPoolStrategy``) that each load the segmenter and classifier once; the driver receives the records in input
order and writes them. Ray is optional (``pip install 'policy-stance[ray]'``) and imported only here. ``ray.init()``
joins the cluster named by ``RAY_ADDRESS`` (or one started with ``ray start``) and otherwise starts a local one.
On a real cluster the input files and the model directory must be readable at the same paths on every node.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from stance.errors import StanceError
from stance.io import ReadFailure, read_file
from stance.options import AnnotateOptions, LoadOptions, ReadOptions
from stance.types import Document

# Documents per actor call: enough claims for full model batches, small enough to spread over many actors.
DOCS_PER_BATCH = 64
# Reading is light next to annotation. Asking for no CPU lets read tasks run beside actors that hold every CPU;
# with any share, a pool with one actor per CPU would wait forever for input that cannot be read.
READ_CPUS = 0
FILE_BLOCKS_PER_WORKER = 8
_QUIET_ENV = ("HF_HUB_DISABLE_PROGRESS_BARS", "TRANSFORMERS_VERBOSITY", "TOKENIZERS_PARALLELISM")


def annotate_records(
    plan: Iterable[tuple[Path, str, int]],
    options: AnnotateOptions,
    *,
    workers: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Records for the documents of ``plan`` (see :func:`stance.batch.annotate_files`), annotated by Ray actors.

    ``workers`` is the number of actors (one CPU each); by default one per CPU of the cluster.

    >>> from stance.batch import annotate_files
    >>> annotate_files(["examples/documents"], "out/examples.jsonl", engine="ray", force=True)  # doctest: +SKIP
    BatchSummary(documents=5, claims=155, truncated=0, without_claims=0, repeated_ids=0, errors=[])
    """
    try:
        import ray
    except ImportError as err:
        raise StanceError("--engine ray needs Ray: pip install 'policy-stance[ray]'") from err
    from stance.pipeline import load_classifier

    # Load once here: a bad model or target fails before any cluster work, and an ONNX export is written once
    # (into the model directory) rather than raced by every actor.
    load = options.load
    classifier, _ = load_classifier(
        load.model, targets=load.targets, batch_size=load.batch_size, runtime=load.runtime, tfidf=load.tfidf
    )
    # Actors may start in other working directories: give them absolute paths.
    targets = str(Path(load.targets).resolve()) if isinstance(load.targets, (str, Path)) else load.targets
    load = replace(load, model=str(classifier.path_.resolve()), targets=targets)
    del classifier
    if not ray.is_initialized():
        ray.init(include_dashboard=False, log_to_driver=True, configure_logging=False)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    if workers is None:
        workers = max(1, cpus)
    elif workers > cpus:  # Ray Data would wait forever for actors that cannot be placed
        raise StanceError(
            f"--workers {workers} needs {workers} CPUs, but the Ray cluster has {cpus}; "
            f"pass --workers {cpus} or fewer, or add nodes"
        )
    # Paths go as given, so records name their sources as the local engine does (absolute paths on a cluster).
    files = [{"path": str(path), "doc_id": doc_id, "skip": skip} for path, doc_id, skip in plan]
    if not files:
        return iter(())
    # A few blocks of files per actor: reading spreads over the cluster without a task per file of a huge archive.
    dataset = ray.data.from_items(files, override_num_blocks=min(len(files), FILE_BLOCKS_PER_WORKER * workers))
    dataset.context.execution_options.preserve_order = True  # records in input order, like the local engine
    dataset.context.enable_progress_bars = False  # the library does not print; the caller shows progress
    dataset = dataset.flat_map(_read_documents, fn_kwargs={"read_options": options.read}, num_cpus=READ_CPUS)
    dataset = dataset.map_batches(
        _Annotator,
        fn_constructor_kwargs={"load_options": load, "include_text": options.include_text},
        compute=ray.data.ActorPoolStrategy(size=workers),
        batch_size=DOCS_PER_BATCH,
        num_cpus=1,
        # Workers inherit the driver's quiet settings (the CLI turns off weight-loading bars, for one).
        runtime_env={"env_vars": {k: os.environ[k] for k in _QUIET_ENV if k in os.environ}},
    )
    return _records(dataset)


def _records(dataset: Any) -> Iterator[dict[str, Any]]:
    import ray

    try:
        for row in dataset.iter_rows():
            yield json.loads(row["record"])
    except ray.exceptions.RayError as err:
        cause = getattr(err, "cause", None) or err
        raise StanceError(f"a Ray worker failed: {cause}") from err


def _read_documents(item: dict[str, Any], read_options: ReadOptions) -> Iterator[dict[str, str]]:
    # A generator, so Ray Data streams a large JSONL file into blocks instead of holding all of it in one task.
    for document in read_file(Path(item["path"]), item["doc_id"], skip=item["skip"], **read_options.as_kwargs()):
        yield {"document": _to_json(document)}


class _Annotator:
    """One Ray actor: loads the pipeline once, then annotates batches of documents."""

    def __init__(self, load_options: LoadOptions, include_text: bool) -> None:
        import warnings

        from stance.pipeline import load

        self.pipeline = load(**load_options.as_kwargs())
        with warnings.catch_warnings():
            # load_nlp's fallback to the blank pipeline is an error here: this node would segment unlike the others.
            warnings.filterwarnings("error", message="spaCy pipeline .* is not installed")
            self.pipeline.segmenter.nlp_  # noqa: B018 - load it now, inside the filter
        self.include_text = include_text

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        documents = [_from_json(item) for item in batch["document"]]
        records = [json.dumps(a.to_record(include_text=self.include_text)) for a in self.pipeline.pipe(documents)]
        return {"record": np.array(records, dtype=object)}


# Documents cross process boundaries as JSON strings: one Arrow column of plain strings, whatever their metadata holds.
def _to_json(item: Document | ReadFailure) -> str:
    if isinstance(item, ReadFailure):
        return json.dumps({"failure": [item.doc_id, item.source, item.error, item.author]})
    return json.dumps(
        {"id": item.id, "text": item.text, "author": item.author, "source": item.source, "meta": dict(item.meta)}
    )


def _from_json(value: str) -> Document | ReadFailure:
    data = json.loads(value)
    if "failure" in data:
        return ReadFailure(*data["failure"])
    return Document(**data)
