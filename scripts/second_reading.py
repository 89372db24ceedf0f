"""A second, independent reading of a batch of the written corpus, settled by a third.

The written documents are labelled by their writers. For a batch read twice, a second annotator labels every claim
without seeing the writer's labels, Cohen's kappa per target compares the two readings, and a third reader settles
each claim where they differ, seeing both readings in a random order and not whose they are.

    python scripts/second_reading.py tasks raw/batch*.jsonl --out tasks/ --parts 7
    # the annotators write second/*.tsv: id<TAB>e<TAB>s<TAB>d with f/a/n, as for real prose
    python scripts/second_reading.py settle raw/batch*.jsonl --second second/ --annotation annotation/written --out raw/
    # with disagreements and no adjudication yet, `settle` writes them for the third reader and stops

`settle` keeps the writers' labels (`writer.tsv`, written once: a file settled in place keeps only the settled
labels, and a later `settle` reads the writers' from here), the second reading (`second.tsv`), the decisions
(`adjudication/*.tsv`) and the kappa (`agreement.json`) in the annotation folder; with ``--out`` it writes each batch
file there with the settled labels (the same folder settles in place). ``--per-file N`` reads a seeded sample of N
documents per file, to measure agreement before reading everything. Claim ids are positions (``doc_id/pNN/sNN``):
settle before editing a batch's sentences, or the readings would attach to other sentences.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from real_prose import LABELS, TARGETS, read_labels  # the same label files as for real prose

CODE = {label: letter for letter, label in LABELS.items()}


def read_documents(paths: list[Path], per_file: int | None = None) -> list[tuple[Path, dict]]:
    """``(file, document)`` for the documents of ``paths``; with ``per_file``, that many of each file, drawn with the
    file's name as seed."""
    documents = []
    for path in paths:
        found = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        if per_file is not None and per_file < len(found):
            found = [found[i] for i in sorted(random.Random(path.name).sample(range(len(found)), per_file))]
        documents += [(path, document) for document in found]
    return documents


def claims(document: dict) -> list[tuple[str, int, dict]]:
    """``(id, paragraph index, claim)`` for every claim; the id is ``doc_id/pNN/sNN`` (section labels are skipped)."""
    found = []
    for p, paragraph in enumerate(document["paragraphs"]):
        sentences = [item for item in paragraph if "text" in item]
        found += [(f"{document['doc_id']}/p{p:02d}/s{s:02d}", p, item) for s, item in enumerate(sentences)]
    return found


def _paragraph_block(document: dict, p: int, lines: list[str]) -> str:
    """A paragraph as the readers see it: a header naming the document's voice (and dateline, and the section the
    paragraph opens or follows), the paragraph's text, then ``lines``."""
    sections = [
        item["section"] for paragraph in document["paragraphs"][: p + 1] for item in paragraph if "section" in item
    ]
    about = ", ".join(
        str(part)
        for part in (document["voice"], document.get("dateline"), sections and f"section: {sections[-1]}")
        if part
    )
    text = " ".join(item["text"] for item in document["paragraphs"][p] if "text" in item)
    return "\n".join([f"=== PARAGRAPH {document['doc_id']}/p{p:02d} | document voice: {about}", text, *lines]) + "\n\n"


def _read_folder(folder: Path) -> dict[str, dict[str, str]]:
    """Every label file of a folder, merged; an id labelled in two files is an error (which reading would count?)."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.tsv")):
        labels = read_labels(path)
        twice = merged.keys() & labels.keys()
        if twice:
            raise SystemExit(
                f"{path}: {len(twice)} ids are labelled in another file of {folder} too, e.g. {sorted(twice)[:3]}"
            )
        merged.update(labels)
    return merged


def write_tasks(args: argparse.Namespace) -> int:
    """The batch without its labels, cut into ``--parts`` files of whole documents for the second annotators."""
    documents = [document for _, document in read_documents(args.raw, args.per_file)]
    if args.skip:  # documents read already (a sample read first), by any claim's id
        done = {claim_id.split("/")[0] for claim_id in read_labels(args.skip)}
        documents = [d for d in documents if d["doc_id"] not in done]
    args.out.mkdir(parents=True, exist_ok=True)
    per_part = -(-len(documents) // args.parts)
    for k in range(args.parts):
        blocks = []
        for document in documents[k * per_part : (k + 1) * per_part]:
            by_paragraph: dict[int, list[str]] = {}
            for claim_id, p, item in claims(document):
                by_paragraph.setdefault(p, []).append(f"{claim_id}\t{item['text']}")
            blocks += [_paragraph_block(document, p, lines) for p, lines in by_paragraph.items()]
        path = args.out / f"part{k}.txt"
        path.write_text("".join(blocks), "utf-8")
        print(f"{path}: {sum(b.count(chr(9)) for b in blocks)} claims")
    return 0


def _tsv(labels: dict[str, dict[str, str]]) -> str:
    return "".join(f"{i}\t" + "\t".join(CODE[row[t]] for t in TARGETS) + "\n" for i, row in labels.items())


def settle(args: argparse.Namespace) -> int:
    from sklearn.metrics import cohen_kappa_score

    if args.out and args.per_file:
        raise SystemExit("--out writes whole batch files; a --per-file sample can only be measured, not written")
    folder = args.annotation
    if args.second.resolve() == folder.resolve():
        raise SystemExit(f"--second must be the second readers' own folder, not the annotation folder {folder}")
    paths = list(dict.fromkeys(path.resolve() for path in args.raw))  # a file named twice is read once
    sources = read_documents(paths, args.per_file)
    documents = [document for _, document in sources]
    ids = [claim_id for d in documents for claim_id, _, _ in claims(d)]
    if len(set(ids)) != len(ids):
        raise SystemExit("two documents share a doc_id; their claims' ids would collide")
    (folder / "adjudication").mkdir(parents=True, exist_ok=True)
    writer = {claim_id: dict(item["labels"]) for d in documents for claim_id, _, item in claims(d)}
    if (folder / "writer.tsv").is_file():  # settled before: the files now hold the settled labels
        kept = read_labels(folder / "writer.tsv")
        if kept.keys() != writer.keys():
            raise SystemExit(
                f"{folder / 'writer.tsv'} holds other claims than these files ({len(kept)} against {len(writer)}): "
                "settle the same files as before, or start a new annotation folder"
            )
        writer = kept
    second = _read_folder(args.second)
    missing = [i for i in writer if i not in second]
    if missing:
        raise SystemExit(f"{len(missing)} claims have no second reading, e.g. {missing[:3]}")
    if not (folder / "writer.tsv").is_file():
        (folder / "writer.tsv").write_text(_tsv(writer), "utf-8")
    (folder / "second.tsv").write_text(_tsv({i: second[i] for i in writer}), "utf-8")
    report: dict = {"claims": len(writer), "kappa": {}, "agreement": {}, "disagreements": {}}
    for target in TARGETS:
        a, b = [writer[i][target] for i in writer], [second[i][target] for i in writer]
        # Undefined (None) when both readings use one label only: scikit-learn then warns and returns NaN.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kappa = float(cohen_kappa_score(a, b, labels=list(LABELS.values())))
        report["kappa"][target] = None if math.isnan(kappa) else round(kappa, 3)
        report["agreement"][target] = round(sum(x == y for x, y in zip(a, b)) / len(a), 3)
        report["disagreements"][target] = sum(x != y for x, y in zip(a, b))
    differing = [i for i in writer if writer[i] != second[i]]
    decided = _read_folder(folder / "adjudication")
    undisputed = decided.keys() - set(differing)
    if undisputed:
        raise SystemExit(
            f"{len(undisputed)} decisions concern claims both readings agree on, e.g. {sorted(undisputed)[:3]}"
        )
    settled = {i: decided.get(i, writer[i]) for i in writer}
    as_writer = sum(decided[i] == writer[i] for i in differing if i in decided)
    as_second = sum(decided[i] == second[i] for i in differing if i in decided)
    report["settled"] = {
        "disputed": len(differing),
        "as_writer": as_writer,
        "as_second": as_second,
        "otherwise": sum(i in decided for i in differing) - as_writer - as_second,
        "judgments_changed": sum(settled[i][t] != writer[i][t] for i in writer for t in TARGETS),
    }
    (folder / "agreement.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2))
    awaiting = [i for i in differing if i not in decided]
    if awaiting:
        path = folder / "adjudication" / "adjudicate.txt"
        path.write_text(_disagreements(documents, writer, second, set(awaiting)), "utf-8")
        raise SystemExit(f"{len(awaiting)} of {len(differing)} disagreements await the third reader: {path}")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        by_file: dict[Path, list[str]] = {}
        for path, document in sources:
            for claim_id, _, item in claims(document):
                item["labels"] = settled[claim_id]
            document["annotators"] = "the writer and a second annotator, disagreements settled by a third"
            by_file.setdefault(path, []).append(json.dumps(document, ensure_ascii=False) + "\n")
        for path, lines in by_file.items():
            (args.out / path.name).write_text("".join(lines), "utf-8")
        print(f"{len(differing)} disagreements settled; {len(documents)} documents -> {args.out}")
    return 0


def _disagreements(
    documents: list[dict], writer: dict[str, dict[str, str]], second: dict[str, dict[str, str]], ids: set[str]
) -> str:
    """Each differing claim with its paragraph and both readings, in a seeded random order per claim."""
    rng = random.Random("second-reading")
    blocks = []
    for document in documents:
        by_paragraph: dict[int, list[str]] = {}
        for claim_id, p, item in claims(document):
            if claim_id in ids:
                readings = [writer[claim_id], second[claim_id]]
                rng.shuffle(readings)
                lines = [f"{claim_id}\t{item['text']}"]
                lines += [
                    f"    reading {k} (e s d): {' '.join(CODE[r[t]] for t in TARGETS)}"
                    for k, r in enumerate(readings, 1)
                ]
                by_paragraph.setdefault(p, []).extend(lines)
        blocks += [_paragraph_block(document, p, lines) for p, lines in by_paragraph.items()]
    return "".join(blocks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(required=True)
    t = sub.add_parser("tasks", help="the batch without labels, for the second annotators")
    t.add_argument("raw", type=Path, nargs="+", help="the batch's raw files (RAW_FORMAT.md)")
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--parts", type=int, default=2)
    t.add_argument("--per-file", type=int, default=None, help="read a seeded sample of this many documents per file")
    t.add_argument("--skip", type=Path, default=None, help="a label file: leave out the documents it has read")
    t.set_defaults(run=write_tasks)
    s = sub.add_parser("settle", help="kappa, disagreements for the third reader, the settled batch")
    s.add_argument("raw", type=Path, nargs="+", help="the batch's raw files with the writers' labels")
    s.add_argument("--second", type=Path, required=True, help="folder of the second reading's .tsv files")
    s.add_argument("--annotation", type=Path, required=True, help="where the readings, decisions and kappa are kept")
    s.add_argument("--out", type=Path, default=None, help="write each batch file here with the settled labels")
    s.add_argument("--per-file", type=int, default=None, help="the same sample as `tasks --per-file`")
    s.set_defaults(run=settle)
    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
