"""Build the policy-stance corpus from its raw documents, validating as it goes.

Reads ``corpora/policy-stance/raw/*.jsonl`` (format: RAW_FORMAT.md), lays each document out as plain text with
character offsets, assigns a split per document, and writes ``documents.jsonl`` and ``judgments.jsonl``.
Exits non-zero on schema errors, near-duplicate claims, or text shared across splits; prints label balance.

    python scripts/build_corpus.py corpora/policy-stance
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path

LABELS = ("favor", "against", "none")
TARGETS = ("engagement", "sanctions", "deterrence")
SPLITS = (("train", 70), ("dev", 15), ("test", 15))
HEADER_FIELDS = ("headline", "byline", "dateline", "photo_credit")
FOOTER_FIELDS = ("bio", "republication")
NEAR_DUPLICATE_JACCARD = 0.8


def split_of(raw: dict) -> str:
    """The split of a raw document: its own ``split`` (real prose, split by voice and year when it was selected), else
    a stable hash of its author, so no voice is in two splits and adding documents never moves old ones."""
    if raw.get("split"):
        if raw["split"] not in dict(SPLITS):
            raise ValueError(
                f"{raw['doc_id']}: split must be one of {[name for name, _ in SPLITS]}, got {raw['split']!r}"
            )
        return raw["split"]
    bucket = int(hashlib.sha1(raw["author"].encode()).hexdigest(), 16) % 100
    for name, share in SPLITS:
        if bucket < share:
            return name
        bucket -= share
    raise AssertionError("shares must sum to 100")


def lay_out(raw: dict) -> dict:
    """Plain text of a raw document plus claims and non-claims with offsets into it."""
    text, claims, non_claims = "", [], []

    def add(piece: str, sep: str) -> tuple[int, int]:
        nonlocal text
        if text:
            text += sep
        start = len(text)
        text += piece
        return start, len(text)

    for kind in HEADER_FIELDS:
        if raw.get(kind):
            start, end = add(raw[kind].strip(), "\n")
            non_claims.append({"start": start, "end": end, "kind": kind})
    for paragraph in raw["paragraphs"]:
        first = True
        for item in paragraph:
            if "section" in item:
                start, end = add(item["section"].strip(), "\n\n")
                non_claims.append({"start": start, "end": end, "kind": "section"})
                first = True
                continue
            start, end = add(item["text"].strip(), "\n\n" if first else " ")
            first = False
            claim = {"start": start, "end": end, "labels": item["labels"], "cases": item.get("cases", [])}
            if item.get("edit_of"):  # a counterfactual edit of that claim (scripts/counterfactuals.py)
                claim["edit_of"] = item["edit_of"]
            claims.append(claim)
    for kind in FOOTER_FIELDS:
        if raw.get(kind):
            start, end = add(raw[kind].strip(), "\n\n")
            non_claims.append({"start": start, "end": end, "kind": kind})
    return {"text": text + "\n", "claims": claims, "non_claims": non_claims}


def preceding_claim(text: str, claims: list[dict], k: int) -> str:
    """The claim before claim ``k`` in the same paragraph, or "": the rule of ``stance.text.preceding_in_paragraph``,
    which gives a context model its neighbour at annotation time (this script runs without the package installed)."""
    if k == 0 or re.search(r"\n[^\S\n]*\n", text[claims[k - 1]["end"] : claims[k]["start"]]):
        return ""
    return text[claims[k - 1]["start"] : claims[k - 1]["end"]]


def check_raw(raw: dict, where: str) -> list[str]:
    errors = []
    for key in ("doc_id", "author", "genre", "paragraphs"):
        if key not in raw:
            errors.append(f"{where}: missing {key!r}")
    for p, paragraph in enumerate(raw.get("paragraphs", [])):
        for i, item in enumerate(paragraph):
            if "section" in item:
                continue
            if not isinstance(item.get("text"), str) or not item["text"].strip():
                errors.append(f"{where}: paragraph {p} item {i} has no text")
            if "edit_of" in item and not (isinstance(item["edit_of"], str) and item["edit_of"]):
                errors.append(f"{where}: paragraph {p} item {i} edit_of must name a claim id, got {item['edit_of']!r}")
            labels = item.get("labels", {})
            if set(labels) != set(TARGETS) or any(v not in LABELS for v in labels.values()):
                errors.append(
                    f"{where}: paragraph {p} item {i} labels {labels} must give each of {TARGETS} one of {LABELS}"
                )
    return errors


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9']+", text.lower()))


def near_duplicate_pairs(words: list[frozenset[str]]) -> set[tuple[int, int]]:
    """Index pairs ``(j, i)``, ``j < i``, of word sets of at least 4 words with Jaccard similarity of at least the
    threshold.

    Prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007): with words ordered rarest first, two sets with
    Jaccard >= t share a word among the first ``n - ceil(t * n) + 1`` of each, so only pairs sharing such a word are
    compared. Exact, and a common word such as "the" rarely falls in a prefix, so most pairs are never compared.
    """
    frequency = Counter(w for ws in words for w in ws)
    index: dict[str, list[int]] = defaultdict(list)
    candidates: set[tuple[int, int]] = set()
    for i, ws in enumerate(words):
        if len(ws) < 4:
            continue
        ordered = sorted(ws, key=lambda w: (frequency[w], w))
        # 1e-9: t * n computed in floating point may land a hair above an integer and lengthen the ceiling by one.
        for w in ordered[: len(ws) - math.ceil(NEAR_DUPLICATE_JACCARD * len(ws) - 1e-9) + 1]:
            candidates.update((j, i) for j in index[w])
            index[w].append(i)
    return {
        (j, i) for j, i in candidates if len(words[i] & words[j]) / len(words[i] | words[j]) >= NEAR_DUPLICATE_JACCARD
    }


def find_near_duplicates(claims: list[tuple[str, str, str]], edits: Mapping[int, int] | None = None) -> list[str]:
    """Pairs of claims (doc, split, text) with word-set Jaccard similarity of at least the threshold, described.

    ``edits`` maps the index of a counterfactual edit to the index of the claim it edits: such a pair is
    near-identical by design and passes when both are in one split, unless the edit changed no word at all."""
    edits = edits or {}
    problems = []
    words = [_words(text) for _, _, text in claims]
    for j, i in sorted(near_duplicate_pairs(words)):
        declared = edits.get(i) == j or edits.get(j) == i
        if declared and claims[i][1] == claims[j][1] and words[i] != words[j]:
            continue
        kind = "leak across splits" if claims[i][1] != claims[j][1] else "near-duplicate"
        problems.append(f"{kind}: {claims[j][0]} {claims[j][2][:60]!r} ~ {claims[i][0]} {claims[i][2][:60]!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="corpus folder holding raw/")
    args = parser.parse_args()
    documents, errors, seen = [], [], set()
    for file in sorted((args.corpus / "raw").glob("*.jsonl")):
        for number, line in enumerate(file.read_text("utf-8").split("\n"), start=1):
            if not line.strip():
                continue
            where = f"{file}:{number}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as err:
                errors.append(f"{where}: malformed JSON ({err.msg})")
                continue
            problems = check_raw(raw, where)
            if raw.get("doc_id") in seen:
                problems.append(f"{where}: duplicate doc_id {raw['doc_id']!r}")
            errors.extend(problems)
            if problems:
                continue
            seen.add(raw["doc_id"])
            laid = lay_out(raw)
            meta = {k: raw.get(k) for k in ("author", "voice", "genre", "context", "year", "source")}
            origin = raw.get("origin", "synthetic")
            documents.append({"id": raw["doc_id"], **meta, "origin": origin, "split": split_of(raw), **laid})

    every = [(d, k, c) for d in documents for k, c in enumerate(d["claims"])]
    claims = [(d["id"], d["split"], d["text"][c["start"] : c["end"]]) for d, _, c in every]
    position = {f"{d['id']}-{k:02d}": n for n, (d, k, _) in enumerate(every)}  # the claim ids of judgments.jsonl
    edits = {}
    for n, (d, _, claim) in enumerate(every):
        if "edit_of" in claim and claim["edit_of"] not in position:
            errors.append(f"{d['id']}: an edit of {claim['edit_of']!r}, which is no claim of the corpus")
        elif "edit_of" in claim:
            edits[n] = position[claim["edit_of"]]
    errors.extend(find_near_duplicates(claims, edits))
    with (args.corpus / "documents.jsonl").open("w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
    balance: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    with (args.corpus / "judgments.jsonl").open("w", encoding="utf-8") as out:
        for document in documents:
            for k, claim in enumerate(document["claims"]):
                context = preceding_claim(document["text"], document["claims"], k)
                for target in TARGETS:
                    label = claim["labels"][target]
                    balance[(document["origin"], document["split"], target)][label] += 1
                    row = {
                        "id": f"{document['id']}-{k:02d}-{target}",
                        "text": document["text"][claim["start"] : claim["end"]],
                        "context": context,
                        "target": target,
                        "label": label,
                        "split": document["split"],
                        "doc_id": document["id"],
                        "author": document["author"],
                        "origin": document["origin"],
                        "cases": claim["cases"],
                    }
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")

    splits = Counter(d["split"] for d in documents)
    print(
        f"{len(documents)} documents ({dict(splits)}), {len(claims)} claims, {3 * len(claims)} judgments, "
        f"{len({d['author'] for d in documents})} authors, {len({d['genre'] for d in documents})} genres"
    )
    print(f"{'origin':9} {'split':6} {'target':11} " + " ".join(f"{x:>8}" for x in LABELS))
    for (origin, split, target), counts in sorted(balance.items()):
        print(f"{origin:9} {split:6} {target:11} " + " ".join(f"{counts[x]:8d}" for x in LABELS))
    # No voice in two splits. UN delegations are the exception: their real statements are split by year block.
    voices: dict[str, set[str]] = defaultdict(set)
    for document in documents:
        if not document["id"].startswith("ungdc-"):
            voices[document["author"]].add(document["split"])
    errors.extend(f"author {a!r} is in splits {sorted(s)}" for a, s in voices.items() if len(s) > 1)
    cases = Counter(case for d in documents for c in d["claims"] for case in c["cases"])
    print("hard cases:", dict(cases.most_common()))
    for error in errors:
        print("ERROR", error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
