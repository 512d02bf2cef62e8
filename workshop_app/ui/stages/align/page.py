"""Align & prioritise: which goals each need serves, and what comes first.

Alignment: a need × goal matrix (needs down, goals across with their weights). Arrow keys move,
0–3 set a link's strength, Space or a click steps it; each row ends in its alignment score, and
selecting a row says in words why it scored what it did. A need whose alignment is unclear is
marked amber and must be discussed ("Discussed — proceed to decide") before deciding.

Priority: the framework (weighted, WSJF, RICE), the ranking with every part of each score, the
ratings of the selected need, and a value/effort chart with its four quadrants.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.core.scoring import priority
from workshop_app.ui.stages.align.chart import ChartPage
from workshop_app.ui.stages.align.explain import WhyCard, text_label
from workshop_app.ui.stages.align.logic import (
    FRAMEWORK_HINTS,
    is_linked,
    needs_attention,
    next_strength,
    unacknowledged,
)
from workshop_app.ui.stages.align.matrix import AlignmentModel, MatrixView
from workshop_app.ui.stages.align.priority import (
    PriorityModel,
    RatingsPanel,
    lay_out_ranking,
    make_ranking_view,
)
from workshop_app.ui.stages.align.robustness import RobustnessPanel
from workshop_app.ui.stages.base import Progress, ProgressState, Stage, stage_header
from workshop_app.ui.widgets.capped_scroll import CappedScroll
from workshop_app.ui.widgets.common import empty_state
from workshop_app.ui.widgets.text import plural
from workshop_app.ui.widgets.wrap_label import WrapLabel

ALIGNMENT_TAB, PRIORITY_TAB, CHART_TAB = 0, 1, 2
#: Below this many lines of text in height, the matrix gets the room the extras took.
ROOMY_LINES = 30


class AlignStage(Stage):
    key = "align"
    title = "Align"
    shows = frozenset({Kind.WORKSHOP, Kind.GOAL, Kind.REQUEST, Kind.NEED, Kind.LINK})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.need_id = ""
        self._shape: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
        self._ranking_shape: tuple[str, ...] = ()
        self._updating = False
        self._priority_stale = False
        self._roomy: bool | None = None  # None: not measured yet
        root = QVBoxLayout(self)
        root.setContentsMargins(32, 24, 32, 24)
        root.setSpacing(12)
        header = stage_header(
            "Align & prioritise",
            "Which goals does each need serve, and how strongly? Then: what comes first?",
        )
        self.subtitle = header.findChild(QLabel, "stageSubtitle")
        root.addWidget(header)
        self.notice = text_label("hint")
        self.notice.hide()
        root.addWidget(self.notice)
        self.empty = empty_state(
            "No needs yet. Find the need behind each request first (Ctrl+4); "
            "then link each need to the goals it serves here."
        )
        root.addWidget(self.empty, 1)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Alignment and priority")
        self.tabs.addTab(self._build_alignment(), "&Alignment")
        self.tabs.addTab(self._build_priority(), "&Priority")
        self.tabs.addTab(self._build_chart(), "Value / effort &chart")
        self.robustness = RobustnessPanel(self.tabs)  # its toggle sits in the tab bar's corner
        # Below the tabs, as on the other stages: beside them it pushed the tabs into scrolling
        # once the text was larger.
        self.keys_hint = WrapLabel(name="muted")
        self._show_keys(ALIGNMENT_TAB)
        self.tabs.currentChanged.connect(self._on_tab)
        root.addWidget(self.tabs, 1)
        root.addWidget(self.keys_hint)
        self.focus_widget = self.matrix

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height(event.size().height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size changed: so do the lines
            self._roomy = None
            self._fit_height(self.height())

    def _fit_height(self, height: int) -> None:
        """On a short window (for the text size) the matrix comes first: goal titles and needs
        take two lines rather than three, the line of guidance under the title and the key hint
        step aside (they stay the title's and the matrix's tooltips)."""
        roomy = height >= ROOMY_LINES * self.fontMetrics().lineSpacing()
        if roomy == self._roomy:
            return
        self._roomy = roomy
        self.keys_hint.setVisible(roomy and bool(self.tabs.isVisibleTo(self)))
        if self.subtitle is not None:
            self.subtitle.setVisible(roomy)
        self.matrix.set_title_lines(3 if roomy else 2)
        self._show_keys(self.tabs.currentIndex())

    # -- building --------------------------------------------------------------------------
    def _build_alignment(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 12, 0, 0)
        column.setSpacing(8)
        self.matrix_model = AlignmentModel(self)
        self.matrix = MatrixView(self.matrix_model)
        self.matrix.strength_requested.connect(self._on_strength)
        self.matrix.acknowledge_requested.connect(self._on_acknowledge_row)
        self.matrix.selectionModel().currentChanged.connect(self._on_matrix_current)
        column.addWidget(self.matrix, 1)

        self.why_card = WhyCard()
        self.why_card.acknowledged.connect(lambda value: self.acknowledge(self.need_id, value))
        self.why_card.discussed.connect(lambda note: self.record_discussion(self.need_id, note))
        self.why_card.company_note_edited.connect(self.matrix.setFocus)
        self.why_title, self.why_lines, self.why_flags = (
            self.why_card.title,
            self.why_card.lines,
            self.why_card.flags,
        )
        self.ack_button, self.reopen_button = self.why_card.ack_button, self.why_card.reopen_button
        # Whole when there is room; on a short window it scrolls and the matrix keeps the height.
        self.why_scroll = CappedScroll(self.why_card, share=0.33)
        column.addWidget(self.why_scroll, 0)
        return page

    def _build_priority(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 12, 0, 0)
        column.setSpacing(12)
        choose = QHBoxLayout()
        choose.setSpacing(16)
        caption = QLabel("Prioritise with")
        caption.setObjectName("fieldLabel")
        choose.addWidget(caption)
        self.framework_group = QButtonGroup(self)
        self.framework_buttons: dict[m.Framework, QRadioButton] = {}
        for number, framework in enumerate(m.Framework):
            button = QRadioButton(framework.label)
            button.setObjectName("choiceRadio")
            button.setAccessibleName(f"Prioritise with {framework.label}")
            self.framework_group.addButton(button, number)
            self.framework_buttons[framework] = button
            choose.addWidget(button)
        self.framework_group.idClicked.connect(
            lambda number: self.set_framework(list(m.Framework)[number])
        )
        self.framework_hint = text_label("muted")
        choose.addWidget(self.framework_hint, 1)
        column.addLayout(choose)

        self.ranking_model = PriorityModel(self)
        self.ranking = make_ranking_view(self.ranking_model)
        self.ranking.selectionModel().currentRowChanged.connect(self._on_ranking_current)
        self.ranking.activated.connect(self._focus_ratings)
        column.addWidget(self.ranking, 1)
        self.ratings = RatingsPanel()
        column.addWidget(self.ratings)
        return page

    def _build_chart(self) -> QWidget:
        self.chart_page = ChartPage()
        self.chart_page.need_chosen.connect(self.select_need)
        self.chart, self.legend = self.chart_page.chart, self.chart_page.legend
        self.quadrant_hint = self.chart_page.quadrant_hint
        return self.chart_page

    # -- the workshop as it is now ---------------------------------------------------------------
    def refresh(self, workshop: m.Workshop) -> None:
        has_needs = bool(workshop.needs)
        self.empty.setVisible(not has_needs)
        self.tabs.setVisible(has_needs)
        self.keys_hint.setVisible(has_needs and self._roomy is not False)
        if not workshop.goals and has_needs:
            self.notice.setText(
                "⚠ No strategic goals yet, so every need's alignment is unclear. "
                "Record the company's and the division's goals first (Ctrl+2)."
            )
        self.notice.setVisible(not workshop.goals and has_needs)
        self.robustness.show_workshop(workshop)
        if not has_needs:
            self.need_id = ""
            return
        if workshop.need(self.need_id) is None:
            self.need_id = workshop.needs[0].id
        self._updating = True
        try:
            self._refresh_matrix(workshop)
            # The ranking and chart are costly to lay out for hundreds of needs: refresh them
            # only while one of their tabs is showing, and catch up when the tab is opened.
            self._priority_stale = self.tabs.currentIndex() == ALIGNMENT_TAB
            if not self._priority_stale:
                self._refresh_priority(workshop)
        finally:
            self._updating = False
        self._show_need(workshop)

    def _refresh_matrix(self, workshop: m.Workshop) -> None:
        current = self.matrix.currentIndex()
        goal = self.matrix_model.goal_column(current.column()) if current.isValid() else None
        goal_id = goal.id if goal is not None else ""
        column = current.column() if current.isValid() else 1
        shape = (tuple(n.id for n in workshop.needs), tuple(g.id for g in workshop.goals))
        self.matrix_model.set_workshop(workshop)
        if shape != self._shape:
            self._shape = shape
            # The columns take their widths, then the rows are measured at them.
            self.matrix.lay_out_columns()
        else:
            self.matrix.fit_rows()  # what rows show may have changed
        row = self.matrix_model.row_of(self.need_id)
        if goal_id:
            column = self.matrix_model.column_of(goal_id)
        column = max(0, min(column, self.matrix_model.columnCount() - 1))
        index = self.matrix_model.index(row, column)
        if index != self.matrix.currentIndex():
            self.matrix.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self.matrix.scrollTo(index)

    def _refresh_priority(self, workshop: m.Workshop) -> None:
        self.ranking_model.set_workshop(workshop)
        shape = tuple(self.ranking_model.part_names)
        if shape != self._ranking_shape:
            self._ranking_shape = shape
            lay_out_ranking(self.ranking, self.ranking_model)
        self._select_ranking_row()
        for framework, button in self.framework_buttons.items():
            button.setChecked(framework is workshop.framework)
            button.setEnabled(not workshop.is_locked)
        self.framework_hint.setText(priority(workshop, workshop.needs[0]).formula)
        self.framework_hint.setToolTip(FRAMEWORK_HINTS[workshop.framework])
        self.chart_page.show_workshop(workshop, self.need_id)

    def _select_ranking_row(self) -> None:
        row = self.ranking_model.row_of(self.need_id)
        index = self.ranking_model.index(row, 1)
        if row >= 0 and self.ranking.currentIndex().row() != row:
            self.ranking.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _show_need(self, workshop: m.Workshop) -> None:
        """The explanation, the acknowledgement and the ratings for the selected need."""
        need = workshop.need(self.need_id)
        if need is None:
            return
        self.why_card.session = self.session
        self.why_card.show_need(workshop, need)
        self.ratings.setEnabled(True)
        if self.ratings.need_id != need.id:
            assert self.session is not None
            self.ratings.bind(self.session, need.id)
        self.ratings.show_need(workshop, need)
        self.chart_page.show_need(workshop, need)
        self._fix_tab_order()

    def _fix_tab_order(self) -> None:
        card = self.why_card
        chain = [
            self.matrix,
            self.ack_button,
            card.note,
            card.record_button,
            self.reopen_button,
            card.company_note,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        priority_chain = [
            *self.framework_buttons.values(),
            self.ranking,
            *self.ratings.focus_chain(),
        ]
        for first, second in itertools.pairwise(priority_chain):
            QWidget.setTabOrder(first, second)

    # -- reacting to the facilitator -------------------------------------------------------------
    def _on_matrix_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._updating or self.session is None or not current.isValid():
            return
        need = self.matrix_model.needs[current.row()] if current.row() >= 0 else None
        if need is not None and need.id != self.need_id:
            self.ratings.flush_pending()
            self.need_id = need.id
            self._select_ranking_row()
            self._show_need(self.session.workshop)

    def _on_ranking_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._updating or self.session is None or not current.isValid():
            return
        need = self.ranking_model.rows[current.row()][0]
        if need.id != self.need_id:
            self.select_need(need.id)

    def _focus_ratings(self) -> None:
        """Enter on a ranked need: on to its ratings."""
        self.ratings.urgency.setFocus()
        self.ratings.urgency.selectAll()

    def _show_keys(self, tab: int) -> None:
        self.keys_hint.setText(
            {
                ALIGNMENT_TAB: "Arrows move · 0–3 set strength · Space steps · A: discussed",
                PRIORITY_TAB: "Type a rating, Enter · ↑↓ step it",
                CHART_TAB: "Click a dot or pick a need from the list",
            }[tab]
        )
        self.matrix.setToolTip("" if self._roomy is not False else self.keys_hint.text())

    def _on_tab(self, index: int) -> None:
        self._show_keys(index)
        if self.session is None:
            return
        if index != ALIGNMENT_TAB and self._priority_stale and self.session.workshop.needs:
            self._updating = True
            try:
                self._refresh_priority(self.session.workshop)
            finally:
                self._updating = False
            self._priority_stale = False
        {ALIGNMENT_TAB: self.matrix, PRIORITY_TAB: self.ranking}.get(index, self.legend).setFocus()

    def _on_strength(self, row: int, column: int, points: int) -> None:
        if self.session is None or self.session.locked:
            return
        goal = self.matrix_model.goal_column(column)
        if goal is None or not 0 <= row < len(self.matrix_model.needs):
            return
        need = self.matrix_model.needs[row]
        before = self.session.workshop.strength(need.id, goal.id)
        after = next_strength(before) if points < 0 else m.Strength.from_points(points)
        self.need_id = need.id
        self.session.set_strength(need.id, goal.id, after)

    def _on_acknowledge_row(self, row: int) -> None:
        if 0 <= row < len(self.matrix_model.needs):
            need = self.matrix_model.needs[row]
            if self.session is not None and needs_attention(self.session.workshop, need):
                if need.id != self.need_id:
                    self.select_need(need.id)
                self.why_card.start_note()  # "discussed" takes a note of what was agreed

    # -- public actions ----------------------------------------------------------------------
    def acknowledge(self, need_id: str, discussed: bool = True) -> None:
        """Reopen the discussion of an unclear alignment (discussed=False), or record it as
        discussed without a note (the command line asks for one; see `record_discussion`)."""
        if self.session is None or self.session.locked or not need_id:
            return
        if discussed:
            self.session.edit(Kind.NEED, need_id, "alignment_acknowledged", True)
            return
        with self.session.macro("Reopen the discussion"):
            self.session.edit(Kind.NEED, need_id, "alignment_acknowledged", False)
            self.session.edit(Kind.NEED, need_id, "alignment_note", "")

    def record_discussion(self, need_id: str, note: str) -> None:
        """The room discussed an unclear alignment and agreed this: one undoable step."""
        if self.session is None or self.session.locked or not need_id or not note.strip():
            return
        with self.session.macro("Discussed"):
            self.session.edit(Kind.NEED, need_id, "alignment_note", note.strip())
            self.session.edit(Kind.NEED, need_id, "alignment_acknowledged", True)
        self.matrix.setFocus()

    def set_framework(self, framework: m.Framework) -> None:
        if self.session is None or self.session.locked:
            return
        self.session.edit(Kind.WORKSHOP, self.session.workshop.id, "framework", framework)

    def select_need(self, need_id: str) -> bool:
        """Show this need in the matrix, the ranking and the chart."""
        if self.session is None or self.session.workshop.need(need_id) is None:
            return True
        self.ratings.flush_pending()
        self.need_id = need_id
        self._updating = True
        try:
            row = self.matrix_model.row_of(need_id)
            column = max(self.matrix.currentIndex().column(), 0)
            self.matrix.selectionModel().setCurrentIndex(
                self.matrix_model.index(row, column),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
            self._select_ranking_row()
        finally:
            self._updating = False
        self._show_need(self.session.workshop)
        return True

    def wall_view(self) -> tuple[str, str]:
        """What the wall shows of this stage (ui/wall/window.py): the open view ("alignment",
        "priority" or "chart") and the need selected."""
        views = {ALIGNMENT_TAB: "alignment", PRIORITY_TAB: "priority", CHART_TAB: "chart"}
        return views.get(self.tabs.currentIndex(), "alignment"), self.need_id

    def arrive(self) -> None:
        if self.tabs.currentIndex() != ALIGNMENT_TAB:
            self._on_tab(self.tabs.currentIndex())
        else:
            if not self.matrix.currentIndex().isValid() and self.matrix_model.rowCount():
                self.matrix.setCurrentIndex(self.matrix_model.index(0, 1))
            self.matrix.setFocus()

    @staticmethod
    def progress(workshop: m.Workshop) -> Progress:
        total = len(workshop.needs)
        if not total:
            return Progress(ProgressState.EMPTY, "", "No needs to align yet")
        pending = len(unacknowledged(workshop))
        if pending:
            return Progress(
                ProgressState.ATTENTION,
                str(pending),
                f"{plural(pending, 'need')} with alignment unclear, not yet discussed",
            )
        linked = sum(1 for need in workshop.needs if is_linked(workshop, need))
        if linked == total:
            return Progress(ProgressState.DONE, "", "Every need is linked to the goals it serves")
        hint = f"{linked} of {plural(total, 'need')} linked"
        return Progress(ProgressState.PARTIAL, f"{linked}/{total}", hint)
