"""The value/effort chart: four named quadrants and each need as a numbered, labelled dot.

Drawn with QPainter (no chart library): value up, effort across, split at the middle of the 1–10
scales as the scoring module does. Dots carry the need's rank; amber marks alignment unclear.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.scoring import Quadrant, need_quadrant
from workshop_app.core.titles import need_title
from workshop_app.ui.stages.align.logic import (
    QUADRANT_HINTS,
    ChartPoint,
    chart_points,
    format_number,
)
from workshop_app.ui.widgets.color import color
from workshop_app.ui.widgets.labels import muted_label
from workshop_app.ui.widgets.row_delegate import (
    MARK_ROLE,
    MARKED_LOOK,
    STATUS_ROLE,
    Mark,
    RowDelegate,
)
from workshop_app.ui.widgets.text import one_line, tooltip

SPLIT = 5.5  # the midpoint of 1..10, where scoring.quadrant splits

QUADRANT_NAMES = {
    Quadrant.QUICK_WIN: "Quick wins",
    Quadrant.BIG_BET: "Big bets",
    Quadrant.FILL_IN: "Fill-ins",
    Quadrant.MONEY_PIT: "Money pits",
}


#: Where each quadrant's name is written.
QUADRANT_CORNERS = (
    (Quadrant.QUICK_WIN, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
    (Quadrant.BIG_BET, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
    (Quadrant.FILL_IN, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
    (Quadrant.MONEY_PIT, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
)


class ValueEffortChart(QWidget):
    need_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("valueEffortChart")
        self.setAccessibleName("Value and effort chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)
        self.points: list[ChartPoint] = []
        self.labels: dict[str, str] = {}
        self.selected = ""

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        return QSize(fm.height() * 30, fm.height() * 20)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, 260)

    def set_points(self, points: list[ChartPoint], labels: dict[str, str], selected: str) -> None:
        self.points, self.labels, self.selected = points, labels, selected
        described = "; ".join(
            f"{p.rank}: {one_line(labels.get(p.need_id, ''), 60)}, {p.quadrant.label}"
            for p in points
        )
        self.setAccessibleDescription(described or "No needs to place yet")
        self.update()

    def set_selected(self, need_id: str) -> None:
        if need_id != self.selected:
            self.selected = need_id
            self.update()

    # -- geometry ----------------------------------------------------------------------------
    def _plot(self) -> QRectF:
        fm = QFontMetrics(self.font())
        left = fm.height() * 2 + 4
        bottom = fm.height() * 2 + 4
        return QRectF(left, 8, self.width() - left - 8, self.height() - bottom - 8)

    def _at(self, plot: QRectF, effort: float, value: float) -> QPointF:
        """Where a 1-10 value sits; dots stay clear of the edges and the quadrant names."""
        inset_x = self._radius() + 6
        inset_y = self._radius() + QFontMetrics(self.font()).height() + 6
        inner = plot.adjusted(inset_x, inset_y, -inset_x, -inset_y)
        x = inner.left() + (effort - 1) / 9 * inner.width()
        y = inner.bottom() - (value - 1) / 9 * inner.height()
        return QPointF(x, y)

    def centre_of(self, point: ChartPoint) -> QPointF:
        """Where a need's dot is drawn, in the chart's own coordinates."""
        return self._at(self._plot(), point.x, point.y)

    def _radius(self) -> float:
        return max(10.0, QFontMetrics(self.font()).height() * 0.7)

    def _point_at(self, position: QPointF) -> ChartPoint | None:
        plot = self._plot()
        radius = self._radius()
        for point in reversed(self.points):
            centre = self._at(plot, point.x, point.y)
            if (centre - position).manhattanLength() <= radius * 1.4:
                return point
        return None

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self._plot()
        self._paint_quadrants(painter, plot)
        self._paint_axes(painter, plot)
        if not self.points:
            painter.setPen(color("muted"))
            painter.drawText(
                plot,
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                "Needs appear here once they are found",
            )
        else:
            self._paint_points(painter, plot)
        painter.end()

    def _bold_font(self) -> QFont:
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        return bold

    def _paint_quadrants(self, painter: QPainter, plot: QRectF) -> None:
        """The plot's frame, the dashed quadrant boundaries and each quadrant's name."""
        border = color("border")
        painter.setPen(QPen(border, 1))
        painter.setBrush(color("surface"))
        painter.drawRoundedRect(plot, 6, 6)
        middle = self._at(plot, SPLIT, SPLIT)  # the quadrant boundary, on the same scale
        dashed = QPen(border, 1, Qt.PenStyle.DashLine)
        painter.setPen(dashed)
        painter.drawLine(QPointF(middle.x(), plot.top()), QPointF(middle.x(), plot.bottom()))
        painter.drawLine(QPointF(plot.left(), middle.y()), QPointF(plot.right(), middle.y()))

        painter.setFont(self._bold_font())
        painter.setPen(color("muted"))
        pad = 8.0
        inner = plot.adjusted(pad, pad / 2, -pad, -pad / 2)
        for quadrant, align in QUADRANT_CORNERS:
            painter.drawText(inner, int(align), QUADRANT_NAMES[quadrant])

    def _paint_axes(self, painter: QPainter, plot: QRectF) -> None:
        """Effort along the bottom (small to large), value up the left side (low to high)."""
        painter.setFont(self.font())
        fm = QFontMetrics(self.font())
        painter.setPen(color("muted"))
        axis_y = plot.bottom() + 4
        painter.drawText(
            QRectF(plot.left(), axis_y, plot.width(), fm.height() + 4),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
            "Effort  →",
        )
        painter.drawText(
            QRectF(plot.left(), axis_y, plot.width(), fm.height() + 4),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            "small",
        )
        painter.drawText(
            QRectF(plot.left(), axis_y, plot.width(), fm.height() + 4),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
            "large",
        )
        painter.save()
        painter.translate(plot.left() - 6, plot.bottom())
        painter.rotate(-90)
        vertical = QRectF(0, -fm.height() - 2, plot.height(), fm.height() + 2)
        painter.drawText(vertical, int(Qt.AlignmentFlag.AlignHCenter), "Value  →")
        painter.drawText(vertical, int(Qt.AlignmentFlag.AlignLeft), "low")
        painter.drawText(vertical, int(Qt.AlignmentFlag.AlignRight), "high")
        painter.restore()

    def _paint_points(self, painter: QPainter, plot: QRectF) -> None:
        """A numbered disc per need (the selected one ringed), then the labels beside them."""
        text, bold = color("text"), self._bold_font()
        radius = self._radius()
        small = self._label_font()
        small_fm = QFontMetrics(small)
        ordered = sorted(self.points, key=lambda p: p.need_id == self.selected)
        centres = {p.need_id: self._at(plot, p.x, p.y) for p in ordered}
        for point in ordered:
            centre = centres[point.need_id]
            fill = color("amber") if point.attention else color("accent")
            if point.need_id == self.selected:
                painter.setPen(QPen(text, 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(centre, radius + 4, radius + 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawEllipse(centre, radius, radius)
            painter.setPen(color("surface") if point.attention else color("accent_text"))
            painter.setFont(bold)
            painter.drawText(
                QRectF(centre.x() - radius, centre.y() - radius, radius * 2, radius * 2),
                int(Qt.AlignmentFlag.AlignCenter),
                str(point.rank),
            )
        painter.setFont(small)
        painter.setPen(text)
        for _point, spot, label in self.label_places():
            painter.drawText(
                spot,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                small_fm.elidedText(label, Qt.TextElideMode.ElideRight, int(spot.width())),
            )

    def _label_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
        return small

    def _quadrant_names(self, plot: QRectF) -> list[QRectF]:
        """Where the four quadrant names are written (labels keep clear of them)."""
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(bold)
        inner = plot.adjusted(8, 4, -8, -4).toRect()
        return [
            QRectF(metrics.boundingRect(inner, int(align), QUADRANT_NAMES[quadrant]))
            for quadrant, align in QUADRANT_CORNERS
        ]

    def label_places(self) -> list[tuple[ChartPoint, QRectF, str]]:
        """Each labelled dot with where its label goes: beside, above or below it, clear of every
        dot, name and other label, and nearer its own dot than any other (else left out: the
        number in the dot and the ranking still name it)."""
        plot = self._plot()
        radius = self._radius()
        metrics = QFontMetrics(self._label_font())
        ordered = sorted(self.points, key=lambda p: p.need_id == self.selected)
        centres = {p.need_id: self._at(plot, p.x, p.y) for p in ordered}
        taken = [
            QRectF(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius) for c in centres.values()
        ]
        taken += self._quadrant_names(plot)
        places = []
        for point in ordered:
            label = one_line(self.labels.get(point.need_id, ""), 40)
            centre = centres[point.need_id]
            others = [c for need_id, c in centres.items() if need_id != point.need_id]
            spot = _label_spot(
                centre, radius, metrics, label, plot.adjusted(2, 2, -2, -2), taken, others
            )
            if spot is not None:
                taken.append(spot)
                places.append((point, spot, label))
        return places

    # -- interaction -------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = self._point_at(event.position())
        if point is not None:
            self.need_clicked.emit(point.need_id)
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self._point_at(QPointF(event.pos()))
            if point is None:
                QToolTip.hideText()
            else:
                from html import escape

                label = one_line(self.labels.get(point.need_id, ""), 120)
                text = (
                    f"<qt><b>{point.rank}. {escape(label)}"
                    f"</b><br>Value {format_number(point.value)} · effort "
                    f"{format_number(point.effort)}<br>{point.quadrant.label}: "
                    f"{QUADRANT_HINTS[point.quadrant]}</qt>"
                )
                QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)


def _label_spot(
    centre: QPointF,
    radius: float,
    fm: QFontMetrics,
    label: str,
    bounds: QRectF,
    taken: list[QRectF],
    others: list[QPointF],
) -> QRectF | None:
    """A free place for a dot's label: right of it, left, above or below; shortened if needed.
    Never nearer another dot than its own, where it would read as that dot's label."""
    height = fm.height()
    for width in (fm.horizontalAdvance(label) + 4, min(fm.horizontalAdvance(label) + 4, 160)):
        candidates = (
            QRectF(centre.x() + radius + 10, centre.y() - height / 2, width, height),
            QRectF(centre.x() - radius - 10 - width, centre.y() - height / 2, width, height),
            QRectF(centre.x() - width / 2, centre.y() - radius - 4 - height, width, height),
            QRectF(centre.x() - width / 2, centre.y() + radius + 4, width, height),
        )
        for spot in candidates:
            if bounds.contains(spot) and not any(spot.intersects(other) for other in taken):
                own = _distance(spot, centre)
                if all(own < _distance(spot, other) for other in others):
                    return spot
    return None


def _distance(rect: QRectF, point: QPointF) -> float:
    """From a point to the nearest edge of a rectangle (0 inside it)."""
    dx = max(rect.left() - point.x(), 0.0, point.x() - rect.right())
    dy = max(rect.top() - point.y(), 0.0, point.y() - rect.bottom())
    return float((dx * dx + dy * dy) ** 0.5)


class ChartPage(QWidget):
    """The chart, large, beside the needs in rank order (the numbers on the dots)."""

    need_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 12, 0, 0)
        row.setSpacing(24)
        self.chart = ValueEffortChart()
        self.chart.need_clicked.connect(self.need_chosen)
        row.addWidget(self.chart, 1)
        side = QWidget()
        side.setFixedWidth(320)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        caption = QLabel("Ranked needs")
        caption.setObjectName("fieldLabel")
        column.addWidget(caption)
        self.legend = QListWidget()
        self.legend.setObjectName("chartLegend")
        self.legend.setAccessibleName("Needs on the chart, by rank")
        self.legend.setItemDelegate(RowDelegate(MARKED_LOOK, self.legend))
        self.legend.setUniformItemSizes(True)
        self.legend.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.legend.currentRowChanged.connect(self._on_row)
        column.addWidget(self.legend, 1)
        self.quadrant_hint = muted_label(wrap=True)
        self.quadrant_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        column.addWidget(self.quadrant_hint)
        row.addWidget(side)
        self.need_ids: list[str] = []

    def show_workshop(self, workshop: m.Workshop, selected: str) -> None:
        labels = {need.id: need_title(workshop, need, 60) for need in workshop.needs}
        points = chart_points(workshop)
        self.chart.set_points(points, labels, selected)
        self.legend.blockSignals(True)
        self.legend.clear()
        self.need_ids = [point.need_id for point in points]
        for point in points:
            item = QListWidgetItem(one_line(labels[point.need_id], 200))
            item.setData(
                STATUS_ROLE,
                f"{point.quadrant.label} · value {format_number(point.value)} · effort "
                f"{format_number(point.effort)}"
                + (" · ⚠ alignment unclear" if point.attention else ""),
            )
            tone = "amber" if point.attention else "accent"
            item.setData(MARK_ROLE, Mark("badge", tone, str(point.rank)))
            item.setToolTip(tooltip(labels[point.need_id]))
            self.legend.addItem(item)
        self.legend.blockSignals(False)

    def show_need(self, workshop: m.Workshop, need: m.Need) -> None:
        self.chart.set_selected(need.id)
        if need.id in self.need_ids:
            row = self.need_ids.index(need.id)
            if self.legend.currentRow() != row:
                self.legend.blockSignals(True)
                self.legend.setCurrentRow(row)
                self.legend.blockSignals(False)
        quadrant = need_quadrant(workshop, need)
        self.quadrant_hint.setText(
            f"{one_line(need_title(workshop, need, 60), 60)}: {quadrant.label.lower()}, "
            f"{QUADRANT_HINTS[quadrant]}."
        )

    def _on_row(self, row: int) -> None:
        if 0 <= row < len(self.need_ids):
            self.need_chosen.emit(self.need_ids[row])
