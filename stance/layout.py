"""Find the parts of a document that are not claims: headlines, bylines, datelines, credits, bios, section labels.

Works line by line on the raw text, so offsets stay exact and no NLP model is needed:

1. lines of a known kind (:func:`stance.furniture.line_kind`: ``By NAME``, ``Photo:``, ``BRUSSELS, 14 May``,
   ``Author:``…) are non-claims;
2. a run of consecutive lines, between blank or non-claim lines, is a heading block when *every* line in it looks like
   a heading (short, unpunctuated or title-cased) or a name (``Ruth Abernathy, Asheville, N.C.``); hard-wrapped prose
   never qualifies because its paragraphs end in a full stop;
3. a line standing alone between blank lines that is a web page's furniture (``Share this:``, ``Related: …``,
   ``Figure 2: …``) is a non-claim anywhere, and so is a closing list of cited notes after a ``Notes`` line;
4. consecutive body lines form paragraphs (a list item starts its own), and paragraphs at the edges of the document
   that read like an author bio, an acknowledgement or a republication note (``Adapted from remarks…``) are
   non-claims too; a text may close with several bios.

What each kind of line looks like is :mod:`stance.furniture`'s; this module walks the lines and decides. The rules are
scored on the corpus' annotated non-claims by ``scripts/evaluate_segmentation.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from stance.furniture import (
    ABOUT_HEADING,
    ABOUT_NOTE,
    ADVOCACY,
    BIO,
    BULLETS,
    CITATION,
    COMMENTS_HEADING,
    EDGE_NOTE,
    LINK_LIST_HEADING,
    LIST_ITEM,
    LIST_NUMBER,
    MEETING,
    NOTE_MARKER,
    NOTES_HEADING,
    RULE,
    SIGN_OFF,
    TERMINAL,
    THANKS,
    TURN,
    VALEDICTION,
    VOTE,
    WIRE_DATELINE,
    is_furniture,
    is_title,
    is_title_case,
    line_kind,
    looks_like_heading,
)
from stance.speakers import SPEAKER_LINE, TITLED_SPEAKER_LINE
from stance.text import CONTINUATION, LINE_BREAKS

# A heading set directly above its paragraph (:func:`_mark_run_in_headings`): at most this many words, not ending in
# a word that goes on ("… the", "… and", a comma or a dash), or with a heading's own shape: a section's number
# ("2.1 Nuclear forces"), a time ("11:58 GMT"), a label ("Option A: …").
_MAX_RUN_IN_HEADING_WORDS = 8
_OPEN_ENDING = re.compile(
    r"(?:\b(?:and|or|the|of|to|a|an|in|on|at|for|from|with|by|as|into|than|that|is|are|was|were|will|would|not|its"
    r"|their|his|her|our|this|these)|,|--|—|–)$"
)
# A line that a sentence goes on from, in a post's lines without full stops: also a modal, a conjunction or a
# preposition ("We must keep sanctions until | Pyongyang takes verifiable steps"). Not for headings, which may end in
# one ("3.1 The case against").
_GOES_ON = re.compile(
    r"(?:\b(?:nor|but|so|be|must|should|can|could|may|might|until|unless|because|if|when|while|after|before|since"
    r"|which|who|whose|where|about|against|over|under|between|through|without|within|toward|towards|onto)|;)$|"
    + _OPEN_ENDING.pattern
)
# An auxiliary or a modal verb: a sentence's mark that a line without a full stop may still carry.
_FINITE = re.compile(
    r"\b(?:[Ii]s|[Aa]re|[Ww]as|[Ww]ere|[Bb]e|[Bb]een|[Hh]as|[Hh]ave|[Hh]ad|[Ww]ill|[Ww]ould|[Mm]ust|[Ss]hould|[Cc]an"
    r"|[Cc]ould|may|[Mm]ight|[Ss]hall|[Dd]o|[Dd]oes|[Dd]id|[Cc]annot"  # not "May": "2 May" is a date
    r"|(?:[Ii]s|[Aa]re|[Ww]as|[Ww]ere|[Hh]as|[Hh]ave|[Dd]o|[Dd]oes|[Dd]id|[Cc]a|[Ww]o|[Ss]hould|[Ww]ould|[Cc]ould"
    r"|[Mm]ust)n[’']t)\b"
)
# A text this short is a post or a statement, not a page: see find_regions.
_MAX_POST_CHARS = 3_000
_RUN_IN_HEADING = re.compile(r"\d{1,2}(?:\.\d{1,2})+\.?\s+[A-Z]|\d{1,2}:\d{2}\b|[A-Z][\w-]*(?: [A-Z0-9][\w-]*)?: [A-Z]")
# What a line after a text's last paragraph holds when it is a page's label, pointer or counter rather than a sentence.
_NOT_A_SENTENCE = re.compile(
    r"^\W*[\w .'’-]{1,30}:|[•·|]|[-—–:]\s*$|^\W*#\w+(?:\s+#\w+)*\s*$"
    r"|^\W*(?:more from|read|watch|listen|follow|subscribe|share|tags?|topics?|related|for more|media|please"
    r"|return to|back to|download|you may|get the|sent from|additional reporting|reporting by|yours|your"
    r"|comments are|with (?:\w+ )?(?:respect|gratitude|regards|thanks|wishes)"
    r"|this (?:story|report|article|entry|post|page|statement|speech|translation|is an)"
    r"|the (?:writers?|authors?|story|article|report|opinions|views) (?:is|are|was|were|has|have|expressed)"
    r"|(?:he|she) (?:is|was|has))\b|\bcontributed to this\b"
    r"|^\W*(?:what|why|how|where|when|who)\b[^?]*$"  # a heading's question, without its question mark
    r"|\bin this (?:undated |handout |file )?(?:photo|picture|image)\b|\bpictured\b"
    r"|\bcourtesy of\b|\b(?:directed|addressed) to\b|\b(?:has|have) been (?:updated|edited|corrected)\b"
    r"|\bedited for (?:length|clarity)\b|\bunofficial\b"
    # a name and a title: "John Kirby, NSC spokesperson"
    r"|^\W*(?-i:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}),\s*[^,]{0,60}$",
    re.IGNORECASE,
)
# An e-mail's quoted reply opens with this line; a signature's lines: a name, a title, an address, a notice.
_QUOTE_HEADER = re.compile(r"On \w{3}, .{5,80} wrote:")
_MAX_SIGNATURE_LINES, _MAX_SIGNATURE_WORDS = 6, 12
_MAX_NAME_WORDS = 6  # "Karen Liu | Senior Analyst"
_MAX_LINK_WORDS = 13
# A list's label without a colon ("Key takeaways", "Policy recommendations"): up to four words that do not end like
# a sentence going on ("The three steps are").
_LIST_LABEL = re.compile(
    r"[*_#\s]*[A-Z][\w'’-]*(?: [\w'’-]+){0,3}(?<!\bare)(?<!\bis)(?<!\bthe)(?<!\bto)(?<!\bof)(?<!\band)(?<!\bor)"
    r"(?<!\bthat)(?<!\binclude)(?<!\bwere)[*_\s]*"
)
# The characters of BULLETS: an item they open may start with a number ("- 69 launches were …").
_BULLET_CHARACTERS = frozenset(re.sub(r"\\", "", BULLETS))
_MAX_BIO_WORDS = 90
# A second sentence about someone else in a paragraph that opens like a bio: "Secretary Blinken served as deputy
# secretary when the deal was signed, and he knows its flaws …" is a claim, not the first of several closing bios.
_CLAUSE_ABOUT = re.compile(r",\s+(?:and|but)\s+(?:he|she|they|it|we|his|her|their|its|our)\b", re.IGNORECASE)
_EDGE_PARAGRAPHS = 2
# Bylines, datelines, author and republication lines are furniture of a document's head and tail: they are recognised
# only in its first and last blocks of lines, never in the middle of a text.
_EDGE_BLOCKS = 3
_EDGE_ONLY = {"author", "bio", "byline", "dateline", "republication", "copyright", "headline"}
# A pull quote's length in words (below it, a speech's refrain; above it, a paragraph quoted whole).
_MIN_PULL_QUOTE_WORDS, _MAX_PULL_QUOTE_WORDS = 8, 60
_MAX_PULL_QUOTES = 20  # more quoted paragraphs than that is not a page's display copy (and would cost time)
_DISPLAY_COPY = re.compile(r"\s*(?:[>*_]|[“\"‘'«])")  # a paragraph set off: quoted, or a Markdown quote or emphasis


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
    stripped = [text[s:e].strip() for s, e in lines]
    kinds: list[str | None] = ["blank" if not line else None for line in stripped]
    blocks = _blocks(kinds)
    for b, block in enumerate(blocks):
        edge = b < _EDGE_BLOCKS or b >= len(blocks) - _EDGE_BLOCKS
        furniture = all(is_furniture(stripped[i]) or line_kind(stripped[i]) == "copyright" for i in block) or (
            # a report's cover block: its publisher's name over a link and the report's number
            any(is_furniture(stripped[i]) for i in block)
            and all(is_furniture(stripped[i]) or is_title(stripped[i]) for i in block)
        )
        # a letter's signature block; a UN record's heading ("9591st meeting", its date and place) and vote lists
        record = MEETING.match(stripped[block[0]]) or (VOTE.match(stripped[block[0]]) and len(block) <= 3)
        if furniture or record or (edge and VALEDICTION.match(stripped[block[0]])):
            for i in block:
                kinds[i] = "furniture"
            continue
        for pos, i in enumerate(block):
            kind = line_kind(stripped[i])
            if kind is None or (kind in _EDGE_ONLY and not edge):
                continue
            following = stripped[block[pos + 1]] if pos + 1 < len(block) else None
            if kind == "headline" and following is not None and line_kind(following) is None:
                continue  # a title line stands alone or above a dateline; a wrapped sentence goes on below it
            previous = stripped[block[pos - 1]] if pos else ""
            # At the head of a document a sentence-case or question headline may sit right above the byline.
            previous_is_furniture = (
                pos == 0
                or kinds[block[pos - 1]] is not None
                or is_title(previous)
                or (b == 0 and looks_like_heading(previous))
            )
            next_continues = (
                pos + 1 < len(block)
                and not TERMINAL.search(stripped[i])
                and bool(CONTINUATION.match(stripped[block[pos + 1]]))
            )
            # Never in the middle of a paragraph: a hard-wrapped line that starts with "By Pyongyang's own count"
            # continues the sentence of the line before it, or is continued by the line after it.
            # A letter's note on its writer is the last line of the text's last block, under the signature's lines
            # (which are marked later): anywhere else "The writer is the first to admit …" is prose.
            if kind == "bio" and (b != len(blocks) - 1 or pos != len(block) - 1 or pos == 0):
                continue
            if (previous_is_furniture or kind == "bio") and not next_continues:
                kinds[i] = kind
    _mark_notes(stripped, kinds)
    _mark_link_lists(stripped, kinds)
    _mark_mail(stripped, kinds)
    _mark_page_footnotes(stripped, kinds)
    _mark_comments(stripped, kinds)
    _mark_sign_off(stripped, kinds)
    shaped = list(kinds)
    _mark_heading_blocks(stripped, kinds)
    _mark_run_in_headings(stripped, kinds)
    restored, lines_alone = _post_lines(stripped, kinds, shaped) if len(text) <= _MAX_POST_CHARS else (set(), set())
    for i in restored:
        kinds[i] = None
    seen_body = False
    for i, kind in enumerate(kinds):
        if kind is None:
            kinds[i] = "body"
            seen_body = True
        elif kind == "section" and not seen_body:
            kinds[i] = "headline"
    return _mark_pull_quotes(text, _mark_edges(text, _merge_body_lines(lines, stripped, kinds, lines_alone)))


def _post_lines(stripped: list[str], kinds: list[str | None], shaped: list[str | None]) -> tuple[set[int], set[int]]:
    """The lines of a text as short as a post that the heading rules took (``kinds`` now, ``shaped`` before them) and
    that are its author's words, and those of them that stand alone.

    Headings head something: lines that would be headings only (a one-line statement, a CSV row of slogans, each
    without a full stop: "Sanctions on North Korea are working and must stay") are the text's words, a line each
    unless one goes on in the next ("We need talks with | Pyongyang now"); so is a line standing alone after the last
    prose that reads like a sentence (a post's closing "Sanctions alone will not stop him"). A longer text is a page,
    whose lone lines are its furniture, and the caller does not ask.
    """
    last = max((i for i, kind in enumerate(kinds) if kind is None), default=None)
    if last is not None:  # the first line after the last prose only: not one under another heading or a signature
        after = next((i for i in range(last + 1, len(kinds)) if kinds[i] != "blank"), None)
        if (
            after is not None
            and kinds[after] != shaped[after]
            and all(j >= len(kinds) or kinds[j] == "blank" for j in (after - 1, after + 1))
            and _reads_as_sentence(stripped[after])
        ):
            return {after}, set()
        return set(), set()
    one_line = sum(1 for line in stripped if line) == 1
    restored = {
        i
        for i, kind in enumerate(kinds)
        if (kind != shaped[i] and (one_line or _reads_as_sentence(stripped[i], min_words=3, finite=False)))
        # a slogan in capitals, which a dateline's pattern takes for a place: "LIFT THE TRAVEL BAN"
        or (one_line and kind == "dateline" and not any(ch.isdigit() for ch in stripped[i]))
    }
    for i in range(1, len(kinds)):  # and a line that goes on from one ("We need deterrence with | Seoul now")
        goes_on = _GOES_ON.search(stripped[i - 1]) or CONTINUATION.match(stripped[i])
        if goes_on and i - 1 in restored and kinds[i] != shaped[i]:
            restored.add(i)
    # lines of a table of contents, an agenda or a cover page have no auxiliary or modal
    if not one_line and not any(_FINITE.search(stripped[i]) for i in restored):
        return set(), set()
    alone = {i for i in restored if i and not _GOES_ON.search(stripped[i - 1]) and not CONTINUATION.match(stripped[i])}
    return restored, alone


def _reads_as_sentence(line: str, *, min_words: int = 4, finite: bool = True) -> bool:
    """``min_words`` words or more, with an auxiliary or a modal if ``finite`` ("are", "will", "must", "cannot": what a
    table of contents' entry, a headline, a greeting or a closing rarely has), not in title case, and not a page's
    label, pointer, counter, credit or closing:
    "Media contact: …", "Tab 1 – Talking points", "48 comments • 19 reposts", "More from …", "Several hon. Members
    rose—", "Reuters contributed to this report", "Sent from my iPhone"."""
    words = line.split()
    return (
        len(words) >= min_words
        and (not finite or bool(_FINITE.search(line)))
        and not is_title_case(words)
        and not _NOT_A_SENTENCE.search(line)
        and not any(ch.isdigit() for word in words[:2] for ch in word)
    )


def _mark_sign_off(lines: list[str], kinds: list[str | None]) -> None:
    """Mark a text's last line when it signs the text off ("- Senator Ruth Calder") under body text."""
    last = max((i for i, line in enumerate(lines) if line), default=None)
    if not last or kinds[last] is not None or not SIGN_OFF.fullmatch(lines[last]) or None not in kinds[:last]:
        return
    block = []  # the lines above it in its block: an item of a list opened by the same mark is no sign-off
    for line in reversed(lines[:last]):
        if not line:
            break
        block.append(line)
    if all(line[:1] != lines[last][:1] for line in block):
        kinds[last] = "byline"


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    offset = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip(LINE_BREAKS)
        yield offset, offset + len(content)
        offset += len(line)


def _blocks(kinds: list[str | None]) -> list[list[int]]:
    """Indices of the runs of non-blank lines."""
    blocks: list[list[int]] = []
    for i, kind in enumerate(kinds):
        if kind == "blank":
            continue
        if blocks and blocks[-1][-1] == i - 1:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    return blocks


def _mark_notes(lines: list[str], kinds: list[str | None]) -> None:
    """Mark a closing list of notes or references: a "Notes" (or "References", …) line after the body, then to the
    end of the document only entries ("1. See …", "[2] …", "3 Jones …"; a line that wraps an entry goes with it) and,
    after them, lines that look like a page's running footer, most entries citing something (a year, a link, "see",
    "ibid."), as notes do and a meeting's numbered notes do not. A PDF's footnotes below a rule are found by
    :func:`_mark_page_footnotes`."""
    for i in range(len(lines) - 1, 0, -1):
        if NOTES_HEADING.match(lines[i]) and any(kind is None for kind in kinds[:i]):
            break
    else:
        return
    rest = [j for j in range(i + 1, len(lines)) if kinds[j] != "blank"]
    entries = [j for j in rest if NOTE_MARKER.match(lines[j])]
    starts = [j for j in rest if j == i + 1 or kinds[j - 1] == "blank"]  # each block must open with an entry
    footer = [j for j in starts if j not in entries and entries and j > entries[-1] and looks_like_heading(lines[j])]
    rest = [j for j in rest if not footer or j < footer[0]]
    if not entries or any(j not in entries for j in starts if j not in footer):
        return
    if 2 * sum(bool(CITATION.search(lines[j])) for j in entries) < len(entries):
        return
    kinds[i] = "section"
    for j in rest:
        kinds[j] = "notes"


def _mark_link_lists(lines: list[str], kinds: list[str | None]) -> None:
    """Mark a "See also", "External links" or "Further reading" heading after the body and the list under it, to the
    first blank line after an item or the first line that is not an item of ``_MAX_LINK_WORDS`` words or fewer: a
    page's pointers to other pages."""
    for i, line in enumerate(lines):
        if not LINK_LIST_HEADING.match(line) or kinds[i] not in (None, "furniture"):
            continue
        if all(kind is not None for kind in kinds[:i]):  # no body before it
            continue
        items: list[int] = []
        for j in range(i + 1, len(lines)):
            if kinds[j] == "blank":
                if items:
                    break
                continue
            if not LIST_ITEM.match(lines[j]) or len(lines[j].split()) > _MAX_LINK_WORDS:
                break
            items.append(j)
        if items:
            kinds[i] = "section"
            for j in items:
                kinds[j] = "notes"


def _mark_mail(lines: list[str], kinds: list[str | None]) -> None:
    """Mark an e-mail's quoted reply ("On Fri, … wrote:" and the "> " lines under it, someone else's words) and its
    signature: after the text's last "--" line, a name right below it and a few more short lines to the end."""
    for i, line in enumerate(lines):
        if _QUOTE_HEADER.fullmatch(line):
            kinds[i] = "furniture"
            for j in range(i + 1, len(lines)):
                if kinds[j] == "blank" and j + 1 < len(lines) and lines[j + 1].startswith(">"):
                    continue
                if not lines[j].startswith(">"):
                    break
                kinds[j] = "furniture"
    rule = next((i for i in range(len(lines) - 1, -1, -1) if lines[i] == "--"), None)
    if (
        rule is None
        or rule + 1 == len(lines)
        or kinds[rule + 1] == "blank"
        or len(lines[rule + 1].split()) > _MAX_NAME_WORDS
    ):
        return
    after = [j for j in range(rule + 1, len(lines)) if kinds[j] != "blank"]
    if len(after) <= _MAX_SIGNATURE_LINES and all(len(lines[j].split()) <= _MAX_SIGNATURE_WORDS for j in after):
        for j in [rule, *after]:
            kinds[j] = "furniture"


def _mark_page_footnotes(lines: list[str], kinds: list[str | None]) -> None:
    """Mark the footnotes at the foot of a PDF's pages, the last one's included: a rule ("_____") after body text,
    then a block of lines (up to a blank line) that are footnote entries ("1 UN Panel …", "[2] …"; a wrapped line goes
    with its entry), most of them citing something and none arguing or numbered as a list ("1. Congress should …")."""
    for i, line in enumerate(lines):
        if kinds[i] is not None or not RULE.match(line) or not any(kind is None for kind in kinds[:i]):
            continue
        block = []
        for j in range(i + 1, len(lines)):
            if kinds[j] == "blank":
                break
            block.append(j)
        entries = [j for j in block if NOTE_MARKER.match(lines[j]) and not LIST_NUMBER.match(lines[j])]
        if (
            not entries
            or entries[0] != i + 1
            or any(ADVOCACY.search(lines[j]) for j in block)
            or 2 * sum(bool(CITATION.search(lines[j])) for j in entries) < len(entries)
        ):
            continue
        kinds[i] = "section"
        for j in block:
            kinds[j] = "notes"


def _mark_comments(lines: list[str], kinds: list[str | None]) -> None:
    """Mark a web page's reader comments: everything after its last "Comments (3)" (or "Reader comments", …) line,
    when body text comes before it. Readers are not the author."""
    for i in range(len(lines) - 1, 0, -1):
        if COMMENTS_HEADING.match(lines[i]) and any(kind is None for kind in kinds[:i]):
            for j in range(i, len(lines)):
                kinds[j] = "blank" if kinds[j] == "blank" else "furniture"
            return


def _mark_heading_blocks(lines: list[str], kinds: list[str | None]) -> None:
    """Mark runs of unclassified lines in which every line looks like a heading or a name, unless a line goes on in
    the next (a hard-wrapped paragraph whose last line ends without a full stop: "… (Smith, 2021)")."""
    run: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and kinds[i] is None:
            run.append(i)
            continue
        wrapped = any(CONTINUATION.match(lines[j + 1]) for j in run[:-1])
        if run and not wrapped and all(looks_like_heading(lines[j].strip(" \t")) for j in run):
            for j in run:
                kinds[j] = "section"
        run = []


def _mark_run_in_headings(lines: list[str], kinds: list[str | None]) -> None:
    """Mark a heading set directly above its paragraph or list, without a blank line ("3.1 Sanctions", "Purpose",
    "11:58 GMT", "Option A: Quiet outreach", "Sanctions and Diplomacy" over a sentence): a line of at most
    ``_MAX_RUN_IN_HEADING_WORDS`` words that opens a paragraph (or follows a line that ends a sentence or a heading),
    is under half as long as the line below (shorter, for a section's number, a time or a label), which opens in a
    capital (after a list's marker, if any) and which, or a line after which, ends a sentence; and the line is
    numbered as a section, stamped with a time, a label and a colon, or a heading in title case, of two words at
    most or, opening its block, over a wire story's dateline ("SEOUL, Oct 4 (Reuters) - …"). So a hard-wrapped
    paragraph's first line (its lines are of about one length), a list's first item ("1. Renew the mandate" over "2.
    Enforce …") and a sentence's opening words ("And so, my fellow Americans") stay where they are."""
    # ending[j]: the first line from j on that ends a sentence or is not the body's, found once (the loop below marks
    # only lines above the one it looks at)
    ending = [""] * (len(lines) + 1)
    for j in range(len(lines) - 1, -1, -1):
        ending[j] = lines[j] if kinds[j] is not None or TERMINAL.search(lines[j]) else ending[j + 1]
    for i in range(len(lines) - 1):
        line, below = lines[i], lines[i + 1]
        words = line.split()
        if kinds[i] is not None or kinds[i + 1] is not None or len(words) > _MAX_RUN_IN_HEADING_WORDS:
            continue
        previous = lines[i - 1] if i else ""
        opens = not i or kinds[i - 1] is not None or bool(TERMINAL.search(previous) or is_title(previous))
        # over a wire story's dateline, a line in sentence case is its headline when it opens a block ("North Korea
        # fires missile over Japan" over "SEOUL, Oct 4 (Reuters) - …")
        story = WIRE_DATELINE.match(below) if not i or kinds[i - 1] is not None else None
        item = LIST_ITEM.match(below)
        first = below[item.end() :].lstrip()[:1] if item else below[:1]
        # under half as long as the line below; a heading's own shape (a section's number), or a wire story's dateline
        # below, shorter than it will do
        short = (1 if _RUN_IN_HEADING.match(line) or story else 2) * len(line) < len(below)
        if not opens or not short or not first.isupper() or _OPEN_ENDING.search(line):
            continue
        # a list's items ("1. …" over "2. …", "Step 1: …" over "Step 2: …")
        if (item and LIST_ITEM.match(line)) or words[0] == below.split()[0]:
            continue
        heading = _RUN_IN_HEADING.match(line) or (
            looks_like_heading(line) and (len(words) <= 2 or is_title_case(words) or story)
        )
        if heading and not TERMINAL.search(line) and TERMINAL.search(ending[i + 1]):
            kinds[i] = "section"
            above = i - 1  # and the headings stacked over it: "2. Data and Methods" over "2.1 The Dataset"
            while above >= 0 and kinds[above] is None and looks_like_heading(lines[above]):
                kinds[above] = "section"
                above -= 1


def _merge_body_lines(
    lines: list[tuple[int, int]], stripped: list[str], kinds: list[str | None], alone: set[int]
) -> list[Region]:
    """Consecutive body lines form one paragraph (hard-wrapped text); blank and non-claim lines end it, and so do a
    list item (:func:`_starts_item`), so that an item without a full stop is not run into the next, a line that
    opens with a speaker label ("MR. KIRBY: …"), a transcript's next turn, and a line in ``alone``."""
    regions: list[Region] = []
    opening = ""  # the first line of the paragraph being joined
    for i, ((start, end), kind) in enumerate(zip(lines, kinds)):
        if kind == "blank":
            continue
        if (
            kind == "body"
            and i > 0
            and kinds[i - 1] == "body"
            and i not in alone
            and not _starts_item(
                stripped[i - 1],
                stripped[i],
                label_opens=i < 2 or kinds[i - 2] != "body",
                run_of_items=opening[:1] == stripped[i][:1],
            )
            and not _opens_turn(stripped[i - 1], stripped[i])
        ):
            regions[-1] = Region(regions[-1].start, end, "body")
        else:
            regions.append(Region(start, end, str(kind)))
            opening = stripped[i]
    return regions


def _opens_turn(previous: str, line: str) -> bool:
    """``line`` opens a transcript's next turn: a speaker named by title ("MR. KIRBY: …") or with the turn's time
    ("Joe Biden: (01:12)"), or any speaker label ("ZAKARIA: …", "Q: …") after a line that ends a sentence, so that a
    wrapped line that happens to open with a word in capitals and a colon ("… it is not the | US: it is China …")
    stays in its sentence."""
    return bool(TITLED_SPEAKER_LINE.match(line)) or (bool(TERMINAL.search(previous)) and bool(SPEAKER_LINE.match(line)))


def _starts_item(previous: str, line: str, *, label_opens: bool = False, run_of_items: bool = False) -> bool:
    """``line`` opens a list item of its own: a marker and a capital ("- Enforce …", "2) Congress must …") after a
    line that ends a sentence, introduces a list (":", or a short label that opens its paragraph, ``label_opens``:
    "Key takeaways") or is an item itself. A wrapped sentence that goes on with a dash or a number ("which the
    Council | – in defiance …", "on page | 12. The …", a bar marking the line break) and items that continue one
    sentence ("three parts: | 1. a ceasefire,") stay in their paragraph."""
    marker = LIST_ITEM.match(line)
    # the next of items with one bullet, whatever their case, in a paragraph they open ("- keep sanctions | - restart
    # talks"), not after a lead-in ("States to: | - inspect cargo | - freeze assets") or a line that goes on
    same_bullet = marker and line[0] in _BULLET_CHARACTERS and previous[:1] == line[:1]
    if run_of_items and same_bullet and not _GOES_ON.search(previous):
        return True
    first = line[marker.end() :].lstrip()[:1] if marker else ""
    if not (first.isupper() or (first.isdigit() and line[0] in _BULLET_CHARACTERS)):  # "- 69 launches were …"
        return False
    return (
        bool(TERMINAL.search(previous))
        or previous.endswith(":")
        or bool(LIST_ITEM.match(previous))
        or (label_opens and bool(_LIST_LABEL.fullmatch(previous)))
    )


def _mark_edges(text: str, regions: list[Region]) -> list[Region]:
    """Bios, framing notes and a publisher's "About …" paragraph sit in the first or last paragraphs of a document; a
    text by several authors may close with one bio each, so at the tail the run goes on while the paragraph before is
    a bio or note too."""
    body = [i for i, r in enumerate(regions) if r.kind == "body"]
    marked = list(regions)

    def mark(i: int, *, strict: bool = False) -> bool:
        paragraph = text[regions[i].start : regions[i].end].strip()
        if len(paragraph.split()) > _MAX_BIO_WORDS:
            return False
        # "About CSIS" over the document's last paragraph, or "About the Foundation: …" as it; one that urges is an
        # argument ("About North Korea" over "… the Council should stop pretending …").
        heading = text[regions[i - 1].start : regions[i - 1].end] if i and regions[i - 1].kind == "section" else ""
        about = ABOUT_HEADING.fullmatch(heading) or ABOUT_NOTE.match(paragraph)
        last = all(region.kind != "body" for region in regions[i + 1 :])
        if about and last and not ADVOCACY.search(paragraph):
            marked[i] = Region(regions[i].start, regions[i].end, "republication")
        elif BIO.match(paragraph) and not ADVOCACY.search(paragraph):
            if not (strict and _CLAUSE_ABOUT.search(paragraph)):
                marked[i] = Region(regions[i].start, regions[i].end, "bio")
        elif EDGE_NOTE.match(paragraph) or (
            THANKS.match(paragraph) and not ADVOCACY.search(paragraph) and not TURN.search(paragraph)
        ):
            marked[i] = Region(regions[i].start, regions[i].end, "republication")
        return marked[i].kind != "body"

    for i in body[:_EDGE_PARAGRAPHS]:
        mark(i)
    tail = body[-_EDGE_PARAGRAPHS:]
    for i in tail:
        mark(i)
    # Further back, only while every paragraph after it is already a bio or note, never into the head's, and more
    # strictly: a bio there must be about its subject alone.
    rest = [i for i in body[_EDGE_PARAGRAPHS:] if i < tail[0]] if tail else []
    while rest and all(marked[j].kind != "body" for j in tail) and mark(rest[-1], strict=True):
        tail = [rest.pop(), *tail]
    return marked


def _mark_pull_quotes(text: str, regions: list[Region]) -> list[Region]:
    """A paragraph set as display copy (in quotation marks, or as a Markdown quote or emphasis) that repeats, word for
    word, a stretch of a longer paragraph of the same text is a pull quote (a web page's or magazine's copy of a line
    from the body): the sentence is counted where it was written. Only such paragraphs of ``_MIN_PULL_QUOTE_WORDS``
    words or more, so that a speech's refrain, quoted or not, stays where it stands. Each paragraph's runs of that many
    words are looked up once against at most ``_MAX_PULL_QUOTES`` candidates, so the time is linear in the text's
    length."""
    body = [i for i, r in enumerate(regions) if r.kind == "body"]
    if not any(_DISPLAY_COPY.match(text, regions[i].start, regions[i].end) for i in body):
        return regions  # most texts: no paragraph set off, and nothing more to read
    words = {i: _words(text[regions[i].start : regions[i].end]) for i in body}
    # a candidate's opening words -> its words -> the paragraphs that read so (a page has a few pull quotes at most)
    quotes: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = {}
    for i, quote in words.items():
        display = _DISPLAY_COPY.match(text, regions[i].start, regions[i].end)
        if display and _MIN_PULL_QUOTE_WORDS <= len(quote) <= _MAX_PULL_QUOTE_WORDS:
            quotes.setdefault(tuple(quote[:_MIN_PULL_QUOTE_WORDS]), {}).setdefault(tuple(quote), []).append(i)
    if not quotes or sum(map(len, quotes.values())) > _MAX_PULL_QUOTES:
        return regions
    found: set[tuple[str, ...]] = set()
    for paragraph in words.values():
        for k in range(len(paragraph) - _MIN_PULL_QUOTE_WORDS + 1):
            for quote in quotes.get(tuple(paragraph[k : k + _MIN_PULL_QUOTE_WORDS]), {}):
                if len(paragraph) > len(quote) and tuple(paragraph[k : k + len(quote)]) == quote:
                    found.add(quote)
    pulled = {
        i for by_words in quotes.values() for quote, indices in by_words.items() if quote in found for i in indices
    }
    return [Region(r.start, r.end, "pull quote") if i in pulled else r for i, r in enumerate(regions)]


def _words(paragraph: str) -> list[str]:
    """The paragraph's words in lower case, without punctuation or quotes: how a pull quote and its source compare."""
    return re.findall(r"\w+(?:['’]\w+)*", paragraph.casefold())
