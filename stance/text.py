"""Text helpers shared by the layers that hand text to native code (spaCy, tokenizers)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# The characters str.splitlines (and so the layout rules) ends a line at: LF, a lone CR (old Mac files), the rarer
# separators (form feed from pdftotext, U+2028/U+2029); and one line break as a pattern, CRLF counting one.
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
LINE_BREAK = f"(?:\r\n|[{LINE_BREAKS}])"
# A blank line, possibly holding spaces: what ends a paragraph for the layout rules too.
PARAGRAPH_BREAK = re.compile(f"{LINE_BREAK}[^\\S{LINE_BREAKS}]*{LINE_BREAK}")


# A line that goes on in lower case continues the sentence of the line before it (a hard-wrapped paragraph).
CONTINUATION = re.compile(r"^[\s\"'“‘(]*[a-z]")
# What the model reads of a claim, never its text or offsets: a word broken across a line end by a hyphen
# ("sanc-\ntions", from justified PDF text) is whole again when the next line goes on in lower case (not "pro- and
# anti-sanctions"), and a Markdown link reads as its text.
_LINE_END_HYPHEN = re.compile(rf"(?<=[^\W\d_])-[ \t]*{LINE_BREAK}[ \t]*(?=[a-z])(?!(?:and|or|nor|to)\b)")
_MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\((?:https?://|www\.|/)[^)\s]*\)")


def model_input(text: str) -> str:
    """``text`` as the classifier reads it: hyphenated line breaks joined, Markdown links reduced to their text.

    >>> model_input("Enforce the sanc-\\ntions, as [the panel](https://un.org/p) urged; pro- and\\nanti-war voices.")
    'Enforce the sanctions, as the panel urged; pro- and\\nanti-war voices.'
    """
    return _MARKDOWN_LINK.sub(r"\1", _LINE_END_HYPHEN.sub("", text))


def has_lone_surrogates(text: str) -> bool:
    return _LONE_SURROGATE.search(text) is not None


def encodable(text: str) -> str:
    """``text`` with lone surrogates (from broken input) replaced by U+FFFD, one code point for one.

    spaCy and the tokenizers reject them; the length is unchanged, so offsets computed on the result hold for ``text``.

    >>> encodable("a\\ud800b") == "a\\ufffdb"
    True
    """
    return _LONE_SURROGATE.sub("\ufffd", text)


def preceding_in_paragraph(text: str, spans: Sequence[tuple[int, int]], k: int) -> str:
    """The text of span ``k - 1`` when it is in the same paragraph as span ``k`` (no blank line between), else "".

    A context model reads each claim with this neighbour: what "it" or "this" refers to is usually in the sentence before.

    >>> text = "Talks failed. Try again.\\n\\nNew point here."
    >>> spans = [(0, 13), (14, 24), (26, 41)]
    >>> [preceding_in_paragraph(text, spans, k) for k in range(3)]
    ['', 'Talks failed.', '']
    >>> [preceding_in_paragraph(text.replace("\\n", "\\r"), spans, k) for k in range(3)]  # old Mac line ends
    ['', 'Talks failed.', '']
    """
    if k == 0:
        return ""
    (start, end), (next_start, _) = spans[k - 1], spans[k]
    return "" if PARAGRAPH_BREAK.search(text[end:next_start]) else text[start:end]
