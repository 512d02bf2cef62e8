"""One hand-painted list row for every list of items with a status: a title, then a calm line.

The Decide requests, the Sign-off participants, the Needs requests and the Align chart's legend all
paint their rows here; a `RowLook` says how each one is spaced and selected, and the rows carry
what to show in the roles below. Text is elided (or wrapped, then elided), so any text (long words,
right-to-left, CJK, emoji) stays inside its row. Colours are theme colour names ("muted", "green",
…), looked up when painting, so a row follows a theme switch without being refilled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from workshop_app.ui.kinds import tint
from workshop_app.ui.widgets.color import color

_Index = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole  # the item's id (not painted)
HEADER_ROLE = Qt.ItemDataRole.UserRole + 1  # True: a small section heading, not an item
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2  # muted text after the title, when there is room
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # the second line
STATUS_TONE_ROLE = Qt.ItemDataRole.UserRole + 4  # its colour name; "muted" if not given
TRAILING_ROLE = Qt.ItemDataRole.UserRole + 5  # right-aligned on the second line
TRAILING_TONE_ROLE = Qt.ItemDataRole.UserRole + 6  # its colour name; "muted" if not given
PREFIX_ROLE = Qt.ItemDataRole.UserRole + 7  # muted text before the title (a number)
STATUS_MARK_ROLE = Qt.ItemDataRole.UserRole + 8  # a `Mark` ("dot" or "ring") before the status
MARK_ROLE = Qt.ItemDataRole.UserRole + 9  # a `Mark` in the column left of the text


@dataclass(frozen=True)
class Mark:
    """A small sign: "dot" (filled), "ring" (outlined), "check" or "badge" (`text` in a disc)."""

    shape: str
    tone: str  # a theme colour name
    text: str = ""


@dataclass(frozen=True)
class RowLook:
    """How one list spaces and selects its rows (pixels, at the row's edges)."""

    card: bool = True  # selection: a tinted rounded card with an accent bar; else the style's
    inset: int = 3  # the card's distance from the row's top and bottom
    tint: tuple[float, float] = (0.14, 0.07)  # the card's accent, with and without focus
    pad_left: int = 22  # where the text starts
    pad_right: int = 18  # room kept after the text
    pad_top: int = 13
    pad_bottom: int = 9
    gap: int = 6  # between the title and the second line
    leading: bool = False  # lines a line spacing apart, else a font height
    title_lines: int = 1  # the title wraps to at most this many lines
    bold_title: bool = False
    mark_width: int = 0  # the column for MARK_ROLE, inside pad_left
    trailing_gap: int = 8  # kept between the status and the trailing text
    trailing_yields: bool = False  # the trailing text goes when both do not fit; else the status
    header_height: int = 14  # a heading row is one line and this much


#: Rows with a status mark beside up to two lines of title, selected the style's own way: the
#: Needs requests (a tick or an amber dot) and the Align chart's legend (the rank in a disc).
MARKED_LOOK = RowLook(
    card=False,
    pad_left=38,
    pad_right=10,
    pad_top=10,
    pad_bottom=10,
    gap=4,
    leading=True,
    title_lines=2,
    mark_width=28,
)


class RowDelegate(QStyledItemDelegate):
    def __init__(self, look: RowLook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.look = look

    def _line(self, metrics: QFontMetrics) -> int:
        return metrics.lineSpacing() if self.look.leading else metrics.height()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        look = self.look
        metrics = QFontMetrics(option.font)
        if index.data(HEADER_ROLE):
            return QSize(200, metrics.height() + look.header_height)
        lines = look.title_lines + 1
        return QSize(200, look.pad_top + self._line(metrics) * lines + look.gap + look.pad_bottom)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if index.data(HEADER_ROLE):
            _paint_header(painter, opt.rect, opt.font, str(index.data() or ""))
        else:
            self._paint_row(painter, opt, index)
        painter.restore()

    def _paint_row(self, painter: QPainter, opt: QStyleOptionViewItem, index: _Index) -> None:
        look = self.look
        rect: QRect = opt.rect
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        # Selected rows of the style's own kind use the theme's colours directly: a palette cached
        # by a view before a theme switch would otherwise paint light text on the light accent.
        on_accent = selected and not look.card
        if look.card:
            self._paint_card(painter, opt, selected)
            title_color = color("text")
        else:
            opt.text = ""
            style = opt.widget.style() if opt.widget is not None else QApplication.style()
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget
            )
            title_color = opt.palette.color(opt.palette.ColorRole.Text)

        def tone(name: str) -> QColor:
            return color("accent_text") if on_accent else color(name)

        font = opt.font
        metrics = QFontMetrics(font)
        line = self._line(metrics)
        left = rect.left() + look.pad_left
        width = max(10, rect.width() - look.pad_left - look.pad_right)
        prefix = str(index.data(PREFIX_ROLE) or "")
        shift = metrics.horizontalAdvance(prefix) if prefix else 0
        title_font = QFont(font)
        if look.bold_title:
            title_font.setWeight(QFont.Weight.DemiBold)
        lines = _title_lines(str(index.data() or ""), title_font, width - shift, look.title_lines)
        # Rows are all the same height; a title shorter than its lines sits in the middle.
        top = rect.top() + look.pad_top + (look.title_lines - len(lines)) * line // 2
        mark = index.data(MARK_ROLE)
        if isinstance(mark, Mark):
            centre = QPointF(left - look.mark_width + 8, top + line / 2 + 1)
            _paint_mark(painter, mark, centre, font, selected)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.setFont(font)
        if prefix:
            painter.setPen(tone("muted"))
            painter.drawText(QRect(left, top, width, line), flags, prefix)
        painter.setFont(title_font)
        painter.setPen(color("accent_text") if on_accent else title_color)
        for number, text in enumerate(lines):
            painter.drawText(
                QRect(left + shift, top + number * line, width - shift, line), flags, text
            )
        painter.setFont(font)
        detail = str(index.data(DETAIL_ROLE) or "")
        used = QFontMetrics(title_font).horizontalAdvance(lines[0]) if lines else 0
        room = width - shift - used - 10
        if detail and room > 40:
            painter.setPen(tone("muted"))
            detail = metrics.elidedText(detail, Qt.TextElideMode.ElideRight, room)
            painter.drawText(QRect(left + shift + used + 10, top, room, line), flags, detail)
        second = QRect(left + shift, top + len(lines) * line + look.gap, width - shift, line)
        self._paint_status(painter, index, second, metrics, tone)

    def _paint_card(self, painter: QPainter, opt: QStyleOptionViewItem, selected: bool) -> None:
        if not selected:
            return
        look = self.look
        focused = bool(opt.state & QStyle.StateFlag.State_HasFocus) or (
            opt.widget is not None and opt.widget.hasFocus()
        )
        box = QRectF(opt.rect).adjusted(6, look.inset, -6, -look.inset)
        accent = color("accent")
        amount = look.tint[0] if focused else look.tint[1]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tint(accent, color("surface"), amount))
        painter.drawRoundedRect(box, 8, 8)
        painter.setBrush(accent if focused else color("muted"))
        painter.drawRoundedRect(QRectF(box.left(), box.top() + 8, 4, box.height() - 16), 2, 2)

    def _paint_status(
        self,
        painter: QPainter,
        index: _Index,
        line: QRect,
        metrics: QFontMetrics,
        tone: Callable[[str], QColor],
    ) -> None:
        """The second line: a dot or ring, the status, and a right-aligned trailing text."""
        left = line.left()
        mark = index.data(STATUS_MARK_ROLE)
        if isinstance(mark, Mark):
            dot = 8
            spot = QRectF(left, line.top() + (line.height() - dot) / 2, dot, dot)
            if mark.shape == "ring":
                painter.setPen(tone(mark.tone))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(tone(mark.tone))
            painter.drawEllipse(spot)
            left += dot + 8
        width = line.right() + 1 - left
        status = str(index.data(STATUS_ROLE) or "")
        trailing = str(index.data(TRAILING_ROLE) or "")
        room = metrics.horizontalAdvance(trailing) + self.look.trailing_gap if trailing else 0
        if (
            trailing
            and self.look.trailing_yields
            and metrics.horizontalAdvance(status) + room > width
        ):
            trailing, room = "", 0
        if trailing:
            painter.setPen(tone(str(index.data(TRAILING_TONE_ROLE) or "muted")))
            painter.drawText(
                QRect(line.right() + 1 - room, line.top(), room, line.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                trailing,
            )
        painter.setPen(tone(str(index.data(STATUS_TONE_ROLE) or "muted")))
        painter.drawText(
            QRect(left, line.top(), width - room, line.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(status, Qt.TextElideMode.ElideRight, width - room),
        )


def _paint_header(painter: QPainter, rect: QRect, font: QFont, text: str) -> None:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.85)
    small.setWeight(QFont.Weight.DemiBold)
    painter.setFont(small)
    painter.setPen(color("muted"))
    painter.drawText(
        rect.adjusted(14, 8, -10, 0),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        QFontMetrics(small).elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 24),
    )


def _paint_mark(
    painter: QPainter, mark: Mark, centre: QPointF, font: QFont, selected: bool
) -> None:
    """A status sign in the column left of the text; on a selected row it takes the text colour."""
    on_accent = color("accent_text")
    if mark.shape == "badge":
        radius = QFontMetrics(font).height() * 0.55
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(on_accent if selected else color(mark.tone))
        painter.drawEllipse(centre, radius, radius)
        painter.setPen(color("accent") if selected else on_accent)
        painter.setFont(font)
        size = int(radius * 2)
        box = QRect(int(centre.x() - radius), int(centre.y() - radius), size, size)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), mark.text)
    elif mark.shape == "check":
        check = QPainterPath(QPointF(centre.x() - 5, centre.y()))
        check.lineTo(centre.x() - 1.5, centre.y() + 4)
        check.lineTo(centre.x() + 5, centre.y() - 4)
        painter.setPen(QPen(on_accent if selected else color(mark.tone), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(check)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(on_accent if selected else color(mark.tone))
        painter.drawEllipse(centre, 5, 5)


def _title_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """The title in at most `max_lines` lines, breaking anywhere if a word is too long; the last
    line ends in "…" when text is left over."""
    metrics = QFontMetrics(font)
    if max_lines == 1:
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]
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
            lines.append(metrics.elidedText(text[start:], Qt.TextElideMode.ElideRight, width))
        else:
            lines.append(text[start : start + length].rstrip())
    layout.endLayout()
    return lines
