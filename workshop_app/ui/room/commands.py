"""Adopting a value from the room as one undoable edit: redo writes it to the need (or its goal
link) the way the facilitator's own edit does and records it with the round and its spread;
undo puts the earlier value back and takes the adoption away again."""

from __future__ import annotations

from workshop_app.storage import rounds
from workshop_app.ui.changes import EVERYTHING
from workshop_app.ui.commands import Session, SessionCommand


class AdoptRating(SessionCommand):
    def __init__(
        self, session: Session, round_id: str, criterion: str, value: int, before: int | None
    ) -> None:
        super().__init__(session, "Adopt the room's rating", EVERYTHING)
        self.round_id, self.criterion = round_id, criterion
        self.value, self.before = value, before

    def redo(self) -> None:
        self._run(lambda lib: rounds.adopt(lib, self.round_id, self.criterion, self.value))

    def undo(self) -> None:
        self._run(lambda lib: rounds.unadopt(lib, self.round_id, self.criterion, self.before))
