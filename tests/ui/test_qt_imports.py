"""Start-up shortcuts that must not change an answer: PySide6's "does this module use PySide6?"
and the library's reading of its time stamps."""

from __future__ import annotations

import importlib
import inspect
import math
import types

import PySide6.QtWidgets
import pytest

from workshop_app.ui import qt_imports

MODULES = [
    "workshop_app.ui.main_window",
    "workshop_app.ui.library.page",
    "workshop_app.ui.stages.align.matrix",
    "workshop_app.ui.widgets.text",
    "workshop_app.core.model",
    "workshop_app.storage.search",
    "json",
    "sqlalchemy.orm",
]


def pyside_answer(module: types.ModuleType) -> bool:
    """PySide6's own check: its source names PySide6 (none to read: no)."""
    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        return False


@pytest.mark.parametrize("name", MODULES)
def test_modules_are_told_apart_as_pyside_tells_them(name: str) -> None:
    module = importlib.import_module(name)
    assert qt_imports._uses_pyside(module) == pyside_answer(module)


def test_modules_without_source_are_not_counted() -> None:
    assert not qt_imports._uses_pyside(PySide6.QtWidgets)
    assert not qt_imports._uses_pyside(math)


def test_installing_the_answer_is_harmless_twice() -> None:
    qt_imports.answer_without_reading_sources()
    qt_imports.answer_without_reading_sources()
    from shibokensupport import feature

    assert feature._mod_uses_pyside is qt_imports._uses_pyside


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-12-07T10:34:05Z",
        "2026-02-30T10:34:05Z",
        "2026-12-07T24:00:00Z",
        "2026-1-7T1:2:3Z",
        "２０２６-12-07T10:34:05Z",
        "2026-12-07T10:34:05",
        "2026-12-07T10:34:05ZZ",
        "",
        "x" * 20,
    ],
)
def test_change_times_are_read_as_strptime_reads_them(stamp: str) -> None:
    """The library reads its time stamps without strptime (slow the first time), the same way."""
    from datetime import UTC, datetime

    from workshop_app.ui.library.models import _utc_moment

    try:
        expected: object = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        expected = ValueError
    try:
        found: object = _utc_moment(stamp)
    except ValueError:
        found = ValueError
    assert found == expected
