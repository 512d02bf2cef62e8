"""The main window: header, stage navigator, the current stage, status bar.

It wires things together and nothing more: stages edit through the session, actions come from the
registry in actions.py, dialogs come from factories in dialogs.py so tests can drive them.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QUndoGroup
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.errors import UserError
from workshop_app.ui import dialogs, drafts, file_menu, memory
from workshop_app.ui.actions import (
    ACTIONS,
    STAGE_KEYS,
    ActionId,
    Handler,
    create_actions,
    stage_action,
)
from workshop_app.ui.changes import EVERYTHING, Changes
from workshop_app.ui.export_record import ExportRecord
from workshop_app.ui.history import History
from workshop_app.ui.library.page import LibraryPage
from workshop_app.ui.opening import LibraryOpening
from workshop_app.ui.room.host import RoomHost
from workshop_app.ui.stages import (
    EXTRA_STAGE_MODULES,
    STAGE_MODULES,
    stage_class,
    stage_keys,
    stage_number,
)
from workshop_app.ui.stages.base import ProgressState, Stage, StageContext
from workshop_app.ui.timer import AgendaTimer
from workshop_app.ui.watching import Watching
from workshop_app.ui.widgets.clamped_label import OneLineLabel
from workshop_app.ui.widgets.icons import IconLabel
from workshop_app.ui.widgets.pages import Pages, scrolling
from workshop_app.ui.widgets.style import set_style_state
from workshop_app.ui.widgets.text import one_line
from workshop_app.ui.window_base import AppWindow

if TYPE_CHECKING:
    from workshop_app.core import model as m
    from workshop_app.storage.operations import Library
    from workshop_app.ui.read_only import ReadOnlyBanner
    from workshop_app.ui.session import WorkshopSession
    from workshop_app.ui.widgets.navigator import StageNavigator

_STATE_SYMBOL = {
    ProgressState.DONE: "✓",
    ProgressState.ATTENTION: "⚠",
    ProgressState.PARTIAL: "",
    ProgressState.EMPTY: "",
}


def _navigator_item(
    key: str, workshop: m.Workshop, context: StageContext, attention: QColor
) -> QListWidgetItem:
    """The navigator's entry for one stage: “3  Requests   ✓ 6”, its hint as the tooltip."""
    from workshop_app.ui.widgets.navigator import BADGE_GAP

    stage = stage_class(key)
    title = stage.title_for(workshop)
    progress = stage.navigator_progress(workshop, context)
    symbol = _STATE_SYMBOL[progress.state]
    badge = " ".join(part for part in (symbol, progress.badge) if part)
    item = QListWidgetItem(f"{stage_number(key)}  {title}" + (BADGE_GAP + badge if badge else ""))
    item.setToolTip(progress.hint)
    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}: {progress.hint}")
    if progress.state is ProgressState.ATTENTION:
        item.setForeground(attention)
    return item


def pick_company_goals(window: AppWindow) -> None:
    """Open the company goals to pick from, on the Goals stage where the picks land."""
    if window.session is None:
        return
    if getattr(window.current_stage(), "key", "") != "goals":
        window.go_to_stage("goals")
    pick = getattr(window.current_stage(), "pick_company_goals", None)
    if callable(pick):
        pick()


def _stage_list(body: QHBoxLayout, pages: QWidget) -> StageNavigator:
    """The stage list, made at the left of `pages` when a workshop first opens. Made last, it
    would come last in the Tab order: it goes before the pages, as it stands on screen."""
    from workshop_app.ui.widgets.navigator import StageNavigator

    navigator = StageNavigator()
    body.insertWidget(0, navigator)
    QWidget.setTabOrder(navigator, pages)
    return navigator


class MainWindow(AppWindow):
    def __init__(
        self, library: Library | LibraryOpening, settings: QSettings | None = None
    ) -> None:
        super().__init__()
        #: The database; while it is still opening (start-up), the window already works from a
        #: look at the file and waits for it only when an action needs it (ui/opening.py).
        self.opening = (
            library if isinstance(library, LibraryOpening) else LibraryOpening.opened(library, self)
        )
        self.opening.finished.connect(self._on_library_opened)
        self.opening.settled.connect(self._import_stages_when_idle)
        self.opening.damage_found.connect(self._show_damage)
        self._resume_id: str | None = None
        self._untouched: tuple[str | None, str] | None = None  # the library as resume() left it
        self.settings = settings or QSettings()
        self.exports = ExportRecord(self.settings, self)
        self.exports.saved.connect(self._on_exported)
        self.stage_context = StageContext(self.settings, self.exports)
        self.session: WorkshopSession | None = None
        self.sessions: dict[str, WorkshopSession] = {}
        self.room = RoomHost(self)  # "Invite the room" (ui/room/)
        self.watching = Watching(self)  # other facilitators' changes (ui/watching.py)
        self.undo_group = QUndoGroup(self)
        self.setWindowTitle("Workshop App")
        self.setMinimumSize(1024, 640)
        self.resize(1366, 768)

        # Containers first, then what they hold: with the style sheet, every widget moved to a
        # new parent is styled again with all it holds (the library page was, four times).
        central = QWidget()
        self.setCentralWidget(central)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self._build_header(outer)
        self._outer = outer  # the read-only banner goes under the header when first needed
        body = QHBoxLayout()
        body.setSpacing(0)
        outer.addLayout(body, 1)
        self._body = body
        self._navigator: StageNavigator | None = None  # made when a workshop first opens
        self.pages = Pages()
        self._page_area = scrolling(self.pages)
        body.addWidget(self._page_area, 1)
        # Built in place, as the stages (see stage()): adding it to the pages then moves nothing.
        self.library_page = LibraryPage(self.opening, self.settings, self.pages)
        self.library_page.attach_undo_group(self.undo_group)
        self.library_page.open_requested.connect(self.open_workshop)
        self.library_page.workshop_deleted.connect(self.forget_workshop)
        self.library_page.connect_requested.connect(self.connect_team_library)
        self.pages.addWidget(self.library_page)
        self._stages: dict[str, Stage] = {}  # built on first visit (see stage())

        self.actions_by_id = create_actions(self, _handlers(self), ACTIONS)
        self._build_menus()
        self.timer = AgendaTimer(self)
        self.timer.ticked.connect(self._show_timer)
        self.timer.overran.connect(self.show_problem)
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(1000)
        self.status_timer.timeout.connect(self._update_status)
        self.status_timer.start()
        self.apply_access()  # an open library's (one still opening: once it is open)
        self.show_library()

    @property
    def navigator(self) -> StageNavigator:
        """The stages of the open workshop, at the left: made when first needed, since the start
        screen shows none (a list widget is the first of its kind on the way to the window)."""
        if self._navigator is None:
            self._navigator = _stage_list(self._body, self._page_area)
            self._navigator.currentRowChanged.connect(self._on_navigator_row)
        return self._navigator

    @property
    def library(self) -> Library:
        return self.opening.library()

    def stage(self, key: str) -> Stage:
        """The stage page for key, built the first time it is needed."""
        stage = self._stages.get(key)
        if stage is None:
            # Parented from the start: a parentless widget would be a window for a moment, and
            # take the keyboard focus from this one.
            stage = stage_class(key)(self.pages)
            stage.set_context(self.stage_context)
            stage.stage_requested.connect(self.go_to_stage)
            stage.place_requested.connect(self.go_to_place)
            stage.workshop_requested.connect(
                lambda workshop_id, key=key: self._open_on_stage(workshop_id, key)
            )
            stage.status_message.connect(self.show_message)
            stage.set_session(self.session)
            self.pages.addWidget(stage)
            self._stages[key] = stage
        return stage

    @property
    def stages(self) -> list[Stage]:
        """Every stage page, in navigator order (building any not yet built)."""
        return [self.stage(key) for key in self.stage_keys]

    @property
    def stage_keys(self) -> tuple[str, ...]:
        """The stages of the open workshop, in navigator order (a follow-up has Review first)."""
        return stage_keys(self.session.workshop if self.session is not None else None)

    # -- start-up ----------------------------------------------------------------------------
    def resume(self, workshop_id: str) -> None:
        """Reopen the workshop of the last session, as soon as the database is open."""
        self._resume_id = workshop_id
        if not self.opening.is_finished():
            self.library_page.select(workshop_id)
        self._untouched = self._library_state()
        if self.opening.is_finished():
            self._on_library_opened()

    def _library_state(self) -> tuple[str | None, str]:
        return self.library_page.selected_id(), self.library_page.search.text()

    def _on_library_opened(self) -> None:
        error = self.opening.error
        if error is not None:
            self._cannot_open(error)
            return
        file_menu.report_open_warnings(self)
        self.apply_access()
        resume, self._resume_id = self._resume_id, None
        if self.session is not None:
            return  # already opened (it waited for the database)
        page = self.library_page
        was_waiting = page.stack.currentWidget() is page.opening_panel
        # Reopen the last workshop only if the facilitator has not started on something else.
        untouched = self._library_state() == self._untouched
        page.reload()
        if was_waiting and self.pages.currentWidget() is page:
            page.arrive()  # the search field or the first-run cards exist only now
        known = {s.id for s in page.summaries}
        if resume in known and untouched and self.pages.currentWidget() is page:
            self.open_workshop(resume)

    def _show_damage(self, problem: str) -> None:
        dialogs.database_check_result(self, problem).open()

    def _cannot_open(self, error: BaseException) -> None:
        """The database cannot be used: say why in the window, then close it."""
        self.library_page.opening_failed()
        if isinstance(error, UserError):
            message = error.message
        else:
            from workshop_app import crashlog

            log_path, _details = crashlog.record(type(error), error, error.__traceback__)
            message = "Something unexpected went wrong while opening the workshops." + (
                f" Details were written to {log_path}." if log_path else ""
            )
        file_menu.cannot_open(self, message)

    def _import_stages_when_idle(self) -> None:
        """Import the stage modules one per pass of the event loop, after start-up, so the first
        visit of each stage does not pay for it and the window never stalls for long."""
        waiting = list(STAGE_MODULES)

        def next_one() -> None:
            if waiting:
                stage_class(waiting.pop(0))
                QTimer.singleShot(0, next_one)

        QTimer.singleShot(0, next_one)

    # -- building --------------------------------------------------------------------------
    def _build_header(self, outer: QVBoxLayout) -> None:
        bar = QWidget()
        bar.setObjectName("headerBar")
        outer.addWidget(bar)  # before its labels are made: they are styled once, in place
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 12, 24, 12)
        row.setSpacing(16)
        self.header_title = OneLineLabel("headerTitle")
        row.addWidget(self.header_title)
        self.header_title.set_full_text("Workshop App")
        self.header_meta = OneLineLabel("headerMeta")
        row.addWidget(self.header_meta)
        row.addStretch(1)
        self.timer_label = IconLabel("timer")
        self.timer_label.setObjectName("timer")
        self.timer_label.setAccessibleName("Agenda timer")
        self.timer_label.hide()
        row.addWidget(self.timer_label)
        self.saved_label = IconLabel()
        self.saved_label.setObjectName("savedIndicator")
        self.saved_label.setAccessibleName("Save status")
        row.addWidget(self.saved_label)

    def _build_menus(self) -> None:
        names = ("File", "Edit", "View", "Go", "Workshop", "Help")
        menus = {name: self.menuBar().addMenu(f"&{name}") for name in names}
        self.history = History(self, self.undo_group)
        undo, redo = self.history.undo_action, self.history.redo_action
        menus["Edit"].addActions([undo, redo])
        self.actions_by_id[ActionId.UNDO] = undo
        self.actions_by_id[ActionId.REDO] = redo
        self.addActions([undo, redo])
        for spec in ACTIONS:
            menus[spec.menu].addAction(self.actions_by_id[spec.id])
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.addActions([self.actions_by_id[s.id] for s in ACTIONS if s.toolbar])
        toolbar.toggleViewAction().setEnabled(False)

    # -- workshops ---------------------------------------------------------------------------
    def open_workshop(self, workshop_id: str) -> None:
        self.flush_edits()
        self.room.end(unless=workshop_id)  # the room sees only the open workshop
        if self.session is not None and self.session.workshop_id != workshop_id:
            drafts.keep(self.pages, self.settings, self.session.workshop_id, clear=True)
        session = self.sessions.get(workshop_id)
        if session is None:
            from workshop_app.ui.session import WorkshopSession

            session = WorkshopSession(self.library, workshop_id, self)
            session.changed.connect(self._on_workshop_changed)
            session.failed.connect(self.show_problem)
            session.told.connect(self.show_notice)
            self.watching.attach(session)
            session.saved.connect(lambda _t: self._update_status())
            self.sessions[workshop_id] = session
            self.undo_group.addStack(session.undo_stack)
            file_menu.check_workshop(self, workshop_id)
        else:
            session.reload()
        self.session = session
        self.undo_group.setActiveStack(session.undo_stack)
        for stage in self._stages.values():
            stage.set_session(session)
        self.timer.set_agenda(session.workshop.agenda)
        self.settings.setValue("lastWorkshop", workshop_id)
        self._on_workshop_changed(session.workshop, EVERYTHING)
        self._update_enabled()
        keys = self.stage_keys
        last = str(self.settings.value(f"workshops/{workshop_id}/stage", keys[0]))
        self.go_to_stage(last if last in keys else keys[0])

    def _open_on_stage(self, workshop_id: str, key: str) -> None:
        self.open_workshop(workshop_id)
        self.go_to_stage(key)

    def _on_exported(self, workshop_id: str) -> None:
        if self.session is not None and self.session.workshop_id == workshop_id:
            self._fill_navigator(self.session.workshop)  # Export's tick

    def _on_workshop_changed(self, workshop: m.Workshop, _changes: Changes) -> None:
        self.timer.set_agenda(workshop.agenda)
        # A title can be any length: the label shows what fits, the rest in its tooltip.
        metrics = self.header_title.fontMetrics()
        flat_title = " ".join(workshop.title.split())
        self.header_title.set_full_text(flat_title)
        short_title = metrics.elidedText(flat_title, Qt.TextElideMode.ElideRight, 600)
        self.setWindowTitle(f"{short_title} — Workshop App")
        division = metrics.elidedText(
            " ".join(workshop.division.split()) or "No division yet",
            Qt.TextElideMode.ElideRight,
            260,
        )
        self.header_meta.set_full_text(
            f"{division} · revision {workshop.revision} · {workshop.status.label}"
        )
        self._fill_navigator(workshop)
        self._update_status()

    def _fill_navigator(self, workshop: m.Workshop) -> None:
        # The row of the stage on screen: signing off can add the review stage before it.
        keys = stage_keys(workshop)
        shown = self.current_stage()
        current = self.navigator.currentRow()
        if shown is not None and current >= 0:
            current = keys.index(shown.key) if shown.key in keys else -1
        self.navigator.blockSignals(True)
        self.navigator.clear()
        attention = self.palette().color(self.palette().ColorRole.Link)
        for key in keys:
            self.navigator.addItem(_navigator_item(key, workshop, self.stage_context, attention))
        self.navigator.setCurrentRow(current)
        self.navigator.blockSignals(False)

    def close_workshop_views(self) -> None:
        self.session = None
        for stage in self._stages.values():
            stage.set_session(None)
        memory.give_back()

    def forget_workshop(self, workshop_id: str) -> None:
        """A workshop was deleted in the library: drop its session and its undo history."""
        session = self.sessions.pop(workshop_id, None)
        if session is None:
            return
        self.room.end(only=workshop_id)
        if self.session is session:
            self.close_workshop_views()
            self.timer.set_agenda([])
            self.navigator.clear()
            self.header_title.set_full_text("Workshop App")
            self.header_meta.set_full_text("")
            self.setWindowTitle("Workshop App")
            self._update_enabled()
            self._update_status()
        self.undo_group.removeStack(session.undo_stack)
        session.deleteLater()

    # -- navigation (action handlers) --------------------------------------------------------
    def show_library(self) -> None:
        self.flush_edits()
        self.library_page.reload()
        self.pages.setCurrentWidget(self.library_page)
        if self._navigator is not None:
            self._navigator.setCurrentRow(-1)
        self.library_page.arrive()

    def go_to_stage(self, key: str) -> None:
        if self.session is None:
            return
        keys = self.stage_keys
        if key not in keys:
            self.show_message("Only a follow-up or a signed-off workshop has a review of results.")
            return
        index = keys.index(key)
        self.flush_edits()
        self.navigator.blockSignals(True)
        self.navigator.setCurrentRow(index)
        self.navigator.blockSignals(False)
        stage = self.stage(key)
        self.pages.setCurrentWidget(stage)
        self.settings.setValue(f"workshops/{self.session.workshop_id}/stage", key)
        stage.arrive()
        kept = drafts.bring_back(stage, self.settings, self.session.workshop_id)
        if kept:
            self.show_notice(
                f"Typed last time, not added yet: “{one_line(kept[0], 60)}” — Enter adds it"
            )
        memory.give_back()  # what building and refreshing the stage left behind

    def go_to_place(self, key: str, item_id: str, field: str) -> None:
        """Show a stage with one item in view and the cursor in the field that settles it."""
        self.go_to_stage(key)
        stage = self.current_stage()
        if stage is not None and item_id:
            stage.show_field(item_id, field)

    def current_stage(self) -> Stage | None:
        widget = self.pages.currentWidget()
        return widget if isinstance(widget, Stage) else None

    def _on_navigator_row(self, row: int) -> None:
        keys = self.stage_keys
        if 0 <= row < len(keys):
            self.go_to_stage(keys[row])

    def _step_stage(self, step: int) -> None:
        stage = self.current_stage()
        if stage is None:
            return
        keys = self.stage_keys
        index = (keys.index(stage.key) + step) % len(keys) if stage.key in keys else 0
        self.go_to_stage(keys[index])

    def next_stage(self) -> None:
        self._step_stage(1)

    def previous_stage(self) -> None:
        self._step_stage(-1)

    def new_workshop(self) -> None:
        self.show_library()
        self.library_page.new_workshop()

    def show_export(self) -> None:
        self.go_to_stage("export")

    def show_palette(self) -> None:
        dialogs.command_palette(self).open()

    def toggle_presentation(self) -> None:
        if self.session is not None:
            dialogs.presentation(self).show_for(self.session)

    def verify_summary_pdf(self) -> None:
        dialog = dialogs.verify_pdf_dialog(self)
        if dialog is not None:
            dialog.open()

    def check_database(self) -> None:
        from workshop_app.ui.database_check import check_database

        check_database(self)

    def show_backups(self) -> None:
        file_menu.show_backups(self)

    def import_workshop(self) -> None:
        file_menu.import_workshop(self)

    def hand_over(self) -> None:
        file_menu.hand_over(self)

    def connect_team_library(self) -> None:
        from workshop_app.ui import team_library  # its dialog: only when asked for

        team_library.connect_dialog(self).open()

    @property
    def read_only(self) -> bool:
        """A viewer's window: the library is open and this person may not change it."""
        return self.opening.is_viewer()

    @property
    def read_only_banner(self) -> ReadOnlyBanner:
        """The strip that tells a viewer, built when first needed (most windows never are)."""
        if self._banner is None:
            from workshop_app.ui.read_only import ReadOnlyBanner

            self._banner = ReadOnlyBanner()
            self._outer.insertWidget(1, self._banner)  # under the header
        return self._banner

    _banner: ReadOnlyBanner | None = None

    def apply_access(self) -> None:
        """Show what the connected person may do: a viewer gets the banner and no editing."""
        viewer = self.read_only
        if viewer or self._banner is not None:
            self.read_only_banner.setVisible(viewer)
        self.library_page.set_read_only(viewer)
        self._update_enabled()

    def show_message(self, message: str) -> None:
        """A stage's word on what it just did (an export, a reopened revision)."""
        self.statusBar().showMessage(message, 8_000)

    def show_problem(self, message: str) -> None:
        """A refused edit: say so calmly in the status bar, without a blocking dialog."""
        self.statusBar().showMessage(f"⚠ {message}", 10_000)

    def show_notice(self, message: str) -> None:
        """What an edit just did, kept in the status bar for a while (the counts wait)."""
        self._notice = message
        self.statusBar().showMessage(message, 8_000)

    _notice = ""

    # -- status ------------------------------------------------------------------------------
    def _show_timer(self, text: str, overtime: bool) -> None:
        self.timer_label.setVisible(bool(text))
        self.timer_label.setText(text)
        set_style_state(self.timer_label, "overtime", overtime)

    def _update_status(self) -> None:
        session = self.session
        if session is None:
            self.saved_label.setText("")
            return
        from workshop_app.ui import status_words  # with a workshop open, never at start

        ws = session.workshop
        text = status_words.summary(ws, session.last_saved)
        showing = self.statusBar().currentMessage()
        # A refusal (⚠) or what an edit just did stays until its time is up; then the counts.
        if not showing or not (showing.startswith("⚠") or showing == self._notice):
            self.statusBar().showMessage(text)
        self.saved_label.set_icon("lock" if ws.is_locked else None)
        self.saved_label.setText("Signed off" if ws.is_locked else "✓ Saved")

    def _update_enabled(self) -> None:
        has_workshop = self.session is not None
        viewer = self.read_only
        for spec in ACTIONS:
            allowed = (has_workshop or not spec.needs_workshop) and not (viewer and spec.edits)
            self.actions_by_id[spec.id].setEnabled(allowed)
        if has_workshop or self._navigator is not None:
            self.navigator.setEnabled(has_workshop)
            self.navigator.setVisible(has_workshop)  # no empty column on the start screen

    # -- saving and closing ------------------------------------------------------------------
    def flush_edits(self) -> None:
        stage = self.current_stage()
        if stage is not None:
            stage.flush_edits()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.room.end()
        self.watching.stop()  # no thread outlives the window
        self.flush_edits()
        if self.session is not None:
            drafts.keep(self.pages, self.settings, self.session.workshop_id)
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)


def _handlers(window: MainWindow) -> dict[ActionId, Handler]:
    """What each command in actions.py does in `window`."""
    handlers: dict[ActionId, Handler] = {
        ActionId.LIBRARY: window.show_library,
        ActionId.NEW: window.new_workshop,
        ActionId.EXPORT: window.show_export,
        ActionId.VERIFY: window.verify_summary_pdf,
        ActionId.CHECK_DATABASE: window.check_database,
        ActionId.IMPORT: window.import_workshop,
        ActionId.EXPORT_JSON: lambda: file_menu.export_json(window),
        ActionId.HANDOVER: window.hand_over,
        ActionId.BACKUPS: window.show_backups,
        ActionId.CONNECT: window.connect_team_library,
        ActionId.COMPANY_GOALS: window.library_page.manage_company_goals,
        ActionId.QUIT: window.close,
        ActionId.PALETTE: window.show_palette,
        ActionId.PRESENTATION: window.toggle_presentation,
        ActionId.WALL: lambda: dialogs.stage_wall(window).show_on_wall(),
        ActionId.NEXT_STAGE: window.next_stage,
        ActionId.PREVIOUS_STAGE: window.previous_stage,
        ActionId.BIGGER: lambda: dialogs.change_font_scale(window, 1.1),
        ActionId.SMALLER: lambda: dialogs.change_font_scale(window, 1 / 1.1),
        ActionId.SETTINGS: lambda: dialogs.settings_dialog(window).open(),
        ActionId.TIMER: lambda: window.timer.toggle(),  # noqa: PLW0108 (built later)
        ActionId.NEXT_AGENDA: lambda: window.timer.next_item(),  # noqa: PLW0108
        ActionId.INVITE_ROOM: lambda: window.room.show(window.session),
        ActionId.PICK_COMPANY_GOALS: lambda: pick_company_goals(window),
        ActionId.SHORTCUTS: lambda: dialogs.shortcuts_dialog(window).open(),
        ActionId.ABOUT: lambda: dialogs.about_dialog(window).open(),
    }
    for key in (*EXTRA_STAGE_MODULES, *STAGE_KEYS):
        handlers[stage_action(key)] = partial(window.go_to_stage, key)
    return handlers
