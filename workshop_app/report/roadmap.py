"""The portfolio PDF's roadmap: every next step and due date across divisions, by quarter
(core/roadmap.py, the list the app's roadmap tab and the hand-over workbook show too)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from workshop_app.core import model as m
from workshop_app.core.roadmap import by_quarter, roadmap
from workshop_app.report.formats import long_date, plural
from workshop_app.report.reuse import columns, header_row, heading, para, rich, table
from workshop_app.report.text import DASH, markup


def roadmap_section(workshops: list[m.Workshop]) -> list[Flowable]:
    """Nothing when no workshop has committed to a next step or an action item."""
    entries = roadmap(workshops)
    if not entries:
        return []
    divisions = len({e.division.strip() for e in entries})
    story: list[Flowable] = [
        Spacer(1, 4 * mm),
        heading("Roadmap: next steps across divisions", "h2"),
        rich(
            f"{plural(len(entries), 'step')} across {plural(divisions, 'division')}: each "
            "decision that goes ahead or comes back, with its next step, and each action item, "
            "by due date. Declined requests are not on it: nothing follows from them.",
            "small",
        ),
    ]
    for quarter, members in by_quarter(entries):
        story.append(heading(quarter or "No date agreed", "h3"))
        rows: list[list[Any]] = [header_row("Due", "Division", "What", "Owner")]
        for entry in members:
            style = "cell_muted" if entry.done else "cell"
            what = [rich(markup(entry.kind) + (" · done" if entry.done else ""), "cell_muted")]
            rows.append(
                [
                    rich(long_date(entry.due_date) if entry.due_date else DASH, "cell"),
                    para(entry.division or DASH, "cell_muted"),
                    [*what, para(entry.what, style)],
                    para(entry.owner or DASH, "cell_muted"),
                ]
            )
        story.append(table(rows, columns(33 * mm, 32 * mm, None, 32 * mm)))
    return story
