"""The shared pieces that let a screen reflow on a small window with larger text (issue 11):
rows of buttons that go under their title, cells that go two by two, table headers that shorten,
goal titles that end in "…" rather than break mid-word."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from tests.ui.layout_checks import layout_problems
from workshop_app.storage.operations import Library
from workshop_app.ui.screenshots import theme_restored
from workshop_app.ui.stages.align.matrix import pixel_wrap
from workshop_app.ui.theme import apply_theme
from workshop_app.ui.widgets.header_row import HeaderRow
from workshop_app.ui.widgets.reflow_grid import ReflowGrid


def _holder(qtbot: QtBot, child: QWidget, width: int) -> QWidget:
    holder = QWidget()
    qtbot.addWidget(holder)
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(child)
    column.addStretch(1)
    holder.resize(width, 400)
    holder.show()
    return holder


def test_buttons_go_under_the_title_when_they_would_squeeze_it_and_come_back(
    qtbot: QtBot,
) -> None:
    title = QWidget()
    QVBoxLayout(title).addWidget(QLabel("Workshops: open one, start one, compare them all"))
    buttons = [QPushButton("New from template"), QPushButton("New workshop")]
    row = HeaderRow(title, list(buttons))
    holder = _holder(qtbot, row, 1200)
    qtbot.waitUntil(lambda: row.stacked is False)
    assert buttons[0].geometry().top() == buttons[1].geometry().top()
    assert row.bar.x() > title.x() + title.width() - 1  # at the right of the title
    holder.resize(420, 400)
    qtbot.waitUntil(lambda: row.stacked is True)
    QApplication.processEvents()
    assert row.bar.y() >= title.y() + title.height()  # under it
    for button in buttons:
        assert button.width() >= button.sizeHint().width()
        assert row.rect().contains(button.geometry().translated(row.bar.pos()))
    holder.resize(1200, 400)
    qtbot.waitUntil(lambda: row.stacked is False)


def test_cells_go_two_by_two_then_one_under_another(qtbot: QtBot) -> None:
    cells = [QLabel(f"Choice {n} with a line of explanation") for n in range(4)]
    grid = ReflowGrid(list[QWidget](cells))
    letter = grid.fontMetrics().horizontalAdvance("M")
    width = grid.cell_width()
    assert width >= 9 * letter
    assert grid.columns_for(4 * width + 3 * 24) == 4
    assert grid.columns_for(4 * width) == 2
    assert grid.columns_for(width + 10) == 1
    holder = _holder(qtbot, grid, 4 * width + 3 * 24 + 10)
    qtbot.waitUntil(lambda: grid.columns == 4)
    holder.resize(2 * width + 40, 400)
    qtbot.waitUntil(lambda: grid.columns == 2)
    QApplication.processEvents()
    assert cells[2].y() > cells[0].y() and cells[1].y() == cells[0].y()  # across, then down


def test_a_goal_title_word_too_long_is_shortened_not_cut_in_pieces() -> None:
    font = QFont()
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance("Hold opera")
    lines = pixel_wrap("Hold operating cost flat while growing", metrics, width, 2)
    assert len(lines) == 2
    assert all(metrics.horizontalAdvance(line) <= width for line in lines)
    assert lines[0] == "Hold"
    assert lines[1].endswith("…") and lines[1].startswith("oper")
    assert "operating" not in "".join(lines)  # never "operatin" / "g"
    assert pixel_wrap("Faster quote-to-cash", metrics, width, 3)[1].startswith("quote-")


def test_library_headers_shorten_then_columns_step_aside_then_come_back(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.0)
        window = make_window(qtbot, library, tmp_path)
        window.resize(1366, 768)
        window.open_workshop(demo_id)  # the stages' navigator takes its share of the width
        window.show_library()
        table = window.library_page.table
        header = table.horizontalHeader()
        model = table.model()

        def titles() -> list[str]:
            return [
                str(model.headerData(c, Qt.Orientation.Horizontal))
                for c in range(model.columnCount())
                if not header.isSectionHidden(c)
            ]

        qtbot.waitUntil(lambda: "Last changed" in titles())
        assert "Revision" in titles() and "Requests" in titles()
        window.resize(1024, 640)
        apply_theme(app, "light", 1.25)
        qtbot.waitUntil(lambda: "Changed" in titles())
        changed = titles().index("Changed")
        column = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)][changed]
        assert model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
            "Last changed"
        )
        apply_theme(app, "light", 1.5)
        qtbot.waitUntil(lambda: "Rev." not in titles() and "Revision" not in titles())
        assert titles()[:2] == ["Workshop", "Division"]
        assert layout_problems(table) == []
        apply_theme(app, "light", 1.0)
        window.resize(1366, 768)
        qtbot.waitUntil(lambda: "Revision" in titles() and "Last changed" in titles())


def test_setup_details_go_into_one_column_on_a_narrow_page_with_larger_text(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """Regression: at 1024×640 with text at 1.5× Setup's fields shrank to a dozen letters and
    showed the end of the title ("ent with Sales and People")."""
    from workshop_app.ui.stages.setup.page import SetupStage
    from workshop_app.ui.widgets.form_columns import FormColumns

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.0)
        window = make_window(qtbot, library, tmp_path)
        window.resize(1366, 768)
        window.open_workshop(demo_id)
        window.go_to_stage("setup")
        stage = window.current_stage()
        assert isinstance(stage, SetupStage)
        form = stage.findChild(FormColumns)
        assert form is not None
        qtbot.waitUntil(lambda: form.columns == 2)

        def top(widget: QWidget) -> int:
            return widget.mapTo(stage, widget.rect().topLeft()).y()

        assert top(stage.date_edit) == top(stage.title_edit)  # side by side
        apply_theme(app, "light", 1.5)
        window.resize(1024, 640)
        qtbot.waitUntil(lambda: form.columns == 1)
        QApplication.processEvents()
        title = stage.title_edit
        assert title.fontMetrics().horizontalAdvance(title.text()) < title.width()
        order = [stage.title_edit, stage.division_edit, stage.company_edit, stage.date_edit]
        assert [top(w) for w in order] == sorted({top(w) for w in order})  # one under another
        apply_theme(app, "light", 1.0)
        window.resize(1366, 768)
        qtbot.waitUntil(lambda: form.columns == 2)
