"""What the wall's painted views share: type sizes from the wall's height, fitting user text
into a few lines of a given width (elided at the end, never cut at an edge), and drawing it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption

from workshop_app.ui.widgets.text import one_line

#: Body text on the wall: 1/36 of its height (30 px at 1080p), never under 24 px.
MIN_PX = 24


def unit_for(height: int) -> int:
    return max(MIN_PX, height // 36)


def font(base: QFont, px: float, *, bold: bool = False) -> QFont:
    f = QFont(base)
    f.setPixelSize(max(MIN_PX, round(px)))
    f.setBold(bold)
    return f


def fit_lines(text: str, f: QFont, width: float, max_lines: int) -> list[str]:
    """`text` on at most `max_lines` lines of `width` pixels: wrapped between words (and
    between CJK characters); a word too long for a line, and the last line when the text goes
    on, end in "…" rather than being broken in the middle or cut at the edge."""
    flat = one_line(text, 400)
    if not flat or width <= 0:
        return [flat] if flat else []
    layout = QTextLayout(flat, f)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    spans: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    metrics = QFontMetricsF(f)
    elide = Qt.TextElideMode.ElideRight
    lines = [
        metrics.elidedText(flat[start : start + length].strip(), elide, width)
        for start, length in spans[:max_lines]
    ]
    if len(spans) > max_lines:
        lines[-1] = metrics.elidedText(flat[spans[max_lines - 1][0] :], elide, width)
    return lines


def draw_lines(
    painter: QPainter,
    lines: list[str],
    f: QFont,
    rect: QRectF,
    colour: QColor,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> None:
    """Lines from the top of `rect`, one line height apart, each kept inside its width."""
    painter.setFont(f)
    painter.setPen(colour)
    height = QFontMetricsF(f).lineSpacing()
    flags = int(align | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine)
    for index, line in enumerate(lines):
        box = QRectF(rect.left(), rect.top() + index * height, rect.width(), height)
        painter.drawText(box, flags, line)


def line_height(f: QFont) -> float:
    return QFontMetricsF(f).lineSpacing()


def text_width(f: QFont, text: str) -> float:
    return QFontMetricsF(f).horizontalAdvance(text)
