"""Vector charts for the summary: value/effort quadrant, need x goal heat map, decisions by kind.

Charts carry only short codes (N1, G2) and fixed English labels; the texts the codes stand for
are set next to them as Paragraphs, where wrapping, escaping and font fallback are handled.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from workshop_app.report import fonts
from workshop_app.report import theme as t


@dataclass(frozen=True)
class QuadrantPoint:
    code: str  # "N1"
    value: float  # 1-10
    effort: float  # 1-10
    attention: bool  # alignment unclear


def _drawing(width: float, height: float) -> Drawing:
    """A Drawing whose text state starts in the bundled font: reportlab's default, Helvetica,
    would otherwise be selected (and referenced unembedded) before each chart is drawn."""
    drawing = Drawing(width, height)
    drawing.initialFontName = fonts.SANS
    return drawing


def value_effort_chart(points: Sequence[QuadrantPoint], size: float = 78 * mm) -> Drawing:
    """Value (up) against effort (right), split at 5.5 into the four named quadrants."""
    pad_left, pad_bottom, pad_top, pad_right = 11 * mm, 15 * mm, 6 * mm, 3 * mm
    width = size + pad_left + pad_right
    height = size + pad_bottom + pad_top
    d = _drawing(width, height)
    x0, y0 = pad_left, pad_bottom

    def sx(effort: float) -> float:
        return x0 + (min(max(effort, 0.5), 10.5) - 0.5) / 10 * size

    def sy(value: float) -> float:
        return y0 + (min(max(value, 0.5), 10.5) - 0.5) / 10 * size

    mid_x, mid_y = sx(5.5), sy(5.5)
    top = y0 + size
    # Quick wins (high value, low effort) get the one tinted background.
    d.add(Rect(x0, mid_y, mid_x - x0, top - mid_y, fillColor=t.ACCENT_LIGHT, strokeColor=None))
    d.add(Rect(mid_x, y0, x0 + size - mid_x, mid_y - y0, fillColor=t.FILL, strokeColor=None))
    d.add(Rect(x0, y0, size, size, fillColor=None, strokeColor=t.RULE, strokeWidth=0.6))
    d.add(Line(mid_x, y0, mid_x, top, strokeColor=t.RULE, strokeWidth=0.6))
    d.add(Line(x0, mid_y, x0 + size, mid_y, strokeColor=t.RULE, strokeWidth=0.6))
    # Quadrant names outside the plot, so no point can hide them.
    above, below = top + 2 * mm, y0 - 4.2 * mm
    d.add(_text((x0 + mid_x) / 2, above, "Quick wins", 7.6, t.ACCENT, "middle", bold=True))
    d.add(_text((mid_x + x0 + size) / 2, above, "Big bets", 7.6, t.MUTED, "middle", bold=True))
    d.add(_text((x0 + mid_x) / 2, below, "Fill-ins", 7.6, t.MUTED, "middle", bold=True))
    d.add(_text((mid_x + x0 + size) / 2, below, "Money pits", 7.6, t.MUTED, "middle", bold=True))
    # Axes.
    axis_y = y0 - 11 * mm
    d.add(_text(x0 + size / 2, axis_y, "Effort  →", 7.2, t.MUTED, "middle"))
    d.add(_text(x0, axis_y, "low", 6.6, t.FAINT, "start"))
    d.add(_text(x0 + size, axis_y, "high", 6.6, t.FAINT, "end"))
    rotated = Group(_text(0, 0, "Value  →", 7.2, t.MUTED, "middle"))
    rotated.translate(4.2 * mm, y0 + size / 2)
    rotated.rotate(90)
    d.add(rotated)
    d.add(_text(x0 - 1.5 * mm, y0, "low", 6.6, t.FAINT, "end"))
    d.add(_text(x0 - 1.5 * mm, top - 6, "high", 6.6, t.FAINT, "end"))
    # Points, nudged apart when several share a spot so every code stays readable.
    radius = 3.4 * mm
    placed: dict[tuple[float, float], int] = {}
    for point in points:
        key = (round(point.value, 1), round(point.effort, 1))
        n = placed.get(key, 0)
        placed[key] = n + 1
        cx, cy = sx(point.effort), sy(point.value)
        if n:
            angle = n * 2 * math.pi / 6
            ring = 2 * radius * (1 + (n - 1) // 6)
            cx, cy = cx + ring * math.cos(angle), cy + ring * math.sin(angle)
        fill = t.AMBER if point.attention else t.ACCENT
        d.add(Circle(cx, cy, radius, fillColor=fill, strokeColor=t.WHITE, strokeWidth=0.8))
        d.add(_text(cx, cy - 2.4, point.code, 6.4, t.WHITE, "middle", bold=True))
    return d


#: Heat map cell fills by link strength (none, weak, moderate, strong); None is the empty fill.
_SHADES: tuple[Color | None, ...] = (None, t.ACCENT_LIGHT, t.ACCENT_MID, t.ACCENT)


@dataclass(frozen=True)
class _Grid:
    """Where the heat map's cells are: columns after the need codes, rows under the header."""

    label_w: float
    score_w: float
    cell_w: float
    cell_h: float
    width: float
    top: float
    goals: int


def _fill(points: int) -> Color:
    return _SHADES[points] or t.FILL


def heat_map(
    need_codes: Sequence[str],
    goal_codes: Sequence[str],
    goal_weights: Sequence[int],
    strengths: Sequence[Sequence[int]],
    scores: Sequence[int],
    unclear: Sequence[bool],
    max_width: float,
) -> Drawing:
    """Needs down, goals across; the darker the cell, the stronger the link. Scores at the end."""
    label_w = 12 * mm
    score_w = 16 * mm
    header_h = 11 * mm
    columns = max(len(goal_codes), 1)
    cell_w = min(15 * mm, (max_width - label_w - score_w) / columns)
    cell_h = 6.4 * mm
    width = label_w + cell_w * columns + score_w
    height = header_h + cell_h * len(need_codes) + 8 * mm
    d = _drawing(width, height)
    grid = _Grid(label_w, score_w, cell_w, cell_h, width, height - header_h, len(goal_codes))
    _heat_map_header(d, grid, goal_codes, goal_weights)
    for i, code in enumerate(need_codes):
        _heat_map_row(d, grid, i, code, strengths[i], scores[i], unclear[i])
    _heat_map_legend(d)
    return d


def _heat_map_header(
    d: Drawing, grid: _Grid, goal_codes: Sequence[str], goal_weights: Sequence[int]
) -> None:
    """Each goal's code and weight over its column, and the score column's title."""
    top = grid.top
    for j, (code, weight) in enumerate(zip(goal_codes, goal_weights, strict=True)):
        cx = grid.label_w + j * grid.cell_w + grid.cell_w / 2
        d.add(_text(cx, top + 5 * mm, code, 7.2, t.INK, "middle", bold=True))
        d.add(_text(cx, top + 1.6 * mm, f"w{weight}", 6.2, t.MUTED, "middle"))
    score_x = grid.width - grid.score_w / 2
    d.add(_text(score_x, top + 5 * mm, "Score", 7.2, t.INK, "middle", bold=True))
    d.add(_text(score_x, top + 1.6 * mm, "of 100", 6.2, t.MUTED, "middle"))


def _heat_map_row(
    d: Drawing,
    grid: _Grid,
    i: int,
    code: str,
    strengths: Sequence[int],
    score: int,
    unclear: bool,
) -> None:
    """One need: its code, a shaded cell per goal (dots count the link), then its score."""
    cell_w, cell_h = grid.cell_w, grid.cell_h
    y = grid.top - (i + 1) * cell_h
    colour = t.AMBER if unclear else t.INK
    d.add(_text(0, y + cell_h / 2 - 2.5, code, 7.2, colour, "start", bold=True))
    for j in range(grid.goals):
        points = strengths[j]
        x = grid.label_w + j * cell_w
        d.add(
            Rect(
                x + 0.5,
                y + 0.5,
                cell_w - 1,
                cell_h - 1,
                fillColor=_fill(points),
                strokeColor=None,
            )
        )
        if points:
            dots = "●" * points
            ink = t.WHITE if points >= 2 else t.ACCENT
            d.add(_text(x + cell_w / 2, y + cell_h / 2 - 2.2, dots, 5.6, ink, "middle"))
    score_x = grid.width - grid.score_w / 2
    d.add(_text(score_x, y + cell_h / 2 - 2.6, str(score), 7.6, colour, "middle", bold=True))


def _heat_map_legend(d: Drawing) -> None:
    """What each shade means, and what amber means, along the bottom."""
    legend_y = 1.2 * mm
    x = 0.0
    for points, label in enumerate(("none", "weak", "moderate", "strong")):
        d.add(
            Rect(
                x,
                legend_y,
                3.2 * mm,
                3.2 * mm,
                fillColor=_fill(points),
                strokeColor=None,
            )
        )
        d.add(_text(x + 4.4 * mm, legend_y + 0.7 * mm, label, 6.6, t.MUTED, "start"))
        x += 4.4 * mm + stringWidth(label, fonts.SANS, 6.6) + 5 * mm
    d.add(_text(x + 2 * mm, legend_y + 0.7 * mm, "amber: alignment unclear", 6.6, t.AMBER, "start"))


def decisions_chart(counts: Sequence[tuple[str, int]], width: float) -> Drawing:
    """One horizontal bar per decision kind, with the count at the end of the bar."""
    label_w = 30 * mm
    bar_h = 4.6 * mm
    gap = 2.6 * mm
    height = len(counts) * (bar_h + gap) + gap
    d = _drawing(width, height)
    most = max((n for _, n in counts), default=0) or 1
    span = width - label_w - 10 * mm
    for i, (label, n) in enumerate(counts):
        y = height - (i + 1) * (bar_h + gap)
        attention = label == "Not decided"
        d.add(_text(label_w - 2.5 * mm, y + 1.3 * mm, label, 7.6, t.TEXT, "end"))
        d.add(Rect(label_w, y, span, bar_h, fillColor=t.FILL, strokeColor=None))
        if n:
            d.add(
                Rect(
                    label_w,
                    y,
                    span * n / most,
                    bar_h,
                    fillColor=t.AMBER if attention else t.ACCENT,
                    strokeColor=None,
                )
            )
        d.add(
            _text(
                label_w + span + 2 * mm,
                y + 1.3 * mm,
                str(n),
                7.6,
                t.AMBER if attention and n else t.INK,
                "start",
                bold=True,
            )
        )
    return d


def signature_drawing(strokes: str, width: float, height: float) -> Drawing | None:
    """A handwritten signature ("x,y x,y;x,y ..." in a 0..1000 box) as vector lines."""
    paths: list[list[tuple[float, float]]] = []
    for stroke in strokes.split(";"):
        path = []
        for pair in stroke.split():
            try:
                xs, ys = pair.split(",")
                px, py = float(xs), float(ys)
            except ValueError:
                continue
            if math.isfinite(px) and math.isfinite(py):
                path.append((min(max(px, 0.0), 1000.0), min(max(py, 0.0), 1000.0)))
        if path:
            paths.append(path)
    if not paths:
        return None
    xs_all = [p[0] for path in paths for p in path]
    ys_all = [p[1] for path in paths for p in path]
    min_x, max_x, min_y, max_y = min(xs_all), max(xs_all), min(ys_all), max(ys_all)
    scale = min(width / max(max_x - min_x, 1.0), height / max(max_y - min_y, 1.0))
    d = _drawing(width, height)
    for path in paths:
        points = [((x - min_x) * scale, height - (y - min_y) * scale) for x, y in path]
        if len(points) == 1:
            points.append((points[0][0] + 0.4, points[0][1]))
        for (ax, ay), (bx, by) in itertools.pairwise(points):
            d.add(Line(ax, ay, bx, by, strokeColor=t.INK, strokeWidth=0.8, strokeLineCap=1))
    return d


def _text(
    x: float,
    y: float,
    text: str,
    size: float,
    colour: Color,
    anchor: str,
    *,
    bold: bool = False,
) -> String:
    return String(
        x,
        y,
        text,
        fontName=fonts.SANS_BOLD if bold else fonts.SANS,
        fontSize=size,
        fillColor=colour,
        textAnchor=anchor,
    )
