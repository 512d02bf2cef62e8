"""`unclear` and `discussed`: the room discussed an unclear alignment, said on the command line."""

from __future__ import annotations

import pytest

from tests.unit.test_cli import assert_one_line_error, run
from workshop_app.storage.library import Library


@pytest.fixture
def db(library: Library, demo_id: str) -> str:
    need = library.workshop(demo_id).needs[3]  # N4, the demo's one unclear alignment
    library.set_field("need", need.id, "alignment_acknowledged", False)
    return str(library.path)


def test_unclear_lists_what_is_left_to_discuss_and_discussed_records_it(
    capsys: pytest.CaptureFixture[str], library: Library, demo_id: str, db: str
) -> None:
    code, out, err = run(capsys, "--db", db, "unclear", demo_id)
    assert (code, err) == (0, "")
    assert out == "N4  to discuss  “New sales hires become productive sooner”\n"

    code, out, err = run(capsys, "--db", db, "discussed", demo_id, "n4")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "N4 “New sales hires become productive sooner”: the room discussed its unclear alignment.",
        "Every unclear alignment has been discussed.",
    ]
    assert library.workshop(demo_id).needs[3].alignment_acknowledged

    code, out, _err = run(capsys, "--db", db, "discussed", demo_id, "N4", "--reopen")
    assert code == 0 and out.endswith("Still to discuss: N4.\n")
    assert not library.workshop(demo_id).needs[3].alignment_acknowledged


@pytest.mark.parametrize(
    ("need", "words"),
    [
        ("N1", "The alignment of N1 is clear; there is nothing to discuss."),
        ("N9", "no need “N9”"),
        ("\x1b[2Jsomething", "no need “␛[2Jsomething”"),
    ],
)
def test_discussed_names_a_need_it_cannot_take(
    capsys: pytest.CaptureFixture[str],
    library: Library,
    demo_id: str,
    db: str,
    need: str,
    words: str,
) -> None:
    code, out, err = run(capsys, "--db", db, "discussed", demo_id, need)
    assert (code, out) == (1, "")
    assert_one_line_error(err, words)
    assert not library.workshop(demo_id).needs[3].alignment_acknowledged
