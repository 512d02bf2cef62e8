"""Looking across workshops: the request portfolio, similar requests, and follow-up workshops.

- `portfolio_rows` lists every request of every workshop (the latest revision of each) with its
  need(s), alignment score, priority and decision, for the portfolio view.
- `similar_requests` points out what other workshops already asked for ("Finance asked for a CRM
  in Q2 2026"), by keyword overlap: words are lower-cased, lightly stemmed and stop words dropped,
  then two requests are compared as sets (overlap ÷ √(size × size), a set cosine).
- `start_follow_up` opens a new workshop from an earlier one, carrying over what was deferred or
  needed more information, with its needs, outcome measures, goal links and open actions.

Everything here is plain Python over the operations layer; the UI and the CLI share it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import select

from workshop_app.core import model as m
from workshop_app.core.fields import EDITABLE, LONG_TEXT
from workshop_app.core.kind import Kind
from workshop_app.core.scoring import alignment, priority
from workshop_app.storage import db
from workshop_app.storage import tables as t
from workshop_app.storage.library import Library, WorkshopSummary, fresh_ids, now_iso

# -- latest revisions -------------------------------------------------------------------------


def latest_revisions(summaries: list[WorkshopSummary]) -> list[WorkshopSummary]:
    """One summary per lineage: its highest revision, in the order given."""
    best: dict[str, WorkshopSummary] = {}
    for summary in summaries:
        kept = best.get(summary.lineage_id)
        if kept is None or summary.revision > kept.revision:
            best[summary.lineage_id] = summary
    keep = {s.id for s in best.values()}
    return [s for s in summaries if s.id in keep]


# -- portfolio --------------------------------------------------------------------------------


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
    priority: float | None  # the best priority of its needs, under the workshop's framework
    framework: m.Framework
    decision: m.DecisionKind | None
    rationale: str
    owner: str


def workshop_rows(workshop: m.Workshop) -> list[PortfolioRow]:
    """The portfolio lines of one workshop, in its request order."""
    rows = []
    for request in workshop.requests:
        needs = workshop.needs_for(request.id)
        scores = [alignment(workshop, need) for need in needs]
        priorities = [priority(workshop, need).score for need in needs]
        decision = workshop.decision_for(request.id)
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
                framework=workshop.framework,
                decision=decision.kind,
                rationale=decision.rationale,
                owner=decision.owner,
            )
        )
    return rows


def portfolio_rows(library: Library, *, latest_only: bool = True) -> list[PortfolioRow]:
    """Every request across the library, most recently changed workshop first.

    By default only the latest revision of each workshop counts, so a corrected revision does
    not list its requests twice.
    """
    summaries = library.workshops()
    if latest_only:
        summaries = latest_revisions(summaries)
    rows: list[PortfolioRow] = []
    for summary in summaries:
        if summary.request_count:
            rows.extend(workshop_rows(library.workshop(summary.id)))
    return rows


# -- similar requests -------------------------------------------------------------------------

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
        who = self.division or f"The workshop “{_short(self.workshop_title, 50)}”"
        when = quarter_of(self.date)
        place = f" in {when}" if when else f" in “{_short(self.workshop_title, 50)}”"
        if not self.division and not when:
            place = ""
        outcome = f"decided: {self.decision.label.lower()}" if self.decision else "not decided yet"
        return f"{who} asked for “{_short(self.text, 90)}”{place} ({outcome})."


def quarter_of(iso_date: str) -> str:
    """'2026-05-04' → 'Q2 2026'; '' for no or an unreadable date."""
    try:
        day = date.fromisoformat(iso_date)
    except ValueError:
        return ""
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def similar_requests(
    library: Library,
    text: str,
    workshop_id: str | None = None,
    *,
    limit: int = 3,
    threshold: float = MIN_SIMILARITY,
) -> list[SimilarRequest]:
    """Requests in other workshops that ask for much the same thing, most similar first.

    Requests of `workshop_id` itself and of its other revisions are left out, and only the
    latest revision of every other workshop is searched, so nothing is reported twice.
    """
    wanted = keywords(text)
    if not wanted:
        return []
    with db.user_facing_errors(library.path), db.session(db.reader(library.engine)) as s:
        lineage = None
        if workshop_id is not None:
            own = s.get(t.WorkshopRow, workshop_id)
            lineage = own.lineage_id if own is not None else None
        latest: dict[str, int] = {}
        for lineage_id, revision in s.exec(
            select(t.WorkshopRow.lineage_id, t.WorkshopRow.revision)
        ).all():
            latest[lineage_id] = max(revision, latest.get(lineage_id, 0))
        query = (
            select(t.RequestRow, t.WorkshopRow, t.DecisionRow.kind)
            .join(t.WorkshopRow, t.WorkshopRow.id == t.RequestRow.workshop_id)  # type: ignore[arg-type]
            .outerjoin(t.DecisionRow, t.DecisionRow.request_id == t.RequestRow.id)  # type: ignore[arg-type]
            .order_by(t.WorkshopRow.updated_at.desc(), t.RequestRow.position)  # type: ignore[attr-defined,arg-type]
        )
        found = []
        for request, workshop, kind in s.exec(query).all():
            if workshop.lineage_id == lineage or workshop.revision != latest[workshop.lineage_id]:
                continue
            theirs = keywords(request.text)
            score = similarity(wanted, theirs)
            if score < threshold:
                continue
            found.append(
                SimilarRequest(
                    request_id=request.id,
                    text=request.text,
                    workshop_id=workshop.id,
                    workshop_title=workshop.title,
                    division=workshop.division,
                    date=workshop.date,
                    decision=None if kind is None else m.DecisionKind(kind),
                    score=score,
                    shared=tuple(sorted(wanted & theirs)),
                )
            )
    found.sort(key=lambda r: -r.score)  # stable: equally similar ones stay most recent first
    return found[:limit]


# -- follow-up workshops ----------------------------------------------------------------------


#: Decisions that leave a request open for a later workshop.
def carried_requests(workshop: m.Workshop) -> list[m.Request]:
    return [r for r in workshop.requests if workshop.decision_for(r.id).kind in m.CARRIED_OVER]


def follow_up_workshop(earlier: m.Workshop, created_at: str = "") -> m.Workshop:
    """A new workshop continuing an earlier one (same ids; give it fresh ones before adding).

    It keeps the division, people, agenda and goals, and carries over every request that was
    deferred or needed more information, with the needs behind it (why-ladder, outcome measure,
    ratings), their goal links and the open actions about it. Each carried request starts
    undecided, with the earlier decision quoted in its rationale.
    """
    carried = carried_requests(earlier)
    carried_ids = {r.id for r in carried}
    needs = []
    for need in earlier.needs:
        kept = [rid for rid in need.request_ids if rid in carried_ids]
        if kept:
            needs.append(replace(need, request_ids=kept, alignment_acknowledged=False))
    need_ids = {n.id for n in needs}
    title_limit = EDITABLE[Kind.WORKSHOP]["title"].max_length
    return m.Workshop(
        title=f"Follow-up: {earlier.title}"[:title_limit],
        division=earlier.division,
        company=earlier.company,
        location=earlier.location,
        facilitator=earlier.facilitator,
        it_phase=earlier.it_phase,
        framework=earlier.framework,
        created_at=created_at,
        participants=[replace(p) for p in earlier.participants],
        agenda=[replace(a) for a in earlier.agenda],
        goals=[replace(g) for g in earlier.goals],
        requests=[replace(r) for r in carried],
        needs=needs,
        links=[replace(link) for link in earlier.links if link.need_id in need_ids],
        decisions=[_reopened(earlier, earlier.decision_for(r.id)) for r in carried],
        actions=[replace(a) for a in earlier.actions if a.request_id in carried_ids and not a.done],
    )


def _reopened(earlier: m.Workshop, decision: m.Decision) -> m.Decision:
    assert decision.kind is not None
    when = f" on {earlier.date}" if earlier.date else ""
    parts = [f"Carried over from “{_short(earlier.title, 120)}”{when}: {decision.kind.label}."]
    if decision.rationale.strip():
        parts.append(decision.rationale.strip())
    if decision.next_step.strip():
        parts.append(f"Next step then: {decision.next_step.strip()}")
    note = " ".join(parts)[:LONG_TEXT]
    return m.Decision(request_id=decision.request_id, rationale=note, owner=decision.owner)


def start_follow_up(library: Library, workshop_id: str) -> str:
    """Create the follow-up workshop of `workshop_id` in the library; returns its id."""
    follow_up = fresh_ids(follow_up_workshop(library.workshop(workshop_id), now_iso()))
    return library.add_workshop(follow_up, action="start follow-up workshop")


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
