"""What the wall shows for each stage, as plain lines: built from the workshop alone, so the
wall (ui/wall/window.py) only lays them out, and tests can read them without a screen.

One slide per stage: who is in the room and the agenda; the goals with their weight; the
requests as asked; each request with its need, measure and whether it serves it; the needs
ranked by priority with their alignment; the decisions board; the sign-off roll.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workshop_app.core import model as m
from workshop_app.core.purpose import discussion_settled
from workshop_app.core.scoring import alignments, ranked_needs, value_points
from workshop_app.core.signoff import is_fully_signed
from workshop_app.core.text import clip
from workshop_app.core.titles import need_title


@dataclass(frozen=True)
class Line:
    text: str
    detail: str = ""
    attention: bool = False  # amber: needs the room's attention
    done: bool = False  # green: settled


@dataclass(frozen=True)
class Slide:
    title: str
    subtitle: str = ""
    lines: list[Line] = field(default_factory=list)
    empty: str = ""  # said when there are no lines yet


def _dots(filled: int, total: int) -> str:
    return "●" * filled + "○" * (total - filled)


def setup(ws: m.Workshop) -> Slide:
    lines = [
        Line(p.name, p.role + (" · decision-maker" if p.decision_maker else ""))
        for p in ws.participants
    ]
    agenda = " · ".join(f"{clip(a.title, 40)} ({a.planned_minutes} min)" for a in ws.agenda)
    subtitle = " · ".join(x for x in (ws.division, ws.date, ws.location) if x)
    return Slide(ws.title, subtitle + (f"\nAgenda: {agenda}" if agenda else ""), lines, "")


def goals(ws: m.Workshop) -> Slide:
    lines = [
        Line(
            g.title,
            f"{g.level.label} goal · weight {_dots(g.weight, 5)}"
            + (f" · measured by {g.measure}" if g.measure else ""),
        )
        for g in sorted(ws.goals, key=lambda g: -g.weight)
    ]
    return Slide("Strategic goals", "What matters most, heaviest first", lines, "No goals yet.")


def requests(ws: m.Workshop) -> Slide:
    lines = [
        Line(
            f"“{r.text}”",
            " · ".join(
                x
                for x in (
                    r.requested_by,
                    f"by {r.deadline}" if r.deadline else "",
                    r.phase.label if r.phase else "",
                )
                if x
            ),
        )
        for r in ws.requests
    ]
    return Slide("What the division is asking for", "", lines, "No requests yet.")


def needs(ws: m.Workshop) -> Slide:
    by_request = ws.needs_by_request()
    lines = []
    for request in ws.requests:
        found = by_request.get(request.id, [])
        if not found:
            lines.append(Line(f"“{request.text}”", "the need behind it is still open", True))
        for need in found:
            measure = ""
            if need.measure:
                measure = f"{need.measure}: {need.baseline or '?'} → {need.target or '?'}"
                measure += f" by {need.by_when}" if need.by_when else ""
            serves = f"the request serves it {need.serves.label.lower()}" if need.serves else ""
            lines.append(
                Line(
                    need.statement or "(the need is not stated yet)",
                    " · ".join(x for x in (f"“{clip(request.text, 60)}”", measure, serves) if x),
                    attention=not need.statement,
                )
            )
    return Slide("From request to need", "", lines, "No requests yet.")


def align(ws: m.Workshop) -> Slide:
    scores = alignments(ws)
    lines = []
    for need, prio in ranked_needs(ws):
        result = scores[need.id]
        strongest = sorted(
            (c for c in result.contributions if c.strength is not m.Strength.NONE),
            key=lambda c: -c.points,
        )[:2]
        serves = " · ".join(
            f"{_dots(c.strength.points, 3)} {clip(c.goal_title, 40)}" for c in strongest
        )
        lines.append(
            Line(
                need.statement or "(the need is not stated yet)",
                f"priority {prio.score:.1f} · alignment {result.score} of 100"
                + (" · alignment unclear" if result.unclear else "")
                + (f" · {serves}" if serves else ""),
                attention=result.unclear and not need.alignment_acknowledged,
            )
        )
    return Slide(
        "Aligned and prioritised",
        f"Highest priority first ({ws.framework.label})",
        lines,
        "No needs yet.",
    )


def decide(ws: m.Workshop) -> Slide:
    decisions = ws.decisions_by_request()
    order = {kind: i for i, kind in enumerate(m.DecisionKind)}
    lines = []
    for request in sorted(
        ws.requests,
        key=lambda r: order.get(k, 99) if (k := decisions.get(r.id, m.Decision(r.id)).kind) else 99,
    ):
        d = decisions.get(request.id, m.Decision(request.id))
        label = d.kind.label if d.kind else "Not decided yet"
        detail = " · ".join(x for x in (d.rationale, d.owner, d.next_step) if x)
        lines.append(
            Line(
                f"{label}: “{request.text}”",
                detail,
                attention=d.kind is None,
            )
        )
    return Slide("Decisions", "", lines, "No requests yet.")


def signoff(ws: m.Workshop) -> Slide:
    signed = {s.participant_id: s for s in ws.signatures}
    lines = []
    for p in ws.participants:
        s = signed.get(p.id)
        if s is None:
            lines.append(
                Line(p.name, "not signed yet" + (" · decision-maker" if p.decision_maker else ""))
            )
        else:
            detail = s.stance.label + (f": {s.note}" if s.note else "")
            lines.append(Line(f"✓ {p.name}", detail, done=True))
    subtitle = (
        f"Revision {ws.revision} is signed off"
        if is_fully_signed(ws) or ws.is_locked
        else f"Revision {ws.revision}: every decision-maker signs"
    )
    return Slide("Sign-off", subtitle, lines, "No participants yet.")


SLIDES = {
    "setup": setup,
    "goals": goals,
    "requests": requests,
    "needs": needs,
    "align": align,
    "decide": decide,
    "signoff": signoff,
    "export": signoff,
}


def slide_for(stage: str, ws: m.Workshop) -> Slide:
    return SLIDES.get(stage, setup)(ws)


# -- the Align stage's painted views: the alignment matrix and the value/effort chart ----------
@dataclass(frozen=True)
class MatrixRow:
    number: int  # the need's place in the matrix, as on the laptop
    need_id: str
    title: str
    strengths: tuple[int, ...]  # 0-3 per goal, in the goals' order
    score: int  # alignment of 100
    unclear: bool
    attention: bool  # unclear and not yet discussed: amber


@dataclass(frozen=True)
class Matrix:
    goals: tuple[tuple[str, int], ...]  # title, weight 1-5
    rows: tuple[MatrixRow, ...]


def matrix(ws: m.Workshop) -> Matrix:
    """Needs down, goals across, as the Align stage's matrix shows them."""
    scores = alignments(ws)
    rows = []
    for number, need in enumerate(ws.needs, start=1):
        result = scores[need.id]
        rows.append(
            MatrixRow(
                number,
                need.id,
                need_title(ws, need, 200),
                tuple(ws.strength(need.id, g.id).points for g in ws.goals),
                result.score,
                result.unclear,
                result.unclear and not need.alignment_acknowledged,
            )
        )
    return Matrix(tuple((g.title, g.weight) for g in ws.goals), tuple(rows))


@dataclass(frozen=True)
class ChartDot:
    need_id: str
    rank: int  # its place by priority, the number in its dot
    value: float  # 1-10
    effort: float  # 1-10 (5 while not rated)
    attention: bool  # alignment unclear and not yet settled: amber
    title: str


def chart(ws: m.Workshop) -> list[ChartDot]:
    """Each need by priority, placed by value and effort as the Align stage's chart places it."""
    scores = alignments(ws)
    dots = []
    for rank, (need, _priority) in enumerate(ranked_needs(ws), start=1):
        effort = need.assessment.effort if need.assessment.effort is not None else 5
        dots.append(
            ChartDot(
                need.id,
                rank,
                value_points(ws, need),
                float(effort),
                not discussion_settled(scores[need.id], need),
                need_title(ws, need, 200),
            )
        )
    return dots
