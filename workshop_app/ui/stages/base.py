"""What every stage of the workshop shares: a key, a title, progress for the navigator, refresh.

A stage is a page in the main window. It gets the open session when a workshop is opened, and
refreshes itself from the session's `changed` signal — only while visible; a hidden stage just
remembers that it is stale and refreshes when shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workshop_app.core import model as m
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.widgets.wrap_label import WrapLabel


class ProgressState(Enum):
    EMPTY = "empty"  # nothing done yet
    PARTIAL = "partial"  # started
    DONE = "done"  # complete
    ATTENTION = "attention"  # something needs discussing (amber)


@dataclass(frozen=True)
class Progress:
    state: ProgressState
    badge: str = ""  # short text beside the stage name: "4/6", "⚠2", "✓"
    hint: str = ""  # tooltip / status text: what still needs doing


class Stage(QWidget):
    """Base class for the pages of a workshop. Subclasses set `key` and `title`."""

    key = ""
    title = ""
    #: The first thing the facilitator types into when arriving on this stage.
    focus_widget: QWidget | None = None
    #: The views of the stage worth a picture each (screenshots); "" is the stage as it opens.
    views: tuple[str, ...] = ("",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"stage-{self.key}")
        self.setAccessibleName(self.title)
        self.session: WorkshopSession | None = None
        self._stale = True

    # -- lifecycle ---------------------------------------------------------------------------
    def set_session(self, session: WorkshopSession | None) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
        self.session = session
        if session is not None:
            session.changed.connect(self._on_changed)
        self._stale = True
        if self.isVisible() and session is not None:
            self._refresh_now()

    def _on_changed(self, _workshop: m.Workshop) -> None:
        if self.isVisible():
            self._refresh_now()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.session is not None:
            self._refresh_now()

    def _refresh_now(self) -> None:
        assert self.session is not None
        self._stale = False
        self.refresh(self.session.workshop)

    # -- for subclasses --------------------------------------------------------------------
    def refresh(self, workshop: m.Workshop) -> None:
        """Show the workshop as it is now. Must keep focus and selection where they were."""

    @staticmethod
    def progress(workshop: m.Workshop) -> Progress:
        """How far this stage is, for the navigator. Static: computed without the widget."""
        return Progress(ProgressState.EMPTY)

    def arrive(self) -> None:
        """Called when the facilitator switches to this stage: put the cursor where it belongs."""
        if self.focus_widget is not None:
            self.focus_widget.setFocus()

    def show_view(self, view: str) -> None:
        """Show one of `views` as it finally looks, without waiting for timers (screenshots)."""

    def flush_edits(self) -> None:
        """Save anything typed but not yet saved (before switching stage, closing, exporting)."""
        from workshop_app.ui.widgets.fields import _Debounced

        for editor in self.findChildren(QWidget):
            if isinstance(editor, _Debounced):
                editor.flush()


def stage_header(title: str, subtitle: str = "") -> QWidget:
    """The large title and one line of guidance at the top of every stage."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 8)
    layout.setSpacing(4)
    # Both wrap: with larger text on a projector's low resolution, a title needs two lines.
    heading = WrapLabel(title, "stageTitle")
    heading.setAccessibleName(title)
    layout.addWidget(heading)
    if subtitle:
        layout.addWidget(WrapLabel(subtitle, "stageSubtitle"))
    return box
