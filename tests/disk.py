"""Reading a database file the way a second program would: through a connection of its own, so a
test sees what reached the disk rather than what some object has cached."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


class Disk:
    """Reads the database file through a connection of its own."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.columns_and_rows(sql, *params)[1]

    def columns_and_rows(self, sql: str, *params: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
        connection = sqlite3.connect(self.path)
        try:
            cursor = connection.execute(sql, params)
            return [column[0] for column in cursor.description], cursor.fetchall()
        finally:
            connection.close()

    def value(self, sql: str, *params: Any) -> Any:
        rows = self.rows(sql, *params)
        return rows[0][0] if rows else None

    def request_text(self, request_id: str) -> str | None:
        return self.value("SELECT text FROM request WHERE id = ?", request_id)

    def ids_in_order(self, table: str, workshop_id: str) -> list[str]:
        rows = self.rows(
            f"SELECT id FROM {table} WHERE workshop_id = ? ORDER BY position", workshop_id
        )
        return [row[0] for row in rows]

    def strength(self, need_id: str, goal_id: str) -> str | None:
        return self.value(
            "SELECT strength FROM alignment_link WHERE need_id = ? AND goal_id = ?",
            need_id,
            goal_id,
        )

    def linked_requests(self, need_id: str) -> list[str]:
        rows = self.rows(
            "SELECT request_id FROM need_request WHERE need_id = ? ORDER BY position", need_id
        )
        return [row[0] for row in rows]

    def everything_of(self, workshop_id: str) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of a workshop, table by table: lists in their order, with the position
        numbers themselves left out (a restore may leave gaps; only the order is promised)."""
        ordered = "workshop_id = ? ORDER BY position"
        tables = {
            "participant": ordered,
            "agenda_item": ordered,
            "goal": ordered,
            "request": ordered,
            "need": ordered,
            "action_item": ordered,
            "decision": "workshop_id = ? ORDER BY request_id",
            "alignment_link": "workshop_id = ? ORDER BY need_id, goal_id",
            "need_request": "need_id IN (SELECT id FROM need WHERE workshop_id = ?) "
            "ORDER BY need_id, position",
        }
        return {
            table: self._without_position(table, where, workshop_id)
            for table, where in tables.items()
        }

    def _without_position(self, table: str, where: str, workshop_id: str) -> list[tuple[Any, ...]]:
        columns, rows = self.columns_and_rows(f"SELECT * FROM {table} WHERE {where}", workshop_id)
        keep = [i for i, column in enumerate(columns) if column != "position"]
        return [tuple(row[i] for i in keep) for row in rows]
