"""What people type is shown as typed: markup in a title, a name or a request never turns into
bold text, hidden tags or a broken tooltip anywhere in the window.

Qt renders a tooltip as rich text when it looks like HTML, so every tooltip that carries user text
must be escaped. This sweeps every widget, every item view's cells and every list item of every
stage (and the palette and the audit log) for tooltips whose rendered text lost the markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from workshop_app.storage.operations import Library
from workshop_app.ui import dialogs
from workshop_app.ui.library.panels import RECENT_KEY
from workshop_app.ui.palette import CommandPalette
from workshop_app.ui.stages.requests.page import RequestsStage

MARKUP = "R&D <b>bold</b> <i>x <unclosed & &amp; <script>alert(1)</script>"
WORD = "Supercalifragilistic" * 500  # a 10,000-character word


def _hostile(library: Library) -> str:
    workshop_id = library.create_workshop(MARKUP, division=MARKUP, facilitator=MARKUP)
    library.set_field("workshop", workshop_id, "it_phase", "run")
    for name, decides in ((MARKUP, True), ("Ana Silva", False)):
        library.add_item(
            workshop_id,
            "participant",
            {"name": name, "role": MARKUP, "decision_maker": decides},
        )
    goal = library.add_item(workshop_id, "goal", {"title": MARKUP, "measure": MARKUP})
    for text in (MARKUP, WORD):
        request = library.add_item(
            workshop_id,
            "request",
            {"text": text, "requested_by": MARKUP, "phase": "innovate"},
        )
        need = library.add_item(
            workshop_id,
            "need",
            {"request_ids": [request], "statement": MARKUP, "why_ladder": [MARKUP, WORD]},
        )
        library.set_strength(need, goal, "weak")
        library.set_field("decision", request, "kind", "defer")
        library.set_field("decision", request, "rationale", MARKUP)
        library.set_field("decision", request, "owner", MARKUP)
        library.add_item(workshop_id, "action", {"text": MARKUP, "request_id": request})
    return workshop_id


def _rendered(tip: str) -> str:
    """The text a tooltip shows: Qt renders it as rich text when it looks like HTML."""
    if GuiQt.mightBeRichText(tip):
        document = QTextDocument()
        document.setHtml(tip)
        return document.toPlainText()
    return tip


def _columns(model: QAbstractItemModel) -> int:
    try:
        return max(1, model.columnCount())
    except TypeError:  # list models keep columnCount private: one column
        return 1


def _tooltips(root: QWidget) -> Iterator[tuple[str, str]]:
    for widget in (root, *root.findChildren(QWidget)):
        where = f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()}"
        yield where, widget.toolTip()
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(), 30)):
                for column in range(_columns(model)):
                    tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
                    if isinstance(tip, str):
                        yield f"{where} [{row}, {column}]", tip


def _markup_lost(root: QWidget) -> list[str]:
    """Tooltips that show part of MARKUP but lost its tags on the way."""
    lost = []
    for where, tip in _tooltips(root):
        shown = _rendered(tip or "").replace("\u200b", "")  # zero-width spaces let words wrap
        if "bold" in shown and "<b>bold</b>" not in shown:
            lost.append(f"{where}: {tip[:60]!r}")
    return lost


def test_no_tooltip_anywhere_renders_what_people_typed_as_markup(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _hostile(library)
    window = make_window(qtbot, library, tmp_path)
    window.settings.setValue(RECENT_KEY, [workshop_id])  # the library shows it as a chip
    window.show_library()
    lost = _markup_lost(window)
    window.open_workshop(workshop_id)
    for stage in window.stages:
        window.go_to_stage(stage.key)
        tabs = getattr(stage, "tabs", None)
        for index in range(tabs.count() if tabs is not None else 0):
            tabs.setCurrentIndex(index)
            lost += _markup_lost(window)
        lost += _markup_lost(window)

    palette = CommandPalette(window)
    palette.show()
    palette.query.setText("R&D")
    lost += _markup_lost(palette)
    palette.close()
    audit = dialogs.audit_log_dialog(window, library, workshop_id, MARKUP)
    audit.show()
    lost += _markup_lost(audit)
    audit.close()
    QApplication.processEvents()
    assert lost == []


def test_the_phase_warning_counts_in_words(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    workshop_id = _hostile(library)
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.go_to_stage("requests")
    stage = window.current_stage()
    assert isinstance(stage, RequestsStage)
    assert "2 innovation requests while" in stage.hint.text()
    assert "(s)" not in stage.hint.text()
    first = library.workshop(workshop_id).requests[0]
    assert window.session is not None
    window.session.edit("request", first.id, "phase", None)
    assert stage.hint.text().startswith("⚠ An innovation request while")


def test_the_wall_says_when_an_unclear_alignment_was_discussed(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = library.create_workshop("Intake")
    request = library.add_item(workshop_id, "request", {"text": "An AI chatbot"})
    need = library.add_item(workshop_id, "need", {"request_ids": [request], "statement": "Fewer"})
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    presentation = dialogs.presentation(window)
    presentation.show_for(window.session)
    qtbot.waitUntil(presentation.isVisible)

    def shown() -> str:
        return " | ".join(
            label.text() for label in presentation.findChildren(QLabel) if label.isVisible()
        )

    assert "clarify the purpose first" in shown()
    assert window.session is not None
    window.session.edit("need", need, "alignment_acknowledged", True)
    assert "Alignment unclear: discussed in the room" in shown()
    assert "clarify the purpose first" not in shown()
    presentation.close()
