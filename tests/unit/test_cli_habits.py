"""Command-line habits: `--db` after the command, id prefixes, `restore NAME` from the backups
folder, `backups` with date, size and workshops, and one wording for statuses."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.unit.test_cli import assert_one_line_error, run
from workshop_app.cli import build_parser
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.storage.operations import Library, fresh_ids


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "habits.sqlite3")


def add_with_id(db: str, workshop_id: str, status: m.Status = m.Status.DRAFT) -> str:
    library = Library(db)
    try:
        ws = replace(fresh_ids(demo_workshop()), id=workshop_id, status=status, signatures=[])
        return library.add_workshop(ws)
    finally:
        library.close()


# -- --db after the command --------------------------------------------------------------------
def test_db_after_the_command_means_the_same_as_before_it(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, created, err = run(capsys, "demo", "--db", db)
    assert (code, err) == (0, "")
    workshop_id = created.strip()
    for argv in (["list", "--db", db], ["--db", db, "list"], ["list", "--json", "--db", db]):
        code, out, err = run(capsys, *argv)
        assert (code, err) == (0, "") and workshop_id in out, argv
    code, out, _ = run(capsys, "export-json", workshop_id, "--db", db)
    assert code == 0 and json.loads(out)["workshop"]["id"] == workshop_id


def test_every_command_takes_db_after_it() -> None:
    (commands,) = (a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert len(commands.choices) > 10
    for name, parser in commands.choices.items():
        assert "--db" in parser._option_string_actions, name


# -- id prefixes -------------------------------------------------------------------------------
def test_a_unique_prefix_names_the_workshop_everywhere(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    workshop_id = add_with_id(db, "abcdef" + "0" * 26)
    add_with_id(db, "abcd99" + "1" * 26)
    code, out, err = run(capsys, "--db", db, "export-json", "abcdef")
    assert (code, err) == (0, "") and json.loads(out)["workshop"]["id"] == workshop_id
    pdf = tmp_path / "out.pdf"
    code, out, err = run(capsys, "--db", db, "export-pdf", "abcdef0", "--out", str(pdf))
    assert (code, err) == (0, "") and pdf.is_file()
    code, out, err = run(capsys, "--db", db, "unclear", "abcdef")
    assert (code, err) == (0, "")


def test_an_ambiguous_prefix_says_how_many_match(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    add_with_id(db, "abcdef" + "0" * 26)
    add_with_id(db, "abcd99" + "1" * 26)
    for argv in (["export-json"], ["reopen"], ["unclear"], ["screenshots", "shots", "--workshop"]):
        code, out, err = run(capsys, "--db", db, *argv, "abcd")
        assert code == 1 and out == ""
        assert_one_line_error(err, "2 workshop ids begin with “abcd”", "type more of the id")


def test_an_unknown_prefix_says_so(capsys: pytest.CaptureFixture[str], db: str) -> None:
    add_with_id(db, "abcdef" + "0" * 26)
    for typed in ("abx", "abcd_", "abc%", ""):
        code, out, err = run(capsys, "--db", db, "export-json", typed)
        assert code == 1 and out == ""
        assert_one_line_error(err, f"There is no workshop with the id “{typed}”")


def test_sign_takes_a_prefix(capsys: pytest.CaptureFixture[str], db: str) -> None:
    workshop_id = add_with_id(db, "abcdef" + "0" * 26, m.Status.READY_FOR_SIGNOFF)
    library = Library(db)
    person = next(p for p in library.workshop(workshop_id).participants if p.decision_maker)
    library.close()
    code, out, err = run(capsys, "--db", db, "sign", "abcdef", person.id, "--name", person.name)
    assert (code, err) == (0, "") and f"{person.name} signed revision" in out


# -- backups and restore -----------------------------------------------------------------------
def test_backups_show_date_size_and_workshops_and_restore_takes_the_name(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    workshop_id = run(capsys, "--db", db, "demo")[1].strip()
    # Opening the changed database takes a backup (a list only reads the file, so not `list`).
    run(capsys, "--db", db, "export-json", workshop_id)
    code, out, err = run(capsys, "backups", "--db", db)
    assert (code, err) == (0, "")
    header, line = out.splitlines()
    assert header.startswith(f"Backups in {Path(db).resolve().parent / 'backups'}")
    name = line.split()[0]
    assert re.fullmatch(
        re.escape(name) + r"  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  +\d+ kB  1 workshop$", line
    ), line
    run(capsys, "--db", db, "demo")  # a second workshop, not in the backup

    code, out, err = run(capsys, "restore", name, "--db", db)
    assert (code, err) == (0, "")
    assert out.startswith("Restored ") and str(Path(db).resolve().parent / "backups" / name) in out
    assert [r["id"] for r in json.loads(run(capsys, "--db", db, "list", "--json")[1])] == [
        workshop_id
    ]


def test_restore_of_an_unknown_name_is_one_line(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    run(capsys, "--db", db, "demo")
    code, out, err = run(capsys, "--db", db, "restore", "no-such-backup.sqlite3")
    assert code == 1 and out == ""
    assert_one_line_error(err, "no-such-backup.sqlite3")


# -- statuses ----------------------------------------------------------------------------------
def test_list_words_every_status_by_its_label(capsys: pytest.CaptureFixture[str], db: str) -> None:
    for n, status in enumerate(m.Status):
        add_with_id(db, f"{n:032x}", status)
    out = run(capsys, "--db", db, "list")[1]
    for n, status in enumerate(m.Status):
        (line,) = (row for row in out.splitlines() if row.startswith(f"{n:032x}"))
        assert f"  {status.label}  " in line


# -- the real thing ----------------------------------------------------------------------------
def test_db_after_the_command_and_a_prefix_in_a_separate_process(tmp_path: Path) -> None:
    db = str(tmp_path / "module.sqlite3")

    def module(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "workshop_app", *argv],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    created = module("demo", "--db", db)
    assert (created.returncode, created.stderr) == (0, "")
    workshop_id = created.stdout.strip()
    exported = module("export-json", workshop_id[:6], "--db", db)
    assert (exported.returncode, exported.stderr) == (0, "")
    assert json.loads(exported.stdout)["workshop"]["id"] == workshop_id
