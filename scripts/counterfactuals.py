"""Counterfactual edits of real training sentences: the real register's rare stances, written by minimal edits.

Real speeches rarely oppose anything and seldom argue for economic pressure: the real training split holds 7 `against`
engagement, 88 `against` deterrence and 29 sided sanctions sentences. Counterfactually augmented data (Kaushik et al.,
"Learning the difference that makes a difference with counterfactually-augmented data", ICLR 2020) edits real
sentences to change their label, as little as the writer can, so the edit, not the register, carries the label.

``tasks`` draws real *training* sentences (never dev or test), seeded, in five kinds, and writes the writers' batches:

- ``against-engagement``: a sentence in favour of engagement, edited to oppose it;
- ``against-deterrence``: a sentence in favour of deterrence, edited to oppose it;
- ``favor-sanctions``: a sentence in favour of engagement or deterrence, edited to argue for economic pressure;
- ``against-sanctions``: the same, edited to argue against economic pressure;
- ``flip-sanctions``: each sided sanctions sentence, its sanctions stance reversed.

Writers return ``id<TAB>sentence<TAB>e<TAB>s<TAB>d`` (labels f/a/n for the edited sentence). ``assemble`` turns their
files into one raw batch (one document per source voice, every document in the train split), which
``scripts/second_reading.py`` then reads blind and settles like any written batch::

    python scripts/counterfactuals.py tasks corpora/policy-stance/judgments.jsonl --out tasks/cf --parts 4
    python scripts/counterfactuals.py assemble tasks/cf --out corpora/policy-stance/candidates/batch16.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from real_prose import LABELS, TARGETS

KINDS = {
    "against-engagement": (("engagement", "favor"), 160),
    "against-deterrence": (("deterrence", "favor"), 140),
    "favor-sanctions": (None, 150),
    "against-sanctions": (None, 70),
}
SEED = 2026


def real_train_claims(judgments: Path) -> list[dict]:
    """One record per real training claim: id, text, context, author, doc_id and its three labels."""
    claims: dict[str, dict] = {}
    for line in judgments.read_text("utf-8").splitlines():
        row = json.loads(line)
        if row.get("origin") != "real" or row["split"] != "train":
            continue
        claim_id = row["id"].rsplit("-", 1)[0]
        claim = claims.setdefault(
            claim_id,
            {
                "id": claim_id,
                "text": row["text"],
                "context": row["context"],
                "author": row["author"],
                "doc_id": row["doc_id"],
                "labels": {},
            },
        )
        claim["labels"][row["target"]] = row["label"]
    return list(claims.values())


def draw(claims: list[dict]) -> list[dict]:
    """The tasks: each source claim used once, kinds drawn in a fixed order with a fixed seed."""
    rng = random.Random(SEED)
    used: set[str] = set()
    tasks = []

    def take(kind: str, pool: list[dict], count: int) -> None:
        pool = [c for c in pool if c["id"] not in used and 6 <= len(c["text"].split()) <= 45]
        for claim in rng.sample(pool, min(count, len(pool))):
            used.add(claim["id"])
            tasks.append({"task": f"{kind}-{len(tasks):04d}", "kind": kind, **claim})

    sided_sanctions = [c for c in claims if c["labels"]["sanctions"] != "none"]
    take("flip-sanctions", sided_sanctions, len(sided_sanctions))
    for kind, (condition, count) in KINDS.items():
        if condition:
            target, label = condition
            pool = [c for c in claims if c["labels"][target] == label]
        else:
            pool = [c for c in claims if "favor" in (c["labels"]["engagement"], c["labels"]["deterrence"])]
        take(kind, pool, count)
    return tasks


INSTRUCTIONS = {
    "against-engagement": "Edit it so that the speaker OPPOSES engagement (talks, negotiation, treaties, "
    "co-operation with the adversary): refuses talks, calls them naive or useless, sets preconditions that amount to "
    "refusal, wants a negotiation ended, opposes trade or aid to the adversary.",
    "against-deterrence": "Edit it so that the speaker OPPOSES deterrence (the speaker's own side's military power): "
    "wants defence spending or forces cut, troops withdrawn, weapons scrapped, exercises or an alliance ended, or "
    "calls the build-up a danger or a waste.",
    "favor-sanctions": "Edit it so that the speaker SUPPORTS economic pressure on an adversary (sanctions, an "
    "embargo, export controls, asset freezes, trade denial, their enforcement): imposes, keeps, tightens or "
    "enforces them, or says they work.",
    "against-sanctions": "Edit it so that the speaker OPPOSES economic pressure on an adversary: wants sanctions or "
    "an embargo lifted or eased, says they fail or hurt, refuses to impose them.",
    "flip-sanctions": "Edit it so that the speaker's stance on economic pressure (sanctions, embargo, export "
    "controls, trade denial) is REVERSED: support becomes opposition, opposition becomes support.",
}


def tasks(args: argparse.Namespace) -> int:
    chosen = draw(real_train_claims(args.judgments))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "tasks.jsonl").write_text("".join(json.dumps(t) + "\n" for t in chosen), "utf-8")
    order = random.Random(SEED + 1).sample(chosen, len(chosen))
    for part in range(args.parts):
        lines = []
        for t in order[part :: args.parts]:
            code = "".join({v: k for k, v in LABELS.items()}[t["labels"][x]] for x in TARGETS)
            lines.append(
                f"## {t['task']}\nspeaker: {t['author']}\nsentence before: {t['context'] or '(none)'}\n"
                f"sentence: {t['text']}\nits labels now (engagement, sanctions, deterrence): {code}\n"
                f"edit: {INSTRUCTIONS[t['kind']]}\n"
            )
        (args.out / f"part{part + 1}.md").write_text("\n".join(lines), "utf-8")
    counts = defaultdict(int)
    for t in chosen:
        counts[t["kind"]] += 1
    print(f"{len(chosen)} tasks in {args.parts} parts: {dict(counts)}")
    return 0


def read_edits(folder: Path) -> dict[str, dict]:
    """The writers' edits: ``id<TAB>sentence<TAB>e<TAB>s<TAB>d`` per line, from every ``*.tsv`` in ``folder``."""
    edits = {}
    for path in sorted(folder.glob("*.tsv")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) != 5 or any(f not in LABELS for f in fields[2:]):
                raise SystemExit(
                    f"{path}:{number}: expected id<TAB>sentence<TAB>e<TAB>s<TAB>d with f/a/n, got {line!r}"
                )
            if fields[0] in edits:
                raise SystemExit(f"{path}:{number}: task {fields[0]} is edited twice (once in an earlier line or file)")
            edits[fields[0]] = {
                "text": fields[1].strip(),
                "labels": {t: LABELS[x] for t, x in zip(TARGETS, fields[2:])},
            }
    return edits


def assemble(args: argparse.Namespace) -> int:
    chosen = {t["task"]: t for t in map(json.loads, (args.folder / "tasks.jsonl").read_text("utf-8").splitlines())}
    edits = read_edits(args.folder / "edits")
    missing, unknown = sorted(set(chosen) - set(edits)), sorted(set(edits) - set(chosen))
    if unknown:
        raise SystemExit(f"{len(unknown)} edits name no task of {args.folder / 'tasks.jsonl'}, e.g. {unknown[:3]}")
    if missing:
        print(f"{len(missing)} tasks without an edit (left out): {missing[:5]}…", file=sys.stderr)
    by_voice: dict[str, list] = defaultdict(list)
    for task_id, edit in sorted(edits.items()):
        by_voice[chosen[task_id]["author"]].append((chosen[task_id], edit))
    documents = []
    for number, (voice, items) in enumerate(sorted(by_voice.items()), start=1):
        documents.append(
            {
                "doc_id": f"cf-{number:02d}",
                "author": f"Counterfactual edits of {voice}",
                "voice": f"{voice} (one sentence of a real speech, edited)",
                "genre": "speech",
                "context": "counterfactual",
                "split": "train",  # edits of training sentences: never in dev or test
                "headline": None,
                "byline": None,
                "dateline": None,
                "photo_credit": None,
                "bio": None,
                "republication": None,
                "paragraphs": [
                    [{"text": e["text"], "labels": e["labels"], "cases": [], "edit_of": t["id"], "task": t["task"]}]
                    for t, e in items
                ],
            }
        )
    args.out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), "utf-8")
    print(f"wrote {sum(len(d['paragraphs']) for d in documents)} edits in {len(documents)} documents to {args.out}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("tasks", help="draw real training sentences and write the writers' batches")
    p.add_argument("judgments", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--parts", type=int, default=3)
    p.set_defaults(run=tasks)
    p = commands.add_parser("assemble", help="the writers' edits as one raw batch in the train split")
    p.add_argument("folder", type=Path, help="the tasks folder, with the writers' files in edits/")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=assemble)
    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
