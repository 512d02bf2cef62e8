"""Impact over time: "Results since the last workshop" (a follow-up opens with it) and every
result recorded against the needs' measures.

Results are not part of the signed revision (core/model.Result): both pages say so, so a reader
knows that a signature confirms the decisions, not the figures measured since.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from workshop_app.core import model as m
from workshop_app.core import results as r
from workshop_app.report import theme as t
from workshop_app.report.formats import long_date, plural
from workshop_app.report.reuse import (
    bold,
    coloured,
    columns,
    header_row,
    heading,
    para,
    rich,
    table,
)
from workshop_app.report.sections.context import Context
from workshop_app.report.text import DASH, markup

_NOT_SIGNED = (
    "Results are measured after sign-off and recorded beside the signed decisions; they are "
    "not part of what participants signed."
)
_TREND_COLOURS = {r.Trend.AWAY: t.AMBER, r.Trend.FLAT: t.AMBER, r.Trend.UNKNOWN: t.MUTED}


def review_section(ctx: Context) -> list[Flowable]:
    """A follow-up's opening page: each commitment carried over, target, latest result, trend
    and the room's verdict. Nothing for a first workshop."""
    ws = ctx.ws
    if not ws.is_follow_up:
        return []
    found = r.commitments(ws, carried_only=True)
    story: list[Flowable] = [
        heading("Results since the last workshop"),
        rich(
            f"This workshop continues {bold(markup(ws.follow_up_of))}. Before new requests, the "
            f"room reviewed {plural(len(found), 'commitment')} made there: did the measure move?",
            "lead",
        ),
        Spacer(1, 4 * mm),
    ]
    if not found:
        return [*story, rich("The earlier workshop made no commitment to review.", "dash")]
    rows: list[list[Flowable]] = [
        header_row("#", "Commitment", "Target", "Latest result", "Trend", "Verdict")
    ]
    for item in found:
        latest = item.latest
        verdict = latest.verdict if latest is not None else None
        rows.append(
            [
                rich(ctx.need_codes[item.need.id], "cell_muted"),
                _commitment(ctx, item),
                para(_target(item.need), "cell"),
                _latest(latest),
                _trend(item),
                para(verdict.label if verdict is not None else "", "cell"),
            ]
        )
    story.append(table(rows, columns(9 * mm, None, 26 * mm, 30 * mm, 34 * mm, 20 * mm)))
    return [*story, Spacer(1, 3 * mm), rich(_NOT_SIGNED, "small"), PageBreak()]


def results_section(ctx: Context) -> list[Flowable]:
    """Every result recorded, need by need, oldest first; nothing while none is recorded."""
    ws = ctx.ws
    if not ws.results:
        return []
    story: list[Flowable] = [
        PageBreak(),
        heading("Results against the measures"),
        rich(
            f"{plural(len(ws.results), 'result')} recorded against the needs' outcome measures. "
            + _NOT_SIGNED,
            "body",
        ),
    ]
    for need in ws.needs:
        history = r.results_for(ws, need.id)
        if not history:
            continue
        story += [
            heading(f"{ctx.need_codes[need.id]} · {markup(need.statement or DASH)}", "h3"),
            rich(
                f"{markup(r.measure_line(need) or 'No measure recorded')} · "
                f"{_trend_text(r.trend(need, history))}",
                "small",
            ),
            Spacer(1, 1.5 * mm),
        ]
        rows: list[list[Flowable]] = [header_row("Measured", "Value", "Verdict", "Note")]
        for result in history:
            rows.append(
                [
                    para(long_date(result.date), "cell"),
                    para(result.value, "cell_bold"),
                    para(result.verdict.label if result.verdict else "", "cell"),
                    para(result.note, "cell"),
                ]
            )
        story.append(table(rows, columns(36 * mm, 34 * mm, 24 * mm, None)))
    return story


def _commitment(ctx: Context, item: r.Commitment) -> Flowable:
    number = ctx.request_numbers[item.request.id]
    kind = item.decision.kind.label if item.decision.kind is not None else ""
    return rich(
        f"{markup(item.need.statement or DASH)}<br/>"
        + coloured(f"R{number} · {kind} · {markup(item.need.measure or 'no measure')}", t.MUTED),
        "cell",
    )


def _target(need: m.Need) -> str:
    target = need.target.strip()
    when = need.by_when.strip()
    return f"{target} by {when}" if target and when else target


def _latest(result: m.Result | None) -> Flowable:
    if result is None:
        return rich("Not measured yet", "cell_dash")
    when = f"<br/>{coloured(markup(long_date(result.date)), t.MUTED)}" if result.date else ""
    return rich(f"{bold(markup(result.value))}{when}", "cell")


def _trend(item: r.Commitment) -> Flowable:
    """The trend, and the way the measure went: “5 days → 4 days → 2 days”."""
    path = [item.need.baseline.strip()] if item.need.baseline.strip() else []
    path += [result.value for result in item.results[-3:]]
    line = coloured(markup(" → ".join(path)), t.MUTED) if len(path) > 1 else ""
    return rich(_trend_text(item.trend) + (f"<br/>{line}" if line else ""), "cell")


def _trend_text(trend: r.Trend) -> str:
    text = f"{trend.arrow} {trend.label}"
    colour = _TREND_COLOURS.get(trend)
    return coloured(text, colour) if colour is not None else text
