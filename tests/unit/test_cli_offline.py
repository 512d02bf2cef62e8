"""`check-out`, `check-in` and `checked-out` end to end, with two real library files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_cli import assert_one_line_error, run
from workshop_app.core.demo import demo_workshop
from workshop_app.core.kind import Kind
from workshop_app.storage.operations import Library


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str, str]:
    team, laptop = tmp_path / "team.db", tmp_path / "laptop.db"
    library = Library(team)
    ws_id = library.add_workshop(demo_workshop())
    library.close()
    return str(team), str(laptop), ws_id


def _edit(path: str, kind: Kind, item_id: str, name: str, value: str) -> None:
    library = Library(path)
    try:
        library.set_field(kind, item_id, name, value)
    finally:
        library.close()


def _workshop(path: str, ws_id: str):  # type: ignore[no-untyped-def]
    library = Library(path)
    try:
        return library.workshop(ws_id)
    finally:
        library.close()


def test_out_and_back_with_a_conflict_settled_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
    files: tuple[str, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team, laptop, ws_id = files
    monkeypatch.chdir(tmp_path)  # a relative --from is kept as the full path
    code, out, err = run(capsys, "--db", laptop, "check-out", ws_id[:8], "--from", "team.db")
    assert (code, err) == (0, "")
    assert f"is offline in {laptop}" in out and f"check-in {ws_id[:8]}" in out
    code, out, _ = run(capsys, "--db", team, "checked-out")
    assert "Checked out to " in out and ws_id[:8] in out
    code, out, _ = run(capsys, "--db", laptop, "checked-out")
    assert f"offline copy from {team}" in out

    ws = _workshop(team, ws_id)
    request, need = ws.requests[0], ws.needs[0]
    _edit(laptop, Kind.REQUEST, request.id, "deadline", "Offsite: March")
    _edit(team, Kind.REQUEST, request.id, "deadline", "Office: <b>June</b> 東京")
    _edit(laptop, Kind.NEED, need.id, "baseline", "measured at the offsite")
    monkeypatch.chdir("/")
    code, out, err = run(capsys, "--db", laptop, "check-in", ws_id[:8])
    assert code == 1
    assert_one_line_error(err, "1 conflict to settle", "--take", "nothing was changed")
    assert "1 change from the offline copy" in out
    assert "1. Request “We need a new CRM by March” · deadline" in out
    assert "Offsite: March" in out and "Office: <b>June</b> 東京" in out
    assert _workshop(team, ws_id).needs[0].baseline == need.baseline  # nothing written yet

    code, out, err = run(capsys, "--db", laptop, "check-in", ws_id[:8], "--take", "9=mine")
    assert_one_line_error(err, "no conflict 9")
    code, out, err = run(capsys, "--db", laptop, "check-in", ws_id, "--take", "1=theirs")
    assert (code, err) == (0, "")
    assert "is back in" in out and "1 conflict settled" in out
    after = _workshop(team, ws_id)
    assert after.requests[0].deadline == "Office: <b>June</b> 東京"
    assert after.needs[0].baseline == "measured at the offsite"
    code, out, _ = run(capsys, "--db", team, "checked-out")
    assert out == "No workshop is taken offline from or to this library.\n"
    code, out, err = run(capsys, "--db", laptop, "check-in", ws_id)
    assert code == 1
    assert_one_line_error(err, "no workshop with the id")  # the copy went home


def test_check_out_to_another_library_and_refusals(
    capsys: pytest.CaptureFixture[str], files: tuple[str, str, str], tmp_path: Path
) -> None:
    team, laptop, ws_id = files
    code, _, err = run(capsys, "check-out", ws_id, "--from", team, "--to", laptop)
    assert (code, err) == (0, "")
    code, _, err = run(capsys, "check-out", ws_id, "--from", team, "--to", str(tmp_path / "b.db"))
    assert code == 1
    assert_one_line_error(err, "already taken offline", "bring that copy back first")
    code, _, err = run(capsys, "check-out", "nope", "--from", team, "--to", laptop)
    assert code == 1
    assert_one_line_error(err, "no workshop with the id")
    code, _, err = run(capsys, "check-in", ws_id, "--db", laptop, "--take", "maybe")
    assert code == 1
    assert_one_line_error(err, "mine, theirs or both")
    code, out, err = run(capsys, "check-in", ws_id, "--db", laptop, "--take", "mine")
    assert (code, err) == (0, "")
    assert "0 changes from the offline copy, 0 from the team library." in out


def test_commands_on_a_workshop_taken_offline_warn_and_go_on(
    capsys: pytest.CaptureFixture[str], files: tuple[str, str, str]
) -> None:
    team, laptop, ws_id = files
    run(capsys, "--db", laptop, "check-out", ws_id, "--from", team)
    code, out, err = run(capsys, "--db", team, "export-json", ws_id)
    assert code == 0 and out.startswith("{")
    assert err.startswith("workshop-app: warning: Checked out to ") and err.count("\n") == 1
