"""Handing memory the window no longer uses back to the system.

Building a stage, loading a workshop or drawing the export preview makes many short-lived
objects; once freed, their memory stays with the process (the C allocator keeps freed pages for
later), so the window's footprint only ever grows to its highest point. On Linux with glibc,
`malloc_trim` returns the free pages at once: well under a millisecond, and 10–25 MB after the
Sign-off and Export stages are first shown. Elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable


@functools.cache
def trimmer() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where there is none (other systems, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def give_back() -> None:
    """Return the allocator's free memory to the system, where the platform allows it."""
    trim = trimmer()
    if trim is not None:
        trim(0)
