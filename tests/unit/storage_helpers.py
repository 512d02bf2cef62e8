"""Helpers for tests that damage, lock or inspect real database files."""

from __future__ import annotations

import ctypes
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.storage.operations import Library


def make_populated_db(path: Path, copies: int = 1) -> list[str]:
    """A closed, checkpointed database holding `copies` demo workshops; returns their ids."""
    library = Library(path)
    ids = [library.add_workshop(demo_workshop()) for _ in range(copies)]
    library.close()
    assert not Path(f"{path}-wal").exists(), "the WAL should be checkpointed and gone"
    return ids


def corrupt_middle_pages(path: Path, seed: int = 7) -> None:
    """Overwrite the pages in the middle of a database with noise, keeping its header intact."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    assert pages >= 8, "too small a database to damage realistically"
    noise = random.Random(seed)
    for page in range(pages // 3, 2 * pages // 3):
        start = page * page_size
        data[start : start + page_size] = noise.randbytes(page_size)
    path.write_bytes(bytes(data))


def flip_a_byte_in_a_table_page(path: Path) -> None:
    """Damage a table page that the schema does not need: only the quick check notices."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    connection = sqlite3.connect(path)
    (root,) = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'request'"
    ).fetchone()
    connection.close()
    data[(root - 1) * page_size + 3] ^= 0xFF  # the cell count in the page's own header
    path.write_bytes(bytes(data))


def files_beside(path: Path) -> dict[str, bytes]:
    """The database file and any -wal/-shm companions, by name, with their bytes."""
    return {
        p.name: p.read_bytes()
        for p in path.parent.iterdir()
        if p.is_file() and p.name.startswith(path.name)
    }


#: The workshop tables, parents before children.
_WORKSHOP_TABLES = (
    "workshop",
    "participant",
    "agenda_item",
    "goal",
    "request",
    "decision",
    "need",
    "need_request",
    "alignment_link",
    "action_item",
    "signature",
)


def database_at(path: Path, revision: str, workshops: list[m.Workshop]) -> None:
    """A database at an older schema `revision`, holding these workshops as the app of that
    revision would have stored them: the columns that revision had, no more."""
    from alembic import command

    from workshop_app.storage import db, migrate

    source = path.with_name(f"{path.stem}-source.sqlite3")
    library = Library(source, make_backup=False)
    for workshop in workshops:
        library.add_workshop(workshop)
    library.close()
    engine = db.make_engine(path)
    try:
        with engine.connect() as conn:
            config = migrate.alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            conn.commit()
        raw = engine.raw_connection()
        try:
            connection = raw.driver_connection
            assert connection is not None
            connection.execute("ATTACH DATABASE ? AS source", (str(source),))
            for table in _WORKSHOP_TABLES:
                names = [row[1] for row in connection.execute(f"PRAGMA main.table_info({table})")]
                listed = ", ".join(names)
                connection.execute(
                    f"INSERT INTO main.{table} ({listed}) SELECT {listed} FROM source.{table}"
                )
            connection.execute("DETACH DATABASE source")
        finally:
            raw.close()
    finally:
        engine.dispose()


def one_sentence(message: str) -> None:
    assert message and "\n" not in message, message
    assert "Traceback" not in message and "Error:" not in message, message
    assert message.rstrip().endswith("."), message


def set_alembic_revision(path: Path, revision: str) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded here, not in the forked child
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER = 1, 2, 3


def _drop_file_permission_override() -> None:  # pragma: no cover - runs in the child
    """In the child, before exec: give up root's power to ignore file permissions.

    Removing these capabilities from the bounding set means the executed program never gets
    them back, so permission bits apply to it as they would to any user.
    """
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER):
        if _LIBC.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_as_ordinary_user(code: str) -> subprocess.CompletedProcess[str]:
    """Run Python code in a child that file permissions really apply to, even when tests run
    as root (as they do in this container). Skips the test when that cannot be arranged."""
    preexec = None
    if os.geteuid() == 0:
        if not sys.platform.startswith("linux"):
            pytest.skip("running as root, and permissions cannot be enforced on this platform")
        preexec = _drop_file_permission_override
    try:
        result = subprocess.run(
            [sys.executable, "-c", code],
            preexec_fn=preexec,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise
    except subprocess.SubprocessError:  # raised when preexec_fn failed
        pytest.skip("cannot drop root's permission override here (no CAP_SETPCAP)")
    return result
