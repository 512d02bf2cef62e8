"""The alignment matrix sizes its rows itself (its rows' header does not measure them on every
layout pass) and measures its text cells without its delegate: each row must still be as tall as
Qt's own measure of its cells (`QTableView.sizeHintForRow`, within the matrix's most lines), and
follow what changes it: the texts, the columns' widths, the font."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from tests.ui.helpers import CELL_TEXTS as TEXTS
from tests.ui.helpers import assert_rows_as_tall_as, make_window
from workshop_app.core import model as m
from workshop_app.storage.operations import Library
from workshop_app.ui.stages.align.matrix import MatrixView
from workshop_app.ui.stages.align.page import AlignStage


def _expected(view: MatrixView, row: int) -> int:
    """Qt's measure of every cell of the row, within the most a row takes, and at least the
    height the rows' header asks for."""
    metrics = view.fontMetrics()
    most = max(view.title_lines * metrics.lineSpacing() + 20, metrics.height() * 2)
    least = view.verticalHeader().sectionSizeHint(row)
    return max(min(QTableView.sizeHintForRow(view, row), most), least)


def _check(view: MatrixView) -> None:
    assert_rows_as_tall_as(view, lambda row: _expected(view, row))


def test_matrix_rows_are_as_tall_as_qt_measures_their_cells(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = library.create_workshop("Rows")
    library.set_field("workshop", workshop_id, "it_phase", "run")
    goals = [
        library.add_item(workshop_id, "goal", {"title": "Grow revenue", "weight": 5}),
        library.add_item(workshop_id, "goal", {"title": "Cut cost", "weight": 3}),
    ]
    needs = []
    for number, text in enumerate(TEXTS):
        phase = "innovate" if number % 2 else "run"
        request = library.add_item(workshop_id, "request", {"text": text, "phase": phase})
        needs.append(
            library.add_item(workshop_id, "need", {"request_ids": [request], "statement": text})
        )
    library.set_strength(needs[0], goals[0], "strong")
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.go_to_stage("align")
    stage = window.current_stage()
    assert isinstance(stage, AlignStage)
    view = stage.matrix
    qtbot.waitUntil(lambda: not view._relayout.isActive())
    _check(view)

    # A link set: the row's score and its "⚠" change, and so may its height.
    before = view.rowHeight(2)
    assert stage.session is not None
    stage.session.set_strength(needs[2], goals[1], m.Strength.STRONG)
    QApplication.processEvents()
    assert not view.model().index(2, 0).data().startswith("⚠")
    _check(view)
    assert view.rowHeight(2) <= before

    # A narrower window: the need column narrows and its texts wrap onto more lines.
    window.resize(760, window.height())
    qtbot.waitUntil(lambda: not view._relayout.isActive())
    QApplication.processEvents()
    _check(view)

    # Larger text in the matrix: every row is measured again.
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    view.setFont(font)
    QApplication.processEvents()
    QApplication.processEvents()
    _check(view)
