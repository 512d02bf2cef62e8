"""Requests, needs and decisions: each request as the division put it, the need behind it, and
the decision taken with its actions."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from workshop_app.core import model as m
from workshop_app.core.origin import IT_HEADING, IT_INTRO, IT_MARK, split_by_origin
from workshop_app.core.scoring import phase_flag_text, phase_misaligned
from workshop_app.report import fonts
from workshop_app.report import theme as t
from workshop_app.report.blocks import callout, chip, facts, opening, rule, stack
from workshop_app.report.formats import long_date
from workshop_app.report.reuse import MadeLater, coloured, para, quoted, rich
from workshop_app.report.sections.context import Context, decision_label
from workshop_app.report.sections.needs import need_block
from workshop_app.report.text import DASH, markup

#: How many flowables of a need's block are its heading (see `needs.need_block`).
_NEED_HEADING = 3


def requests_section(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    story = opening(
        "Requests, needs and decisions",
        "Each request as the division put it, the need found behind it, how that need "
        "aligns with the strategic goals, its priority, and the decision taken.",
        5 * mm,
    )
    if not ws.requests:
        story.append(rich("No requests were captured.", "dash"))
    detailed: set[str] = set()
    division, ideas = split_by_origin(ws.requests)
    # The division's requests first; IT's own ideas after them, under their own heading.
    for group, requests in enumerate((division, ideas)):
        if group and requests:
            story += [
                Spacer(1, 6 * mm),
                CondPageBreak(90 * mm),
                rich(IT_HEADING, "h2"),
                rich(IT_INTRO, "small"),
                Spacer(1, 4 * mm),
            ]
        for index, request in enumerate(requests):

            def make(index: int = index, request: m.Request = request) -> list[Flowable]:
                separator = [Spacer(1, 4 * mm), rule(), Spacer(1, 5 * mm)] if index else []
                return separator + _request(ctx, request, detailed)

            # This section holds most of a summary's paragraphs: made one request at a time,
            # only the request being laid out is in memory.
            story.append(MadeLater(make))
    return story


def _request(ctx: Context, request: m.Request, detailed: set[str]) -> list[Flowable]:
    head = _head(ctx, request)
    needs = ctx.ws.needs_for(request.id)
    if not needs:
        return [
            KeepTogether(head),
            Spacer(1, 4 * mm),
            rich(
                coloured("No need has been identified behind this request yet.", t.AMBER),
                "body",
            ),
            *_decision(ctx, request),
        ]
    story: list[Flowable] = []
    for number, need in enumerate(needs):
        block = need_block(ctx, need, request, detailed)
        if number == 0:
            # Keep the request's heading with the start of its first need.
            story.append(KeepTogether([*head, *block[:_NEED_HEADING]]))
            story += block[_NEED_HEADING:]
        else:
            story += block
    return story + _decision(ctx, request)


def _head(ctx: Context, request: m.Request) -> list[Flowable]:
    """Which request, its text, who asked and when, and the phase flag where it applies."""
    ws = ctx.ws
    flag = phase_misaligned(ws, request)
    eyebrow = f"REQUEST {ctx.request_numbers[request.id]} OF {len(ws.requests)}"
    if request.from_it:
        eyebrow += "  " + coloured(f"· {IT_MARK.upper()}", t.ACCENT)
    if flag:
        eyebrow += "  " + coloured("· PHASE FLAG", t.AMBER)
    meta = " · ".join(
        [
            f"{coloured('Proposed by' if request.from_it else 'Asked by', t.MUTED)} "
            f"{markup(request.requested_by) or DASH}",
            f"{coloured('Deadline', t.MUTED)} {markup(request.deadline) or DASH}",
            f"{coloured('Urgency', t.MUTED)} {request.urgency.label if request.urgency else DASH}",
            f"{coloured('Phase', t.MUTED)} {request.phase.label if request.phase else DASH}",
        ]
    )
    head: list[Flowable] = [
        CondPageBreak(70 * mm),
        rich(eyebrow, "eyebrow"),
        Spacer(1, 1 * mm),
        rich(quoted(request.text, fonts.SANS_ITALIC), "quote"),
        Spacer(1, 2 * mm),
        rich(meta, "small"),
    ]
    if flag:
        head += [
            Spacer(1, 3 * mm),
            callout([rich(phase_flag_text(ws, request), "body")], attention=True),
        ]
    return head


def _decision(ctx: Context, request: m.Request) -> list[Flowable]:
    decision = ctx.ws.decision_for(request.id)
    story: list[Flowable] = [
        Spacer(1, 4 * mm),
        KeepTogether(
            [
                rich("DECISION", "eyebrow"),
                Spacer(1, 1 * mm),
                chip(decision_label(decision), attention=decision.kind is None),
                Spacer(1, 2.5 * mm),
                facts(
                    [
                        ("Why", para(decision.rationale)),
                        ("Owner", para(decision.owner)),
                        ("Next step", para(decision.next_step)),
                        ("Due", para(long_date(decision.due_date))),
                    ]
                ),
            ]
        ),
    ]
    actions = [a for a in ctx.ws.actions if a.request_id == request.id]
    if actions:
        story += [Spacer(1, 2 * mm), facts([("Actions", stack(_action_lines(actions)))])]
    return story


def _action_lines(actions: list[m.ActionItem]) -> list[Flowable]:
    """✓ or ○, what, then who and by when in grey."""
    return [
        rich(
            f"{'✓' if a.done else '○'}  {markup(a.text) or DASH}"
            + coloured(
                f"  · {markup(a.owner) or 'no owner'} · "
                f"{markup(long_date(a.due_date)) or 'no due date'}",
                t.MUTED,
            ),
            "body",
        )
        for a in actions
    ]
