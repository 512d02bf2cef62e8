"""The portfolio tab, and the similar-request hint when a request is captured."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import make_window, press
from tests.ui.layout_checks import layout_problems
from workshop_app.core import model as m
from workshop_app.core.origin import IT_MARK
from workshop_app.core.scoring import alignment
from workshop_app.storage.operations import Library
from workshop_app.ui.library.portfolio_view import PortfolioView
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.screenshots import theme_restored
from workshop_app.ui.theme import apply_theme


def _portfolio(window: MainWindow) -> PortfolioView:
    window.show_library()
    page = window.library_page
    page.tabs.setCurrentIndex(1)  # the portfolio
    return page.portfolio


def _column(view: PortfolioView, header: str) -> list[str]:
    column = [c.header for c in view.model.columns].index(header)
    return [
        view.proxy.index(row, column).data(Qt.ItemDataRole.DisplayRole)
        for row in range(view.proxy.rowCount())
    ]


def _finance(library: Library) -> str:
    ws = m.Workshop(title="Finance planning", division="Finance", date="2026-05-04")
    ws.requests = [m.Request("A CRM for invoicing"), m.Request("Automated bank reconciliation")]
    ws.decisions = [m.Decision(ws.requests[0].id, m.DecisionKind.DEFER, "After the Sales CRM")]
    return library.add_workshop(ws)


def test_the_portfolio_lists_every_request_with_need_alignment_priority_and_decision(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    _finance(library)
    demo = library.workshop(demo_id)
    window = make_window(qtbot, library, tmp_path)
    view = _portfolio(window)
    assert view.proxy.rowCount() == len(demo.requests) + 2
    assert "9 requests from 2 workshops and 2 divisions" in view.count.text()
    requests = _column(view, "Request")
    crm_row = requests.index("We need a new CRM by March")
    crm = demo.requests[0]
    need = demo.needs_for(crm.id)[0]
    assert _column(view, "Need")[crm_row] == need.statement
    assert _column(view, "Alignment")[crm_row].startswith(str(alignment(demo, need).score))
    assert _column(view, "Decision")[crm_row] == demo.decision_for(crm.id).kind.label
    finance_row = requests.index("A CRM for invoicing")
    assert _column(view, "Need")[finance_row] == "No need found yet"
    assert _column(view, "Alignment")[finance_row] == "—"
    assert _column(view, "Decision")[finance_row] == "Defer"
    # Selecting a row tells its whole story underneath.
    view.table.selectRow(finance_row)
    assert "Finance planning" in view.detail.text()
    assert "After the Sales CRM" in view.detail.text()


def test_the_portfolio_filters_and_sorts(qtbot, library: Library, demo_id: str, tmp_path) -> None:
    _finance(library)
    window = make_window(qtbot, library, tmp_path)
    view = _portfolio(window)
    total = view.proxy.rowCount()
    view.division.setCurrentIndex(view.division.findData("Finance"))
    assert set(_column(view, "Division")) == {"Finance"}
    view.division.setCurrentIndex(0)
    view.decision.setCurrentIndex(view.decision.findData("defer"))
    assert set(_column(view, "Decision")) == {"Defer"}
    view.decision.setCurrentIndex(view.decision.findData("undecided"))
    assert _column(view, "Request") == ["Automated bank reconciliation"]
    view.decision.setCurrentIndex(0)
    qtbot.mouseClick(view.unclear, Qt.MouseButton.LeftButton)
    assert all("unclear" in a for a in _column(view, "Alignment"))
    assert 0 < view.proxy.rowCount() < total
    qtbot.mouseClick(view.unclear, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.search, "crm")
    assert sorted(_column(view, "Request")) == [
        "A CRM for invoicing",
        "IT idea · Monitor the CRM, quoting and payroll integrations and alert us before users "
        "notice",  # IT's own idea, marked as such
        "We need a new CRM by March",
    ]
    view.search.clear()
    # Sorting by alignment orders numbers as numbers, rows without a need last.
    alignment_column = [c.header for c in view.model.columns].index("Alignment")
    view.table.sortByColumn(alignment_column, Qt.SortOrder.DescendingOrder)
    shown = _column(view, "Alignment")
    numbers = [int(a.split()[0]) for a in shown if a != "—"]
    assert numbers == sorted(numbers, reverse=True)
    assert shown[-2:] == ["—", "—"]


def test_enter_on_a_portfolio_row_opens_its_workshop(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    finance_id = _finance(library)
    window = make_window(qtbot, library, tmp_path)
    view = _portfolio(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.search.setFocus()
    qtbot.keyClicks(view.search, "reconciliation")
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.session is not None and window.session.workshop_id == finance_id


def test_an_empty_portfolio_explains_itself(qtbot, library: Library, tmp_path) -> None:
    window = make_window(qtbot, library, tmp_path)
    view = _portfolio(window)
    assert view.stack.currentWidget() is view.empty
    assert "Every request captured" in view.empty.text()


def test_capturing_a_request_points_out_similar_ones_from_other_divisions(
    qtbot, library: Library, tmp_path
) -> None:
    _finance(library)
    sales_id = library.create_workshop("Sales Q3", division="Sales")
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(sales_id)
    window.go_to_stage("requests")
    stage = window.current_stage()
    assert not stage.hint.isVisible()
    qtbot.keyClicks(stage.capture, "We need a new CRM by March")
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)
    assert stage.hint.isVisible()
    assert stage.hint.text() == (
        "Asked before: Finance asked for “A CRM for invoicing” in Q2 2026 (decided: defer)."
    )
    assert stage.hint.textFormat() == Qt.TextFormat.PlainText
    # The hint stays while the table is edited, and goes when the next request is unrelated.
    window.actions_by_id["edit.undo"].trigger()
    window.actions_by_id["edit.redo"].trigger()
    assert stage.hint.isVisible()
    qtbot.keyClicks(stage.capture, "A coffee machine")
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)
    assert not stage.hint.isVisible()
    assert [r.text for r in library.workshop(sales_id).requests] == [
        "We need a new CRM by March",
        "A coffee machine",
    ]


def test_the_hint_ignores_the_workshop_itself(qtbot, library: Library, tmp_path) -> None:
    sales_id = library.create_workshop("Sales Q3", division="Sales")
    library.add_item(sales_id, "request", {"text": "A new CRM"})
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(sales_id)
    window.go_to_stage("requests")
    stage = window.current_stage()
    qtbot.keyClicks(stage.capture, "CRM replacement")
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)
    assert not stage.hint.isVisible()


def test_the_portfolio_shows_each_divisions_commitments_with_their_results(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    from workshop_app.core.demo import demo_results
    from workshop_app.storage import results as stored

    _finance(library)
    for result in demo_results(library.workshop(demo_id)):
        stored.restore(library, result)
    window = make_window(qtbot, library, tmp_path)
    view = _portfolio(window)
    view.commitments.setChecked(True)
    requests = _column(view, "Request")
    demo = library.workshop(demo_id)
    committed = [
        f"{IT_MARK} · {r.text}" if r.from_it else r.text
        for r in demo.requests
        if demo.decision_for(r.id).kind in m.COMMITMENTS
    ]
    assert sorted(requests) == sorted(committed)  # Finance committed to nothing yet
    results = dict(zip(requests, _column(view, "Result"), strict=True))
    assert results["We need a new CRM by March"] == "↗ 2 days on 2027-01-31 · target 1 day"
    assert results["Give us a pipeline dashboard on the wall"].startswith("↘ ±34% on 2026-12-15")
    view.table.selectRow(requests.index("We need a new CRM by March"))
    assert "Result: 2 days on 2027-01-31 · target 1 day — moving toward the target" in (
        view.detail.text().replace("\u200b", "")
    )
    # A result recorded later shows the next time the portfolio is read.
    stored.record(library, demo.needs[3].id, "5 months")  # VR: needs information, no commitment
    view.commitments.setChecked(False)
    view.reload()
    assert len(_column(view, "Request")) == len(demo.requests) + 2


def _shared_need_workshop(library: Library, division: str, statement: str) -> str:
    ws = m.Workshop(title=f"{division} planning", division=division, date="2026-06-01")
    ws.goals = [m.StrategicGoal("Grow mid-market revenue 15%")]
    request = m.Request(f"{division} asks for a quoting tool")
    need = m.Need(statement=statement, request_ids=[request.id])
    ws.requests, ws.needs = [request], [need]
    ws.links = [m.AlignmentLink(need.id, ws.goals[0].id, m.Strength.STRONG)]
    return library.add_workshop(ws)


def test_the_portfolio_groups_the_same_need_of_two_divisions(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    _shared_need_workshop(library, "Sales", "Quotes out within a day")
    _shared_need_workshop(library, "Finance", "Quotes go out within one day")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.0)
        window = make_window(qtbot, library, tmp_path)
        window.resize(1366, 768)
        view = _portfolio(window)
        QApplication.processEvents()
        assert layout_problems(window) == []
        folder = os.environ.get("WORKSHOP_SCREENSHOTS")
        if folder:
            window.grab().save(str(Path(folder) / "portfolio-shared-needs.png"))
    assert view.shared.isVisible()
    text = view.shared.text().replace("\u200b", "")
    # The demo's Sales & People Operations need quotes within a day for the same goal too.
    assert "Finance, Sales and Sales & People Operations all need" in text
    assert "one solution may serve them all" in text
    assert "Grow mid-market revenue 15%" in text
    row = _column(view, "Request").index("Sales asks for a quoting tool")
    view.table.selectRow(row)
    detail = view.detail.text().replace("\u200b", "")
    assert (
        "Same need, other divisions: Finance (“Quotes go out within one day”), Sales & " in detail
    )
    assert detail.endswith("— one solution may serve them all.")
