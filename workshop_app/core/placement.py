"""Where things go on a chart or a table too big for the screen, in plain numbers (no Qt), so
the wall's views (ui/wall/) only measure text and paint, and these rules are tested alone.

- `spread_discs`: dots that would cover each other are pushed apart until none overlaps (a
  room's ratings often put several needs on the same spot).
- `place_labels`: each dot's label beside it where it covers no other label, dot or named area,
  tried in a fixed order of positions; a label that fits nowhere is left out (the wall then
  lists that need by its number in a legend instead).
- `row_window`: which rows of a long table to show so the row the facilitator is on is among
  them, with rows before it for context.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    """A rectangle: left, top, width, height (y grows downwards, as on a screen)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return not (
            self.right + gap <= other.x
            or other.right + gap <= self.x
            or self.bottom + gap <= other.y
            or other.bottom + gap <= self.y
        )

    def inside(self, outer: Box) -> bool:
        return (
            self.x >= outer.x
            and self.y >= outer.y
            and self.right <= outer.right
            and self.bottom <= outer.bottom
        )


def disc_box(x: float, y: float, radius: float) -> Box:
    return Box(x - radius, y - radius, 2 * radius, 2 * radius)


def spread_discs(
    centres: Sequence[tuple[float, float]],
    radius: float,
    bounds: Box,
    *,
    gap: float = 2.0,
    rounds: int = 300,
) -> list[tuple[float, float]]:
    """The centres moved as little as needed so that no two discs of `radius` overlap (when
    `bounds` has room for them all), every disc staying inside `bounds`. Deterministic: discs
    on the very same spot are fanned out by their order."""
    inner = Box(bounds.x + radius, bounds.y + radius, bounds.w - 2 * radius, bounds.h - 2 * radius)

    def clamp(p: tuple[float, float]) -> tuple[float, float]:
        return (
            min(max(p[0], inner.x), max(inner.x, inner.right)),
            min(max(p[1], inner.y), max(inner.y, inner.bottom)),
        )

    points = [clamp(c) for c in centres]
    least = 2 * radius + gap
    for _ in range(rounds):
        moved = False
        for i in range(len(points)):
            for j in range(i + 1, len(points)):
                (x1, y1), (x2, y2) = points[i], points[j]
                dx, dy = x2 - x1, y2 - y1
                distance = math.hypot(dx, dy)
                if distance >= least - 1e-6:
                    continue
                if distance < 1e-6:  # the same spot: fan out by order
                    angle = 2.399963 * j  # the golden angle, so no two directions repeat
                    dx, dy, distance = math.cos(angle), math.sin(angle), 1.0
                push = (least - distance) / 2 + 0.01
                ux, uy = dx / distance, dy / distance
                points[i] = clamp((x1 - ux * push, y1 - uy * push))
                points[j] = clamp((x2 + ux * push, y2 + uy * push))
                moved = True
        if not moved:
            break
    return points


def place_labels(
    anchors: Sequence[tuple[float, float, float]],
    sizes: Sequence[tuple[float, float]],
    bounds: Box,
    obstacles: Sequence[Box] = (),
    *,
    gap: float = 4.0,
) -> list[Box | None]:
    """For each dot (centre x, y and radius), in the order given (most important first), a box
    of its label's size (width, height) beside it, or None where no place is free: inside
    `bounds`, clear of every dot, every obstacle and every label placed before it."""
    dots = [disc_box(x, y, r) for x, y, r in anchors]
    taken: list[Box] = [*obstacles]
    placed: list[Box | None] = []
    for index, ((x, y, r), (w, h)) in enumerate(zip(anchors, sizes, strict=True)):
        found = None
        for box in _candidates(x, y, r + gap, w, h):
            if not box.inside(bounds):
                continue
            if any(box.overlaps(other, gap / 2) for other in taken):
                continue
            if any(box.overlaps(dot) for k, dot in enumerate(dots) if k != index):
                continue
            found = box
            break
        placed.append(found)
        if found is not None:
            taken.append(found)
    return placed


def _candidates(x: float, y: float, d: float, w: float, h: float) -> list[Box]:
    """Right, left, above, below, then the four corners: always touching the dot, so a label
    can never be read as another dot's."""
    c = d * 0.7
    return [
        Box(x + d, y - h / 2, w, h),
        Box(x - d - w, y - h / 2, w, h),
        Box(x - w / 2, y - d - h, w, h),
        Box(x - w / 2, y + d, w, h),
        Box(x + c, y - c - h, w, h),
        Box(x + c, y + c, w, h),
        Box(x - c - w, y - c - h, w, h),
        Box(x - c - w, y + c, w, h),
    ]


def row_window(total: int, fits: int, focus: int) -> tuple[int, int]:
    """The rows [start, end) to show of `total` when `fits` fit, so that row `focus` (-1: none)
    is shown with up to a third of the window before it; the window stays full at the end."""
    fits = max(1, fits)
    if total <= fits:
        return 0, total
    if focus < 0:
        return 0, fits
    start = max(0, min(focus - fits // 3, total - fits))
    return start, start + fits
