"""Damage SQLite cannot see is reported: a changed byte inside a stored text (row seals), and
saved edits lost with a deleted -wal file (the open-session register)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from tests.unit.storage_helpers import database_at, one_sentence
from workshop_app.cli import main
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.storage import catalog, migrate, seal, tables
from workshop_app.storage import repository as repo
from workshop_app.storage.operations import Library
from workshop_app.storage.signoff import sign, withdraw_signature


def _flip(path: Path, old: bytes, new: bytes) -> None:
    """Change stored bytes in place, as a failing disk or a stray write would."""
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new))


def _seal_rows(path: Path, workshop_id: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(
            connection.execute(
                "SELECT COUNT(*) FROM row_seal WHERE workshop_id = ?", (workshop_id,)
            ).fetchone()[0]
        )
    finally:
        connection.close()


def test_a_flipped_letter_in_a_stored_text_is_reported(db_path: Path) -> None:
    library = Library(db_path)
    damaged = library.add_workshop(demo_workshop())
    intact = library.add_workshop(m.Workshop(title="Finance"))
    library.add_item(damaged, "request", {"text": "Quotes for María take five days"})
    library.close()

    _flip(db_path, "for María".encode(), "for MaRía".encode())

    library = Library(db_path)
    try:
        assert library.check_database() is None  # SQLite sees nothing wrong, even thoroughly
        problem = library.content_problem(damaged)
        assert problem == seal.DAMAGED
        one_sentence(problem)
        assert library.content_problem(intact) is None
    finally:
        library.close()


def test_every_kind_of_save_keeps_the_seals_current(db_path: Path) -> None:
    library = Library(db_path)
    try:
        ws_id = library.add_workshop(demo_workshop())
        ws = library.workshop(ws_id)
        request, need, goal = ws.requests[0], ws.needs[0], ws.goals[0]
        signature = sign(library, ws_id, ws.participants[0].id, ws.participants[0].name)
        library.set_field("request", request.id, "text", "Edited 😀 <b>")
        library.set_field("need", need.id, "why_ladder", ["one", "two"])
        library.set_field("decision", request.id, "rationale", "because")
        new_request = library.add_item(ws_id, "request", {"text": "New"}, position=0)
        library.move_item("goal", goal.id, 3)
        library.set_strength(need.id, goal.id, m.Strength.WEAK)
        library.attach_request(need.id, new_request)
        library.detach_request(need.id, new_request)
        library.restore(library.delete_item("need", need.id))
        library.delete_item("request", ws.requests[1].id)
        withdraw_signature(library, signature.id)
        copy = library.duplicate_workshop(ws_id)
        assert library.content_problem(ws_id) is None
        assert library.content_problem(copy) is None
        library.delete_workshop(copy)
        assert _seal_rows(db_path, copy) == 0  # a deleted workshop leaves no seal behind
    finally:
        library.close()


def test_a_program_without_the_seal_function_cannot_change_a_sealed_row(db_path: Path) -> None:
    library = Library(db_path)
    ws_id = library.add_workshop(demo_workshop())
    library.close()
    other = sqlite3.connect(db_path)
    try:
        try:
            with other:
                other.execute("UPDATE request SET text = 'x' WHERE workshop_id = ?", (ws_id,))
        except sqlite3.OperationalError as exc:
            assert "row_digest" in str(exc)
        else:
            raise AssertionError("a write that bypasses the seals must fail")
    finally:
        other.close()


def test_a_database_of_the_previous_schema_is_sealed_when_upgraded(db_path: Path) -> None:
    workshop = demo_workshop()
    database_at(db_path, "0002", [workshop])

    library = Library(db_path)
    try:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        assert library.content_problem(workshop.id) is None
        rows = sum(
            len(getattr(workshop, attr)) for attr in (*repo.LISTS.values(), "links", "decisions")
        )
        need_requests = sum(len(n.request_ids) for n in workshop.needs)
        assert _seal_rows(db_path, workshop.id) == 1 + rows + need_requests
        assert len(library.workshop(workshop.id).requests) == len(workshop.requests)
    finally:
        library.close()


# -- a -wal file lost after a crash --------------------------------------------------------------

_CRASH_AFTER_SAVING = textwrap.dedent(
    """
    import os, sys
    from workshop_app.storage.operations import Library
    library = Library(sys.argv[1])
    workshop_id = library.workshops()[0].id
    with library.engine.connect() as conn:  # keep every edit in the -wal, as between checkpoints
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
        conn.commit()
    for number in range(50):
        library.add_item(workshop_id, "request", {"text": f"Saved request {number}"})
    os._exit(0)  # killed: no clean close
    """
)


def _crash_after_saving(db_path: Path) -> None:
    make = Library(db_path)
    make.add_workshop(m.Workshop(title="Sales"))
    make.close()
    subprocess.run(
        [sys.executable, "-c", _CRASH_AFTER_SAVING, str(db_path)], check=True, timeout=120
    )
    assert Path(f"{db_path}-wal").exists()


def test_edits_lost_with_a_deleted_wal_are_reported_once(db_path: Path) -> None:
    _crash_after_saving(db_path)
    Path(f"{db_path}-wal").unlink()
    Path(f"{db_path}-shm").unlink()

    library = Library(db_path)
    assert len(library.warnings) == 1
    one_sentence(library.warnings[0])
    assert f"{db_path.name}-wal" in library.warnings[0]
    library.close()
    again = Library(db_path)
    assert again.warnings == []  # said once; from now on the file is what it is
    again.close()


def test_a_shm_without_its_wal_is_reported(db_path: Path) -> None:
    _crash_after_saving(db_path)
    Path(f"{db_path}-wal").unlink()  # the -shm stays, as a careless clean-up leaves it

    library = Library(db_path)
    assert len(library.warnings) == 1
    library.close()


def test_a_crash_whose_wal_survives_loses_nothing_and_says_nothing(db_path: Path) -> None:
    _crash_after_saving(db_path)
    library = Library(db_path)
    try:
        assert library.warnings == []
        assert len(library.workshop(library.workshops()[0].id).requests) == 50
    finally:
        library.close()
    # Nor later, once the -wal is gone after that clean close: the crashed process is forgotten.
    assert not Path(f"{db_path}-wal").exists()
    later = Library(db_path)
    assert later.warnings == []
    later.close()


def test_normal_opens_and_closes_give_no_warning(db_path: Path) -> None:
    first = Library(db_path)
    first.add_workshop(m.Workshop(title="Sales"))
    second = Library(db_path)  # another process at the same time
    second.add_workshop(m.Workshop(title="Finance"))
    assert first.warnings == second.warnings == []
    first.close()
    second.close()
    third = Library(db_path)
    assert third.warnings == []
    third.close()


def test_every_stored_column_is_sealed_as_the_newest_migration_left_it() -> None:
    """A column added to a sealed table must be sealed too, by a migration that recreates the
    triggers and reseals (storage/seal.py); this notices when one of the two is forgotten."""
    for table, spec in seal.SEALED.items():
        assert set(spec.columns) == set(tables.metadata.tables[table].columns.keys()), table
    assert set(seal.SEALED) == set(tables.metadata.tables) - {
        "audit_entry",  # append-only history, left out to keep checks cheap
        "row_seal",
        "open_session",
        "result",  # outside the revision, sealed in its own rows (storage/results.py)
        "capacity",  # the library's own, part of no workshop revision (storage/capacity.py)
        "check_out",  # who took a workshop offline: no part of the revision (storage/offline.py)
        "offline_copy",  # where an offline copy came from, and its base: the same
        "row_version",  # how often a row changed, not its content (storage/versions.py)
        "company_goal",  # the library's own (storage/company_goals.py)
        "company_goal_version",
        "kept_goal_words",  # "Keep ours" for a goal's newer version: changes no revision
    }
    # Each migration that changes the sealed schema freezes it: all of it (`_SEALED`) or the
    # tables it adds (`_SEALED_ADDED`); applied in the order the migrations run.
    frozen: dict[str, seal.Sealed] = {}
    for script in reversed(list(ScriptDirectory(str(migrate.script_location())).walk_revisions())):
        frozen = dict(getattr(script.module, "_SEALED", frozen))
        frozen.update(getattr(script.module, "_SEALED_ADDED", {}))
    assert dict(seal.SEALED) == frozen


def test_a_read_only_look_before_opening_is_no_lost_journal(db_path: Path) -> None:
    """The window (and `list`) reads the workshops from a read-only look at the file before
    opening it; that look leaves no -wal or -shm behind, and nothing that reads as lost edits."""
    library = Library(db_path)
    library.add_workshop(m.Workshop(title="Sales"))
    library.close()
    assert catalog.peek(db_path) is not None
    assert not Path(f"{db_path}-shm").exists() and not Path(f"{db_path}-wal").exists()
    again = Library(db_path)
    assert again.warnings == []
    again.close()


def test_the_command_line_warns_about_a_damaged_workshop_and_still_exports_it(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = Library(db_path)
    ws_id = library.add_workshop(demo_workshop())
    library.add_item(ws_id, "request", {"text": "Quotes for María take five days"})
    library.close()
    _flip(db_path, "for María".encode(), "for MaRía".encode())

    assert main(["--db", str(db_path), "export-json", ws_id]) == 0
    out, err = capsys.readouterr()
    assert "MaRía" in out
    assert err == f"workshop-app: warning: {seal.DAMAGED}\n"


def test_closing_again_after_the_file_went_away_creates_nothing(db_path: Path) -> None:
    library = Library(db_path)
    library.add_workshop(m.Workshop(title="Sales"))
    library.close()
    db_path.unlink()
    library.close()
    assert not db_path.exists()
