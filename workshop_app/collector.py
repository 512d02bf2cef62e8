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
def paused(*, settle: bool = False) -> Iterator[None]:
    """No garbage collection inside; a caller that had paused it already keeps it paused.

    settle: what was allocated inside and is still alive then counts as old, so the collector
    does not resume with a collection that walks it all (it counts allocations while paused:
    a command that imports the report machinery, say, leaves tens of thousands of objects, a
    fifteen-millisecond walk). Left to the rare full collections, any cycles among them are
    still freed. For work whose results outlive it, such as a command's imports.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if settle:
                gc.freeze()  # every tracked object to the permanent generation, count reset
                gc.unfreeze()  # and back, into the oldest generation
            gc.enable()
