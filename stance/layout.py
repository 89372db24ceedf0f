"""Find the parts of a document that are not claims: headlines, bylines, credits, bios, section labels.

Works line by line on the raw text, so offsets stay exact and no NLP model is needed. The rules are tuned on the
layout of op-eds, briefs, statements and news pages, and scored on the corpus' annotated non-claims by
``scripts/evaluate_layout.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_TERMINAL = re.compile(r"[.!?…][\"'”’)\]*_]*\s*$")
_PATTERNS: dict[str, re.Pattern[str]] = {
    "author": re.compile(r"^author\s*:", re.IGNORECASE),
    "byline": re.compile(r"^(?:[Bb]y|[Ff]rom|[Ww]ritten by)\s+(?:[A-Z][\w.'’-]*,?\s*(?:and\s+|&\s+)?){1,8}$"),
    "photo_credit": re.compile(
        r"^\W*(?:photo|photograph|image|picture|illustration|caption|video|credit|file photo)s?"
        r"(?:\s+(?:credit|by))?\s*[:|(—–-]"
        r"|\((?:photo|image)\s+(?:credit|by)\b"
        r"|/\s*(?:Reuters|AP|AFP|Getty Images|EPA|Yonhap|KCNA|Bloomberg|Shutterstock)\)?\s*$",
        re.IGNORECASE,
    ),
    "republication": re.compile(
        r"\b(?:originally|first|previously)\s+(?:appeared|published|ran|posted)\b|\b(?:republished|reprinted)\s+(?:with|from|by)\b",
        re.IGNORECASE,
    ),
    "copyright": re.compile(r"^(?:©|\(c\)\s|copyright\b|all rights reserved)", re.IGNORECASE),
    "dateline": re.compile(r"^[A-Z][A-Z .'-]{2,}(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?(?:,\s*\d{4})?)?\s*[—–-]?$"),
    "section": re.compile(r"^#{1,6}\s"),
}
# "NAME is/was a ... fellow/professor/...": the usual first sentence of an author bio.
_BIO = re.compile(
    r"^[*_\s—–-]*(?:[A-Z][\w.'’-]+\s+){1,4}(?:is|was|serves as|has been|works as)\b[^.]{0,200}?"
    r"\b(?:fellow|professor|director|editor|columnist|correspondent|analyst|researcher|chair|president|ambassador"
    r"|author|scholar|former|lecturer|reporter|adviser|advisor|founder|head|writer|advocate|student|member|officer"
    r"|organizer|organiser|contributor|journalist|expert|specialist|diplomat|secretary|minister)\b"
)
_MAX_HEADLINE_WORDS = 25
_MAX_BIO_WORDS = 90


@dataclass(frozen=True)
class Region:
    """A stretch ``text[start:end]`` that is either ``"body"`` (may hold claims) or a kind of non-claim."""

    start: int
    end: int
    kind: str


def find_regions(text: str) -> list[Region]:
    """Split ``text`` into body paragraphs and non-claim lines, in order.

    >>> [r.kind for r in find_regions("Talks Now\\nBy Ann Lee\\n\\nTalks must resume. They work.")]
    ['headline', 'byline', 'body']
    """
    lines = list(_lines(text))
    kinds: list[str | None] = [_pattern_kind(text[s:e].strip()) if text[s:e].strip() else "blank" for s, e in lines]
    # Headlines and section labels: short unpunctuated lines standing apart from running text.
    for i, (start, end) in enumerate(lines):
        if kinds[i] is None and _isolated(kinds, i) and _looks_like_heading(text[start:end].strip(" \t*_")):
            kinds[i] = "section"
        if kinds[i] == "section" and "body" not in kinds[:i]:
            kinds[i] = "headline"
        if kinds[i] is None:
            kinds[i] = "body"
    regions = _merge_body_lines(lines, kinds)
    return _mark_bios(text, regions)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    offset = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        yield offset, offset + len(content)
        offset += len(line)


def _pattern_kind(line: str) -> str | None:
    for kind, pattern in _PATTERNS.items():
        if pattern.search(line) and (kind != "republication" or len(line.split()) <= 30):
            return kind
    return None


def _isolated(kinds: list[str | None], i: int) -> bool:
    """True when the neighbours of line ``i`` are blank, non-claim lines, or the document's edges."""
    def apart(j: int) -> bool:
        return j < 0 or j >= len(kinds) or kinds[j] not in (None, "body")

    return apart(i - 1) and apart(i + 1)


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > _MAX_HEADLINE_WORDS:
        return False
    if not _TERMINAL.search(line) and not line.endswith((":", ",", ";")):
        return True
    capitalised = [w for w in words if w[:1].isalpha() and len(w) > 3]
    return len(words) <= 12 and bool(capitalised) and all(w[0].isupper() for w in capitalised)


def _merge_body_lines(lines: list[tuple[int, int]], kinds: list[str | None]) -> list[Region]:
    """Consecutive body lines form one paragraph (hard-wrapped text); blank and non-claim lines end it."""
    regions: list[Region] = []
    for i, ((start, end), kind) in enumerate(zip(lines, kinds)):
        if kind == "blank":
            continue
        if kind == "body" and i > 0 and kinds[i - 1] == "body":
            regions[-1] = Region(regions[-1].start, end, "body")
        else:
            regions.append(Region(start, end, str(kind)))
    return regions


def _mark_bios(text: str, regions: list[Region]) -> list[Region]:
    """Author bios sit in the first or last two paragraphs and open with "NAME is a <role>"."""
    body = [i for i, r in enumerate(regions) if r.kind == "body"]
    edges = set(body[:2] + body[-2:])
    marked = list(regions)
    for i in edges:
        paragraph = text[regions[i].start : regions[i].end].strip()
        if len(paragraph.split()) <= _MAX_BIO_WORDS and _BIO.match(paragraph):
            marked[i] = Region(regions[i].start, regions[i].end, "bio")
    return marked
