"""The method, faithfully, in the window: the Needs badge and the sign-off gate agree on a
request's purpose and the blocker leads to the need; whether a request serves its need is asked
per request; the Decide card shows the evidence; the Align stage takes a note of what the room
agreed, and asks how a division-only need serves the company. Each checked in the database and
in the summary PDF."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.report.export import build_pdf
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.align.page import AlignStage
from workshop_app.ui.stages.decide.evidence import EvidenceGrid
from workshop_app.ui.stages.decide.page import DecideStage
from workshop_app.ui.stages.needs.page import NeedsStage
from workshop_app.ui.stages.signoff.page import SignoffStage

S = m.Strength


def _workshop(library: Library) -> tuple[str, dict[str, str]]:
    """A CRM request whose need only restates it, and an e-signature request; one company and
    one division goal; the CRM decided Proceed."""
    ws_id = library.create_workshop("Purpose")
    library.add_item(ws_id, "participant", {"name": "María González", "decision_maker": True})
    company = library.add_item(ws_id, "goal", {"title": "Grow revenue", "weight": 5})
    division = library.add_item(
        ws_id, "goal", {"title": "Payroll right", "weight": 5, "level": "division"}
    )
    crm = library.add_item(ws_id, "request", {"text": "We need a new CRM by March"})
    esign = library.add_item(ws_id, "request", {"text": "E-signature for contracts"})
    need = library.add_item(ws_id, "need", {"request_ids": [crm], "statement": "A new CRM"})
    for field, value in (
        ("measure", "Quote turnaround"),
        ("baseline", "5 days"),
        ("target", "1 day"),
        ("by_when", "Q2"),
        ("cost_of_inaction", "Deals slip to competitors"),
        ("alternatives", "Integrate the CRM and the quoting tool"),
    ):
        library.set_field("need", need, field, value)
    library.set_strength(need, company, S.STRONG)
    library.set_field("decision", crm, "kind", "proceed")
    library.set_field("decision", esign, "kind", "proceed")
    ids = {"crm": crm, "esign": esign, "need": need, "company": company, "division": division}
    return ws_id, ids


def _window(qtbot: QtBot, library: Library, tmp_path: Path, ws_id: str) -> MainWindow:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(ws_id)
    return window


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _pdf_text(library: Library, ws_id: str) -> str:
    reader = PdfReader(io.BytesIO(build_pdf(library.workshop(ws_id))))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_badge_and_the_gate_agree_and_the_blocker_opens_the_need(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    ws_id, ids = _workshop(library)
    window = _window(qtbot, library, tmp_path, ws_id)
    assert "0/2" in window.navigator.item(3).text()
    window.go_to_stage("signoff")
    stage = window.current_stage()
    assert isinstance(stage, SignoffStage)
    qtbot.waitUntil(lambda: bool(stage.blockers.buttons))
    first = stage.blockers.buttons[0]
    assert "only restates the request" in first.accessibleName()
    assert "“We need a new CRM by March”" in first.accessibleName()

    _activate(qtbot, window)
    first.click()
    needs = window.current_stage()
    assert isinstance(needs, NeedsStage)
    assert needs.request_id == ids["crm"] and needs.panel.need_id == ids["need"]
    statement = needs.panel.statement
    qtbot.waitUntil(statement.hasFocus)
    assert needs.panel.purpose_hint.isVisible()
    assert "only restates the request" in needs.panel.purpose_hint.text()

    statement.selectAll()
    qtbot.keyClicks(statement, "Quotes go out within a day")
    press(qtbot, window, Qt.Key.Key_Return)
    assert library.workshop(ws_id).need(ids["need"]).statement == "Quotes go out within a day"  # type: ignore[union-attr]
    assert not needs.panel.purpose_hint.isVisible()
    assert "1/2" in window.navigator.item(3).text()  # the e-signature request has no need yet
    window.go_to_stage("signoff")
    assert not any("restates" in b.accessibleName() for b in stage.blockers.buttons)


def test_whether_the_request_serves_the_need_is_asked_of_each_request(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    ws_id, ids = _workshop(library)
    library.set_field("need", ids["need"], "statement", "Quotes go out within a day")
    window = _window(qtbot, library, tmp_path, ws_id)
    window.go_to_stage("needs")
    stage = window.current_stage()
    assert isinstance(stage, NeedsStage)
    stage.select_request(ids["crm"])
    stage.panel.serves.buttons[2].click()  # not at all
    stage.select_request(ids["esign"])
    stage.attach_to(ids["need"])  # the same need, from the other request
    assert stage.panel.serves.request_id == ids["esign"]
    assert not any(b.isChecked() for b in stage.panel.serves.buttons)  # no inherited answer
    stage.panel.serves.buttons[0].click()  # fully
    need = library.workshop(ws_id).need(ids["need"])
    assert need is not None
    assert need.serves_for == {ids["crm"]: m.Serves.NOT_AT_ALL, ids["esign"]: m.Serves.FULLY}
    stage.select_request(ids["crm"])
    assert stage.panel.serves.buttons[2].isChecked()

    stage.select_request(ids["esign"])
    stage.remove_or_unlink()  # the e-signature request no longer sits under the need
    window.actions_by_id["edit.undo"].trigger()  # and back, with its answer
    need = library.workshop(ws_id).need(ids["need"])
    assert need is not None and need.serves_for[ids["esign"]] is m.Serves.FULLY
    assert "Not at all (R1) · Fully (R2)" in _pdf_text(library, ws_id)


def test_the_decide_card_shows_the_evidence_and_proceed_against_it_asks_for_a_reason(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    ws_id, ids = _workshop(library)
    library.set_field("need", ids["need"], "statement", "Quotes go out within a day")
    library.set_serves(ids["need"], ids["crm"], m.Serves.NOT_AT_ALL)
    library.set_field("decision", ids["crm"], "kind", None)
    window = _window(qtbot, library, tmp_path, ws_id)
    window.resize(1366, 768)
    window.go_to_stage("decide")
    stage = window.current_stage()
    assert isinstance(stage, DecideStage)
    stage.select_request(ids["crm"])
    (grid,) = [g for g in stage.card.findChildren(EvidenceGrid) if g.isVisible()]
    shown = {key: label.full_text() for key, label in grid.values.items()}
    assert shown == {
        "success": "Quote turnaround: 5 days → 1 day by Q2",
        "cost": "Deals slip to competitors",
        "alternatives": "Integrate the CRM and the quoting tool",
        "serves": "Not at all",
    }
    _activate(qtbot, window)
    stage.card.bar.setFocus()
    press(qtbot, window, Qt.Key.Key_P)
    assert library.workshop(ws_id).decision_for(ids["crm"]).kind is m.DecisionKind.PROCEED
    assert "does not serve its need at all" in stage.card.guidance.text()
    assert "reshape" in stage.card.guidance.text()
    qtbot.waitUntil(stage.card.rationale.hasFocus)  # the reason comes first
    qtbot.keyClicks(stage.card.rationale, "Contract renewal forces it")
    stage.card.flush()
    assert library.workshop(ws_id).decision_for(ids["crm"]).rationale == (
        "Contract renewal forces it"
    )
    assert not stage.card.needs_reason
    assert "Reshape (R) would" in stage.card.guidance.text()


def test_discussed_takes_a_note_shown_in_decide_and_in_the_pdf(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    ws_id, ids = _workshop(library)
    library.set_field("need", ids["need"], "statement", "Quotes go out within a day")
    library.set_strength(ids["need"], ids["company"], S.WEAK)  # alignment unclear
    window = _window(qtbot, library, tmp_path, ws_id)
    window.go_to_stage("align")
    _activate(qtbot, window)
    stage = window.current_stage()
    assert isinstance(stage, AlignStage)
    stage.select_need(ids["need"])
    stage.matrix.setFocus()
    press(qtbot, window, Qt.Key.Key_A)
    assert stage.why_card.note.hasFocus()
    qtbot.keyClicks(stage.why_card.note, "Pilot with one sales team first")
    press(qtbot, window, Qt.Key.Key_Return)
    need = library.workshop(ws_id).need(ids["need"])
    assert need is not None and need.alignment_acknowledged
    assert need.alignment_note == "Pilot with one sales team first"

    window.go_to_stage("decide")
    decide = window.current_stage()
    assert isinstance(decide, DecideStage)
    decide.select_request(ids["crm"])
    notes = [
        label.full_text()
        for label in decide.card.findChildren(type(decide.card.quote))
        if label.property("role") == "alignmentNote" and label.isVisible()
    ]
    assert notes == ["⚠ Alignment unclear — discussed. Agreed: Pilot with one sales team first"]
    # Proceed after the discussion still needs its reason and an owner.
    assert "give the reason and an owner" in decide.card.guidance.text()
    text = _pdf_text(library, ws_id)
    assert "The room discussed this and agreed: Pilot with one sales team first" in text


def test_a_division_only_need_asks_how_it_serves_the_company(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    ws_id, ids = _workshop(library)
    library.set_field("need", ids["need"], "statement", "Quotes go out within a day")
    library.set_strength(ids["need"], ids["company"], S.NONE)
    library.set_strength(ids["need"], ids["division"], S.STRONG)
    window = _window(qtbot, library, tmp_path, ws_id)
    window.go_to_stage("align")
    _activate(qtbot, window)
    stage = window.current_stage()
    assert isinstance(stage, AlignStage)
    stage.select_need(ids["need"])
    card = stage.why_card
    assert card.company_note.isVisible() and "Division-only" in card.ack_text.text()
    assert "division only" in stage.matrix_model.index(0, 3).data()
    assert "⚠" in window.navigator.item(4).text()
    text = _pdf_text(library, ws_id)
    assert "how it serves the company is open" in text

    card.company_note.setFocus()
    qtbot.keyClicks(card.company_note, "Faster quotes grow revenue")
    press(qtbot, window, Qt.Key.Key_Return)
    need = library.workshop(ws_id).need(ids["need"])
    assert need is not None and need.company_note == "Faster quotes grow revenue"
    assert "serves the company" in stage.matrix_model.index(0, 3).data()
    assert "⚠" not in window.navigator.item(4).text()
    assert "How it serves the company, as the room noted: Faster quotes grow revenue" in (
        _pdf_text(library, ws_id)
    )
