"""The portfolio: every request across workshops and divisions, side by side.

Need, alignment, priority and decision for each, and for a commitment its latest result against
the target, sortable by any column, filtered by words, division, decision, unclear alignment and
commitments. Selecting a row tells its whole story below the table;
Enter or a double-click opens its workshop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.ui.library.capacity_panel import CapacityPanel
from workshop_app.ui.library.models import PortfolioModel, nice_date
from workshop_app.ui.library.portfolio_filter import UNDECIDED, PortfolioFilter
from workshop_app.ui.library.table import SearchKeys, make_row_table, on_open
from workshop_app.ui.opening import LibraryOpening
from workshop_app.ui.widgets.common import empty_state
from workshop_app.ui.widgets.text import one_line, plural, wrappable
from workshop_app.ui.widgets.wrap_label import WrapLabel
from workshop_app.ui.widgets.wrap_row import WrapRow

if TYPE_CHECKING:
    from workshop_app.core.portfolio import PortfolioRow, SharedNeed

#: How many groups of shared needs the line above the table names before "and N more".
SHARED_SHOWN = 3


def shared_text(groups: list[SharedNeed]) -> str:
    """The groups of shared needs in words, for the line above the table (plain text)."""
    if not groups:
        return ""
    lines = [f"Same need, other divisions: {g.sentence()} {g.goal_words()}" for g in groups]
    more = len(groups) - SHARED_SHOWN
    shown = lines[:SHARED_SHOWN] + ([f"…and {plural(more, 'more group')}."] if more > 0 else [])
    return wrappable("\n".join(shown), limit=None, run=40)


def shared_for(row: PortfolioRow, groups: list[SharedNeed]) -> str:
    """For the selected request: which other divisions need the same, in one line ("")."""
    from workshop_app.core.portfolio import shared_for_request

    found = shared_for_request(groups, row.workshop_id, row.request_id)
    if found is None:
        return ""
    group, members = found
    others = [f"{one_line(g.division, 40)} (“{one_line(g.statement, 80)}”)" for g in members]
    them = "both" if len(group.divisions) == 2 else "them all"
    return f"Same need, other divisions: {', '.join(others)} — one solution may serve {them}."


def story(row: PortfolioRow, groups: list[SharedNeed] | None = None) -> str:
    """The selected request in words, for the detail line under the table (plain text)."""
    who = f" — {one_line(row.requested_by, 80)}" if row.requested_by.strip() else ""
    lines = [f"“{one_line(row.request, 200)}”{who}"]
    if row.origin is m.Origin.IT:
        lines[0] += " — one of IT's own ideas"
    if row.needs:
        needs = " · ".join(one_line(n, 160) or "(not worded yet)" for n in row.needs)
        lens = f" ({row.lens_words})" if row.lens_words else ""
        lines.append(f"Need: {needs}{lens}")
    else:
        lines.append("Need: not found yet — the Needs stage asks why it matters.")
    where = [one_line(row.division, 60) or "No division", one_line(row.workshop_title, 80)]
    if row.date:
        where.append(nice_date(row.date))
    facts = []
    if row.alignment is not None:
        facts.append(
            f"alignment {row.alignment} of 100" + (" (unclear)" if row.alignment_unclear else "")
        )
    if row.priority is not None:
        own = ""
        if row.own_framework is not None and row.own_priority is not None:
            own = f"; {row.own_priority:g} by its workshop's own {row.own_framework.label}"
        facts.append(f"priority {row.priority:g} ({row.framework.label}{own})")
    decided = (
        f"decision: {row.decision.label}"
        + (f" — {one_line(row.rationale, 160)}" if row.rationale.strip() else "")
        if row.decision is not None
        else "not decided yet"
    )
    facts.append(decided)
    lines.append(" · ".join(where) + " — " + ", ".join(facts))
    if row.trend is not None:
        lines.append(f"Result: {one_line(row.result, 200)} — {row.trend.label.lower()}")
    same = shared_for(row, groups or [])
    if same:
        lines.append(same)
    return wrappable("\n".join(lines), limit=None, run=40)


def _shared_label() -> WrapLabel:
    """The line above the table naming needs that several divisions share; hidden if none."""
    label = WrapLabel(name="portfolioShared")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAccessibleName("Needs that several divisions share")
    label.setVisible(False)
    return label


def _detail_label() -> WrapLabel:
    """The selected request in full, under the table."""
    label = WrapLabel(name="portfolioDetail")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName("The selected request in full")
    return label


def _compared_label() -> WrapLabel:
    """The one line that says under which period's framework the priorities are compared."""
    label = WrapLabel(name="muted")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName("How the portfolio compares priorities")
    label.setVisible(False)
    return label


class PortfolioView(QWidget):
    open_requested = Signal(str)

    def __init__(self, opening: LibraryOpening, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opening = opening
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 16, 0, 0)
        layout.setSpacing(12)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search requests, needs, divisions and workshops…")
        self.search.setAccessibleName("Search the portfolio")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._apply_filters())
        self.division = QComboBox()
        self.division.setAccessibleName("Show requests of division")
        self.division.setMinimumContentsLength(8)
        self.division.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.division.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.decision = QComboBox()
        self.decision.setAccessibleName("Show requests with decision")
        self.decision.addItem("All decisions", None)
        self.decision.addItem("Not decided", UNDECIDED)
        for kind in m.DecisionKind:
            self.decision.addItem(kind.label, kind.value)
        self.decision.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.lens = QComboBox()
        self.lens.setAccessibleName("Show requests whose needs have the lens")
        self.lens.setToolTip(
            "Customer-facing needs are the CTO's side too; internal ones the CIO's. "
            "Needs that are both show under either."
        )
        self.lens.addItem("Any lens", None)
        for lens in m.Lens:
            self.lens.addItem(lens.label if lens is not m.Lens.BOTH else "Both sides", lens.value)
        self.lens.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.unclear = QCheckBox("Alignment unclear only")
        self.unclear.setAccessibleName("Show only requests whose alignment is unclear")
        self.unclear.toggled.connect(self._apply_filters)
        self.commitments = QCheckBox("Commitments and results")
        self.commitments.setAccessibleName(
            "Show only commitments (proceed, reshape) with their latest results"
        )
        self.commitments.toggled.connect(self._apply_filters)
        self.capacity_button = self._build_capacity()
        filters = [self.division, self.decision, self.lens, self.unclear, self.commitments]
        self.filters = [self.search, *filters]  # hidden while cost and capacity shows
        filters.append(self.capacity_button)
        layout.addWidget(WrapRow(self.search, filters))

        self.count = WrapLabel(name="muted")
        self.count.setAccessibleName("How many requests are shown")
        layout.addWidget(self.count)
        self.compared = _compared_label()
        layout.addWidget(self.compared)
        self.workshops: list[m.Workshop] = []
        self.shared = _shared_label()
        layout.addWidget(self.shared)
        self.groups: list[SharedNeed] = []

        self.model = PortfolioModel()
        self.proxy = PortfolioFilter()
        self.table = make_row_table(self.model, "Every request across workshops", proxy=self.proxy)
        on_open(self.table, self.open_selected)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        SearchKeys(self.search, self.table, self.open_selected)
        self.empty = empty_state(
            "No requests anywhere yet.\n\nEvery request captured in any workshop appears here "
            "with its need, alignment, priority and decision, so divisions can be compared side "
            "by side."
        )
        self.no_match = empty_state("No request matches these filters.")
        self.stack = QStackedWidget()
        for widget in (self.table, self.empty, self.no_match, self.capacity):
            self.stack.addWidget(widget)
        layout.addWidget(self.stack, 1)

        self.detail = _detail_label()
        layout.addWidget(self.detail)
        self.loaded = False

    def _build_capacity(self) -> QPushButton:
        """The cost-and-capacity panel, and the button that shows it instead of the table."""
        self.capacity = CapacityPanel(self.opening)
        self.capacity.scoring_changed.connect(self._rescore)
        button = QPushButton("Cost and capacity")
        button.setCheckable(True)
        button.setAccessibleName("Show what the commitments need against the capacity")
        button.setToolTip(
            "What proceed and reshape need against a period's capacity, where the cut line "
            "falls, and what-if moves that never change a decision."
        )
        button.toggled.connect(lambda _c: self._apply_filters())
        button.toggled.connect(
            lambda checked: button.setText("Back to requests" if checked else "Cost and capacity")
        )
        return button

    # -- data --------------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.selected_row()
        key = (selected.workshop_id, selected.request_id) if selected else None
        from workshop_app.core.portfolio import shared_needs
        from workshop_app.storage.portfolio import latest_workshops

        workshops = latest_workshops(self.opening.library())
        self.workshops = workshops
        self.groups = shared_needs(workshops)
        self.capacity.reload(workshops)
        self.shared.setText(shared_text(self.groups))
        self.shared.setVisible(bool(self.groups))
        self.loaded = True
        self._rescore(key)

    def _rescore(self, key: tuple[str, str] | None = None) -> None:
        """The rows under the chosen period's scoring (core/comparable.py), said in one line."""
        from workshop_app.core.portfolio import workshop_rows

        if key is None:
            selected = self.selected_row()
            key = (selected.workshop_id, selected.request_id) if selected else None
        scoring = self.capacity.scoring()
        rows = [row for ws in self.workshops for row in workshop_rows(ws, scoring)]
        self.model.set_rows(rows)
        self._fill_divisions(rows)
        line = self.capacity.scoring_line()
        self.compared.setText(wrappable(line, limit=None, run=40))
        self._apply_filters()
        if key is not None:
            self.select(*key)

    def _fill_divisions(self, rows: list[PortfolioRow]) -> None:
        current = self.division.currentData()
        names = sorted({r.division for r in rows if r.division.strip()}, key=str.casefold)
        self.division.blockSignals(True)
        self.division.clear()
        self.division.addItem("All divisions", None)
        for name in names:
            self.division.addItem(one_line(name, 60), name)
            self.division.setItemData(self.division.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        self.division.setCurrentIndex(max(0, self.division.findData(current)))
        self.division.blockSignals(False)

    def _apply_filters(self, *_args: object) -> None:
        self.proxy.set_filters(
            self.search.text(),
            self.division.currentData(),
            self.decision.currentData(),
            self.unclear.isChecked(),
            None if self.lens.currentData() is None else m.Lens(self.lens.currentData()),
            self.commitments.isChecked(),
        )
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.shared.setVisible(bool(self.groups) and not self.capacity_button.isChecked())
        self.compared.setVisible(
            bool(self.compared.text()) and bool(total) and not self.capacity_button.isChecked()
        )
        if self.capacity_button.isChecked():
            self.stack.setCurrentWidget(self.capacity)
        elif not total:
            self.stack.setCurrentWidget(self.empty)
        elif not shown:
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.table)
        divisions = len({r.division for r in self.model.rows})
        workshops = len({r.workshop_id for r in self.model.rows})
        scope = f"from {plural(workshops, 'workshop')} and {plural(divisions, 'division')}"
        self.count.setText(
            f"{shown} of {plural(total, 'request')} {scope}"
            if shown != total
            else f"{plural(total, 'request')} {scope}"
        )
        capacity = self.capacity_button.isChecked()
        self.count.setVisible(bool(total) and not capacity)
        for widget in self.filters:  # they filter the requests, not the capacity
            widget.setVisible(not capacity)
        if shown and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._show_detail()

    # -- selection and opening ---------------------------------------------------------------
    def selected_row(self) -> PortfolioRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.row(rows[0].row()) if rows else None

    def select(self, workshop_id: str, request_id: str) -> None:
        for proxy_row in range(self.proxy.rowCount()):
            row = self.proxy.row(proxy_row)
            if row is not None and (row.workshop_id, row.request_id) == (workshop_id, request_id):
                self.table.selectRow(proxy_row)
                return

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.selected_row() if self.proxy.rowCount() else None
        self.detail.setText(story(row, self.groups) if row is not None else "")
        self.detail.setVisible(row is not None and not self.capacity_button.isChecked())

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_requested.emit(row.workshop_id)

    def arrive(self) -> None:
        if not self.loaded:
            self.reload()
        self.search.setFocus()
