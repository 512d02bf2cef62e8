"""A portfolio PDF: many workshops in one document, for a steering committee or board pack."""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, Spacer

from workshop_app.core import model as m
from workshop_app.core import results as res
from workshop_app.core.capacity import Capacity
from workshop_app.core.comparable import Scoring, portfolio_priority, scoring_note
from workshop_app.core.interchange import content_digest
from workshop_app.core.lens import lens_matches
from workshop_app.core.origin import IT_MARK
from workshop_app.core.portfolio import shared_needs
from workshop_app.core.scoring import alignment
from workshop_app.report import fonts, layout
from workshop_app.report import theme as t
from workshop_app.report.blocks import decisions_by_kind, masthead, tiles
from workshop_app.report.capacity import capacity_section
from workshop_app.report.formats import long_date, number, plural
from workshop_app.report.reuse import (
    bold,
    build,
    coloured,
    columns,
    header_row,
    heading,
    para,
    rich,
    table,
)
from workshop_app.report.roadmap import roadmap_section
from workshop_app.report.text import DASH, markup


def portfolio_digest(workshops: list[m.Workshop]) -> str:
    """SHA-256 over the workshops' content digests, in order: identifies this exact portfolio."""
    joined = "\n".join(content_digest(ws) for ws in workshops)
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def build_portfolio_pdf(
    workshops: list[m.Workshop],
    lens: m.Lens | None = None,
    capacities: list[Capacity] | None = None,
) -> bytes:
    """One PDF summarising many workshops: their status, every request and its decision;
    `lens` lists only the requests whose needs match it (core/lens.py); with `capacities`,
    what the commitments need against the first period's capacity."""
    fonts.register_fonts()
    buffer = io.BytesIO()
    doc = layout.SummaryDocTemplate(
        buffer,
        draft=False,
        title="Portfolio of alignment workshops",
        author="",
        subject=f"Portfolio summary of {plural(len(workshops), 'workshop')}",
        creator="Workshop App",
        keywords="",
    )
    story: list[Flowable] = [NextPageTemplate("body"), *_overview(workshops)]
    story += _commitments(workshops)
    story += _shared(workshops)
    story += capacity_section(workshops, capacities or [])
    story += roadmap_section(workshops)
    first = capacities[0] if capacities else None
    story += _requests(workshops, lens, first)
    decoration = layout.Decoration(
        header_title=f"Portfolio · {plural(len(workshops), 'workshop')}",
        footer_note=f"Portfolio digest SHA-256 {portfolio_digest(workshops)}",
        draft=False,
        status_tag="PORTFOLIO",
    )
    build(doc, story, layout.canvas_maker(decoration))
    return buffer.getvalue()


def _overview(workshops: list[m.Workshop]) -> list[Flowable]:
    requests = sum(len(ws.requests) for ws in workshops)
    needs = sum(len(ws.needs) for ws in workshops)
    counts: Counter[m.DecisionKind | None] = Counter(
        ws.decision_for(r.id).kind for ws in workshops for r in ws.requests
    )
    dates = sorted(ws.date for ws in workshops if ws.date)
    span = ""
    if dates:
        span = (
            long_date(dates[0])
            if dates[0] == dates[-1]
            else (f"{long_date(dates[0])} to {long_date(dates[-1])}")
        )
    story: list[Flowable] = [
        Spacer(1, 6 * mm),
        *masthead("IT ALIGNMENT WORKSHOPS · PORTFOLIO"),
        Spacer(1, 6 * mm),
        rich(f"Portfolio of {plural(len(workshops), 'workshop')}", "cover_title"),
        Spacer(1, 2 * mm),
        rich(span or DASH, "cover_sub"),
        Spacer(1, 9 * mm),
        tiles(
            [
                (len(workshops), "Workshops"),
                (requests, "Requests"),
                (needs, "Needs"),
                *((counts.get(kind, 0), kind.label) for kind in m.DecisionKind),
            ]
        ),
        Spacer(1, 8 * mm),
    ]
    story.append(decisions_by_kind(counts))
    story.append(heading("Workshops", "h2"))
    rows: list[list[Any]] = [
        header_row(
            "#", "Workshop", "Date", "Status", ("Requests", "th_right"), ("Decided", "th_right")
        )
    ]
    for i, ws in enumerate(workshops, start=1):
        decided = sum(1 for r in ws.requests if ws.decision_for(r.id).kind is not None)
        signed = ws.status is m.Status.SIGNED_OFF
        status = f"{ws.status.label} · rev {ws.revision}"
        rows.append(
            [
                rich(f"W{i}", "cell_bold"),
                [para(ws.title, "cell_bold"), para(ws.division, "cell_muted")],
                para(long_date(ws.date), "cell"),
                rich(status if signed else coloured(status, t.AMBER), "cell"),
                rich(f"{len(ws.requests):,}", "cell_right"),
                rich(f"{decided:,}", "cell_right"),
            ]
        )
    if not workshops:
        rows.append([rich("No workshops selected.", "cell_muted"), "", "", "", "", ""])
    story.append(
        table(
            rows,
            columns(10 * mm, None, 33 * mm, 36 * mm, 17 * mm, 16 * mm),
        )
    )
    return story


def _commitments(workshops: list[m.Workshop]) -> list[Flowable]:
    """Each division's commitments (proceed, reshape) with their latest result and trend."""
    by_division: dict[str, list[tuple[int, res.Commitment]]] = {}
    for i, ws in enumerate(workshops, start=1):
        for item in res.commitments(ws):
            by_division.setdefault(ws.division.strip(), []).append((i, item))
    if not by_division:
        return []
    story: list[Flowable] = [
        Spacer(1, 4 * mm),
        heading("Commitments and their results, by division", "h2"),
        rich(
            "What IT committed to in each workshop, the target agreed in the room and what the "
            "measure shows since. Results are recorded after sign-off, outside what was signed.",
            "small",
        ),
    ]
    for division in sorted(by_division, key=str.casefold):
        story.append(heading(markup(division) if division else "No division", "h3"))
        rows: list[list[Any]] = [header_row("", "Commitment", "Target", "Latest result", "Trend")]
        for i, item in by_division[division]:
            latest = item.latest
            rows.append(
                [
                    rich(f"W{i}", "cell_muted"),
                    [para(item.need.statement, "cell"), para(item.need.measure, "cell_muted")],
                    para(item.need.target, "cell"),
                    para(res.result_line(latest), "cell" if latest else "cell_muted"),
                    rich(_trend(item.trend), "cell"),
                ]
            )
        story.append(table(rows, columns(9 * mm, None, 30 * mm, 38 * mm, 34 * mm)))
    return story


def _shared(workshops: list[m.Workshop]) -> list[Flowable]:
    """Needs of different divisions that serve one company goal with similar wording."""
    groups = shared_needs(workshops)
    if not groups:
        return []
    number_of = {ws.id: i for i, ws in enumerate(workshops, start=1)}
    story: list[Flowable] = [
        Spacer(1, 4 * mm),
        heading("Same need, other divisions", "h2"),
        rich(
            "Needs of different divisions that serve the same company goal (the same goal of "
            "the company's goal library, whichever version each workshop took, or else the same "
            "title) in similar words. One solution may serve them all.",
            "small",
        ),
    ]
    for group in groups:
        story.append(para(group.sentence(), "h3"))
        rows: list[list[Any]] = [header_row("", "Division", "Need")]
        for member in group.members:
            rows.append(
                [
                    rich(f"W{number_of[member.workshop_id]}", "cell_muted"),
                    para(member.division, "cell"),
                    para(member.statement, "cell"),
                ]
            )
        story.append(para(group.goal_words(), "small"))
        story.append(table(rows, columns(9 * mm, 40 * mm, None)))
    return story


def _trend(trend: res.Trend) -> str:
    text = f"{trend.arrow} {trend.label}"
    if trend in (res.Trend.AWAY, res.Trend.FLAT):
        return coloured(text, t.AMBER)
    return coloured(text, t.MUTED) if trend is res.Trend.UNKNOWN else text


def _requests(
    workshops: list[m.Workshop], lens: m.Lens | None = None, period: Capacity | None = None
) -> list[Flowable]:
    title = "Every request and its decision"
    if lens is not None:
        title = _LENS_TITLE[lens]
    story: list[Flowable] = [
        Spacer(1, 4 * mm),
        heading(title, "h2"),
        rich(
            "Alignment (out of 100) and priority are the best among the needs found behind "
            "each request; amber marks unclear alignment or an open decision. "
            f"{bold(IT_MARK)} marks a proposal from IT's own people."
            + (f" Only requests with a need whose lens is {_LENS_NOTE[lens]}." if lens else "")
            + (f" {markup(_note(workshops, period))}" if period else ""),
            "small",
        ),
        Spacer(1, 2 * mm),
    ]
    scoring: Scoring | None = period.scoring if period else None
    rows: list[list[Any]] = [
        header_row(
            "", "Request", "Need(s)", ("Align.", "th_right"), ("Priority", "th_right"), "Decision"
        )
    ]
    for i, ws in enumerate(workshops, start=1):
        for request in ws.requests:
            needs = ws.needs_for(request.id)
            if not lens_matches((n.lens for n in needs), lens):
                continue
            results = [alignment(ws, n) for n in needs]
            scores = [portfolio_priority(ws, n, scoring).score for n in needs]
            best = max(results, key=lambda r: r.score) if results else None
            decision = ws.decision_for(request.id)
            kind = decision.kind.label if decision.kind else coloured("Not decided", t.AMBER)
            align_text = DASH
            if best is not None:
                align_text = coloured(str(best.score), t.AMBER) if best.unclear else str(best.score)
            rows.append(
                [
                    rich(f"W{i}", "cell_muted"),
                    rich(_request_text(request), "cell"),
                    [para(n.statement, "cell") for n in needs] or [rich(DASH, "cell_dash")],
                    rich(align_text, "cell_right"),
                    rich(number(max(scores)) if scores else DASH, "cell_right"),
                    [rich(bold(kind), "cell")]
                    + ([para(decision.owner, "cell_muted")] if decision.owner.strip() else []),
                ]
            )
    if len(rows) == 1:
        rows.append([rich("", "cell"), rich("No requests.", "cell_muted"), "", "", "", ""])
    story.append(
        table(
            rows,
            columns(9 * mm, 50 * mm, None, 13 * mm, 15 * mm, 32 * mm),
        )
    )
    return story


_LENS_TITLE = {
    m.Lens.INTERNAL: "Internal requests and their decisions",
    m.Lens.CUSTOMER_FACING: "Customer-facing requests and their decisions",
    m.Lens.BOTH: "Requests both internal and customer-facing, and their decisions",
}
_LENS_NOTE = {
    m.Lens.INTERNAL: "internal or both",
    m.Lens.CUSTOMER_FACING: "customer-facing or both",
    m.Lens.BOTH: "both internal and customer-facing",
}


def _note(workshops: list[m.Workshop], period: Capacity) -> str:
    return scoring_note(workshops, period.scoring, period.period)


def _request_text(request: m.Request) -> str:
    text = f"“{markup(request.text)}”"
    return f"{coloured(bold(IT_MARK), t.ACCENT)}  {text}" if request.from_it else text
