"""Progress bars: one convention for every long loop (annotating, profiles, pairs, trends)."""

from __future__ import annotations


def tqdm_disable(progress: bool | None) -> bool | None:
    """tqdm's ``disable`` for ``progress``: None (the default) shows a bar only on a terminal, spaCy's convention.

    >>> tqdm_disable(None), tqdm_disable(True), tqdm_disable(False)
    (None, False, True)
    """
    return None if progress is None else not progress
