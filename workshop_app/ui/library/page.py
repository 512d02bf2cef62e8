"""The workshops library: the start screen. Find, open and start workshops; see every request.

Three tabs. **Workshops**: search (titles, divisions, any request or need), filters (status,
division, date range), recently opened, and open / new (blank or from a template) / duplicate /
follow-up / delete. Deleting and duplicating are undoable on the library's own undo stack (Ctrl+Z
while the library is on screen, or the "Undo" bar), so nothing asks "are you sure?".
**Portfolio**: every request across workshops and divisions (see ui/library/portfolio_view.py).
**Roadmap**: every next step and due date across divisions on one timeline (roadmap_view.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import (
    QItemSelection,
    QRegularExpression,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QHideEvent,
    QRegularExpressionValidator,
    QShowEvent,
    QUndoGroup,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.errors import UserError
from workshop_app.core.terms import UNTITLED, Status
from workshop_app.storage.catalog import WorkshopSummary
from workshop_app.ui.library.commands import DeleteWorkshop, DuplicateWorkshop
from workshop_app.ui.library.models import (
    ID_ROLE,
    WorkshopLine,
    WorkshopsModel,
    workshop_lines,
)
from workshop_app.ui.library.offline_menu import OfflineMenu, offline_note
from workshop_app.ui.library.other_views import OtherViews
from workshop_app.ui.library.panels import (
    FirstRunPanel,
    NoMatchPanel,
    OpeningPanel,
    RecentChips,
    UndoBar,
    recent_ids,
    remember,
)
from workshop_app.ui.library.table import SearchAsTyped, SearchKeys, make_row_table, on_open
from workshop_app.ui.opening import LibraryOpening
from workshop_app.ui.stages.base import stage_header
from workshop_app.ui.widgets.common import on_delete_key
from workshop_app.ui.widgets.header_row import HeaderRow
from workshop_app.ui.widgets.sample_width import width_for_text
from workshop_app.ui.widgets.text import one_line, plural
from workshop_app.ui.widgets.wrap_label import WrapLabel
from workshop_app.ui.widgets.wrap_row import WrapRow

if TYPE_CHECKING:
    from workshop_app.storage.operations import Library
    from workshop_app.storage.templates import Template
    from workshop_app.ui.library.portfolio_view import PortfolioView
    from workshop_app.ui.library.roadmap_view import RoadmapView

#: Rows read for the first paint while the database opens: more than any screen shows.
FIRST_ROWS = 100
_DATE_PREFIX = QRegularExpression(r"^\d{0,4}(-\d{0,2}(-\d{0,2})?)?$")


def _date_bound(text: str) -> str | None:
    """'2026', '2026-09' or '2026-09-15' as a date bound; None while incomplete or empty."""
    return text if len(text) in (4, 7, 10) else None


def in_date_range(date: str, start: str | None, end: str | None) -> bool:
    """ISO dates compare as text; a bound may be a year or a month ('2026', '2026-09')."""
    if start is None and end is None:
        return True
    if not date:
        return False
    if start is not None and date[: len(start)] < start:
        return False
    return not (end is not None and date[: len(end)] > end)


def _filtered(
    lines: list[WorkshopLine],
    matches: set[str] | None,
    status: str | None,
    division: str | None,
    start: str | None,
    end: str | None,
) -> list[WorkshopLine]:
    """The lines the search (the ids it matched; None: all) and the filters keep."""
    dated = start is not None or end is not None
    if matches is None and status is None and division is None and not dated:
        return list(lines)  # the usual case after opening: 20,000 lines, nothing to ask each
    return [
        line
        for line in lines
        if (matches is None or line.summary.id in matches)
        and (status is None or line.summary.status.value == status)
        and (division is None or line.summary.division == division)
        and (not dated or in_date_range(line.summary.date, start, end))
    ]


class _Prepared(NamedTuple):
    lines: list[WorkshopLine]
    divisions: list[str]  # for the division filter, in the order it lists them


def _prepared_lines(summaries: list[WorkshopSummary]) -> _Prepared:
    """The lines the list shows and the divisions it filters by (plain Python: the opening's
    worker makes them from the list it reads)."""
    divisions = sorted({s.division for s in summaries if s.division.strip()}, key=str.casefold)
    return _Prepared(workshop_lines(summaries), divisions)


class LibraryPage(QWidget):
    open_requested = Signal(str)
    workshop_deleted = Signal(str)  # the window drops the open session of a deleted workshop
    connect_requested = Signal()  # the empty library's "Connect to a team library…"
    #: Whether this person may change the library (a viewer may not: set_read_only).
    writable = True

    def __init__(
        self,
        library: Library | LibraryOpening,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPage")
        self.opening = (
            library if isinstance(library, LibraryOpening) else LibraryOpening.opened(library, self)
        )
        self.opening.prepare = _prepared_lines  # on the worker, with the list it reads
        self.settings = settings
        self.summaries: list[WorkshopSummary] = []  # every workshop, most recently changed first
        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(
            lambda i: _undo_bar_follows(self.undo_bar, self.undo_stack, i)
        )
        self._group: QUndoGroup | None = None
        self._previous_stack: QUndoStack | None = None
        self._templates: list[Template] | None = None  # read when first shown

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        header = stage_header(
            "Workshops",
            "Open a workshop, start a new one, or compare every request across divisions.",
        )
        self.template_button = _button(
            "New from template",
            "Goals and an agenda ready to adapt",
            "New workshop from a template",
        )
        self.template_menu = QMenu(self.template_button)
        self.template_menu.aboutToShow.connect(self._fill_template_menu)
        self._template_actions: list[QAction] = []
        self.template_button.setMenu(self.template_menu)
        self.new_button = _button(
            "New workshop", "Start a blank workshop (Ctrl+N)", "New blank workshop"
        )
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_workshop)
        # On a small window with larger text the buttons go under the title, not squeeze it.
        buttons: list[QWidget] = [self.template_button, self.new_button]
        layout.addWidget(HeaderRow(header, buttons))

        self.problem = _problem_label()
        layout.addWidget(self.problem)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("libraryTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)
        self.tabs.setAccessibleName("Workshops or portfolio")
        # In place before it is filled: the style sheet styles again whatever moves to a new
        # parent, with all it holds (see MainWindow).
        layout.addWidget(self.tabs, 1)
        self._build_workshops_tab()
        self.views = OtherViews(self.tabs, self.opening, self._open, self.undo_stack)
        self.tabs.currentChanged.connect(self._on_tab)
        self.offline_menu = OfflineMenu(self)

    def manage_company_goals(self) -> QDialog:
        """Add, change and retire the company's goals (ui/company_goals.py); non-modal."""
        from workshop_app.ui.company_goals import CompanyGoalsDialog  # built when first asked

        dialog = CompanyGoalsDialog(self, self.library)
        dialog.open()
        return dialog

    @property
    def portfolio(self) -> PortfolioView:
        return self.views.portfolio

    @property
    def roadmap(self) -> RoadmapView:
        return self.views.roadmap

    def _build_workshops_tab(self) -> None:
        tab = QWidget()
        self.tabs.addTab(tab, "Workshops")
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 16, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self._build_filters())
        self.recent = RecentChips()
        self.recent.open_requested.connect(self._open)
        layout.addWidget(self.recent)
        layout.addWidget(self._build_list(), 1)
        self.undo_bar: UndoBar = UndoBar()
        self.undo_bar.button.clicked.connect(self.undo_stack.undo)
        self.undo_bar.hide()
        layout.addWidget(self.undo_bar)
        layout.addWidget(self._build_action_bar())

    def _build_filters(self) -> QWidget:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles, divisions, requests and needs…")
        self.search.setAccessibleName("Search workshops")
        self.search.setClearButtonEnabled(True)
        self.typed = SearchAsTyped(self.search, self._search, lambda: self.opening.path is None)
        self.status_filter = _filter_box("Show workshops with status")
        self.status_filter.addItem("All statuses", None)
        for status in Status:
            self.status_filter.addItem(status.label, status.value)
        self.status_filter.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.division_filter = _filter_box("Show workshops of division")
        self.division_filter.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.date_from = self._date_field("From date", "Workshops on or after this date")
        self.date_to = self._date_field("To date", "Workshops on or before this date")
        self.filter_bar = WrapRow(
            self.search, [self.status_filter, self.division_filter, self.date_from, self.date_to]
        )
        return self.filter_bar

    def _build_list(self) -> QWidget:
        """The table of workshops, or in its place the first run, no match, or opening."""
        # Shown as it is, with no proxy: the list is filtered as it is read, and sorted in Python.
        self.model = WorkshopsModel()
        last_changed = len(self.model.columns) - 1
        self.table = make_row_table(self.model, "Workshops", last_changed)
        on_open(self.table, self.open_selected)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        # A sort of the first rows only would mislead: read them all, sorted as asked.
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._read_all)
        SearchKeys(self.search, self.table, self.open_selected, self.typed)
        on_delete_key(self.table, self.delete_selected)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.first_run = FirstRunPanel()
        self.first_run.template_chosen.connect(self.new_from_template)
        self.first_run.blank_chosen.connect(self.new_workshop)
        self.first_run.connect_chosen.connect(self.connect_requested)
        self.stack.addWidget(self.first_run)
        self.no_match = NoMatchPanel()
        self.no_match.clear_button.clicked.connect(self.clear_filters)
        self.stack.addWidget(self.no_match)
        self.opening_panel = OpeningPanel()
        self.stack.addWidget(self.opening_panel)
        return self.stack

    def _build_action_bar(self) -> QWidget:
        self.open_button = _button("&Open", "Open the selected workshop (Enter)")
        self.open_button.clicked.connect(self.open_selected)
        self.duplicate_button = _button("Du&plicate", "Copy the selected workshop as a new draft")
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.follow_up_button = _button(
            "Start fo&llow-up",
            "A new workshop carrying over what was deferred or needed more information",
        )
        self.follow_up_button.clicked.connect(self.follow_up_selected)
        self.delete_button = _button(
            "&Delete", "Delete the selected workshop (Delete key; Ctrl+Z brings it back)"
        )
        self.delete_button.clicked.connect(self.delete_selected)
        # Takes what the buttons leave and wraps there, so it never widens the page; when that
        # is too little, it goes under the buttons.
        self.selection_note = WrapLabel(name="muted")
        self.selection_note.setTextFormat(Qt.TextFormat.PlainText)
        self.selection_note.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.selection_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.action_bar = HeaderRow(
            self.selection_note, list(self._selection_buttons()), buttons_first=True
        )
        return self.action_bar

    def _selection_buttons(self) -> tuple[QPushButton, ...]:
        """The buttons that act on the selected workshop."""
        return (self.open_button, self.duplicate_button, self.follow_up_button, self.delete_button)

    def _date_field(self, placeholder: str, accessible: str) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(accessible)
        field.setToolTip(f"{accessible}: a year (2026), a month (2026-09) or a day (2026-09-15)")
        field.setValidator(QRegularExpressionValidator(_DATE_PREFIX, field))
        field.setMaxLength(10)
        width_for_text(field, "2026-09-15", placeholder, extra=30, least=120)
        field.textChanged.connect(lambda _t: self._filters_changed())
        return field

    @property
    def library(self) -> Library:
        return self.opening.library()

    # -- templates, read when first needed ---------------------------------------------------
    @property
    def templates(self) -> list[Template]:
        if self._templates is None:
            from workshop_app.storage.templates import available_templates

            self._templates = available_templates()
        return self._templates

    @property
    def template_actions(self) -> list[QAction]:
        self._fill_template_menu()
        return self._template_actions

    def _fill_template_menu(self) -> None:
        if self._template_actions:
            return
        for template in self.templates:
            action = self.template_menu.addAction(template.title)
            action.setStatusTip(template.summary)
            action.setToolTip(template.summary)
            action.triggered.connect(lambda _c=False, t=template: self.new_from_template(t))
            self._template_actions.append(action)
        if not self._template_actions:
            self.template_menu.addAction("No templates are installed").setEnabled(False)

    def opening_again(self) -> None:
        """The database is opened again (after a restore)."""
        self.opening_panel.label.setText("Opening your workshops…")

    def opening_failed(self) -> None:
        """The database could not be opened (the window says why in a message)."""
        self.opening_panel.label.setText("Your workshops could not be opened.")

    # -- the undo stack follows the page -----------------------------------------------------
    def attach_undo_group(self, group: QUndoGroup) -> None:
        """Join the window's undo group: while the library shows, Ctrl+Z undoes library edits."""
        self._group = group
        group.addStack(self.undo_stack)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._group is not None and self._group.activeStack() is not self.undo_stack:
            self._previous_stack = self._group.activeStack()
            self.undo_stack.setActive(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        group = self._group
        if group is None or group.activeStack() is not self.undo_stack:
            return
        previous = self._previous_stack
        still_there = previous is not None and any(s is previous for s in group.stacks())
        group.setActiveStack(previous if still_there else None)  # type: ignore[arg-type]

    # -- reading -----------------------------------------------------------------------------
    def arrive(self) -> None:
        if self.views.arrive():
            return
        if not self.summaries and self.first_run.buttons:
            self.first_run.buttons[0].setFocus()  # nothing to search yet: start something
        else:
            self.search.setFocus()
            self.search.selectAll()

    def reload(self) -> None:
        """Read the library again (after opening, creating, deleting…), keeping the selection."""
        selected = self.selected_id()
        self.problem.hide()
        # From the file itself while the database opens (start-up): nothing waits for it. The
        # first paint needs only the rows on screen; the window reloads once it is open.
        first = FIRST_ROWS if self._lines is None and not self.opening.is_finished() else None
        summaries = self.opening.peek(first)
        if summaries is None or not self._find_matches():  # only the opening can tell
            self._wait_for_opening()
            return  # the window reloads this page once the database is open
        self._partial = first is not None and len(summaries) >= first
        self.summaries = summaries
        prepared = self.opening.prepared_for(summaries)
        self._lines, divisions = (
            prepared if isinstance(prepared, _Prepared) else _prepared_lines(summaries)
        )
        _fill_divisions(self.division_filter, divisions)
        self._fill_recent()
        self._apply_filters(selected)
        self.views.reload()

    _matches: set[str] | None = None
    _lines: list[WorkshopLine] | None = None  # the summaries' lines, read by the last reload
    _partial = False  # only the first rows were read (start-up): search, filter, sort read all

    def _search(self) -> None:
        """The search changed: ask the index which workshops match and filter the list already
        read, rather than read the whole library again at each keystroke."""
        if self._lines is None or self._partial or self.stack.currentWidget() is self.opening_panel:
            self.reload()
        elif self._find_matches():
            self._apply_filters()
        else:
            self._wait_for_opening()

    def _read_all(self) -> None:
        if self._partial:
            self.reload()

    def _filters_changed(self) -> None:
        if self._partial:
            self.reload()  # filters the whole library, and keeps it
        else:
            self._apply_filters()

    def _find_matches(self) -> bool:
        """Which workshops the search matches (all: None); False when only the opening can tell."""
        text = self.search.text().strip()
        matches = self.opening.peek_matching(text) if text else None
        if text and matches is None:
            return False
        self._matches = matches
        return True

    def _wait_for_opening(self) -> None:
        self.filter_bar.setVisible(bool(self.search.text().strip()))  # keep the search typed
        self.action_bar.hide()
        self.stack.setCurrentWidget(self.opening_panel)

    def _apply_filters(self, select_id: str | None = None) -> None:
        select_id = select_id or self.selected_id()
        status = self.status_filter.currentData()
        division = self.division_filter.currentData()
        start, end = _date_bound(self.date_from.text()), _date_bound(self.date_to.text())
        shown = _filtered(self._lines or [], self._matches, status, division, start, end)
        self.model.set_rows(shown)
        first_run = not self.summaries
        self.filter_bar.setVisible(not first_run)
        self.action_bar.setVisible(not first_run)
        if first_run:
            self.first_run.fill(self.templates)
            self.stack.setCurrentWidget(self.first_run)
        elif not shown:
            self.stack.setCurrentIndex(2)
            self.no_match.label.setText(self._no_match_text())
        else:
            self.stack.setCurrentIndex(0)
        if shown:
            self.select(select_id)
        self._on_selection()

    def _no_match_text(self) -> str:
        text = one_line(self.search.text().strip(), 60)
        if text:
            return f"No workshop matches “{text}” with these filters."
        return "No workshop matches these filters."

    def clear_filters(self) -> None:
        for field in (self.date_from, self.date_to):
            field.blockSignals(True)
            field.clear()
            field.blockSignals(False)
        for combo in (self.status_filter, self.division_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        if self.search.text():
            self.search.clear()  # reloads
        else:
            self._filters_changed()
        self.search.setFocus()

    def select(self, workshop_id: str | None) -> None:
        """Select a workshop's row (the first row when None or not shown)."""
        if not self.model.rowCount():
            return
        # In the model's plain rows: asking the view's data() row by row costs a call into
        # Python per row (seconds over 20,000 workshops).
        row = next(
            (n for n, line in enumerate(self.model.rows) if line.summary.id == workshop_id), 0
        )
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(ID_ROLE)) if rows else None

    def selected_line(self) -> WorkshopLine | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rows[rows[0].row()]

    def _on_selection(
        self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
    ) -> None:
        line = self.selected_line()
        for button in self._selection_buttons():
            button.setEnabled(line is not None and (button is self.open_button or self.writable))
        note = ""
        if line is not None and self.opening.is_finished():  # no waiting at start-up for this
            try:
                carried = self.library.carried_over(line.summary.id)
            except UserError:
                carried = 0
            if carried:
                carried_over = plural(carried, "commitment or open request")
                note = f"A follow-up would carry over {carried_over}."
            note = offline_note(self.library, line.summary.id) or note
        self.selection_note.setText(note)

    # -- recently opened ---------------------------------------------------------------------
    def recent_ids(self) -> list[str]:
        return recent_ids(self.settings)

    def _fill_recent(self) -> None:
        self.recent.fill(self.summaries, self.recent_ids())
        self.recent.chain_tabs(self.date_to, self.table)

    # -- actions -----------------------------------------------------------------------------
    def _open(self, workshop_id: str) -> None:
        remember(self.settings, workshop_id)
        self.open_requested.emit(workshop_id)

    def open_selected(self) -> None:
        workshop_id = self.selected_id()
        if workshop_id is not None:
            self._open(workshop_id)

    def _create(self, operation_text: str, create: object) -> None:
        assert callable(create)
        try:
            workshop_id = create()
        except UserError as exc:
            self.show_problem(f"{operation_text} failed: {exc.message}")
            return
        self._open(str(workshop_id))

    def set_read_only(self, read_only: bool) -> None:
        """A viewer's library: open, read and export; nothing that changes it."""
        self.writable = not read_only
        self.template_button.setVisible(self.writable)
        self.new_button.setVisible(self.writable)
        self.views.set_read_only(read_only)
        self._on_selection()

    def new_workshop(self) -> None:
        self._create("Creating the workshop", lambda: self.library.create_workshop(UNTITLED))

    def new_from_template(self, template: Template) -> None:
        from workshop_app.storage.templates import create_from_template

        self._create(
            f"Creating from “{template.title}”",
            lambda: create_from_template(self.library, template),
        )

    def follow_up_selected(self) -> None:
        from workshop_app.storage.portfolio import start_follow_up

        workshop_id = self.selected_id()
        if workshop_id is not None:
            self._create(
                "Starting the follow-up", lambda: start_follow_up(self.library, workshop_id)
            )

    def duplicate_selected(self) -> None:
        line = self.selected_line()
        if line is not None:
            self.undo_stack.push(DuplicateWorkshop(self, line.summary.id, line.summary.title))
            self.table.setFocus()

    def delete_selected(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        row = self.table.selectionModel().selectedRows()[0].row()
        self.undo_stack.push(DeleteWorkshop(self, line.summary.id, line.summary.title))
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
            self.table.setFocus()
        else:
            self.search.setFocus()

    # -- called by the library commands ------------------------------------------------------
    def after_change(self, select_id: str | None = None) -> None:
        self.reload()
        if select_id is not None:
            self.select(select_id)

    def forget(self, workshop_id: str) -> None:
        self.workshop_deleted.emit(workshop_id)

    def show_problem(self, message: str) -> None:
        self.problem.setText(f"⚠ {message}")
        self.problem.show()

    def _on_tab(self, index: int) -> None:
        view = self.views.on(self.tabs.widget(index))
        if view is not None:
            view.reload()
        self.arrive()


def _undo_bar_follows(bar: UndoBar, stack: QUndoStack, index: int) -> None:
    """The "Undo" bar offers to take back a deletion while it is the last thing done."""
    command = stack.command(index - 1) if index > 0 else None
    if isinstance(command, DeleteWorkshop) and command.workshop is not None:
        bar.show_deleted(one_line(command.workshop.title, 80))
    else:
        bar.hide()


def _button(text: str, tip: str, accessible: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible or text.replace("&", ""))
    button.setToolTip(tip)
    return button


def _problem_label() -> QLabel:
    """Where a problem with the library is said, in one sentence; hidden until there is one."""
    label = QLabel()
    label.setObjectName("attention")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def _fill_divisions(box: QComboBox, names: list[str]) -> None:
    """The division filter's choices: every division, keeping the one chosen if still there."""
    current = box.currentData()
    box.blockSignals(True)
    box.clear()
    box.addItem("All divisions", None)
    for name in names:
        box.addItem(one_line(name, 60), name)
    box.setCurrentIndex(max(0, box.findData(current)))
    box.blockSignals(False)


def _filter_box(accessible: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(accessible)
    box.setMinimumContentsLength(8)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box
