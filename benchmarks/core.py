"""The sizes measured, the cached benchmark data, and the one measure without Qt or a child
process: an edit through the operations layer against raw sqlite3 writing the same rows."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import generate
from benchmarks.harness import Result, check, median, ms, percentile, timed
from workshop_app.core import model as m


@dataclass(frozen=True)
class Sizes:
    """How big the data is and how often each figure is sampled.

    `full` is the issue's sizes (make bench), `quick` its 50-workshop and 500-request cases
    (make bench-quick), `tiny` checks the harness itself (the smoke test)."""

    mode: str = "full"
    start_libraries: tuple[int, ...] = (50, 5000)  # cold start, against a bare window
    open_library: int = 20000  # longest pause while it opens, until editable, search in it
    cli_library: int = 5000  # `list --search` from the command line
    pdf_workshops: tuple[int, ...] = (50, 500, 2000)
    gui_workshops: tuple[int, ...] = (500, 2000)  # stage visits, saves, memory
    verify_workshop: int = 500
    samples: int = 5  # warm samples of every figure, beside the first in a fresh process
    edits: int = 60
    team_library: int = 20000  # edit, open and search on PostgreSQL beside SQLite (team.py)

    @classmethod
    def quick(cls) -> Sizes:
        return cls(
            mode="quick",
            start_libraries=(50,),
            open_library=50,
            cli_library=50,
            pdf_workshops=(50, 500),
            gui_workshops=(500,),
            verify_workshop=50,
            team_library=50,
        )

    @classmethod
    def tiny(cls) -> Sizes:
        return cls(
            mode="tiny",
            start_libraries=(3,),
            open_library=3,
            cli_library=3,
            pdf_workshops=(3, 6),
            gui_workshops=(6,),
            verify_workshop=3,
            team_library=3,
            samples=1,
            edits=8,
        )


# -- benchmark data, built once ------------------------------------------------------------------

CACHE = Path(tempfile.gettempdir()) / "workshop-app-bench"


def _cache_key() -> str:
    """The generator's version and the schema's head revision: a change to either builds anew."""
    from workshop_app.storage import migrate

    return f"g{generate.VERSION}-s{migrate.head_revision()}"


def library_path(count: int) -> Path:
    """The benchmark library of `count` workshops, built once and kept between runs in the
    system's temporary folder (outside the repository). Open a copy (`library_copy`) rather
    than this file: the app backs up and writes next to what it opens."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"library-{count}-{_cache_key()}.sqlite3"
    if not path.exists():
        for old in CACHE.glob(f"library-{count}-*"):
            old.unlink()
        building = CACHE / f"building-{path.name}"
        for stale in CACHE.glob(f"{building.name}*"):
            stale.unlink()
        generate.build_library(building, count)
        for suffix in ("-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        building.replace(path)
    return path


def library_copy(count: int, workdir: Path) -> Path:
    """A private copy of the cached library, in a folder of its own under `workdir`."""
    folder = Path(tempfile.mkdtemp(prefix=f"library-{count}-", dir=workdir))
    copy = folder / "workshops.sqlite3"
    shutil.copyfile(library_path(count), copy)
    return copy


def workshop_library(
    requests: int, workdir: Path, workshop: m.Workshop | None = None
) -> tuple[Path, str]:
    """A fresh library holding one synthetic workshop of `requests` requests (or `workshop`),
    and its id."""
    from workshop_app.storage.operations import Library

    folder = Path(tempfile.mkdtemp(prefix=f"workshop-{requests}-", dir=workdir))
    library = Library(folder / "workshops.sqlite3")
    try:
        workshop_id = library.add_workshop(workshop or generate.synthetic_workshop(requests))
    finally:
        library.close()
    return folder / "workshops.sqlite3", workshop_id


# -- one edit to committed on disk ---------------------------------------------------------------


def _edits(ws: m.Workshop, count: int) -> Iterator[tuple[str, str, str, Any]]:
    """A realistic mix of single-field edits across the workshop, each with a fresh value."""
    for i in range(count):
        request = ws.requests[(i * 7) % len(ws.requests)]
        need = ws.needs[(i * 11) % len(ws.needs)]
        goal = ws.goals[i % len(ws.goals)]
        yield [
            ("request", request.id, "text", f"Edited request {i}: {request.text[:80]}"),
            ("need", need.id, "statement", f"Edited need {i}: {need.statement[:80]}"),
            ("decision", request.id, "rationale", f"Edited rationale {i}"),
            ("need", need.id, "effort", 1 + i % 10),
            ("goal", goal.id, "title", f"Edited goal {i}"),
            ("workshop", ws.id, "location", f"Room {i}"),
        ][i % 6]


def bare_connection(engine: str, target: str | Path) -> Any:
    """A connection of the bare driver (psycopg for a team library, sqlite3 for a file), in
    autocommit: each edit begins its own transaction. A file's triggers call the app's seal,
    casefold and search functions, registered as the app does."""
    if engine == "postgresql":
        import psycopg

        from workshop_app.storage.engines import SESSION_OPTIONS

        return psycopg.connect(str(target), autocommit=True, options=SESSION_OPTIONS)
    from workshop_app.storage import db, seal, search

    connection = sqlite3.connect(target, isolation_level=None)
    connection.create_function("casefold", 1, db.casefold, deterministic=True)
    seal.register(connection)
    search.register(connection)
    for pragma in ("busy_timeout=5000", "foreign_keys=ON", "journal_mode=WAL", "synchronous=FULL"):
        connection.execute(f"PRAGMA {pragma}")
    return connection


_KEYS = {"decision": "request_id"}


def bare_edit(
    connection: Any, engine: str, workshop_id: str, kind: str, item_id: str, field: str, value: Any
) -> None:
    """The edit baseline: what one edit writes, in one transaction, by the bare driver: the
    item's row, the workshop's time stamp, the row's version, the audit row and the change
    counter (on a server also the notification); in a file the triggers seal the rows and note
    the search chunk, which is indexed again before the commit, as the app's writer does."""
    from workshop_app.storage import search

    mark = "%s" if engine == "postgresql" else "?"
    at = datetime.now(UTC).isoformat()

    def run(sql: str, parameters: tuple[Any, ...] = ()) -> Any:
        return connection.execute(sql.replace("?", mark), parameters)

    run("BEGIN" if engine == "postgresql" else "BEGIN IMMEDIATE")
    run(f"UPDATE {kind} SET {field} = ? WHERE {_KEYS.get(kind, 'id')} = ?", (value, item_id))
    run("UPDATE workshop SET updated_at = ? WHERE id = ?", (at, workshop_id))
    run(
        "INSERT INTO row_version (kind, item_id, workshop_id, version) VALUES (?, ?, ?, 1) "
        "ON CONFLICT (kind, item_id) DO UPDATE SET version = row_version.version + 1",
        (kind, item_id, workshop_id),
    )
    run(
        "INSERT INTO audit_entry (workshop_id, at, actor, action, kind, entity_id, field, "
        "before, after) VALUES (?, ?, 'Alex Moreau', 'edit', ?, ?, ?, '\"\"', ?)",
        (workshop_id, at, kind, item_id, field, json.dumps(value)),
    )
    if engine == "postgresql":
        run("SELECT pg_notify('workshop_app_changes', '')")
        run("SELECT nextval('library_change')")
    else:
        search.refresh(connection)
        (version,) = run("PRAGMA user_version").fetchone()
        run(f"PRAGMA user_version = {version + 1}")
    run("COMMIT")


#: What the edit baselines write, for the results table.
BARE_EDIT_LABEL = "row + workshop + version + audit row + counter"


def measure_edit(sizes: Sizes, workdir: Path) -> Result:
    from workshop_app.storage.operations import Library

    requests = max(sizes.gui_workshops[0], 6)
    path, workshop_id = workshop_library(requests, workdir)
    raw_path = path.with_name("raw.sqlite3")
    shutil.copyfile(path, raw_path)
    library = Library(path)
    ws = library.workshop(workshop_id)
    raw = bare_connection("sqlite", raw_path)
    edit_times, raw_times = [], []
    try:
        warm = 5
        for i, (kind, item_id, field, value) in enumerate(_edits(ws, sizes.edits + warm)):
            edit = timed(
                lambda k=kind, i_=item_id, f=field, v=value: library.set_field(k, i_, f, v)
            )
            base = timed(
                lambda k=kind, i_=item_id, f=field, v=value: bare_edit(
                    raw, "sqlite", ws.id, k, i_, f, v
                )
            )
            if i >= warm:
                edit_times.append(ms(edit))
                raw_times.append(ms(base))
    finally:
        raw.close()
        library.close()
    p95, base95 = percentile(edit_times, 0.95), percentile(raw_times, 0.95)
    return check(
        "edit_p95",
        f"One edit to committed on disk, {requests:,}-request workshop (p95)",
        p95,
        "ms",
        max_value=20,
        baseline=base95,
        baseline_label=f"raw sqlite3: {BARE_EDIT_LABEL}, seals, search index, p95",
        max_ratio=10,
        details={
            "samples_ms": [round(t, 2) for t in edit_times],
            "baseline_samples_ms": [round(t, 2) for t in raw_times],
            "median_ms": median(edit_times),
            "baseline_median_ms": median(raw_times),
        },
    )


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
