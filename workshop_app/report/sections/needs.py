"""A need in full: its why-ladder and outcome, its alignment with the goals and its priority;
and the needs no request points to."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from workshop_app.core import model as m
from workshop_app.core.purpose import need_problem, serves
from workshop_app.core.scoring import AlignmentResult, Priority
from workshop_app.report import fonts
from workshop_app.report import theme as t
from workshop_app.report.blocks import FACT_VALUE_WIDTH, dots, facts
from workshop_app.report.formats import number
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

_LENS_TEXT = {
    m.Lens.INTERNAL: "Internal: efficiency of people and processes (the CIO's side)",
    m.Lens.CUSTOMER_FACING: "Customer-facing: products, services and customer "
    "experience (the CTO's side)",
    m.Lens.BOTH: "Both internal and customer-facing: CIO and CTO co-own it",
}
_RUNG_NUMBER_WIDTH = 6 * mm


def need_block(
    ctx: Context, need: m.Need, request: m.Request, detailed: set[str]
) -> list[Flowable]:
    """The need behind `request`: in full the first time, later a line pointing back to it.

    `detailed` holds the needs already set in full; the first three flowables are the need's
    heading, which its request keeps together with the request's own.
    """
    story = _heading(ctx, need, request)
    if need.id in detailed:
        return story + _detailed_elsewhere(ctx, need, request)
    detailed.add(need.id)
    result = ctx.alignments[need.id]
    return [
        *story,
        *_purpose_warning(ctx, need),
        Spacer(1, 3 * mm),
        _need_facts(ctx, need, request),
        *_alignment(ctx, need, result),
        *_priority(ctx.priorities[need.id]),
        *_adoptions(ctx, need),
    ]


def _heading(ctx: Context, need: m.Need, request: m.Request) -> list[Flowable]:
    others = [f"R{ctx.request_numbers[r]}" for r in need.request_ids if r != request.id]
    label = f"THE NEED · {ctx.need_codes[need.id]}"
    if others:
        label += f" · ALSO BEHIND {', '.join(others)}"
    return [Spacer(1, 5 * mm), rich(label, "eyebrow"), para(need.statement or "", "need")]


def _detailed_elsewhere(ctx: Context, need: m.Need, request: m.Request) -> list[Flowable]:
    result = ctx.alignments[need.id]
    prio = ctx.priorities[need.id]
    first = next(f"request {ctx.request_numbers[r]}" for r in need.request_ids if r != request.id)
    answer = serves(need, request.id)
    return [
        *_purpose_warning(ctx, need),
        Spacer(1, 2 * mm),
        rich(
            f"Alignment {result.score} of 100 · priority {number(prio.score)} "
            f"({prio.framework.label}). This request serves it: "
            f"{_serves_words(answer)}. Detailed under {first}.",
            "small",
        ),
    ]


def _purpose_warning(ctx: Context, need: m.Need) -> list[Flowable]:
    """A need left empty, or one that only restates its request, gives it no purpose yet."""
    problem = need_problem(ctx.ws, need)
    if problem is None:
        return []
    return [rich(coloured(f"⚠ {problem.label}. {problem.advice}", t.AMBER), "small")]


def _serves_words(answer: m.Serves | None) -> str:
    return answer.label.lower() if answer is not None else "not judged"


def _serves(ctx: Context, need: m.Need, request: m.Request) -> Flowable:
    """Whether the request serves the need: the answer for this request, and for each other
    request behind the need its own."""
    answers = [(request.id, serves(need, request.id))] if request.id else []
    answers += [(r, serves(need, r)) for r in need.request_ids if r != request.id]
    if not answers:
        return para(need.serves.label if need.serves is not None else "")
    parts = []
    for request_id, answer in answers:
        word = answer.label if answer is not None else "Not judged"
        if answer is m.Serves.NOT_AT_ALL:
            word = coloured(bold(word), t.AMBER)
        parts.append(f"{word} (R{ctx.request_numbers[request_id]})" if len(answers) > 1 else word)
    return rich(" · ".join(parts), "body")


def _need_facts(ctx: Context, need: m.Need, request: m.Request) -> Flowable:
    return facts(
        [
            ("Why it matters", _why_ladder(need)),
            ("Success looks like", _outcome(need)),
            ("Who benefits", para(need.beneficiaries)),
            ("If we do nothing", para(need.cost_of_inaction)),
            ("Alternatives", para(need.alternatives)),
            ("Serves the need?", _serves(ctx, need, request)),
            ("Lens", para(_LENS_TEXT[need.lens] if need.lens is not None else "")),
        ]
    )


def _why_ladder(need: m.Need) -> Flowable:
    """The why-ladder's rungs, numbered."""
    ladder = [r for r in need.why_ladder if r.strip()]
    if not ladder:
        return para("")
    return grid(
        [[rich(f"{i}", "cell_muted"), para(rung, "body")] for i, rung in enumerate(ladder, 1)],
        [_RUNG_NUMBER_WIDTH, FACT_VALUE_WIDTH - _RUNG_NUMBER_WIDTH],
        [("VALIGN", *ALL, "TOP"), *padding(0, 0, 0, 2)],
        splitInRow=1,
    )


def _outcome(need: m.Need) -> Flowable:
    """Measure: baseline → target by when."""
    parts = []
    if need.measure.strip():
        parts.append(bold(markup(need.measure, fonts.SANS_BOLD)) + ":")
    if need.baseline.strip() or need.target.strip():
        target = markup(need.target, fonts.SANS_BOLD) or DASH
        parts.append(f"{markup(need.baseline) or DASH}  →  {bold(target)}")
    if need.by_when.strip():
        parts.append(f"by {markup(need.by_when)}")
    return rich(" ".join(parts), "body") if parts else para("")


def _alignment(ctx: Context, need: m.Need, result: AlignmentResult) -> list[Flowable]:
    score = result.score_text  # with the points under the cap, when capped
    title = f"Alignment  {coloured(score, t.AMBER if result.unclear else t.ACCENT)}"
    if result.unclear:
        title += "  " + coloured(
            "· division only" if result.division_only else "· unclear", t.AMBER
        )
    story: list[Flowable] = []
    linked = [c for c in result.contributions if c.strength is not m.Strength.NONE]
    if linked:
        rows: list[list[Flowable]] = [
            header_row("Goal", "Level", ("Weight", "th_right"), "Link", ("Points", "th_right"))
        ]
        for c in sorted(linked, key=lambda c: -c.points):
            goal = ctx.ws.goal(c.goal_id)
            rows.append(
                [
                    rich(f"{bold(ctx.goal_codes[c.goal_id])}  {markup(c.goal_title)}", "cell"),
                    rich(goal.level.label if goal else DASH, "cell"),
                    rich(str(c.weight), "cell_right"),
                    rich(dots(c.strength.points, 3, c.strength.label), "cell"),
                    rich(number(c.points), "cell_right"),
                ]
            )
        widths = columns(None, 20 * mm, 16 * mm, 34 * mm, 16 * mm)
        story.append(KeepTogether([heading(title, "h3"), table(rows, widths)]))
        story.append(Spacer(1, 2 * mm))
    else:
        story.append(heading(title, "h3"))
    for line in result.explanation():
        attention = line.startswith(("Alignment unclear", "Not linked")) or (
            result.division_only and not result.company_noted and line.startswith("Division")
        )
        story.append(rich(coloured(markup(line), t.AMBER) if attention else markup(line), "small"))
    if result.division_only and result.company_noted:
        story.append(
            rich(
                f"How it serves the company, as the room noted: {markup(need.company_note)}",
                "small",
            )
        )
    elif result.unclear and need.alignment_acknowledged:
        agreed = need.alignment_note.strip()
        story.append(
            rich(
                f"The room discussed this and agreed: {markup(agreed)}"
                if agreed
                else "The room discussed this and chose to go on.",
                "small",
            )
        )
    return story


def _priority(prio: Priority) -> list[Flowable]:
    title = f"Priority  {coloured(number(prio.score), t.ACCENT)}  " + coloured(
        f"· {prio.framework.label}", t.MUTED
    )
    rows: list[list[Flowable]] = [header_row("Part", ("Value", "th_right"), "Note")]
    for part in prio.parts:
        rows.append(
            [
                rich(markup(part.name), "cell"),
                rich(number(part.value), "cell_right"),
                para(part.note, "cell_muted") if part.note else rich("", "cell"),
            ]
        )
    story: list[Flowable] = [
        KeepTogether(
            [
                heading(title, "h3"),
                rich(markup(prio.formula), "small"),
                Spacer(1, 1.5 * mm),
                table(rows, columns(70 * mm, 22 * mm, None)),
            ]
        )
    ]
    if not prio.complete:
        story.append(
            rich(
                coloured("Some ratings were missing; the defaults shown were assumed.", t.AMBER),
                "small",
            )
        )
    return story


_RATED = {
    "value": "Value",
    "urgency": "Urgency",
    "effort": "Effort",
    "risk": "Risk",
    "confidence": "Confidence (%)",
}


def _adoptions(ctx: Context, need: m.Need) -> list[Flowable]:
    """Values adopted from the room's blind ratings, each with the spread it came from."""
    if not need.adoptions:
        return []
    rows: list[list[Flowable]] = [
        header_row(
            "Rated by the room",
            ("Adopted", "th_right"),
            ("Median", "th_right"),
            ("Range", "th_right"),
            ("Answers", "th_right"),
        )
    ]
    for a in need.adoptions:
        goal = ctx.ws.goal(a.goal_id) if a.goal_id else None
        if goal is not None:
            what = f"Serves {bold(ctx.goal_codes[goal.id])}  {markup(goal.title)}"
        else:
            what = _RATED.get(a.criterion, markup(a.criterion))
        rows.append(
            [
                rich(what, "cell"),
                rich(bold(str(a.value)), "cell_right"),
                rich(markup(a.median) or DASH, "cell_right"),
                rich(f"{a.low}–{a.high}" if a.answers else DASH, "cell_right"),
                rich(str(a.answers), "cell_right"),
            ]
        )
    return [
        Spacer(1, 2 * mm),
        KeepTogether(
            [
                heading("From the room's blind ratings", "h3"),
                rich(
                    "Each participant rated on their own device before anyone saw the others' "
                    "answers; the facilitator adopted the value shown.",
                    "small",
                ),
                Spacer(1, 1.5 * mm),
                table(rows, columns(None, 20 * mm, 20 * mm, 20 * mm, 20 * mm)),
            ]
        ),
    ]


def loose_needs_section(ctx: Context) -> list[Flowable]:
    """Needs that no request points to (yet) still belong in the record."""
    loose = [n for n in ctx.ws.needs if not n.request_ids]
    if not loose:
        return []
    story: list[Flowable] = [
        PageBreak(),
        heading("Needs not tied to a request"),
        rich("Needs the room identified that no request points to.", "body"),
    ]
    placeholder = m.Request(text="", id="")
    detailed: set[str] = set()
    for need in loose:
        story += need_block(ctx, need, placeholder, detailed)
    return story
