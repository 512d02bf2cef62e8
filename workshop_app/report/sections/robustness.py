"""The appendix on how robust the ranking is: whether the top of it is robust or fragile, and for
each pair of neighbours the smallest change of one goal's weight that would swap them."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from workshop_app.core import model as m
from workshop_app.core.sensitivity import Sensitivity, Verdict, workshop_sensitivity
from workshop_app.core.text import clip
from workshop_app.report import theme as t
from workshop_app.report.blocks import callout, chip, opening
from workshop_app.report.formats import plural
from workshop_app.report.reuse import bold, coloured, columns, header_row, para, rich, table
from workshop_app.report.sections.context import Context
from workshop_app.report.text import markup

#: The pairs listed; a larger ranking is summed up below the table.
PAIRS_LISTED = 30


def robustness_section(ctx: Context) -> list[Flowable]:
    """Nothing for a workshop with fewer than two needs: there is no order to change."""
    if len(ctx.ws.needs) < 2:
        return []
    result = workshop_sensitivity(ctx.ws)
    return [
        PageBreak(),
        *opening(
            "Appendix: how robust the ranking is",
            "For each pair of neighbours in the priority order, the smallest change of one "
            "strategic goal's weight that would swap them. An order that one small change "
            "reverses deserves a second look before it decides where money goes.",
            4 * mm,
        ),
        _verdict(result),
        Spacer(1, 4 * mm),
        *_pairs(ctx, result),
        Spacer(1, 3 * mm),
        *[rich(markup(note), "small") for note in result.notes],
    ]


def _verdict(result: Sensitivity) -> Flowable:
    fragile = result.verdict == Verdict.FRAGILE
    label = "Fragile" if fragile else "Robust"
    return callout(
        [chip(label, attention=fragile), Spacer(1, 2 * mm), para(result.verdict_text, "body")],
        attention=fragile,
    )


def _pairs(ctx: Context, result: Sensitivity) -> list[Flowable]:
    codes = {need.id: ctx.need_codes[need.id] for need in ctx.ws.needs}
    rows: list[list[Flowable]] = [
        header_row("Places", "Higher", "Lower", "Smallest change that swaps them")
    ]
    for pair in result.pairs[:PAIRS_LISTED]:
        if pair.swap is None:
            change = rich(coloured("No change of one weight swaps them", t.MUTED), "cell")
        else:
            goal = ctx.ws.goal(pair.swap.goal_id)
            code = ctx.goal_codes.get(pair.swap.goal_id, "")
            name = markup(goal.title if goal is not None else pair.swap.goal_title)
            change = rich(
                f"{bold(code)}  {name}: weight {pair.swap.weight_from} → "
                f"{bold(str(pair.swap.weight_to))}",
                "cell",
            )
        rows.append(
            [
                rich(f"{pair.upper.position}–{pair.lower.position}", "cell_muted"),
                _need(codes, ctx.ws, pair.upper.id),
                _need(codes, ctx.ws, pair.lower.id),
                change,
            ]
        )
    need_width = (t.CONTENT_WIDTH - 14 * mm - 58 * mm) / 2
    story: list[Flowable] = [table(rows, columns(14 * mm, need_width, None, 58 * mm))]
    rest = result.pairs[PAIRS_LISTED:]
    if rest:
        swapped = sum(1 for pair in rest if pair.swap is not None)
        story.append(
            rich(
                f"The other {plural(len(rest), 'pair')} further down: {swapped:,} of them can be "
                "swapped by changing one weight; “workshop-app sensitivity” lists them all.",
                "small",
            )
        )
    return story


def _need(codes: dict[str, str], ws: m.Workshop, need_id: str) -> Flowable:
    need = ws.need(need_id)
    statement = need.statement if need is not None and need.statement.strip() else ""
    # Shortened, as in every overview: the need's own section prints it whole.
    text = markup(clip(statement, 160)) if statement else coloured("(no statement yet)", t.MUTED)
    return rich(f"{bold(codes.get(need_id, ''))}  {text}", "cell")
