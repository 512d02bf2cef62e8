"""The requests down the left of the Decide stage, each with its decision (or "not decided yet").

A QListWidget whose rows carry the request id; a small delegate paints two calm lines per row:
the request as said, then a coloured dot and the decision. Text is elided on one line, so any
text (long words, right-to-left, emoji) stays inside its row.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.scoring import alignment
from workshop_app.ui.kinds import kind_color, tint
from workshop_app.ui.theme import current_colors
from workshop_app.ui.widgets.text import one_line, tooltip

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
UNCLEAR_ROLE = Qt.ItemDataRole.UserRole + 2
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


class RequestRowDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + 28)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        c = current_colors()
        rect: QRect = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused_view = bool(state & QStyle.StateFlag.State_HasFocus) or (
            option.widget is not None and option.widget.hasFocus()
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(rect).adjusted(6, 3, -6, -3)
        if selected:
            accent = QColor(c.accent)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tint(accent, QColor(c.surface), 0.14 if focused_view else 0.07))
            painter.drawRoundedRect(box, 8, 8)
            painter.setBrush(accent if focused_view else QColor(c.muted))
            painter.drawRoundedRect(QRectF(box.left(), box.top() + 8, 4, box.height() - 16), 2, 2)

        font = option.font
        metrics = QFontMetrics(font)
        left = int(box.left()) + 16
        width = int(box.width()) - 28
        top = int(box.top()) + 10
        number = f"{index.row() + 1}  "
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.setFont(font)
        painter.setPen(QColor(c.muted))
        painter.drawText(QRect(left, top, width, metrics.height()), 0, number)
        shift = metrics.horizontalAdvance(number)
        painter.setPen(QColor(c.text))
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - shift)
        painter.drawText(
            QRect(left + shift, top, width - shift, metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            elided,
        )

        raw_kind = index.data(KIND_ROLE)
        kind = m.DecisionKind(raw_kind) if raw_kind else None
        second = top + metrics.height() + 6
        dot = 8
        painter.setPen(Qt.PenStyle.NoPen)
        color = kind_color(kind, c)
        painter.setBrush(color if kind is not None else Qt.BrushStyle.NoBrush)
        if kind is None:
            painter.setPen(color)
        painter.drawEllipse(QRectF(left + shift, second + (metrics.height() - dot) / 2, dot, dot))
        small = painter.font()
        painter.setFont(small)
        label = kind.label if kind is not None else "Not decided yet"
        detail = str(index.data(DETAIL_ROLE) or "")
        if detail:
            label = f"{label} · {detail}"
        painter.setPen(QColor(c.text) if kind is not None else QColor(c.muted))
        label_left = left + shift + dot + 8
        unclear = bool(index.data(UNCLEAR_ROLE))
        flag = "⚠ unclear"
        flag_width = metrics.horizontalAdvance(flag) + 8 if unclear else 0
        label_width = width - shift - dot - 8 - flag_width
        painter.drawText(
            QRect(label_left, second, label_width, metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width),
        )
        if unclear:
            painter.setPen(QColor(c.amber))
            painter.drawText(
                QRect(left + width - flag_width, second, flag_width, metrics.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                flag,
            )
        painter.restore()


class RequestList(QListWidget):
    """Requests with their decision state; keeps the selection by id across refreshes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decideRequests")
        self.setAccessibleName("Requests to decide")
        self.setItemDelegate(RequestRowDelegate(self))
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

    def show_requests(self, workshop: m.Workshop) -> None:
        current = self.current_id()
        requests = workshop.requests
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
        for row, request in enumerate(requests):
            decision = workshop.decision_for(request.id)
            needs = workshop.needs_for(request.id)
            unclear = any(
                alignment(workshop, n).unclear and not n.alignment_acknowledged for n in needs
            )
            item = self.item(row)
            text = one_line(request.text, 300)
            item.setData(Qt.ItemDataRole.DisplayRole, text)
            item.setData(KIND_ROLE, decision.kind.value if decision.kind else "")
            item.setData(DETAIL_ROLE, one_line(decision.owner, 80))
            item.setData(UNCLEAR_ROLE, unclear)
            state = decision.kind.label if decision.kind is not None else "not decided yet"
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Request {row + 1}: {text}. {state}.")
            item.setToolTip(tooltip(one_line(request.text, 500), run=40))
        self.blockSignals(False)
        if (current is None or not self.select_id(current)) and self.count():
            self.setCurrentRow(0)
        self.viewport().update()
