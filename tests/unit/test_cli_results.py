"""`result`, `results` and `follow-up`: impact over time from the command line, end to end."""

from __future__ import annotations

import json

import pytest

from tests.unit.test_cli import assert_one_line_error, run
from tests.unit.test_results import sign_off
from workshop_app.core import model as m
from workshop_app.storage.operations import Library


def test_a_result_is_recorded_after_sign_off_and_travels_in_the_file(
    capsys: pytest.CaptureFixture[str], library: Library, demo_id: str
) -> None:
    sign_off(library, demo_id)
    db = str(library.path)
    code, out, err = run(
        capsys,
        "--db",
        db,
        "result",
        demo_id[:8],
        "n1",
        "--value",
        "3 days",
        "--on",
        "2026-12-01",
        "--note",
        "Pilot <b>teams</b> ✓",
    )
    assert (code, err) == (0, "")
    assert out == (
        "N1 “Quotes go out within a day, so reps spend their time selling”: 3 days on "
        "2026-12-01 recorded (target 1 day; moving toward the target).\n"
    )
    need = library.workshop(demo_id).needs[1]
    code, out, err = run(
        capsys, "--db", db, "result", demo_id, need.id, "--value", "9 a month", "--verdict", "met"
    )
    assert (code, err) == (0, "")
    (result,) = [x for x in library.workshop(demo_id).results if x.need_id == need.id]
    assert result.verdict is m.Verdict.MET and len(result.date) == 10  # today
    assert library.workshop(demo_id).is_locked

    code, out, _ = run(capsys, "--db", db, "export-json", demo_id)
    values = [x["value"] for x in json.loads(out)["workshop"]["results"]]
    assert code == 0 and values == ["3 days", "9 a month"]

    code, out, _ = run(capsys, "--db", db, "results", demo_id)
    assert code == 0
    assert "    latest:  3 days on 2026-12-01 · moving toward the target" in out.splitlines()
    assert "    measure: Quote turnaround: 5 days → 1 day by Q2 2027" in out.splitlines()


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("N9", "--value", "1"), "This workshop has no need “N9”"),
        (("N1", "--value", " "), "value: cannot be empty"),
        (("N1", "--value", "1", "--on", "31/12/2026"), "YYYY-MM-DD"),
    ],
)
def test_a_bad_result_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    library: Library,
    demo_id: str,
    argv: tuple[str, ...],
    fragment: str,
) -> None:
    code, out, err = run(capsys, "--db", str(library.path), "result", demo_id, *argv)
    assert (code, out) == (1, "")
    assert_one_line_error(err, fragment)
    assert library.workshop(demo_id).results == []


def test_a_verdict_outside_the_list_is_bad_usage(
    capsys: pytest.CaptureFixture[str], library: Library, demo_id: str
) -> None:
    argv = ("result", demo_id, "N1", "--value", "1", "--verdict", "great")
    with pytest.raises(SystemExit) as raised:
        run(capsys, "--db", str(library.path), *argv)
    assert raised.value.code == 2
    assert_one_line_error(capsys.readouterr().err, "invalid choice: 'great'")


def test_follow_up_prints_the_new_workshop_which_carries_every_commitment(
    capsys: pytest.CaptureFixture[str], library: Library, demo_id: str
) -> None:
    db = str(library.path)
    run(capsys, "--db", db, "result", demo_id, "N2", "--value", "41 a month", "--on", "2026-10-31")
    code, out, err = run(capsys, "--db", db, "follow-up", demo_id)
    assert (code, err) == (0, "")
    follow = library.workshop(out.strip())
    assert follow.is_follow_up and follow.title.startswith("Follow-up: ")
    assert [x.value for x in follow.results] == ["41 a month"]
    code, out, _ = run(capsys, "--db", db, "results", follow.id)
    assert "    latest:  41 a month on 2026-10-31 · moving toward the target" in out.splitlines()

    code, out, err = run(capsys, "--db", db, "follow-up", "nope")
    assert (code, out) == (1, "")
    assert_one_line_error(err, "no workshop with the id “nope”")
