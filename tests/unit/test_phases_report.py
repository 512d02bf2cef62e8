"""Where IT stands, IT's own ideas and the lens, as the summary PDF, the portfolio and the
command line show them."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from workshop_app.cli import main
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.kind import Kind
from workshop_app.report.export import build_pdf
from workshop_app.report.portfolio import build_portfolio_pdf
from workshop_app.report.portfolio_csv import portfolio_csv
from workshop_app.storage import portfolio as p
from workshop_app.storage.operations import Library, fresh_ids


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _workshop() -> m.Workshop:
    ws = demo_workshop()
    ws.it_phase, ws.earlier_phase, ws.earlier_phase_date = (
        m.Phase.RUN,
        m.Phase.DELIVER,
        "2026-05-04",
    )
    ws.it_reliability = "Payroll wrong every month <b>&</b> 💥"
    ws.it_delivery = "Two projects a quarter late"
    # The last request that does not share the first need: IT's own idea.
    at = max(i for i, r in enumerate(ws.requests) if r.id not in ws.needs[0].request_ids)
    ws.requests[at] = replace(ws.requests[at], origin=m.Origin.IT, text="Self-healing VPN by IT")
    return ws


def _idea_number(ws: m.Workshop) -> int:
    return next(i for i, r in enumerate(ws.requests, start=1) if r.from_it)


def test_the_summary_states_the_evidence_and_the_slide_back() -> None:
    ws = _workshop()
    text = _text(build_pdf(ws))
    assert "How reliable the systems are Payroll wrong every month <b>&</b>" in text
    assert "How projects are delivered Two projects a quarter late" in text
    assert (
        "IT's standing with Sales & People Operations slid back from Deliver to Run since "
        "2026-05-04." in text
    )
    steady = replace(ws, earlier_phase=m.Phase.RUN)
    steady_text = _text(build_pdf(steady))
    assert "slid back" not in steady_text
    assert "Unchanged since the last workshop with the division on 2026-05-04" in steady_text


def test_its_own_ideas_are_scored_and_shown_apart_from_the_divisions_requests() -> None:
    ws = _workshop()
    text = _text(build_pdf(ws))
    idea, count = _idea_number(ws), len(ws.requests)
    # In the executive summary: their own table, with the idea's request number.
    summary = text[text.index("Executive summary") : text.index("Requests, needs and decisions")]
    assert "IT's own ideas" in summary and f"R{idea} “Self-healing VPN by IT”" in summary
    # In the requests section: after every request of the division, under their own heading.
    section = text[text.index("Requests, needs and decisions") :]
    group = section.index("IT's own ideas Proposals brought by IT's own people")
    assert section.index(f"REQUEST {idea} OF {count} · IT IDEA") > group
    for number in set(range(1, count + 1)) - {idea}:
        assert section.index(f"REQUEST {number} OF {count}") < group
    assert "Proposed by" in section[group:]
    plain = demo_workshop()  # the sample's own idea brought by the division instead
    plain.requests = [replace(r, origin=m.Origin.DIVISION) for r in plain.requests]
    assert "IT's own ideas" not in _text(build_pdf(plain))  # none: no empty section


def test_the_portfolio_filters_by_lens_and_marks_its_ideas(library: Library) -> None:
    ws = _workshop()
    ws.needs[0].lens = m.Lens.CUSTOMER_FACING
    for need in ws.needs[1:]:
        need.lens = m.Lens.INTERNAL
    outward = ws.requests[0]
    library.add_workshop(fresh_ids(ws))
    rows = p.portfolio_rows(library, lens=m.Lens.CUSTOMER_FACING)
    assert [r.request for r in rows] == [
        r.text
        for r in ws.requests
        if ws.needs_for(r.id) and ws.needs_for(r.id)[0].lens is m.Lens.CUSTOMER_FACING
    ]
    assert outward.text in [r.request for r in rows]
    assert len(p.portfolio_rows(library)) == len(ws.requests)
    assert all(r.lenses for r in p.portfolio_rows(library, lens=m.Lens.INTERNAL))
    assert [r.origin for r in p.portfolio_rows(library)].count(m.Origin.IT) == 1

    full = _text(build_portfolio_pdf([ws]))
    only = _text(build_portfolio_pdf([ws], lens=m.Lens.CUSTOMER_FACING))
    assert "Customer-facing requests and their decisions" in only
    assert "IT idea “Self-healing VPN by IT”" in full
    internal_only = [r.text for r in ws.requests if r.text not in [x.request for x in rows]]
    assert internal_only and all(t.split()[0] in full for t in internal_only)
    assert "“" + internal_only[0] not in only
    csv_lines = portfolio_csv([ws], lens=m.Lens.CUSTOMER_FACING).splitlines()
    assert ",Origin,Lens," in csv_lines[0]
    assert len(csv_lines) == 1 + len(rows)
    assert portfolio_csv([ws]).count("IT's own idea") == 1


def test_the_command_line_lists_the_portfolio_by_lens_and_the_phase_history(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "cli.sqlite3"
    library = Library(db)
    ws = _workshop()
    for need in ws.needs:
        need.lens = m.Lens.INTERNAL
    ws.needs[0].lens = m.Lens.BOTH
    assert ws.requests[_idea_number(ws) - 1].id not in ws.needs[0].request_ids
    library.add_workshop(fresh_ids(ws))
    earlier = library.create_workshop("Spring", division=ws.division, date="2026-05-04")
    library.set_field(Kind.WORKSHOP, earlier, "it_phase", "deliver")
    library.close()

    assert main(["--db", str(db), "portfolio", "--lens", "customer-facing"]) == 0
    out = capsys.readouterr().out
    assert f"“{ws.requests[0].text}” — Both" in out and "Self-healing" not in out
    assert main(["--db", str(db), "portfolio", "--it-only", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["request"], r["origin"]) for r in rows] == [("Self-healing VPN by IT", "it")]
    assert main(["--db", str(db), "portfolio"]) == 0
    assert "[IT idea] “Self-healing VPN by IT”" in capsys.readouterr().out

    assert main(["--db", str(db), "phases", ws.division]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2026-09-15  Run") and lines[1].startswith("2026-05-04  Deliver")
    assert lines[2] == (
        f"IT's standing with {ws.division} slid back from Deliver to Run since 2026-05-04."
    )
    assert main(["--db", str(db), "phases", "Nobody"]) == 0
    assert "No workshop with Nobody" in capsys.readouterr().out
