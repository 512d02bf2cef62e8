"""Every action item: what, who, by when, for which request, and whether it is done."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from workshop_app.report.formats import long_date, plural
from workshop_app.report.reuse import columns, header_row, heading, para, rich, table
from workshop_app.report.sections.context import Context
from workshop_app.report.text import DASH


def actions_section(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    story: list[Flowable] = [PageBreak(), heading("Action items")]
    if not ws.actions:
        story.append(rich("No action items were recorded.", "dash"))
        return story
    open_count = sum(1 for a in ws.actions if not a.done)
    story += [
        rich(
            f"{plural(len(ws.actions), 'action item')}, {open_count:,} open. "
            "Each has an owner and a due date where the room agreed one.",
            "body",
        ),
        Spacer(1, 4 * mm),
    ]
    rows: list[list[Flowable]] = [header_row("#", "Action", "Owner", "Due", "Request", "Status")]
    for i, action in enumerate(ws.actions, start=1):
        request = f"R{ctx.request_numbers[action.request_id]}" if action.request_id else DASH
        rows.append(
            [
                rich(str(i), "cell_muted"),
                para(action.text, "cell"),
                para(action.owner, "cell"),
                para(long_date(action.due_date), "cell"),
                rich(request, "cell" if action.request_id else "cell_dash"),
                rich("Done" if action.done else "Open", "cell"),
            ]
        )
    story.append(table(rows, columns(8 * mm, None, 38 * mm, 32 * mm, 17 * mm, 14 * mm)))
    return story
