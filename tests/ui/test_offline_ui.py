"""Taking a workshop offline and bringing it back from the library, and the conflicts dialog
driven by the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import make_window
from workshop_app.core.demo import demo_workshop
from workshop_app.core.kind import Kind
from workshop_app.storage import offline
from workshop_app.storage.operations import Library
from workshop_app.ui.library import offline_menu
from workshop_app.ui.library.conflicts import ConflictsDialog


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Library]:
    library = Library(tmp_path / "team.db")
    yield library
    library.close()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Library]:
    library = Library(tmp_path / "laptop.db")
    yield library
    library.close()


def _conflicted(team: Library, laptop: Library) -> str:
    """A workshop taken offline, then changed on both sides: text, a yes/no, a deletion."""
    ws_id = team.add_workshop(demo_workshop())
    offline.check_out(team, laptop, ws_id, origin=str(team.path), who="Ana", place="Ana's laptop")
    ws = team.workshop(ws_id)
    request, person, need = ws.requests[0], ws.participants[0], ws.needs[0]
    laptop.set_field(Kind.REQUEST, request.id, "text", "Mine: a CRM <b>now</b> " + "長" * 300)
    team.set_field(Kind.REQUEST, request.id, "text", "Theirs: שלום a CRM by June 😀")
    laptop.set_field(Kind.PARTICIPANT, person.id, "decision_maker", not person.decision_maker)
    team.set_field(Kind.PARTICIPANT, person.id, "role", "changed role")
    team.set_field(Kind.PARTICIPANT, person.id, "decision_maker", not person.decision_maker)
    laptop.set_field(Kind.PARTICIPANT, person.id, "role", "offsite role")
    laptop.delete_item(Kind.NEED, need.id)
    team.set_field(Kind.NEED, need.id, "baseline", "measured at the office")
    laptop.set_field(Kind.NEED, ws.needs[1].id, "effort", 3)
    team.set_field(Kind.NEED, ws.needs[1].id, "effort", 8)
    return ws_id


def test_the_conflicts_dialog_is_settled_from_the_keyboard(
    qtbot, team: Library, laptop: Library
) -> None:
    ws_id = _conflicted(team, laptop)
    plan = offline.plan(laptop, team, ws_id)
    dialog = ConflictsDialog(None, plan)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    whats = [c.what for c in plan.merge.conflicts]
    # Role, request text, effort, and the need deleted offline; not the same yes/no change.
    assert len(whats) == 4, whats
    assert whats[1] == "Request “We need a new CRM by March” · text"
    assert not dialog.bring.isEnabled()
    assert "never merged" in dialog.rule.text()
    first = dialog.current()
    assert first is not None
    assert dialog.values["mine"].toPlainText() == first.mine or first.is_deletion
    dialog.grab().save("/tmp/offline-conflicts.png")
    seen: list[dict[str, str]] = []
    dialog.settled.connect(seen.append)
    by_key = {c.key: c for c in plan.merge.conflicts}
    for _ in plan.merge.conflicts:
        conflict = dialog.current()
        assert conflict is not None
        qtbot.keyClick(dialog.list, Qt.Key.Key_B if conflict.text else Qt.Key.Key_T)
    assert dialog.bring.isEnabled()
    qtbot.keyClick(dialog.bring, Qt.Key.Key_Return)
    assert seen and {by_key[k].text for k, v in seen[0].items() if v == "both"} == {True}
    assert not dialog.isVisible()


def test_keep_both_is_offered_for_text_only(qtbot, team: Library, laptop: Library) -> None:
    ws_id = _conflicted(team, laptop)
    dialog = ConflictsDialog(None, offline.plan(laptop, team, ws_id))
    qtbot.addWidget(dialog)
    for row, conflict in enumerate(dialog.conflicts):
        dialog.list.setCurrentRow(row)
        assert dialog.keep["both"].isEnabled() == conflict.text


def test_take_offline_and_bring_back_from_the_library(
    qtbot, team: Library, tmp_path: Path, monkeypatch
) -> None:
    ws_id = team.add_workshop(demo_workshop())
    window = make_window(qtbot, team, tmp_path)
    window.show_library()
    page = window.library_page
    page.select(ws_id)
    laptop_path = tmp_path / "laptop.db"
    monkeypatch.setattr(offline_menu, "choose_offline_library", lambda *_a: laptop_path)
    page.offline_menu.update()
    assert page.offline_menu.take_action.isEnabled()
    assert not page.offline_menu.bring_action.isEnabled()
    page.offline_menu.take_action.trigger()
    assert offline.mark(team, ws_id) is not None
    assert "is offline in laptop.db" in page.selection_note.text()
    page._on_selection()  # as when the facilitator selects it again
    assert page.selection_note.text().startswith("Checked out to ")
    page.offline_menu.update()
    assert not page.offline_menu.take_action.isEnabled()
    window.open_workshop(ws_id)  # edits here warn, never block
    assert "Checked out to " in window.statusBar().currentMessage()
    request = team.workshop(ws_id).requests[0]
    team.set_field(Kind.REQUEST, request.id, "deadline", "Office deadline")

    laptop = Library(laptop_path)
    try:
        laptop.set_field(Kind.REQUEST, request.id, "deadline", "Offsite deadline")
        laptop_window = make_window(qtbot, laptop, tmp_path / "w2")
        laptop_window.show_library()
        laptop_page = laptop_window.library_page
        laptop_page.select(ws_id)
        assert "An offline copy from team.db" in laptop_page.selection_note.text()
        laptop_page.offline_menu.update()
        assert laptop_page.offline_menu.bring_action.isEnabled()
        made: list[ConflictsDialog] = []

        def factory(parent, plan):  # type: ignore[no-untyped-def]
            made.append(ConflictsDialog(parent, plan))
            return made[-1]

        monkeypatch.setattr(offline_menu, "conflicts_dialog", factory)
        laptop_page.offline_menu.bring_action.trigger()
        (dialog,) = made
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        assert QApplication.focusWidget() is dialog.list  # keyboard-first: ready to answer
        qtbot.keyClick(dialog.list, Qt.Key.Key_M)
        assert QApplication.focusWidget() is dialog.bring
        qtbot.keyClick(dialog.bring, Qt.Key.Key_Return)
        assert team.workshop(ws_id).requests[0].deadline == "Offsite deadline"
        assert offline.mark(team, ws_id) is None
        assert "is back in team.db" in laptop_page.selection_note.text()
        assert ws_id not in {s.id for s in laptop.workshops()}
    finally:
        laptop.close()
