"""The strategic goals the needs are aligned against."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from workshop_app.core.company_goals import version_label
from workshop_app.report.blocks import dots, opening
from workshop_app.report.formats import brief
from workshop_app.report.reuse import columns, header_row, para, rich, table
from workshop_app.report.sections.context import Context


def goals_section(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    story = opening(
        "Strategic goals",
        "The goals recorded at the start of the workshop, the company's and the "
        "division's. Weight says how critical a goal is, from 1 to 5; needs are aligned "
        "against these goals.",
        4 * mm,
    )
    if not ws.goals:
        story.append(rich("No strategic goals were recorded.", "dash"))
        return story
    rows: list[list[object]] = [header_row("", "Goal", "Level", "Weight", "Measure")]
    for goal in ws.goals:
        goal_cell: list[Flowable] = [para(goal.title, "cell_bold")]
        if goal.description.strip():
            goal_cell.append(para(brief(goal.description, 600), "cell_muted"))
        source = version_label(goal) or (
            "template wording, not reworded" if goal.placeholder else ""
        )
        if source:  # which version of the company's goal the workshop took, and its period
            goal_cell.append(para(source[:1].upper() + source[1:], "cell_muted"))
        weight = max(0, min(goal.weight, 5))
        rows.append(
            [
                rich(ctx.goal_codes[goal.id], "cell_bold"),
                goal_cell,
                rich(goal.level.label, "cell"),
                rich(dots(weight, 5, str(weight)), "cell"),
                para(goal.measure, "cell"),
            ]
        )
    story.append(table(rows, columns(9 * mm, None, 19 * mm, 22 * mm, 50 * mm)))
    return story
