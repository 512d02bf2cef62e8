"""Blind scoring rounds in the database: open, rate, reveal, adopt, close (core/rounds.py).

Like the methods of `Library`, every operation runs in one `Library.edit` transaction, validates,
writes, appends to the audit log and returns plain values. A participant's rating is logged
with the participant as actor and without the score, so the log does not give away what the
room has not yet been shown; the reveal logs the spread, and an adoption is written exactly as
the facilitator's own edit of that field (`write_field`, `write_strength`) plus an entry with the
value, the round and the spread it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import select

from workshop_app.core import model as m
from workshop_app.core import rounds as r
from workshop_app.core.errors import NotFoundError, UserError, ValidationError
from workshop_app.core.fields import clean
from workshop_app.core.kind import Kind
from workshop_app.storage import repository as repo
from workshop_app.storage import tables as t
from workshop_app.storage.operations import Edit, Library, now_iso, write_field, write_strength


class RoundNotOpenError(UserError):
    """A rating for a round that no longer takes them (revealed or closed)."""


@dataclass
class RoundView:
    """A round as plain values: what it asks, where it stands, who answered what."""

    id: str
    workshop_id: str
    need_id: str
    criteria: list[str]
    state: r.RoundState
    anonymous: bool
    opened_at: str
    #: criterion → participant id → score
    ratings: dict[str, dict[str, int]] = field(default_factory=dict)
    #: criterion → {"value": adopted value, and the spread's figures}
    adopted: dict[str, dict[str, Any]] = field(default_factory=dict)

    def answered(self) -> set[str]:
        """The participants who answered every criterion of the round."""
        everyone = set().union(*self.ratings.values()) if self.ratings else set()
        return {
            pid for pid in everyone if all(pid in self.ratings.get(c, {}) for c in self.criteria)
        }


def _round_row(e: Edit, round_id: str) -> t.RatingRoundRow:
    row = e.session.get(t.RatingRoundRow, round_id)
    if row is None:
        raise NotFoundError("That scoring round no longer exists.")
    return row


def open_round(
    library: Library, need_id: str, criteria: list[str], *, anonymous: bool = True
) -> str:
    """Open a round on a need; any other live round of the workshop closes. Returns its id."""
    with library.edit(Kind.NEED, need_id, claim=False) as e:  # the need stays as it is
        ws = repo.load_workshop(e.session, e.workshop)
        keys = r.clean_criteria(ws, criteria)
        for live in e.session.exec(
            select(t.RatingRoundRow).where(
                t.RatingRoundRow.workshop_id == ws.id,
                t.RatingRoundRow.state != r.RoundState.CLOSED.value,
            )
        ).all():
            live.state = r.RoundState.CLOSED.value
            e.log("close round", "round", live.id)
        last = e.session.exec(
            select(func.max(t.RatingRoundRow.position)).where(t.RatingRoundRow.workshop_id == ws.id)
        ).one()
        row = t.RatingRoundRow(
            id=m.new_id(),
            workshop_id=ws.id,
            need_id=need_id,
            position=0 if last is None else int(last) + 1,
            criteria=keys,
            state=r.RoundState.OPEN.value,
            anonymous=bool(anonymous),
            opened_at=now_iso(),
        )
        e.session.add(row)
        e.log(
            "open round",
            "round",
            row.id,
            after={"need": need_id, "criteria": keys, "anonymous": row.anonymous},
        )
        return row.id


def rate(
    library: Library,
    workshop_id: str,
    round_id: str,
    participant_id: str,
    scores: dict[str, Any],
) -> None:
    """Record (or change, while the round is open) one participant's answers to a round of
    this workshop revision."""
    (failure,) = rate_many(library, workshop_id, [(round_id, participant_id, scores)])
    if failure is not None:
        raise failure


Answers = tuple[str, str, dict[str, Any]]  # round id, participant id, criterion → score


def rate_many(library: Library, workshop_id: str, answers: list[Answers]) -> list[UserError | None]:
    """`rate` for several participants in one transaction (one write to the disk for a room
    answering at once). Each is checked on its own: the result says, in order, which were
    refused and why; the others are stored.

    The rounds, participants and earlier answers the batch concerns are read in three queries
    and everything is written in one flush at the end: a room of fifty answering at once costs
    a few milliseconds of the server's time, not one round trip per answer."""
    results: list[UserError | None] = []
    with library.edit(Kind.WORKSHOP, workshop_id, touch=False) as e:
        batch = _Batch.read(e, workshop_id, answers)
        for round_id, participant_id, scores in answers:
            try:
                checked = batch.check(workshop_id, round_id, participant_id, scores)
            except UserError as exc:
                results.append(exc)
                continue
            batch.store(e, round_id, participant_id, checked)
            results.append(None)
        if batch.new:  # first answers, as plain rows in one statement (no object per row)
            e.session.execute(insert(t.RatingRow.__table__), list(batch.new.values()))  # type: ignore[attr-defined]
    return results


@dataclass
class _Batch:
    """What one batch of answers needs from the database, read at once."""

    goals: m.Workshop
    rounds: dict[str, t.RatingRoundRow]
    people: dict[str, t.ParticipantRow]
    ratings: dict[tuple[str, str, str], t.RatingRow]
    #: answers not stored before, as the rows to insert
    new: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, e: Edit, workshop_id: str, answers: list[Answers]) -> _Batch:
        round_ids = {a[0] for a in answers if isinstance(a[0], str)}
        person_ids = {a[1] for a in answers if isinstance(a[1], str)}
        rounds = {
            row.id: row
            for row in e.session.exec(
                select(t.RatingRoundRow).where(t.RatingRoundRow.id.in_(round_ids))  # type: ignore[attr-defined]
            ).all()
        }
        people = {
            row.id: row
            for row in e.session.exec(
                select(t.ParticipantRow).where(t.ParticipantRow.id.in_(person_ids))  # type: ignore[attr-defined]
            ).all()
        }
        ratings = {
            (row.round_id, row.participant_id, row.criterion): row
            for row in e.session.exec(
                select(t.RatingRow).where(
                    t.RatingRow.round_id.in_(round_ids),  # type: ignore[attr-defined]
                    t.RatingRow.participant_id.in_(person_ids),  # type: ignore[attr-defined]
                )
            ).all()
        }
        return cls(_goal_titles(e, workshop_id), rounds, people, ratings)

    def check(
        self, workshop_id: str, round_id: str, participant_id: str, scores: dict[str, Any]
    ) -> tuple[t.RatingRoundRow, t.ParticipantRow, dict[str, int]]:
        """The round, the participant and the cleaned scores, or the reason they are refused."""
        if not isinstance(scores, dict) or not scores:
            raise ValidationError("ratings", "give at least one answer")
        if not isinstance(round_id, str) or not isinstance(participant_id, str):
            raise NotFoundError("That scoring round no longer exists.")
        row = self.rounds.get(round_id)
        if row is None or row.workshop_id != workshop_id:
            raise NotFoundError("That scoring round no longer exists.")
        if row.state != r.RoundState.OPEN.value:
            raise RoundNotOpenError("This round is no longer open for ratings.")
        participant = self.people.get(participant_id)
        if participant is None or participant.workshop_id != workshop_id:
            raise NotFoundError("That participant is not part of this workshop (any more).")
        cleaned: dict[str, int] = {}
        for key, score in scores.items():
            if key not in row.criteria:
                raise ValidationError("ratings", "this round does not ask about that")
            cleaned[key] = r.clean_score(_criterion(key, self.goals), score)
        return row, participant, cleaned

    def store(
        self,
        e: Edit,
        round_id: str,
        participant_id: str,
        checked: tuple[t.RatingRoundRow, t.ParticipantRow, dict[str, int]],
    ) -> None:
        """Add or change the answers (the same person twice in a batch: the later one counts)."""
        row, participant, cleaned = checked
        stamp = now_iso()
        for key, value in cleaned.items():
            existing = self.ratings.get((round_id, participant_id, key))
            if existing is not None:
                existing.score, existing.rated_at = value, stamp
                continue
            self.new[(round_id, participant_id, key)] = {
                "round_id": round_id,
                "participant_id": participant_id,
                "criterion": key,
                "workshop_id": row.workshop_id,
                "score": value,
                "rated_at": stamp,
            }
        e.log(
            "rate",
            "round",
            round_id,
            after={"participant": participant.name, "criteria": sorted(cleaned)},
            actor=participant.name,
        )


def reveal(library: Library, round_id: str) -> list[r.Spread]:
    """End the ratings of an open round and return the spread of each criterion."""
    with library.edit(Kind.WORKSHOP, _workshop_of(library, round_id)) as e:
        row = _round_row(e, round_id)
        if row.state == r.RoundState.CLOSED.value:
            raise RoundNotOpenError("This round is closed; open a new one to rate again.")
        spreads = _spreads(e, row)
        if row.state == r.RoundState.OPEN.value:
            row.state = r.RoundState.REVEALED.value
            row.revealed_at = now_iso()
            e.log("reveal round", "round", round_id, after=[s.plain() for s in spreads])
        return spreads


def adopt(library: Library, round_id: str, criterion: str, value: int) -> dict[str, Any]:
    """Adopt a value for one criterion of a revealed round: written to the need (or its goal
    link) as the facilitator's edit would write it, and kept with the spread and the round.
    Returns what was recorded."""
    with library.edit(Kind.WORKSHOP, _workshop_of(library, round_id)) as e:
        row = _round_row(e, round_id)
        if row.state == r.RoundState.OPEN.value:
            raise UserError("Reveal the round before adopting a value from it.")
        if criterion not in row.criteria:
            raise ValidationError("criterion", "this round did not ask about that")
        c = _criterion(criterion, _goal_titles(e, row.workshop_id))
        value = r.clean_score(c, value)
        need = e.row(Kind.NEED, row.need_id)
        if c.goal_id is not None:
            write_strength(e, row.need_id, c.goal_id, m.Strength.from_points(value))
        else:
            write_field(
                e, need, Kind.NEED, row.need_id, criterion, clean(Kind.NEED, criterion, value)
            )
        spread = next(s for s in _spreads(e, row) if s.criterion == criterion)
        record = {"value": value, **spread.plain()}
        row.adopted = {**row.adopted, criterion: record}
        _keep_adoption(e, row, c, value, spread)
        e.log("adopt rating", "round", round_id, criterion, None, {"need": row.need_id, **record})
        return record


def unadopt(library: Library, round_id: str, criterion: str, before: int | None) -> None:
    """Take an adoption back (undo): the need's field, or its goal link, returns to `before`
    as the facilitator's edit would write it, and the adoption leaves the need and the round."""
    with library.edit(Kind.WORKSHOP, _workshop_of(library, round_id)) as e:
        row = _round_row(e, round_id)
        c = _criterion(criterion, _goal_titles(e, row.workshop_id))
        if c.goal_id is not None:
            strength = m.Strength.from_points(before or 0)
            write_strength(e, row.need_id, c.goal_id, strength)
        else:
            need = e.row(Kind.NEED, row.need_id)
            write_field(e, need, Kind.NEED, row.need_id, criterion, before)
        key = "link" if c.goal_id is not None else c.key
        for kept in e.session.exec(
            select(t.NeedAdoptionRow).where(
                t.NeedAdoptionRow.need_id == row.need_id,
                t.NeedAdoptionRow.round_id == round_id,
                t.NeedAdoptionRow.criterion == key,
            )
        ).all():
            if kept.goal_id == c.goal_id:
                e.session.delete(kept)
        row.adopted = {k: v for k, v in row.adopted.items() if k != criterion}
        e.log("take back adoption", "round", round_id, criterion)


def _keep_adoption(
    e: Edit, row: t.RatingRoundRow, c: r.Criterion, value: int, spread: r.Spread
) -> None:
    """The adoption as part of the need's content (model.Adoption): adopting again for the same
    line of the same round corrects it; another round's adds to the need's history."""
    key = "link" if c.goal_id is not None else c.key
    rows = e.session.exec(
        select(t.NeedAdoptionRow)
        .where(t.NeedAdoptionRow.need_id == row.need_id)
        .order_by(t.NeedAdoptionRow.position)  # type: ignore[arg-type]
    ).all()
    same = next(
        (a for a in rows if a.round_id == row.id and a.criterion == key and a.goal_id == c.goal_id),
        None,
    )
    adoption = m.Adoption(
        criterion=key,
        value=value,
        answers=spread.count,
        median="" if spread.median is None else f"{spread.median:g}",
        low=spread.low if spread.low is not None else value,
        high=spread.high if spread.high is not None else value,
        goal_id=c.goal_id,
        round_id=row.id,
        adopted_at=now_iso(),
    )
    if same is not None:
        for name, field_value in vars(adoption).items():
            setattr(same, name, field_value)
        return
    position = rows[-1].position + 1 if rows else 0
    e.session.add(repo.adoption_row(adoption, row.need_id, row.workshop_id, position))


def close_round(library: Library, round_id: str) -> None:
    with library.edit(Kind.WORKSHOP, _workshop_of(library, round_id)) as e:
        row = _round_row(e, round_id)
        if row.state != r.RoundState.CLOSED.value:
            row.state = r.RoundState.CLOSED.value
            e.log("close round", "round", round_id)


def live_round(library: Library, workshop_id: str) -> RoundView | None:
    """The workshop's open or revealed round, if any."""
    with library.read() as s:
        row = s.exec(
            select(t.RatingRoundRow)
            .where(
                t.RatingRoundRow.workshop_id == workshop_id,
                t.RatingRoundRow.state != r.RoundState.CLOSED.value,
            )
            .order_by(t.RatingRoundRow.position.desc())  # type: ignore[attr-defined]
        ).first()
        return None if row is None else _view(s, row)


def round_view(library: Library, round_id: str) -> RoundView:
    with library.read() as s:
        row = s.get(t.RatingRoundRow, round_id)
        if row is None:
            raise NotFoundError("That scoring round no longer exists.")
        return _view(s, row)


def rounds_of(library: Library, workshop_id: str) -> list[RoundView]:
    """Every round of a workshop revision, oldest first."""
    with library.read() as s:
        rows = s.exec(
            select(t.RatingRoundRow)
            .where(t.RatingRoundRow.workshop_id == workshop_id)
            .order_by(t.RatingRoundRow.position)  # type: ignore[arg-type]
        ).all()
        return [_view(s, row) for row in rows]


def spreads_of(ws: m.Workshop, view: RoundView) -> list[r.Spread]:
    """The spread of each criterion of a round, in the round's order."""
    return [r.spread(r.criterion(ws, key), view.ratings.get(key, {})) for key in view.criteria]


def _view(s: Any, row: t.RatingRoundRow) -> RoundView:
    view = RoundView(
        row.id,
        row.workshop_id,
        row.need_id,
        list(row.criteria),
        r.RoundState(row.state),
        bool(row.anonymous),
        row.opened_at,
        adopted=dict(row.adopted),
    )
    for rating in s.exec(select(t.RatingRow).where(t.RatingRow.round_id == row.id)).all():
        view.ratings.setdefault(rating.criterion, {})[rating.participant_id] = rating.score
    return view


def _workshop_of(library: Library, round_id: str) -> str:
    with library.read() as s:
        row = s.get(t.RatingRoundRow, round_id)
        if row is None:
            raise NotFoundError("That scoring round no longer exists.")
        return row.workshop_id


def _goal_titles(e: Edit, workshop_id: str) -> m.Workshop:
    """A workshop holding just the goals, which is all a criterion needs to be named."""
    goals = e.session.exec(select(t.GoalRow).where(t.GoalRow.workshop_id == workshop_id)).all()
    return m.Workshop(title="", goals=[m.StrategicGoal(title=g.title, id=g.id) for g in goals])


def _criterion(key: str, ws: m.Workshop) -> r.Criterion:
    return r.criterion(ws, key)


def _spreads(e: Edit, row: t.RatingRoundRow) -> list[r.Spread]:
    ws = _goal_titles(e, row.workshop_id)
    answers: dict[str, dict[str, int]] = {}
    for rating in e.session.exec(select(t.RatingRow).where(t.RatingRow.round_id == row.id)).all():
        answers.setdefault(rating.criterion, {})[rating.participant_id] = rating.score
    return [r.spread(r.criterion(ws, key), answers.get(key, {})) for key in row.criteria]
