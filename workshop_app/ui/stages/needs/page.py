"""Needs: find the result behind each request.

Requests on the left (an amber dot marks those still without a need); on the right the selected
request in quotes, then the probing panel for its need: the why-ladder, the need itself, what
success looks like, who benefits, the cost of doing nothing, alternatives, whether the request
serves the need, and the lens. A prompt card in the corner offers the next good question.

A request can hide several needs (split: "+ Another need") and several requests can share one
need ("Same need as…"); each is one undoable action.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMenu,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.core.titles import need_title
from workshop_app.ui.stages.base import Progress, ProgressState, Stage, stage_header
from workshop_app.ui.stages.needs.logic import (
    has_need,
    is_blank,
    open_probe,
    requests_with_need,
)
from workshop_app.ui.stages.needs.parts import (
    ATTACH_KEYS,
    SPLIT_KEYS,
    NeedBar,
    RequestHeader,
    StartCard,
)
from workshop_app.ui.stages.needs.probe import ProbePanel
from workshop_app.ui.stages.needs.prompt_card import (
    NEXT_PROMPT_KEYS,
    PREVIOUS_PROMPT_KEYS,
    PromptCard,
)
from workshop_app.ui.stages.needs.request_list import ID_ROLE, RequestListModel, make_request_list
from workshop_app.ui.theme import text_scale
from workshop_app.ui.widgets.common import empty_state
from workshop_app.ui.widgets.labels import muted_label
from workshop_app.ui.widgets.text import plural
from workshop_app.ui.widgets.wrap_label import WrapLabel

#: Below this stage width (a 1024-pixel window) the list and the prompt card get narrower.
COMPACT_BELOW = 1000
NEXT_REQUEST_KEYS = "Alt+Down"
PREVIOUS_REQUEST_KEYS = "Alt+Up"


class NeedsStage(Stage):
    key = "needs"
    title = "Needs"
    shows = frozenset({Kind.WORKSHOP, Kind.REQUEST, Kind.NEED})
    shows_requests = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request_id = ""
        self._need_choice: dict[str, str] = {}  # request id -> the need shown for it
        self._updating = False

        root = QVBoxLayout(self)
        root.setContentsMargins(32, 24, 32, 24)
        root.setSpacing(16)
        root.addWidget(
            stage_header(
                "Why does it matter?",
                "Find the result behind each request: ask why, then say what success looks like.",
            )
        )
        self.pages = QStackedWidget()
        root.addWidget(self.pages, 1)
        self.no_requests = empty_state(
            "No requests yet. Capture what the division is asking for in Requests (Ctrl+3); "
            "the need behind each one is found here."
        )
        self.pages.addWidget(self.no_requests)
        body = QWidget()
        self.pages.addWidget(body)
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        row.addWidget(self._build_left())
        row.addWidget(self._build_right(), 1)
        self._build_shortcuts()
        self._compact: bool | None = None

    # -- building --------------------------------------------------------------------------
    def _build_left(self) -> QWidget:
        left = self.left = QWidget()
        left.setFixedWidth(280)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.count_label = WrapLabel(name="fieldLabel")
        column.addWidget(self.count_label)
        self.model = RequestListModel(self)
        self.request_list = make_request_list(self.model)
        self.request_list.selectionModel().currentChanged.connect(
            lambda current, _previous: self._on_current_request(current)
        )
        self.request_list.activated.connect(lambda _index: self.focus_next_thing())
        column.addWidget(self.request_list, 1)
        keys = muted_label("Alt+↓ / Alt+↑  next / previous request", wrap=True)
        column.addWidget(keys)
        return left

    def _build_right(self) -> QWidget:
        right = QWidget()
        column = self.right_column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        top = self.top_row = QHBoxLayout()
        top.setSpacing(24)
        self.header = RequestHeader()
        self.quote, self.phase_flag, self.shared_label = (
            self.header.quote,
            self.header.phase_flag,
            self.header.shared,
        )
        top.addWidget(self.header, 1, Qt.AlignmentFlag.AlignTop)
        self.prompt_card = PromptCard()
        column.addLayout(top)
        self._place_prompt_card(compact=False)

        self.attach_menu = QMenu(self)
        self.attach_menu.aboutToShow.connect(self._fill_attach_menu)
        self.need_bar = NeedBar(self.attach_menu)
        self.need_bar.need_chosen.connect(self._on_need_chosen)
        self.need_bar.split_button.clicked.connect(self.split)
        self.need_bar.remove_button.clicked.connect(self.remove_or_unlink)
        self.need_tabs = self.need_bar.tabs
        self.split_button = self.need_bar.split_button
        self.attach_button = self.need_bar.attach_button
        self.remove_button = self.need_bar.remove_button
        column.addWidget(self.need_bar)

        self.need_pages = QStackedWidget()
        column.addWidget(self.need_pages, 1)
        self.probe_scroll = QScrollArea()
        self.probe_scroll.setWidgetResizable(True)
        self.probe_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.probe_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.probe_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.panel = ProbePanel()
        self.panel.probe_entered.connect(self._on_probe_entered)
        self.panel.ladder.rows_changed.connect(self._fix_tab_order)
        self.probe_scroll.setWidget(self.panel)
        # A narrow panel (small window, larger text) puts each question above its field.
        self.probe_scroll.viewport().installEventFilter(self.panel)
        self.need_pages.addWidget(self.probe_scroll)
        self.start_card = StartCard(self.attach_menu)
        self.start_card.start_button.clicked.connect(self.create_need)
        self.start_button = self.start_card.start_button
        self.start_attach_button = self.start_card.attach_button
        self.need_pages.addWidget(self.start_card)
        return right

    def _build_shortcuts(self) -> None:
        bindings = (
            (NEXT_PROMPT_KEYS, self.prompt_card.next),
            (PREVIOUS_PROMPT_KEYS, self.prompt_card.previous),
            (NEXT_REQUEST_KEYS, lambda: self.step_request(1)),
            (PREVIOUS_REQUEST_KEYS, lambda: self.step_request(-1)),
            (SPLIT_KEYS, self.split),
            (ATTACH_KEYS, self.open_attach_menu),
        )
        for keys, handler in bindings:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(handler)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size changed: widths follow
            self._compact = None
            self._arrange(self.width())

    def _arrange(self, width: int) -> None:
        """Widths in pixels grow with the text size; the smallest windows (for that size) get a
        narrower list and the prompt card under the quote."""
        scale = text_scale()
        compact = width < COMPACT_BELOW * scale
        # The list never takes more than a third: with larger text on the smallest window it
        # left the probing panel too narrow for its buttons.
        left = round((220 if compact else 280) * scale)
        self.left.setFixedWidth(max(round(180 * scale), min(left, width // 3)) if compact else left)
        if compact != self._compact:
            self._compact = compact
            self.header.set_compact(compact)
            self.need_bar.set_compact(compact)
            self.prompt_card.set_compact(compact)
            self._place_prompt_card(compact)

    def _place_prompt_card(self, compact: bool) -> None:
        """Beside the request in a normal window; in the smallest ones a strip under it, so the
        request keeps the whole width and no line of it is squeezed."""
        card = self.prompt_card
        self.top_row.removeWidget(card)
        self.right_column.removeWidget(card)
        if compact:
            card.setMinimumWidth(0)
            card.setMaximumWidth(16_777_215)  # QWIDGETSIZE_MAX: no limit
            self.right_column.insertWidget(1, card)
        else:
            card.setFixedWidth(round(330 * text_scale()))
            self.top_row.addWidget(card, 0, Qt.AlignmentFlag.AlignTop)

    # -- the workshop as it is now -------------------------------------------------------------
    def refresh(self, workshop: m.Workshop) -> None:
        self._updating = True
        try:
            self.model.set_workshop(workshop)
        finally:
            self._updating = False
        total = len(workshop.requests)
        self.pages.setCurrentIndex(1 if total else 0)
        if not total:
            self.request_id = ""
            return
        self.count_label.setText(
            f"Requests · {requests_with_need(workshop)} of {total} have a need"
        )
        row = self.model.row_of(self.request_id)
        if row < 0:
            old = self.request_list.currentIndex().row()
            row = min(max(old, 0), total - 1) if old >= 0 else self._first_open_row(workshop)
        self._select_row(row)
        self._show_request(workshop)

    def _first_open_row(self, workshop: m.Workshop) -> int:
        for row, request in enumerate(workshop.requests):
            if not has_need(workshop, request.id):
                return row
        return 0

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.request_id = str(index.data(ID_ROLE) or "")
        if self.request_list.currentIndex() != index:
            self._updating = True
            self.request_list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self._updating = False
        elif not self.request_list.selectionModel().isSelected(index):
            self.request_list.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self.request_list.scrollTo(index)

    def _on_current_request(self, index: object) -> None:
        if self._updating or self.session is None:
            return
        request_id = str(self.request_list.currentIndex().data(ID_ROLE) or "")
        if request_id == self.request_id:
            return
        self.panel.flush()
        self.request_id = request_id
        self._show_request(self.session.workshop)

    def current_need(self) -> m.Need | None:
        if self.session is None or not self.panel.need_id:
            return None
        if self.need_pages.currentWidget() is not self.probe_scroll:
            return None
        return self.session.workshop.need(self.panel.need_id)

    def _show_request(self, workshop: m.Workshop) -> None:
        assert self.session is not None
        request = workshop.request(self.request_id)
        if request is None:
            return
        locked = workshop.is_locked
        needs = workshop.needs_for(request.id)
        chosen = self._need_choice.get(request.id, "")
        need = next((n for n in needs if n.id == chosen), needs[0] if needs else None)
        self.header.show_request(workshop, request, need)
        can_attach = bool(self._attach_candidates())
        self.need_bar.show_needs(workshop, needs, need, editable=not locked, can_attach=can_attach)
        if need is None:
            self.need_pages.setCurrentIndex(1)
            self.panel.flush()
            self.panel.need_id = ""
            self.start_button.setEnabled(not locked)
            self.start_attach_button.setEnabled(not locked and can_attach)
        else:
            self._need_choice[request.id] = need.id
            self.need_pages.setCurrentIndex(0)
            self.panel.request_id = request.id  # whose decision the CTO hint offers to own
            if need.id != self.panel.need_id:
                self.panel.flush()
                self.panel.bind(self.session, need.id, request.id)
                self.probe_scroll.verticalScrollBar().setValue(0)
                probe = open_probe(need)
                if probe is not None:
                    self.prompt_card.show_probe(probe)
            else:
                self.panel.show_request(request.id)
                self.panel.show_current()
            self.panel.set_read_only(locked)
        self._fix_tab_order()

    def _on_need_chosen(self, need_id: str) -> None:
        if self.session is not None:
            self.panel.flush()
            self._need_choice[self.request_id] = need_id
            self._show_request(self.session.workshop)

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.request_list, self.need_tabs]
        if self.need_pages.currentIndex() == 0:
            chain += self.panel.focus_chain()
            chain += [self.split_button, self.attach_button, self.remove_button]
        else:
            chain += [self.start_button, self.start_attach_button]
        chain.append(self.prompt_card.next_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_probe_entered(self, probe: str) -> None:
        self.prompt_card.show_probe(probe)
        focused = self.focusWidget()
        if focused is not None and self.panel.isAncestorOf(focused):
            if isinstance(focused, QRadioButton) and self.panel.lens.isAncestorOf(focused):
                focused = self.panel.lens_box  # the whole choice, the CTO hint included
            self.probe_scroll.ensureWidgetVisible(focused, 16, 48)

    # -- actions ---------------------------------------------------------------------------
    def current_request_id(self) -> str | None:
        return self.request_id or None

    def select_request(self, request_id: str) -> None:
        """Show this request and put the cursor where its probing continues (command palette)."""
        if self.session is None:
            return
        if self._stale:
            self._refresh_now()
        row = self.model.row_of(request_id)
        if row < 0:
            return
        self.panel.flush()
        self._select_row(row)
        self._show_request(self.session.workshop)
        self.focus_next_thing()

    def select_need(self, need_id: str) -> bool:
        """Show this need under its first request (sign-off blockers, undo, the palette)."""
        if self.session is None:
            return False
        need = self.session.workshop.need(need_id)
        if need is None or not need.request_ids:
            return False
        if self._stale:
            self._refresh_now()
        self._need_choice[need.request_ids[0]] = need_id
        self.select_request(need.request_ids[0])
        return True

    def show_field(self, item_id: str, field: str) -> bool:
        """Bring this need into view with the cursor in one of its fields (the need itself)."""
        if not self.select_need(item_id):
            return False
        if field == "statement":
            self.panel.statement.setFocus()
            self.probe_scroll.ensureWidgetVisible(self.panel.statement, 16, 48)
        return True

    def step_request(self, step: int) -> None:
        if self.session is None or not self.model.requests:
            return
        row = self.model.row_of(self.request_id)
        row = max(0, min(len(self.model.requests) - 1, row + step))
        self.select_request(str(self.model.index(row, 0).data(ID_ROLE)))

    def focus_next_thing(self) -> None:
        """The cursor goes where the conversation continues for the selected request."""
        need = self.current_need()
        if need is None:
            if self.start_button.isEnabled():
                self.start_button.setFocus()
            else:
                self.request_list.setFocus()
            return
        target = self.panel.focus_probe(open_probe(need))
        self.probe_scroll.ensureWidgetVisible(target, 16, 48)

    def arrive(self) -> None:
        if self.session is not None and self.model.requests:
            self.focus_next_thing()
        else:
            super().arrive()

    def create_need(self) -> None:
        """One action: a new need behind the selected request, with the why-ladder ready."""
        if self.session is None or not self.request_id or self.session.locked:
            return
        self.panel.flush()
        need_id = self.session.add(Kind.NEED, {"request_ids": [self.request_id], "statement": ""})
        if need_id is None:
            return
        self._need_choice[self.request_id] = need_id
        self._show_request(self.session.workshop)
        self.prompt_card.show_probe("why")
        self.panel.ladder.focus_start()

    def split(self) -> None:
        """The request hides more than one need: add another need behind it."""
        self.create_need()

    def _attach_candidates(self) -> list[m.Need]:
        if self.session is None:
            return []
        return [n for n in self.session.workshop.needs if self.request_id not in n.request_ids]

    def _fill_attach_menu(self) -> None:
        self.attach_menu.clear()
        assert self.session is not None
        workshop = self.session.workshop
        candidates = self._attach_candidates()
        if not candidates:
            empty = self.attach_menu.addAction("No other needs found yet")
            empty.setEnabled(False)
            return
        for need in candidates:
            action = self.attach_menu.addAction(need_title(workshop, need, 70).replace("&", "&&"))
            action.setData(need.id)
            action.triggered.connect(lambda _checked=False, nid=need.id: self.attach_to(nid))

    def open_attach_menu(self) -> None:
        button = (
            self.attach_button if self.need_pages.currentIndex() == 0 else self.start_attach_button
        )
        if button.isVisible() and button.isEnabled():
            # popup, not exec: the menu never blocks the app (keyboard: arrows, Enter, Esc)
            self.attach_menu.popup(button.mapToGlobal(button.rect().bottomLeft()))

    def attach_to(self, need_id: str) -> None:
        """This request serves an existing need. An empty need of its own is folded away."""
        if self.session is None or not self.request_id or self.session.locked:
            return
        self.panel.flush()
        workshop = self.session.workshop
        request_id = self.request_id
        empty = [
            n
            for n in workshop.needs_for(request_id)
            if is_blank(n) and n.request_ids == [request_id]
        ]
        with self.session.macro("Same need as another request"):
            self.session.attach_request(need_id, request_id)
            for need in empty:
                self.session.delete(Kind.NEED, need.id, "empty need")
        self._need_choice[request_id] = need_id
        self._show_request(self.session.workshop)

    def remove_or_unlink(self) -> None:
        need = self.current_need()
        if self.session is None or need is None or self.session.locked:
            return
        self.panel.flush()
        if len(need.request_ids) > 1:
            self.session.attach_request(need.id, self.request_id, attach=False)
        else:
            self.session.delete(Kind.NEED, need.id, "need")
        self._need_choice.pop(self.request_id, None)
        if self.session is not None:
            self._show_request(self.session.workshop)
        self.focus_next_thing()

    def flush_edits(self) -> None:
        self.panel.flush()
        super().flush_edits()

    @staticmethod
    def progress(workshop: m.Workshop) -> Progress:
        total = len(workshop.requests)
        if not total:
            return Progress(ProgressState.EMPTY, "", "No requests yet")
        found = requests_with_need(workshop)
        if found == total:
            return Progress(ProgressState.DONE, f"{found}/{total}", "Every request has its need")
        missing = total - found
        return Progress(
            ProgressState.ATTENTION,
            f"{found}/{total}",
            f"{plural(missing, 'request')} still without a need",
        )
