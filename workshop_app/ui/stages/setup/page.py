"""Setup: what this workshop is, where IT stands with the division, who is in the room, the agenda.

Three columns: the workshop's details and the division's IT phase; the participants (type a name,
Enter, next — "Name, role" fills both; tick who decides); the agenda with planned minutes. Every
field saves itself and every change is undoable. Delete removes the selected person or agenda
item (undoable); Alt+Up/Down reorders the agenda.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.agenda import parse_agenda_item
from workshop_app.core.fields import DATE_PATTERN, SHORT_TEXT
from workshop_app.core.kind import Kind
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.stages.base import Progress, ProgressState, Stage, stage_header
from workshop_app.ui.stages.setup.standing import PHASE_EXPLANATIONS, PhasePicker, StandingPanel
from workshop_app.ui.widgets.clamped_label import OneLineLabel
from workshop_app.ui.widgets.common import capture_row, empty_state, on_delete_key, on_move_keys
from workshop_app.ui.widgets.fields import BoundLineEdit
from workshop_app.ui.widgets.form_columns import FormColumns
from workshop_app.ui.widgets.item_table import Column, ItemTableModel, ItemTableView, make_table
from workshop_app.ui.widgets.names import participant_names, suggest_names
from workshop_app.ui.widgets.pages import PageBlock, scrolling_page
from workshop_app.ui.widgets.sample_width import width_for_text
from workshop_app.ui.widgets.style import set_style_state
from workshop_app.ui.widgets.text import plural
from workshop_app.ui.widgets.wrap_label import WrapLabel

__all__ = ["PHASE_EXPLANATIONS", "PhasePicker", "SetupStage", "parse_person"]

#: The people and agenda items a table shows before it scrolls inside itself (the page scrolls
#: first): the eight division leaders of a usual workshop.
ROOM = 8


def parse_person(text: str) -> tuple[str, str]:
    """'María González, VP Sales' → ('María González', 'VP Sales'); a name alone has no role."""
    name, _, role = text.partition(",")
    return name.strip(), role.strip()


def valid_date(text: str) -> bool:
    if not DATE_PATTERN.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def spoken_date(text: str) -> str:
    """'2026-09-15' → 'Tue 15 Sep 2026'."""
    day = date.fromisoformat(text)
    return f"{day:%a} {day.day} {day:%b %Y}"


class DateField(BoundLineEdit):
    """A date typed as YYYY-MM-DD. Saves only a real date (or nothing); says what it read."""

    def __init__(self, echo: OneLineLabel, parent: QWidget | None = None) -> None:
        super().__init__("YYYY-MM-DD", parent)
        self.echo = echo
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"^[0-9-]{0,10}$"), self))
        self.setMaxLength(10)
        self.textChanged.connect(self._describe)

    def bind(self, session: WorkshopSession, kind: Kind, item_id: str, field: str) -> None:
        super().bind(session, kind, item_id, field)
        self.setMaxLength(10)

    def save(self, value: object, *, typing: bool = False) -> None:
        text = str(value or "").strip()
        if text and not valid_date(text):
            return  # not a date yet: keep the text, say so below, save nothing
        super().save(text, typing=False)

    def _on_return(self) -> None:
        self.flush()
        text = self.text().strip()
        if not text or valid_date(text):
            self.committed.emit()  # move on only from a date that was saved

    def _describe(self, text: str) -> None:
        text = text.strip()
        invalid = bool(text) and not valid_date(text)
        if not text:
            self.echo.set_full_text("Not set yet")
        elif invalid:
            self.echo.set_full_text("Use YYYY-MM-DD")
        else:
            self.echo.set_full_text(spoken_date(text))
        set_style_state(self.echo, "invalid", invalid)


class SetupStage(Stage):
    key = "setup"
    title = "Setup"
    shows = frozenset({Kind.WORKSHOP, Kind.PARTICIPANT, Kind.AGENDA_ITEM})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = scrolling_page(self, minimum_height=540)
        header = stage_header(
            "Who is in the room, and what is on the agenda?",
            "Title, division and people first; everything else can be filled in as you go.",
        )
        # The page's spacing alone under the guidance: the people and the agenda below keep the
        # height for their rows at 1366×768.
        if (header_layout := header.layout()) is not None:
            header_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addWidget(self._build_details())
        # The people and the agenda right under the details: with the title and the division
        # they are what the room needs in view (at 1366×768 all of them fit on the first screen);
        # where IT stands comes after them, further down the page when it is short.
        self.standing = StandingPanel(self)
        self.phase = self.standing.phase
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addWidget(self._build_people(), 1)
        columns.addWidget(self._build_agenda(), 1)
        layout.addWidget(PageBlock(columns), 1)
        for part in self.standing.parts():
            layout.addWidget(part)
        self.focus_widget = self.title_edit

    # -- building ----------------------------------------------------------------------------
    def _build_details(self) -> QWidget:
        """Two columns of fields: what and who for (left), when, where and by whom (right); one
        column on a narrow page with larger text (see FormColumns)."""
        self.title_edit = BoundLineEdit("e.g. Q3 alignment with Sales")
        self.division_edit = BoundLineEdit("e.g. Sales")
        self.company_edit = BoundLineEdit("e.g. Northwind Industries")
        self.date_echo = OneLineLabel("dateEcho")  # gives way first when the page is narrow
        self.date_edit = DateField(self.date_echo)
        self.location_edit = BoundLineEdit("e.g. Lisbon offsite, room Tejo")
        self.facilitator_edit = BoundLineEdit("Usually the CIO")
        # In tab order: down the left column, then down the right one.
        self.bound_fields = {
            "title": self.title_edit,
            "division": self.division_edit,
            "company": self.company_edit,
            "date": self.date_edit,
            "location": self.location_edit,
            "facilitator": self.facilitator_edit,
        }
        labels = {
            "title": "Title",
            "division": "Division",
            "company": "Company",
            "date": "Date",
            "location": "Location",
            "facilitator": "Facilitator",
        }
        rows: list[tuple[QLabel, QWidget]] = []
        for field, editor in self.bound_fields.items():
            label = QLabel(labels[field])
            label.setObjectName("fieldLabel")
            label.setBuddy(editor)
            editor.setAccessibleName(labels[field])
            editor.setMaxLength(SHORT_TEXT)
            editor.committed.connect(self.focusNextChild)
            if field == "date":
                date_box = QWidget()
                line = QHBoxLayout(date_box)
                line.setContentsMargins(0, 0, 0, 0)
                line.setSpacing(12)
                width_for_text(self.date_edit, "2026-09-15", extra=36)
                line.addWidget(self.date_edit)
                line.addWidget(self.date_echo, 1)
                rows.append((label, date_box))
            else:
                rows.append((label, editor))
        box = FormColumns(rows)
        self.date_edit.setMaxLength(10)
        self.date_edit.setAccessibleName("Date, written as year-month-day")
        return box

    def _build_people(self) -> QWidget:
        box, column = _column()
        self.people_count = _muted()
        column.addLayout(_heading("Who is in the room", self.people_count))
        row, self.person_input, self.person_button = capture_row(
            "Name, role — then Enter",
            "New participant: name, then a comma and the role",
            self.add_person,
            draft="participant",
            max_length=2 * SHORT_TEXT + 1,
            button_name="Add participant",
        )
        self.person_input.setToolTip("e.g. “María González, VP Sales”")
        column.addLayout(row)
        self.people_model = ItemTableModel(
            Kind.PARTICIPANT,
            [
                Column("Name", "name", stretch=True),
                Column("Role", "role", stretch=True),
                Column(
                    "Decides",
                    "decision_maker",
                    check=True,
                    tooltip="Decision-makers confirm the decisions at sign-off",
                ),
            ],
            self,
        )
        self.people_table = _table(self.people_model, "Participants", check_width=76)
        column.addWidget(self.people_table, 1)
        self.people_empty = empty_state(
            "Nobody yet. Type a name and press Enter; “Name, role” fills in both. "
            "Then tick who decides.",
            fill=True,
        )
        column.addWidget(self.people_empty, 1)
        on_delete_key(self.people_table, self.delete_person)
        return box

    def _build_agenda(self) -> QWidget:
        box, column = _column()
        self.agenda_count = _muted()
        column.addLayout(_heading("Agenda", self.agenda_count))
        row, self.agenda_input, self.agenda_button = capture_row(
            "Item and minutes — then Enter",
            "New agenda item; end with the planned minutes, e.g. Needs 40 min",
            self.add_agenda_item,
            draft="agenda item",
            max_length=SHORT_TEXT + 12,
            button_name="Add agenda item",
        )
        self.agenda_input.setToolTip(
            "e.g. “Needs: why does it matter? 40 min”, “Sign-off 10” or “10 min sign-off”. "
            "Without minutes it gets 15."
        )
        column.addLayout(row)
        self.agenda_model = ItemTableModel(
            Kind.AGENDA_ITEM,
            [
                Column("Item", "title", stretch=True),
                Column("Minutes", "planned_minutes", tooltip="Planned minutes; the timer uses it"),
            ],
            self,
        )
        self.agenda_table = _table(self.agenda_model, "Agenda", check_width=84)
        column.addWidget(self.agenda_table, 1)
        self.agenda_empty = empty_state(
            "No agenda yet. Add the items with their planned minutes; the timer follows them.",
            fill=True,
        )
        column.addWidget(self.agenda_empty, 1)
        on_delete_key(self.agenda_table, self.delete_agenda_item)
        on_move_keys(self.agenda_table, self.move_agenda_item)
        return box

    # -- edits -------------------------------------------------------------------------------
    def add_person(self) -> None:
        name, role = parse_person(self.person_input.text())
        if not name or self.session is None:
            return
        if self.session.add(Kind.PARTICIPANT, {"name": name, "role": role}) is not None:
            self.person_input.clear()
            self.people_table.scrollToBottom()
        self.person_input.setFocus()

    def delete_person(self) -> None:
        person = _selected(self.people_table, self.people_model)
        if person is not None and self.session is not None:
            self.session.delete(Kind.PARTICIPANT, person.id, f"participant {person.name}"[:60])

    def add_agenda_item(self) -> None:
        title, minutes = parse_agenda_item(self.agenda_input.text())
        if not title or self.session is None:
            return
        values = {"title": title[:SHORT_TEXT], "planned_minutes": minutes}
        if self.session.add(Kind.AGENDA_ITEM, values) is not None:
            self.agenda_input.clear()
            self.agenda_table.scrollToBottom()
        self.agenda_input.setFocus()

    def delete_agenda_item(self) -> None:
        item = _selected(self.agenda_table, self.agenda_model)
        if item is not None and self.session is not None:
            self.session.delete(Kind.AGENDA_ITEM, item.id, "agenda item")

    def move_agenda_item(self, step: int) -> None:
        item = _selected(self.agenda_table, self.agenda_model)
        if item is None or self.session is None:
            return
        row = self.agenda_model.row_of(item.id)
        target = row + step
        if 0 <= target < len(self.agenda_model.items):
            self.session.move(Kind.AGENDA_ITEM, item.id, row, target)
            self.agenda_table.selectRow(self.agenda_model.row_of(item.id))

    # -- showing -----------------------------------------------------------------------------
    def refresh(self, workshop: m.Workshop) -> None:
        assert self.session is not None
        locked = workshop.is_locked
        for field, editor in self.bound_fields.items():
            editor.bind(self.session, Kind.WORKSHOP, workshop.id, field)
            editor.setReadOnly(locked)
        self.date_edit._describe(self.date_edit.text())
        self.standing.bind(self.session, workshop)
        suggest_names(self.facilitator_edit, participant_names(workshop))  # usually one of them

        self.people_model.session = self.session
        self.people_model.set_items(workshop.participants, read_only=locked)
        has_people = bool(workshop.participants)
        self.people_table.setVisible(has_people)
        self.people_empty.setVisible(not has_people)
        deciders = sum(1 for p in workshop.participants if p.decision_maker)
        people = len(workshop.participants)
        if people and not deciders:
            self.people_count.setText("nobody decides yet: tick “Decides”")
        elif people:
            self.people_count.setText(
                f"{people} {'person' if people == 1 else 'people'} · {deciders} decide"
            )
        else:
            self.people_count.setText("")
        set_style_state(
            self.people_count, "objectName", "attentionText" if people and not deciders else "muted"
        )

        self.agenda_model.session = self.session
        self.agenda_model.set_items(workshop.agenda, read_only=locked)
        has_agenda = bool(workshop.agenda)
        self.agenda_table.setVisible(has_agenda)
        self.agenda_empty.setVisible(not has_agenda)
        minutes = sum(a.planned_minutes for a in workshop.agenda)
        items = len(workshop.agenda)
        self.agenda_count.setText(
            f"{plural(items, 'item')} · {_duration(minutes)}" if items else ""
        )
        for widget in (
            self.person_input,
            self.person_button,
            self.agenda_input,
            self.agenda_button,
        ):
            widget.setEnabled(not locked)

    def arrive(self) -> None:
        super().arrive()
        if self.title_edit.text() == m.UNTITLED:
            self.title_edit.selectAll()  # typing replaces the placeholder title

    @staticmethod
    def progress(workshop: m.Workshop) -> Progress:
        missing = []
        if not workshop.title.strip() or workshop.title == m.UNTITLED:
            missing.append("a title")
        if not workshop.division.strip():
            missing.append("the division")
        if not workshop.participants:
            missing.append("the participants")
        elif not any(p.decision_maker for p in workshop.participants):
            missing.append("a decision-maker")
        if not missing:
            people = len(workshop.participants)
            return Progress(ProgressState.DONE, "", f"Ready: {people} people in the room")
        state = ProgressState.EMPTY if len(missing) >= 3 else ProgressState.PARTIAL
        return Progress(state, "", "Still needed: " + ", ".join(missing))


# -- small builders ------------------------------------------------------------------------------


def _column() -> tuple[QWidget, QVBoxLayout]:
    """A part of the page: a widget with a column of things 6 pixels apart."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(6)
    return box, column


def _section(text: str) -> QLabel:
    return WrapLabel(text, "sectionTitle")


def _heading(text: str, note: QLabel) -> QHBoxLayout:
    """A section title with a short note (a count) on the same line, to its right."""
    row = QHBoxLayout()
    row.setSpacing(12)
    row.addWidget(_section(text))
    note.setWordWrap(False)
    note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
    row.addWidget(note, 1, Qt.AlignmentFlag.AlignBottom)
    return row


def _muted() -> QLabel:
    return WrapLabel(name="muted")


def _table(model: ItemTableModel, name: str, check_width: int) -> QTableView:
    table = make_table(model, name)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    last = len(model.columns) - 1
    # As wide as its title at the current text size (never clipped), at least `check_width`.
    table.horizontalHeader().setMinimumSectionSize(check_width)
    table.horizontalHeader().setSectionResizeMode(last, QHeaderView.ResizeMode.ResizeToContents)
    table.setMinimumWidth(0)
    table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
    if isinstance(table, ItemTableView):
        table.least_rows = ROOM  # a room of people, a morning's agenda: all in view
    return table


def _selected(table: QTableView, model: ItemTableModel) -> Any:
    rows = table.selectionModel().selectedRows()
    if not rows:
        index = table.currentIndex()
        if not index.isValid():
            return None
        return model.items[index.row()]
    return model.items[rows[0].row()]


def _duration(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"
