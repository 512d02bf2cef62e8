"""The team library: the benchmark library on PostgreSQL beside the same library in a SQLite
file, each against its bare driver doing the same work in the same run (psycopg for the server,
sqlite3 for the file).

- **edit p95**: `Library.set_field` on one workshop of the library, the mix of fields of the
  `edit` group, against the bare driver writing what an edit writes in one transaction (the
  item's row, the workshop's time stamp, the audit row, the row's version; on the server the
  notification and the change counter too, on the file the counter, its triggers firing);
- **open until it accepts edits**: a fresh process opening the library (migration check; the
  quick check and backup of a file follow later, as in the window) and reading the workshops
  list, until it says so, against a bare process connecting and reading the same list;
- **library search**: `Library.matching_ids` (what the window's search asks) for six queries,
  the slowest, against the same SQL run by the bare driver.

The server is a private one (tests/postgres.py's helpers), in the benchmark cache beside the
SQLite libraries and keyed like them: the first run copies the cached SQLite library into it with
`copy-library` (storage/copying.py), later runs start it again. It runs with its durability
settings on (fsync, synchronous commit), so "committed" means on disk as for the file. Where no
PostgreSQL binaries exist the group is skipped with one line.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks import core
from benchmarks.core import Sizes
from benchmarks.harness import Result, check, median, ms, percentile, sampled, timed
from benchmarks.processes import child, env_for, spawn

DATABASE = "workshops"
#: The queries searched: common, rare, non-ASCII folding, Greek, no match, one letter.
QUERIES = ("payroll", "kubernetes", "STRASSE", "σοφία", "no such words anywhere", "q")
#: Targets (the issue gives none): an edit as the window's is quick, search and opening close to
#: what the bare driver takes.
EDIT_MS, EDIT_RATIO, SEARCH_RATIO, OPEN_MS = 50, 10, 3, 2000
ENGINES = {"sqlite": "SQLite file", "postgresql": "PostgreSQL"}
#: A search slower than this is sampled twice only (a one-letter query scans every text).
SLOW_MS = 3000


def why_not() -> str | None:
    """Why no private PostgreSQL server can be started here (None: one can)."""
    import os
    import pwd

    from tests import postgres

    if postgres.binaries() is None:
        return "no PostgreSQL server binaries are installed here"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a `postgres` user to run PostgreSQL as"
    return None


def measure_team(sizes: Sizes, workdir: Path) -> list[Result]:
    reason = why_not()
    if reason is not None:
        print(f"  team: skipped, {reason}", file=sys.stderr, flush=True)
        return []
    count = sizes.team_library
    file = core.library_copy(count, workdir)
    with cached_server(count, file) as url:
        return measure_pair(file, url, sizes, workdir, count)


def measure_pair(file: Path, url: str, sizes: Sizes, workdir: Path, count: int) -> list[Result]:
    """Every measure on the file, then on the server (both hold the same library)."""
    results: list[Result] = []
    for engine, target in (("sqlite", str(file)), ("postgresql", url)):
        results.append(measure_open(engine, target, sizes, workdir, count))
        results.append(measure_search(engine, target, sizes, count))
        results.append(measure_edit(engine, target, sizes, count))
    return results


# -- the server, kept between runs -----------------------------------------------------------


def _folder(count: int) -> Path:
    return core.CACHE / f"pg-{count}-{core._cache_key()}"


def _ctl(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    from tests import postgres

    as_user, _user = postgres._as_user(folder, create=False)
    command = [*postgres._ctl(folder, as_user), *args]
    return subprocess.run(command, check=False, capture_output=True, text=True)


@contextmanager
def cached_server(count: int, source: Path) -> Iterator[str]:
    """The address of the benchmark library of `count` workshops on a private server, built
    once from `source` (a copy of the cached SQLite library) and started again on later runs;
    stopped afterwards."""
    from tests import postgres

    folder = _folder(count)
    admin_file = folder / "admin-url"
    if not admin_file.exists():
        core.CACHE.mkdir(exist_ok=True)
        for old in core.CACHE.glob(f"pg-{count}-*"):
            postgres.stop(old)  # an older schema's, or a build that stopped half-way
        folder.mkdir()
        admin = postgres.start(folder)  # fsync off while it is built
        try:
            _build(postgres.Server(admin), source)
        except BaseException:
            postgres.stop(folder)
            raise
        _ctl(folder, "-m", "fast", "-w", "stop")
        admin_file.write_text(admin, encoding="utf-8")
    admin = admin_file.read_text(encoding="utf-8")
    if _ctl(folder, "status").returncode != 0:  # not left running by a run that stopped
        options = f"-k {folder} -c listen_addresses='' -c fsync=on -c synchronous_commit=on"
        started = _ctl(folder, "-o", options, "-w", "start")
        if started.returncode != 0:
            raise RuntimeError(f"the benchmark's PostgreSQL did not start: {started.stderr}")
    try:
        yield postgres.Server(admin).url(DATABASE)
    finally:
        _ctl(folder, "-m", "fast", "-w", "stop")


def _build(server: Any, source: Path) -> None:
    """`copy-library` from the SQLite library into a new team library, then the statistics a
    server's autovacuum would gather (VACUUM ANALYZE)."""
    from workshop_app.storage.copying import copy_library

    server.run(f"CREATE DATABASE {DATABASE}")
    started = time.perf_counter()
    print("  team: copying the library into PostgreSQL (once)…", file=sys.stderr, flush=True)
    with _opened(source) as file, _opened(server.url(DATABASE)) as team:
        copied = copy_library(file, team)
    print(
        f"  team: {copied.workshops:,} workshops, {copied.rows:,} rows copied in "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
        flush=True,
    )
    server.run_in(server.url(DATABASE), "VACUUM ANALYZE")


@contextmanager
def _opened(target: Path | str) -> Iterator[Any]:
    from workshop_app.storage.operations import Library

    library = Library(target, make_backup=False)
    try:
        yield library
    finally:
        library.close()


# -- the bare drivers ------------------------------------------------------------------------


def bare_sql(engine: str, sql: str) -> str:
    """`:name` parameters in the driver's own style (psycopg: `%(name)s`, its `%` doubled)."""
    if engine != "postgresql":
        return sql
    return re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql.replace("%", "%%"))


def bare_search(connection: Any, engine: str, query: str) -> set[str]:
    """The ids the app's search finds, by the same SQL on the bare driver."""
    from workshop_app.storage import search

    sql, parameters = search.matching_workshop_ids(query, engine)
    return {id_ for (id_,) in connection.execute(bare_sql(engine, sql), parameters).fetchall()}


# -- the measures ----------------------------------------------------------------------------


def _edited_workshops(library: Any) -> tuple[Any, Any]:
    """The workshops edited: the library's two largest (the same ones in the file and on the
    server, which hold the same library), one for the app and one for the bare driver, so
    neither's writes make the other's view of a row stale."""
    largest = sorted(library.workshops(), key=lambda w: (w.request_count, w.id))[-2:]
    assert len(largest) == 2, "the benchmark library needs two workshops"
    first, second = (library.workshop(w.id) for w in reversed(largest))
    return first, second


def measure_edit(engine: str, target: str, sizes: Sizes, count: int) -> Result:
    library = _opened_library(target)
    raw = core.bare_connection(engine, target)
    app_times: list[float] = []
    raw_times: list[float] = []
    try:
        ws, twin = _edited_workshops(library)
        warm = 5
        count_of = sizes.edits + warm
        edits = zip(core._edits(ws, count_of), core._edits(twin, count_of), strict=True)
        for i, ((kind, item_id, field, value), (_k, twin_id, _f, twin_value)) in enumerate(edits):
            edit = timed(
                lambda k=kind, i_=item_id, f=field, v=value: library.set_field(k, i_, f, v)
            )
            base = timed(
                lambda k=kind, i_=twin_id, f=field, v=twin_value: core.bare_edit(
                    raw, engine, twin.id, k, i_, f, v
                )
            )
            if i >= warm:
                app_times.append(ms(edit))
                raw_times.append(ms(base))
    finally:
        raw.close()
        library.close()
    p95, base95 = percentile(app_times, 0.95), percentile(raw_times, 0.95)
    driver = "psycopg" if engine == "postgresql" else "sqlite3"
    return check(
        f"team_edit_p95_{engine}_{count}",
        f"Team library: one edit committed, {ENGINES[engine]}, {count:,} workshops "
        f"({len(ws.requests)}-request workshop, p95)",
        p95,
        "ms",
        max_value=EDIT_MS,
        baseline=base95,
        baseline_label=f"raw {driver}: {core.BARE_EDIT_LABEL}, p95",
        max_ratio=EDIT_RATIO,
        details={
            "samples_ms": [round(t, 2) for t in app_times],
            "baseline_samples_ms": [round(t, 2) for t in raw_times],
            "median_ms": median(app_times),
            "baseline_median_ms": median(raw_times),
        },
    )


def _opened_library(target: str) -> Any:
    from workshop_app.storage.operations import Library

    return Library(target, make_backup=False)


def measure_search(engine: str, target: str, sizes: Sizes, count: int) -> Result:
    library = _opened_library(target)
    raw = core.bare_connection(engine, target)
    app: dict[str, list[float]] = {query: [] for query in QUERIES}
    bare: dict[str, list[float]] = {query: [] for query in QUERIES}
    found: dict[str, int] = {}
    try:
        for turn in range(sizes.samples + 1):
            for query in QUERIES:
                if turn >= 2 and app[query][0] > SLOW_MS:
                    continue  # a query of seconds: its first and one warm sample tell enough
                app[query].append(ms(timed(lambda q=query: library.matching_ids(q))))
                bare[query].append(ms(timed(lambda q=query: bare_search(raw, engine, q))))
        for query in QUERIES:
            found[query] = len(library.matching_ids(query))
    finally:
        raw.close()
        library.close()
    slowest = max(QUERIES, key=lambda query: median(app[query][1:] or app[query]))
    driver = "psycopg" if engine == "postgresql" else "sqlite3"
    return sampled(
        f"team_search_{engine}_{count}",
        f"Team library: library search, {ENGINES[engine]}, {count:,} workshops "
        f"(slowest query: {slowest!r})",
        app[slowest],
        baseline_samples=bare[slowest],
        baseline_label=f"the same SQL in raw {driver}",
        max_ratio=SEARCH_RATIO,
        details={"per_query_ms": app, "baseline_per_query_ms": bare, "found": found},
    )


def measure_open(engine: str, target: str, sizes: Sizes, workdir: Path, count: int) -> Result:
    from workshop_app.storage import catalog

    env = env_for(workdir / f"home-{engine}")
    listing = catalog._LIST.format(where="")  # the workshops list as the window reads it
    app_times: list[float] = []
    bare_times: list[float] = []
    for _ in range(sizes.samples + 1):
        app = spawn(child("team-open", target), env)
        bare = spawn(child("team-open-bare", engine, target, listing), env)
        app_times.append(ms(_said_at(app.lines, "ready")))
        bare_times.append(ms(_said_at(bare.lines, "ready")))
    driver = "psycopg" if engine == "postgresql" else "sqlite3"
    return sampled(
        f"team_open_{engine}_{count}",
        f"Team library: open until it accepts edits, {ENGINES[engine]}, {count:,} workshops "
        "(fresh process, workshops listed)",
        app_times,
        baseline_samples=bare_times,
        baseline_label=f"a bare python-{driver} process connecting and reading the same list",
        max_value=OPEN_MS,
    )


def _said_at(lines: list[tuple[float, str]], word: str) -> float:
    return next(at for at, line in lines if line.startswith(word))
