"""The wall's layout rules (core/placement.py): dots never cover each other, labels never
cover a dot, a named area or each other, and a long table shows the row being discussed."""

from __future__ import annotations

import itertools
import math

from workshop_app.core.placement import Box, place_labels, row_window, spread_discs

PLOT = Box(0, 0, 900, 700)


def _no_overlap(centres: list[tuple[float, float]], radius: float) -> bool:
    return all(
        math.hypot(a[0] - b[0], a[1] - b[1]) >= 2 * radius - 1e-6
        for a, b in itertools.combinations(centres, 2)
    )


def test_sixty_dots_on_one_spot_are_spread_apart_and_stay_on_the_chart() -> None:
    spread = spread_discs([(450, 350)] * 60, 20, PLOT)
    assert _no_overlap(spread, 20)
    assert all(20 <= x <= 880 and 20 <= y <= 680 for x, y in spread)
    assert spread == spread_discs([(450, 350)] * 60, 20, PLOT)  # the same every time


def test_dots_in_a_corner_are_pushed_inwards_not_off_the_chart() -> None:
    spread = spread_discs([(0, 0), (1, 1), (900, 700), (899, 699), (899, 700)], 25, PLOT)
    assert _no_overlap(spread, 25)
    assert all(25 <= x <= 875 and 25 <= y <= 675 for x, y in spread)


def test_dots_apart_already_do_not_move() -> None:
    centres = [(100.0, 100.0), (300.0, 300.0), (600.0, 200.0)]
    assert spread_discs(centres, 20, PLOT) == centres


def test_no_dots_and_one_dot() -> None:
    assert spread_discs([], 20, PLOT) == []
    assert spread_discs([(450, 350)], 20, PLOT) == [(450, 350)]
    assert place_labels([], [], PLOT) == []
    (only,) = place_labels([(450, 350, 20)], [(200, 30)], PLOT)
    assert only is not None and only.x > 450  # to the right of its dot first


def test_labels_cover_no_dot_no_obstacle_and_no_other_label() -> None:
    radius = 18
    centres = spread_discs(
        [(100 + (i % 10) * 70, 100 + (i // 10) * 90) for i in range(60)], radius, PLOT
    )
    anchors = [(x, y, radius) for x, y in centres]
    names = [Box(0, 0, 250, 40), Box(650, 0, 250, 40)]
    boxes = place_labels(anchors, [(160, 28)] * 60, PLOT, names)
    placed = [b for b in boxes if b is not None]
    assert placed, "some labels fit"
    assert len(placed) < 60, "not all: the rest go to the legend"
    for box in placed:
        assert box.inside(PLOT)
        assert not any(box.overlaps(name) for name in names)
        assert not any(
            box.overlaps(Box(x - radius, y - radius, 2 * radius, 2 * radius)) for x, y in centres
        )
    for a, b in itertools.combinations(placed, 2):
        assert not a.overlaps(b)


def test_a_label_wider_than_the_chart_is_left_for_the_legend() -> None:
    assert place_labels([(450, 350, 20)], [(2000, 30)], PLOT) == [None]


def test_the_row_being_discussed_is_in_the_window() -> None:
    assert row_window(0, 20, -1) == (0, 0)
    assert row_window(1, 20, 0) == (0, 1)
    assert row_window(60, 20, -1) == (0, 20)
    assert row_window(60, 20, 0) == (0, 20)
    start, end = row_window(60, 20, 30)
    assert start <= 30 < end and end - start == 20 and 30 - start == 6
    assert row_window(60, 20, 59) == (40, 60)
    assert row_window(60, 0, 10) == (10, 11)
    for focus in range(60):
        start, end = row_window(60, 17, focus)
        assert start <= focus < end and end - start == 17
