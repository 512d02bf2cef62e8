"""The company's goals, kept once per library and picked by each workshop.

A company goal has versions: editing its words or its period adds a version, never rewrites
one, so a workshop that picked version 2 keeps exactly what it picked however the library
changes later (the workshop's goal is a copy that names the library goal and version). A goal
can be retired: it stays for the workshops that picked it and is no longer offered.

Matching (an imported workshop's company goals, a goal typed again) goes by the library goal's
id first, then by its name with case, spacing and accents' forms ignored (`normalise`); nothing
that matches is ever added a second time. A name match whose other words differ is reported.

Template placeholders (`StrategicGoal.placeholder`) are wording to start from: they do not count
as recorded goals (`recorded_goals`) until the facilitator rewords them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from workshop_app.core import model as m
from workshop_app.core.errors import ValidationError
from workshop_app.core.fields import Field, LongText, RequiredText, Text

#: What may be typed for a company goal's version.
GOAL_FIELDS: dict[str, Field] = {
    "title": RequiredText,
    "description": LongText,
    "measure": Text,
    "period": Text,
}
#: The words a workshop's goal copies from a version (and compares when matching).
COPIED = ("title", "description", "measure")


def normalise(text: str) -> str:
    """A name as matching sees it: Unicode NFKC, case folded, spacing collapsed, and the
    punctuation at its ends dropped (“Grow revenue 15 %.” is “grow revenue 15 %”)."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return folded.strip(" .,;:!?·-–—\"'“”‘’") or folded  # a name of punctuation alone stays


@dataclass(frozen=True)
class GoalVersion:
    """One version of a company goal's words and the period it holds for ("" for any)."""

    version: int
    title: str
    description: str = ""
    measure: str = ""
    period: str = ""
    changed_at: str = ""

    def words(self) -> tuple[str, str, str]:
        return (self.title, self.description, self.measure)


@dataclass(frozen=True)
class CompanyGoal:
    """A goal of the company, with every version it has had, oldest first."""

    versions: tuple[GoalVersion, ...]
    retired_at: str = ""  # when it was retired; "" while it is current
    id: str = field(default_factory=m.new_id)

    def __post_init__(self) -> None:
        if not self.versions:
            raise ValueError("a company goal has at least one version")

    @property
    def current(self) -> GoalVersion:
        return self.versions[-1]

    @property
    def title(self) -> str:
        return self.current.title

    @property
    def retired(self) -> bool:
        return bool(self.retired_at)

    def version(self, number: int) -> GoalVersion | None:
        return next((v for v in self.versions if v.version == number), None)

    def holds_for(self, period: str) -> bool:
        """Whether the current version holds for `period` ("" on either side: any period)."""
        own = normalise(self.current.period)
        return not period.strip() or not own or own == normalise(period)


def new_goal(
    title: str, description: str = "", measure: str = "", period: str = "", at: str = ""
) -> CompanyGoal:
    """A new company goal at version 1; its words checked as typed."""
    words = clean_words(title=title, description=description, measure=measure, period=period)
    return CompanyGoal((GoalVersion(1, changed_at=at, **words),))


def clean_words(**values: str | None) -> dict[str, str]:
    """Check typed words against GOAL_FIELDS; titles and periods lose their outer spacing."""
    cleaned: dict[str, str] = {}
    for name, value in values.items():
        text = GOAL_FIELDS[name].clean(name, value)
        cleaned[name] = " ".join(text.split()) if name in ("title", "period") else text
    return cleaned


def edited(goal: CompanyGoal, at: str = "", **changes: str | None) -> CompanyGoal:
    """The goal with a new version holding `changes` (title, description, measure, period);
    unchanged when they change nothing. A retired goal cannot be edited."""
    if goal.retired:
        raise ValidationError("goal", "is retired; it can no longer be changed")
    words = clean_words(**{k: v for k, v in changes.items() if v is not None})
    latest = goal.current
    changed = GoalVersion(
        latest.version,
        words.get("title", latest.title),
        words.get("description", latest.description),
        words.get("measure", latest.measure),
        words.get("period", latest.period),
        latest.changed_at,
    )
    if changed == latest:
        return goal
    version = replace(changed, version=latest.version + 1, changed_at=at)
    return replace(goal, versions=(*goal.versions, version))


def retired(goal: CompanyGoal, at: str) -> CompanyGoal:
    """The goal retired at `at` (kept for the workshops that picked it, offered no more)."""
    if goal.retired:
        return goal
    return replace(goal, retired_at=at or "retired")


def offered(goals: Iterable[CompanyGoal], period: str = "", search: str = "") -> list[CompanyGoal]:
    """The goals a workshop can pick: not retired, holding for `period`, and (when `search` is
    given) whose words hold every word searched for; in the library's order."""
    wanted = normalise(search).split()
    found = []
    for goal in goals:
        if goal.retired or not goal.holds_for(period):
            continue
        text = normalise(" ".join((*goal.current.words(), goal.current.period)))
        if all(word in text for word in wanted):
            found.append(goal)
    return found


class MatchedBy(StrEnum):
    ID = "id"
    NAME = "name"


@dataclass(frozen=True)
class Match:
    """A library goal found for a goal: how, and whether its words differ from the version."""

    goal: CompanyGoal
    by: MatchedBy
    differs: bool


def find(goals: Sequence[CompanyGoal], goal_id: str, title: str) -> Match | None:
    """The library goal `goal_id` names, else the one named `title` (a current one before a
    retired one); None when neither matches."""
    by_id = next((g for g in goals if goal_id and g.id == goal_id), None)
    if by_id is not None:
        return Match(by_id, MatchedBy.ID, False)
    name = normalise(title)
    named = [g for g in goals if name and any(normalise(v.title) == name for v in g.versions)]
    if not named:
        return None
    named.sort(key=lambda g: (g.retired, normalise(g.title) != name))
    return Match(named[0], MatchedBy.NAME, False)


def differs(goal: m.StrategicGoal, version: GoalVersion) -> bool:
    """Whether a workshop's goal says something else than a library version (spacing and case
    of the title aside)."""
    return (
        normalise(goal.title) != normalise(version.title)
        or goal.description.strip() != version.description.strip()
        or goal.measure.strip() != version.measure.strip()
    )


@dataclass(frozen=True)
class Placement:
    """Where one company goal of a workshop lands in the library."""

    goal_id: str  # the workshop goal's id
    library_goal: CompanyGoal  # the library goal it now names (new when `added`)
    version: int  # the version it names
    by: MatchedBy | None  # None: added to the library as a new goal
    differs: bool  # a match whose words differ from the version named (reported, not merged)

    @property
    def added(self) -> bool:
        return self.by is None

    def note(self, title: str) -> str:
        """What an import says about a match whose words differ ("" for any other)."""
        if not self.differs:
            return ""
        return (
            f"The company goal “{title}” matches the library's “{self.library_goal.title}” "
            "in other words: the workshop keeps its own, the library keeps one goal."
        )


def place(
    library: Sequence[CompanyGoal], incoming: Iterable[m.StrategicGoal], at: str = ""
) -> list[Placement]:
    """Match a workshop's company goals to the library: by the library goal's id, else by name,
    else as a new library goal, and a second goal of the same name in the same workshop joins
    the first instead of making a duplicate. Nothing here writes; the caller stores the goals
    `added` and points each workshop goal at its placement."""
    known = list(library)
    placements = []
    for goal in incoming:
        if goal.level is not m.GoalLevel.COMPANY or goal.placeholder:
            continue
        match = find(known, goal.library_goal_id, goal.title)
        if match is None:
            made = new_goal(goal.title, goal.description, goal.measure, goal.library_period, at)
            made = replace(made, id=goal.library_goal_id or made.id)
            known.append(made)
            placements.append(Placement(goal.id, made, 1, None, False))
            continue
        version = match.goal.version(goal.library_version) if match.by is MatchedBy.ID else None
        version = version or match.goal.current
        placements.append(
            Placement(goal.id, match.goal, version.version, match.by, differs(goal, version))
        )
    return placements


def picked(goal: CompanyGoal, version: int | None = None, weight: int = 3) -> dict[str, object]:
    """The values of a workshop goal picked from `goal` (its current version by default)."""
    chosen = goal.version(version) if version is not None else goal.current
    if chosen is None:
        raise ValidationError("version", f"{version} is not a version of this goal")
    return {
        "title": chosen.title,
        "description": chosen.description,
        "measure": chosen.measure,
        "level": m.GoalLevel.COMPANY,
        "weight": weight,
        "library_goal_id": goal.id,
        "library_version": chosen.version,
        "library_period": chosen.period,
        "placeholder": False,
    }


def newer(goal: m.StrategicGoal, library: Sequence[CompanyGoal]) -> GoalVersion | None:
    """The library's newer version of a picked goal, when the company's goal changed since the
    workshop took it; None for a goal not picked, or still current, or retired since."""
    if not goal.library_goal_id:
        return None
    found = next((g for g in library if g.id == goal.library_goal_id), None)
    if found is None or found.retired or found.current.version <= goal.library_version:
        return None
    return found.current


def recorded_goals(goals: Iterable[m.StrategicGoal]) -> list[m.StrategicGoal]:
    """The goals that count as recorded: every goal but a template's untouched placeholder."""
    return [g for g in goals if not g.placeholder]


def placeholders(goals: Iterable[m.StrategicGoal]) -> list[m.StrategicGoal]:
    return [g for g in goals if g.placeholder]


#: Editing one of these fields makes a template's placeholder the room's own goal.
REWORDING = frozenset({"title", "description", "measure"})


def version_label(goal: m.StrategicGoal) -> str:
    """“company goal, version 2 · 2027” for a picked goal; "" for one typed in the workshop."""
    if not goal.library_goal_id:
        return ""
    period = f" · {goal.library_period}" if goal.library_period else ""
    return f"company goal, version {goal.library_version}{period}"
