"""Pausing Python's garbage collector around work that allocates a great many short-lived
objects (laying out a PDF, the imports when the database opens).

A full collection walks every object the app holds and keeps the interpreter meanwhile: tens of
milliseconds once the app is loaded, during which the window cannot answer. Reference counting
still frees almost everything while paused; cyclic garbage is collected after.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No garbage collection inside; a caller that had paused it already keeps it paused."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
