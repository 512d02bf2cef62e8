"""An installation without its migration scripts (e.g. a bundle that left them out) refuses to
start with one sentence, instead of opening a database with no tables and failing later."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workshop_app import cli
from workshop_app.storage import schema_version
from workshop_app.storage.db import StorageError
from workshop_app.storage.operations import Library


@pytest.fixture(params=["no versions", "no folder"])
def scripts_missing(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The migrations folder as a broken bundle has it: env.py and the template but no revision
    scripts, or nothing at all."""
    folder = tmp_path / "migrations"
    if request.param == "no versions":
        shutil.copytree(
            schema_version.migrations_folder(),
            folder,
            ignore=shutil.ignore_patterns("__pycache__", "versions"),
        )
        (folder / "versions").mkdir()
    monkeypatch.setattr(schema_version, "migrations_folder", lambda: folder)
    return folder


def test_the_command_line_refuses_to_start_with_one_sentence(
    scripts_missing: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "workshops.sqlite3"
    code = cli.main(["--db", str(db), "list"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == (
        "workshop-app: Workshop App is incomplete and cannot start: its database migration "
        f"scripts are missing from {scripts_missing}; install it again.\n"
    )
    assert not db.exists()  # refused before any database was created


def test_the_window_is_refused_the_same_way(
    scripts_missing: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_window(db: object) -> int:
        raise AssertionError("the window must not start")

    monkeypatch.setattr("workshop_app.ui.app.run_gui", no_window)
    assert cli.gui_main() == 1
    assert "migration scripts are missing" in capsys.readouterr().err


def test_opening_a_database_refuses_too(scripts_missing: Path, tmp_path: Path) -> None:
    """Whatever opens a library without the start-up check (a test, a script) is refused as
    well, instead of getting a database with no tables."""
    with pytest.raises(StorageError, match="migration scripts are missing"):
        Library(tmp_path / "workshops.sqlite3")


def test_a_complete_installation_starts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", str(tmp_path / "workshops.sqlite3"), "list"]) == 0
    assert "No workshops yet" in capsys.readouterr().out
