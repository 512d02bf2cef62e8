"""The list of requests on the left of the Needs stage: a dot marks those still without a need."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFontMetrics, QPainter, QPainterPath, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.ui.stages.needs.logic import request_ids_with_need
from workshop_app.ui.widgets.color import color
from workshop_app.ui.widgets.text import one_line, plural, tooltip

_Index = QModelIndex | QPersistentModelIndex

HAS_NEED_ROLE = Qt.ItemDataRole.UserRole + 1
META_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
#: A short text (a rank) drawn in a filled circle instead of the need mark; used by other lists.
BADGE_ROLE = Qt.ItemDataRole.UserRole + 4
ATTENTION_ROLE = Qt.ItemDataRole.UserRole + 5


class RequestListModel(QAbstractListModel):
    """A thin adapter over the workshop's requests."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.requests: list[m.Request] = []
        self.with_need: set[str] = set()
        self.need_counts: dict[str, int] = {}

    def set_workshop(self, workshop: m.Workshop) -> None:
        same_rows = [r.id for r in workshop.requests] == [r.id for r in self.requests]
        # One pass over the needs each, not one per request: this runs after every edit.
        with_need = request_ids_with_need(workshop) & {r.id for r in workshop.requests}
        per_request = Counter(rid for need in workshop.needs for rid in set(need.request_ids))
        counts = {r.id: per_request[r.id] for r in workshop.requests}
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
        if role == META_ROLE:
            count = self.need_counts.get(request.id, 0)
            status = plural(count, "need")
            if not found:
                status = "No need yet"
            return " · ".join(part for part in (status, one_line(request.requested_by, 60)) if part)
        if role == HAS_NEED_ROLE:
            return found
        if role == ID_ROLE:
            return request.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(request.text)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "need found" if found else "no need yet"
            return f"{one_line(request.text, 200)} — {state}"
        return None


class RequestDelegate(QStyledItemDelegate):
    """Two lines of request text (wrapping anywhere, elided), who asked, and the status mark."""

    PAD = 10
    MARK = 28

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(200, self.PAD * 2 + fm.lineSpacing() * 3 + 4)

    def _text_width(self, row_width: int) -> int:
        return max(10, row_width - 2 * self.PAD - self.MARK)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        rect: QRect = opt.rect
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        # Selected rows use the theme's colours directly: a palette cached by a view before a
        # theme switch would otherwise paint light text on the light dark-theme accent.
        text_color = color("accent_text") if selected else palette.color(palette.ColorRole.Text)
        muted = color("accent_text") if selected else color("muted")
        font = opt.font
        fm = QFontMetrics(font)
        left = rect.left() + self.PAD + self.MARK
        width = self._text_width(rect.width())
        lines = _wrapped(str(index.data() or ""), font, width, 2)
        # Rows are all the same height; a one-line request sits in the middle of its row.
        top = rect.top() + self.PAD + (2 - len(lines)) * fm.lineSpacing() // 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(rect.left() + self.PAD + 8, top + fm.lineSpacing() / 2 + 1)
        badge = index.data(BADGE_ROLE)
        if badge:
            radius = fm.height() * 0.55
            painter.setPen(Qt.PenStyle.NoPen)
            fill = color("amber") if index.data(ATTENTION_ROLE) else color("accent")
            painter.setBrush(color("accent_text") if selected else fill)
            painter.drawEllipse(centre, radius, radius)
            painter.setPen(color("accent") if selected else color("accent_text"))
            painter.setFont(font)
            painter.drawText(
                QRect(
                    int(centre.x() - radius),
                    int(centre.y() - radius),
                    int(radius * 2),
                    int(radius * 2),
                ),
                int(Qt.AlignmentFlag.AlignCenter),
                str(badge),
            )
        elif index.data(HAS_NEED_ROLE):
            check = QPainterPath(QPointF(centre.x() - 5, centre.y()))
            check.lineTo(centre.x() - 1.5, centre.y() + 4)
            check.lineTo(centre.x() + 5, centre.y() - 4)
            painter.setPen(QPen(muted if selected else color("green"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(check)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color("accent_text") if selected else color("amber"))
            painter.drawEllipse(centre, 5, 5)
        painter.setPen(text_color)
        painter.setFont(font)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for number, line in enumerate(lines):
            line_rect = QRect(left, top + number * fm.lineSpacing(), width, fm.lineSpacing())
            painter.drawText(line_rect, flags, line)
        meta = fm.elidedText(str(index.data(META_ROLE) or ""), Qt.TextElideMode.ElideRight, width)
        painter.setPen(muted)
        meta_top = top + len(lines) * fm.lineSpacing() + 4
        painter.drawText(QRect(left, meta_top, width, fm.lineSpacing()), flags, meta)
        painter.restore()


def _wrapped(text: str, font: Any, width: int, max_lines: int) -> list[str]:
    """Lay text out in at most max_lines lines, breaking anywhere if a word is too long."""
    fm = QFontMetrics(font)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        if len(lines) == max_lines - 1 and start + length < len(text):
            rest = text[start:]
            lines.append(fm.elidedText(rest, Qt.TextElideMode.ElideRight, width))
        else:
            lines.append(text[start : start + length].rstrip())
    layout.endLayout()
    return lines


def make_request_list(model: RequestListModel) -> QListView:
    view = QListView()
    view.setObjectName("needsRequestList")
    view.setModel(model)
    view.setItemDelegate(RequestDelegate(view))
    view.setAccessibleName("Requests")
    view.setAccessibleDescription("Requests still without a need are marked with an amber dot")
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setUniformItemSizes(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return view
