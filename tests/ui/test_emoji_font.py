"""Emoji in user text are drawn by the bundled Symbola where no other font has them, in labels,
on the wall and in presentation mode, instead of empty boxes on a machine without an emoji font."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.helpers import app_wide_state_kept, make_window
from workshop_app.core import model as m
from workshop_app.storage.operations import Library
from workshop_app.ui import theme
from workshop_app.ui.presentation import PresentationWindow
from workshop_app.ui.theme import apply_theme

EMOJI = "💡🚀✅🙂"


def _drawn_by(text: str, font: QFont) -> list[tuple[str, list[int]]]:
    """The font family and glyph indexes of each run Qt lays `text` out in."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def _system_families(monkeypatch: pytest.MonkeyPatch, *emoji_fonts: str) -> None:
    """The system's font families as if it had `emoji_fonts` and no other emoji font."""
    real = [f for f in QFontDatabase.families() if f not in theme.SYSTEM_EMOJI_FONTS]
    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *_: [*real, *emoji_fonts]))
    theme.fallback_fonts.cache_clear()


@pytest.fixture(autouse=True)
def _fallbacks_looked_up_again() -> Iterator[None]:
    theme.fallback_fonts.cache_clear()
    yield
    theme.fallback_fonts.cache_clear()


def test_the_app_font_falls_back_to_symbola_for_emoji(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a machine without an emoji font (a bare Linux desktop, CI) Symbola draws them."""
    _system_families(monkeypatch)
    with app_wide_state_kept():
        apply_theme(qapp, "light", 1.0)
        font = qapp.font()
        assert font.families()[-1] == "Symbola"
        metrics = QFontMetrics(font)
        assert all(metrics.inFontUcs4(ord(char)) for char in EMOJI)
        runs = _drawn_by(f"Idea {EMOJI} done", font)
        emoji_runs = [glyphs for family, glyphs in runs if family == "Symbola"]
        assert [len(glyphs) for glyphs in emoji_runs] == [len(EMOJI)], runs
        assert 0 not in emoji_runs[0], runs  # glyph 0 is the empty box
        label = QLabel(f"Launch {EMOJI}")
        assert label.font().families() == font.families()  # widgets inherit the fallback


def test_a_system_colour_emoji_font_is_left_to_draw_emoji(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt tries the families a font names before the system's, so Symbola is named only where
    the system has no emoji font: elsewhere emoji stay in colour."""
    _system_families(monkeypatch, "Apple Color Emoji")
    assert theme.fallback_fonts() == theme.FALLBACK_FONTS
    _system_families(monkeypatch)
    assert theme.fallback_fonts() == [*theme.FALLBACK_FONTS, "Symbola"]


def test_presentation_draws_emoji_in_large_type(
    qtbot: QtBot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _system_families(monkeypatch)
    ws = m.Workshop(f"Kick-off {EMOJI}")
    request = m.Request(f"A CRM by June {EMOJI}")
    ws.requests = [request]
    workshop_id = library.add_workshop(ws)
    with app_wide_state_kept():
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_theme(app, "light", 1.0)
        window = make_window(qtbot, library, tmp_path)
        window.open_workshop(workshop_id)
        assert window.session is not None
        presentation = PresentationWindow.instance(window)
        presentation.snapshot(window.session, request.id, presentation.size())
        labels = [w for w in presentation.findChildren(QLabel) if EMOJI in w.text()]
        assert labels
        for label in labels:
            runs = _drawn_by(label.text(), label.font())
            assert "Symbola" in [family for family, _glyphs in runs], runs
            assert all(0 not in glyphs for family, glyphs in runs), runs
