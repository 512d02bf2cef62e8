"""Size limits (core/fields.py) are refused with one sentence, where people type and on import,
before anything large is read or written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.storage_helpers import one_sentence
from workshop_app.cli import main
from workshop_app.core import fields
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import UserError, ValidationError
from workshop_app.services import workshop_file
from workshop_app.storage.operations import Library


def test_a_full_workshop_refuses_one_more_request(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(fields.MAX_ITEMS, "requests", 3)
    ws_id = library.add_workshop(m.Workshop(title="Sales"))
    for number in range(3):
        library.add_item(ws_id, "request", {"text": f"Request {number}"})
    with pytest.raises(ValidationError) as refused:
        library.add_item(ws_id, "request", {"text": "One too many"}, position=0)
    one_sentence(refused.value.message)
    assert "at most 3 requests" in refused.value.message
    assert len(library.workshop(ws_id).requests) == 3


def test_a_full_workshop_refuses_one_more_alignment_link(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws_id = library.add_workshop(demo_workshop())
    ws = library.workshop(ws_id)
    monkeypatch.setitem(fields.MAX_ITEMS, "links", len(ws.links))
    unlinked = next(
        (n.id, g.id)
        for n in ws.needs
        for g in ws.goals
        if all((link.need_id, link.goal_id) != (n.id, g.id) for link in ws.links)
    )
    with pytest.raises(ValidationError, match="alignment links"):
        library.set_strength(*unlinked, m.Strength.STRONG)
    existing = ws.links[0]
    library.set_strength(existing.need_id, existing.goal_id, m.Strength.WEAK)  # changing is fine


def test_a_text_beyond_its_limit_is_refused(library: Library) -> None:
    ws_id = library.add_workshop(m.Workshop(title="Sales"))
    request = library.add_item(ws_id, "request", {"text": "Short"})
    with pytest.raises(ValidationError) as refused:
        library.set_field("request", request, "text", "x" * (fields.LONG_TEXT + 1))
    assert f"the limit is {fields.LONG_TEXT:,}" in refused.value.message


def _sparse(path: Path, head: bytes, size: int) -> Path:
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


@pytest.mark.parametrize(
    ("name", "head", "size", "said"),
    [
        ("huge.json", b"{", fields.MAX_FILE_BYTES + 1, "workshop files of at most 16 MB"),
        ("huge.pdf", b"%PDF-1.7\n", fields.MAX_PDF_BYTES + 1, "summary PDFs of at most 100 MB"),
    ],
)
def test_an_import_file_beyond_the_limit_is_refused_unread(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    head: bytes,
    size: int,
    said: str,
) -> None:
    path = _sparse(tmp_path / name, head, size)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file too big"))
    db = tmp_path / "workshops.sqlite3"
    assert main(["--db", str(db), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1, err
    assert not db.exists()  # refused before the database was even opened


def test_the_window_and_the_command_line_import_through_the_same_operation(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"schema": "workshop-app/workshop", "schema_version": 1}', encoding="utf-8")
    with pytest.raises(UserError) as refused:
        workshop_file.import_file(library, path)
    assert refused.value.message == f"{path}: workshop: must be an object"
