"""The selected goal and the company's goal library, on the Goals stage's detail card.

A goal picked from the library says which version it took ("company goal, version 2 · 2027").
When the library has a newer version, a quiet note says "The company's goal changed since",
with "Update" to its new words (one undoable step) and "Keep ours" (nothing changes in the
workshop; the library remembers the choice for that version, so the note stays away after the
app closes and comes back for a later version). A template's goal not yet reworded says so.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from workshop_app.core import company_goals as cg
from workshop_app.core import model as m
from workshop_app.core.errors import UserError
from workshop_app.core.kind import Kind
from workshop_app.storage.company_goals import company_goals, keep_our_words, kept_words
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.widgets.labels import muted_label, plain_label


class LibraryNote(QWidget):
    """The library's word on one goal: its version, a newer one, or a template's wording."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.version = muted_label(wrap=True)
        self.version.setAccessibleName("Where this goal comes from")
        layout.addWidget(self.version)
        self.note = QFrame()
        note_layout = QVBoxLayout(self.note)
        note_layout.setContentsMargins(0, 0, 0, 4)
        note_layout.setSpacing(6)
        self.text = plain_label("", "attention")
        self.text.setAccessibleName("The company's goal changed")
        note_layout.addWidget(self.text)
        buttons = QHBoxLayout()
        self.update_button = QPushButton("Update")
        self.update_button.setToolTip("Take the company's new words (undoable)")
        self.update_button.clicked.connect(self.update_goal)
        self.keep_button = QPushButton("Keep ours")
        self.keep_button.setToolTip("Keep the words this workshop took; nothing changes")
        self.keep_button.clicked.connect(self.keep)
        buttons.addWidget(self.update_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        note_layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.session: WorkshopSession | None = None
        self.goal: m.StrategicGoal | None = None
        self.newer: cg.GoalVersion | None = None
        #: (library goal id, version) kept when the library could not remember it (a viewer's)
        self.kept: set[tuple[str, int]] = set()

    def show_goal(self, session: WorkshopSession | None, goal: m.StrategicGoal | None) -> None:
        self.session, self.goal = session, goal
        self.newer = None
        if session is not None and goal is not None and goal.library_goal_id:
            try:
                self.newer = cg.newer(goal, company_goals(session.library))
            except UserError:  # the library could not be read: say nothing rather than fail
                self.newer = None
        label = cg.version_label(goal) if goal is not None else ""
        if goal is not None and goal.placeholder:
            label = (
                "A template's wording: reword it for this room, or pick the company's goal "
                "instead. Until then it does not count as a goal."
            )
        self.version.setText(label[:1].upper() + label[1:])
        self.version.setVisible(bool(label))
        show = (
            session is not None
            and goal is not None
            and self.newer is not None
            and (goal.library_goal_id, self.newer.version) not in self._kept(session)
        )
        if show and self.newer is not None:
            self.text.setText(
                f"The company's goal changed since: version {self.newer.version} says "
                f"“{self.newer.title}”. Keep ours, or update?"
            )
        locked = session is None or session.locked
        self.update_button.setEnabled(not locked)
        self.note.setVisible(show)

    def update_goal(self) -> None:
        """Take the library's newer words and version, as one undoable step."""
        session, goal, newer = self.session, self.goal, self.newer
        if session is None or goal is None or newer is None or session.locked:
            return
        values = {
            "title": newer.title,
            "description": newer.description,
            "measure": newer.measure,
            "library_version": newer.version,
            "library_period": newer.period,
        }
        with session.macro("Update to the company's goal"):
            for field, value in values.items():
                session.edit(Kind.GOAL, goal.id, field, value)

    def _kept(self, session: WorkshopSession) -> set[tuple[str, int]]:
        try:
            return self.kept | kept_words(session.library, session.workshop_id)
        except UserError:  # the library could not be read: what this window kept still holds
            return self.kept

    def keep(self) -> None:
        """Keep this workshop's words: remembered in the library for this version."""
        session, goal, newer = self.session, self.goal, self.newer
        if session is not None and goal is not None and newer is not None:
            try:
                keep_our_words(session.library, session.workshop_id, goal.library_goal_id,
                               newer.version)  # fmt: skip
            except UserError:  # a viewer's library, say: kept while this window is open
                self.kept.add((goal.library_goal_id, newer.version))
        self.note.hide()
