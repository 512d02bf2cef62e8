"""Every edit is broadcast with what it changed; a stage refreshes only for kinds it shows."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from tests.ui.helpers import make_window
from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.storage.operations import Library
from workshop_app.ui import changes
from workshop_app.ui.changes import EVERYTHING
from workshop_app.ui.export_record import ExportRecord, LastExport
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.base import Stage


def _counting(stage: Stage) -> list[m.Workshop]:
    shown: list[m.Workshop] = []
    stage.refreshed.connect(shown.append)
    return shown


def _on(qtbot, library: Library, tmp_path, workshop_id: str, key: str) -> tuple[MainWindow, Stage]:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.go_to_stage(key)
    stage = window.current_stage()
    assert stage is not None and stage.key == key
    return window, stage


def test_typing_a_need_statement_does_not_refresh_goals(qtbot, library, tmp_path, demo_id) -> None:
    window, goals = _on(qtbot, library, tmp_path, demo_id, "goals")
    session = window.session
    assert session is not None
    refreshes = _counting(goals)
    need = session.workshop.needs[0]
    session.edit(Kind.NEED, need.id, "statement", need.statement + " today", typing=True)
    assert library.workshop(demo_id).needs[0].statement.endswith(" today")  # it was saved
    assert refreshes == []
    goal = session.workshop.goals[0]
    session.edit(Kind.GOAL, goal.id, "title", "Grow revenue 20%")
    assert [ws.goals[0].title for ws in refreshes] == ["Grow revenue 20%"]


def test_a_hidden_stage_refreshes_on_arrival_only_when_touched(
    qtbot, library, tmp_path, demo_id
) -> None:
    window, setup = _on(qtbot, library, tmp_path, demo_id, "setup")
    refreshes = _counting(setup)
    window.go_to_stage("requests")
    session = window.session
    assert session is not None
    request = session.workshop.requests[0]
    session.edit(Kind.REQUEST, request.id, "text", "A CRM that the field team can use offline")
    window.go_to_stage("setup")
    assert refreshes == []  # nothing Setup shows changed
    window.go_to_stage("requests")
    session.add(Kind.PARTICIPANT, {"name": "Ada Lovelace", "role": "CFO"})
    window.go_to_stage("setup")
    assert len(refreshes) == 1
    assert "Ada Lovelace" in [p.name for p in refreshes[0].participants]


def test_undo_of_an_unrelated_edit_leaves_the_stage_alone(
    qtbot, library, tmp_path, demo_id
) -> None:
    window, goals = _on(qtbot, library, tmp_path, demo_id, "goals")
    session = window.session
    assert session is not None
    request = session.workshop.requests[0]
    session.edit(Kind.REQUEST, request.id, "deadline", "next spring")
    refreshes = _counting(goals)
    session.undo_stack.undo()
    assert library.workshop(demo_id).requests[0].deadline == request.deadline
    assert refreshes == []


def test_a_reload_refreshes_every_stage_in_view(qtbot, library, tmp_path, demo_id) -> None:
    window, goals = _on(qtbot, library, tmp_path, demo_id, "goals")
    refreshes = _counting(goals)
    assert window.session is not None
    window.session.reload()
    assert len(refreshes) == 1


def test_changes_name_what_goes_with_an_item() -> None:
    deleted_request = changes.with_dependents(Kind.REQUEST)
    assert deleted_request.touches({Kind.NEED})  # it leaves the needs it was behind
    assert deleted_request.touches({Kind.DECISION})
    assert not deleted_request.touches({Kind.GOAL})
    assert not changes.of(Kind.NEED).touches({Kind.WORKSHOP, Kind.GOAL})
    assert changes.of(Kind.LINK).touches(None)  # a stage showing everything
    assert EVERYTHING.touches(set())


def test_the_export_record_says_whether_this_revision_went_out(tmp_path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    record = ExportRecord(settings)
    workshop = m.Workshop("Q4 planning")
    assert record.exported_state(workshop) is None
    saved: list[str] = []
    record.saved.connect(saved.append)
    last = LastExport(tmp_path / "q4.pdf", record.key(workshop), "2026-12-07T09:00")
    record.save(workshop.id, last)
    assert saved == [workshop.id]
    assert record.exported_state(workshop) is True
    changed = m.Workshop("Q4 planning (final)", id=workshop.id)
    assert record.exported_state(changed) is False
    # A window opened later reads the same record from its settings.
    assert ExportRecord(settings).exported_state(changed) is False
    assert ExportRecord(settings).load(workshop.id) == last


def test_an_export_recorded_with_the_earlier_key_is_still_current(tmp_path) -> None:
    """Exports recorded before keys were taken over compact JSON keep their tick."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    workshop = m.Workshop("Q4 planning")
    earlier = ExportRecord.earlier_key(workshop)
    ExportRecord(settings).save(workshop.id, LastExport(tmp_path / "q4.pdf", earlier, "2026"))
    record = ExportRecord(settings)
    assert record.key(workshop) != earlier
    assert record.exported_state(workshop) is True
    assert record.exported_state(m.Workshop("Q4 (final)", id=workshop.id)) is False


def test_the_preview_reads_the_json_the_key_was_taken_over(tmp_path) -> None:
    import hashlib

    from workshop_app.core import interchange
    from workshop_app.ui.export_record import KEY_PREFIX

    record = ExportRecord(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    workshop = m.Workshop("Q4 <b>planning</b> 🚀", requests=[m.Request("A CRM by March")])
    payload = record.payload(workshop)
    assert interchange.loads(payload) == interchange.loads(interchange.dumps(workshop))
    assert record.key(workshop) == KEY_PREFIX + hashlib.sha256(payload).hexdigest()
