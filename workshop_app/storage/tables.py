"""Database tables. One row type per domain item; enums are stored as their string values.

Every child table cascades from its workshop, so deleting a workshop revision removes all of it
in one statement. `position` keeps the facilitator's order.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, LargeBinary, MetaData, String, Text
from sqlmodel import Field, SQLModel

# Stable constraint names, so batch migrations on SQLite can find and alter them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)
metadata = SQLModel.metadata


def _workshop_fk() -> str:
    return Field(
        sa_column=Column(
            String, ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )


def _long_text() -> str:
    return Field(default="", sa_column=Column(Text, nullable=False, default=""))


class WorkshopRow(SQLModel, table=True):
    __tablename__ = "workshop"
    id: str = Field(primary_key=True)
    lineage_id: str = Field(index=True)
    revision: int = 1
    title: str
    division: str = ""
    company: str = ""
    date: str = ""
    location: str = ""
    facilitator: str = ""
    it_phase: str | None = None
    status: str = "draft"
    framework: str = "weighted"
    created_at: str = ""
    updated_at: str = Field(default="", index=True)
    it_reliability: str = _long_text()
    it_delivery: str = _long_text()
    earlier_phase: str | None = None
    earlier_phase_date: str = ""
    follow_up_of: str = ""


class ParticipantRow(SQLModel, table=True):
    __tablename__ = "participant"
    id: str = Field(primary_key=True)
    workshop_id: str = _workshop_fk()
    position: int = 0
    name: str
    role: str = ""
    decision_maker: bool = False


class AgendaItemRow(SQLModel, table=True):
    __tablename__ = "agenda_item"
    id: str = Field(primary_key=True)
    workshop_id: str = _workshop_fk()
    position: int = 0
    title: str
    planned_minutes: int = 15


class GoalRow(SQLModel, table=True):
    __tablename__ = "goal"
    id: str = Field(primary_key=True)
    workshop_id: str = _workshop_fk()
    position: int = 0
    title: str
    level: str = "company"
    description: str = _long_text()
    weight: int = 3
    measure: str = ""
    library_goal_id: str = ""
    library_version: int = 0
    library_period: str = ""
    placeholder: bool = False


class RequestRow(SQLModel, table=True):
    __tablename__ = "request"
    id: str = Field(primary_key=True)
    workshop_id: str = _workshop_fk()
    position: int = 0
    text: str = _long_text()
    requested_by: str = ""
    deadline: str = ""
    urgency: str | None = None
    phase: str | None = None
    origin: str = "division"


class DecisionRow(SQLModel, table=True):
    """Exactly one per request, created with it; kind NULL means not decided yet."""

    __tablename__ = "decision"
    request_id: str = Field(
        sa_column=Column(String, ForeignKey("request.id", ondelete="CASCADE"), primary_key=True)
    )
    workshop_id: str = _workshop_fk()
    kind: str | None = None
    rationale: str = _long_text()
    owner: str = ""
    next_step: str = _long_text()
    due_date: str = ""
    earlier: str = _long_text()


class NeedRow(SQLModel, table=True):
    __tablename__ = "need"
    id: str = Field(primary_key=True)
    workshop_id: str = _workshop_fk()
    position: int = 0
    statement: str = _long_text()
    why_ladder: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    beneficiaries: str = _long_text()
    measure: str = ""
    baseline: str = ""
    target: str = ""
    by_when: str = ""
    cost_of_inaction: str = _long_text()
    alternatives: str = _long_text()
    serves: str | None = None
    lens: str | None = None
    alignment_acknowledged: bool = False
    value: int | None = None
    urgency: int | None = None
    effort: int | None = None
    risk: int | None = None
    confidence: int | None = None
    reach: int | None = None
    alignment_note: str = _long_text()
    company_note: str = _long_text()
    estimate_days: int | None = None
    estimate_money: int | None = None
    estimate_confidence: str | None = None


class NeedRequestRow(SQLModel, table=True):
    """Which requests a need sits under: a request can hide several needs and vice versa. Each
    pair holds whether that request serves that need (NULL: not judged, or `need.serves` for a
    need stored before answers were per request)."""

    __tablename__ = "need_request"
    need_id: str = Field(
        sa_column=Column(String, ForeignKey("need.id", ondelete="CASCADE"), primary_key=True)
    )
    request_id: str = Field(
        sa_column=Column(
            String, ForeignKey("request.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )
    position: int = 0
    serves: str | None = None


class AlignmentLinkRow(SQLModel, table=True):
    __tablename__ = "alignment_link"
    need_id: str = Field(
        sa_column=Column(String, ForeignKey("need.id", ondelete="CASCADE"), primary_key=True)
    )
    goal_id: str = Field(
        sa_column=Column(
            String, ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )
    workshop_id: str = _workshop_fk()
    strength: str = "none"


class ActionItemRow(SQLModel, table=True):
    __tablename__ = "action_item"
    id: str = Field(primary_key=True)
    workshop_id: str = _workshop_fk()
    position: int = 0
    text: str = _long_text()
    owner: str = ""
    due_date: str = ""
    request_id: str | None = Field(
        default=None,
        sa_column=Column(String, ForeignKey("request.id", ondelete="SET NULL"), nullable=True),
    )
    done: bool = False


class SignatureRow(SQLModel, table=True):
    __tablename__ = "signature"
    id: str = Field(primary_key=True)
    workshop_id: str = _workshop_fk()
    participant_id: str = Field(
        sa_column=Column(
            String, ForeignKey("participant.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    position: int = 0
    typed_name: str
    stance: str = "agree"
    note: str = _long_text()
    drawing: str = _long_text()
    content_digest: str = ""
    signed_at: str = ""


class NeedAdoptionRow(SQLModel, table=True):
    """A value adopted from the room's ratings for a need, with its spread (model.Adoption)."""

    __tablename__ = "need_adoption"
    need_id: str = Field(
        sa_column=Column(String, ForeignKey("need.id", ondelete="CASCADE"), primary_key=True)
    )
    position: int = Field(primary_key=True)
    workshop_id: str = _workshop_fk()
    criterion: str
    goal_id: str | None = Field(
        default=None,
        sa_column=Column(
            String, ForeignKey("goal.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    value: int
    answers: int
    median: str
    low: int
    high: int
    round_id: str = ""
    adopted_at: str = ""


class RatingRoundRow(SQLModel, table=True):
    """A blind scoring round on one need (core/rounds.py): what the room rates, where it
    stands, and what the facilitator adopted with the spread it came from."""

    __tablename__ = "rating_round"
    id: str = Field(primary_key=True)
    workshop_id: str = _workshop_fk()
    need_id: str = Field(
        sa_column=Column(
            String, ForeignKey("need.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    position: int = 0
    criteria: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    state: str = "open"
    anonymous: bool = True
    opened_at: str = ""
    revealed_at: str = ""
    adopted: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class RatingRow(SQLModel, table=True):
    """One participant's answer to one criterion of a round, given on their own device."""

    __tablename__ = "rating"
    round_id: str = Field(
        sa_column=Column(
            String, ForeignKey("rating_round.id", ondelete="CASCADE"), primary_key=True
        )
    )
    participant_id: str = Field(
        sa_column=Column(
            String,
            ForeignKey("participant.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        )
    )
    criterion: str = Field(primary_key=True)
    workshop_id: str = _workshop_fk()
    score: int
    rated_at: str = ""


class ResultRow(SQLModel, table=True):
    """A result recorded against a need's measure, outside the signed revision (model.Result).

    Keyed by the workshop's lineage and the need: it is written after sign-off, when the
    revision's own rows are locked, and it cascades away with its need. Its own `seal` column
    (storage/results.py) stands in for the row seals of the revision's tables.
    """

    __tablename__ = "result"
    id: str = Field(primary_key=True)
    lineage_id: str = Field(index=True)
    need_id: str = Field(
        sa_column=Column(
            String, ForeignKey("need.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    value: str = ""
    date: str = ""
    note: str = _long_text()
    verdict: str | None = None
    recorded_at: str = ""
    seal: bytes = Field(default=b"", sa_column=Column(LargeBinary, nullable=False, default=b""))


class CapacityRow(SQLModel, table=True):
    """What IT can spend in one period (core/capacity.py): the library's own, no workshop's."""

    __tablename__ = "capacity"
    id: str = Field(primary_key=True)
    position: int = 0
    period: str = Field(sa_column=Column(String, nullable=False, unique=True))
    person_days: int | None = None
    money: int | None = None
    framework: str | None = None  # how the portfolio scores for this period; None: weighted
    weights: str | None = None  # the weighted score's weights, "40/25/20/15"; None: those


class CompanyGoalRow(SQLModel, table=True):
    """A goal of the company, kept once per library (core/company_goals.py); its words are in
    its versions. The library's own, no workshop's."""

    __tablename__ = "company_goal"
    id: str = Field(primary_key=True)
    position: int = 0
    retired_at: str = ""


class CompanyGoalVersionRow(SQLModel, table=True):
    """One version of a company goal: added by every edit, never changed afterwards."""

    __tablename__ = "company_goal_version"
    goal_id: str = Field(
        sa_column=Column(
            String, ForeignKey("company_goal.id", ondelete="CASCADE"), primary_key=True
        )
    )
    version: int = Field(primary_key=True)
    title: str
    description: str = _long_text()
    measure: str = ""
    period: str = ""
    changed_at: str = ""


class KeptGoalWordsRow(SQLModel, table=True):
    """A workshop keeps its own words of a library goal against one newer version of it
    ("Keep ours"; storage/company_goals.py). Keyed by the workshop's lineage, not a revision's
    goal: a reopened revision copies its goals under new ids and still remembers the choice. Not
    part of any revision (it changes nothing in one), so not sealed."""

    __tablename__ = "kept_goal_words"
    lineage_id: str = Field(primary_key=True)
    library_goal_id: str = Field(
        sa_column=Column(
            String, ForeignKey("company_goal.id", ondelete="CASCADE"), primary_key=True
        )
    )
    library_version: int = Field(primary_key=True)
    kept_at: str = ""


class AuditRow(SQLModel, table=True):
    """Append-only history. Deliberately no foreign key: the log outlives deleted workshops."""

    __tablename__ = "audit_entry"
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: str = Field(index=True)
    at: str
    actor: str = ""
    action: str
    kind: str = ""
    entity_id: str = ""
    field: str = ""
    before: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    after: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class RowSealRow(SQLModel, table=True):
    """The seal of one stored row as the last save left it (storage/seal.py); written by
    triggers, never by the operations."""

    __tablename__ = "row_seal"
    tbl: str = Field(primary_key=True)
    key: str = Field(primary_key=True)
    workshop_id: str = Field(index=True)
    digest: bytes


class RowVersionRow(SQLModel, table=True):
    """How many times a row has changed, for refusing a stale write (storage/versions.py).

    Kept beside the rows rather than as a column of each: the revision's tables are sealed, and
    a row without an entry here is at version 0. No foreign key: a deleted item's version stays,
    so an undo that puts it back cannot make an older view current again.
    """

    __tablename__ = "row_version"
    kind: str = Field(primary_key=True)
    item_id: str = Field(primary_key=True)
    workshop_id: str = Field(index=True)
    version: int = 0


class OpenSessionRow(SQLModel, table=True):
    """A process that has saved to this database and not yet closed it (storage/journal.py)."""

    __tablename__ = "open_session"
    id: str = Field(primary_key=True)
    opened_at: str = ""


class CheckOutRow(SQLModel, table=True):
    """In the library a workshop was taken from: who took it offline, when, and to which laptop
    (storage/offline.py). Edits here still go on, with a warning; bringing it back clears it."""

    __tablename__ = "check_out"
    workshop_id: str = Field(
        sa_column=Column(String, ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    )
    who: str = ""
    at: str = ""
    place: str = ""  # the laptop's name


class OfflineCopyRow(SQLModel, table=True):
    """In the laptop's library: where an offline copy came from and the workshop as it was taken
    (interchange JSON), the base that bringing it back merges against."""

    __tablename__ = "offline_copy"
    workshop_id: str = Field(
        sa_column=Column(String, ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    )
    origin: str = ""  # the library's path or address, without any password
    who: str = ""
    at: str = ""
    base: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
