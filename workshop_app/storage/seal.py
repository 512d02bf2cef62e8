"""Seals: a digest of every stored row of a workshop revision, written with every save and
checked when the workshop is opened, so damage that SQLite cannot see is not silent.

A flipped byte inside a text cell leaves a perfectly valid database ("María" becomes "MaRía"):
neither SQLite nor `integrity_check` can notice, but the row no longer hashes to its seal.

Triggers write the seals (`row_seal`), in the same statement as the change, so a crash never
leaves a row and its seal out of step, and no operation has to remember it. Sealing row by row
rather than a whole revision at once keeps a save cheap: hashing every row of a 500-request
workshop takes 20–50 ms, more than a save may spend; one changed row takes microseconds.
Checking a whole revision (`problems`) reads it once, when it is opened.

The triggers call `row_digest()`, which the app registers on every connection (`register`);
another program writing these tables without it fails instead of leaving a seal stale, as with
the search index (migration 0002). A later migration that rebuilds a sealed table (batch mode)
drops its triggers: it must create them again (`trigger_statements`) and reseal
(`reseal_statements`).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass


def columns(names: str) -> tuple[str, ...]:
    return tuple(names.split())


def item(names: str, key: str = "{row}.id") -> Sealed:
    """A workshop item's table: its rows name their workshop."""
    return Sealed(key, "{row}.workshop_id", ("workshop_id", *columns(names)))


@dataclass(frozen=True)
class Sealed:
    """How one table's rows are sealed: the key and workshop of a row as SQL over `new.`/`old.`
    (the `{row}` placeholder), the columns hashed, and the rows of one workshop (`?`)."""

    key: str
    workshop: str
    columns: tuple[str, ...]
    scope: str = "WHERE {row}.workshop_id = ?"


#: The tables and columns sealed now. The migrations that change them keep their own frozen
#: copies (0003 all of them, later ones what they change or add).
SEALED: Mapping[str, Sealed] = {
    "workshop": Sealed(
        "{row}.id",
        "{row}.id",
        columns(
            "id lineage_id revision title division company date location facilitator it_phase "
            "status framework created_at updated_at it_reliability it_delivery earlier_phase "
            "earlier_phase_date follow_up_of"
        ),
        "WHERE {row}.id = ?",
    ),
    "participant": item("id position name role decision_maker"),
    "agenda_item": item("id position title planned_minutes"),
    "goal": item(
        "id position title level description weight measure library_goal_id library_version "
        "library_period placeholder"
    ),
    "request": item("id position text requested_by deadline urgency phase origin"),
    "decision": item(
        "request_id kind rationale owner next_step due_date earlier", "{row}.request_id"
    ),
    "need": item(
        "id position statement why_ladder beneficiaries measure baseline target by_when "
        "cost_of_inaction alternatives serves lens alignment_acknowledged value urgency effort "
        "risk confidence reach alignment_note company_note estimate_days estimate_money "
        "estimate_confidence"
    ),
    "need_request": Sealed(
        "{row}.need_id || ' ' || {row}.request_id",
        "(SELECT workshop_id FROM need WHERE id = {row}.need_id)",
        columns("need_id request_id position serves"),
        "JOIN need ON need.id = {row}.need_id WHERE need.workshop_id = ?",
    ),
    "alignment_link": item("need_id goal_id strength", "{row}.need_id || ' ' || {row}.goal_id"),
    "action_item": item("id position text owner due_date request_id done"),
    "signature": item(
        "id participant_id position typed_name stance note drawing content_digest signed_at"
    ),
    # Migration 0008 (blind scoring rounds).
    "need_adoption": item(
        "need_id position criterion goal_id value answers median low high round_id adopted_at",
        "{row}.need_id || ' ' || {row}.position",
    ),
    "rating_round": item(
        "id need_id position criteria state anonymous opened_at revealed_at adopted"
    ),
    "rating": item(
        "round_id participant_id criterion score rated_at",
        "{row}.round_id || ' ' || {row}.participant_id || ' ' || {row}.criterion",
    ),
}


def row_digest(*values: object) -> bytes:
    """The seal of one row: 16 bytes of BLAKE2b over its values as SQLite hands them over."""
    return hashlib.blake2b(repr(values).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def register(connection: sqlite3.Connection) -> None:
    """Make `row_digest()` available to the triggers on this connection."""
    connection.create_function("row_digest", -1, row_digest, deterministic=True)


def _digest_sql(spec: Sealed, row: str) -> str:
    return f"row_digest({', '.join(f'{row}.{c}' for c in spec.columns)})"


def trigger_statements(sealed: Mapping[str, Sealed]) -> list[str]:
    """CREATE TRIGGER statements keeping `row_seal` in step with every write to these tables."""
    statements = []
    for table, spec in sealed.items():
        key, workshop = spec.key.format(row="new"), spec.workshop.format(row="new")
        upsert = (
            "INSERT OR REPLACE INTO row_seal (tbl, key, workshop_id, digest) "
            f"VALUES ('{table}', {key}, {workshop}, {_digest_sql(spec, 'new')});"
        )
        forget = (
            f"DELETE FROM row_seal WHERE tbl = '{table}' AND key = {spec.key.format(row='old')};"
        )
        statements += [
            f"CREATE TRIGGER seal_{table}_ai AFTER INSERT ON {table} BEGIN {upsert} END",
            # An update may change the key (never done by the app, but by damage it can be).
            f"CREATE TRIGGER seal_{table}_au AFTER UPDATE ON {table} BEGIN {forget} {upsert} END",
            f"CREATE TRIGGER seal_{table}_ad AFTER DELETE ON {table} BEGIN {forget} END",
        ]
    return statements


def reseal_statements(sealed: Mapping[str, Sealed]) -> list[str]:
    """Statements sealing every existing row as it stands (and nothing else)."""
    return ["DELETE FROM row_seal"] + [
        "INSERT OR REPLACE INTO row_seal (tbl, key, workshop_id, digest) "
        f"SELECT '{table}', {spec.key.format(row=table)}, {spec.workshop.format(row=table)}, "
        f"{_digest_sql(spec, table)} FROM {table}"
        for table, spec in sealed.items()
    ]


DAMAGED = (
    "This workshop is not as Workshop App last saved it: the database file has been damaged or "
    "changed by another program, so check its content, or restore a backup from before."
)


def _check_query(table: str, spec: Sealed) -> str:
    """The workshop's rows in this table, and how many of them match their seal."""
    return (
        f"SELECT COUNT(*), COALESCE(SUM(s.digest = {_digest_sql(spec, table)}), 0) "
        f"FROM {table} LEFT JOIN row_seal AS s "
        f"ON s.tbl = '{table}' AND s.key = {spec.key.format(row=table)} AND s.workshop_id = ?1 "
        f"{spec.scope.format(row=table).replace('?', '?1')}"
    )


_CHECKS = {table: _check_query(table, spec) for table, spec in SEALED.items()}


def problems(connection: sqlite3.Connection, workshop_id: str) -> int:
    """How many rows of this workshop revision differ from their seals (0: as last saved):
    rows without their seal or with another one, and seals left without their row."""
    seals = dict(
        connection.execute(
            "SELECT tbl, COUNT(*) FROM row_seal WHERE workshop_id = ? GROUP BY tbl", (workshop_id,)
        ).fetchall()
    )
    found = 0
    for table, query in _CHECKS.items():
        rows, matching = connection.execute(query, (workshop_id,)).fetchone()
        found += (rows - matching) + (seals.get(table, 0) - matching)
    return found
