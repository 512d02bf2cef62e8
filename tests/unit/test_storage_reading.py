"""A workshop read straight from the file (storage/reading.py) is the workshop the full open
reads; whenever the full open has something to say, the quick read steps aside."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from sqlalchemy import JSON, Boolean

from tests.unit.storage_helpers import corrupt_middle_pages, make_populated_db
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.storage import reading, tables
from workshop_app.storage.operations import Library


def _everything_set() -> m.Workshop:
    """The demo with every kind of value the tables store: booleans both ways, a why-ladder in
    several scripts, empty and missing values, a shared need, a done action."""
    ws = demo_workshop()
    ws.participants[0] = replace(ws.participants[0], decision_maker=True)
    ws.participants[-1] = replace(ws.participants[-1], decision_maker=False)
    ws.needs[0].why_ladder = ["Ünïcode <b>", "שלום", "最后", "🚀 emoji", ""]
    ws.needs[0].alignment_acknowledged = True
    ws.needs[-1].why_ladder = []
    ws.needs[-1].serves = None
    ws.needs[-1].lens = None
    ws.needs[0].request_ids = [r.id for r in ws.requests[:2]]
    ws.actions[0] = replace(ws.actions[0], done=True, request_id=None)
    ws.requests[-1] = replace(ws.requests[-1], urgency=None, phase=None, text="")
    return ws


def test_the_quick_read_gives_the_workshop_the_full_open_gives(db_path: Path) -> None:
    library = Library(db_path)
    workshop_id = library.add_workshop(_everything_set())
    library.add_workshop(m.Workshop(title="Another"))
    full = library.workshop(workshop_id)
    library.close()

    quick = reading.peek_workshop(db_path, workshop_id[:8])

    assert quick is not None
    assert interchange.dumps(quick) == interchange.dumps(full)  # True and 1 would differ here
    assert quick == full
    assert type(quick.participants[0].decision_maker) is bool
    assert quick.needs[0].why_ladder == ["Ünïcode <b>", "שלום", "最后", "🚀 emoji", ""]


def test_every_boolean_and_json_column_is_converted() -> None:
    """SQLAlchemy hands these over as Python values; the quick read must do the same."""
    special = {
        (table.name, column.name)
        for table in tables.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, Boolean | JSON)
    }
    assert special == set(reading._CONVERTED)


def test_the_quick_read_steps_aside_when_the_full_open_has_something_to_say(
    db_path: Path,
) -> None:
    (workshop_id,) = make_populated_db(db_path)
    assert reading.peek_workshop(db_path, workshop_id) is not None

    assert reading.peek_workshop(db_path, "not-an-id") is None
    assert reading.peek_workshop(db_path, "") is None
    assert reading.peek_workshop(db_path.with_name("missing.sqlite3"), workshop_id) is None

    wal = Path(f"{db_path}-wal")
    wal.write_bytes(b"")  # open elsewhere, or not closed cleanly: the full open looks
    assert reading.peek_workshop(db_path, workshop_id) is None
    wal.unlink()

    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = '0002'")
    connection.commit()
    connection.close()
    assert reading.peek_workshop(db_path, workshop_id) is None  # an older schema: migrate


def test_an_ambiguous_beginning_of_an_id_is_left_to_the_full_open(db_path: Path) -> None:
    library = Library(db_path)
    first = library.add_workshop(replace(demo_workshop(), id="abc1"))
    library.add_workshop(replace(demo_workshop(), id="abc2", lineage_id="other"))
    library.close()
    assert reading.peek_workshop(db_path, "abc") is None
    found = reading.peek_workshop(db_path, "abc1")
    assert found is not None and found.id == first


def test_a_damaged_workshop_is_left_to_the_full_open(db_path: Path) -> None:
    library = Library(db_path)
    workshop_id = library.add_workshop(demo_workshop())
    library.add_item(workshop_id, "request", {"text": "Quotes for María take five days"})
    library.close()
    data = db_path.read_bytes()
    db_path.write_bytes(data.replace("for María".encode(), "for MaRía".encode()))

    assert reading.peek_workshop(db_path, workshop_id) is None


def test_a_file_the_quick_check_finds_damaged_is_left_to_the_full_open(db_path: Path) -> None:
    """The full open reports damage anywhere in the file; so does the first export."""
    ids = make_populated_db(db_path, copies=4)
    corrupt_middle_pages(db_path)
    assert reading.peek_workshop(db_path, ids[0]) is None


def test_a_file_others_can_read_is_left_to_the_full_open(db_path: Path) -> None:
    """The full open takes group and other access away again (storage/files.py)."""
    (workshop_id,) = make_populated_db(db_path)
    db_path.chmod(0o644)
    assert reading.peek_workshop(db_path, workshop_id) is None
    db_path.chmod(0o600)
    assert reading.peek_workshop(db_path, workshop_id) is not None


def test_exporting_a_pdf_from_a_closed_library_does_not_load_sqlalchemy(
    db_path: Path, tmp_path: Path
) -> None:
    """Importing SQLAlchemy and sqlmodel was a third of a second of every export."""
    (workshop_id,) = make_populated_db(db_path)
    target = tmp_path / "summary.pdf"
    probe = (
        "import sys\n"
        "from workshop_app.cli import main\n"
        "status = main(['--db', sys.argv[1], 'export-pdf', sys.argv[2], '--out', sys.argv[3]])\n"
        "print('loaded' if 'sqlalchemy' in sys.modules else 'not loaded', status)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(db_path), workshop_id[:6], str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "not loaded 0", done.stderr
    assert done.stdout.splitlines()[0] == str(target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert not Path(f"{db_path}-wal").exists()  # read only: nothing written beside it


def test_the_quick_read_and_the_full_open_export_the_same_bytes(db_path: Path) -> None:
    from workshop_app.report.export import build_pdf

    library = Library(db_path)
    workshop_id = library.add_workshop(_everything_set())
    full = library.workshop(workshop_id)
    library.close()
    quick = reading.peek_workshop(db_path, workshop_id)
    assert quick is not None
    assert build_pdf(quick) == build_pdf(full)
