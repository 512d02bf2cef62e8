"""Cost and capacity in the portfolio: periods edited in place, the cut line, what-if moves."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidgetItem
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from tests.ui.layout_checks import layout_problems
from workshop_app.core import model as m
from workshop_app.storage.capacity import capacities, set_capacity
from workshop_app.storage.operations import Library
from workshop_app.ui.screenshots import theme_restored
from workshop_app.ui.theme import apply_theme


def _workshop(library: Library) -> str:
    ws = m.Workshop(title="Finance planning", division="Finance", date="2026-06-01")
    for text, kind, value, days in [
        ("Invoices paid within 30 days", m.DecisionKind.PROCEED, 9, 40),
        ("Cash forecast every week", m.DecisionKind.RESHAPE, 7, 50),
        ("A <b>chatbot</b> for suppliers", m.DecisionKind.DEFER, 8, 10),
    ]:
        request = m.Request(f"Asked: {text}")
        need = m.Need(statement=text, request_ids=[request.id], estimate_days=days)
        need.assessment.value = value
        ws.requests.append(request)
        ws.needs.append(need)
        ws.decisions.append(m.Decision(request.id, kind))
    return library.add_workshop(ws)


def _column(panel, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    table = panel.ranked
    return [(table.item(r, column) or QTableWidgetItem("")).text() for r in range(table.rowCount())]


def test_the_portfolio_weighs_commitments_against_capacity_and_tries_moves(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    finance = _workshop(library)
    set_capacity(library, "2027 Q1", 60)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.0)
        window = make_window(qtbot, library, tmp_path)
        window.resize(1366, 768)
        window.show_library()
        page = window.library_page
        page.tabs.setCurrentIndex(1)  # the portfolio
        view = page.portfolio
        view.capacity_button.click()
        panel = view.capacity
        assert view.stack.currentWidget() is panel
        assert not view.detail.isVisible()
        summary = panel.summary.text().replace("\u200b", "")
        assert "against 2027 Q1's 60 person-days" in summary
        assert "5 of 6 fit above the cut line" in summary
        assert "4 items have no estimate yet" in summary  # the demo's commitments
        needs = _column(panel, 1)
        cut = needs.index("— cut line: below it waits for capacity —")
        assert needs.index("Invoices paid within 30 days") < cut
        assert needs.index("Cash forecast every week") > cut
        qtbot.waitUntil(lambda: layout_problems(window) == [])

        # What-if: the deferred chatbot in, the invoices out; no decision changes.
        chatbot = next(i for i in panel.items if "chatbot" in i.statement)
        invoices = next(i for i in panel.items if i.statement.startswith("Invoices"))
        panel.set_counted(chatbot.key, True)
        panel.set_counted(invoices.key, False)
        summary = panel.summary.text().replace("\u200b", "")
        assert "What-if — nothing recorded" in panel.banner.text().replace("\u200b", "")
        assert "6 of 6 fit above the cut line" in summary
        assert "Defer · what-if" in _column(panel, 3)
        folder = os.environ.get("WORKSHOP_SCREENSHOTS")
        qtbot.waitUntil(lambda: layout_problems(window) == [])
        if folder:
            window.grab().save(str(Path(folder) / "portfolio-capacity.png"))
        stored = library.workshop(finance)
        assert [d.kind for d in stored.decisions] == [
            m.DecisionKind.PROCEED, m.DecisionKind.RESHAPE, m.DecisionKind.DEFER
        ]  # fmt: skip
        panel.reset.click()
        assert "5 of 6 fit" in panel.summary.text().replace("\u200b", "")

        # A new period typed into the last row; a bad number is refused in words.
        last = panel.periods.rowCount() - 1
        panel.periods.item(last, 1).setText("90")
        panel.periods.item(last, 0).setText("2027 Q2")
        assert [(c.period, c.person_days) for c in capacities(library)] == [
            ("2027 Q1", 60), ("2027 Q2", 90)
        ]  # fmt: skip
        panel.periods.item(0, 1).setText("lots")
        assert "whole number" in window.statusBar().currentMessage()
        assert capacities(library)[0].person_days == 60
        panel.period.setCurrentIndex(1)
        assert "2027 Q2's 90 person-days" in panel.summary.text().replace("\u200b", "")
        panel.periods.setCurrentCell(1, 0)
        panel.periods.setFocus()
        qtbot.keyClick(panel.periods, Qt.Key.Key_Delete)
        assert [c.period for c in capacities(library)] == ["2027 Q1"]


def test_the_capacity_panel_fits_a_small_screen_with_large_text(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    _workshop(library)
    set_capacity(library, "2027 Q1 — a rather long name for a period", 60, 1_000_000)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "dark", 1.5)
        window = make_window(qtbot, library, tmp_path)
        window.resize(1024, 640)
        window.show_library()
        page = window.library_page
        page.tabs.setCurrentIndex(1)  # the portfolio
        page.portfolio.capacity_button.click()
        qtbot.waitUntil(lambda: layout_problems(window) == [])
        folder = os.environ.get("WORKSHOP_SCREENSHOTS")
        if folder:
            window.grab().save(str(Path(folder) / "portfolio-capacity-small.png"))
            page.portfolio.grab().save(str(Path(folder) / "portfolio-capacity-small-panel.png"))
        assert page.portfolio.capacity.ranked.height() > 80
        folder = os.environ.get("WORKSHOP_SCREENSHOTS")
        if folder:
            window.grab().save(str(Path(folder) / "portfolio-capacity-small.png"))
            page.portfolio.grab().save(str(Path(folder) / "portfolio-capacity-small-panel.png"))
