"""The executive summary: what was asked and decided, where IT stands, the top priorities, and
what needs attention (unclear alignment, requests out of step with IT's phase)."""

from __future__ import annotations

from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from workshop_app.core import model as m
from workshop_app.core.origin import IT_HEADING, IT_INTRO, split_by_origin
from workshop_app.core.phases import slid_back, workshop_movement
from workshop_app.core.scoring import need_quadrant, phase_flag_text, phase_misaligned
from workshop_app.report import theme as t
from workshop_app.report.blocks import callout, facts, tiles
from workshop_app.report.formats import brief, join_phrases, number, plural
from workshop_app.report.reuse import (
    bold,
    coloured,
    columns,
    header_row,
    heading,
    para,
    quoted,
    rich,
    table,
)
from workshop_app.report.sections.context import Context, decision_label
from workshop_app.report.text import DASH, markup

_PHASE_MEANING = {
    m.Phase.RUN: "Run: keeping systems reliable. The business sees IT as a commodity; "
    "basics come before new projects.",
    m.Phase.DELIVER: "Deliver: new projects on time and on budget. The business sees IT as a "
    "valued partner.",
    m.Phase.INNOVATE: "Innovate: bringing new value to the company. The business sees IT as a "
    "trusted advisor.",
}
_DECISION_PHRASES = {
    m.DecisionKind.PROCEED: "{n} proceed{s_verb} as asked",
    m.DecisionKind.RESHAPE: "{n} {is_are} reshaped to serve the need another way",
    m.DecisionKind.DEFER: "{n} {is_are} deferred",
    m.DecisionKind.DECLINE: "{n} {is_are} declined",
    m.DecisionKind.NEEDS_INFORMATION: "{n} need{s_verb} more information",
}
#: How many of the top-ranked needs the summary lists.
_TOP = 5


def executive_summary(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    counts = ctx.decision_counts()
    return [
        heading("Executive summary"),
        rich(_lead(ws, counts), "lead"),
        Spacer(1, 6 * mm),
        tiles(
            [
                (len(ws.requests), "Requests"),
                (len(ws.needs), "Needs"),
                *((counts.get(kind, 0), kind.label) for kind in m.DecisionKind),
            ]
        ),
        Spacer(1, 7 * mm),
        *_where_it_stands(ws),
        *_top_priorities(ctx),
        *_it_ideas(ctx),
        *_unclear_alignment(ctx),
        *_misaligned_phase(ctx),
    ]


def _lead(ws: m.Workshop, counts: Counter[m.DecisionKind | None]) -> str:
    """The opening sentences: how many requests and needs, and what became of the requests."""
    who = markup(ws.division) if ws.division.strip() else "The division"
    lead = (
        f"{who} brought {plural(len(ws.requests), 'request')} to this workshop. "
        f"Behind them we identified {plural(len(ws.needs), 'need')}."
    )
    phrases = []
    for kind, template in _DECISION_PHRASES.items():
        n = counts.get(kind, 0)
        if n:
            phrases.append(
                template.format(n=n, s_verb="" if n != 1 else "s", is_are="is" if n == 1 else "are")
            )
    if phrases:
        lead += " Of the requests, " + join_phrases(phrases) + "."
    undecided = counts.get(None, 0)
    if undecided:
        lead += f" {plural(undecided, 'request')} {'is' if undecided == 1 else 'are'} " + (
            "not decided yet."
        )
    return lead


def _where_it_stands(ws: m.Workshop) -> list[Flowable]:
    """The phase and what it means, its evidence, and how it moved since the last workshop."""
    phase = ws.it_phase
    story: list[Flowable] = [
        heading("Where IT stands with this division", "h2"),
        rich(_PHASE_MEANING[phase], "body")
        if phase is not None
        else rich("The division's IT phase was not recorded.", "dash"),
    ]
    evidence = [
        (label, value)
        for label, value in (
            ("How reliable the systems are", ws.it_reliability),
            ("How projects are delivered", ws.it_delivery),
        )
        if value.strip()
    ]
    if evidence:
        rows = [(label, para(value)) for label, value in evidence]
        story += [Spacer(1, 2 * mm), facts(rows, label_width=50 * mm)]
    moved = workshop_movement(ws)
    if moved:
        story.append(Spacer(1, 3 * mm))
        if slid_back(ws):
            story.append(callout([rich(bold(markup(moved)), "body")], attention=True))
        else:
            story.append(rich(markup(moved), "body"))
    elif ws.earlier_phase is not None and phase is not None:
        since = f" on {markup(ws.earlier_phase_date)}" if ws.earlier_phase_date else ""
        story.append(rich(f"Unchanged since the last workshop with the division{since}.", "small"))
    return story


def _it_ideas(ctx: Context) -> list[Flowable]:
    """IT's own ideas, apart from the division's requests, scored against the same goals."""
    _, ideas = split_by_origin(ctx.ws.requests)
    if not ideas:
        return []
    rows: list[list[Flowable]] = [
        header_row("#", "Idea", ("Priority", "th_right"), ("Alignment", "th_right"), "Decision")
    ]
    for request in ideas:
        needs = ctx.ws.needs_for(request.id)
        scores = [ctx.priorities[n.id].score for n in needs]
        aligned = [ctx.alignments[n.id] for n in needs]
        best = max(aligned, key=lambda a: a.score) if aligned else None
        align_text = DASH
        if best is not None:
            align_text = coloured(str(best.score), t.AMBER) if best.unclear else str(best.score)
        rows.append(
            [
                rich(f"R{ctx.request_numbers[request.id]}", "cell_bold"),
                rich(quoted(brief(request.text)), "cell"),
                rich(number(max(scores)) if scores else DASH, "cell_right"),
                rich(align_text, "cell_right"),
                rich(decision_label(ctx.ws.decision_for(request.id)), "cell"),
            ]
        )
    return [
        heading(IT_HEADING, "h2"),
        rich(IT_INTRO, "small"),
        Spacer(1, 2 * mm),
        table(rows, columns(10 * mm, None, 17 * mm, 19 * mm, 38 * mm)),
    ]


def _top_priorities(ctx: Context) -> list[Flowable]:
    story: list[Flowable] = [heading("Top priorities", "h2")]
    if not ctx.ranked:
        return [*story, rich("No needs have been identified yet.", "dash")]
    story += [
        rich(
            f"Needs ranked by their priority score ({ctx.ws.framework.label}). "
            "Alignment is out of 100.",
            "small",
        ),
        Spacer(1, 2 * mm),
    ]
    return [*story, _ranking(ctx)]


def _ranking(ctx: Context) -> Table:
    rows: list[list[Flowable]] = [
        header_row(
            "#",
            "Need",
            ("Priority", "th_right"),
            ("Alignment", "th_right"),
            "Quadrant",
            "Decision on the request",
        )
    ]
    for rank, need in enumerate(ctx.ranked[:_TOP], start=1):
        result = ctx.alignments[need.id]
        rows.append(
            [
                rich(str(rank), "cell_bold"),
                _need_cell(ctx, need),
                rich(number(ctx.priorities[need.id].score), "cell_right"),
                rich(
                    coloured(str(result.score), t.AMBER) if result.unclear else str(result.score),
                    "cell_right",
                ),
                rich(need_quadrant(ctx.ws, need).label, "cell"),
                _decisions_cell(ctx, need),
            ]
        )
    return table(rows, columns(8 * mm, None, 17 * mm, 19 * mm, 21 * mm, 38 * mm))


def _need_cell(ctx: Context, need: m.Need) -> Paragraph:
    statement = markup(brief(need.statement)) or coloured(DASH, t.FAINT)
    return rich(f"{bold(ctx.need_codes[need.id])}  {statement}", "cell")


def _decisions_cell(ctx: Context, need: m.Need) -> Paragraph:
    parts = []
    for request_id in need.request_ids:
        decision = ctx.ws.decision_for(request_id)
        label = decision_label(decision)
        if decision.kind is None:
            label = coloured(label, t.AMBER)
        parts.append(f"{label} (R{ctx.request_numbers[request_id]})")
    return rich("<br/>".join(parts) or coloured(DASH, t.FAINT), "cell")


def _unclear_alignment(ctx: Context) -> list[Flowable]:
    unclear = [
        n
        for n in ctx.ws.needs
        if ctx.alignments[n.id].unclear or ctx.alignments[n.id].division_only
    ]
    story: list[Flowable] = [heading("Where alignment is unclear", "h2")]
    if not unclear:
        return [
            *story,
            rich("Every need has at least a moderate link to a weighted goal.", "body"),
        ]
    items: list[Flowable] = [
        rich(
            "These needs have no moderate or strong link to a critical goal, or are linked "
            "only to the division's goals. The method asks to clarify their purpose, for the "
            "division and for the company, before committing resources.",
            "body",
        ),
        Spacer(1, 2 * mm),
    ]
    for need in unclear:
        state = _unclear_state(ctx, need)
        items.append(
            rich(
                f"{bold(ctx.need_codes[need.id])}  {markup(brief(need.statement)) or DASH}"
                f" — alignment {ctx.alignments[need.id].score} of 100, {state}",
                "body",
            )
        )
    # The heading goes with its box: neither is left alone at the foot of a page.
    return [KeepTogether([*story, callout(items, attention=True)])]


def _unclear_state(ctx: Context, need: m.Need) -> str:
    """Where an unclear (or division-only) need stands: settled how, or still open."""
    result = ctx.alignments[need.id]
    if result.division_only:
        if result.company_noted:
            noted = markup(brief(need.company_note))
            return f"linked only to division goals; serves the company: {noted}"
        return coloured(
            bold("linked only to division goals: how it serves the company is open"), t.AMBER
        )
    if need.alignment_acknowledged:
        agreed = need.alignment_note.strip()
        return (
            f"discussed in the room; agreed: {markup(brief(agreed))}"
            if agreed
            else "discussed in the room"
        )
    return coloured(bold("not yet clarified"), t.AMBER)


def _misaligned_phase(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    flagged = [r for r in ws.requests if phase_misaligned(ws, r)]
    story: list[Flowable] = [heading("Misaligned phase", "h2")]
    if not flagged:
        return [
            *story,
            rich(
                "No request asks for innovation while IT is still in the run or deliver phase "
                "with this division.",
                "body",
            ),
        ]
    items: list[Flowable] = [rich(phase_flag_text(ws, flagged[0]), "body"), Spacer(1, 2 * mm)]
    for request in flagged:
        decision = ws.decision_for(request.id)
        items.append(
            rich(
                f"{bold('Request ' + str(ctx.request_numbers[request.id]))}  "
                f"{quoted(brief(request.text))} — decision: {decision_label(decision).lower()}",
                "body",
            )
        )
    # The heading goes with its box: neither is left alone at the foot of a page.
    return [KeepTogether([*story, callout(items, attention=True)])]
