"""The item tables size their rows themselves (`ItemTableView.fit_rows`), not through their rows'
header on every layout pass: each row of the Requests table must still be as tall as Qt's own
measure of its cells (`QTableView.sizeHintForRow`, at least the header's least height), and follow
what changes it: a request's text, one added, the columns' widths, larger text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from tests.ui.helpers import CELL_TEXTS as TEXTS
from tests.ui.helpers import assert_rows_as_tall_as, make_window
from workshop_app.core.kind import Kind
from workshop_app.storage.operations import Library
from workshop_app.ui.stages.requests.page import RequestsStage
from workshop_app.ui.widgets.item_table import ItemTableView


def _expected(view: QTableView, row: int) -> int:
    return max(QTableView.sizeHintForRow(view, row), view.verticalHeader().sectionSizeHint(row))


def _check(view: ItemTableView) -> None:
    QApplication.processEvents()
    QApplication.processEvents()
    assert not view._refit.isActive()
    assert_rows_as_tall_as(view, lambda row: _expected(view, row))


def test_request_rows_are_as_tall_as_qt_measures_their_cells(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = library.create_workshop("Rows")
    for number, text in enumerate(TEXTS * 3):
        library.add_item(
            workshop_id, "request", {"text": text, "requested_by": "Ana" * (number % 3)}
        )
    window = make_window(qtbot, library, tmp_path)
    window.resize(1366, 768)
    window.open_workshop(workshop_id)
    window.go_to_stage("requests")
    stage = window.current_stage()
    assert isinstance(stage, RequestsStage)
    view = stage.table
    assert isinstance(view, ItemTableView)
    _check(view)
    heights = [view.rowHeight(row) for row in range(view.model().rowCount())]
    assert len(set(heights)) > 2  # rows of one line and of several

    # A request's text made much longer: its row grows.
    assert stage.session is not None
    before = view.rowHeight(6)
    request = stage.model.items[6]
    longer = "Now a much longer request that wraps onto more lines " * 8
    stage.session.edit(Kind.REQUEST, request.id, "text", longer)
    _check(view)
    assert view.rowHeight(6) > before

    # One added at the end, as the capture field adds it.
    stage.capture.setText("Quotes out within a day " * 10)
    stage.add_request()
    _check(view)

    # A narrower window: the request column narrows and its texts wrap onto more lines.
    window.resize(800, window.height())
    _check(view)

    # Larger text: every row is measured again.
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    view.setFont(font)
    _check(view)
