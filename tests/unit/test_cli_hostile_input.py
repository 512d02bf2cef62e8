"""A new user's first hour with the command line: wrong ids, files that are not what their name
says, odd output targets and pasted searches. Each answer is one clear line and the documented
exit code; nothing crashes and nothing is overwritten that should not be."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.unit.test_cli import assert_one_line_error, run
from workshop_app.core.demo import demo_workshop
from workshop_app.storage.operations import Library


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.sqlite3")


@pytest.fixture
def demo(db: str) -> str:
    library = Library(db)
    try:
        return library.add_workshop(demo_workshop())
    finally:
        library.close()


@pytest.mark.parametrize(
    "search",
    [
        "a" * 100_000,  # longer than SQLite accepts in a LIKE pattern
        "日" * 30_000,  # 90,000 bytes of UTF-8
        "🚀",
    ],
    ids=["100k-ascii", "30k-cjk", "emoji"],
)
def test_a_search_that_matches_nothing_says_so(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, search: str
) -> None:
    code, out, err = run(capsys, "--db", db, "list", "--search", search)
    assert (code, err) == (0, "")
    assert out.startswith("No workshop matches “") and out.count("\n") == 1
    assert "workshop-app demo" not in out  # the library is not empty


def test_search_takes_every_character_literally(db: str) -> None:
    library = Library(db)
    try:
        odd = library.create_workshop("50% off_the\\shelf for Ärzte")
        plain = library.create_workshop("Plain title")
        long_request = "Q" * 19_000 + " 日本"
        library.add_item(plain, "request", {"text": long_request})
        for search in ("%", "_", "\\", "0% OFF_", "ärzte"):
            assert [w.id for w in library.workshops(search)] == [odd], search
        assert [w.id for w in library.workshops(long_request.lower())] == [plain]
        assert library.workshops("x" * 60_000) == []
    finally:
        library.close()


@pytest.mark.parametrize(
    "argv",
    [
        ("export-pdf", "no-such-id"),
        ("export-json", "no-such-id"),
        ("reopen", "no-such-id"),
        ("sign", "no-such-id", "Someone", "--name", "Someone"),
    ],
    ids=lambda argv: argv[0],
)
def test_an_unknown_id_is_named_with_the_way_to_find_the_right_one(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, argv: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "--db", db, *argv)
    assert (code, out) == (1, "")
    assert_one_line_error(err, "“no-such-id”", "workshop-app list")


def test_a_file_named_pdf_that_is_not_a_pdf_is_called_that(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    notes = tmp_path / "minutes.pdf"
    notes.write_text("meeting notes, not a PDF", encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "import", str(notes))
    assert (code, out) == (1, "")
    assert_one_line_error(err, "is not a PDF")
    assert "JSON" not in err


def test_verify_on_a_folder_asks_for_a_summary_pdf(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "verify", str(tmp_path))
    assert (code, out) == (1, "")
    assert_one_line_error(err, "is a folder", "summary PDF")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("command", ["export-json", "export-pdf"])
def test_an_export_never_replaces_something_that_is_not_a_file(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, tmp_path: Path, command: str
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, out, err = run(capsys, "--db", db, command, demo, "--out", str(pipe))
    assert (code, out) == (1, "")
    assert_one_line_error(err, "is not an ordinary file")
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # still the pipe it was
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_screenshots_into_a_file_is_refused_before_anything_starts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    code, out, err = run(capsys, "screenshots", str(target))
    assert (code, out) == (1, "")
    assert_one_line_error(err, "is a file", "folder")
    assert target.read_text(encoding="utf-8") == "keep me"
