"""The Align stage on the wall: the alignment matrix and the value/effort chart, following the
view and the need open on the laptop and every edit, readable at 1080p and 1366×768 with 0, 1,
12 and 60 needs and titles in any script. Screenshots go to /tmp/wall_*.png."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.core.placement import disc_box
from workshop_app.storage.operations import Library
from workshop_app.ui.actions import ActionId
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.align.page import CHART_TAB, PRIORITY_TAB, AlignStage
from workshop_app.ui.wall.chart import ChartWall
from workshop_app.ui.wall.matrix import MatrixWall
from workshop_app.ui.wall.window import StageWall

TITLES = (
    "Quotes go out within a day so reps spend their time selling",
    "تقليل وقت إعداد عروض الأسعار إلى يوم واحد",  # Arabic, right to left
    "見積もりを一日で出せるようにして営業が販売に集中できる",  # Japanese, no spaces
    "Onboarding without paper 📄🚀 — new hires productive in week one",
    "Supercalifragilisticexpialidocious" * 8,  # one very long word
    "<b>R&D</b> keeps its <i>markup</i> as plain text",
)
GOALS = (
    ("Grow recurring revenue in the mid-market segment by a fifth", 5),
    ("Customer satisfaction", 4),
    ("目標: 顧客満足度", 3),
    ("Reduce operating cost 💶", 3),
    ("Compliance with the new data protection rules in every region", 2),
)


def _workshop(needs: int) -> m.Workshop:
    ws = m.Workshop(title="Sales — Q3 alignment", division="Sales")
    ws.goals = [m.StrategicGoal(title, weight=weight) for title, weight in GOALS]
    for n in range(needs):
        request = m.Request(f"Request {n + 1}")
        ws.requests.append(request)
        need = m.Need(
            statement=f"{TITLES[n % len(TITLES)]} ({n + 1})",
            request_ids=[request.id],
            assessment=m.Assessment(value=1 + (n * 7) % 10, effort=1 + (n * 3) % 10),
        )
        if n % 5 == 4:  # several needs on the very same spot
            need.assessment = m.Assessment(value=8, effort=3)
        ws.needs.append(need)
        for k, goal in enumerate(ws.goals):
            strength = list(m.Strength)[(n + k) % 4]
            if n % 7 != 3:  # some needs linked to nothing: alignment unclear
                ws.links.append(m.AlignmentLink(need.id, goal.id, strength))
    return ws


def _wall_on_align(
    qtbot: QtBot, library: Library, tmp_path: Path, needs: int
) -> tuple[MainWindow, AlignStage, StageWall]:
    workshop_id = library.add_workshop(_workshop(needs))
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.go_to_stage("align")
    stage = window.current_stage()
    assert isinstance(stage, AlignStage)
    window.actions_by_id[ActionId.WALL].trigger()
    wall = window.findChild(StageWall)
    assert isinstance(wall, StageWall)
    qtbot.waitExposed(wall)
    assert QApplication.activeWindow() is window  # typing stays on the laptop
    return window, stage, wall


def _at(qtbot: QtBot, wall: StageWall, width: int, height: int) -> None:
    wall.resize(width, height)
    qtbot.waitUntil(lambda: wall.painted is not None and wall.painted.height() > height // 2)
    QApplication.processEvents()


@pytest.mark.parametrize("needs", [0, 1, 12, 60])
def test_the_matrix_on_the_wall_fits_and_shows_the_need_selected_on_the_laptop(
    qtbot: QtBot, library: Library, tmp_path: Path, needs: int
) -> None:
    window, stage, wall = _wall_on_align(qtbot, library, tmp_path, needs)
    for width, height in ((1920, 1080), (1366, 768)):
        _at(qtbot, wall, width, height)
        matrix = wall.painted
        assert isinstance(matrix, MatrixWall)
        assert min(f.pixelSize() for f in matrix.fonts()) >= 24  # readable from the back
        assert matrix.unit == max(24, height // 36)  # 30 px body text at 1080p
        assert len(matrix.data.rows) == needs
        wall.grab().save(f"/tmp/wall_matrix_{needs}_{width}x{height}.png")
        if not needs:
            continue
        g = matrix.geometry_at(matrix.width(), matrix.height())
        assert g.goals_shown >= 3 and g.need_w >= matrix.unit * 12
        start, end = g.rows
        assert g.header_h + (end - start) * g.row_h <= matrix.height()
        if needs <= 12 and width == 1920:
            assert (start, end) == (0, needs)  # a dozen needs: all of them at 1080p
        rows = [r.need_id for r in matrix.data.rows[start:end]]
        assert stage.need_id in rows
    if needs >= 12:  # the facilitator moves to the last need: the wall follows
        last = window.session.workshop.needs[-1].id  # type: ignore[union-attr]
        stage.select_need(last)
        qtbot.waitUntil(lambda: wall.painted is not None and wall.painted.focus_id == last)
        matrix = wall.painted
        assert isinstance(matrix, MatrixWall)
        start, end = matrix.geometry_at(matrix.width(), matrix.height()).rows
        assert end == needs
        wall.grab().save(f"/tmp/wall_matrix_{needs}_last.png")
    wall.close()


def test_the_matrix_follows_an_edit_and_the_chart_tab(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    window, stage, wall = _wall_on_align(qtbot, library, tmp_path, 12)
    session = window.session
    assert session is not None
    need, goal = session.workshop.needs[3], session.workshop.goals[0]
    assert isinstance(wall.painted, MatrixWall)
    assert wall.painted.data.rows[3].strengths[0] == 0
    session.set_strength(need.id, goal.id, m.Strength.STRONG)
    qtbot.waitUntil(
        lambda: isinstance(wall.painted, MatrixWall) and wall.painted.data.rows[3].strengths[0] == 3
    )
    stage.tabs.setCurrentIndex(CHART_TAB)
    qtbot.waitUntil(lambda: isinstance(wall.painted, ChartWall), timeout=3000)
    chart = wall.painted
    assert isinstance(chart, ChartWall)
    session.edit(Kind.NEED, need.id, "statement", "Payroll runs itself")
    qtbot.waitUntil(lambda: "Payroll runs itself" in chart.titles.values())
    stage.tabs.setCurrentIndex(PRIORITY_TAB)  # the ranking as lines
    qtbot.waitUntil(lambda: wall.painted is None and wall.shown is not None, timeout=3000)
    wall.close()


@pytest.mark.parametrize("needs", [0, 1, 12, 60])
def test_the_chart_on_the_wall_names_the_quadrants_and_no_label_covers_another(
    qtbot: QtBot, library: Library, tmp_path: Path, needs: int
) -> None:
    _window, stage, wall = _wall_on_align(qtbot, library, tmp_path, needs)
    stage.tabs.setCurrentIndex(CHART_TAB)
    qtbot.waitUntil(lambda: isinstance(wall.painted, ChartWall), timeout=3000)
    for width, height in ((1920, 1080), (1366, 768)):
        _at(qtbot, wall, width, height)
        chart = wall.painted
        assert isinstance(chart, ChartWall)
        assert min(f.pixelSize() for f in chart.fonts()) >= 24
        assert chart.unit == max(24, height // 36)
        wall.grab().save(f"/tmp/wall_chart_{needs}_{width}x{height}.png")
        layout = chart.chart_layout()
        assert len(layout.placed) == needs
        radius = chart.radius()
        dots = [disc_box(*item.centre, radius) for item in layout.placed]
        labels = [item.label for item in layout.placed if item.label is not None]
        for k, item in enumerate(layout.placed):  # a label touches its own dot, covers no other
            if item.label is None:
                continue
            box, (x, y) = item.label, item.centre
            nearest = (min(max(x, box.x), box.right), min(max(y, box.y), box.bottom))
            assert math.dist(nearest, (x, y)) >= radius
            assert not any(box.overlaps(dot) for j, dot in enumerate(dots) if j != k)
        for dot in dots:
            assert dot.inside(layout.plot)
            assert not any(dot.overlaps(name) for name in layout.names)
        for a, b in itertools.combinations(layout.placed, 2):
            assert math.dist(a.centre, b.centre) >= 2 * radius - 0.5
        for a, b in itertools.combinations([*labels, *layout.names], 2):
            assert not a.overlaps(b)
        for label in labels:
            assert label.inside(layout.plot)
        in_legend = needs - len(labels)
        assert in_legend <= layout.legend_rows * layout.legend_columns or needs == 60
        if needs == 1:
            assert len(labels) == 1  # one need: labelled beside its dot
    wall.close()


def test_the_wall_views_in_the_dark_theme(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert app is not None
    app.setProperty("themeDark", True)
    try:
        _window, stage, wall = _wall_on_align(qtbot, library, tmp_path, 12)
        for tab, name in ((0, "matrix"), (CHART_TAB, "chart")):
            stage.tabs.setCurrentIndex(tab)
            kind = MatrixWall if name == "matrix" else ChartWall
            qtbot.waitUntil(lambda kind=kind: isinstance(wall.painted, kind), timeout=3000)
            _at(qtbot, wall, 1920, 1080)
            image = wall.grab().toImage()
            image.save(f"/tmp/wall_{name}_12_dark.png")
            assert image.pixelColor(8, 8).lightness() < 80  # a dark wall, not a white one
        wall.close()
    finally:
        app.setProperty("themeDark", False)
