"""`unclear` and `discussed`: the room discussed an unclear alignment, said on the command line."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.test_cli import assert_one_line_error, run
from tests.unit.test_signing_support import PASSPHRASE
from workshop_app.report.identity import check_passphrase
from workshop_app.storage.operations import Library


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
    code, out, err = run(capsys, "--db", db, "sign", demo_id, "Tom Becker", "--name", "Tom Becker")
    assert (code, out) == (1, "")
    assert_one_line_error(err, "Discuss the unclear alignment of “New sales hires")

    code, out, err = run(capsys, "--db", db, "discussed", demo_id, "n4")  # without a note
    assert (code, out) == (1, "")
    assert_one_line_error(err, "Say what the room agreed: add --note")
    assert not library.workshop(demo_id).needs[3].alignment_acknowledged

    code, out, err = run(capsys, "--db", db, "discussed", demo_id, "n4", "--note", "A pilot")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "N4 “New sales hires become productive sooner”: the room discussed its unclear alignment.",
        "Every unclear alignment has been discussed.",
    ]
    need = library.workshop(demo_id).needs[3]
    assert need.alignment_acknowledged and need.alignment_note == "A pilot"
    code, out, _err = run(capsys, "--db", db, "unclear", demo_id)
    assert out == "N4  discussed, agreed: A pilot  “New sales hires become productive sooner”\n"

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


def test_an_identity_from_the_organisation_is_imported_from_its_pkcs12_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def with_stdin(text: str, *argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        return run(capsys, *argv)

    assert with_stdin(f"{PASSPHRASE}\n", "identity", "create", "--name", "Zoë 🚀")[0] == 0
    code, shown, _err = run(capsys, "identity")  # `show` is the default
    assert code == 0 and "Signing identity: Zoë 🚀" in shown
    stored = Path(shown.split("Stored encrypted in ", 1)[1].splitlines()[0])
    fingerprint = shown.split("fingerprint: ", 1)[1].splitlines()[0]
    copy = tmp_path / "company.p12"
    copy.write_bytes(stored.read_bytes())

    code, _out, err = with_stdin("", "identity", "import", str(copy))  # nothing read yet
    assert code == 1 and "add --replace" in err
    code, _out, err = with_stdin("nope\n", "identity", "import", str(copy), "--replace")
    assert (code, err) == (1, "workshop-app: The passphrase is not right.\n")
    new = "another long passphrase"
    code, out, err = with_stdin(
        f"{PASSPHRASE}\n{new}\n", "identity", "import", str(copy), "--replace", "--new-passphrase"
    )
    assert (code, err) == (0, "")
    assert "Imported the signing identity Zoë 🚀." in out and fingerprint in out
    assert check_passphrase(None, new)
    code, _out, err = with_stdin("", "identity", "create", "--name", "X", "--replace")
    assert code == 1 and "standard input ended" in err
    with pytest.raises(SystemExit) as usage:  # never on the command line
        run(capsys, "identity", "create", "--name", "X", "--passphrase", "typed-here")
    assert usage.value.code == 2


def test_on_a_terminal_the_passphrase_is_asked_twice_and_never_echoed(
    private_user_folders: Path,
) -> None:
    """The real program on a pseudo-terminal: each passphrase is typed after its prompt, when
    echo is already off, and the terminal never shows it."""
    secret = "typed on the terminal"
    controller, terminal = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "workshop_app", "identity", "create", "--name", "Zoë"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        start_new_session=True,  # no controlling terminal: getpass uses this one, not ours
    )
    os.close(terminal)
    seen = ""
    try:
        for prompt in ("New passphrase", "Type it again"):
            seen = _read_until(controller, seen, prompt)
            os.write(controller, f"{secret}\n".encode())
        seen = _read_until(controller, seen, "Give readers")
        assert process.wait(timeout=120) == 0
    finally:
        process.kill()
        os.close(controller)
    assert "Created the signing identity Zoë." in seen
    assert secret not in seen
    assert (private_user_folders / "data" / "workshop-app" / "identity.p12").is_file()


def _read_until(fd: int, seen: str, wanted: str) -> str:
    while wanted not in seen:
        ready, _, _ = select.select([fd], [], [], 60)
        assert ready, f"no “{wanted}” within a minute; the terminal shows: {seen!r}"
        seen += os.read(fd, 4096).decode("utf-8", "replace")
    return seen
