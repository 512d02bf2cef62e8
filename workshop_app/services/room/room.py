"""The room's operations: what participants do from their devices, and what the facilitator
does with the room, over one workshop revision in the database.

Participants join with the code, pick their name and get a token; with it they see only what
the facilitator has opened (the live round, the sign-off once opened), rate, and sign. Every
write goes through the operations layer (storage/rounds.py, storage/signoff.py), so ratings,
adoptions and signatures land in the same database, audit log and seals as the window's edits.

Thread-safe: the server calls it from its worker thread while the window calls the
facilitator's side from the GUI thread. `on_event` is told, from the calling thread, when
something participants did should show on the facilitator's screen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workshop_app.core import model as m
from workshop_app.core import rounds as r
from workshop_app.core.errors import NotFoundError, UserError
from workshop_app.core.workflow import sign_off_blockers
from workshop_app.services.room.invitation import ForbiddenError, Invitation
from workshop_app.storage import rounds, signoff
from workshop_app.storage.operations import Library

#: How long a read of the workshop serves the devices' polls before it is read again.
FRESH_FOR = 0.5


class TakenError(UserError):
    """A name already joined from another device (HTTP 409)."""


@dataclass(frozen=True)
class Event:
    """Something participants did that the facilitator's screen shows."""

    kind: str  # "joined", "rated", "signed", "ended"
    participant_id: str = ""
    count: int = 1  # how many participants it concerns (a batch of ratings)


class Room:
    """One invitation of the room to one workshop revision."""

    def __init__(
        self,
        library: Library,
        workshop_id: str,
        *,
        on_event: Callable[[Event], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.library = library
        self.workshop_id = workshop_id
        self.invitation = Invitation()
        self.on_event = on_event
        #: Whether participants see the decisions and may sign on their devices.
        self.signoff_open = False
        self._clock = clock
        self._lock = threading.RLock()
        self._cache: tuple[m.Workshop, rounds.RoundView | None] | None = None
        self._signoff: tuple[m.Workshop, dict[str, Any]] | None = None
        self._looked = 0.0  # when the database was last asked whether anything changed
        self._ws_count: int | None = None  # the change counter the cached workshop was read at
        self._live_count: int | None = None  # and the cached live round
        library.workshop(workshop_id)  # NotFoundError now, not at the first join

    # -- reading, cached for the devices' polls ------------------------------------------------
    def snapshot(self) -> tuple[m.Workshop, rounds.RoundView | None]:
        """The workshop and its live round, as the devices' polls see them.

        Within FRESH_FOR of the last look nothing is read. After it, the database's change
        counter says whether anything was written since; the live round is read again then,
        and the whole workshop only when something other than the room's own ratings changed
        it (the facilitator's edits, an adoption, a signature). Ratings never read the
        workshop again: a room answering at once would otherwise load it fifty times."""
        with self._lock:
            now = self._clock()
            if self._cache is not None and now - self._looked < FRESH_FOR:
                return self._cache
            self._looked = now
            count = self.library.change_count()
            if self._cache is None or count != self._ws_count:
                self._cache = (self.library.workshop(self.workshop_id), self._live_now())
                self._ws_count = self._live_count = count
            elif count != self._live_count:
                self._cache = (self._cache[0], self._live_now())
                self._live_count = count
            return self._cache

    def _live_now(self) -> rounds.RoundView | None:
        return rounds.live_round(self.library, self.workshop_id)

    def _changed(self, event: Event | None = None, *, workshop: bool = True) -> None:
        """Something changed: read it again at the next look (only the live round when
        `workshop` is False), and tell the window."""
        with self._lock:
            if workshop:
                self._cache = None
            else:
                self._looked = -FRESH_FOR  # the next look reads the live round again
                self._live_count = None
        if event is not None and self.on_event is not None:
            self.on_event(event)

    # -- participants ----------------------------------------------------------------------------
    def people(self, code: object) -> dict[str, Any]:
        """After the right code: the workshop's title and the names to pick from."""
        with self._lock:
            self.invitation.check_code(code)
            ws, _ = self.snapshot()
            taken = set(self.invitation.tokens.values())
            return {
                "workshop": ws.title,
                "division": ws.division,
                "people": [
                    {"id": p.id, "name": p.name, "role": p.role, "taken": p.id in taken}
                    for p in ws.participants
                ],
            }

    def join(self, code: object, participant_id: object) -> str:
        """Join as a participant; returns the device's token."""
        with self._lock:
            self.invitation.check_code(code)
            ws, _ = self.snapshot()
            if not isinstance(participant_id, str) or ws.participant(participant_id) is None:
                raise NotFoundError("That name is not on this workshop's participant list.")
            if self.invitation.holder(participant_id) is not None:
                raise TakenError(
                    "Someone has already joined with that name. If it was you on another "
                    "device, ask the facilitator to let you join again."
                )
            token = self.invitation.token_for(participant_id)
        self._changed(Event("joined", participant_id), workshop=False)
        return token

    def participant(self, token: str) -> m.Participant:
        with self._lock:
            participant_id = self.invitation.participant_of(token)
        ws, _ = self.snapshot()
        person = ws.participant(participant_id)
        if person is None:  # removed from the workshop since joining
            raise ForbiddenError("You are no longer on this workshop's participant list.")
        return person

    def state(self, token: str) -> dict[str, Any]:
        """What one participant's device shows now."""
        person = self.participant(token)
        ws, live = self.snapshot()
        return {
            "you": {"id": person.id, "name": person.name},
            "workshop": {"title": ws.title, "division": ws.division},
            "round": None if live is None else _round_for(ws, live, person.id),
            "signoff": self._signoff_for(ws, person.id) if self.signoff_open else None,
        }

    def _signoff_for(self, ws: m.Workshop, participant_id: str) -> dict[str, Any]:
        """The sign-off as a device shows it; the digest and the decisions are worked out once
        per reading of the workshop, not at every poll."""
        with self._lock:
            if self._signoff is None or self._signoff[0] is not ws:
                self._signoff = (ws, _signoff_for(ws))
            shared = self._signoff[1]
        digest = shared["digest_full"]
        signed = any(
            s.participant_id == participant_id and s.content_digest == digest for s in ws.signatures
        )
        return {k: v for k, v in shared.items() if k != "digest_full"} | {"signed": signed}

    def rate(self, token: str, round_id: object, scores: object) -> None:
        (failure,) = self.rate_many([(token, round_id, scores)])
        if failure is not None:
            raise failure

    def rate_many(self, answers: list[tuple[str, object, object]]) -> list[UserError | None]:
        """Several devices' answers (token, round id, scores), stored in one transaction; the
        result says for each whether it was refused and why."""
        results: list[UserError | None] = [None] * len(answers)
        accepted: list[tuple[int, rounds.Answers]] = []
        _, live = self.snapshot()
        for index, (token, round_id, scores) in enumerate(answers):
            try:
                person = self.participant(token)
                self._check_round(live, round_id)
            except UserError as exc:
                results[index] = exc
                continue
            accepted.append((index, (str(round_id), person.id, scores)))  # type: ignore[arg-type]
        if not accepted:
            return results
        with self._lock:
            known, written = self._ws_count, self.library.written
        stored = rounds.rate_many(self.library, self.workshop_id, [a for _, a in accepted])
        with self._lock:  # the workshop read before is still current if only ratings came
            moved = self.library.moved_on_by_itself(known, written)
            if moved is not None and self._ws_count == known:
                self._ws_count = moved
        raters = []
        for (index, answer), failure in zip(accepted, stored, strict=True):
            results[index] = failure
            if failure is None:
                raters.append(answer[1])
        if raters:  # one event for the batch: the window refreshes once
            self._changed(Event("rated", raters[0], count=len(raters)), workshop=False)
        return results

    def _check_round(self, live: rounds.RoundView | None, round_id: object) -> None:
        """Refuse, without writing, an answer to a round other than the one open now."""
        if not isinstance(round_id, str):
            raise NotFoundError("That scoring round no longer exists.")
        if live is not None and live.id == round_id:
            return
        view = rounds.round_view(self.library, round_id)
        if view.workshop_id != self.workshop_id:
            raise NotFoundError("That scoring round no longer exists.")
        raise rounds.RoundNotOpenError("This round is no longer open for ratings.")

    def sign(self, token: str, body: dict[str, Any]) -> m.Signature:
        person = self.participant(token)
        if not self.signoff_open:
            raise rounds.RoundNotOpenError("The facilitator has not opened the sign-off yet.")
        signature = signoff.sign(
            self.library,
            self.workshop_id,
            person.id,
            body.get("typed_name", ""),
            body.get("stance", m.Stance.AGREE.value),
            note=body.get("note", ""),
            drawing=body.get("drawing", ""),
        )
        self._changed(Event("signed", person.id))
        return signature

    # -- the facilitator -------------------------------------------------------------------------
    def open_round(self, need_id: str, criteria: list[str], *, anonymous: bool = True) -> str:
        ws, _ = self.snapshot()
        if ws.need(need_id) is None:
            raise NotFoundError("That need is not part of this workshop.")
        round_id = rounds.open_round(self.library, need_id, criteria, anonymous=anonymous)
        self._changed()
        return round_id

    def _live(self) -> rounds.RoundView:
        live = rounds.live_round(self.library, self.workshop_id)
        if live is None:
            raise UserError("No scoring round is open; open one on a need first.")
        return live

    def reveal(self) -> list[r.Spread]:
        spreads = rounds.reveal(self.library, self._live().id)
        self._changed()
        return spreads

    def adopt(self, criterion: str, value: int) -> dict[str, Any]:
        record = rounds.adopt(self.library, self._live().id, criterion, value)
        self._changed()
        return record

    def close_round(self) -> None:
        live = rounds.live_round(self.library, self.workshop_id)
        if live is not None:
            rounds.close_round(self.library, live.id)
        self._changed()

    def set_signoff_open(self, is_open: bool) -> None:
        self.signoff_open = bool(is_open)
        self._changed()

    def release(self, participant_id: str) -> None:
        with self._lock:
            self.invitation.release(participant_id)

    def joined(self) -> set[str]:
        with self._lock:
            return set(self.invitation.tokens.values())

    def overview(self) -> dict[str, Any]:
        """What the facilitator sees: who joined, who answered (not what), who signed."""
        self._changed()
        ws, live = self.snapshot()
        joined = self.joined()
        return {
            "code": self.invitation.code,
            "joined": [p.id for p in ws.participants if p.id in joined],
            "round": None
            if live is None
            else {
                "id": live.id,
                "need": live.need_id,
                "state": live.state.value,
                "answered": sorted(live.answered()),
            },
            "signed": [s.participant_id for s in ws.signatures],
        }

    def end(self) -> None:
        """End the invitation: every token and the code stop working at once."""
        with self._lock:
            self.invitation.end()
        self._changed(Event("ended"))


def _round_for(ws: m.Workshop, live: rounds.RoundView, participant_id: str) -> dict[str, Any]:
    need = ws.need(live.need_id)
    criteria = [r.criterion(ws, key) for key in live.criteria]
    shown: dict[str, Any] = {
        "id": live.id,
        "state": live.state.value,
        "need": {
            "statement": need.statement if need else "",
            "requests": [
                req.text for rid in (need.request_ids if need else []) if (req := ws.request(rid))
            ],
        },
        "criteria": [
            {
                "key": c.key,
                "label": c.label,
                "low": c.scale.low,
                "high": c.scale.high,
                "low_word": c.scale.low_word,
                "high_word": c.scale.high_word,
            }
            for c in criteria
        ],
        "mine": {
            key: answers[participant_id]
            for key, answers in live.ratings.items()
            if participant_id in answers
        },
        "spread": None,
    }
    if live.state is r.RoundState.REVEALED:
        names = {p.id: p.name for p in ws.participants}
        spreads = rounds.spreads_of(ws, live)
        disputed = r.most_disputed(spreads)
        shown["spread"] = [
            {
                "label": c.label,
                "count": s.count,
                "median": s.median,
                "low": s.low,
                "high": s.high,
                "disputed": s is disputed,
                "answers": [
                    {"name": None if live.anonymous else names.get(pid, ""), "score": score}
                    for pid, score in s.answers
                ],
            }
            for c, s in zip(criteria, spreads, strict=True)
        ]
    return shown


def _signoff_for(ws: m.Workshop) -> dict[str, Any]:
    from workshop_app.core.interchange import content_digest

    digest = content_digest(ws)
    blockers = sign_off_blockers(ws)
    decisions = ws.decisions_by_request()
    needs = ws.needs_by_request()
    return {
        "revision": ws.revision,
        "digest": digest[:16],
        "ready": not blockers,
        "blocker": blockers[0].message if blockers else "",
        "digest_full": digest,
        "decisions": [
            {
                "request": req.text,
                "needs": [n.statement for n in needs.get(req.id, [])],
                "decision": d.kind.label if (d := decisions.get(req.id)) and d.kind else "",
                "rationale": d.rationale if d else "",
                "owner": d.owner if d else "",
                "next_step": d.next_step if d else "",
            }
            for req in ws.requests
        ],
    }
