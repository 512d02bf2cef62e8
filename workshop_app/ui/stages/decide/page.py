"""Decide: one decision per request — proceed, reshape, defer, decline or needs information —
with its rationale, owner, next step and due date; then the action items that follow.

Requests are listed on the left with their decision; the card on the right shows the request,
the need beneath it, its alignment and priority, and the decision. With the decision buttons
focused (where the stage opens), a single key decides: P proceed, R reshape, D defer, X decline,
N needs information; Down / Up move between requests and Enter goes on to write why. Nowhere else
does a letter decide: typing into the list or a field must never change a decision. Esc comes
back to the buttons; Alt+Down / Alt+Up move between requests from anywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.ui.read_only import keep_enabled
from workshop_app.ui.stages.base import Progress, ProgressState, Stage, stage_header
from workshop_app.ui.stages.decide.actions import ActionItemsPanel
from workshop_app.ui.stages.decide.card import DecisionCard
from workshop_app.ui.stages.decide.request_list import RequestList
from workshop_app.ui.widgets.common import empty_state
from workshop_app.ui.widgets.labels import muted_label
from workshop_app.ui.widgets.pages import sized_by_shown_tab
from workshop_app.ui.widgets.text import plural

DECISIONS_TAB, ACTIONS_TAB = 0, 1
#: The orders of the request list; the choice is remembered in the settings.
ORDER_KEY, YOURS, PRIORITY = "decideOrder", "facilitator", "priority"
ORDERS = {YOURS: "In your order", PRIORITY: "By priority (score order)"}
KEYS_HINT = (
    "On the decision buttons: P R D X N decide\n"
    "Enter: write why  ·  Esc: to the buttons\n"
    "Alt+↓ / Alt+↑: next or previous request"
)


def decided_count(workshop: m.Workshop) -> int:
    """Requests with a decision, found in one pass (a lookup per request grows with the square)."""
    decisions = workshop.decisions_by_request()
    return sum(1 for r in workshop.requests if r.id in decisions and decisions[r.id].kind)


class DecideStage(Stage):
    key = "decide"
    title = "Decide"
    shows = frozenset(Kind) - {Kind.AGENDA_ITEM, Kind.SIGNATURE}
    shows_requests = True
    views = ("", "actions")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._showing_order = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(
            stage_header(
                "What do we do about each request?",
                "Proceed, reshape, defer, decline or ask for more information — "
                "each with its reason, an owner and a next step.",
            ),
            1,
        )
        self.counter = muted_label()
        self.counter.setAccessibleName("Decisions made")
        top.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("decideTabs")
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)

        # Decisions: the list and the card, or an empty state when there is nothing to decide.
        self.decisions_page = QStackedWidget()
        self.decisions_page.setAccessibleName("Decisions")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self._build_card())
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 800])
        self.decisions_page.addWidget(self.splitter)
        self.empty = empty_state(
            "Nothing to decide yet. Capture requests first (Ctrl+3); each one gets a decision "
            "here — P proceed, R reshape, D defer, X decline, N needs information."
        )
        self.decisions_page.addWidget(self.empty)
        self.tabs.addTab(self.decisions_page, "&Decisions")

        self.actions_panel = ActionItemsPanel()
        self.tabs.addTab(self.actions_panel, "&Action items")
        self.tabs.currentChanged.connect(self._on_tab)
        sized_by_shown_tab(self.tabs)
        self._connect_keys()
        self.focus_widget = self.card.bar

    def _build_list(self) -> QWidget:
        """The requests, with the keys that work there below them."""
        self.list = RequestList()
        self.list.setMinimumWidth(240)
        self.list.currentItemChanged.connect(lambda *_a: self._show_current())
        self.list.setToolTip(KEYS_HINT)
        self.order = QComboBox()
        self.order.setAccessibleName("Order of the requests")
        self.order.setToolTip(
            "Your order, as the requests were captured; or by priority, the framework's score "
            "order (stated urgency counts only as far as its rating does)"
        )
        for value, text in ORDERS.items():
            self.order.addItem(text, value)
        self.order.currentIndexChanged.connect(self._order_chosen)
        keep_enabled(self.order)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.list, 1)
        column.addWidget(self.order)  # below: the list keeps its place at the top
        self.keys_hint = muted_label(KEYS_HINT, wrap=True)
        column.addWidget(self.keys_hint)
        # On a short window the list comes first: the hint steps aside (it is the list's tooltip).
        left.installEventFilter(self)
        return left

    def _build_card(self) -> QWidget:
        """The selected request's decision card, scrolling when the window is short."""
        self.card = DecisionCard()
        self.card.chosen.connect(self.decide)
        self.list.activated.connect(lambda _i: self.card.focus_rationale())
        self.card.add_follow_up.connect(self._add_follow_up)
        self.card_scroll = QScrollArea()
        self.card_scroll.setObjectName("decisionScroll")
        self.card_scroll.setWidgetResizable(True)
        self.card_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.card_scroll.setWidget(self.card)
        # A narrow card (small window, larger text) stacks its form rather than run off the side.
        self.card_scroll.viewport().installEventFilter(self.card)
        # QScrollArea only re-measures its widget on resize; ask again when the card relays out.
        self.card.relaid.connect(lambda: self.card_scroll.setWidgetResizable(True))
        return self.card_scroll

    def _connect_keys(self) -> None:
        # Single keys decide only on the focused decision buttons (DecisionBar.keyPressEvent).
        self.card.bar.write.connect(self.card.focus_rationale)
        self.card.bar.step.connect(self.step_request)
        for keys, step in (("Alt+Down", 1), ("Alt+Up", -1)):
            move = QShortcut(QKeySequence(keys), self.decisions_page)
            move.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            move.activated.connect(lambda s=step: self.step_request(s))
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.card_scroll)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.card.bar.setFocus)
        self.card.leave.connect(self.card.bar.setFocus)

    # -- what the facilitator does -------------------------------------------------------------
    def decide(self, kind: m.DecisionKind) -> None:
        """Record the decision for the request in view (undoable; saved at once)."""
        request_id = self.current_request_id()
        if self.session is None or request_id is None or self.session.locked:
            return
        self.session.edit(Kind.DECISION, request_id, "kind", kind)
        if self.session.workshop.decision_for(request_id).kind is kind:
            self.session.tell(f"Decision: {kind.label} · Ctrl+Z undoes")
            if self.card.needs_reason:  # against the evidence: the reason comes first
                self.card.focus_rationale()

    def show_field(self, item_id: str, field: str) -> bool:
        """A request's decision, with the cursor in its reason (sign-off blockers)."""
        if self.session is None or self.session.workshop.request(item_id) is None:
            return False
        self.select_request(item_id)
        if field == "rationale":
            self.card.focus_rationale()
        return True

    def step_request(self, step: int) -> None:
        """Show the request `step` rows down the list (up when negative), stopping at the ends."""
        row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
        if row != self.list.currentRow():
            self.card.flush()
            self.list.setCurrentRow(row)

    def _add_follow_up(self, text: str) -> None:
        request_id = self.current_request_id()
        if self.session is None or request_id is None:
            return
        if self.session.add(Kind.ACTION, {"text": text, "request_id": request_id}) is not None:
            self.card.follow_up.clear()
        self.card.follow_up.setFocus()

    # -- for other views (command palette, presentation mode) ----------------------------------
    def current_request_id(self) -> str | None:
        return self.list.current_id()

    def select_request(self, request_id: str) -> None:
        self.tabs.setCurrentIndex(DECISIONS_TAB)
        if self.session is not None and self._stale:
            self._refresh_now()
        self.list.select_id(request_id)

    # -- the order of the list: remembered in the settings ------------------------------------
    def by_priority(self) -> bool:
        return self._context is not None and self.context.settings.value(ORDER_KEY) == PRIORITY

    def _order_chosen(self, _index: int) -> None:
        if self._context is None or self._showing_order:
            return
        self.context.settings.setValue(ORDER_KEY, self.order.currentData())
        if self.session is not None:
            self.list.show_requests(self.session.workshop, by_priority=self.by_priority())
            self._show_current()

    def _show_order(self) -> None:
        self._showing_order = True
        self.order.setCurrentIndex(
            max(0, self.order.findData(PRIORITY if self.by_priority() else YOURS))
        )
        self._showing_order = False

    # -- keeping in step -----------------------------------------------------------------------
    def _show_current(self) -> None:
        request_id = self.list.current_id()
        if self.session is not None and request_id is not None:
            another = request_id != self.card.request_id
            self.card.show_request(self.session, request_id)
            if another:  # a new request starts at its quote, not where the last one was left
                self.card_scroll.verticalScrollBar().setValue(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            hint = self.keys_hint.heightForWidth(watched.width())
            rows = 3 * max(self.list.sizeHintForRow(0), self.list.fontMetrics().height())
            self.keys_hint.setVisible(watched.height() - hint - 8 >= rows)
        return False

    def _on_tab(self, _index: int) -> None:
        self._choose_focus_widget()
        if self.isVisible() and self.focus_widget is not None:
            self.focus_widget.setFocus()

    def refresh(self, workshop: m.Workshop) -> None:
        has_requests = bool(workshop.requests)
        self.decisions_page.setCurrentWidget(self.splitter if has_requests else self.empty)
        self._show_order()
        self.list.show_requests(workshop, by_priority=self.by_priority())
        self._choose_focus_widget()
        self._show_current()
        self.actions_panel.session = self.session
        self.actions_panel.refresh(workshop)
        decided = decided_count(workshop)
        self.counter.setText(
            f"{decided} of {len(workshop.requests)} decided" if has_requests else ""
        )
        self.tabs.setTabText(
            ACTIONS_TAB,
            f"&Action items ({len(workshop.actions)})" if workshop.actions else "&Action items",
        )

    def show_view(self, view: str) -> None:
        self.tabs.setCurrentIndex(ACTIONS_TAB if view == "actions" else DECISIONS_TAB)

    def _choose_focus_widget(self) -> None:
        if self.tabs.currentIndex() == ACTIONS_TAB:
            self.focus_widget = self.actions_panel.capture
        elif self.list.count():
            self.focus_widget = self.card.bar
        else:
            self.focus_widget = self.tabs.tabBar()

    def flush_edits(self) -> None:
        self.card.flush()
        super().flush_edits()

    @staticmethod
    def progress(workshop: m.Workshop) -> Progress:
        total = len(workshop.requests)
        if not total:
            return Progress(ProgressState.EMPTY, "", "No requests to decide yet")
        decided = decided_count(workshop)
        badge = f"{decided}/{total}"
        if decided == total:
            return Progress(ProgressState.DONE, badge, "Every request has a decision")
        if decided == 0:
            return Progress(
                ProgressState.EMPTY, badge, f"{plural(total, 'request')} still to decide"
            )
        undecided = plural(total - decided, "request")
        return Progress(ProgressState.PARTIAL, badge, f"{undecided} still to decide")
