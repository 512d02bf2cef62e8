"""The summary PDF read back with pypdf: content, attachment, determinism, files on disk."""

from __future__ import annotations

import copy
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import UserError
from workshop_app.report.export import build_pdf, default_file_name, export_pdf
from workshop_app.report.layout import signature_box
from workshop_app.report.portfolio import build_portfolio_pdf
from workshop_app.report.portfolio_csv import portfolio_csv


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _squash(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module")
def demo() -> m.Workshop:
    return demo_workshop()


@pytest.fixture(scope="module")
def demo_pdf(demo: m.Workshop) -> bytes:
    return build_pdf(demo)


@pytest.fixture(scope="module")
def demo_text(demo_pdf: bytes) -> str:
    return _squash(_text(demo_pdf))


def signed_off(ws: m.Workshop) -> m.Workshop:
    ws = copy.deepcopy(ws)
    digest = interchange.content_digest(ws)
    ws.status = m.Status.SIGNED_OFF
    ws.signatures = [
        m.Signature(
            p.id,
            p.name,
            content_digest=digest,
            signed_at="2026-09-15T11:00:00Z",
            drawing="10,10 200,300 400,100;500,500 900,600",
        )
        for p in ws.participants
        if p.decision_maker
    ]
    return ws


def test_every_request_need_decision_and_participant_is_in_the_text(
    demo: m.Workshop, demo_text: str
) -> None:
    expected = [demo.title, demo.division, demo.company, demo.location, demo.facilitator]
    expected += [r.text for r in demo.requests] + [r.requested_by for r in demo.requests]
    for need in demo.needs:
        expected += [need.statement, *need.why_ladder, need.beneficiaries]
    for decision in demo.decisions:
        assert decision.kind is not None
        expected += [decision.kind.label, decision.rationale, decision.owner, decision.next_step]
    expected += [p.name for p in demo.participants] + [p.role for p in demo.participants]
    expected += [g.title for g in demo.goals] + [g.measure for g in demo.goals]
    expected += [a.text for a in demo.actions]
    missing = [s for s in expected if s and _squash(s) not in demo_text]
    assert not missing


def test_the_sections_charts_and_footer_are_there(demo: m.Workshop, demo_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(demo_pdf))
    pages = [_squash(p.extract_text()) for p in reader.pages]
    digest = interchange.document_digest(demo)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert f"Document digest SHA-256 {digest}" in page
    whole = " ".join(pages)
    for heading in (
        "Executive summary",
        "Strategic goals",
        "Quick wins",
        "Money pits",
        "Decisions by kind",
        "Action items",
        "Sign-off",
        "Misaligned phase",
        "Where alignment is unclear",
    ):
        assert heading in whole
    assert "None" not in whole


def test_metadata_names_the_workshop_and_no_local_details(
    demo: m.Workshop, demo_pdf: bytes
) -> None:
    meta = PdfReader(io.BytesIO(demo_pdf)).metadata
    assert meta is not None
    assert meta.title == demo.title
    assert meta.author == demo.facilitator
    assert meta.subject is not None and demo.division in meta.subject
    assert meta.creation_date is not None and meta.creation_date.year == 2026
    raw = demo_pdf.decode("latin-1")
    for private in {os.environ.get("USER", ""), str(Path.home()), os.getcwd()} - {"", "/"}:
        assert private not in raw


def test_the_attachment_imports_back_to_an_equal_workshop(
    demo: m.Workshop, demo_pdf: bytes
) -> None:
    (raw,) = PdfReader(io.BytesIO(demo_pdf)).attachments["workshop.json"]
    assert interchange.loads(raw) == demo


def test_two_exports_are_byte_identical_even_across_processes(
    demo: m.Workshop, demo_pdf: bytes, tmp_path: Path
) -> None:
    assert build_pdf(copy.deepcopy(demo)) == demo_pdf
    source = tmp_path / "ws.json"
    source.write_text(interchange.dumps(demo), encoding="utf-8")
    script = (
        "import sys; from pathlib import Path\n"
        "from workshop_app.core import interchange\n"
        "from workshop_app.report.export import build_pdf\n"
        "ws = interchange.loads(Path(sys.argv[1]).read_bytes())\n"
        "sys.stdout.buffer.write(build_pdf(ws))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(source)], capture_output=True, check=True
    )
    assert result.stdout == demo_pdf


def test_page_count_grows_with_the_workshop(demo: m.Workshop, demo_pdf: bytes) -> None:
    bigger = copy.deepcopy(demo)
    for i in range(12):
        request = m.Request(f"Extra request {i}", "Someone", "soon", m.Urgency.LOW, m.Phase.RUN)
        bigger.requests.append(request)
        bigger.needs.append(m.Need(f"Extra need {i}", [request.id], ["why"]))
        bigger.decisions.append(m.Decision(request.id))
    pages = len(PdfReader(io.BytesIO(demo_pdf)).pages)
    bigger_pdf = build_pdf(bigger)
    assert len(PdfReader(io.BytesIO(bigger_pdf)).pages) > pages
    assert "Extra need 11" in _text(bigger_pdf)


def test_drafts_say_draft_on_every_page_and_signed_off_revisions_do_not(
    demo: m.Workshop, demo_pdf: bytes
) -> None:
    for page in PdfReader(io.BytesIO(demo_pdf)).pages:
        assert "DRAFT" in page.extract_text()
    final = build_pdf(signed_off(demo), signature_block=True)
    text = _text(final)
    assert "DRAFT" not in text
    assert "SIGNED OFF" in text
    assert "Digital signature" in text


def test_a_workshop_with_almost_nothing_in_it_still_exports() -> None:
    pdf = build_pdf(m.Workshop(title="Empty"))
    text = _text(pdf)
    assert "No requests were captured." in text
    assert "None" not in text


def test_the_audit_appendix_lists_the_lines_given(demo: m.Workshop) -> None:
    text = _text(build_pdf(demo, audit_lines=["2026-09-15 10:02 decision recorded <b>"]))
    assert "Appendix: audit summary" in text
    assert "decision recorded <b>" in text


def test_the_signature_box_is_inside_the_page_and_clear_of_the_content() -> None:
    x1, y1, x2, y2 = signature_box()
    assert 0 < x1 < x2 < 595.3 and 0 < y1 < y2 < 841.9
    assert y2 - y1 > 60 and x2 - x1 > 200


def test_default_file_names_are_safe(demo: m.Workshop) -> None:
    name = default_file_name(demo)
    assert name == (
        "2026-09-15 Sales & People Operations - Q3 alignment with Sales and People"
        " - rev 1 draft.pdf"
    )
    hostile = m.Workshop(title='a/b\\c:d*e?f"g<h>i|j\x01 ' + "x" * 400, division="CON")
    name = default_file_name(hostile)
    assert not set('/\\:*?"<>|\x01') & set(name)
    assert len(name.encode()) <= 200
    assert name.endswith(" - rev 1 draft.pdf")
    assert default_file_name(m.Workshop(title="...")) == "Workshop - rev 1 draft.pdf"


def test_exporting_into_a_folder_never_overwrites(demo: m.Workshop, tmp_path: Path) -> None:
    first = export_pdf(demo, tmp_path)
    second = export_pdf(demo, tmp_path)
    third = export_pdf(demo, tmp_path)
    assert first.name == default_file_name(demo)
    assert second.name.endswith(" (2).pdf") and third.name.endswith(" (3).pdf")
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [first.name, second.name, third.name]
    )


def test_exporting_to_a_chosen_file_writes_exactly_there(demo: m.Workshop, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    assert export_pdf(demo, target) == target.resolve()
    assert target.read_bytes().startswith(b"%PDF")


def test_a_missing_folder_is_one_clear_sentence(demo: m.Workshop, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        export_pdf(demo, tmp_path / "nowhere")
    with pytest.raises(UserError, match="does not exist"):
        export_pdf(demo, tmp_path / "nowhere" / "summary.pdf")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_folder_is_one_clear_sentence(demo: m.Workshop, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError, match="read-only"):
            export_pdf(demo, folder)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_failed_write_leaves_no_file(
    demo: m.Workshop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workshop_app.core.files.os.replace", disk_full)
    with pytest.raises(UserError, match="disk is full"):
        export_pdf(demo, tmp_path)
    with pytest.raises(UserError, match="disk is full"):
        export_pdf(demo, tmp_path / "chosen.pdf")
    assert list(tmp_path.iterdir()) == []


def test_the_portfolio_pdf_and_csv_cover_every_request(demo: m.Workshop) -> None:
    other = copy.deepcopy(demo)
    other.title = "Q4 alignment with Finance"
    other.division = "Finance"
    other.requests[0].text = '=HYPERLINK("http://example.invalid")'
    workshops = [demo, signed_off(other)]
    text = "".join(_text(build_portfolio_pdf(workshops)).split())
    for ws in workshops:
        assert "".join(ws.title.split()) in text
        for request in ws.requests:
            assert "".join(request.text.split()) in text
    csv_text = portfolio_csv(workshops)
    lines = csv_text.splitlines()
    assert lines[0].startswith("Workshop,Division,Date")
    assert len(lines) == 1 + len(demo.requests) + len(other.requests)
    assert "We need a new CRM by March" in csv_text
    assert "'=HYPERLINK" in csv_text  # never a live formula in a spreadsheet
    assert build_portfolio_pdf([]).startswith(b"%PDF")


def test_a_folder_that_refuses_new_files_is_one_clear_sentence(
    demo: m.Workshop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("workshop_app.report.export.os.open", refuse)
    with pytest.raises(UserError, match="read-only"):
        export_pdf(demo, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_overviews_shorten_a_very_long_need_and_its_section_prints_it_whole() -> None:
    """A pasted essay must not repeat page after page in the summary tables and legend."""
    import io

    from pypdf import PdfReader

    from workshop_app.core.demo import demo_workshop
    from workshop_app.report.export import build_pdf

    workshop = demo_workshop()
    workshop.needs[0].statement = "Quotes go out fast " + "and reps sell " * 400 + "ENDMARK"
    text = "".join(
        page.extract_text() or "" for page in PdfReader(io.BytesIO(build_pdf(workshop))).pages
    )
    # In full only in the sections of the requests it serves; shortened everywhere else.
    assert text.count("ENDMARK") == len(workshop.needs[0].request_ids)
