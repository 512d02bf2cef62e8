"""The item tables size each row as Qt's own `QTableView.sizeHintForRow` does, though they work it
out from cells already measured and remember it while nothing changes."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.ui.widgets.item_table import Column, ItemTableModel, make_table


def _requests() -> list[m.Request]:
    texts = ["", "Short", "A CRM that talks to quoting " * 12, "x" * 300, "Two\nlines"]
    return [
        m.Request(text, requested_by="Ana" if i % 2 else "", urgency=m.Urgency.HIGH if i else None)
        for i, text in enumerate(texts * 3)
    ]


def test_rows_are_as_tall_as_qt_measures_them(qapp: QApplication, qtbot: QtBot) -> None:
    model = ItemTableModel(
        Kind.REQUEST,
        [
            Column("Request", "text", stretch=True),
            Column("Asked by", "requested_by"),
            Column("Urgency", "urgency", enum=m.Urgency),
        ],
    )
    view = make_table(model, "Requests")
    qtbot.addWidget(view)
    model.set_items(_requests())
    for width in (900, 420):
        view.resize(width, 500)
        view.show()
        qapp.processEvents()
        for row in range(model.rowCount()):
            assert view.sizeHintForRow(row) == QTableView.sizeHintForRow(view, row)
            assert view.sizeHintForRow(row) == QTableView.sizeHintForRow(view, row)  # remembered
    items = _requests()
    items[1].text = "Now a much longer request that wraps onto more lines " * 6
    model.set_items(items)
    view.setColumnHidden(1, True)
    qapp.processEvents()
    for row in range(model.rowCount()):
        assert view.sizeHintForRow(row) == QTableView.sizeHintForRow(view, row)
    assert view.rowHeight(1) == QTableView.sizeHintForRow(view, 1)


def test_the_scroll_bar_shows_from_the_start_only_when_the_rows_cannot_fit(
    qapp: QApplication, qtbot: QtBot
) -> None:
    model = ItemTableModel(Kind.REQUEST, [Column("Request", "text", stretch=True)])
    view = make_table(model, "Requests")
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    model.set_items([m.Request("One"), m.Request("Two")])
    qapp.processEvents()
    assert not view.verticalScrollBar().isVisible()
    model.set_items([m.Request(f"Request {i}") for i in range(200)])
    qapp.processEvents()
    assert view.verticalScrollBar().isVisible()
    model.set_items([m.Request("Only one")])
    qtbot.waitUntil(lambda: not view.verticalScrollBar().isVisible())


def test_a_view_forgets_its_font_key_when_its_font_changes(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication

    from workshop_app.ui.widgets.item_table import ItemTableView

    view = ItemTableView()
    qtbot.addWidget(view)
    first = view.font_key()
    assert first == view.font().key()
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)
    assert view.font_key() == view.font().key() != first

    inheriting = ItemTableView()  # the application's font, as the window's views have it
    qtbot.addWidget(inheriting)
    app_font = QApplication.font()
    assert inheriting.font_key() == app_font.key()
    bigger = QApplication.font()
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5)
    try:
        QApplication.setFont(bigger)
        qtbot.waitUntil(lambda: inheriting.font().key() == bigger.key())
        assert inheriting.font_key() == bigger.key()
    finally:
        QApplication.setFont(app_font)
    qtbot.waitUntil(lambda: inheriting.font().key() == app_font.key())
    assert inheriting.font_key() == app_font.key()
