"""The summary shows impact: a follow-up opens with "Results since the last workshop", and every
result recorded against a measure is listed; neither disturbs what was signed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pypdf import PdfReader

from tests.unit.test_signing_support import PASSPHRASE, make_identity, signed_off
from workshop_app.core import follow_up
from workshop_app.core import model as m
from workshop_app.core.demo import demo_results, demo_workshop
from workshop_app.report.export import build_pdf
from workshop_app.report.signing import sign_pdf
from workshop_app.report.verify import verify_pdf
from workshop_app.storage import results as stored
from workshop_app.storage.operations import Library


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _follow_up() -> m.Workshop:
    earlier = demo_workshop()
    earlier.results = demo_results(earlier)
    follow = follow_up.follow_up_workshop(earlier)
    next(x for x in follow.results if x.value == "±34%").verdict = m.Verdict.NOT_MOVED
    return follow


def test_a_follow_up_opens_with_the_results_since_the_last_workshop() -> None:
    pages = _pages(build_pdf(_follow_up()))
    opening = pages[1]  # right after the cover, before the executive summary
    assert opening.startswith("DRAFT Results since the last workshop")
    assert "continues Q3 alignment with Sales and People (2026-09-15)" in opening
    assert "reviewed 4 commitments" in opening
    for fragment in (
        "Quotes go out within a day",
        "1 day by Q2 2027",  # the target
        "2 days 31 January 2027",  # the latest result
        "Moving toward the target",
        "5 days → 4 days → 2 days",  # the way it went
        "Moving away from the target",
        "Not moved",  # the room's verdict
        "Integration failures are caught",  # IT's own idea is reviewed like any commitment
        "14 a month → 7 a month → 3 a month",
        "Target met",
        "not part of what participants signed",
    ):
        assert fragment in opening, fragment
    assert "Executive summary" in pages[2]


def test_every_result_is_listed_need_by_need_and_a_first_workshop_has_no_review() -> None:
    ws = demo_workshop()
    plain = _pages(build_pdf(ws))
    assert not any("Results since the last workshop" in p for p in plain)
    assert not any("Results against the measures" in p for p in plain)
    ws.results = demo_results(ws)
    ws.results[0].note = "Pilot <b>teams</b> & R&D <i>x 🚀 مرحبا"
    pages = _pages(build_pdf(ws))
    assert len(pages) == len(plain) + 1
    (listing,) = [p for p in pages if "Results against the measures" in p]
    assert "7 results recorded" in listing
    assert "N1 · Quotes go out within a day" in listing
    assert "30 November 2026 4 days" in listing
    assert "Pilot <b>teams</b> & R&D <i>x" in listing
    assert not any("Results since the last workshop" in p for p in pages)


def test_results_recorded_after_sign_off_leave_the_signed_summary_verifiable(
    library: Library, demo_id: str, tmp_path: Path
) -> None:
    signed = signed_off(library, demo_id)
    before = build_pdf(signed, signature_block=True)
    for result in demo_results(signed):
        stored.restore(library, result)
    after = library.workshop(demo_id)
    pdf = sign_pdf(build_pdf(after, signature_block=True), make_identity(tmp_path), PASSPHRASE)
    verdict = verify_pdf(pdf)
    assert verdict.ok, verdict.lines
    assert verdict.workshop is not None and len(verdict.workshop.results) == 7
    # The digest printed on every page is the one printed before the results came in.
    footer = _pages(before)[1].split("Document digest SHA-256 ")[1][:64]
    assert all(footer in page for page in _pages(pdf))


def test_the_portfolio_shows_each_divisions_commitments_with_their_results() -> None:
    from workshop_app.report.portfolio import build_portfolio_pdf
    from workshop_app.report.portfolio_csv import portfolio_csv

    sales = demo_workshop()
    sales.results = demo_results(sales)
    finance = m.Workshop(title="Finance planning", division="Finance <b>", date="2026-05-04")
    finance.requests = [m.Request("Automated bank reconciliation")]
    finance.needs = [m.Need("Books close in 3 days", [finance.requests[0].id], target="3 days")]
    finance.decisions = [m.Decision(finance.requests[0].id, m.DecisionKind.PROCEED)]
    text = " ".join(" ".join(_pages(build_portfolio_pdf([sales, finance]))).split())
    start = text.index("Commitments and their results, by division")
    section = text[start : text.index("Every request and its decision")]
    assert section.index("Finance <b>") < section.index("Sales & People Operations")
    assert "Books close in 3 days — 3 days not measured yet · No trend yet" in section
    assert "2 days on 2027-01-31" in section and "Moving toward the target" in section
    assert "±34% on 2026-12-15" in section and "Moving away from the target" in section
    rows = list(csv.DictReader(io.StringIO(portfolio_csv([sales, finance]), newline="")))
    crm = next(row for row in rows if "We need a new CRM by March" in row["Request"])
    assert crm["Latest result"] == "2 days on 2027-01-31 · target 1 day"
    assert crm["Trend"] == "Moving toward the target"
    declined = next(row for row in rows if "weekly Excel export" in row["Request"])
    assert (declined["Latest result"], declined["Trend"]) == ("", "")
