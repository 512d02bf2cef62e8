"""Pausing Python's garbage collector around work that allocates a great many short-lived
objects (laying out a PDF, the imports when the database opens).

A full collection walks every object the app holds and keeps the interpreter meanwhile: tens of
milliseconds once the app is loaded, during which the window cannot answer. Reference counting
still frees almost everything while paused; cyclic garbage is collected after.

The window's start pauses it from its first import until the library has opened
(`pause_for_start`, `end_start_pause`): what it loads meanwhile lives as long as the app.
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


#: Whether the collector is paused for the window's start (`pause_for_start`).
_paused_for_start = False


def pause_for_start() -> None:
    """Pause the collector until `end_start_pause`: the window's start loads some 30,000
    objects that live as long as the app (modules, classes, Qt's enum classes, the window),
    and the collections they set off walked them again and again (65 collections, about
    20 ms of a 220 ms start before the first paint)."""
    global _paused_for_start  # noqa: PLW0603 - one start per process
    if gc.isenabled():
        gc.disable()
        _paused_for_start = True


def end_start_pause() -> None:
    """Set aside for good what the start loaded (gc.freeze: no full collection walks it again),
    then collect as usual, unless someone else had paused the collector.

    The start's own cyclic garbage is set aside with it (about 700 objects, 0.2 MB): collecting
    it first would walk everything the start loaded, on the worker, while the window waits."""
    global _paused_for_start  # noqa: PLW0603
    gc.freeze()
    if _paused_for_start:
        _paused_for_start = False
        gc.enable()
