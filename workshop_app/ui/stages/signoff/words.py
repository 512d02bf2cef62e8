"""What the Sign-off stage says in words: the banner over the stage, and which change made a
signature void. Plain Python over the sign-off states and the audit log."""

from __future__ import annotations

from collections.abc import Sequence

from workshop_app.core import model as m
from workshop_app.core.signoff import SignOffState
from workshop_app.core.workflow import Blocker
from workshop_app.storage.tables import AuditRow
from workshop_app.ui.change_words import STAGE_TITLES, audit_change, stage_of
from workshop_app.ui.dates import local_time
from workshop_app.ui.widgets.text import one_line, plural

#: Audit-log actions that change what a signature confirms.
_CONTENT_CHANGES = frozenset(
    ("edit", "add", "delete", "restore", "move", "align", "attach", "detach")
)
_NO_CHANGE_FOUND = "the workshop changed after it"


def names(people: list[m.Participant], limit: int = 3) -> str:
    shown = [one_line(p.name, 60) for p in people[:limit]]
    if len(people) > limit:
        shown.append(f"{len(people) - limit} more")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def tally(states: list[SignOffState]) -> tuple[str, str]:
    """How many decision-makers signed; how many optional participants did (for a tooltip)."""
    required = [s for s in states if s.required]
    signed = [s for s in required if s.valid]
    others = [s for s in states if not s.required and s.valid]
    optional = [s for s in states if not s.required]
    text = f"{len(signed)} of {len(required)} decision-makers signed" if states else ""
    tip = f"{len(others)} of {len(optional)} optional participants signed" if optional else ""
    return text or "Nobody to sign yet", tip


def is_final(states: list[SignOffState], state: SignOffState | None) -> bool:
    """Whether this participant's signature would sign the revision off."""
    if state is None or not state.required or state.valid:
        return False
    missing = [s for s in states if s.required and not s.valid]
    return len(missing) == 1 and missing[0] is state


def banner(
    ws: m.Workshop,
    states: list[SignOffState],
    blockers: list[Blocker],
    selected: SignOffState | None,
) -> tuple[str, str, str, str]:
    """(tone, symbol, text, title) of the banner: locked, blocked, the last signature, or ready."""
    if ws.is_locked:
        valid = [s.signature for s in states if s.valid and s.signature is not None]
        when = max((sig.signed_at for sig in valid), default="")
        return (
            "done",
            "✓",
            f"Revision {ws.revision} is locked. To correct something, reopen it as revision "
            f"{ws.revision + 1}; these signatures stay with revision {ws.revision}.",
            f"Signed off {local_time(when)}" if when else "Signed off",
        )
    if blockers:
        count = len(blockers)
        earlier = f" Revision {ws.revision - 1} keeps its signatures." if ws.revision > 1 else ""
        return (
            "attention",
            "⚠",
            "Nobody can sign until "
            + ("this is" if count == 1 else f"these {count} things are")
            + " settled; see the list on the right."
            + earlier,
            "Not ready for sign-off yet",
        )
    missing = [s.participant for s in states if s.required and not s.valid]
    optional_waiting = [s.participant for s in states if not s.required and not s.valid]
    if selected is not None and is_final(states, selected):
        who = one_line(selected.participant.name, 80)
        if optional_waiting:
            count = len(optional_waiting)
            return (
                "attention",
                "⚠",
                f"{names(optional_waiting)} {'has' if count == 1 else 'have'} not signed "
                "and could not sign afterwards. Let them sign first if they wish.",
                f"{who}'s signature will sign the revision off",
            )
        return (
            "info",
            "",
            "Everyone else has signed. After this signature the revision is locked; "
            "corrections then go into a new revision.",
            f"{who}'s signature will sign the revision off",
        )
    void = [s for s in states if s.void]
    parts = []
    if void:
        parts.append(
            f"{names([s.participant for s in void])} signed an earlier version; the "
            "workshop changed since, so they sign again."
        )
    if optional_waiting:
        parts.append(
            "Each person reads the summary, types their full name and signs. Optional "
            "participants go first: the last decision-maker's signature signs the revision "
            "off, and after that nobody else can sign."
        )
    else:
        parts.append(
            "Each person reads the summary, types their full name and signs. When the last "
            "decision-maker signs, the revision is signed off and locked."
        )
    title = f"Ready for sign-off · {plural(len(missing), 'decision-maker')} still to sign"
    if ws.revision > 1:
        parts.insert(0, f"Revision {ws.revision}: revision {ws.revision - 1} keeps its signatures.")
    return ("attention" if void else "info", "", " ".join(parts), title)


def change_since(log: Sequence[AuditRow], signature: m.Signature) -> str:
    """Which change made a signature void, in words ("after it, the due date of a decision
    changed (Decide)")."""
    signed = next(
        (i for i, r in enumerate(log) if r.action == "sign" and r.entity_id == signature.id),
        len(log),
    )
    changes = [r for r in log[signed + 1 :] if r.action in _CONTENT_CHANGES]
    if not changes:
        return _NO_CHANGE_FOUND
    first = changes[0]
    stage = STAGE_TITLES[stage_of(first.kind, first.field)]
    more = len(changes) - 1
    tail = f", and {more} more change{'s' if more != 1 else ''}" if more else ""
    return f"after it, {audit_change(first.action, first.kind, first.field)} ({stage}){tail}"


def void_notice(signature: m.Signature, log: Sequence[AuditRow]) -> str:
    """What a participant whose signature went void should know before signing again."""
    keeps = ", keeping their reservation unless they change it." if signature.note else "."
    return (
        f"Their signature from {local_time(signature.signed_at)} is void: "
        f"{change_since(log, signature)}. Signing again replaces it{keeps}"
    )
