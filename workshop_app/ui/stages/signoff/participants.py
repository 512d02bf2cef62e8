"""The participants down the sign-off stage, in the order they should sign, with their status.

Optional participants come first: the last decision-maker's signature signs the revision off, and
after that nobody else can sign. A small delegate paints two calm lines per person (name and role,
then the status) so any name (accents, CJK, right-to-left) stays inside its row; a void signature
is marked in amber, a valid one with a green tick.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
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
from workshop_app.core.signoff import SignOffState
from workshop_app.ui.stages.signoff.common import local_time
from workshop_app.ui.theme import current_colors
from workshop_app.ui.widgets.text import one_line, tooltip

ID_ROLE = Qt.ItemDataRole.UserRole
HEADER_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
TONE_ROLE = Qt.ItemDataRole.UserRole + 4  # "done", "attention", "muted"
TIME_ROLE = Qt.ItemDataRole.UserRole + 5
_Index = QModelIndex | QPersistentModelIndex


def signing_order(states: list[SignOffState]) -> list[SignOffState]:
    """Optional participants first, then decision-makers; otherwise the facilitator's order."""
    return [s for s in states if not s.required] + [s for s in states if s.required]


def status_text(state: SignOffState) -> tuple[str, str]:
    """(status line, tone) for one participant."""
    sig = state.signature
    if sig is None:
        return "Not signed yet", "muted"
    if state.void:
        return "⚠ Void: sign again", "attention"
    return f"✓ {sig.stance.label}", "done"


class ParticipantDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        if index.data(HEADER_ROLE):
            return QSize(200, metrics.height() + 14)
        return QSize(200, metrics.height() * 2 + 20)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        c = current_colors()
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        if index.data(HEADER_ROLE):
            small = QFont(font)
            small.setPointSizeF(font.pointSizeF() * 0.85)
            small.setWeight(QFont.Weight.DemiBold)
            painter.setFont(small)
            painter.setPen(QColor(c.muted))
            painter.drawText(
                rect.adjusted(14, 8, -10, 0),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                QFontMetrics(small).elidedText(
                    str(index.data(Qt.ItemDataRole.DisplayRole)),
                    Qt.TextElideMode.ElideRight,
                    rect.width() - 24,
                ),
            )
            painter.restore()
            return

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = option.widget is not None and option.widget.hasFocus()
        box = QRectF(rect).adjusted(6, 2, -6, -2)
        if selected:
            accent = QColor(c.accent)
            surface = QColor(c.surface)
            amount = 0.16 if focused else 0.08
            fill = QColor(
                round(accent.red() * amount + surface.red() * (1 - amount)),
                round(accent.green() * amount + surface.green() * (1 - amount)),
                round(accent.blue() * amount + surface.blue() * (1 - amount)),
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(box, 8, 8)
            painter.setBrush(accent if focused else QColor(c.muted))
            painter.drawRoundedRect(QRectF(box.left(), box.top() + 8, 4, box.height() - 16), 2, 2)

        left = int(box.left()) + 16
        width = int(box.width()) - 26
        top = int(box.top()) + 6
        line = metrics.height()
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        bold_metrics = QFontMetrics(bold)
        painter.setFont(bold)
        painter.setPen(QColor(c.text))
        shown_name = bold_metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
        painter.drawText(
            QRect(left, top, width, line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            shown_name,
        )
        used = bold_metrics.horizontalAdvance(shown_name)
        detail = str(index.data(DETAIL_ROLE) or "")
        room = width - used - 10
        if detail and room > 40:
            painter.setFont(font)
            painter.setPen(QColor(c.muted))
            painter.drawText(
                QRect(left + used + 10, top, room, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(detail, Qt.TextElideMode.ElideRight, room),
            )
        tone = str(index.data(TONE_ROLE) or "muted")
        painter.setFont(font)
        second = QRect(left, top + line + 4, width, line)
        when = str(index.data(TIME_ROLE) or "")
        status = str(index.data(STATUS_ROLE) or "")
        time_width = metrics.horizontalAdvance(when) + 12 if when else 0
        if when and metrics.horizontalAdvance(status) + time_width <= width:
            painter.setPen(QColor(c.muted))
            painter.drawText(
                second, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), when
            )
        else:
            time_width = 0
        painter.setPen(QColor({"done": c.green, "attention": c.amber}.get(tone, c.muted)))
        painter.drawText(
            second.adjusted(0, 0, -time_width, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(status, Qt.TextElideMode.ElideRight, width - time_width),
        )
        painter.restore()


class ParticipantList(QListWidget):
    """Who signs, in signing order; keeps the selection by participant id across refreshes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signoffParticipants")
        self.setAccessibleName("Participants who sign")
        self.setItemDelegate(ParticipantDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def show_states(self, states: list[SignOffState], *, locked: bool = False) -> None:
        keep = self.current_id()
        self.blockSignals(True)
        self.clear()
        ordered = signing_order(states)
        optional = [s for s in ordered if not s.required]
        required = [s for s in ordered if s.required]
        if optional:
            self._header("OPTIONAL" if locked else "OPTIONAL · SIGN FIRST")
        for state in optional:
            self._row(state)
        if optional and required:
            self._header("DECISION-MAKERS" if locked else "DECISION-MAKERS · REQUIRED")
        for state in required:
            self._row(state)
        self.blockSignals(False)
        if keep is None or not self.select_id(keep, quiet=True):
            self.setCurrentRow(-1)

    def _header(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(HEADER_ROLE, True)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text.capitalize())
        self.addItem(item)

    def _row(self, state: SignOffState) -> None:
        person: m.Participant = state.participant
        item = QListWidgetItem(one_line(person.name, 200))
        item.setData(ID_ROLE, person.id)
        detail = one_line(person.role, 120)
        item.setData(DETAIL_ROLE, detail)
        status, tone = status_text(state)
        item.setData(STATUS_ROLE, status)
        item.setData(TONE_ROLE, tone)
        if state.signature is not None and state.valid:
            item.setData(TIME_ROLE, local_time(state.signature.signed_at, with_date=False))
        kind = "decision-maker, must sign" if state.required else "optional"
        spoken = ", ".join(p for p in (one_line(person.name, 200), detail, kind) if p)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{spoken}: {state.label}")
        lines = (one_line(person.name, 300), one_line(person.role, 300), state.label)
        item.setToolTip(tooltip("\n".join(line for line in lines if line), run=40))
        self.addItem(item)

    # -- selection by id ---------------------------------------------------------------------
    def ids(self) -> list[str]:
        return [
            str(self.item(row).data(ID_ROLE))
            for row in range(self.count())
            if not self.item(row).data(HEADER_ROLE)
        ]

    def current_id(self) -> str | None:
        item = self.currentItem()
        if item is None or item.data(HEADER_ROLE):
            return None
        return str(item.data(ID_ROLE))

    def select_id(self, participant_id: str, *, quiet: bool = False) -> bool:
        for row in range(self.count()):
            item = self.item(row)
            if not item.data(HEADER_ROLE) and item.data(ID_ROLE) == participant_id:
                if quiet:
                    self.blockSignals(True)
                self.setCurrentRow(row)
                self.blockSignals(False)
                self.scrollToItem(item)
                return True
        return False
