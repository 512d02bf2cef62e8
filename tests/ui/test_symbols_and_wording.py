"""Symbols that show on every machine, and counts that read as English (issue 11, defect 10).

Regressions: the timer and lock symbols were emoji (⏱, 🔒) and showed as empty boxes where no
emoji font is installed; the status bar said "1 requests".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

import workshop_app.ui
from tests.ui.helpers import make_window
from workshop_app.storage.operations import Library
from workshop_app.ui.theme import FALLBACK_FONTS, UI_FONT, load_fonts
from workshop_app.ui.widgets.icons import IconLabel
from workshop_app.ui.widgets.text import plural


def test_every_symbol_the_screens_use_is_in_a_bundled_font(qapp: QApplication) -> None:
    load_fonts()
    fonts = [QFontMetrics(QFont(family)) for family in (UI_FONT, *FALLBACK_FONTS)]
    missing = {}
    for source in Path(workshop_app.ui.__file__).parent.rglob("*.py"):
        for char in set(source.read_text(encoding="utf-8")):
            if ord(char) > 0x2000 and not any(f.inFontUcs4(ord(char)) for f in fonts):
                missing.setdefault(char, source.name)
    assert missing == {}, "draw these from resources/icons instead"


def _icon_pixels(label: IconLabel, color: QColor) -> int:
    """Pixels close to `color` left of the label's text: the icon, drawn in the text colour."""
    image: QImage = label.grab().toImage()
    left = label.contentsRect().left()
    count = 0
    for x in range(left):
        for y in range(image.height()):
            pixel = image.pixelColor(QPoint(x, y))
            if pixel.alpha() > 0 and abs(pixel.lightness() - color.lightness()) < 60:
                count += 1
    return count


def test_an_icon_label_draws_its_icon_in_its_text_colour(qtbot: QtBot) -> None:
    label = IconLabel("timer")
    qtbot.addWidget(label)
    label.setStyleSheet("color: #1f5fbf; background: #ffffff;")
    label.setText("Needs: 12:40 left")
    label.resize(label.sizeHint())
    label.show()
    room = label.contentsRect().left()
    assert room >= label.icon_size()
    assert label.sizeHint().width() >= room + label.fontMetrics().horizontalAdvance(label.text())
    assert _icon_pixels(label, QColor("#1f5fbf")) > 10
    label.set_icon(None)
    assert label.contentsRect().left() == 0
    label.set_icon("lock")
    bigger = label.font()
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5)
    label.setFont(bigger)
    assert label.contentsRect().left() > room  # the icon grows with the text


def test_a_signed_off_workshop_shows_a_drawn_lock(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    from workshop_app.core import model as m

    workshop = m.Workshop(title="Signed", status=m.Status.SIGNED_OFF)
    workshop.requests = [m.Request("A new CRM")]
    workshop_id = library.add_workshop(workshop)
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    assert window.saved_label.text() == "Signed off"
    assert window.saved_label.icon_name() == "lock"
    # One request is "1 request", never "1 requests".
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("1 request ·"))


def test_counts_read_as_english() -> None:
    assert plural(1, "request") == "1 request"
    assert plural(0, "request") == "0 requests"
    assert plural(2, "entry", "entries") == "2 entries"
    assert plural(1, "entry", "entries") == "1 entry"


def test_recently_opened_chips_tell_same_titled_workshops_apart(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    """Regression: a workshop and its duplicate showed as two identical chips, and the old
    chips stayed on screen beside the new ones until the next pass of the event loop."""
    from workshop_app.core import model as m
    from workshop_app.ui.library.page import LibraryPage

    first = library.add_workshop(m.Workshop(title="Q3 alignment", division="Sales"))
    second = library.add_workshop(m.Workshop(title="Q3 alignment", division="People"))
    window = make_window(qtbot, library, tmp_path)
    page = window.library_page
    assert isinstance(page, LibraryPage)
    for workshop_id in (first, second, first):
        page.select(workshop_id)
        page.open_selected()
        window.show_library()
    texts = [button.text() for button in page.recent.buttons]
    assert texts == ["Q3 alignment · Sales", "Q3 alignment · People"]
    chips = [b for b in page.findChildren(QPushButton, "chip") if b.isVisible()]
    assert sorted(b.text() for b in chips) == sorted(texts)  # no leftovers from before
    for chip in chips:
        assert chip.width() >= chip.sizeHint().width()  # whole, never squeezed
