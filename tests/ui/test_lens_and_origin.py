"""The method in the lists and cards: IT's own ideas marked, stated urgency is not importance,
the Decide list by priority (remembered), the CTO suggested for customer-facing needs, and the
portfolio filtered by lens — driven through real widgets, read back from the database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.core.scoring import requests_by_priority
from workshop_app.storage.operations import Library
from workshop_app.ui.library.portfolio_view import PortfolioView
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.decide.page import DecideStage
from workshop_app.ui.stages.needs.page import NeedsStage
from workshop_app.ui.stages.requests.page import RequestsStage
from workshop_app.ui.widgets.row_delegate import ID_ROLE, STATUS_ROLE


def _workshop(library: Library) -> str:
    """Three requests: a loud one behind a weak need, a customer-facing one behind a strong
    need, and IT's own idea without a need yet."""
    goal = m.StrategicGoal("Grow mid-market revenue 15%", weight=5)
    loud = m.Request("Dashboards ASAP!", urgency=m.Urgency.CRITICAL)
    portal = m.Request("A customer portal <b>now</b> 顧客", urgency=m.Urgency.LOW)
    idea = m.Request("Self-healing VPN", origin=m.Origin.IT)
    weak = m.Need("Nicer charts", request_ids=[loud.id], lens=m.Lens.INTERNAL)
    strong = m.Need("Customers serve themselves", request_ids=[portal.id], lens=m.Lens.BOTH)
    ws = m.Workshop(
        "Q4 with Sales",
        division="Sales",
        participants=[m.Participant("María", "VP Sales", decision_maker=True)],
        goals=[goal],
        requests=[loud, portal, idea],
        needs=[weak, strong],
        links=[
            m.AlignmentLink(weak.id, goal.id, m.Strength.WEAK),
            m.AlignmentLink(strong.id, goal.id, m.Strength.STRONG),
        ],
        decisions=[m.Decision(r.id) for r in (loud, portal, idea)],
    )
    return library.add_workshop(ws)


def _open(qtbot: QtBot, library: Library, tmp_path: Path, stage: str) -> MainWindow:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(library.workshops()[0].id)
    window.go_to_stage(stage)
    return window


def _undo(window: MainWindow) -> None:
    window.actions_by_id["edit.undo"].trigger()


def test_a_request_is_marked_as_its_own_idea_and_urgency_is_explained(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library)
    window = _open(qtbot, library, tmp_path, "requests")
    stage = window.current_stage()
    assert isinstance(stage, RequestsStage)
    assert stage.urgency_hint.isVisible()
    assert "not importance" in stage.urgency_hint.text()
    column = [c.header for c in stage.model.columns].index("IT idea")
    urgency = [c.header for c in stage.model.columns].index("Urgency")
    assert "not importance" in stage.model.headerData(
        urgency, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    cell = stage.model.index(0, column)
    assert cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert stage.model.index(2, column).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    rect = stage.table.visualRect(cell)
    qtbot.mouseClick(stage.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if library.workshop(workshop_id).requests[0].origin is not m.Origin.IT:
        stage.table.setCurrentIndex(cell)  # a click on the cell selects it; space ticks it
        qtbot.keyClick(stage.table, Qt.Key.Key_Space)
    assert library.workshop(workshop_id).requests[0].origin is m.Origin.IT
    _undo(window)
    assert library.workshop(workshop_id).requests[0].origin is m.Origin.DIVISION

    window.go_to_stage("needs")
    needs = window.current_stage()
    assert isinstance(needs, NeedsStage)
    marks = [
        needs.request_list.model().index(row, 0).data(STATUS_ROLE)
        for row in range(needs.request_list.model().rowCount())
    ]
    assert [mark.startswith("IT idea") for mark in marks] == [False, False, True]


def test_the_decide_list_sorts_by_priority_and_remembers_the_choice(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library)
    window = _open(qtbot, library, tmp_path, "decide")
    stage = window.current_stage()
    assert isinstance(stage, DecideStage)

    def shown() -> list[str]:
        return [stage.list.item(row).data(ID_ROLE) for row in range(stage.list.count())]

    ws = library.workshop(workshop_id)
    assert shown() == [r.id for r in ws.requests]
    assert stage.list.item(2).data(STATUS_ROLE).startswith("IT idea · ")
    stage.list.setCurrentRow(0)
    stage.order.setCurrentIndex(stage.order.findData("priority"))
    ranked = [r.id for r in requests_by_priority(ws)]
    assert shown() == ranked and ranked[0] == ws.requests[1].id  # the strong need, not the loud
    assert stage.list.current_id() == ws.requests[0].id  # the selection stays on its request
    assert stage.list.item(0).text() == ws.requests[1].text

    # A new window with the same settings opens the list in the order chosen last.
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert settings.value("decideOrder") == "priority"
    window.close()
    again = _open(qtbot, library, tmp_path, "decide")
    stage = again.current_stage()
    assert isinstance(stage, DecideStage)
    assert stage.order.currentData() == "priority" and shown() == ranked
    stage.order.setCurrentIndex(stage.order.findData("facilitator"))
    assert shown() == [r.id for r in ws.requests]


def test_a_customer_facing_need_suggests_the_cto_in_one_click(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library)
    window = _open(qtbot, library, tmp_path, "decide")
    stage = window.current_stage()
    assert isinstance(stage, DecideStage)
    hint = stage.card.cto_hint
    stage.list.setCurrentRow(0)
    assert not hint.isVisible()  # an internal need: the CIO's side
    stage.list.setCurrentRow(1)
    assert hint.isVisible() and "CTO" in hint.text.text()
    assert hint.add_button.isVisible() and hint.owner_button.isVisible()

    qtbot.mouseClick(hint.add_button, Qt.MouseButton.LeftButton)
    ws = library.workshop(workshop_id)
    assert [(p.name, p.role) for p in ws.participants][-1] == ("CTO", "Chief Technology Officer")
    assert hint.isVisible() and not hint.add_button.isVisible()
    qtbot.mouseClick(hint.owner_button, Qt.MouseButton.LeftButton)
    assert library.workshop(workshop_id).decision_for(ws.requests[1].id).owner == "CTO"
    assert stage.card.owner.text() == "CTO"
    assert not hint.isVisible()
    _undo(window)
    assert library.workshop(workshop_id).decision_for(ws.requests[1].id).owner == ""
    assert hint.isVisible()
    qtbot.mouseClick(hint.dismiss_button, Qt.MouseButton.LeftButton)
    assert not hint.isVisible()
    stage.list.setCurrentRow(0)
    stage.list.setCurrentRow(1)
    assert not hint.isVisible()  # dismissed for this request

    window.go_to_stage("needs")
    needs = window.current_stage()
    assert isinstance(needs, NeedsStage)
    needs.select_request(ws.requests[1].id)
    assert not needs.panel.cto_hint.isVisible()  # dismissed here too


def test_the_portfolio_filters_by_lens_and_marks_its_ideas(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    _workshop(library)
    window = make_window(qtbot, library, tmp_path)
    window.show_library()
    page = window.library_page
    page.tabs.setCurrentIndex(1)  # the portfolio
    view = page.portfolio
    assert isinstance(view, PortfolioView)

    def requests() -> list[str]:
        return [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]

    assert len(requests()) == 3
    assert "IT idea · Self-healing VPN" in requests()
    view.lens.setCurrentIndex(view.lens.findData(m.Lens.CUSTOMER_FACING.value))
    assert requests() == ["A customer portal <b>now</b> 顧客"]  # its need is both
    assert "1 of 3 requests" in view.count.text()
    view.lens.setCurrentIndex(view.lens.findData(m.Lens.INTERNAL.value))
    assert sorted(requests()) == sorted(["A customer portal <b>now</b> 顧客", "Dashboards ASAP!"])
    view.table.selectRow(0)
    assert "(Both)" in view.detail.text() or "(Internal)" in view.detail.text()
    QApplication.processEvents()


def test_innovation_is_flagged_while_it_still_delivers(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library)
    library.set_field(Kind.WORKSHOP, workshop_id, "it_phase", "deliver")
    idea = library.workshop(workshop_id).requests[2]
    library.set_field(Kind.REQUEST, idea.id, "phase", "innovate")
    window = _open(qtbot, library, tmp_path, "requests")
    stage = window.current_stage()
    assert isinstance(stage, RequestsStage)
    assert stage.hint.isVisible()
    assert "still in the deliver phase: projects delivered on time" in stage.hint.text()
    window.go_to_stage("decide")
    decide = window.current_stage()
    assert isinstance(decide, DecideStage)
    decide.list.setCurrentRow(2)
    assert decide.card.phase_flag.isVisible()
    assert "deliver phase" in decide.card.phase_flag.full_text()
