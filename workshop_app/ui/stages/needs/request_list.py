"""The list of requests on the left of the Needs stage: a dot marks those still without a need."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from workshop_app.core import model as m
from workshop_app.core.origin import IT_MARK
from workshop_app.core.purpose import PurposeProblem, missing_purposes
from workshop_app.ui.stages.needs.logic import request_ids_with_need
from workshop_app.ui.widgets.row_delegate import (
    ID_ROLE,
    MARK_ROLE,
    MARKED_LOOK,
    STATUS_ROLE,
    Mark,
    RowDelegate,
)
from workshop_app.ui.widgets.text import one_line, plural, tooltip

_Index = QModelIndex | QPersistentModelIndex

FOUND, MISSING = Mark("check", "green"), Mark("dot", "amber")
_PROBLEM_WORDS: dict[PurposeProblem | None, str] = {
    PurposeProblem.RESTATES: "Need restates the request",
    PurposeProblem.EMPTY: "Need not written yet",
}


class RequestListModel(QAbstractListModel):
    """A thin adapter over the workshop's requests."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.requests: list[m.Request] = []
        self.with_need: set[str] = set()
        self.need_counts: dict[str, int] = {}
        self.problems: dict[str, PurposeProblem] = {}  # requests with needs but no purpose

    def set_workshop(self, workshop: m.Workshop) -> None:
        same_rows = [r.id for r in workshop.requests] == [r.id for r in self.requests]
        # One pass over the needs each, not one per request: this runs after every edit.
        with_need = request_ids_with_need(workshop) & {r.id for r in workshop.requests}
        per_request = Counter(rid for need in workshop.needs for rid in set(need.request_ids))
        counts = {r.id: per_request[r.id] for r in workshop.requests}
        self.problems = {found.request.id: found.problem for found in missing_purposes(workshop)}
        if same_rows:
            self.requests = list(workshop.requests)
            self.with_need, self.need_counts = with_need, counts
            if self.requests:
                self.dataChanged.emit(self.index(0), self.index(len(self.requests) - 1))
            return
        self.beginResetModel()
        self.requests = list(workshop.requests)
        self.with_need, self.need_counts = with_need, counts
        self.endResetModel()

    def row_of(self, request_id: str) -> int:
        return next((i for i, r in enumerate(self.requests) if r.id == request_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.requests)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.requests):
            return None
        request = self.requests[index.row()]
        found = request.id in self.with_need
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(request.text, 300)
        if role == STATUS_ROLE:
            count = self.need_counts.get(request.id, 0)
            status = plural(count, "need")
            if not found:
                status = _PROBLEM_WORDS.get(self.problems.get(request.id), "No need yet")
            origin = IT_MARK if request.from_it else ""
            parts = (origin, status, one_line(request.requested_by, 60))
            return " · ".join(part for part in parts if part)
        if role == MARK_ROLE:
            return FOUND if found else MISSING
        if role == ID_ROLE:
            return request.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(request.text)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "need found" if found else "no need with a purpose yet"
            return f"{one_line(request.text, 200)} — {state}"
        return None


def make_request_list(model: RequestListModel) -> QListView:
    view = QListView()
    view.setObjectName("needsRequestList")
    view.setModel(model)
    view.setItemDelegate(RowDelegate(MARKED_LOOK, view))
    view.setAccessibleName("Requests")
    view.setAccessibleDescription("Requests still without a need are marked with an amber dot")
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setUniformItemSizes(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return view
