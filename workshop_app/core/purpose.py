"""Whether each request has a clear purpose, and what the evidence says before a decision.

One rule, used by the Needs stage's badge and list, the sign-off gate, the summary PDF and the
command line alike: a request has its purpose once a need behind it says, in words of its own,
what result the division is after. A need left empty, or one that only says the request again
("A new CRM" behind "We need a new CRM by March"), does not count.

Also here: whether the literal request serves the need (an answer kept per request and need, so a
second request pointed at the same need starts unanswered), and the rules a decision must follow
when the evidence speaks against it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from workshop_app.core import model as m
from workshop_app.core.scoring import AlignmentResult, alignments
from workshop_app.core.text import clip

# Words that carry no purpose of their own: articles, pronouns, links, and the verbs of asking.
_FILLER_WORDS = """
    a an the this that these those some any
    we us our ours i me my you your they them their it its he she his her
    need needs needed want wants wanted would like please get gets have has had
    should must could can will shall may might be is are was were been being do does did
    to of for by in on at with from into onto as and or so then than also just only
    new better more proper own
"""
_WORD = re.compile(r"\w+", re.UNICODE)
_FILLER = frozenset(_WORD.findall(_FILLER_WORDS))


class PurposeProblem(StrEnum):
    """Why a need does not yet give its request a purpose."""

    EMPTY = "empty"
    RESTATES = "restates"

    @property
    def label(self) -> str:
        return {
            "empty": "The need is not written down yet",
            "restates": "The need only restates the request",
        }[self.value]

    @property
    def advice(self) -> str:
        return {
            "empty": "Say what result the division is after.",
            "restates": "Say the result the division is after, not the thing it asked for.",
        }[self.value]


def _stem(word: str) -> str:
    """ "quotes" and "quote" are one word here."""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


#: Texts whose words are kept (see `_words`): more than a workshop at its largest holds.
_KEPT_TEXTS = 8192


@lru_cache(maxsize=_KEPT_TEXTS)
def _words(text: str) -> frozenset[str]:
    # Kept: after every edit and on each visit of Needs or Sign-off, every request and need is
    # asked again, and almost all of their texts are the ones asked the time before.
    return frozenset(_stem(word) for word in _WORD.findall(text.casefold()))


@lru_cache(maxsize=_KEPT_TEXTS)
def content_words(text: str) -> frozenset[str]:
    """The words of a text that could carry a purpose (no articles, pronouns or asking)."""
    return frozenset(
        _stem(word)
        for word in _WORD.findall(text.casefold())
        if word not in _FILLER and not word.isdigit()
    )


def restates(request_text: str, statement: str) -> bool:
    """The need says nothing the request did not: every word it carries is the request's.

    "A new CRM" restates "We need a new CRM by March"; "Quotes go out within a day" does not.
    """
    need_words = content_words(statement)
    if not need_words:
        return False  # nothing but filler: that is an empty need, not a restatement
    return need_words <= _words(request_text)


def problem_with(statement: str, request_texts: Iterable[str]) -> PurposeProblem | None:
    """What keeps a need's statement from giving its requests a purpose, or None."""
    if not content_words(statement):
        return PurposeProblem.EMPTY
    if any(restates(text, statement) for text in request_texts):
        return PurposeProblem.RESTATES
    return None


def need_problem(workshop: m.Workshop, need: m.Need) -> PurposeProblem | None:
    """`problem_with` for a need of this workshop, against every request it sits under."""
    texts = [r.text for r in (workshop.request(rid) for rid in need.request_ids) if r is not None]
    return problem_with(need.statement, texts)


def gives_purpose(request: m.Request, need: m.Need) -> bool:
    """Whether this need says, in words of its own, what result this request is for."""
    return _gives_purpose(need.statement, request.text)


@lru_cache(maxsize=2 * _KEPT_TEXTS)
def _gives_purpose(statement: str, request_text: str) -> bool:
    # Kept per pair of texts: asked for every request after every edit (the Needs stage, its
    # navigator entry, the sign-off gate), and an edit changes one text at most.
    return problem_with(statement, (request_text,)) is None


def request_ids_with_purpose(workshop: m.Workshop) -> set[str]:
    """The requests with at least one need that gives them a purpose (one pass over the needs,
    not one per request: this runs after every edit)."""
    needs = workshop.needs_by_request()
    return {
        request.id
        for request in workshop.requests
        if any(gives_purpose(request, need) for need in needs.get(request.id, ()))
    }


def has_purpose(workshop: m.Workshop, request_id: str) -> bool:
    request = workshop.request(request_id)
    return request is not None and any(
        gives_purpose(request, need) for need in workshop.needs_for(request_id)
    )


@dataclass(frozen=True)
class MissingPurpose:
    """A request whose needs give it no purpose: the need to fix (the first one) and why."""

    request: m.Request
    need: m.Need
    problem: PurposeProblem

    @property
    def message(self) -> str:
        text = clip(self.request.text)
        if self.problem is PurposeProblem.EMPTY:
            return f"Write down the need behind “{text}”: what result is the division after?"
        return (
            f"The need behind “{text}” only restates the request: "
            "say the result the division is after."
        )


def missing_purpose(request: m.Request, needs: list[m.Need]) -> MissingPurpose | None:
    """Why this request's needs give it no purpose (None when one does, or it has none)."""
    if not needs or any(gives_purpose(request, need) for need in needs):
        return None
    problem = problem_with(needs[0].statement, [request.text]) or PurposeProblem.EMPTY
    return MissingPurpose(request, needs[0], problem)


def missing_purposes(workshop: m.Workshop) -> list[MissingPurpose]:
    """Requests that have needs, none of which gives them a purpose, in request order."""
    needs = workshop.needs_by_request()
    found = (missing_purpose(request, needs.get(request.id, [])) for request in workshop.requests)
    return [missing for missing in found if missing is not None]


# -- does the request serve the need? -----------------------------------------------------------
def serves(need: m.Need, request_id: str) -> m.Serves | None:
    """Whether this request serves this need: the answer given for the pair.

    A need from before answers were kept per request holds one answer for all its requests
    (`Need.serves`). Before its requests change or one of them is answered, that answer is
    moved onto each of them (`normalize_serves`), so a request pointed at the need later starts
    unanswered instead of inheriting it.
    """
    return need.serves_for.get(request_id, need.serves)


def normalize_serves(need: m.Need) -> m.Need:
    """Move a whole-need answer onto each of its requests that has none of its own (in place).

    A need with no request keeps it, since it has nowhere else to go."""
    if need.serves is not None and need.request_ids:
        for request_id in need.request_ids:
            need.serves_for.setdefault(request_id, need.serves)
        need.serves = None
    # Answers for requests the need no longer sits under are dropped.
    stale = [rid for rid in need.serves_for if rid not in need.request_ids]
    for request_id in stale:
        del need.serves_for[request_id]
    return need


# -- the alignment discussion -------------------------------------------------------------------
def discussion_settled(result: AlignmentResult, need: m.Need) -> bool:
    """Whether the room has settled this need's alignment enough to decide.

    Clear alignment needs nothing. Unclear alignment needs the discussion ("Discussed", with a
    note of what was agreed); a need linked only to division goals is clear once linked to a
    company goal or once the room notes how it serves the company (then it is not unclear).
    """
    if not result.unclear:
        return True
    if result.division_only:
        return False
    return need.alignment_acknowledged


def pending_discussions(workshop: m.Workshop) -> list[m.Need]:
    scores = alignments(workshop)
    return [n for n in workshop.needs if not discussion_settled(scores[n.id], n)]


def discussion_message(result: AlignmentResult, need: m.Need) -> str:
    statement = clip(need.statement or "a need")
    if result.division_only:
        return (
            f"“{statement}” serves only the division's goals: link it to a company goal or "
            "note how it serves the company."
        )
    return f"Discuss the unclear alignment of “{statement}”."


# -- decisions against the evidence -------------------------------------------------------------
def decision_problems(
    workshop: m.Workshop,
    request_id: str,
    *,
    scores: dict[str, AlignmentResult] | None = None,
    needs: list[m.Need] | None = None,
) -> list[str]:
    """What a recorded decision still owes, given the evidence about its needs.

    Proceeding with a need whose alignment stayed unclear (discussed, not clarified) takes a
    reason and an owner; proceeding with a request that serves its need not at all takes a
    reason (and Reshape is usually the better answer). A loop over every request passes the
    alignments (`scores`) and the request's `needs` it worked out once, rather than have each
    call work them out again from the whole workshop.
    """
    decision = workshop.decision_for(request_id)
    if decision.kind is not m.DecisionKind.PROCEED:
        return []
    request = workshop.request(request_id)
    text = clip(request.text if request is not None else "this request")
    needs = workshop.needs_for(request_id) if needs is None else needs
    scores = alignments(workshop) if scores is None else scores
    problems = []
    has_reason, has_owner = bool(decision.rationale.strip()), bool(decision.owner.strip())
    if any(scores[n.id].unclear for n in needs if n.id in scores):
        missing = [
            word
            for word, there in (("the reason", has_reason), ("an owner", has_owner))
            if not there
        ]
        if missing:
            problems.append(
                f"Proceeding with “{text}” although its alignment is unclear: give "
                + " and ".join(missing)
                + "."
            )
    if not has_reason and any(serves(n, request_id) is m.Serves.NOT_AT_ALL for n in needs):
        problems.append(
            f"“{text}” does not serve its need at all: say why it proceeds anyway, "
            "or reshape it to serve the need another way."
        )
    return problems


# -- the evidence, in words -----------------------------------------------------------------------
def success_text(need: m.Need) -> str:
    """The success measure as the room says it: "Quote turnaround: 5 days → 1 day by Q2"."""
    measure, baseline = need.measure.strip(), need.baseline.strip()
    target, by_when = need.target.strip(), need.by_when.strip()
    change = " → ".join(part for part in (baseline, target) if part)
    if baseline and not target:
        change = f"{baseline} today"
    text = f"{measure}: {change}" if measure and change else measure or change
    if by_when:
        text = f"{text} by {by_when}" if text else f"by {by_when}"
    return " ".join(text.split())


@dataclass(frozen=True)
class Evidence:
    """What the room knows about a need when it decides on one of its requests."""

    success: str
    cost_of_inaction: str
    alternatives: str
    serves: m.Serves | None

    @property
    def serves_text(self) -> str:
        return self.serves.label if self.serves is not None else "Not judged yet"


def evidence(need: m.Need, request_id: str) -> Evidence:
    return Evidence(
        success_text(need),
        " ".join(need.cost_of_inaction.split()),
        " ".join(need.alternatives.split()),
        serves(need, request_id),
    )


def serves_not_at_all(workshop: m.Workshop, request_id: str) -> bool:
    """The request serves none of its needs' results, as the room judged it."""
    return any(serves(n, request_id) is m.Serves.NOT_AT_ALL for n in workshop.needs_for(request_id))


def proceed_warning(workshop: m.Workshop, request_id: str) -> str:
    """What the Decide card says under the buttons when Proceed goes against the evidence."""
    problems = decision_problems(workshop, request_id)
    return problems[0] if problems else ""
