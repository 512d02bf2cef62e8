"""The requests down the left of the Decide stage, each with its decision (or "not decided yet").

A QListWidget whose rows carry the request id; the shared row delegate paints two calm lines per
row: the request as said, then a coloured dot and the decision.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from workshop_app.core import model as m
from workshop_app.core.origin import IT_MARK
from workshop_app.core.purpose import discussion_settled
from workshop_app.core.scoring import alignments, requests_by_priority
from workshop_app.ui.kinds import BY_KIND
from workshop_app.ui.widgets.row_delegate import (
    ID_ROLE,
    PREFIX_ROLE,
    STATUS_MARK_ROLE,
    STATUS_ROLE,
    STATUS_TONE_ROLE,
    TRAILING_ROLE,
    TRAILING_TONE_ROLE,
    Mark,
    RowDelegate,
    RowLook,
)
from workshop_app.ui.widgets.text import one_line, tooltip

UNCLEAR = "⚠ unclear"


class RequestList(QListWidget):
    """Requests with their decision state; keeps the selection by id across refreshes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decideRequests")
        self.setAccessibleName("Requests to decide")
        self.setItemDelegate(RowDelegate(RowLook(), self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSpacing(0)

    def current_id(self) -> str | None:
        item = self.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def select_id(self, request_id: str) -> bool:
        for row in range(self.count()):
            if self.item(row).data(ID_ROLE) == request_id:
                self.setCurrentRow(row)
                self.scrollToItem(self.item(row))
                return True
        return False

    def show_requests(self, workshop: m.Workshop, *, by_priority: bool = False) -> None:
        """The requests in the facilitator's order, or by priority (the framework's score
        order); each keeps its own number either way."""
        current = self.current_id()
        requests = requests_by_priority(workshop) if by_priority else workshop.requests
        numbers = {r.id: i for i, r in enumerate(workshop.requests, start=1)}
        same = [self.item(row).data(ID_ROLE) for row in range(self.count())] == [
            r.id for r in requests
        ]
        self.blockSignals(True)
        if not same:
            self.clear()
            for request in requests:
                item = QListWidgetItem()
                item.setData(ID_ROLE, request.id)
                self.addItem(item)
        # Looked up in dicts built once: a lookup per request grows with the square of the list.
        decisions, needs_of = workshop.decisions_by_request(), workshop.needs_by_request()
        scores = alignments(workshop)
        for row, request in enumerate(requests):
            decision = decisions.get(request.id) or m.Decision(request_id=request.id)
            needs = needs_of.get(request.id, [])
            unclear = any(not discussion_settled(scores[n.id], n) for n in needs)
            item = self.item(row)
            text = one_line(request.text, 300)
            kind = decision.kind
            item.setData(Qt.ItemDataRole.DisplayRole, text)
            number = numbers[request.id]
            item.setData(PREFIX_ROLE, f"{number}  ")
            label = kind.label if kind is not None else "Not decided yet"
            owner = one_line(decision.owner, 80)
            status = f"{label} · {owner}" if owner else label
            item.setData(STATUS_ROLE, f"{IT_MARK} · {status}" if request.from_it else status)
            item.setData(STATUS_TONE_ROLE, "text" if kind is not None else "muted")
            mark = Mark("dot", BY_KIND[kind].role) if kind is not None else Mark("ring", "muted")
            item.setData(STATUS_MARK_ROLE, mark)
            item.setData(TRAILING_ROLE, UNCLEAR if unclear else "")
            item.setData(TRAILING_TONE_ROLE, "amber")
            state = kind.label if kind is not None else "not decided yet"
            origin = f" {IT_MARK}." if request.from_it else ""
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"Request {number}: {text}.{origin} {state}."
            )
            item.setToolTip(tooltip(one_line(request.text, 500), run=40))
        self.blockSignals(False)
        if (current is None or not self.select_id(current)) and self.count():
            self.setCurrentRow(0)
        self.viewport().update()
