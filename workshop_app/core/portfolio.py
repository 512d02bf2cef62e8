"""Looking across workshops: a request's portfolio line, and which requests ask for the same.

`similar_requests` (storage/portfolio.py) compares requests by keyword overlap: words are
lower-cased, lightly stemmed and stop words dropped, then two requests are compared as sets
(overlap ÷ √(size × size), a set cosine).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from workshop_app.core import model as m
from workshop_app.core import results as r
from workshop_app.core.comparable import Scoring, portfolio_priority
from workshop_app.core.fields import LONG_TEXT
from workshop_app.core.lens import lens_matches
from workshop_app.core.scoring import alignment, priority
from workshop_app.core.text import clip


@dataclass(frozen=True)
class PortfolioRow:
    """One request of one workshop, as the portfolio shows it."""

    workshop_id: str
    workshop_title: str
    division: str
    date: str
    revision: int
    status: m.Status
    request_id: str
    request: str
    requested_by: str
    phase: m.Phase | None
    urgency: m.Urgency | None
    needs: tuple[str, ...]  # need statements ("" for a need not yet worded)
    alignment: int | None  # the best alignment of its needs; None while it has no need
    alignment_unclear: bool
    priority: float | None  # the best priority of its needs, under `framework`
    framework: m.Framework  # the period's when the portfolio compares alike, else the workshop's
    decision: m.DecisionKind | None
    rationale: str
    owner: str
    origin: m.Origin = m.Origin.DIVISION
    lenses: tuple[m.Lens | None, ...] = ()  # the lens of each need, in the needs' order
    #: For a commitment (proceed, reshape): its latest result against the target, in words
    #: ("2 days on 2027-01-31 · target 1 day"), and which way it moves; "" and None otherwise.
    result: str = ""
    trend: r.Trend | None = None
    #: When the portfolio re-scores the workshop under a period's scoring: its own framework
    #: and best priority, as the workshop shows them; None when it compares as it is.
    own_framework: m.Framework | None = None
    own_priority: float | None = None

    @property
    def lens_words(self) -> str:
        """“Customer-facing”, “Internal, Both”…; "" while no need has a lens."""
        return ", ".join(dict.fromkeys(lens.label for lens in self.lenses if lens is not None))


def with_lens(rows: list[PortfolioRow], wanted: m.Lens | None) -> list[PortfolioRow]:
    """The rows whose needs match the lens filter `wanted` (core/lens.py); None keeps all."""
    return [row for row in rows if lens_matches(row.lenses, wanted)]


def commitment_result(workshop: m.Workshop, needs: list[m.Need]) -> tuple[str, r.Trend]:
    """A committed request's latest result in words, and its trend: the first of its needs
    measured since (else its first need, not measured yet)."""
    measured = [(n, r.results_for(workshop, n.id)) for n in needs]
    need, history = next(((n, h) for n, h in measured if h), measured[0])
    target = f" · target {need.target.strip()}" if need.target.strip() else ""
    latest = history[-1] if history else None
    return f"{r.result_line(latest)}{target}", r.trend(need, history)


def workshop_rows(workshop: m.Workshop, scoring: Scoring | None = None) -> list[PortfolioRow]:
    """The portfolio lines of one workshop, in its request order; priorities under the period's
    `scoring` when given (core/comparable.py), else the workshop's own framework."""
    rows = []
    for request in workshop.requests:
        needs = workshop.needs_for(request.id)
        scores = [alignment(workshop, need) for need in needs]
        priorities = [portfolio_priority(workshop, need, scoring).score for need in needs]
        rescored = scoring is not None and scoring.rescores(workshop)
        own = [priority(workshop, need).score for need in needs] if rescored else []
        decision = workshop.decision_for(request.id)
        result, trend = "", None
        if decision.kind in m.COMMITMENTS and needs:
            result, trend = commitment_result(workshop, needs)
        rows.append(
            PortfolioRow(
                workshop_id=workshop.id,
                workshop_title=workshop.title,
                division=workshop.division,
                date=workshop.date,
                revision=workshop.revision,
                status=workshop.status,
                request_id=request.id,
                request=request.text,
                requested_by=request.requested_by,
                phase=request.phase,
                urgency=request.urgency,
                needs=tuple(need.statement for need in needs),
                alignment=max((s.score for s in scores), default=None),
                alignment_unclear=bool(scores) and all(s.unclear for s in scores),
                priority=max(priorities, default=None),
                framework=scoring.framework if scoring else workshop.framework,
                decision=decision.kind,
                rationale=decision.rationale,
                owner=decision.owner,
                origin=request.origin,
                lenses=tuple(need.lens for need in needs),
                result=result,
                trend=trend,
                own_framework=workshop.framework if rescored else None,
                own_priority=max(own, default=None),
            )
        )
    return rows


#: Words that say nothing about *what* is asked for: grammar, politeness, urgency, dates.
_STOP_WORDS_TEXT = """
a an the and or but nor of to in on at by for from with without into onto about over under
as per via than then so that this these those it its it's is are was were be been being am
do does did done have has had having can could should would will shall may might must
we us our ours you your yours they them their i me my he she his her who whom which what
when where why how all any some each every more most less least much many few other another
not no yes also just only very really please need needs needed want wants wanted would like
get gets give gives make makes let lets new better good great asap urgent urgently soon now
today tomorrow next last this week weeks month months year years quarter quarters end
before after until up down out there here
q1 q2 q3 q4 h1 h2 fy
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MIN_SIMILARITY = 0.34


def _stem(word: str) -> str:
    """A light English stemmer: dashboards → dashboard, queries → query, reports → report."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def keywords(text: str) -> frozenset[str]:
    """The words of a request that carry its meaning, normalised for comparison."""
    words = (w.casefold() for w in _WORD.findall(text[:LONG_TEXT]))
    return frozenset(
        _stem(w) for w in words if w not in STOP_WORDS and not w.isdigit() and len(w) > 1
    )


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """0 (nothing in common) to 1 (the same words): shared words ÷ √(|a| × |b|)."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


@dataclass(frozen=True)
class SimilarRequest:
    request_id: str
    text: str
    workshop_id: str
    workshop_title: str
    division: str
    date: str
    decision: m.DecisionKind | None
    score: float
    shared: tuple[str, ...]  # the keywords both requests have, for "why is this similar?"

    def sentence(self) -> str:
        """“Finance asked for “a CRM for invoicing” in Q2 2026 (decided: defer).”"""
        who = self.division or f"The workshop “{clip(self.workshop_title, 50)}”"
        when = quarter_of(self.date)
        place = f" in {when}" if when else f" in “{clip(self.workshop_title, 50)}”"
        if not self.division and not when:
            place = ""
        outcome = f"decided: {self.decision.label.lower()}" if self.decision else "not decided yet"
        return f"{who} asked for “{clip(self.text, 90)}”{place} ({outcome})."


def quarter_of(iso_date: str) -> str:
    """'2026-05-04' → 'Q2 2026'; '' for no or an unreadable date."""
    try:
        day = date.fromisoformat(iso_date)
    except ValueError:
        return ""
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


# -- same need, other divisions ----------------------------------------------------------------

#: A need counts as serving a company goal when its link is at least this strong.
SERVES = m.Strength.MODERATE


def goal_key(title: str) -> str:
    """A company goal's title as it is matched across workshops: case and spacing ignored."""
    return " ".join(title.casefold().split())


@dataclass(frozen=True)
class SharedNeedMember:
    """One division's need in a group of needs other divisions share."""

    workshop_id: str
    workshop_title: str
    division: str
    need_id: str
    statement: str
    request_ids: tuple[str, ...]


@dataclass(frozen=True)
class SharedNeed:
    """Needs of two or more divisions that serve the same company goal with similar wording."""

    goals: tuple[str, ...]  # the company goals they share, in their newest library version's words
    members: tuple[SharedNeedMember, ...]
    shared: tuple[str, ...]  # keywords every pair that joined the group had in common
    #: Whether the goal they share was picked from the company's goal library (matched by the
    #: library goal, whatever version's words each workshop took), not only by its title.
    library: bool = False

    @property
    def divisions(self) -> tuple[str, ...]:
        names: dict[str, str] = {}
        for member in self.members:
            names.setdefault(goal_key(member.division), member.division)
        return tuple(names.values())

    def sentence(self) -> str:
        """“Sales and Finance both need “quotes out within a day” — one solution may serve
        both.”"""
        names = [clip(name, 40) for name in self.divisions]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
        both = "both" if len(names) == 2 else "all"
        need = clip(" ".join(self.members[0].statement.split()), 90)
        them = "both" if len(names) == 2 else "them all"
        return f"{who} {both} need “{need}” — one solution may serve {them}."

    def goal_words(self) -> str:
        """“Serving the company goal “Grow mid-market revenue 15%”.”"""
        goals = ", ".join(f"“{clip(g, 60)}”" for g in self.goals)
        plural = "s" if len(self.goals) > 1 else ""
        source = ", picked from the company's goals" if self.library else ""
        return f"Serving the company goal{plural} {goals}{source}."


class _SameGoal:
    """Which company goals of the workshops are one goal: those picked from the same library
    goal (by its id, whichever version each took) and those of the same title (case and spacing
    ignored; a workshop from before the library reaches it by name), joined transitively."""

    def __init__(self, workshops: list[m.Workshop]) -> None:
        self.parent: dict[str, str] = {}
        for ws in workshops:
            for goal in ws.goals:
                if goal.level is m.GoalLevel.COMPANY and not goal.placeholder:
                    self.join(*self.keys(goal))

    @staticmethod
    def keys(goal: m.StrategicGoal) -> list[str]:
        title = goal_key(goal.title)
        keys = [f"title:{title}"] if title else []
        return keys + ([f"library:{goal.library_goal_id}"] if goal.library_goal_id else [])

    def root(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, *keys: str) -> None:
        roots = sorted({self.root(k) for k in keys})
        for other in roots[1:]:
            self.parent[other] = roots[0]

    def of(self, goal: m.StrategicGoal) -> str:
        keys = self.keys(goal)
        return self.root(keys[0]) if keys else ""


#: A served goal: (its library version, 0 when typed in the workshop; its title; picked?).
_Served = tuple[int, str, bool]


def _served_goals(workshop: m.Workshop, need: m.Need, same: _SameGoal) -> dict[str, _Served]:
    """The company goals `need` serves (moderately or strongly): key → (version, title,
    picked from the library). A template's goal not yet reworded is no goal yet."""
    served: dict[str, _Served] = {}
    for link in workshop.links_for(need.id):
        goal = workshop.goal(link.goal_id)
        if goal is None or goal.level is not m.GoalLevel.COMPANY or goal.placeholder:
            continue
        key = same.of(goal)
        if key and link.strength.points >= SERVES.points:
            picked = bool(goal.library_goal_id)
            served.setdefault(key, (goal.library_version, goal.title.strip(), picked))
    return served


def _newest(a: _Served, b: _Served) -> _Served:
    """One goal served in two workshops: the newer library version's words, else the first."""
    return (max(a[0], b[0]), (b if b[0] > a[0] else a)[1], a[2] or b[2])


def shared_needs(
    workshops: list[m.Workshop], threshold: float = MIN_SIMILARITY
) -> list[SharedNeed]:
    """Groups of needs from different divisions that serve the same company goal (the same
    goal of the company's goal library, or of the same title: `_SameGoal`) with similar wording
    (keywords, as for similar requests), most divisions first.

    Two needs join when their divisions differ (case- and space-insensitive; a workshop
    without a division counts as none), they serve at least one company goal in common, and
    their statements are at least `threshold` similar; a group is every need joined so.
    """
    same = _SameGoal(workshops)
    entries: list[tuple[SharedNeedMember, str, dict[str, _Served], frozenset[str]]] = []
    for ws in workshops:
        division = goal_key(ws.division)
        if not division:
            continue
        for need in ws.needs:
            words, goals = keywords(need.statement), _served_goals(ws, need, same)
            if words and goals:
                member = SharedNeedMember(
                    ws.id, ws.title, ws.division.strip(), need.id, need.statement,
                    tuple(need.request_ids),
                )  # fmt: skip
                entries.append((member, division, goals, words))
    parent = list(range(len(entries)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    goals_of: dict[int, dict[str, _Served]] = {}
    words_of: dict[int, set[str]] = {}
    for i, (_a, div_a, goals_a, words_a) in enumerate(entries):
        for j in range(i + 1, len(entries)):
            _b, div_b, goals_b, words_b = entries[j]
            common = goals_a.keys() & goals_b.keys()
            if div_a == div_b or not common or similarity(words_a, words_b) < threshold:
                continue
            ri, rj = root(i), root(j)
            parent[max(ri, rj)] = min(ri, rj)
            for pair in (i, j):
                held = goals_of.setdefault(pair, {})
                for k in common:
                    held[k] = _newest(held.get(k, goals_a[k]), _newest(goals_a[k], goals_b[k]))
                words_of.setdefault(pair, set()).update(words_a & words_b)
    groups: dict[int, list[int]] = {}
    for i in goals_of:
        groups.setdefault(root(i), []).append(i)
    found = []
    for members in groups.values():
        members.sort()
        served: dict[str, _Served] = {}
        for i in members:
            for k, v in goals_of[i].items():
                served[k] = _newest(served[k], v) if k in served else v
        shared_words: set[str] = set().union(*(words_of[i] for i in members))
        found.append(
            SharedNeed(
                goals=tuple(served[k][1] for k in sorted(served)),
                members=tuple(entries[i][0] for i in members),
                shared=tuple(sorted(shared_words)),
                library=any(v[2] for v in served.values()),
            )
        )
    found.sort(key=lambda g: (-len(g.divisions), -len(g.members)))
    return found


def shared_for_request(
    groups: list[SharedNeed], workshop_id: str, request_id: str
) -> tuple[SharedNeed, list[SharedNeedMember]] | None:
    """The group a request's need belongs to, with the other divisions' members; None if none."""
    for group in groups:
        mine = [g for g in group.members if g.workshop_id == workshop_id]
        if any(request_id in member.request_ids for member in mine):
            return group, [g for g in group.members if g.workshop_id != workshop_id]
    return None


def shared_words(groups: list[SharedNeed], workshop_id: str, request_id: str) -> str:
    """For a CSV cell: “Finance: Quotes go out within one day. Serving the company goal …”."""
    found = shared_for_request(groups, workshop_id, request_id)
    if found is None:
        return ""
    group, others = found
    names = " | ".join(f"{o.division}: {' '.join(o.statement.split())}" for o in others)
    return f"{names}. {group.goal_words()}"
