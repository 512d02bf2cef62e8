"""What every stage of the workshop shares: a key, a title, progress for the navigator, refresh.

A stage is a page in the main window. It gets the open session when a workshop is opened, and
refreshes itself from the session's `changed` signal — only when the change touches a kind of item
it shows (`shows`), and only while visible; a hidden stage just remembers that it is stale and
refreshes when shown.

A stage never reaches for the main window: it asks for what it cannot do itself through its
signals (go to another stage, open a workshop, say something in the status bar), which the window
connects, and offers what the window, the palette, presentation mode and undo need through the
methods declared here (`select_request`, `current_request_id`, `select_need`, `show_field`).
"""

from __future__ import annotations

from collections.abc import Set
from enum import Enum
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workshop_app.ui.widgets.wrap_label import WrapLabel

if TYPE_CHECKING:
    from workshop_app.core import model as m
    from workshop_app.core.kind import Kind
    from workshop_app.ui.changes import Changes
    from workshop_app.ui.export_record import ExportRecord
    from workshop_app.ui.session import WorkshopSession  # a stage needs one only once open


class ProgressState(Enum):
    EMPTY = "empty"  # nothing done yet
    PARTIAL = "partial"  # started
    DONE = "done"  # complete
    ATTENTION = "attention"  # something needs discussing (amber)


class StageContext(NamedTuple):
    """What the main window shares with every stage it builds."""

    settings: QSettings  # the window's own (tests give each window its own file)
    exports: ExportRecord  # what was exported last, per workshop


class Progress(NamedTuple):
    state: ProgressState
    badge: str = ""  # short text beside the stage name: "4/6", "⚠2", "✓"
    hint: str = ""  # tooltip / status text: what still needs doing


class Stage(QWidget):
    """Base class for the pages of a workshop. Subclasses set `key`, `title` and `shows`."""

    key = ""
    title = ""
    #: The kinds of items this stage shows; a change to none of them needs no refresh.
    #: None: it shows everything (a summary).
    shows: ClassVar[Set[Kind] | None] = None
    #: Whether the stage shows one request at a time that `select_request` can bring into view.
    shows_requests: ClassVar[bool] = False
    #: The first thing the facilitator types into when arriving on this stage.
    focus_widget: QWidget | None = None
    #: The views of the stage worth a picture each (screenshots); "" is the stage as it opens.
    views: tuple[str, ...] = ("",)
    #: Whether a viewer sees it read-only (ui/read_only.py); a stage that only shows and
    #: exports (Export) stays as it is.
    locks_for_viewers: ClassVar[bool] = True

    #: Asks the window to show another stage (by key).
    stage_requested = Signal(str)
    #: Asks the window to show an item on another stage: stage key, item id, field (its
    #: `show_field` puts the cursor there).
    place_requested = Signal(str, str, str)
    #: Asks the window to open a workshop (by id), on this same stage.
    workshop_requested = Signal(str)
    #: A sentence for the status bar saying what the stage just did.
    status_message = Signal(str)
    #: After each refresh, with the workshop shown (tests and benchmarks count refreshes by it).
    refreshed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"stage-{self.key}")
        self.setAccessibleName(self.title)
        self.session: WorkshopSession | None = None
        self._context: StageContext | None = None
        self._stale = True

    @property
    def context(self) -> StageContext:
        assert self._context is not None, "the window gives each stage its context when built"
        return self._context

    def set_context(self, context: StageContext) -> None:
        self._context = context

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

    def _on_changed(self, _workshop: m.Workshop, changes: Changes) -> None:
        if not changes.touches(self.shows):
            return
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
        from workshop_app.ui import read_only

        viewer = self.session.read_only and self.locks_for_viewers
        if not viewer:
            read_only.unlock(self)  # this page may have shown a viewer's library before
        self.refresh(self.session.workshop)
        if viewer:
            read_only.lock(self)
        self.refreshed.emit(self.session.workshop)

    # -- for subclasses --------------------------------------------------------------------
    def refresh(self, workshop: m.Workshop) -> None:
        """Show the workshop as it is now. Must keep focus and selection where they were."""

    @staticmethod
    def progress(workshop: m.Workshop) -> Progress:
        """How far this stage is, for the navigator. Static: computed without the widget."""
        return Progress(ProgressState.EMPTY)

    @classmethod
    def title_for(cls, workshop: m.Workshop) -> str:
        """The stage's name in the navigator for this workshop."""
        return cls.title

    @classmethod
    def navigator_progress(cls, workshop: m.Workshop, context: StageContext) -> Progress:
        """What the navigator shows; a stage whose progress is not in the workshop alone (Export)
        reads the rest from the window's context."""
        return cls.progress(workshop)

    def select_request(self, request_id: str) -> None:
        """Bring a request into view (stages with `shows_requests`)."""

    def current_request_id(self) -> str | None:
        """The request in view, on a stage that shows one at a time."""
        return None

    def select_need(self, need_id: str) -> bool:
        """Bring a need into view; False when this stage does not show needs one by one."""
        return False

    def show_field(self, item_id: str, field: str) -> bool:
        """Bring an item into view with the cursor in one of its fields (a need on Needs and
        Align, a request's decision on Decide); False when this stage cannot."""
        return False

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
