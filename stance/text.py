"""Text helpers shared by the layers that hand text to native code (spaCy, tokenizers)."""

from __future__ import annotations

import re

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogates(text: str) -> bool:
    return _LONE_SURROGATE.search(text) is not None


def encodable(text: str) -> str:
    """``text`` with lone surrogates (from broken input) replaced by U+FFFD, one code point for one.

    spaCy and the tokenizers reject them; the length is unchanged, so offsets computed on the result hold for ``text``.

    >>> encodable("a\\ud800b") == "a\\ufffdb"
    True
    """
    return _LONE_SURROGATE.sub("\ufffd", text)
