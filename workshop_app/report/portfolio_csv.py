"""A portfolio of workshops as a spreadsheet: every request, one row each (CSV)."""

from __future__ import annotations

import csv
import io

from workshop_app.core import model as m
from workshop_app.core.capacity import estimate_of
from workshop_app.core.comparable import Scoring, portfolio_priority
from workshop_app.core.lens import lens_matches
from workshop_app.core.portfolio import commitment_result, shared_needs, shared_words
from workshop_app.core.scoring import alignment
from workshop_app.report.text import clean

_CSV_COLUMNS = (
    "Workshop",
    "Division",
    "Date",
    "Revision",
    "Status",
    "Request",
    "Requested by",
    "Need(s)",
    "Alignment score",
    "Alignment unclear",
    "Priority",
    "Framework",
    "Decision",
    "Rationale",
    "Owner",
    "Next step",
    "Due date",
    "Origin",
    "Lens",
    "Latest result",
    "Trend",
    "Person-days",
    "Money",
    "Estimate confidence",
    "Workshop's own framework",
    "Same need, other divisions",
)


def portfolio_csv(
    workshops: list[m.Workshop], lens: m.Lens | None = None, scoring: Scoring | None = None
) -> str:
    """Every request across the workshops, one row each, for a spreadsheet.

    Needs are joined with " | "; alignment and priority are the best among the request's needs,
    the priority under the period's `scoring` when given (core/comparable.py; the Framework
    column names it, the last column the workshop's own). The estimate sums its needs'
    person-days and money, with the least sure confidence.
    `lens` keeps only the requests whose needs match it (core/lens.py). The last column names
    the other divisions' needs its need is grouped with (core/portfolio.shared_needs).
    Cells that a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe.
    Write it as "utf-8-sig" so that Excel recognises the encoding.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_CSV_COLUMNS)
    groups = shared_needs(workshops)
    for ws in workshops:
        for request in ws.requests:
            needs = ws.needs_for(request.id)
            if not lens_matches((n.lens for n in needs), lens):
                continue
            results = [alignment(ws, n) for n in needs]
            priorities = [portfolio_priority(ws, n, scoring) for n in needs]
            decision = ws.decision_for(request.id)
            best = max(results, key=lambda r: r.score) if results else None
            result, trend = "", ""
            if decision.kind in m.COMMITMENTS and needs:
                line, moving = commitment_result(ws, needs)
                result, trend = _cell(line), moving.label
            writer.writerow(
                [
                    _cell(ws.title),
                    _cell(ws.division),
                    ws.date,
                    ws.revision,
                    ws.status.label,
                    _cell(request.text),
                    _cell(request.requested_by),
                    _cell(" | ".join(n.statement for n in needs)),
                    best.score if best else "",
                    ("yes" if best.unclear else "no") if best else "",
                    f"{max(p.score for p in priorities):.1f}" if priorities else "",
                    scoring.label() if scoring else ws.framework.label,
                    decision.kind.label if decision.kind else "Not decided",
                    _cell(decision.rationale),
                    _cell(decision.owner),
                    _cell(decision.next_step),
                    decision.due_date,
                    request.origin.label,
                    ", ".join(dict.fromkeys(n.lens.label for n in needs if n.lens is not None)),
                    result,
                    trend,
                    *estimate_of(needs).cells(),
                    ws.framework.label,
                    _cell(shared_words(groups, ws.id, request.id)),
                ]
            )
    return buffer.getvalue()


def _cell(text: str) -> str:
    text = clean(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
