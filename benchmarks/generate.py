"""Realistic synthetic workshops for measuring speed and scale.

Deterministic (seeded) so runs compare like with like. Text lengths follow what facilitators
actually type: short requests, a few ladder rungs, paragraphs of rationale, the odd very long
pasted note.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from workshop_app.core import model as m

#: Bumped whenever what the generator makes changes: cached libraries are keyed by it.
VERSION = 3

_WORDS = [
    "quote",
    "turnaround",
    "pipeline",
    "payroll",
    "onboarding",
    "dashboard",
    "integration",
    "customer",
    "churn",
    "forecast",
    "contract",
    "approval",
    "invoice",
    "portal",
    "mobile",
    "reliability",
    "outage",
    "latency",
    "compliance",
    "audit",
    "procurement",
    "supplier",
    "warehouse",
    "inventory",
    "shipping",
    "returns",
    "pricing",
    "margin",
    "revenue",
    "retention",
    "hiring",
    "training",
    "security",
    "identity",
    "access",
    "analytics",
    "reporting",
    "data",
    "quality",
    "self-service",
    "chatbot",
    "workflow",
    "automation",
    "spreadsheet",
    "export",
    "migration",
    "cloud",
    "licence",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[:1].upper() + text[1:]


def synthetic_workshop(requests: int, seed: int = 7, long_texts: bool = True) -> m.Workshop:
    """A workshop with `requests` requests, one need each, links, ratings and decisions."""
    rng = random.Random(seed * 100_003 + requests)
    ws = m.Workshop(
        title=f"Synthetic alignment {requests}",
        division=rng.choice(["Sales", "Finance", "People", "Operations", "Marketing"]),
        company="Northwind Industries",
        date="2026-09-15",
        location="Head office",
        facilitator="Alex Moreau",
        it_phase=rng.choice(list(m.Phase)),
        created_at="2026-09-15T08:30:00Z",
    )
    ws.participants = [
        m.Participant(f"Participant {i}", "Director", decision_maker=i < 3) for i in range(8)
    ]
    ws.agenda = [m.AgendaItem(f"Agenda item {i}", 20) for i in range(5)]
    ws.goals = [
        m.StrategicGoal(
            _sentence(rng, 5),
            m.GoalLevel.COMPANY if i < 4 else m.GoalLevel.DIVISION,
            _sentence(rng, 20),
            weight=rng.randint(1, 5),
            measure=_sentence(rng, 4),
        )
        for i in range(8)
    ]
    for i in range(requests):
        request = m.Request(
            _sentence(rng, rng.randint(5, 14)),
            f"Participant {i % 8}",
            rng.choice(["", "March", "Q3", "next month"]),
            rng.choice(list(m.Urgency)),
            rng.choice(list(m.Phase)),
        )
        ws.requests.append(request)
        need = m.Need(
            _sentence(rng, rng.randint(8, 20)),
            [request.id],
            [_sentence(rng, rng.randint(6, 12)) for _ in range(rng.randint(1, 5))],
            beneficiaries=_sentence(rng, 8),
            measure=_sentence(rng, 3),
            baseline=f"{rng.randint(1, 30)} days",
            target=f"{rng.randint(1, 5)} days",
            by_when="Q2 2027",
            cost_of_inaction=_sentence(rng, 30),
            alternatives=_sentence(rng, 25),
            serves=rng.choice(list(m.Serves)),
            lens=rng.choice(list(m.Lens)),
            assessment=m.Assessment(
                urgency=rng.randint(1, 10),
                effort=rng.randint(1, 10),
                risk=rng.randint(1, 10),
                confidence=rng.choice([50, 80, 100]),
                reach=rng.randint(10, 5000),
            ),
        )
        if long_texts and i % 25 == 0:
            need.cost_of_inaction = _sentence(rng, 1500)
        ws.needs.append(need)
        for goal in rng.sample(ws.goals, rng.randint(0, 3)):
            ws.links.append(m.AlignmentLink(need.id, goal.id, rng.choice(list(m.Strength)[1:])))
        ws.decisions.append(
            m.Decision(
                request.id,
                rng.choice([*list(m.DecisionKind), None]),
                _sentence(rng, 30),
                f"Participant {i % 8}",
                _sentence(rng, 10),
                "2026-12-01",
            )
        )
        if i % 5 == 0:
            ws.actions.append(
                m.ActionItem(_sentence(rng, 8), f"Participant {i % 8}", "", request.id)
            )
    ws.sort_links()
    return ws


# -- a library of years of workshops ---------------------------------------------------------

#: Rare words planted in a few workshops, so searches that match a handful can be measured too.
RARE_TERMS = ("kubernetes", "Überweisungsportal", "ΣΟΦΊΑ", "straße")
_DIVISIONS = ("Sales", "Finance", "People", "Operations", "Marketing", "Legal", "Logistics", "R&D")


def _identity(i: int, count: int, rng: random.Random) -> dict[str, str]:
    """What sets the `i`th of `count` workshops apart: division, title, dates, status."""
    year = 2019 + i * 8 // max(count, 1)
    month = 1 + i % 12
    division = rng.choice(_DIVISIONS)
    date = f"{year}-{month:02d}-{1 + i % 28:02d}"
    return {
        "division": division,
        "title": f"{division} alignment {year}-{month:02d} · {_sentence(rng, 3)}",
        "date": date,
        "created_at": f"{date}T09:00:00Z",
        "status": rng.choice(list(m.Status)).value,
    }


def library_workshops(count: int, seed: int = 11, spread: int = 0) -> Iterator[m.Workshop]:
    """`count` workshops as a CIO keeps them over years: 5 to 40 requests each, varied titles,
    divisions and dates (spread over `spread` workshops' worth of years, by default `count`);
    every 97th mentions one of RARE_TERMS somewhere."""
    rng = random.Random(seed)
    for i in range(count):
        ws = synthetic_workshop(rng.randint(5, 40), seed=seed + i, long_texts=False)
        identity = _identity(i, spread or count, rng)
        ws.division, ws.title, ws.date = identity["division"], identity["title"], identity["date"]
        ws.created_at = identity["created_at"]
        ws.status = m.Status(identity["status"])
        if i % 97 == 0:
            term = RARE_TERMS[(i // 97) % len(RARE_TERMS)]
            target = ws.requests[0] if i % 2 else ws.needs[-1]
            if isinstance(target, m.Request):
                target.text += f" on {term}"
            else:
                target.statement += f" with {term}"
        yield ws


#: Workshops made one by one in Python; a larger library repeats them, copied in SQL.
SEEDS = 250


def build_library(path: Path, count: int, seed: int = 11) -> list[str]:
    """Create a workshop database at `path` holding `count` workshops; returns their ids.

    The first `SEEDS` are synthetic workshops written through the repository's own row
    conversions; the rest are copies of them made in SQL, with fresh ids and their own titles,
    divisions, dates and statuses. Either way every row goes in through the app's schema, so
    its triggers write the row seals (storage/seal.py) and the searchable text (migration
    0002) as they do for any save, and each transaction indexes what it changed before it
    commits, as the app's writer does (storage/search.py): the result is a library the app
    opens, checks and searches like any other.
    20,000 workshops take minutes instead of the hours of one operation each.
    """
    ids = _insert_seeds(path, min(count, SEEDS), seed, count)
    if count > len(ids):
        ids += _copy_seeds(path, ids, count, seed)
    return ids


def _insert_seeds(path: Path, seeds: int, seed: int, count: int) -> list[str]:
    """Rows go in through the repository's own row conversions, in bulk, in one transaction per
    chunk (the operations layer's one transaction per workshop would spend its time on fsyncs
    that measure nothing of interest here)."""
    from sqlalchemy import insert

    from workshop_app.storage import db, search
    from workshop_app.storage import repository as repo
    from workshop_app.storage import tables as t
    from workshop_app.storage.operations import Library

    library = Library(path, make_backup=False)
    ids: list[str] = []
    try:
        workshops = library_workshops(seeds, seed, spread=count)
        while True:
            chunk = [ws for _, ws in zip(range(250), workshops, strict=False)]
            if not chunk:
                break
            rows: dict[type[Any], list[dict[str, Any]]] = {}

            def add(row: Any, rows: dict[type[Any], list[dict[str, Any]]] = rows) -> None:
                rows.setdefault(type(row), []).append(repo.row_values(row))

            for ws in chunk:
                ids.append(ws.id)
                add(repo.workshop_row(ws, ws.created_at))
                for kind, attr in repo.LISTS.items():
                    for position, item in enumerate(getattr(ws, attr)):
                        add(repo.row_for(kind, item, ws.id, position))
                for need in ws.needs:
                    for position, request_id in enumerate(need.request_ids):
                        add(
                            t.NeedRequestRow(
                                need_id=need.id, request_id=request_id, position=position
                            )
                        )
                for link in ws.links:
                    add(
                        t.AlignmentLinkRow(
                            need_id=link.need_id,
                            goal_id=link.goal_id,
                            workshop_id=ws.id,
                            strength=link.strength.value,
                        )
                    )
                for decision in ws.decisions:
                    values = {
                        f.name: repo.plain(getattr(decision, f.name)) for f in fields(decision)
                    }
                    add(t.DecisionRow(**values, workshop_id=ws.id))
            with db.session(library.engine) as s, s.begin():
                for row_type in _row_types():
                    if rows.get(row_type):
                        s.execute(insert(row_type), rows[row_type])
                search.refresh(db.driver_connection(s))
    finally:
        library.close()
    return ids


def _row_types() -> list[type[Any]]:
    """The tables a workshop fills, parents before children."""
    from workshop_app.storage import tables as t

    return [
        t.WorkshopRow,
        t.ParticipantRow,
        t.AgendaItemRow,
        t.GoalRow,
        t.RequestRow,
        t.NeedRow,
        t.ActionItemRow,
        t.NeedRequestRow,
        t.AlignmentLinkRow,
        t.DecisionRow,
    ]


#: Columns that hold an id (32 hex digits, model.new_id) and so change in a copy.
_ID_COLUMNS = {"id", "lineage_id", "workshop_id", "request_id", "need_id", "goal_id"}
#: The rows of the workshops being copied, per table (`:first` seeds of the temp table seed).
_CHOSEN = "IN (SELECT id FROM temp.seed WHERE n < :first)"
_COPIED_ROWS = {
    "workshop": f"WHERE id {_CHOSEN}",
    "need_request": f"WHERE need_id IN (SELECT id FROM need WHERE workshop_id {_CHOSEN})",
}


def _copy_seeds(path: Path, seeds: list[str], count: int, seed: int) -> list[str]:
    """Copies of the seed workshops until the library holds `count`, each copy's ids the seed's
    with the last 8 hex digits replaced by the copy's number (model ids are uuid4 hex)."""
    import sqlite3

    from workshop_app.storage import db, seal, search

    connection = sqlite3.connect(path, isolation_level=None)
    connection.create_function("casefold", 1, db.casefold, deterministic=True)
    seal.register(connection)  # the seal triggers call it, as on every connection of the app
    search.register(connection)  # and indexing what a transaction changed
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA synchronous=OFF")  # a file being built: a crash loses nothing
    # The copies land all over the indexes (their ids are the seeds' with a new tail): a large
    # cache keeps those pages in memory instead of reading and writing them again and again.
    connection.execute("PRAGMA cache_size=-1000000")
    rng = random.Random(seed * 7919)
    ids: list[str] = []
    try:
        connection.execute("CREATE TEMP TABLE seed (id TEXT PRIMARY KEY, n INTEGER)")
        connection.executemany(
            "INSERT INTO temp.seed VALUES (?, ?)", [(s, n) for n, s in enumerate(seeds)]
        )
        statements = [_copy_statement(connection, row.__tablename__) for row in _row_types()]
        for copy in range(1, -(-count // len(seeds))):
            first = min(len(seeds), count - copy * len(seeds))
            connection.execute("BEGIN")
            for statement in statements:
                connection.execute(statement, {"copy": copy, "first": first})
            copied = [_copied_id(s, copy) for s in seeds[:first]]
            changes = [
                {**_identity(copy * len(seeds) + n, count, rng), "id": workshop_id}
                for n, workshop_id in enumerate(copied)
            ]
            connection.executemany(
                "UPDATE workshop SET division = :division, title = :title, date = :date, "
                "created_at = :created_at, updated_at = :created_at, status = :status "
                "WHERE id = :id",
                changes,
            )
            search.refresh(connection)
            connection.execute("COMMIT")
            ids += copied
    finally:
        connection.close()
    return ids


def _copied_id(workshop_id: str, copy: int) -> str:
    return f"{workshop_id[:24]}{copy:08x}"


def _copy_statement(connection: Any, table: str) -> str:
    columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    values = [
        f"CASE WHEN length({c}) = 32 THEN substr({c}, 1, 24) || printf('%08x', :copy) ELSE {c} END"
        if c in _ID_COLUMNS
        else c
        for c in columns
    ]
    where = _COPIED_ROWS.get(table, f"WHERE workshop_id {_CHOSEN}")
    names = ", ".join(columns)
    return f"INSERT INTO {table} ({names}) SELECT {', '.join(values)} FROM {table} {where}"
