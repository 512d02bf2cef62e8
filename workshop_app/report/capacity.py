"""The portfolio PDF's capacity section: the library's capacity per period, and the ranked
commitments against the first period with the cut line drawn (core/capacity.py)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from workshop_app.core import model as m
from workshop_app.core.capacity import Capacity, CapacityItem, capacity_items, cut_line
from workshop_app.core.comparable import scoring_note
from workshop_app.report import theme as t
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
from workshop_app.report.text import DASH, markup


def _amount(value: int | None, unit: str = "") -> str:
    return DASH if value is None else f"{value:,}{unit}"


def _estimate(item: CapacityItem) -> str:
    if not item.estimated:
        return coloured("no estimate", t.AMBER)
    return item.confidence.label if item.confidence else coloured(DASH, t.MUTED)


def capacity_section(workshops: list[m.Workshop], capacities: list[Capacity]) -> list[Flowable]:
    """Nothing when there is neither a capacity nor a commitment."""
    first = capacities[0] if capacities else None
    items = capacity_items(workshops, first.scoring if first else None)
    line = cut_line(items, first)
    if not capacities and not line.items:
        return []
    story: list[Flowable] = [
        Spacer(1, 4 * mm),
        heading("Cost and capacity", "h2"),
        rich(markup(line.summary()), "small"),
    ]
    if first is not None:
        note = scoring_note(workshops, first.scoring, first.period)
        story += [Spacer(1, 1.5 * mm), rich(markup(note), "small")]
    if capacities:
        rows: list[list[Any]] = [
            header_row("Period", ("Person-days", "th_right"), ("Money", "th_right"), "Scored with")
        ]
        for cap in capacities:
            rows.append(
                [
                    para(cap.period, "cell"),
                    rich(_amount(cap.person_days), "cell_right"),
                    rich(_amount(cap.money), "cell_right"),
                    para(cap.scoring.label(), "cell_muted"),
                ]
            )
        story.append(table(rows, columns(None, 26 * mm, 30 * mm, 62 * mm)))
    if not line.items:
        return story
    story.append(
        rich(
            "Commitments (proceed and reshape) ranked by priority: walking down, each fits while "
            "the running total stays within the period's capacity; the first that does not "
            "draws the cut line.",
            "small",
        )
    )
    rows = [
        header_row(
            "#", "Need", "Division", ("Priority", "th_right"), ("Days", "th_right"),
            ("Money", "th_right"), "Confidence",
        )
    ]  # fmt: skip
    cut_drawn = False
    for rank, (item, fits) in enumerate(zip(line.items, line.fits, strict=True), start=1):
        if not fits and not cut_drawn:
            cut = coloured(bold("Cut line — below it waits for capacity"), t.AMBER)
            rows.append([rich("", "cell"), rich(cut, "cell"), "", "", "", "", ""])
            cut_drawn = True
        style = "cell" if fits else "cell_muted"
        rows.append(
            [
                rich(str(rank), "cell_muted"),
                para(item.statement, style),
                para(item.division, "cell_muted"),
                rich(f"{item.priority:g}", "cell_right"),
                rich(_amount(item.days), "cell_right"),
                rich(_amount(item.money), "cell_right"),
                rich(_estimate(item), "cell"),
            ]
        )
    story.append(table(rows, columns(8 * mm, None, 30 * mm, 15 * mm, 13 * mm, 20 * mm, 24 * mm)))
    return story
