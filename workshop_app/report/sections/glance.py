"""At a glance: the need × goal heat map, value against effort, and decisions by kind."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from workshop_app.core import model as m
from workshop_app.core.scoring import need_quadrant, value_points
from workshop_app.report import charts
from workshop_app.report import theme as t
from workshop_app.report.blocks import decisions_by_kind
from workshop_app.report.formats import brief, number
from workshop_app.report.reuse import (
    ALL,
    coloured,
    columns,
    grid,
    header_row,
    heading,
    para,
    rich,
    table,
)
from workshop_app.report.sections.context import Context

#: Charts stay readable up to these sizes; larger workshops chart their top needs and goals.
MAX_CHART_NEEDS = 30
MAX_CHART_GOALS = 20
MAX_QUADRANT_NEEDS = 14


def glance_section(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    story: list[Flowable] = [CondPageBreak(120 * mm)]
    # The section heading travels with its first chart, never alone at the foot of a page.
    intro: list[Flowable] = [Spacer(1, 6 * mm), heading("At a glance")]
    if ws.needs and ws.goals:
        story += _heat_map(ctx, intro)
    else:
        story += intro
    if ws.needs:
        story += _value_effort(ctx)
    story.append(decisions_by_kind(ctx.decision_counts()))
    return story


def _heat_map(ctx: Context, intro: list[Flowable]) -> list[Flowable]:
    ws = ctx.ws
    needs = ctx.ranked[:MAX_CHART_NEEDS]
    needs.sort(key=ws.needs.index)
    goals = sorted(ws.goals, key=lambda g: -g.weight)[:MAX_CHART_GOALS]
    goals.sort(key=ws.goals.index)
    drawing = charts.heat_map(
        [ctx.need_codes[n.id] for n in needs],
        [ctx.goal_codes[g.id] for g in goals],
        [g.weight for g in goals],
        [[ws.strength(n.id, g.id).points for g in goals] for n in needs],
        [ctx.alignments[n.id].score for n in needs],
        [ctx.alignments[n.id].unclear for n in needs],
        max_width=t.CONTENT_WIDTH,
    )
    block: list[Flowable] = [
        *intro,
        heading("How each need serves the strategic goals", "h2"),
        rich(
            "Rows are needs, columns are goals with their weight; the darker the cell, "
            "the stronger the link. The score is the need's alignment out of 100.",
            "small",
        ),
        Spacer(1, 3 * mm),
        drawing,
    ]
    if len(needs) < len(ws.needs) or len(goals) < len(ws.goals):
        block.append(
            rich(
                f"Showing the {len(needs)} highest-priority needs and the {len(goals)} "
                "most heavily weighted goals; every link is listed with its request.",
                "small",
            )
        )
    return [KeepTogether(block), Spacer(1, 3 * mm), _code_legend(ctx, needs, goals)]


def _code_legend(ctx: Context, needs: list[m.Need], goals: list[m.StrategicGoal]) -> Table:
    """Needs on the left, goals on the right, as one table so long legends split by row."""
    half = (t.CONTENT_WIDTH - 8 * mm) / 2
    need_cells = [
        [rich(ctx.need_codes[n.id], "small_bold"), para(brief(n.statement), "small")] for n in needs
    ]
    goal_cells = [
        [rich(ctx.goal_codes[g.id], "small_bold"), para(brief(g.title), "small")] for g in goals
    ]
    blank = ["", ""]
    rows = [
        (need_cells[i] if i < len(need_cells) else blank)
        + (goal_cells[i] if i < len(goal_cells) else blank)
        for i in range(max(len(need_cells), len(goal_cells), 1))
    ]
    return grid(
        rows,
        [9 * mm, half - 9 * mm + 8 * mm, 9 * mm, half - 9 * mm],
        [
            ("VALIGN", *ALL, "TOP"),
            ("LEFTPADDING", *ALL, 0),
            ("RIGHTPADDING", *ALL, 3),
            ("RIGHTPADDING", (1, 0), (1, -1), 3 + 8 * mm),
            ("TOPPADDING", *ALL, 1),
            ("BOTTOMPADDING", *ALL, 1.5),
        ],
        splitInRow=1,
    )


def _value_effort(ctx: Context) -> list[Flowable]:
    # The side table sits in one row beside the chart and cannot split across pages, so
    # both show only as many needs as fit beside the chart.
    shown = ctx.ranked[:MAX_QUADRANT_NEEDS]
    quadrant = charts.value_effort_chart(
        [
            charts.QuadrantPoint(
                ctx.need_codes[n.id],
                value_points(ctx.ws, n),
                float(n.assessment.effort if n.assessment.effort is not None else 5),
                ctx.alignments[n.id].unclear,
            )
            for n in shown
        ]
    )
    side_w = t.CONTENT_WIDTH - quadrant.width - 6 * mm
    pair = grid(
        [[quadrant, _quadrant_table(ctx, shown, side_w)]],
        [quadrant.width + 6 * mm, side_w],
        [("VALIGN", *ALL, "TOP"), ("LEFTPADDING", *ALL, 0), ("RIGHTPADDING", *ALL, 0)],
    )
    story: list[Flowable] = [
        KeepTogether(
            [
                heading("Value and effort", "h2"),
                rich(
                    "Value comes from alignment unless it was rated directly; effort is "
                    "the facilitator's rating (5 when not rated). Amber marks unclear "
                    "alignment.",
                    "small",
                ),
                Spacer(1, 3 * mm),
                pair,
            ]
        )
    ]
    if len(shown) < len(ctx.ranked):
        story.append(
            rich(
                f"Showing the {len(shown)} highest-priority of {len(ctx.ranked)} needs; "
                "each request's section gives its own value and effort.",
                "small",
            )
        )
    return story


def _quadrant_table(ctx: Context, shown: list[m.Need], width: float) -> Table:
    rows: list[list[Flowable]] = [
        header_row("", "Quadrant", ("Value", "th_right"), ("Effort", "th_right"))
    ]
    for n in shown:
        effort = n.assessment.effort
        rows.append(
            [
                rich(ctx.need_codes[n.id], "cell_bold"),
                rich(need_quadrant(ctx.ws, n).label, "cell"),
                rich(number(value_points(ctx.ws, n)), "cell_right"),
                rich(
                    number(effort) if effort is not None else coloured("5 assumed", t.FAINT),
                    "cell_right",
                ),
            ]
        )
    return table(rows, columns(10 * mm, None, 14 * mm, 22 * mm, total=width))
