"""The library's company goals (core/company_goals.py), read and written through the library.

Company goals belong to the library, not to a workshop revision: their rows are written in a
`Library.edit` transaction opened on no workshop, so no revision is touched or locked out, and
each change is logged in the audit log under no workshop (an empty workshop id). A workshop's
goal picked from one is an ordinary goal of the workshop that names the library goal and the
version it took, so later edits of the library never reach it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, select

from workshop_app.core import company_goals as cg
from workshop_app.core import model as m
from workshop_app.core.errors import NotFoundError, UserError
from workshop_app.core.kind import Kind
from workshop_app.storage import tables as t
from workshop_app.storage.operations import Edit, Library, now_iso

#: The kind named in the audit log for a change to a library goal.
AUDIT_KIND = "company_goal"


def _load(s: Session) -> list[cg.CompanyGoal]:
    goals = s.exec(select(t.CompanyGoalRow).order_by(t.CompanyGoalRow.position)).all()  # type: ignore[arg-type]
    versions: dict[str, list[cg.GoalVersion]] = {}
    for row in s.exec(
        select(t.CompanyGoalVersionRow).order_by(t.CompanyGoalVersionRow.version)  # type: ignore[arg-type]
    ).all():
        versions.setdefault(row.goal_id, []).append(
            cg.GoalVersion(
                row.version, row.title, row.description, row.measure, row.period, row.changed_at
            )
        )
    return [
        cg.CompanyGoal(tuple(versions[g.id]), g.retired_at, g.id) for g in goals if g.id in versions
    ]


def company_goals(library: Library) -> list[cg.CompanyGoal]:
    """Every company goal of the library, retired ones too, in the order they were added."""
    with library.read() as s:
        return _load(s)


def _log(e: Edit, action: str, goal_id: str, before: Any = None, after: Any = None) -> None:
    e.session.add(
        t.AuditRow(
            workshop_id="",
            at=now_iso(),
            action=action,
            kind=AUDIT_KIND,
            entity_id=goal_id,
            before="" if before is None else json.dumps(before, ensure_ascii=False),
            after="" if after is None else json.dumps(after, ensure_ascii=False),
        )
    )


def _words(version: cg.GoalVersion) -> dict[str, Any]:
    return {
        "version": version.version,
        "title": version.title,
        "description": version.description,
        "measure": version.measure,
        "period": version.period,
    }


def _write(e: Edit, goal: cg.CompanyGoal, position: int | None = None) -> None:
    row = e.session.get(t.CompanyGoalRow, goal.id)
    if row is None:
        row = t.CompanyGoalRow(id=goal.id, position=position or 0)
    row.retired_at = goal.retired_at
    e.session.add(row)
    e.session.flush()
    stored = {
        r.version
        for r in e.session.exec(
            select(t.CompanyGoalVersionRow).where(t.CompanyGoalVersionRow.goal_id == goal.id)
        ).all()
    }
    for v in goal.versions:
        if v.version not in stored:  # a version, once written, never changes
            e.session.add(
                t.CompanyGoalVersionRow(goal_id=goal.id, **_words(v), changed_at=v.changed_at)
            )


def _next_position(s: Session) -> int:
    rows = s.exec(select(t.CompanyGoalRow.position)).all()
    return 1 + max(rows, default=0)


def _clash(goals: list[cg.CompanyGoal], title: str, other_than: str = "") -> None:
    name = cg.normalise(title)
    for goal in goals:
        if goal.id != other_than and not goal.retired and cg.normalise(goal.title) == name:
            raise UserError(
                f"The company already has the goal “{goal.title}”: edit that one instead of "
                "adding it twice."
            )


def add_company_goal(
    library: Library, title: str, description: str = "", measure: str = "", period: str = ""
) -> cg.CompanyGoal:
    """Add a goal to the library at version 1; refuses a name a current goal already has."""
    goal = cg.new_goal(title, description, measure, period, now_iso())
    with library.edit(Kind.WORKSHOP, None) as e:
        _clash(_load(e.session), goal.title)
        _write(e, goal, _next_position(e.session))
        _log(e, "add company goal", goal.id, after=_words(goal.current))
    return goal


def _goal(goals: list[cg.CompanyGoal], goal_id: str) -> cg.CompanyGoal:
    found = next((g for g in goals if g.id == goal_id), None)
    if found is None:
        raise NotFoundError("That company goal is not in this library any more.")
    return found


def edit_company_goal(library: Library, goal_id: str, **changes: str | None) -> cg.CompanyGoal:
    """A new version of the goal with `changes` (title, description, measure, period); the
    workshops that picked an earlier version keep it."""
    with library.edit(Kind.WORKSHOP, None) as e:
        goals = _load(e.session)
        goal = _goal(goals, goal_id)
        changed = cg.edited(goal, now_iso(), **changes)
        if changed is goal:
            return goal
        _clash(goals, changed.title, other_than=goal.id)
        _write(e, changed)
        _log(e, "edit company goal", goal.id, _words(goal.current), _words(changed.current))
    return changed


def retire_company_goal(library: Library, goal_id: str) -> cg.CompanyGoal:
    """Retire the goal: no longer offered to workshops; those that picked it keep it."""
    with library.edit(Kind.WORKSHOP, None) as e:
        goal = _goal(_load(e.session), goal_id)
        if goal.retired:
            return goal
        done = cg.retired(goal, now_iso())
        _write(e, done)
        _log(e, "retire company goal", goal.id, after={"retired_at": done.retired_at})
    return done


def find_company_goal(goals: list[cg.CompanyGoal], wanted: str) -> cg.CompanyGoal:
    """A goal named by its id, the start of its id (6 characters or more) or its name."""
    wanted = wanted.strip()
    exact = [g for g in goals if g.id == wanted]
    if not exact and len(wanted) >= 6:
        exact = [g for g in goals if g.id.startswith(wanted)]
    if not exact:
        name = cg.normalise(wanted)
        exact = [g for g in goals if cg.normalise(g.title) == name]
        exact.sort(key=lambda g: g.retired)
        exact = exact[:1]
    if len(exact) != 1:
        raise UserError(
            f"No company goal is called “{wanted[:80]}”. `workshop-app company-goals list` shows "
            "them."
            if not exact
            else f"“{wanted[:80]}” is the start of several goals' ids; type more of it."
        )
    return exact[0]


def pick_company_goal(
    library: Library, workshop_id: str, goal_id: str, weight: int = 3, replacing: str = ""
) -> dict[str, Any]:
    """The values of a workshop goal picked from the library goal (its current version), to
    add with `Library.add_item`. Refuses a goal the workshop already has; `replacing`: the
    workshop goal (a template's wording) the pick takes the place of, which does not count."""
    goal = _goal(company_goals(library), goal_id)
    if goal.retired:
        raise UserError(f"“{goal.title}” is retired: it is no longer one of the company's goals.")
    held = [g for g in library.workshop(workshop_id).goals if g.id != replacing]
    name = cg.normalise(goal.title)
    for g in held:
        if g.library_goal_id == goal.id or (
            g.level is m.GoalLevel.COMPANY and cg.normalise(g.title) == name
        ):
            if g.placeholder:
                raise UserError(
                    f"This workshop has “{g.title}” in a template's words: pick the company's "
                    "goal in its place."
                )
            raise UserError(f"This workshop already has the company goal “{g.title}”.")
    return cg.picked(goal, weight=weight)


def place_workshop_goals(e: Edit, ws: m.Workshop) -> list[str]:
    """Inside an edit adding `ws`: match its company goals to the library by id, else by name
    (core/company_goals.place), and add to the library the goals it lacks, once each. The
    workshop itself is stored exactly as it came (an import round-trips, a signature holds);
    returns what to tell the user: the matches whose words differ from the library's."""
    placements = cg.place(_load(e.session), ws.goals, now_iso())
    position = _next_position(e.session)
    for p in placements:
        if p.added:
            _write(e, p.library_goal, position)
            _log(e, "add company goal from import", p.library_goal.id,
                 after=_words(p.library_goal.current))  # fmt: skip
            position += 1
    titles = {g.id: g.title for g in ws.goals}
    return [p.note(titles[p.goal_id]) for p in placements if p.differs]


def add_matched(library: Library, ws: m.Workshop) -> tuple[str, list[str]]:
    """Add an incoming workshop with its company goals matched to the library, in one
    transaction; its id and what to tell the user about its goals."""
    notes: list[str] = []

    def prepare(e: Edit, incoming: m.Workshop) -> m.Workshop:
        notes[:] = place_workshop_goals(e, incoming)
        return incoming

    return library.add_workshop(ws, prepare=prepare), notes


# -- "Keep ours": a workshop keeps its words against a newer version ----------------------------
# Kept in `kept_goal_words`, with the library and beside the revision (migration 0014): keeping
# changes nothing in the workshop, so no revision, digest or signature is touched and it can be
# chosen on a signed-off revision too. Keyed by the workshop's lineage and the library goal's
# version: a reopened revision still remembers it, a later version of the goal asks again.


def _lineage(s: Session, workshop_id: str) -> str:
    row = s.get(t.WorkshopRow, workshop_id)
    if row is None:
        raise NotFoundError("That workshop is not in this library any more.")
    return row.lineage_id


def keep_our_words(library: Library, workshop_id: str, library_goal_id: str, version: int) -> None:
    """The workshop keeps its own words of the library goal against `version` of it: the note
    that the company's goal changed no longer shows for that version (it does for a later one)."""
    with library.edit(Kind.WORKSHOP, workshop_id, check=None, touch=False, claim=False) as e:
        key = (_lineage(e.session, workshop_id), library_goal_id, version)
        if e.session.get(t.KeptGoalWordsRow, key) is not None:
            return
        if e.session.get(t.CompanyGoalRow, library_goal_id) is None:
            raise NotFoundError("That company goal is not in this library any more.")
        e.session.add(
            t.KeptGoalWordsRow(
                lineage_id=key[0],
                library_goal_id=library_goal_id,
                library_version=version,
                kept_at=now_iso(),
            )
        )
        e.log("keep our words of company goal", AUDIT_KIND, library_goal_id, after=version)


def kept_words(library: Library, workshop_id: str) -> set[tuple[str, int]]:
    """(library goal id, version) of every newer version the workshop kept its words against."""
    with library.read() as s:
        lineage = _lineage(s, workshop_id)
        rows = s.exec(
            select(t.KeptGoalWordsRow).where(t.KeptGoalWordsRow.lineage_id == lineage)
        ).all()
        return {(row.library_goal_id, row.library_version) for row in rows}
