"""A whole workshop, run through the real window by keyboard and mouse, as a facilitator would.

From the empty library: a new workshop, Setup, goals, requests, needs, the alignment matrix,
decisions, an action item, every participant's sign-off and the PDF export. Then the PDF is read
back with pypdf, the window is closed, and the same database file is opened in a new Library and
a new window (a restart), where everything must be found again. A second test proves that typing
reaches the disk after a pause alone, read back through a separate sqlite3 connection.

Keys are sent to whatever widget has the keyboard focus (`press`/`type_text`), so the test also
proves that the focus lands where the next thing is typed. Widget attributes serve only to check
where the focus is and what is shown, or to find where the mouse clicks.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import TypeVar

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.report import identity as ids
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.align.page import AlignStage
from workshop_app.ui.stages.decide.page import ACTIONS_TAB, DecideStage
from workshop_app.ui.stages.export.page import ExportStage
from workshop_app.ui.stages.export.passphrase import PassphraseDialog
from workshop_app.ui.stages.goals.page import GoalsStage
from workshop_app.ui.stages.needs.page import NeedsStage
from workshop_app.ui.stages.requests.page import RequestsStage
from workshop_app.ui.stages.setup.page import SetupStage
from workshop_app.ui.stages.signoff.page import SignoffStage
from workshop_app.ui.widgets.fields import SAVE_DELAY_MS

StageT = TypeVar("StageT")
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton
K = Qt.Key

TITLE = "Q3 alignment with Sales"
DIVISION = "Sales & Marketing"
COMPANY = "Northwind Industries"
DATE = "2026-09-15"
LOCATION = "Lisbon offsite"
FACILITATOR = "Dana Whitfield"
# (typed line, name, role, decides). María's line is not ASCII: it is inserted, not key-clicked.
PEOPLE = (
    ("María González, VP Sales", "María González", "VP Sales", True),
    ("Tom Becker, Sales Ops lead", "Tom Becker", "Sales Ops lead", True),
    ("Priya Raman, Finance partner", "Priya Raman", "Finance partner", False),
)
# (title, level, weight)
GOALS = (
    ("Grow mid-market revenue 15%", m.GoalLevel.COMPANY, 5),
    ("Cut the cost to serve", m.GoalLevel.COMPANY, 2),
    ("Shorten the sales cycle", m.GoalLevel.DIVISION, 4),
)
REVENUE_MEASURE = "ARR +15% year on year"
REQUESTS = (
    "We need a new CRM by March",
    "An AI chatbot for the sales team",
    "A weekly Excel export of the pipeline",
    "Ein Angebots-Dashboard für Außendienst — bis Q2",  # not ASCII: inserted
)
# Per request: the why-ladder, the need, and the measure (measure, baseline, target, by when).
NEEDS = (
    (
        ("Reps copy data between the CRM and the quoting tool", "Quotes take five days"),
        "Quotes go out within a day so reps spend their time selling",
        ("Quote turnaround", "5 days", "1 day", "Q2 2027"),
    ),
    (
        ("Reps ask the same product questions every week",),
        "Reps find product answers without waiting for a specialist",
        ("Questions to specialists per week", "120", "40", "Q4 2026"),
    ),
    (
        ("The forecast meeting starts from stale numbers",),
        "The Monday forecast uses numbers from the same morning",
        ("Age of forecast data", "7 days", "same day", "Q1 2027"),
    ),
    (
        ("Field staff cannot see open quotes on the road",),
        "Field staff see every open quote before a customer visit",
        ("Visits prepared with quotes", "30%", "95%", "Q2 2027"),
    ),
)
# Per request: decision key, rationale, owner, next step, due date.
DECISIONS = (
    (
        K.Key_R,
        m.DecisionKind.RESHAPE,
        "Integrate the CRM and the quoting tool instead of replacing the CRM",
        "Tom Becker",
        "Two-week discovery",
        "2026-10-01",
    ),
    (
        K.Key_D,
        m.DecisionKind.DEFER,
        "Alignment unclear; revisit once the knowledge base exists",
        "Priya Raman",
        "Collect the top 20 questions",
        "2026-12-01",
    ),
    (
        K.Key_X,
        m.DecisionKind.DECLINE,
        "The forecast dashboard already refreshes daily; training instead",
        "Dana Whitfield",
        "Show the dashboard at the next forecast meeting",
        "2026-09-22",
    ),
    (
        K.Key_P,
        m.DecisionKind.PROCEED,
        "Small, aligned and asked for by the whole field team",
        "Maria Gonzalez",
        "Mobile view of open quotes",
        "2026-11-15",
    ),
)
FOLLOW_UP = "Book the discovery workshop with Sales Ops"
ACTION = "Send the signed summary to the CEO"
RESERVATION = "Budget for the integration still to be confirmed"
PASSPHRASE = "correct horse battery"


# -- driving the keyboard focus --------------------------------------------------------------------
def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def reactivate(qtbot: QtBot, window: MainWindow) -> None:
    """Offscreen, a completer popup that has closed (the Decide owner field suggests names) can
    later receive a late activation and stay the "active window"; a real window system hands
    the activation back to the main window, so this does too."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def type_text(qtbot: QtBot, text: str) -> None:
    """Type into the focused widget. ASCII as key clicks; anything else is inserted, because
    key-clicking non-ASCII aborts the process (see STACK_NOTES)."""
    widget = focus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    elif isinstance(widget, QLineEdit):
        widget.insert(text)
    else:
        assert isinstance(widget, QPlainTextEdit), type(widget)
        widget.insertPlainText(text)


def enter(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type a line where the cursor is, then Enter (commits it and moves on)."""
    type_text(qtbot, text)
    press(qtbot, window, K.Key_Return)


def click(qtbot: QtBot, widget: QWidget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, LEFT, pos=pos if pos is not None else widget.rect().center())


def click_cell(qtbot: QtBot, view: QAbstractItemView, row: int, column: int) -> None:
    rect = view.visualRect(view.model().index(row, column))
    assert rect.isValid(), (row, column)
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())


def stage_of(window: MainWindow, kind: type[StageT]) -> StageT:
    stage = window.current_stage()
    assert isinstance(stage, kind), stage
    return stage


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "room.sqlite3"


@pytest.fixture
def first_library(db_file: Path) -> Iterator[Library]:
    library = Library(db_file)
    yield library
    library.close()


# -- the stages, one by one ------------------------------------------------------------------------
def run_setup(qtbot: QtBot, window: MainWindow) -> None:
    stage = stage_of(window, SetupStage)
    assert focus() is stage.title_edit and stage.title_edit.selectedText() == "Untitled workshop"
    for text in (TITLE, DIVISION, COMPANY, DATE, LOCATION, FACILITATOR):
        enter(qtbot, window, text)  # Enter saves and moves down the form
    assert stage.date_echo.text() == "Tue 15 Sep 2026"
    click(qtbot, stage.phase.buttons[m.Phase.DELIVER])

    click(qtbot, stage.person_input)
    for line, *_rest in PEOPLE:
        enter(qtbot, window, line)
        assert focus() is stage.person_input and stage.person_input.text() == ""
    # Tick "Decides" for the two decision-makers: to the table, to the cell, Space.
    for row, (*_line, decides) in enumerate(PEOPLE):
        if decides:
            click_cell(qtbot, stage.people_table, row, 0)
            press(qtbot, window, K.Key_Right)
            press(qtbot, window, K.Key_Right)
            press(qtbot, window, K.Key_Space)
    assert stage.people_count.text() == "3 people · 2 decide"
    assert "✓" in window.navigator.item(0).text()


def run_goals(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, K.Key_2, CTRL)
    stage = stage_of(window, GoalsStage)
    for level in m.GoalLevel:
        group = stage.groups[level]
        click(qtbot, group.capture)
        for title, goal_level, weight in GOALS:
            if goal_level is level:
                enter(qtbot, window, title)
                # With the list focused, a digit sets the selected goal's weight.
                click_cell(qtbot, group.table, group.model.row_of(stage.current_goal_id or ""), 0)
                press(qtbot, window, getattr(K, f"Key_{weight}"))
                click(qtbot, group.capture)
    # The measure of the first goal, in the detail card.
    company = stage.groups[m.GoalLevel.COMPANY]
    click_cell(qtbot, company.table, 0, 0)
    click(qtbot, stage.measure_edit)
    enter(qtbot, window, REVENUE_MEASURE)
    assert "✓" in window.navigator.item(1).text()


def run_requests(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, K.Key_3, CTRL)
    stage = stage_of(window, RequestsStage)
    assert focus() is stage.capture
    for text in REQUESTS:
        enter(qtbot, window, text)
        assert focus() is stage.capture and stage.capture.text() == ""
    assert [item.text for item in stage.model.items] == list(REQUESTS)


def run_needs(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, K.Key_4, CTRL)
    stage = stage_of(window, NeedsStage)
    for number, (ladder, statement, measure) in enumerate(NEEDS):
        if number:
            press(qtbot, window, K.Key_Down, ALT)  # the next request
        assert stage.quote.text() == f"“{REQUESTS[number]}”"
        assert focus() is stage.start_button  # no need yet: the one obvious action
        press(qtbot, window, K.Key_Return)
        assert focus() is stage.panel.ladder.new_rung
        for rung in ladder:
            enter(qtbot, window, rung)
        press(qtbot, window, K.Key_Return)  # an empty rung moves the conversation on
        assert focus() is stage.panel.statement
        enter(qtbot, window, statement)
        assert focus() is stage.panel.measure
        for text in measure:
            enter(qtbot, window, text)
        assert focus() is stage.panel.beneficiaries
    assert window.navigator.item(3).text().endswith("✓ 4/4")


def run_align(qtbot: QtBot, window: MainWindow) -> None:
    """Needs down, goals across: 1 revenue (5), 2 cost (2), 3 sales cycle (4)."""
    press(qtbot, window, K.Key_5, CTRL)
    stage = stage_of(window, AlignStage)
    assert focus() is stage.matrix
    assert (stage.matrix.currentIndex().row(), stage.matrix.currentIndex().column()) == (0, 1)
    keys = (
        K.Key_3,  # CRM need: strong to revenue
        K.Key_Right,
        K.Key_Right,
        K.Key_2,  # and moderate to the sales cycle
        K.Key_Down,
        K.Key_Left,
        K.Key_1,  # chatbot need: only a weak link to cost → alignment unclear
    )
    for key in keys:
        press(qtbot, window, key)
    assert "unclear" in str(stage.matrix_model.index(1, 4).data())
    assert "⚠" in window.navigator.item(4).text()
    press(qtbot, window, K.Key_A)  # discussed in the room: what did it agree?
    assert focus() is stage.why_card.note
    enter(qtbot, window, "Fix payroll first")  # recorded with the note; back to the matrix
    assert "discussed" in str(stage.matrix_model.index(1, 4).data())
    assert focus() is stage.matrix
    for key in (K.Key_Down, K.Key_Right, K.Key_2, K.Key_Down, K.Key_Left, K.Key_Left, K.Key_2):
        press(qtbot, window, key)  # export need: moderate to sales cycle; dashboard: revenue
    # The export need serves only the division's goal: how does it serve the company?
    assert "division only" in str(stage.matrix_model.index(2, 4).data())
    assert "⚠" in window.navigator.item(4).text()
    press(qtbot, window, K.Key_Up)
    press(qtbot, window, K.Key_Tab)
    assert focus() is stage.why_card.company_note
    enter(qtbot, window, "Shorter cycles bring revenue in sooner")
    assert focus() is stage.matrix
    assert "✓" in window.navigator.item(4).text()


def run_decide(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, K.Key_6, CTRL)
    stage = stage_of(window, DecideStage)
    assert focus() is stage.card.bar
    for number, (key, _kind, why, owner, step, due) in enumerate(DECISIONS):
        if number:
            press(qtbot, window, K.Key_Down)
        press(qtbot, window, key)  # a single key decides
        press(qtbot, window, K.Key_Return)  # on to write why
        assert focus() is stage.card.rationale
        type_text(qtbot, why)
        press(qtbot, window, K.Key_Tab)
        assert focus() is stage.card.owner
        enter(qtbot, window, owner)
        enter(qtbot, window, step)
        enter(qtbot, window, due)
        assert focus() is stage.card.follow_up
        if number == 0:
            enter(qtbot, window, FOLLOW_UP)
        press(qtbot, window, K.Key_Escape)  # back to the decision buttons
        assert focus() is stage.card.bar
    assert stage.counter.text() == "4 of 4 decided"
    # One more action item, on the action items tab (mouse on the tab, then type).
    tab_bar = stage.tabs.tabBar()
    click(qtbot, tab_bar, tab_bar.tabRect(ACTIONS_TAB).center())
    assert focus() is stage.actions_panel.capture
    enter(qtbot, window, ACTION)
    assert stage.tabs.tabText(ACTIONS_TAB) == "&Action items (2)"


def run_signoff(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, K.Key_7, CTRL)
    stage = stage_of(window, SignoffStage)
    form = stage.form
    # Optional participants first; the last decision-maker's signature locks the revision.
    order = [PEOPLE[2], PEOPLE[0], PEOPLE[1]]
    for position, (_line, name, _role, _decides) in enumerate(order):
        assert stage.current_panel is form and focus() is form.name
        assert form.who.text() == name
        type_text(qtbot, "maria gonzalez" if name == "María González" else name)
        if position == 0:  # Priya draws her signature with the mouse
            pad = form.pad
            qtbot.mousePress(pad, LEFT, pos=QPoint(20, 40))
            for step in range(1, 10):
                qtbot.mouseMove(pad, QPoint(20 + step * 18, 40 + (10 if step % 2 else -10)))
            qtbot.mouseRelease(pad, LEFT, pos=QPoint(200, 44))
            click(qtbot, form.name)
        if position == 2:  # Tom agrees with a reservation
            press(qtbot, window, K.Key_Tab)
            assert focus() is form.agree
            press(qtbot, window, K.Key_Down)
            assert form.reservation.isChecked()
            press(qtbot, window, K.Key_Tab)
            assert focus() is form.note
            type_text(qtbot, RESERVATION)
        press(qtbot, window, K.Key_Return)
    assert stage.heading is not None and stage.heading.text().startswith("Signed off")
    assert window.saved_label.text() == "Signed off"
    assert window.saved_label.icon_name() == "lock"


def run_export(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, chosen: Path
) -> Path:
    asked: list[str] = []

    def save_name(*args: object, **_kw: object) -> tuple[str, str]:
        asked.append(str(args[2]))  # the suggested file name
        return str(chosen), "PDF document (*.pdf)"

    opened: list[QUrl] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    # A signed-off summary is always digitally signed: the facilitator has an identity.
    ids.create_identity(FACILITATOR, COMPANY, "", PASSPHRASE)
    press(qtbot, window, K.Key_8, CTRL)
    stage = stage_of(window, ExportStage)
    assert focus() is stage.export_button
    assert stage.status.title.text() == "✓ Signed off · revision 1"
    click(qtbot, stage.export_as_button)
    assert asked and asked[0].endswith(".pdf")
    dialog = stage.passphrase_dialog
    assert dialog is not None
    assert isinstance(dialog, PassphraseDialog)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, K.Key_Return)
    # A signed export: seconds on an idle machine, far longer on a busy one.
    qtbot.waitUntil(lambda: not stage.exporting and stage.idle, timeout=120_000)
    assert not stage.problem.isVisible(), stage.problem.text()
    pdf = chosen.with_name(chosen.name + ".pdf")  # the suffix is added
    assert stage.result.name.text() == pdf.name and pdf.is_file()
    reactivate(qtbot, window)
    assert focus() is stage.result.open_button  # Enter now opens the file
    press(qtbot, window, K.Key_Return)  # Open PDF
    assert [url.toLocalFile() for url in opened] == [str(pdf)]
    assert "✓" in window.navigator.item(7).text()
    return pdf


# -- what must be there, in the PDF and in the database --------------------------------------------
_FOOTER = re.compile(
    r"^(SIGNED OFF · REVISION \d+|Document digest SHA-256 [0-9a-f]{64}|Page \d+ of \d+|"
    + re.escape(f"{TITLE} · {DIVISION}")
    + r")$",
    re.MULTILINE,
)


def check_pdf(pdf: Path) -> None:
    """Every request with its need, ladder and decision in its own section; every participant on
    the cover and on the sign-off page; the workshop itself embedded."""
    reader = PdfReader(pdf)
    pages = [_FOOTER.sub("", page.extract_text() or "") for page in reader.pages]
    text = squash("\n".join(pages))
    assert "DRAFT" not in text  # signed off: the final version
    cover = squash(pages[0])
    for needle in (TITLE, DIVISION, COMPANY, FACILITATOR, "Deliver", "Signed off"):
        assert needle in cover, needle
    for _line, name, role, decides in PEOPLE:
        assert f"{name} {role} {'Yes' if decides else '—'}" in cover, name
    goals = text[text.index("Strategic goals") :]
    for title, level, weight in GOALS:
        assert f"{title} {level.label}" in goals and f"{weight}" in goals, title
    assert REVENUE_MEASURE in goals

    body = text[text.index("Requests, needs and decisions") : text.index("Action items")]
    sections = re.split(r"REQUEST \d+ OF 4", body)[1:]
    assert len(sections) == len(REQUESTS)
    for section, request, (ladder, statement, measure), decision in zip(
        sections, REQUESTS, NEEDS, DECISIONS, strict=True
    ):
        _key, kind, why, owner, step, _due = decision
        assert section.startswith(f" “{request}”"), section[:80]
        assert statement in section
        for number, rung in enumerate(ladder, start=1):
            assert f"{number} {rung}" in section, rung
        what, before, after, by = measure
        assert f"{what}: {before} → {after} by {by}" in section
        assert f"DECISION {kind.label} Why {why} Owner {owner} Next step {step}" in section
    assert f"Actions ○ {FOLLOW_UP}" in sections[0]
    # What the room agreed about alignment travels with the summary.
    assert "The room discussed this and agreed: Fix payroll first" in sections[1]
    assert "as the room noted: Shorter cycles bring revenue in sooner" in body

    actions = text[text.index("Action items") : text.index("Sign-off By signing")]
    assert squash(FOLLOW_UP) in actions and squash(ACTION) in actions
    signoff = text[text.index("Sign-off By signing") :]
    assert "2 of 2 decision-makers have signed this revision" in signoff
    for _line, name, role, _decides in PEOPLE:
        assert f"{name} {role}" in signoff, name
    assert f"Agrees with reservation {RESERVATION}" in signoff
    # The workshop travels inside the PDF as interchange JSON.
    (name,) = reader.attachments
    embedded = json.dumps(json.loads(reader.attachments[name][0]), ensure_ascii=False)
    assert all(request in embedded for request in REQUESTS)


def check_workshop(ws: m.Workshop) -> None:
    assert (ws.title, ws.division, ws.company, ws.date, ws.location, ws.facilitator) == (
        TITLE,
        DIVISION,
        COMPANY,
        DATE,
        LOCATION,
        FACILITATOR,
    )
    assert ws.it_phase is m.Phase.DELIVER
    assert ws.status is m.Status.SIGNED_OFF and ws.revision == 1
    assert [(p.name, p.role, p.decision_maker) for p in ws.participants] == [
        (name, role, decides) for _l, name, role, decides in PEOPLE
    ]
    assert [(g.title, g.level, g.weight) for g in ws.goals] == list(GOALS)
    assert ws.goals[0].measure == REVENUE_MEASURE
    assert [r.text for r in ws.requests] == list(REQUESTS)
    assert len(ws.needs) == len(REQUESTS)
    for request, (ladder, statement, measure) in zip(ws.requests, NEEDS, strict=True):
        (need,) = ws.needs_for(request.id)
        assert need.why_ladder == list(ladder)
        assert need.statement == statement
        assert (need.measure, need.baseline, need.target, need.by_when) == measure
    revenue, cost, cycle = (g.id for g in ws.goals)
    crm, chatbot, export, dashboard = (ws.needs_for(r.id)[0] for r in ws.requests)
    links = {(link.need_id, link.goal_id): link.strength for link in ws.links}
    links = {key: strength for key, strength in links.items() if strength is not m.Strength.NONE}
    assert links == {
        (crm.id, revenue): m.Strength.STRONG,
        (crm.id, cycle): m.Strength.MODERATE,
        (chatbot.id, cost): m.Strength.WEAK,
        (export.id, cycle): m.Strength.MODERATE,
        (dashboard.id, revenue): m.Strength.MODERATE,
    }
    assert chatbot.alignment_acknowledged
    for request, (_key, kind, why, owner, step, due) in zip(ws.requests, DECISIONS, strict=True):
        decision = ws.decision_for(request.id)
        assert (decision.kind, decision.rationale, decision.owner) == (kind, why, owner)
        assert (decision.next_step, decision.due_date) == (step, due)
    assert [(a.text, a.request_id) for a in ws.actions] == [
        (FOLLOW_UP, ws.requests[0].id),
        (ACTION, None),
    ]
    by_name = {ws.participant(s.participant_id).name: s for s in ws.signatures}
    assert set(by_name) == {name for _l, name, _r, _d in PEOPLE}
    assert by_name["Priya Raman"].drawing  # drawn with the mouse
    tom = by_name["Tom Becker"]
    assert (tom.stance, tom.note) == (m.Stance.AGREE_WITH_RESERVATION, RESERVATION)
    assert by_name["María González"].typed_name == "maria gonzalez"


# -- the test --------------------------------------------------------------------------------------
def test_a_whole_workshop_by_keyboard_and_mouse_survives_pdf_and_restart(
    qtbot: QtBot,
    first_library: Library,
    db_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(qtbot, first_library, tmp_path)
    window.settings.setValue("exportFolder", str(tmp_path / "exports"))
    assert window.current_stage() is None  # the library is the start screen
    press(qtbot, window, K.Key_N, CTRL)  # a new blank workshop opens on Setup
    run_setup(qtbot, window)
    run_goals(qtbot, window)
    run_requests(qtbot, window)
    run_needs(qtbot, window)
    run_align(qtbot, window)
    run_decide(qtbot, window)
    run_signoff(qtbot, window)
    (tmp_path / "out").mkdir()
    pdf = run_export(qtbot, window, monkeypatch, tmp_path / "out" / "Sales summary")

    (workshop_id,) = [s.id for s in first_library.workshops()]
    check_workshop(first_library.workshop(workshop_id))
    check_pdf(pdf)

    export_stage = stage_of(window, ExportStage)
    export_stage.wait_for_jobs()
    window.close()
    first_library.close()

    # A restart: a new Library on the same file, a new window (with the same settings file).
    library = Library(db_file)
    try:
        check_workshop(library.workshop(workshop_id))
        again = make_window(qtbot, library, tmp_path)
        assert again.current_stage() is None
        page = again.library_page
        assert focus() is page.search
        type_text(qtbot, "chatbot")  # search finds the workshop by a request's words
        assert page.selected_id() == workshop_id
        press(qtbot, again, K.Key_Return)
        # The header elides to the width it is laid out at, once the layout has run.
        qtbot.waitUntil(lambda: again.header_title.text() == TITLE)
        qtbot.waitUntil(lambda: "Signed off" in again.header_meta.text())
        press(qtbot, again, K.Key_3, CTRL)
        assert [r.text for r in stage_of(again, RequestsStage).model.items] == list(REQUESTS)
        press(qtbot, again, K.Key_6, CTRL)
        assert stage_of(again, DecideStage).counter.text() == "4 of 4 decided"
        # Signed off, it has Results first (nothing measured yet), then every stage complete,
        # the export included.
        assert again.navigator.item(0).text().startswith("0  Results")
        for row in range(1, 9):
            assert "✓" in again.navigator.item(row).text(), again.navigator.item(row).text()
        again.close()
    finally:
        library.close()


def _title_on_disk(db: Path, workshop_id: str) -> str:
    """Read with a separate, plain sqlite3 connection: what another process would see."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as raw:
        row = raw.execute("SELECT title FROM workshop WHERE id = ?", (workshop_id,)).fetchone()
    return str(row[0]) if row else ""


def test_typing_reaches_the_disk_after_a_pause_without_enter(
    qtbot: QtBot, first_library: Library, db_file: Path, tmp_path: Path
) -> None:
    workshop_id = first_library.create_workshop("Old title")
    window = make_window(qtbot, first_library, tmp_path)
    window.open_workshop(workshop_id)
    press(qtbot, window, K.Key_1, CTRL)
    stage = stage_of(window, SetupStage)
    assert focus() is stage.title_edit
    press(qtbot, window, K.Key_A, CTRL)
    type_text(qtbot, "Budget review")
    # Typing never waits on the disk: nothing is written while the keys come.
    assert stage.title_edit.pending
    assert _title_on_disk(db_file, workshop_id) == "Old title"
    # No Enter, no focus change: the pause alone saves it.
    qtbot.waitUntil(lambda: _title_on_disk(db_file, workshop_id) == "Budget review", timeout=3000)
    assert not stage.title_edit.pending and focus() is stage.title_edit
    assert SAVE_DELAY_MS <= 500

    # Closing the window right after typing loses nothing either.
    press(qtbot, window, K.Key_End)
    type_text(qtbot, " 2027")
    window.close()
    assert _title_on_disk(db_file, workshop_id) == "Budget review 2027"
