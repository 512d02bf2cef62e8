"""Shared test setup: headless Qt, a private data folder and database per test, leak checks."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: never open windows, never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_SCALE_FACTOR", "1")

from tests import postgres
from tests.keyring_memory import MemoryKeyring
from tests.leaks import nothing_left_running
from workshop_app.core.demo import demo_workshop
from workshop_app.storage.operations import Library


@pytest.fixture(autouse=True)
def private_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point every user folder (data, logs, settings) at a temporary place for this test."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_DOCUMENTS_DIR", "documents"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("WORKSHOP_APP_DB", raising=False)
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring: the system's is never touched."""
    import keyring

    from workshop_app.storage import credentials

    backend = MemoryKeyring()
    keyring.set_keyring(backend)  # before anything asks keyring to find the system's
    credentials.clear_typed()
    yield backend
    credentials.clear_typed()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workshops.sqlite3"


@pytest.fixture
def library(db_path: Path) -> Iterator[Library]:
    lib = Library(db_path)
    yield lib
    lib.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[postgres.Server | None]:
    """A real PostgreSQL server for team libraries (tests/postgres.py), or None."""
    with postgres.server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def library_target(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Path | str]:
    """Where a test's library lives: a file, then a team library (a database of its own on the
    test server). Tests that use it run on both engines; `sqlite_only` ones on the file alone."""
    if request.param == "sqlite":
        yield db_path
        return
    server = request.getfixturevalue("pg_server")
    if server is None:
        pytest.skip(f"PostgreSQL half skipped: {postgres.unavailable()}")
    url = server.new_database()
    yield url
    server.drop(url)


@pytest.fixture
def any_library(library_target: Path | str) -> Iterator[Library]:
    """A library on each engine in turn (see library_target)."""
    lib = Library(library_target)
    yield lib
    lib.close()


@pytest.fixture
def demo_id(library: Library) -> str:
    return library.add_workshop(demo_workshop())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that touch Qt are marked `gui`, so `-m "not gui"` runs the Qt-free suite. Tests
    marked `sqlite_only` in a module that runs on both engines keep their file half alone."""
    kept, dropped = [], []
    for item in items:
        if {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
        on_server = "[postgresql" in item.name or "-postgresql" in item.name
        (dropped if on_server and item.get_closest_marker("sqlite_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(autouse=True)
def nothing_leaked(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves windows open or threads, processes, Qt work or timers running:
    they leak into later tests (see tests/leaks.py)."""
    gui = bool({"qtbot", "qapp"} & set(request.fixturenames))
    with nothing_left_running(gui=gui):
        windows = _top_level_windows() if gui else set()
        yield
        if gui:
            _no_new_visible_windows(windows)


def _top_level_windows() -> set[int]:
    from PySide6.QtWidgets import QApplication

    return {id(w) for w in QApplication.topLevelWidgets()}


def _no_new_visible_windows(before: set[int]) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets() if id(w) not in before and w.isVisible()]
    for widget in leaked:
        widget.close()
        widget.deleteLater()
    assert not leaked, f"test left windows open: {[type(w).__name__ for w in leaked]}"


@pytest.fixture
def team_roles(pg_server: postgres.Server | None) -> Iterator[postgres.Roles]:
    """A team library holding the demo workshop, with the roles of docs/team-library-roles.md:
    `facilitator` and `viewer` name a role of each kind."""
    if pg_server is None:
        pytest.skip(f"PostgreSQL half skipped: {postgres.unavailable()}")
    made = pg_server.documented_roles()
    owner = Library(made.owner)
    owner.add_workshop(demo_workshop())
    owner.close()
    yield made
    made.drop()
