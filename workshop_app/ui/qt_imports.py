"""Importing after PySide6 without reading every module's source again.

PySide6 replaces Python's `__import__` with its own, which after each import asks whether the new
module uses PySide6 (for its opt-in `from __feature__ import snake_case`, which this app does not
use) by reading the module's source file and searching it for the word. Every module imported
after PySide6 pays for that read: a third of the time SQLAlchemy and sqlmodel take to import
(on the worker thread, while the window starts and answers; benchmarks/README.md) and a fifth of
the window's own modules. The same question is answered here from what the module holds (a
PySide6 module, or a class or function from one), without touching the disk.
"""

from __future__ import annotations

import types
from typing import Any

_PYSIDE = ("PySide6", "shiboken6")


def _uses_pyside(module: types.ModuleType) -> bool:
    if not str(getattr(module, "__file__", "") or "").endswith(".py"):
        return False  # no source to read: PySide6's own check says no, too
    for value in list(vars(module).values()):
        name = value.__name__ if isinstance(value, types.ModuleType) else _module_of(value)
        if isinstance(name, str) and name.startswith(_PYSIDE):
            return True
    return False


def _module_of(value: Any) -> object:
    try:
        return getattr(value, "__module__", None)
    except Exception:  # an object whose attributes raise: not PySide's
        return None


def answer_without_reading_sources() -> None:
    """Install the quicker answer (call once PySide6 is imported); harmless if PySide6 changes."""
    try:
        from shibokensupport import feature
    except ImportError:
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_pyside
