"""The value/effort chart on the wall: value up, effort across, the four quadrants named, each
need a numbered dot (its rank), labelled beside it where the label covers nothing else, and
listed by number in the legend beside the chart where it is not.

Dots on the same spot are pushed apart and labels placed by core/placement.py; this module only
measures text and paints. The layout is worked out once per workshop and size, not per paint.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from workshop_app.core.placement import Box, disc_box, place_labels, spread_discs
from workshop_app.core.scoring import Quadrant
from workshop_app.ui.theme import Colors
from workshop_app.ui.wall import paint as p
from workshop_app.ui.wall.slides import ChartDot

PAD = 12.0
QUADRANTS = (  # name, corner (left?, top?)
    (Quadrant.QUICK_WIN, "Quick wins", True, True),
    (Quadrant.BIG_BET, "Big bets", False, True),
    (Quadrant.FILL_IN, "Fill-ins", True, False),
    (Quadrant.MONEY_PIT, "Money pits", False, False),
)


@dataclass(frozen=True)
class Placed:
    point: ChartDot
    title: str
    true_centre: tuple[float, float]  # where its value and effort put it
    centre: tuple[float, float]  # where its dot is drawn (moved off others)
    label: Box | None  # its label beside the dot, or None: in the legend
    label_text: str


@dataclass(frozen=True)
class ChartLayout:
    plot: Box
    legend: Box
    names: tuple[Box, ...]  # the quadrant names' boxes, in QUADRANTS order
    placed: tuple[Placed, ...]
    legend_columns: int
    legend_rows: int


class ChartWall(QWidget):
    def __init__(self, colors: Colors, unit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallChart")
        self.setAccessibleName("Value and effort chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.colors, self.unit = colors, unit
        self.points: list[ChartDot] = []
        self.titles: dict[str, str] = {}
        self.focus_id = ""
        self._layout: tuple[tuple[int, int], ChartLayout] | None = None

    def sizeHint(self) -> QSize:
        return QSize(self.unit * 40, self.unit * 20)

    def show_points(self, points: list[ChartDot], focus: str) -> None:
        self.points, self.focus_id = points, focus
        self.titles = {dot.need_id: dot.title for dot in points}
        self._layout = None
        self.setAccessibleDescription(
            "; ".join(f"{pt.rank}: {pt.title}" for pt in points[:60]) or "No needs to place yet"
        )
        self.update()

    # -- layout ------------------------------------------------------------------------------
    def fonts(self) -> tuple[p.QFont, p.QFont, p.QFont]:
        u = self.unit
        return (
            p.font(self.font(), u * 0.85),  # labels, legend and axes
            p.font(self.font(), u * 0.95, bold=True),  # quadrant names
            p.font(self.font(), u * 0.8, bold=True),  # the numbers in the dots
        )

    def chart_layout(self) -> ChartLayout:
        size = (self.width(), self.height())
        if self._layout is None or self._layout[0] != size:
            self._layout = (size, self.compute_layout(*size))
        return self._layout[1]

    def compute_layout(self, width: float, height: float) -> ChartLayout:
        """The whole width for the chart when every need's label fits beside its dot; else a
        legend beside it for the needs whose labels do not."""
        wide = self._layout_with(width, height, 0.0)
        if all(item.label is not None for item in wide.placed):
            return wide
        return self._layout_with(width, height, 0.38)

    def radius(self) -> float:
        return max(self.unit * 0.7, p.text_width(self.fonts()[2], "60") / 2 + 6)

    def _layout_with(self, width: float, height: float, legend_share: float) -> ChartLayout:
        small, name_font, _ = self.fonts()
        lh = p.line_height(small)
        axis = lh + PAD
        legend_w = width * legend_share
        plot = Box(axis, 0, width - legend_w - axis - (PAD * 2 if legend_w else 0), height - axis)
        legend = Box(plot.right + PAD * 2, 0, legend_w, height)
        nh = p.line_height(name_font)
        names = []
        for _, name, left, top in QUADRANTS:
            w = p.text_width(name_font, name) + PAD
            x = plot.x + PAD if left else plot.right - PAD - w
            y = plot.y + PAD / 2 if top else plot.bottom - PAD / 2 - nh
            names.append(Box(x, y, w, nh))
        radius = self.radius()
        inner = Box(plot.x + PAD, plot.y + nh + PAD, plot.w - 2 * PAD, plot.h - 2 * (nh + PAD))

        def at(effort: float, value: float) -> tuple[float, float]:
            return (
                inner.x + radius + (effort - 1) / 9 * (inner.w - 2 * radius),
                inner.bottom - radius - (value - 1) / 9 * (inner.h - 2 * radius),
            )

        truth = [at(pt.effort, pt.value) for pt in self.points]
        centres = spread_discs(truth, radius, inner)  # clear of the quadrants' names
        labels = self._labels(centres, plot, names)
        placed = tuple(
            Placed(pt, self.titles.get(pt.need_id, ""), true, centre, *label)
            for pt, true, centre, label in zip(self.points, truth, centres, labels, strict=True)
        )
        columns = 2 if legend_w / 2 >= self.unit * 11 else 1  # a dozen letters a title
        rows = max(1, int((height - lh * 1.5) // (lh * 1.05)))
        return ChartLayout(plot, legend, tuple(names), placed, columns, rows)

    def _labels(
        self, centres: list[tuple[float, float]], plot: Box, names: list[Box]
    ) -> list[tuple[Box | None, str]]:
        """Each dot's label: as long as there is room for (most of) its title, else shorter,
        else none (the legend lists it)."""
        small = self.fonts()[0]
        lh = p.line_height(small)
        radius = self.radius()
        found: list[tuple[Box | None, str]] = [(None, "")] * len(self.points)
        for longest in (min(self.unit * 16.0, plot.w * 0.45), min(self.unit * 8.0, plot.w * 0.3)):
            left = [i for i, (box, _) in enumerate(found) if box is None]
            texts = [
                (
                    p.fit_lines(self.titles.get(self.points[i].need_id, ""), small, longest, 1)
                    or [""]
                )[0]
                for i in left
            ]
            boxes = place_labels(
                [(*centres[i], radius) for i in left],
                [(p.text_width(small, t) + 4, lh) for t in texts],
                plot,
                [
                    *names,
                    *(box for box, _ in found if box is not None),
                    *(disc_box(*centres[i], radius) for i, (box, _) in enumerate(found) if box),
                ],
            )
            for i, text, box in zip(left, texts, boxes, strict=True):
                if box is not None:
                    found[i] = (box, text)
        return found

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        layout = self.chart_layout()
        self._paint_plot(painter, layout)
        self._paint_dots(painter, layout)
        self._paint_legend(painter, layout)
        painter.end()

    def _paint_plot(self, painter: QPainter, layout: ChartLayout) -> None:
        c = self.colors
        small, name_font, _ = self.fonts()
        plot = _rect(layout.plot)
        painter.setPen(QPen(QColor(c.border), 2))
        painter.setBrush(QColor(c.surface))
        painter.drawRoundedRect(plot, 8, 8)
        painter.setPen(QPen(QColor(c.border), 2, Qt.PenStyle.DashLine))  # 5.5 of 1-10, as scored
        painter.drawLine(
            QPointF(plot.center().x(), plot.top()), QPointF(plot.center().x(), plot.bottom())
        )
        painter.drawLine(
            QPointF(plot.left(), plot.center().y()), QPointF(plot.right(), plot.center().y())
        )
        for (_, name, _, _), box in zip(QUADRANTS, layout.names, strict=True):
            p.draw_lines(painter, [name], name_font, _rect(box), QColor(c.muted))
        lh = p.line_height(small)
        below = QRectF(plot.left(), plot.bottom() + PAD / 2, plot.width(), lh)
        p.draw_lines(
            painter, ["Effort →"], small, below, QColor(c.muted), Qt.AlignmentFlag.AlignHCenter
        )
        p.draw_lines(painter, ["small"], small, below, QColor(c.muted))
        p.draw_lines(painter, ["large"], small, below, QColor(c.muted), Qt.AlignmentFlag.AlignRight)
        painter.save()
        painter.translate(plot.left() - PAD / 2, plot.bottom())
        painter.rotate(-90)
        side = QRectF(0, -lh, plot.height(), lh)
        p.draw_lines(
            painter, ["Value →"], small, side, QColor(c.muted), Qt.AlignmentFlag.AlignHCenter
        )
        p.draw_lines(painter, ["low"], small, side, QColor(c.muted))
        p.draw_lines(painter, ["high"], small, side, QColor(c.muted), Qt.AlignmentFlag.AlignRight)
        painter.restore()
        if not layout.placed:
            p.draw_lines(
                painter,
                p.fit_lines(
                    "Needs appear here once they are found", small, plot.width() - 4 * PAD, 2
                ),
                small,
                plot.adjusted(2 * PAD, plot.height() / 2 - lh, -2 * PAD, 0),
                QColor(c.muted),
                Qt.AlignmentFlag.AlignHCenter,
            )

    def _paint_dots(self, painter: QPainter, layout: ChartLayout) -> None:
        c = self.colors
        small, _, number = self.fonts()
        radius = self.radius()
        for item in layout.placed:  # where a dot was moved off another, a thin line to its spot
            (tx, ty), (x, y) = item.true_centre, item.centre
            if abs(tx - x) + abs(ty - y) > radius * 0.6:
                painter.setPen(QPen(QColor(c.muted), 1.5))
                painter.drawLine(QPointF(tx, ty), QPointF(x, y))
                painter.setBrush(QColor(c.muted))
                painter.drawEllipse(QPointF(tx, ty), 3, 3)
        painter.setPen(QPen(QColor(c.muted), 1.5))
        for item in layout.placed:  # each label tied to its dot by a short line
            if item.label is not None:
                x, y = item.centre
                tag = item.label
                near = QPointF(min(max(x, tag.x), tag.right), min(max(y, tag.y), tag.bottom))
                painter.drawLine(QPointF(x, y), near)
        for item in reversed(layout.placed):  # the highest priority on top
            x, y = item.centre
            fill = QColor(c.amber if item.point.attention else c.accent)
            ring = item.point.need_id == self.focus_id
            painter.setPen(QPen(QColor(c.text), 4) if ring else QPen(QColor(c.surface), 2))
            painter.setBrush(fill)
            painter.drawEllipse(QPointF(x, y), radius, radius)
            box = QRectF(x - radius, y - radius, radius * 2, radius * 2)
            painter.setFont(number)
            painter.setPen(QColor(c.accent_text))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), str(item.point.rank))
            if item.label is not None:
                p.draw_lines(painter, [item.label_text], small, _rect(item.label), QColor(c.text))

    def _paint_legend(self, painter: QPainter, layout: ChartLayout) -> None:
        rest = [item for item in layout.placed if item.label is None]
        if not rest:
            return
        c = self.colors
        small, _, _ = self.fonts()
        lh = p.line_height(small)
        box = _rect(layout.legend)
        p.draw_lines(
            painter,
            ["Numbered on the chart"],
            small,
            QRectF(box.left(), 0, box.width(), lh),
            QColor(c.muted),
        )
        room = layout.legend_rows * layout.legend_columns
        shown = rest if len(rest) <= room else rest[: room - 1]
        column_w = box.width() / layout.legend_columns
        number_w = p.text_width(small, "60") + PAD
        for index, item in enumerate(shown):
            col, row = divmod(index, layout.legend_rows)
            x, y = box.left() + col * column_w, lh * 1.5 + row * lh * 1.05
            ink = QColor(c.amber if item.point.attention else c.text)
            p.draw_lines(
                painter,
                [str(item.point.rank)],
                small,
                QRectF(x, y, number_w - PAD / 2, lh),
                QColor(c.accent),
                Qt.AlignmentFlag.AlignRight,
            )
            text = p.fit_lines(item.title, small, column_w - number_w - PAD, 1)
            p.draw_lines(
                painter, text, small, QRectF(x + number_w, y, column_w - number_w - PAD, lh), ink
            )
        if len(shown) < len(rest):
            col, row = divmod(len(shown), layout.legend_rows)
            x, y = box.left() + col * column_w, lh * 1.5 + row * lh * 1.05
            more = f"and {len(rest) - len(shown)} more"
            p.draw_lines(
                painter,
                p.fit_lines(more, small, column_w, 1),
                small,
                QRectF(x, y, column_w, lh),
                QColor(c.muted),
            )


def _rect(box: Box) -> QRectF:
    return QRectF(box.x, box.y, box.w, box.h)
