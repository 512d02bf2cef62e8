"""Action items: the follow-ups of the workshop, captured as fast as requests.

Type what needs to happen, Enter, next. Owner, due date and "done" are edited in the table
(Tab to it); Delete removes the selected item (Ctrl+Z brings it back). An item can be linked to
the request it follows from when it is added.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.fields import LONG_TEXT
from workshop_app.core.kind import Kind
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.stages.decide.dates import DueDateDelegate
from workshop_app.ui.widgets.common import capture_row, empty_state, on_delete_key
from workshop_app.ui.widgets.item_table import Column, ItemTableModel, make_table
from workshop_app.ui.widgets.text import one_line

NO_REQUEST = "Not linked to a request"


class ActionItemsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: WorkshopSession | None = None
        self._requests: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 16, 0, 0)
        layout.setSpacing(12)
        row, self.capture, self.add_button = capture_row(
            "What needs to happen next? — then press Enter",
            "New action item",
            self.add_action,
            draft="action",
            max_length=LONG_TEXT,
            button="Add action",
            button_name="Add action item",
        )
        row.setSpacing(8)
        self.capture.setObjectName("captureInput")
        self.link = QComboBox()
        self.link.setAccessibleName("Request the new action follows from")
        self.link.setMinimumContentsLength(18)
        self.link.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        row.insertWidget(1, self.link)  # between the text and the button, in tab order too
        layout.addLayout(row)

        self.model = ItemTableModel(
            Kind.ACTION,
            [
                Column("Action", "text", stretch=True),
                Column("Owner", "owner"),
                Column("Due", "due_date", tooltip="Type a date, friday, +2w or tomorrow"),
                Column("Follows from", get=self._request_text),
                Column("Done", "done", check=True),
            ],
            self,
        )
        self.table = make_table(self.model, "Action items")
        self.table.setItemDelegateForColumn(2, DueDateDelegate(self.table))
        header = self.table.horizontalHeader()
        header.resizeSection(1, 170)
        header.resizeSection(2, 120)
        header.resizeSection(3, 220)
        header.resizeSection(4, 72)
        layout.addWidget(self.table, 1)
        self.empty = empty_state(
            "No action items yet. Type the first follow-up above and press Enter — "
            "who does what by when."
        )
        layout.addWidget(self.empty, 1)
        on_delete_key(self.table, self.delete_selected)

    def _request_text(self, action: m.ActionItem) -> str:
        if action.request_id is None:
            return ""
        return self._requests.get(action.request_id, "")

    def add_action(self) -> None:
        text = self.capture.text().strip()
        if not text or self.session is None:
            return
        values: dict[str, object] = {"text": text}
        request_id = self.link.currentData()
        if request_id:
            values["request_id"] = request_id
        if self.session.add(Kind.ACTION, values) is not None:
            self.capture.clear()
            self.table.scrollToBottom()
        self.capture.setFocus()

    def delete_selected(self) -> None:
        if self.session is None:
            return
        rows = self.table.selectionModel().selectedRows()
        if rows:
            action = self.model.items[rows[0].row()]
            self.session.delete(Kind.ACTION, action.id, "action item")

    def refresh(self, workshop: m.Workshop) -> None:
        self._requests = {
            r.id: f"{i}. {one_line(r.text, 120)}" for i, r in enumerate(workshop.requests, 1)
        }
        chosen = self.link.currentData()
        self.link.blockSignals(True)
        self.link.clear()
        self.link.addItem(NO_REQUEST, None)
        for request_id, text in self._requests.items():
            self.link.addItem(text, request_id)
        self.link.setCurrentIndex(max(self.link.findData(chosen), 0))
        self.link.blockSignals(False)
        self.model.session = self.session
        self.model.set_items(workshop.actions, read_only=workshop.is_locked)
        has_actions = bool(workshop.actions)
        self.table.setVisible(has_actions)
        self.empty.setVisible(not has_actions)
        for widget in (self.capture, self.link, self.add_button):
            widget.setEnabled(not workshop.is_locked)
