"""Give freed memory back to the operating system, so a long annotation run keeps a flat footprint.

glibc's allocator keeps the memory that torch frees after each batch in its heaps, fragmented by tensors of many
shapes (dynamic padding), so an untrimmed run grows with the number of documents (README, "Speed").
``malloc_trim`` returns the free pages; elsewhere (macOS, musl) this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache


@cache
def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def trim_heap() -> None:
    """Return the allocator's free memory to the operating system (glibc only; about a millisecond)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
