"""A label for user text that never takes more than a few lines.

A request or a need may be a pasted novel, one 10,000-character word, markup, RTL or CJK text.
Word-wrapping labels grow with such text and, when the window is small, get squeezed by the
layout until lines clip or run into the next widget. A `ClampedLabel` lays its text out itself,
in at most `max_lines` lines at its current width (breaking inside long words when it must), ends
the last line in "…" when text is left over, and asks the layout for exactly the height of the
lines it shows. The whole text is in the tooltip, escaped so that markup shows as typed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from workshop_app.ui.widgets.text import tooltip

#: Characters of text laid out at most: enough for any line count at any width.
_LAYOUT_CHARS = 600
#: Characters shown in the tooltip at most: a 20,000-character tooltip would fill the screen.
TOOLTIP_CHARS = 2000
#: Width assumed before the label has been given its own.
_NOMINAL_WIDTH = 400
_SPACES = re.compile(r"\s+")


def clamp_lines(text: str, font: QFont, width: int, max_lines: int) -> tuple[list[str], bool]:
    """`text` as one paragraph, wrapped to `width` pixels in at most `max_lines` lines.

    Breaks between words where it can and anywhere inside a word that is too long. Returns the
    lines and whether text was left over, in which case the last line ends in "…".
    """
    flat = _SPACES.sub(" ", text).strip()
    if not flat or max_lines < 1:
        return [], bool(flat)
    width = max(width, 16)
    sample = flat[: _LAYOUT_CHARS * max_lines]
    metrics = QFontMetrics(font)
    layout = QTextLayout(sample, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    clipped = False
    layout.beginLayout()
    try:
        while len(lines) < max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            left_over = start + length < len(sample) or len(sample) < len(flat)
            if len(lines) == max_lines - 1 and left_over:
                rest = sample[start:] + ("…" if len(sample) < len(flat) else "")
                lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
                clipped = True
            else:
                lines.append(sample[start : start + length].strip())
    finally:
        layout.endLayout()
    return lines, clipped


class ClampedLabel(QLabel):
    """Plain user text in at most `max_lines` lines, elided, with the whole text in the tooltip.

    Set the text with `set_full_text`, not `setText`; `text()` is what is shown, on one line.
    `prefix` and `suffix` (such as quotation marks) stay around the text even when it is elided.
    The label asks the layout for exactly the height of the lines it shows, so a small window
    squeezes something else instead of clipping it or drawing it over its neighbours.
    """

    def __init__(self, max_lines: int = 3, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setIndent(0)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._full = ""
        self._prefix = ""
        self._suffix = ""
        self._tip = ""
        self._max_lines = max(1, max_lines)
        self._lines: list[str] = []
        self._clipped = False

    # -- the text ----------------------------------------------------------------------------
    def set_full_text(
        self, text: str, *, prefix: str = "", suffix: str = "", tip: str = ""
    ) -> None:
        """Show `prefix + text + suffix`.

        The tooltip is the whole text when it is clipped; a `tip` given here is always shown.
        """
        self._full, self._prefix, self._suffix = text, prefix, suffix
        self._tip = tip
        self._relayout()

    def full_text(self) -> str:
        return self._full

    def is_clipped(self) -> bool:
        """True when some of the text is not shown (it is in the tooltip)."""
        return self._clipped

    def lines(self) -> list[str]:
        """The lines as painted."""
        return list(self._lines)

    def max_lines(self) -> int:
        return self._max_lines

    def set_max_lines(self, max_lines: int) -> None:
        max_lines = max(1, max_lines)
        if max_lines != self._max_lines:
            self._max_lines = max_lines
            self._relayout()

    # -- size and painting ---------------------------------------------------------------------
    def _height(self) -> int:
        margins = self.contentsMargins()
        lines = max(1, len(self._lines))
        return (
            lines * self.fontMetrics().lineSpacing()
            + margins.top()
            + margins.bottom()
            + 2 * max(0, self.margin())
        )

    def sizeHint(self) -> QSize:
        return QSize(_NOMINAL_WIDTH, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self._height())

    def hasHeightForWidth(self) -> bool:
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.drawFrame(painter)  # the frame; a style-sheet background is already painted
        rect = self.contentsRect().adjusted(
            self.margin(), self.margin(), -self.margin(), -self.margin()
        )
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        step = self.fontMetrics().lineSpacing()
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for number, line in enumerate(self._lines):
            box = QRect(rect.left(), rect.top() + number * step, rect.width(), step)
            painter.drawText(box, int(flags) | int(Qt.TextFlag.TextSingleLine), line)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._relayout()

    def _relayout(self) -> None:
        self.ensurePolished()
        width = self.contentsRect().width() - 2 * max(0, self.margin())
        if width < 40:  # not laid out yet: a nominal width until the layout gives one
            width = _NOMINAL_WIDTH
        lines: list[str] = []
        clipped = False
        if self._full.strip():
            reserve = self.fontMetrics().horizontalAdvance(self._suffix) if self._suffix else 0
            lines, clipped = clamp_lines(
                f"{self._prefix}{self._full}", self.font(), width - reserve, self._max_lines
            )
            if lines and self._suffix:
                lines[-1] += self._suffix
        changed = len(lines) != len(self._lines)
        self._lines, self._clipped = lines, clipped
        # text() is what is shown, on one line: for accessibility, tests and copying.
        shown = (
            " ".join(lines)
            if clipped
            else (
                f"{self._prefix}{_SPACES.sub(' ', self._full).strip()}{self._suffix}"
                if lines
                else ""
            )
        )
        super().setText(shown)
        self.setToolTip(
            tooltip(self._tip, TOOLTIP_CHARS, run=40)
            if self._tip
            else tooltip(self._full, TOOLTIP_CHARS, run=40)
            if clipped
            else ""
        )
        self.setAccessibleDescription(self._full[:TOOLTIP_CHARS] if clipped else "")
        if changed:
            self.updateGeometry()
        self.update()


class OneLineLabel(ClampedLabel):
    """One line of user text that asks for its whole width and is elided when it gets less.

    For a row of labels (a title beside its details): each keeps its full width while there is
    room, and they all give way, with "…" and the whole text in the tooltip, when there is not.
    """

    def __init__(self, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(1, name, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_full_text(
        self, text: str, *, prefix: str = "", suffix: str = "", tip: str = ""
    ) -> None:
        super().set_full_text(text, prefix=prefix, suffix=suffix, tip=tip)
        self.updateGeometry()  # the width it asks for is the text's

    def sizeHint(self) -> QSize:
        whole = (
            f"{self._prefix}{_SPACES.sub(' ', self._full[:_LAYOUT_CHARS]).strip()}{self._suffix}"
        )
        margins = self.contentsMargins()
        chrome = margins.left() + margins.right() + 2 * max(0, self.margin())
        # +1: a text exactly as wide as the label would be elided by rounding.
        return QSize(self.fontMetrics().horizontalAdvance(whole) + chrome + 1, self._height())
