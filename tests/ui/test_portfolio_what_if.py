"""The portfolio compares like with like, tries what-ifs without recording them, and takes
capacity edits back with Ctrl+Z."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidgetItem
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from tests.ui.layout_checks import layout_problems
from workshop_app.core import model as m
from workshop_app.core.comparable import Scoring
from workshop_app.storage.capacity import capacities, library_audit_log, set_capacity
from workshop_app.storage.operations import Library
from workshop_app.ui.screenshots import theme_restored
from workshop_app.ui.theme import apply_theme

#: Tables a what-if must leave exactly as they were (everything but the running session).
_KEPT_AS_IS = "open_session"


def _dump(path: Path) -> list[str]:
    """Every row of every workshop table, as SQLite prints it."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if row[0] != _KEPT_AS_IS and not row[0].startswith("sqlite_")
        ]
        lines = []
        for name in names:
            for row in connection.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
                lines.append(f"{name}: {row!r}")
        return lines
    finally:
        connection.close()


def _wsjf_workshop(library: Library) -> str:
    ws = m.Workshop(
        title="Finance planning", division="Finance", date="2026-06-01", framework=m.Framework.WSJF
    )
    goal = m.StrategicGoal(title="Close the books in 3 days", level=m.GoalLevel.COMPANY, weight=4)
    ws.goals.append(goal)
    for text, kind, days, strength in [
        ("Invoices paid within 30 days", m.DecisionKind.PROCEED, 40, m.Strength.STRONG),
        ("Cash forecast every week", m.DecisionKind.RESHAPE, 30, m.Strength.WEAK),
        ("A <b>chatbot</b> for suppliers 😀", m.DecisionKind.DEFER, 10, m.Strength.MODERATE),
    ]:
        request = m.Request(f"Asked: {text}")
        need = m.Need(statement=text, request_ids=[request.id], estimate_days=days)
        need.assessment.urgency, need.assessment.effort = 6, 4
        ws.requests.append(request)
        ws.needs.append(need)
        ws.decisions.append(m.Decision(request.id, kind))
        ws.links.append(m.AlignmentLink(need.id, goal.id, strength))
    return library.add_workshop(ws)


def _column(panel, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    table = panel.ranked
    return [(table.item(r, column) or QTableWidgetItem("")).text() for r in range(table.rowCount())]


def _plain(text: str) -> str:
    return text.replace("\u200b", "")


def test_what_ifs_move_the_cut_line_and_record_nothing(
    qtbot: QtBot, library: Library, demo_id: str, db_path: Path, tmp_path: Path
) -> None:
    _wsjf_workshop(library)
    set_capacity(library, "2027 Q1", 60)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.0)
        window = make_window(qtbot, library, tmp_path)
        window.resize(1366, 768)
        window.show_library()
        page = window.library_page
        page.tabs.setCurrentIndex(1)
        view = page.portfolio
        # The requests compare under the period's weighted score, and say so in one line.
        assert view.compared.isVisible()
        assert _plain(view.compared.text()).startswith(
            "Priorities compared under 2027 Q1's Weighted score: 1 workshop scored with another"
        )
        assert {row.framework for row in view.model.rows} == {m.Framework.WEIGHTED}
        finance = next(r for r in view.model.rows if r.division == "Finance")
        view.select(finance.workshop_id, finance.request_id)
        assert "by its workshop's own WSJF" in _plain(view.detail.text())  # it still shows its own
        folder = os.environ.get("WORKSHOP_SCREENSHOTS")
        qtbot.waitUntil(lambda: layout_problems(window) == [])
        if folder:
            window.grab().save(str(Path(folder) / "portfolio-requests.png"))
        view.capacity_button.click()
        panel = view.capacity
        before = _dump(db_path)

        # Move the deferred chatbot in with a click on its check box.
        chatbot = next(i for i in panel.items if "chatbot" in i.statement)
        row = next(
            r for r in range(panel.ranked.rowCount())
            if (panel.ranked.item(r, 0) or QTableWidgetItem()).data(Qt.ItemDataRole.UserRole)
            == chatbot.key
        )  # fmt: skip
        rect = panel.ranked.visualItemRect(panel.ranked.item(row, 0))
        qtbot.mouseClick(panel.ranked.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert chatbot.key in panel.what_if.moved_in
        assert panel.banner.isVisible()
        assert _plain(panel.banner.text()).startswith("What-if — nothing recorded: 1 item moved in")
        assert "Defer · what-if" in _column(panel, 3)
        needed = panel.line.days_needed if panel.line else 0
        assert needed == sum(i.days or 0 for i in panel.line.items)  # type: ignore[union-attr]

        # Try the company goal at weight 1 with the keyboard: the ranking follows at once.
        index = panel.goal.findText("Close the books in 3 days")
        panel.goal.setCurrentIndex(index)
        assert panel.weight.value() == 4
        panel.weight.setFocus()
        for _ in range(3):
            qtbot.keyClick(panel.weight, Qt.Key.Key_Down)
        assert panel.weight.value() == 1
        assert panel.what_if.weights == (("close the books in 3 days", 1),)
        assert "the weight of “Close the books in 3 days” 4 → 1" in _plain(panel.banner.text())
        qtbot.waitUntil(lambda: layout_problems(window) == [])
        if folder:
            window.grab().save(str(Path(folder) / "portfolio-what-if.png"))
        assert _dump(db_path) == before  # byte for byte: nothing recorded

        # Reset: back to the recorded decisions and weights.
        qtbot.mouseClick(panel.reset, Qt.MouseButton.LeftButton)
        assert not panel.what_if.active and not panel.banner.isVisible()
        assert panel.weight.value() == 4
        assert "Defer" in _column(panel, 3) and "Defer · what-if" not in _column(panel, 3)
        assert _dump(db_path) == before


def test_a_periods_scoring_and_capacity_edits_are_undone_with_ctrl_z(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    _wsjf_workshop(library)
    set_capacity(library, "2027 Q1", 60)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "dark", 1.5)
        window = make_window(qtbot, library, tmp_path)
        window.resize(1024, 640)
        window.show_library()
        page = window.library_page
        page.tabs.setCurrentIndex(1)
        view = page.portfolio
        view.capacity_button.click()
        panel = view.capacity

        # Score the period with WSJF: chosen with the keyboard, the requests re-scored.
        panel.framework.setFocus()
        qtbot.keyClick(panel.framework, Qt.Key.Key_Down)
        assert capacities(library)[0].scoring == Scoring(m.Framework.WSJF)
        assert not panel.weights.isVisible()
        assert "every workshop was scored this way" not in _plain(panel.note.text())
        assert {row.framework for row in view.model.rows} == {m.Framework.WSJF}

        # Change the person-days in place, then take both edits back with Ctrl+Z in the panel.
        panel.periods.item(0, 1).setText("75")
        assert capacities(library)[0].person_days == 75
        folder = os.environ.get("WORKSHOP_SCREENSHOTS")
        qtbot.waitUntil(lambda: layout_problems(window) == [])
        if folder:
            window.grab().save(str(Path(folder) / "portfolio-scoring-small.png"))
            panel.grab().save(str(Path(folder) / "portfolio-scoring-small-panel.png"))
        panel.periods.setFocus()
        qtbot.keyClick(panel.periods, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert capacities(library)[0].person_days == 60
        assert panel.periods.item(0, 1).text() == "60"
        qtbot.keyClick(panel.periods, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert capacities(library)[0].scoring == Scoring()
        assert panel.framework.currentData() == m.Framework.WEIGHTED.value
        assert {row.framework for row in view.model.rows} == {m.Framework.WEIGHTED}
        keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        qtbot.keyClick(panel.periods, Qt.Key.Key_Z, keys)
        assert capacities(library)[0].scoring == Scoring(m.Framework.WSJF)

        # A removed period comes back with its id, capacity and scoring.
        (q1,) = capacities(library)
        panel.periods.setCurrentCell(0, 0)
        qtbot.keyClick(panel.periods, Qt.Key.Key_Delete)
        assert capacities(library) == []
        qtbot.keyClick(panel.periods, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert capacities(library) == [q1]

        # Weights the period cannot take are refused in words, and nothing is recorded.
        qtbot.keyClick(panel.periods, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        panel.weights.setFocus()
        panel.weights.selectAll()
        qtbot.keyClicks(panel.weights, "50/20/20/10")
        qtbot.keyClick(panel.weights, Qt.Key.Key_Return)
        assert capacities(library)[0].scoring.weights.text() == "50/20/20/10"
        panel.weights.selectAll()
        qtbot.keyClicks(panel.weights, "lots")
        qtbot.keyClick(panel.weights, Qt.Key.Key_Return)
        assert "four whole numbers" in window.statusBar().currentMessage()
        assert capacities(library)[0].scoring.weights.text() == "50/20/20/10"

        audit = [(e.action, e.field, e.before, e.after) for e in library_audit_log(library)]
        assert ("set capacity · 2027 Q1", "person_days", "60", "75") in audit
        assert ("set capacity · 2027 Q1", "person_days", "75", "60") in audit  # the undo
        assert ("set scoring · 2027 Q1", "framework", '"weighted"', '"wsjf"') in audit
        assert ("remove period · 2027 Q1", "period", '"2027 Q1"', "") in audit
