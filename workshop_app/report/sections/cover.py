"""The cover: title, the workshop's facts, who took part, and whether it is signed off."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from workshop_app.core import model as m
from workshop_app.report import theme as t
from workshop_app.report.blocks import callout, masthead
from workshop_app.report.formats import long_date, plural, timestamp
from workshop_app.report.reuse import (
    ALL,
    bold,
    coloured,
    columns,
    grid,
    header_row,
    heading,
    padding,
    para,
    rich,
    table,
)
from workshop_app.report.sections.context import Context
from workshop_app.report.text import DASH, markup

_LABEL_WIDTH = 24 * mm


def cover(ctx: Context) -> list[Flowable]:
    return [
        *_title(ctx.ws),
        _facts(ctx),
        Spacer(1, 11 * mm),
        heading("Participants", "h3"),
        _participants(ctx.ws),
        Spacer(1, 10 * mm),
        _standing(ctx),
    ]


def _title(ws: m.Workshop) -> list[Flowable]:
    subtitle = " · ".join(markup(v) for v in (ws.division, ws.company) if v.strip())
    return [
        Spacer(1, 14 * mm),
        *masthead("IT ALIGNMENT WORKSHOP · SUMMARY"),
        Spacer(1, 7 * mm),
        para(ws.title or "Untitled workshop", "cover_title"),
        Spacer(1, 3 * mm),
        rich(subtitle, "cover_sub") if subtitle else para("", "cover_sub"),
        Spacer(1, 12 * mm),
    ]


def _facts(ctx: Context) -> Table:
    """Date, place, who and status in two columns of label and value pairs."""
    ws = ctx.ws

    def pair(label: str, value: Flowable) -> list[Flowable]:
        return [rich(label, "label"), value]

    rows = [
        pair("Date", para(long_date(ws.date))) + pair("Location", para(ws.location)),
        pair("Division", para(ws.division)) + pair("Company", para(ws.company)),
        pair("Facilitator", para(ws.facilitator))
        + pair("IT phase", para(ws.it_phase.label if ws.it_phase else "")),
        pair("Status", _status(ctx)) + pair("Revision", para(str(ws.revision))),
    ]
    half = t.CONTENT_WIDTH / 2 - _LABEL_WIDTH
    return grid(
        rows,
        [_LABEL_WIDTH, half, _LABEL_WIDTH, half],
        [
            ("VALIGN", *ALL, "TOP"),
            *padding(0, 8, 5, 6),
            ("LINEBELOW", *ALL, 0.4, t.RULE),
            ("LINEABOVE", (0, 0), (-1, 0), 0.4, t.RULE),
        ],
    )


def _status(ctx: Context) -> Paragraph:
    if not ctx.draft:
        return rich(coloured(bold("Signed off"), t.ACCENT), "body")
    if ctx.ws.status is m.Status.DRAFT:
        return rich(coloured(bold("Draft — not signed off"), t.AMBER), "body")
    return rich(coloured(bold(f"{ctx.ws.status.label} · not signed off"), t.AMBER), "body")


def _participants(ws: m.Workshop) -> Table:
    rows: list[list[Flowable | str]] = [header_row("Name", "Role", ("Decision-maker", "th_center"))]
    for p in ws.participants:
        rows.append(
            [
                para(p.name, "cell_bold"),
                para(p.role, "cell"),
                rich("Yes", "cell_center")
                if p.decision_maker
                else rich(coloured(DASH, t.FAINT), "cell_center"),
            ]
        )
    if not ws.participants:
        rows.append([rich("No participants recorded yet.", "cell_muted"), "", ""])
    return table(rows, columns(62 * mm, None, 30 * mm))


def _standing(ctx: Context) -> Table:
    """A draft warns that it may change; a signed-off summary says when and by how many."""
    ws = ctx.ws
    if ctx.draft:
        return callout(
            [
                rich(coloured(bold("DRAFT"), t.AMBER), "body"),
                Spacer(1, 1.5 * mm),
                rich(
                    "This summary has not been signed off. Needs, priorities and decisions "
                    "may still change; the signed-off revision is the one to rely on.",
                    "body",
                ),
            ],
            attention=True,
        )
    signed = [s for s in ws.signatures if s.content_digest == ctx.digest]
    last = max((s.signed_at for s in signed), default="")
    when = f" on {timestamp(last)}" if last else ""
    return callout(
        [
            rich(bold(f"Signed off{when}"), "body"),
            Spacer(1, 1.5 * mm),
            rich(
                f"Revision {ws.revision} was confirmed by "
                f"{plural(len({s.participant_id for s in signed}), 'participant')}. "
                "It no longer changes: a correction opens the next revision.",
                "body",
            ),
        ]
    )
