"""The command line: plain results and exit 0; one line and exit 1 on bad data; exit 2 on bad
usage; never a traceback. Most tests call main() in-process; a few run the real module."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_app import cli, crashlog
from workshop_app.cli import main
from workshop_app.core import interchange
from workshop_app.storage import catalog
from workshop_app.storage.operations import Library

HEX_ID = re.compile(r"[0-9a-f]{32}")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *fragments: str) -> None:
    assert err.startswith("workshop-app: "), err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in err, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.sqlite3")


@pytest.fixture
def demo(capsys: pytest.CaptureFixture[str], db: str) -> str:
    code, out, err = run(capsys, "--db", db, "demo")
    assert (code, err) == (0, "")
    return out.strip()


def test_demo_prints_the_new_workshop_id(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "--db", db, "demo")
    assert code == 0 and err == ""
    assert HEX_ID.fullmatch(out.strip())
    library = Library(db)
    assert library.workshop(out.strip()).title == "Q3 alignment with Sales and People"
    library.close()


def test_list_shows_workshops_as_lines_and_as_json(
    capsys: pytest.CaptureFixture[str], db: str, demo: str
) -> None:
    code, out, err = run(capsys, "--db", db, "list")
    assert (code, err) == (0, "")
    (line,) = out.splitlines()
    assert line.startswith(demo) and "Q3 alignment with Sales and People" in line
    assert "2026-09-15" in line and "In progress" in line

    code, out, err = run(capsys, "--db", db, "list", "--json")
    assert (code, err) == (0, "")
    (row,) = json.loads(out)
    assert row["id"] == demo and row["requests"] == 7 and row["status"] == "in_progress"
    assert set(row) == {
        "id",
        "title",
        "division",
        "date",
        "status",
        "revision",
        "requests",
        "updated_at",
    }


def test_list_of_an_empty_library_says_how_to_start(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, _ = run(capsys, "--db", db, "list")
    assert code == 0 and "workshop-app demo" in out
    code, out, _ = run(capsys, "--db", db, "list", "--json")
    assert code == 0 and json.loads(out) == []


def test_list_search(capsys: pytest.CaptureFixture[str], db: str, demo: str) -> None:
    assert demo in run(capsys, "--db", db, "list", "--search", "CHATBOT")[1]
    assert run(capsys, "--db", db, "list", "--search", "nothing like it")[1].startswith("No ")


def test_export_json_to_stdout_and_to_a_file(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "--db", db, "export-json", demo)
    assert (code, err) == (0, "")
    assert interchange.loads(out).id == demo

    target = tmp_path / "out" / "demo.json"
    target.parent.mkdir()
    code, printed, err = run(capsys, "--db", db, "export-json", demo, "--out", str(target))
    assert (code, err) == (0, "")
    assert printed.strip() == str(target.resolve())
    assert target.read_text(encoding="utf-8") == out


def test_import_of_an_exported_file_round_trips(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, tmp_path: Path
) -> None:
    exported = tmp_path / "demo.json"
    assert run(capsys, "--db", db, "export-json", demo, "--out", str(exported))[0] == 0
    other_db = str(tmp_path / "other.sqlite3")
    code, out, err = run(capsys, "--db", other_db, "import", str(exported))
    assert (code, err) == (0, "")
    assert out.strip() == demo  # a fresh database keeps the ids
    code, again, _ = run(capsys, "--db", other_db, "export-json", demo)
    assert again == exported.read_text(encoding="utf-8")
    # Importing into the database it came from gives an independent copy with a new id.
    code, out, err = run(capsys, "--db", db, "import", str(exported))
    assert code == 0 and err == "" and HEX_ID.fullmatch(out.strip()) and out.strip() != demo


def test_import_of_bad_json_is_one_line_naming_the_field(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, tmp_path: Path
) -> None:
    doc = json.loads(run(capsys, "--db", db, "export-json", demo)[1])
    doc["workshop"]["goals"][2]["weight"] = -1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "import", str(bad))
    assert code == 1 and out == ""
    assert_one_line_error(err, "workshop.goals[2].weight", "at least 1")
    assert len(json.loads(run(capsys, "--db", db, "list", "--json")[1])) == 1  # nothing added


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"{ this is not json", "not valid JSON"),
        (b'{"schema": "caf\xe9"}', "not UTF-8"),
        (b'{"schema": "workshop-app/workshop", "schema_version": 7}', "schema_version"),
        (b"[" * 100_000, "nests too deeply"),
    ],
)
def test_import_of_a_file_that_is_not_a_workshop(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, content: bytes, fragment: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, out, err = run(capsys, "--db", db, "import", str(bad))
    assert code == 1 and out == ""
    assert_one_line_error(err, fragment)


def test_import_of_a_missing_file(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _, err = run(capsys, "--db", db, "import", "/no/such/file.json")
    assert code == 1
    assert_one_line_error(err, "There is no file at /no/such/file.json")


def test_export_of_an_unknown_workshop(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "--db", db, "export-json", "f" * 32)
    assert code == 1 and out == ""
    assert_one_line_error(err, f"There is no workshop with the id “{'f' * 32}”")


@pytest.mark.parametrize(
    "argv",
    [["frobnicate"], ["export-json"], ["import"], ["list", "--colour"], ["--db"]],
    ids=["unknown command", "missing id", "missing file", "unknown option", "missing path"],
)
def test_bad_usage_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert_one_line_error(err, "workshop-app --help")


def test_the_db_option_and_the_environment_variable_choose_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_env, from_option = tmp_path / "env.sqlite3", tmp_path / "option.sqlite3"
    monkeypatch.setenv("WORKSHOP_APP_DB", str(from_env))
    env_id = run(capsys, "demo")[1].strip()
    option_id = run(capsys, "--db", str(from_option), "demo")[1].strip()  # option wins
    for path, expected in ((from_env, env_id), (from_option, option_id)):
        library = Library(path)
        assert [w.id for w in library.workshops()] == [expected]
        library.close()
    assert env_id in run(capsys, "list")[1]
    monkeypatch.delenv("WORKSHOP_APP_DB")
    # Neither: the user data folder (pointed at a temporary place by conftest.py).
    default_id = run(capsys, "demo")[1].strip()
    data_home = Path(os.environ["XDG_DATA_HOME"])
    assert (data_home / "workshop-app" / "workshops.sqlite3").exists()
    assert default_id not in (env_id, option_id)


def test_backups_and_restore(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "--db", db, "backups")
    assert code == 0 and out.startswith("No backups yet")
    run(capsys, "--db", db, "export-json", demo)  # opening the changed database takes a backup
    code, out, _ = run(capsys, "--db", db, "backups")
    _header, line = out.splitlines()
    backup_path = str(Path(db).resolve().parent / "backups" / line.split()[0])
    assert Path(backup_path).is_file()
    run(capsys, "--db", db, "demo")  # a second workshop, not in the backup
    assert len(json.loads(run(capsys, "--db", db, "list", "--json")[1])) == 2

    code, out, err = run(capsys, "--db", db, "restore", backup_path)
    assert (code, err) == (0, "")
    restored, kept = out.splitlines()
    assert restored.startswith("Restored ") and backup_path in restored
    assert kept.startswith("What was there before is kept in ")
    assert [r["id"] for r in json.loads(run(capsys, "--db", db, "list", "--json")[1])] == [demo]


def test_restore_from_a_file_that_is_not_a_backup(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, tmp_path: Path
) -> None:
    fake = tmp_path / "fake.sqlite3"
    fake.write_text("not a backup", encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "restore", str(fake))
    assert code == 1 and out == ""
    assert_one_line_error(err, "not a Workshop App backup")


def test_a_damaged_database_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this was a database once" * 100)
    code, out, err = run(capsys, "--db", str(damaged), "list")
    assert code == 1 and out == ""
    assert_one_line_error(err, "not a Workshop App database", "workshop-app restore")


def test_an_unexpected_failure_is_logged_and_reported_calmly(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = "Secret merger", "/home/ana/notes"  # workshop text, a path of the user's

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"a bug deep inside the listing of {private[0]} in {private[1]}")

    monkeypatch.setattr(catalog, "list_workshops", broken)
    code, out, err = run(capsys, "--db", db, "list")
    assert code == 1 and out == ""
    log = crashlog.log_file()
    assert_one_line_error(err, "something unexpected went wrong", str(log))
    assert "RuntimeError" not in err
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError" in logged and "in cmd_list" in logged
    # What went wrong and where, but no workshop text nor paths of the user's files.
    assert private[0] not in logged and private[1] not in logged


# -- the real thing: `python -m workshop_app` in a separate process ---------------------------


def run_module(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workshop_app", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_module_runs_as_a_program(tmp_path: Path) -> None:
    db = str(tmp_path / "module.sqlite3")
    created = run_module("--db", db, "demo")
    assert created.returncode == 0 and created.stderr == ""
    workshop_id = created.stdout.strip()
    assert HEX_ID.fullmatch(workshop_id)

    exported = run_module("--db", db, "export-json", workshop_id)
    assert exported.returncode == 0
    doc = json.loads(exported.stdout)
    doc["workshop"]["links"][0]["strength"] = "extremely"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    refused = run_module("--db", db, "import", str(bad))
    assert refused.returncode == 1 and refused.stdout == ""
    assert_one_line_error(refused.stderr, "workshop.links[0].strength", "must be one of")

    usage = run_module("--db", db, "no-such-command")
    assert usage.returncode == 2
    assert_one_line_error(usage.stderr)


def test_list_reads_an_up_to_date_library_without_loading_the_database_layer(
    db: str, demo: str
) -> None:
    """`list` is a read: Python's sqlite3 answers it in a tenth of the time SQLAlchemy takes to
    import, so searching a large library from a script stays quick."""
    script = (
        "import sys; from workshop_app.cli import main; "
        f"code = main(['--db', {db!r}, 'list', '--search', 'chatbot']); "
        "sys.exit(code or ('sqlalchemy' in sys.modules and 3))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert demo in done.stdout


def test_starting_the_window_builds_no_command_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """`workshop-app [--db DB]` goes straight to the window: the commands' parser (which
    imports every command's module) is built only when a command or --help is given."""
    started: list[str | None] = []

    def refuse() -> None:
        raise AssertionError("the whole parser was built to start the window")

    monkeypatch.setattr(cli, "build_parser", refuse)
    monkeypatch.setattr(cli, "gui", lambda args: started.append(args.db) or 0)
    assert cli.run(["--db", "team.sqlite3"]) == 0
    assert cli.run([]) == 0
    assert started == ["team.sqlite3", None]


def test_a_command_of_the_main_module_imports_no_other_command_module() -> None:
    """`verify`, `list` or `export-pdf` do not wait for the other commands' modules; a
    command of another module, a wrong one and --help still see every command."""
    probe = (
        "import sys; from workshop_app import cli; "
        "cli.build_parser(sys.argv[1]); "
        "print(sorted(m for m in sys.modules if m.startswith('workshop_app.cli_')))"
    )
    for command, imported in (("verify", False), ("list", False), ("priorities", True)):
        done = subprocess.run(
            [sys.executable, "-c", probe, command], capture_output=True, text=True, check=True
        )
        assert ("workshop_app.cli_rank" in done.stdout) is imported, command
    assert cli._command_named(["--db", "verify", "list", "x"]) == "list"
    assert cli._command_named(["--db=a", "-h"]) is None
    for argv in (["no-such-command"], ["--help"]):
        with pytest.raises(SystemExit):
            cli.main(argv)


def test_a_command_or_a_wrong_option_still_reaches_the_whole_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv, said in (
        (["--db"], "--db: expected one argument"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
    ):
        with pytest.raises(SystemExit) as exited:
            cli.main(argv)
        assert exited.value.code == 2
        assert said in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "window_only"),
    [
        ([], True),
        (["--db", "team.sqlite3"], True),
        (["--db=team.sqlite3"], True),
        (["--db="], True),
        (["--db", "postgresql://anna@server/workshops"], True),
        (["--db", "-x"], False),  # not a value: the full parser says so
        (["--db"], False),
        (["--d", "team.sqlite3"], False),  # an abbreviation: the full parser knows it
        (["--db", "team.sqlite3", "list"], False),
        (["list"], False),
    ],
)
def test_starting_the_window_is_read_as_the_full_parser_reads_it(
    argv: list[str], window_only: bool
) -> None:
    """The window's start skips building the parser, and must mean exactly what it would."""
    quick = cli._window_only(argv)
    assert (quick is not None) == window_only
    if quick is not None:
        full = cli.build_parser(None).parse_args(argv)
        assert (quick.db, quick.command) == (full.db, full.command)
