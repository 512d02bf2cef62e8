"""The alignment matrix on the wall: needs down, goals across with their weight, each link's
strength as filled dots, each row ending in its alignment score (amber when unclear and not yet
discussed). Painted with QPainter in type read from the back of the room.

A workshop with more needs than fit shows the rows around the need selected on the laptop
(core/placement.row_window) and says which rows these are; more goals than fit at a readable
width show the first ones and say how many are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from workshop_app.core.placement import row_window
from workshop_app.ui.theme import Colors
from workshop_app.ui.wall import paint as p
from workshop_app.ui.wall.slides import Matrix
from workshop_app.ui.widgets.text import plural

PAD = 12.0


@dataclass(frozen=True)
class MatrixGeometry:
    """Where the matrix's parts go at a given size (worked out before painting)."""

    number_w: float
    need_w: float
    goal_w: float
    score_w: float
    goals_shown: int
    header_h: float
    row_h: float
    need_lines: int
    rows: tuple[int, int]  # [start, end) of the rows shown


class MatrixWall(QWidget):
    def __init__(self, colors: Colors, unit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallMatrix")
        self.setAccessibleName("Alignment matrix")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.colors, self.unit = colors, unit
        self.data = Matrix((), ())
        self.focus_id = ""

    def sizeHint(self) -> QSize:
        return QSize(self.unit * 40, self.unit * 20)

    def show_matrix(self, data: Matrix, focus_id: str) -> None:
        self.data, self.focus_id = data, focus_id
        self.setAccessibleDescription(
            f"{plural(len(data.rows), 'need')} against {plural(len(data.goals), 'goal')}"
        )
        self.update()

    # -- geometry --------------------------------------------------------------------------
    def fonts(self) -> tuple[p.QFont, p.QFont, p.QFont]:
        u = self.unit
        return (
            p.font(self.font(), u),  # body
            p.font(self.font(), u * 0.85, bold=True),  # headers
            p.font(self.font(), u * 1.1),  # strength dots
        )

    def geometry_at(self, width: float, height: float) -> MatrixGeometry:
        body, head, dots = self.fonts()
        u = self.unit
        number_w = p.text_width(body, str(max(1, len(self.data.rows)))) + PAD * 2
        score_w = max(p.text_width(head, "Score"), p.text_width(body, "100 ⚠")) + PAD * 2
        goal_min = max(p.text_width(dots, "●●●"), p.text_width(head, "●●●●●"), u * 4.2) + PAD
        need_min = u * 12
        room = width - number_w - score_w - need_min
        goals = len(self.data.goals)
        shown = min(goals, max(0, int(room // goal_min)))
        goal_w = min(u * 8.0, room / shown) if shown else 0.0
        need_w = width - number_w - score_w - goal_w * shown
        header_h = p.line_height(head) * 4 + PAD
        footer_h = p.line_height(body) + PAD
        total = len(self.data.rows)
        one = p.line_height(body) + PAD * 1.5
        two = p.line_height(body) * 2 + PAD * 1.5
        room_h = height - header_h - footer_h
        three = p.line_height(body) * 3 + PAD * 1.5
        lines, row_h = (3, three) if total * three <= room_h else (2, two)
        if total * two > room_h:
            lines, row_h = 1, one
        fits = max(1, int(room_h // row_h))
        if lines == 1 and total * one <= room_h:  # all on one line each: use the room there is
            row_h, fits = min(room_h / total, one * 1.5), total
        focus = next((i for i, r in enumerate(self.data.rows) if r.need_id == self.focus_id), -1)
        return MatrixGeometry(
            number_w,
            need_w,
            goal_w,
            score_w,
            shown,
            header_h,
            row_h,
            lines,
            row_window(total, fits, focus),
        )

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = self.colors
        body = self.fonts()[0]
        if not self.data.rows:
            p.draw_lines(
                painter,
                p.fit_lines(
                    "No needs yet: each appears here once the room has found it.",
                    body,
                    self.width(),
                    3,
                ),
                body,
                QRectF(0, 0, self.width(), self.height()),
                QColor(c.muted),
            )
            painter.end()
            return
        g = self.geometry_at(self.width(), self.height())
        self._paint_header(painter, g)
        top = g.header_h
        start, end = g.rows
        for index in range(start, end):
            self._paint_row(painter, g, index, top + (index - start) * g.row_h)
        footer = []
        if end - start < len(self.data.rows):
            footer.append(f"Needs {start + 1}–{end} of {len(self.data.rows)}")
        hidden = len(self.data.goals) - g.goals_shown
        if hidden > 0:
            footer.append(f"{plural(hidden, 'more goal')} on the laptop")
        if footer:
            y = top + (end - start) * g.row_h + PAD / 2
            p.draw_lines(
                painter,
                p.fit_lines(" · ".join(footer), body, self.width(), 1),
                body,
                QRectF(0, y, self.width(), p.line_height(body)),
                QColor(c.muted),
            )
        painter.end()

    def _paint_header(self, painter: QPainter, g: MatrixGeometry) -> None:
        c = self.colors
        _, head, _ = self.fonts()
        lh = p.line_height(head)
        x = g.number_w
        p.draw_lines(
            painter,
            ["Need"],
            head,
            QRectF(x + PAD, g.header_h - lh - PAD, g.need_w, lh),
            QColor(c.muted),
        )
        x += g.need_w
        for title, weight in self.data.goals[: g.goals_shown]:
            rect = QRectF(x + PAD / 2, 0, g.goal_w - PAD, g.header_h - PAD)
            lines = p.fit_lines(title, head, rect.width(), 3)
            top = rect.bottom() - lh * (len(lines) + 1)
            centre = Qt.AlignmentFlag.AlignHCenter
            p.draw_lines(
                painter,
                lines,
                head,
                QRectF(rect.left(), top, rect.width(), lh * 3),
                QColor(c.text),
                centre,
            )
            p.draw_lines(
                painter,
                ["●" * weight + "○" * (5 - weight)],
                head,
                QRectF(rect.left(), rect.bottom() - lh, rect.width(), lh),
                QColor(c.muted),
                centre,
            )
            x += g.goal_w
        p.draw_lines(
            painter,
            ["Score"],
            head,
            QRectF(x, g.header_h - lh - PAD, g.score_w - PAD, lh),
            QColor(c.muted),
            Qt.AlignmentFlag.AlignRight,
        )
        painter.setPen(QPen(QColor(c.border), 2))
        painter.drawLine(0, int(g.header_h - 1), self.width(), int(g.header_h - 1))

    def _paint_row(self, painter: QPainter, g: MatrixGeometry, index: int, y: float) -> None:
        c = self.colors
        body, _, dots = self.fonts()
        row = self.data.rows[index]
        lh = p.line_height(body)
        if row.need_id == self.focus_id:  # where the laptop is: tinted, with an accent bar
            painter.fillRect(QRectF(0, y, self.width(), g.row_h), QColor(c.surface_alt))
            painter.fillRect(QRectF(0, y, 6, g.row_h), QColor(c.accent))
        painter.setPen(QPen(QColor(c.border), 1))
        painter.drawLine(0, int(y + g.row_h), self.width(), int(y + g.row_h))
        text_top = y + (g.row_h - lh) / 2  # the number and the score: centred in the row
        ink = QColor(c.amber if row.attention else c.text)
        p.draw_lines(
            painter,
            [str(row.number)],
            body,
            QRectF(0, text_top, g.number_w - PAD, lh),
            QColor(c.muted),
            Qt.AlignmentFlag.AlignRight,
        )
        lines = p.fit_lines(row.title, body, g.need_w - PAD * 2, g.need_lines)
        top = y + (g.row_h - lh * len(lines)) / 2
        p.draw_lines(
            painter,
            lines,
            body,
            QRectF(g.number_w + PAD, top, g.need_w - PAD * 2, lh * len(lines)),
            ink,
        )
        x = g.number_w + g.need_w
        dot_h = p.line_height(dots)
        for points in row.strengths[: g.goals_shown]:
            rect = QRectF(x, y + (g.row_h - dot_h) / 2, g.goal_w, dot_h)
            if points:
                text, colour = "●" * points + "○" * (3 - points), QColor(c.accent)
            else:
                text, colour = "–", QColor(c.muted)
            p.draw_lines(painter, [text], dots, rect, colour, Qt.AlignmentFlag.AlignHCenter)
            x += g.goal_w
        score = f"{row.score} ⚠" if row.unclear else str(row.score)
        p.draw_lines(
            painter,
            [score],
            body,
            QRectF(x, text_top, g.score_w - PAD, lh),
            QColor(c.amber if row.unclear else c.text),
            Qt.AlignmentFlag.AlignRight,
        )
