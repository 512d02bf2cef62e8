"""A viewer's window: a library file nobody may write (chmod) opens read-only, says so in a
banner, and offers no way to change anything — menus, shortcuts, the palette, every stage —
while reading, the portfolio and export still work. The command line refuses the same way."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.ui.helpers import make_window, press
from workshop_app.cli import main
from workshop_app.core.demo import demo_workshop
from workshop_app.storage.access import READ_ONLY
from workshop_app.storage.operations import Library
from workshop_app.ui.actions import ActionId
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.palette import CommandPalette
from workshop_app.ui.read_only import KEEP, inside_view

CTRL = Qt.KeyboardModifier.ControlModifier
EDITING = (ActionId.NEW, ActionId.IMPORT, ActionId.BACKUPS, ActionId.INVITE_ROOM)


@pytest.fixture
def read_only_library(db_path: Path) -> Iterator[tuple[Library, str]]:
    writer = Library(db_path)
    workshop_id = writer.add_workshop(demo_workshop())
    writer.close()
    os.chmod(db_path, stat.S_IRUSR | stat.S_IRGRP)  # nobody may write, not even its owner
    viewer = Library(db_path)
    yield viewer, workshop_id
    viewer.close()
    os.chmod(db_path, stat.S_IRUSR | stat.S_IWUSR)


def _editable(root: QWidget) -> list[str]:
    """Widgets under root that would still let someone change something."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or _kept(widget, root):
            continue
        text = isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit)
        view = isinstance(widget, QAbstractItemView)
        if (text and not widget.isReadOnly()) or (  # type: ignore[attr-defined]
            view and widget.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers  # type: ignore[attr-defined]
        ):
            found.append(f"{type(widget).__name__} {widget.accessibleName()}")
        elif (
            isinstance(widget, QAbstractButton | QComboBox | QAbstractSpinBox)
            and widget.isEnabled()
            and not inside_view(widget, root)
        ):
            found.append(f"{type(widget).__name__} {widget.accessibleName() or widget.text()}")
    return found


def _kept(widget: QWidget, root: QWidget) -> bool:
    current: QWidget | None = widget
    while current is not None and current is not root:
        if current.property(KEEP) or type(current).__name__ == "QTabBar":
            return True
        current = current.parentWidget()
    return False


def test_a_viewer_reads_every_stage_and_can_change_nothing(
    qtbot, read_only_library: tuple[Library, str], tmp_path: Path
) -> None:
    library, workshop_id = read_only_library
    window = make_window(qtbot, library, tmp_path)
    assert window.read_only_banner.isVisible()
    assert window.read_only_banner.label.text().endswith(READ_ONLY)
    for action_id in EDITING:
        assert not window.actions_by_id[action_id].isEnabled(), action_id
    page = window.library_page
    assert not page.new_button.isVisible() and not page.template_button.isVisible()
    page.select(workshop_id)
    assert page.open_button.isEnabled()
    assert not page.duplicate_button.isEnabled() and not page.delete_button.isEnabled()
    count = len(library.workshops())
    press(qtbot, window, Qt.Key.Key_N, CTRL)  # the shortcut of New workshop does nothing
    assert len(library.workshops()) == count

    window.open_workshop(workshop_id)
    assert window.actions_by_id[ActionId.EXPORT].isEnabled()
    for key in window.stage_keys:
        window.go_to_stage(key)
        stage = window.current_stage()
        assert stage is not None
        if key == "export":
            assert stage.export_button.isEnabled()  # type: ignore[attr-defined]
            continue
        assert _editable(stage) == [], key
    # Selecting another request (which re-enables its card) keeps it read-only.
    window.go_to_stage("decide")
    decide = window.current_stage()
    assert decide is not None
    decide.select_request(window.session.workshop.requests[-1].id)  # type: ignore[union-attr]
    assert _editable(decide) == []
    # Whatever slips through is refused by the library in one sentence, and nothing changes.
    before = window.session.workshop  # type: ignore[union-attr]
    window.session.edit("workshop", workshop_id, "title", "Changed")  # type: ignore[union-attr,arg-type]
    assert window.statusBar().currentMessage() == f"⚠ {READ_ONLY}"
    assert library.workshop(workshop_id).title == before.title

    window.show_library()
    press(qtbot, window, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), CommandPalette))
    palette = QApplication.activeWindow()
    assert isinstance(palette, CommandPalette)
    titles = palette.titles()
    assert "New workshop" not in titles and "Import…" not in titles
    assert "Connect to a team library" in titles
    palette.close()


def test_a_writable_library_has_no_banner(qtbot, library: Library, tmp_path: Path) -> None:
    window = make_window(qtbot, library, tmp_path)
    assert not window.read_only_banner.isVisible()
    assert all(window.actions_by_id[a].isEnabled() for a in (ActionId.NEW, ActionId.IMPORT))


def test_the_command_line_refuses_to_change_a_read_only_library(
    capsys: pytest.CaptureFixture[str], read_only_library: tuple[Library, str]
) -> None:
    library, workshop_id = read_only_library
    db = str(library.path)
    assert main(["--db", db, "demo"]) == 1
    out, err = capsys.readouterr()
    assert err == f"workshop-app: {READ_ONLY}\n" and out == ""
    assert main(["--db", db, "export-json", workshop_id]) == 0  # reading still works
    capsys.readouterr()


def test_the_read_only_window_at_1366x768(
    qtbot, read_only_library: tuple[Library, str], tmp_path: Path
) -> None:
    library, workshop_id = read_only_library
    window: MainWindow = make_window(qtbot, library, tmp_path)
    window.resize(1366, 768)
    window.open_workshop(workshop_id)
    window.go_to_stage("requests")
    qtbot.waitUntil(window.read_only_banner.isVisible)
    assert window.grab().save("/tmp/read-only-window.png")
    banner = window.read_only_banner.label
    assert banner.width() >= banner.fontMetrics().horizontalAdvance(READ_ONLY)


def test_the_check_finds_editable_widgets_in_a_facilitators_window(
    qtbot, library: Library, tmp_path: Path
) -> None:
    """The read-only check above would notice an editable stage (it is not vacuous)."""
    workshop_id = library.add_workshop(demo_workshop())
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    for key in ("setup", "requests", "decide"):
        window.go_to_stage(key)
        stage = window.current_stage()
        assert stage is not None and _editable(stage), key


def test_switching_from_a_viewers_library_to_a_writable_one_unlocks_the_stages(
    qtbot, read_only_library: tuple[Library, str], tmp_path: Path
) -> None:
    from workshop_app.ui import team_library

    library, workshop_id = read_only_library
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.go_to_stage("requests")
    requests = window.current_stage()
    assert requests is not None and _editable(requests) == []
    own = tmp_path / "own.sqlite3"
    writer = Library(own)
    own_id = writer.add_workshop(demo_workshop())
    writer.close()
    opened = []
    window.opening.finished.connect(lambda: opened.append(True))
    team_library.switch_library(window, own)
    qtbot.waitUntil(lambda: bool(opened))
    qtbot.waitUntil(lambda: window.opening.settled is not None and not window.read_only)
    assert not window.read_only_banner.isVisible()
    assert window.session is None and window.sessions == {}
    assert window.library_page.new_button.isVisible()
    window.open_workshop(own_id)
    window.go_to_stage("requests")
    assert _editable(requests)  # the same page, unlocked
    window.opening.stop()
    window.opening.wait()


def test_the_command_line_restores_no_backup_over_a_read_only_library(
    capsys: pytest.CaptureFixture[str], read_only_library: tuple[Library, str], tmp_path: Path
) -> None:
    library, _workshop_id = read_only_library
    backup = tmp_path / "other.sqlite3"
    Library(backup).close()
    before = library.path.read_bytes()
    assert main(["--db", str(library.path), "restore", str(backup)]) == 1
    _out, err = capsys.readouterr()
    assert err == f"workshop-app: {READ_ONLY}\n"
    assert library.path.read_bytes() == before
