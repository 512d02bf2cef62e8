"""The workshop domain as plain data: what the facilitator captures, in the method's own terms.

Everything here is pure Python. Storage maps these types to tables, the report renders them,
the UI shows them; none of those concerns leak back in here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# The method's terms are defined apart, so the library list needs none of the classes below;
# they are part of this module's vocabulary all the same (m.Status, m.UNTITLED).
from workshop_app.core.terms import (  # noqa: F401
    CARRIED_OVER,
    COMMITMENTS,
    UNTITLED,
    Confidence,
    DecisionKind,
    Framework,
    GoalLevel,
    Lens,
    Origin,
    Phase,
    Serves,
    Stance,
    Status,
    Strength,
    Urgency,
    Verdict,
)

#: Field metadata for what was added after schema version 1: such a field enters the content
#: and document digests only when it differs from its default, so every revision signed before
#: it existed keeps the digest its participants signed. Use `later(...)` to declare one.
LATER = "later"


def later(default: Any = None, *, factory: Callable[[], Any] | None = None) -> Any:
    """A field added after schema version 1 (see `LATER`); `factory` for lists and dicts."""
    if factory is not None:
        return field(default_factory=factory, metadata={LATER: True})
    return field(default=default, metadata={LATER: True})


def new_id() -> str:
    """A fresh, globally unique id, so workshops can move between machines without clashes."""
    import uuid  # here, not at import: it loads `platform`, a few ms the window's start spares

    return uuid.uuid4().hex


@dataclass
class Participant:
    name: str
    role: str = ""
    decision_maker: bool = False
    id: str = field(default_factory=new_id)


@dataclass
class AgendaItem:
    title: str
    planned_minutes: int = 15
    id: str = field(default_factory=new_id)


@dataclass
class StrategicGoal:
    title: str
    level: GoalLevel = GoalLevel.COMPANY
    description: str = ""
    weight: int = 3
    measure: str = ""
    id: str = field(default_factory=new_id)
    #: A company goal picked from the library's company goals (core/company_goals.py): which
    #: library goal, the version the workshop took (kept when the library changes later) and
    #: the period that version holds for; "" and 0 for a goal typed in this workshop.
    library_goal_id: str = later("")
    library_version: int = later(0)
    library_period: str = later("")
    #: A template's wording to start from, not yet the room's own: it does not count as a
    #: recorded goal until the facilitator rewords it (or picks the company's goal instead).
    placeholder: bool = later(False)


@dataclass
class Request:
    """What the division literally asks for, recorded verbatim."""

    text: str
    requested_by: str = ""
    deadline: str = ""
    urgency: Urgency | None = None
    phase: Phase | None = None
    id: str = field(default_factory=new_id)
    #: Who brought it: the division (the default) or IT itself, scored against the same goals.
    origin: Origin = later(Origin.DIVISION)

    @property
    def from_it(self) -> bool:
        return self.origin is Origin.IT


@dataclass
class Assessment:
    """The facilitator's ratings used for prioritising; None means not yet rated.

    value, urgency, effort and risk are 1 to 10; confidence is a percentage; reach is the number
    of people or transactions affected per quarter.
    """

    value: int | None = None
    urgency: int | None = None
    effort: int | None = None
    risk: int | None = None
    confidence: int | None = None
    reach: int | None = None


@dataclass
class Adoption:
    """A value the facilitator adopted from the room's blind ratings (core/rounds.py), kept with
    the spread it came from: what was rated, the value adopted, how many answered, the median
    (as text, so digests never depend on how a float is written) and the range."""

    criterion: str  # value, urgency, effort, risk, confidence, or link (with goal_id)
    value: int
    answers: int
    median: str
    low: int
    high: int
    goal_id: str | None = None
    round_id: str = ""
    adopted_at: str = ""


@dataclass
class Need:
    """The outcome the division is actually after, stated as a result, not a solution."""

    statement: str = ""
    request_ids: list[str] = field(default_factory=list)
    why_ladder: list[str] = field(default_factory=list)
    beneficiaries: str = ""
    measure: str = ""
    baseline: str = ""
    target: str = ""
    by_when: str = ""
    cost_of_inaction: str = ""
    alternatives: str = ""
    #: One answer for every request of the need, as kept before answers were per request: read
    #: from older files and moved onto each request when stored (`purpose.normalize_serves`);
    #: it stays only on a need no request sits under.
    serves: Serves | None = None
    lens: Lens | None = None
    alignment_acknowledged: bool = False
    assessment: Assessment = field(default_factory=Assessment)
    id: str = field(default_factory=new_id)
    #: Values adopted from the room's ratings, oldest first (added after schema version 1).
    adoptions: list[Adoption] = later(factory=list)
    #: Does the literal request serve this need? One answer per request (by request id), so a
    #: second request pointed at the need starts unanswered (see `purpose.serves`).
    serves_for: dict[str, Serves] = later(factory=dict)
    #: What the room agreed when it discussed this need's unclear alignment ("Discussed").
    alignment_note: str = later("")
    #: How a need linked only to division goals serves the company, as the room agreed it.
    company_note: str = later("")
    #: What serving it would take: person-days and money (whole units of the library's
    #: currency), each None while not estimated, and how sure the room is of that estimate.
    estimate_days: int | None = later(None)
    estimate_money: int | None = later(None)
    estimate_confidence: Confidence | None = later(None)


@dataclass
class AlignmentLink:
    need_id: str
    goal_id: str
    strength: Strength = Strength.NONE


@dataclass
class Decision:
    """The outcome for one request. Exists for every request; kind None means undecided."""

    request_id: str
    kind: DecisionKind | None = None
    rationale: str = ""
    owner: str = ""
    next_step: str = ""
    due_date: str = ""
    #: For a request a follow-up carried over: what the earlier workshop decided, as a note.
    #: Shown beside the decision, never pre-filled into this workshop's rationale.
    earlier: str = later("")


@dataclass
class Result:
    """A result recorded against a need's outcome measure after the workshop.

    Results are not part of what participants sign: they arrive after sign-off, when the
    revision is locked. They are stored beside the revision (storage/results.py), ride along in
    the interchange file as the workshop's "results" list, and stay out of both digests
    (core/interchange.py), so recording one never disturbs a signature.
    """

    need_id: str
    value: str
    date: str = ""  # YYYY-MM-DD, the day the value was measured
    note: str = ""
    verdict: Verdict | None = None
    recorded_at: str = ""
    id: str = field(default_factory=new_id)

    def order(self) -> tuple[str, str, str]:
        """The one order results are kept in: by the day measured, then when recorded."""
        return (self.date, self.recorded_at, self.id)


@dataclass
class ActionItem:
    text: str
    owner: str = ""
    due_date: str = ""
    request_id: str | None = None
    done: bool = False
    id: str = field(default_factory=new_id)


@dataclass
class Signature:
    """One participant's confirmation of one revision, bound to that revision's content digest."""

    participant_id: str
    typed_name: str
    stance: Stance = Stance.AGREE
    note: str = ""
    drawing: str = ""  # strokes as "x,y x,y;x,y ..." in a 0..1000 box; empty when not drawn
    content_digest: str = ""
    signed_at: str = ""
    id: str = field(default_factory=new_id)


#: The title of a new blank workshop until the facilitator names it.
@dataclass
class Workshop:
    """One revision of one workshop, with everything captured in it.

    Lists keep the facilitator's order. A signed-off revision never changes; correcting it
    creates the next revision in the same lineage.
    """

    title: str
    division: str = ""
    company: str = ""
    date: str = ""
    location: str = ""
    facilitator: str = ""
    it_phase: Phase | None = None
    status: Status = Status.DRAFT
    framework: Framework = Framework.WEIGHTED
    revision: int = 1
    lineage_id: str = field(default_factory=new_id)
    created_at: str = ""
    participants: list[Participant] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    goals: list[StrategicGoal] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    links: list[AlignmentLink] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    #: The evidence for where IT stands: the two complaints of the method, in the room's words.
    it_reliability: str = later("")  # how reliable the division's systems are
    it_delivery: str = later("")  # how its projects are delivered
    #: Where IT stood with this division at the last workshop before this one, and its date:
    #: what a slide back (or a step forward) is measured against (core/phases.py).
    earlier_phase: Phase | None = later(None)
    earlier_phase_date: str = later("")
    #: For a follow-up: the earlier workshop it continues ("title (date)"); "" for a first one.
    follow_up_of: str = later("")
    #: Results recorded against the needs' measures, outside the signed content (see Result).
    results: list[Result] = later(factory=list)

    # Lookups used by scoring, the report and the UI, often once per item of a 500-item list,
    # so each is answered from an index of its list instead of a scan. An index is built on
    # first use and rebuilt when its list is replaced or changes length. A hit is checked
    # against the item's current id, and lookups that can miss rarely (an item by id, a
    # decision) confirm a miss with a scan, so they are always right. Only `strength`, where
    # misses are the rule, trusts its index for a miss: code that rewires the ids of existing
    # links in place must call `sort_links()` afterwards, which drops the indexes.
    def _index(self, attr: str, key: Callable[[Any], Any]) -> dict[Any, Any]:
        items = getattr(self, attr)
        lookups: dict[str, tuple[list[Any], int, dict[Any, Any]]] = self.__dict__.setdefault(
            "_lookups", {}
        )
        cached = lookups.get(attr)
        if cached is not None and cached[0] is items and cached[1] == len(items):
            return cached[2]
        index: dict[Any, Any] = {}
        for item in items:
            index.setdefault(key(item), item)
        lookups[attr] = (items, len(items), index)
        return index

    def _by_id(self, attr: str, item_id: str) -> Any:
        found = self._index(attr, _item_id).get(item_id)
        if found is not None and found.id == item_id:
            return found
        self.__dict__.get("_lookups", {}).pop(attr, None)  # stale or missing: ask the list
        return next((i for i in getattr(self, attr) if i.id == item_id), None)

    def goal(self, goal_id: str) -> StrategicGoal | None:
        return self._by_id("goals", goal_id)

    def request(self, request_id: str) -> Request | None:
        return self._by_id("requests", request_id)

    def need(self, need_id: str) -> Need | None:
        return self._by_id("needs", need_id)

    def participant(self, participant_id: str) -> Participant | None:
        return self._by_id("participants", participant_id)

    def needs_for(self, request_id: str) -> list[Need]:
        return [n for n in self.needs if request_id in n.request_ids]

    def needs_by_request(self) -> dict[str, list[Need]]:
        """`needs_for` of every request at once, in one pass over the needs: for loops over all
        requests, where a scan per request would grow with the square of the workshop."""
        needs: dict[str, list[Need]] = {}
        for need in self.needs:
            for request_id in dict.fromkeys(need.request_ids):
                needs.setdefault(request_id, []).append(need)
        return needs

    def decisions_by_request(self) -> dict[str, Decision]:
        """The recorded decision of each request (the first, as `decision_for` finds it); a
        request missing here has none yet. Built once for loops over all requests: confirming
        each miss with a scan, as `decision_for` does, grows with the square of the workshop."""
        decisions: dict[str, Decision] = {}
        for decision in self.decisions:
            decisions.setdefault(decision.request_id, decision)
        return decisions

    def links_for(self, need_id: str) -> list[AlignmentLink]:
        return [link for link in self.links if link.need_id == need_id]

    def strength(self, need_id: str, goal_id: str) -> Strength:
        link = self._index("links", _link_key).get((need_id, goal_id))
        if link is None:
            return Strength.NONE
        if link.need_id == need_id and link.goal_id == goal_id:
            return link.strength
        self.__dict__.get("_lookups", {}).pop("links", None)  # a link was rewired in place
        for link in self.links:
            if link.need_id == need_id and link.goal_id == goal_id:
                return link.strength
        return Strength.NONE

    def decision_for(self, request_id: str) -> Decision:
        found = self._index("decisions", _decision_key).get(request_id)
        if found is None or found.request_id != request_id:
            self.__dict__.get("_lookups", {}).pop("decisions", None)
            found = next((d for d in self.decisions if d.request_id == request_id), None)
        return found if found is not None else Decision(request_id=request_id)

    def sort_links(self) -> None:
        """Links in need order, then goal order: the one canonical order for digests."""
        need_order = {n.id: i for i, n in enumerate(self.needs)}
        goal_order = {g.id: i for i, g in enumerate(self.goals)}
        self.links.sort(key=lambda link: (need_order[link.need_id], goal_order[link.goal_id]))
        self.__dict__.pop("_lookups", None)

    @property
    def is_locked(self) -> bool:
        return self.status is Status.SIGNED_OFF

    @property
    def is_follow_up(self) -> bool:
        return bool(self.follow_up_of)


def _item_id(item: Any) -> str:
    return item.id


def _link_key(link: AlignmentLink) -> tuple[str, str]:
    return (link.need_id, link.goal_id)


def _decision_key(decision: Decision) -> str:
    return decision.request_id
