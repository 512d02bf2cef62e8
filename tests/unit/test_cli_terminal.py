"""What reaches a terminal: user text is shown, never obeyed, and the exit status never depends on
who reads standard output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.test_cli import run
from tests.unit.test_signing_support import incremental_update, tiny_summary_pdf
from workshop_app import cli, terminal
from workshop_app.core import interchange
from workshop_app.core.demo import demo_workshop
from workshop_app.storage.operations import Library
from workshop_app.terminal import json_visible, visible

#: A title that clears the screen, paints a green verdict, reverses the rest of the line with
#: U+202E and starts a red C1 CSI sequence; a DEL, an isolate and a newline for good measure.
HOSTILE = "\x1b[2J\x1b[H\x1b[32mVERIFIED\x1b[0m \u202edetrevni\u202c \x9b31m\x7f\u2066x\u2069\nok"
#: What a terminal may act on; the newline is allowed only between lines.
ACTS_ON = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def assert_inert(text: str) -> None:
    assert ACTS_ON.search(text) is None, ascii(text)


def test_every_control_character_gets_a_visible_stand_in() -> None:
    shown = visible(HOSTILE)
    assert_inert(shown)
    assert "\n" not in shown  # a user's newline cannot start a line that looks like ours
    assert shown.startswith("␛[2J␛[H␛[32mVERIFIED␛[0m <U+202E>detrevni<U+202C> <U+009B>31m␡")
    assert visible("a\ud800b") == "a<U+D800>b"  # a lone surrogate cannot be encoded: shown
    assert visible("line one\nline two", keep_newlines=True) == "line one\nline two"


@pytest.mark.parametrize(
    "text",
    ["Acme شركة", "Yossi יוסי", "王小明 株式会社", "Zoë 🚀", "👩‍👩‍👧 family", "نامه‌ها", "R&D <b>"],
)
def test_real_text_passes_unchanged(text: str) -> None:
    assert visible(text) == text


def test_json_keeps_its_content_but_not_the_controls() -> None:
    raw = json.dumps({"title": HOSTILE}, ensure_ascii=False)
    safe = json_visible(raw)
    assert_inert(safe)
    assert json.loads(safe) == {"title": HOSTILE}


@pytest.fixture
def db(db_path: Path) -> str:
    return str(db_path)


@pytest.fixture
def hostile_id(library: Library) -> str:
    workshop = demo_workshop()
    workshop.title = HOSTILE
    workshop.division = "\x1b]0;pwned\x07Sales"
    return library.add_workshop(workshop)


@pytest.mark.parametrize(
    "argv",
    [("list",), ("list", "--json"), ("export-json", "{id}")],
    ids=["list", "list-json", "export-json"],
)
def test_listing_and_exporting_show_a_hostile_title_inertly(
    capsys: pytest.CaptureFixture[str], db: str, hostile_id: str, argv: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "--db", db, *(a.format(id=hostile_id) for a in argv))
    assert (code, err) == (0, "")
    assert_inert(out)
    if argv[0] == "list" and len(argv) == 1:
        assert "␛[32mVERIFIED" in out
    else:  # still the same data for a program that reads it
        parsed = json.loads(out)
        title = parsed[0]["title"] if isinstance(parsed, list) else parsed["workshop"]["title"]
        assert title == HOSTILE


def test_messages_repeat_hostile_input_inertly(
    capsys: pytest.CaptureFixture[str], db: str, hostile_id: str
) -> None:
    code, out, err = run(capsys, "--db", db, "sign", hostile_id, "\x1b[2JNobody", "--name", "x")
    assert (code, out) == (1, "")
    assert "␛[2JNobody" in err
    assert_inert(err)
    code, out, err = run(capsys, "--db", db, "export-pdf", "\u202eno-such-id")
    assert code == 1 and "<U+202E>no-such-id" in err
    assert_inert(err)
    with pytest.raises(SystemExit) as exited:  # argparse's own usage error
        cli.main(["--db", db, "list", "\x1b[31mextra"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "␛[31mextra" in err
    assert_inert(err)


def test_verify_shows_the_title_of_a_replaced_attachment_inertly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, library: Library, demo_id: str
) -> None:
    genuine = tiny_summary_pdf(library.workshop(demo_id))
    forged = library.workshop(demo_id)
    forged.title = HOSTILE
    payload = interchange.dumps(forged).encode("utf-8")
    path = tmp_path / "replaced.pdf"
    path.write_bytes(incremental_update(genuine, "attachment", payload))

    code, out, err = run(capsys, "verify", str(path))
    assert (code, err) == (1, "")
    assert out.startswith("NOT VERIFIED")
    assert "␛[32mVERIFIED" in out  # the forged title is there, for the reader to see
    assert_inert(out)


# -- the exit status and the pipe ---------------------------------------------------------------
def _run_with_stdout_closed(*argv: str) -> subprocess.CompletedProcess[str]:
    """Run the real program with a standard output nobody reads: the pipe's reading end is
    closed before the program starts, so its first write fails with EPIPE, every time."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "workshop_app", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)


def test_the_exit_status_does_not_depend_on_who_reads_stdout(
    tmp_path: Path, db_path: Path, library: Library, demo_id: str
) -> None:
    genuine = tmp_path / "genuine.pdf"
    genuine.write_bytes(tiny_summary_pdf(library.workshop(demo_id)))
    damaged = bytearray(genuine.read_bytes())
    damaged[damaged.index(b"stream", len(damaged) // 2) + 20] ^= 1
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(damaged)

    failing = _run_with_stdout_closed("verify", str(tampered))
    assert (failing.returncode, failing.stderr) == (1, "")
    passing = _run_with_stdout_closed("verify", str(genuine))
    assert (passing.returncode, passing.stderr) == (0, "")
    listed = _run_with_stdout_closed("--db", str(db_path), "list")
    assert (listed.returncode, listed.stderr) == (0, "")
    refused = _run_with_stdout_closed("--db", str(db_path), "export-json", "no-such-id")
    assert refused.returncode == 1 and "no-such-id" in refused.stderr


def test_a_closed_stdout_at_start_changes_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "missing.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; os.close(1); from workshop_app.cli import main; sys.exit(main())",
            "verify",
            str(missing),
        ],
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("workshop-app: There is no file at")


def test_a_broken_pipe_elsewhere_is_a_failure_not_a_success(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the reader of our own output going away is harmless; a BrokenPipeError from talking
    to another process is a real failure."""

    def broken(_args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli, "cmd_demo", broken)
    code, _out, err = run(capsys, "demo")
    assert code == 1 and "something unexpected went wrong" in err


def test_a_terminal_that_cannot_show_a_character_gets_an_escape_instead(
    db_path: Path, library: Library, demo_id: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "workshop_app", "--db", str(db_path), "list"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert b"Q3 alignment with Sales and People \\u2014 Sales & People Operations" in result.stdout


def test_a_printable_line_holds_nothing_to_make_visible() -> None:
    """`visible` returns a printable line as it is, without its patterns: no character they
    replace is printable."""
    control = terminal._patterns()[0]
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isprintable():
            assert not control.match(char), f"U+{code:04X}"
    assert terminal.visible("Résumé 中文 🙂 ok") == "Résumé 中文 🙂 ok"
    assert terminal.visible("a\x1b[2Jb\u202e") == "a␛[2Jb<U+202E>"
