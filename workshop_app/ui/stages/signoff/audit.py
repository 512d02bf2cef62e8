"""The audit log of one workshop revision: who changed what, when, from what to what.

The log is append-only and kept by the operations layer; this window only reads it. Each entry
becomes one row in plain words ("Edited request text", "Signed", "Signed off"), with before → after
shortened for the table and shown in full in the tooltip. A filter finds any word in any column.
"""

from __future__ import annotations

import json
import re
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_app.ui.dates import local_time
from workshop_app.ui.widgets.labels import muted_label, section_title
from workshop_app.ui.widgets.text import one_line, plural, tooltip

_VERBS = {
    "create workshop": "Created the workshop",
    "create demo workshop": "Created the sample workshop",
    "import workshop": "Imported the workshop",
    "duplicate workshop": "Duplicated the workshop",
    "edit": "Edited",
    "add": "Added",
    "delete": "Deleted",
    "move": "Moved",
    "restore": "Restored",
    "link": "Linked",
    "attach": "Attached",
    "detach": "Detached",
    "sign": "Signed",
    "sign off": "Signed off",
    "withdraw signature": "Withdrew a signature",
    "replace void signature": "Replaced a void signature",
    "reopen": "Reopened",
    "open round": "Opened a blind scoring round",
    "rate": "Rated on their own device",
    "reveal round": "Revealed the room's ratings",
    "close round": "Closed a scoring round",
    "take back adoption": "Took back a value adopted from the room",
}
_ENUM_VALUE = re.compile(r"^[a-z]+(_[a-z]+)+$")
_HEX_RUN = 40  # digests and ids are shortened in the table


def describe_action(action: str, kind: str, field: str) -> str:
    """ "edit", "request", "text" → "Edited request text"."""
    verb = _VERBS.get(action, action[:1].upper() + action[1:])
    if action in {"sign", "sign off", "withdraw signature", "replace void signature"}:
        return verb
    if action in {"create workshop", "create demo workshop", "import workshop", "reopen"}:
        return verb
    if action in {"open round", "rate", "reveal round", "close round", "take back adoption"}:
        return verb
    if action == "adopt rating":
        what = "a goal link" if field.startswith("link:") else field
        return f"Adopted {what} from the room's ratings"
    words = [verb]
    if kind and kind != "workshop":
        words.append(kind.replace("_", " "))
    if field:
        words.append(field.replace("_", " "))
    elif kind == "workshop" and action not in _VERBS:
        words.append("workshop")
    return " ".join(words)


def _value_text(raw: str) -> str:
    if not raw:
        return ""
    try:
        value: Any = json.loads(raw)
    except ValueError:
        return raw
    return _plain(value)


def _plain(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        if len(value) >= _HEX_RUN and all(ch in "0123456789abcdef" for ch in value):
            return value[:12] + "…"
        return value.replace("_", " ") if _ENUM_VALUE.match(value) else value
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value) or "(empty)"
    if isinstance(value, dict) and "participant" in value and "stance" in value:
        text = f"{value['participant']} · {_plain(value['stance'])}"
        if value.get("note"):
            text += f": “{value['note']}”"
        if value.get("drawn"):
            text += " · handwritten signature"
        return text
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            if key in {"content_digest"}:
                continue
            if item in ("", None, False) and key not in {"drawn"}:
                continue
            parts.append(f"{key.replace('_', ' ')}: {_plain(item)}")
        return ", ".join(parts)
    return str(value)


def change_text(before: str, after: str) -> str:
    old, new = _value_text(before), _value_text(after)
    if old and new:
        return f"{old} → {new}"
    return new or (f"was {old}" if old else "")


class AuditLogDialog(QDialog):
    """A non-modal window listing one revision's audit log, newest last."""

    def __init__(self, parent: QWidget | None, rows: list[Any], title: str = "") -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Audit log")
        self.setObjectName("auditLogDialog")
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        heading = section_title("Audit log")
        layout.addWidget(heading)
        intro = muted_label(
            (f"“{one_line(title, 120)}”: " if title else "")
            + "every change, signature and sign-off, as recorded at the time. "
            "The log is append-only: nothing in it can be edited.",
            wrap=True,
        )
        layout.addWidget(intro)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: any word, e.g. a name, “decision” or “sign”")
        self.filter.setAccessibleName("Filter the audit log")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)

        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(["When", "Who", "What", "Change"])
        for row in rows:
            when = QStandardItem(local_time(row.at))
            when.setData(row.at, Qt.ItemDataRole.UserRole)
            when.setToolTip(row.at)
            who = QStandardItem(one_line(row.actor, 120) or "—")
            what = QStandardItem(describe_action(row.action, row.kind, row.field))
            full = change_text(row.before, row.after)
            change = QStandardItem(one_line(full, 240))
            if full:
                change.setToolTip(tooltip(full, limit=3000, run=40))
            for item in (when, who, what, change):
                item.setEditable(False)
            self.model.appendRow([when, who, what, change])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Audit log entries")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 170)
        layout.addWidget(self.table, 1)
        self.count = muted_label(wrap=True)
        layout.addWidget(self.count)
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.rowsRemoved.connect(self._count)
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)
        self.filter.textChanged.connect(lambda _t: self._count())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._count()
        if self.model.rowCount():
            self.table.scrollToBottom()
        self.filter.setFocus()

    def _count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if not total:
            self.count.setText("No entries yet.")
        elif shown == total:
            self.count.setText(plural(total, "entry", "entries"))
        else:
            self.count.setText(f"{shown} of {plural(total, 'entry', 'entries')} match the filter")
