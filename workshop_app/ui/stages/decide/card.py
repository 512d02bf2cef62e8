"""The decision card for one request: what was asked, the need beneath it, how well it aligns,
its priority, and the decision with its rationale, owner, next step and due date.

Every field is a bound editor (kind "decision", item id = the request id), so typing saves by
itself and undoes in one step. The card never writes directly: the decision buttons emit
`chosen`, the stage turns that into a session edit.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.fields import LONG_TEXT
from workshop_app.core.kind import Kind
from workshop_app.core.purpose import proceed_warning, serves_not_at_all
from workshop_app.core.scoring import alignment, phase_flag_text, priority, ranked_needs
from workshop_app.ui import drafts
from workshop_app.ui.due_dates import in_words, parse_due
from workshop_app.ui.kinds import BY_KIND
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.stages.decide.buttons import DecisionBar
from workshop_app.ui.stages.decide.dates import DueDateEdit
from workshop_app.ui.stages.decide.evidence import (
    EvidenceGrid,
    alignment_words,
    compact_evidence,
)
from workshop_app.ui.widgets.clamped_label import ClampedLabel
from workshop_app.ui.widgets.cto_hint import CtoHintBar
from workshop_app.ui.widgets.fields import BoundLineEdit, BoundTextEdit
from workshop_app.ui.widgets.labels import muted_label
from workshop_app.ui.widgets.names import participant_names, suggest_names
from workshop_app.ui.widgets.style import set_style_state
from workshop_app.ui.widgets.text import one_line, plural, wrappable

#: Lines of the request and of each need shown on the card at most (the rest is in a tooltip).
QUOTE_LINES = 2
NEED_LINES = 3
NEED_LINES_SEVERAL = 1
#: Needs shown on the card; more are counted (the Needs stage shows them all).
NEEDS_SHOWN = 3


def _label(text: str = "", name: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setIndent(0)  # a styled label would otherwise indent its text by half an "x"
    if name:
        label.setObjectName(name)
    return label


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def request_meta(request: m.Request) -> str:
    parts = []
    if request.requested_by:
        parts.append(f"Asked by {one_line(request.requested_by, 120)}")
    if request.deadline:
        parts.append(f"deadline {one_line(request.deadline, 60)}")
    if request.urgency is not None:
        parts.append(f"{request.urgency.label.lower()} urgency")
    if request.phase is not None:
        parts.append(f"{request.phase.label.lower()} phase")
    return " · ".join(parts)


class DecisionCard(QWidget):
    chosen = Signal(object)  # DecisionKind picked with the mouse
    add_follow_up = Signal(str)  # text of a new action item for this request
    leave = Signal()  # Escape: back to the request list
    relaid = Signal()  # the content changed height (a scroll area around it should follow)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionCard")
        self.setAccessibleName("Decision card")
        self.request_id = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 24)
        outer.setSpacing(8)

        # Request, meta line, warning and needs are clamped to a few lines each (the whole text
        # is in their tooltips), so the decision buttons stay in view at 1366×768 whatever was
        # pasted into them.
        self.quote = ClampedLabel(QUOTE_LINES, "quote")
        self.quote.setAccessibleName("The request as it was said")
        outer.addWidget(self.quote)
        self.meta = ClampedLabel(2, "muted")
        outer.addWidget(self.meta)
        self.phase_flag = ClampedLabel(3, "hint")
        outer.addWidget(self.phase_flag)
        self.cto_hint = CtoHintBar()
        outer.addWidget(self.cto_hint)
        # A follow-up's carried request: what the earlier workshop decided, beside (never in)
        # this workshop's own "why".
        self.earlier = ClampedLabel(1, "muted")  # one line: the whole note is its tooltip
        self.earlier.setAccessibleName("What the earlier workshop decided")
        outer.addWidget(self.earlier)

        self.needs_title = _label("The need", "sectionTitle")
        outer.addWidget(self.needs_title)
        self.needs_box = QVBoxLayout()
        self.needs_box.setSpacing(8)
        outer.addLayout(self.needs_box)

        outer.addWidget(_label("Decision", "sectionTitle"))
        self.bar = DecisionBar()
        self.bar.chosen.connect(self.chosen)
        outer.addWidget(self.bar)
        self.guidance = muted_label(wrap=True)
        outer.addWidget(self.guidance)

        self.narrow, self._wide_need = False, 0
        outer.addSpacing(4)
        outer.addLayout(self._build_form())
        outer.addWidget(_label("Follow-up actions", "sectionTitle"))
        self.follow_ups = QVBoxLayout()
        self.follow_ups.setSpacing(4)
        outer.addLayout(self.follow_ups)
        self.follow_up = QLineEdit()
        self.follow_up.setPlaceholderText("Add a follow-up for this request — Enter adds it")
        self.follow_up.setAccessibleName("New follow-up action for this request")
        self.follow_up.setMaxLength(LONG_TEXT)
        self.follow_up.returnPressed.connect(self._add_follow_up)
        drafts.mark(self.follow_up, "follow-up")
        outer.addWidget(self.follow_up)
        outer.addStretch(1)
        # Enter in a field moves on to the next thing to type.
        self.owner.committed.connect(self.next_step.setFocus)
        self.next_step.committed.connect(self.due.setFocus)
        self.due.returnPressed.connect(self._due_entered)
        chain = (self.bar, self.rationale, self.owner, self.next_step, self.due, self.follow_up)
        for before, after in pairwise(chain):
            self.setTabOrder(before, after)

    def _build_form(self) -> QGridLayout:
        """Why on the left; owner, next step and due date stacked on the right."""
        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        self.rationale = BoundTextEdit("Why this decision? The reason people will read later.")
        self.rationale.setAccessibleName("Why this decision")
        policy = self.rationale.sizePolicy()
        policy.setVerticalPolicy(policy.Policy.Fixed)
        self.rationale.setSizePolicy(policy)
        self.owner = BoundLineEdit("Who owns the next step")
        self.owner.setAccessibleName("Owner")
        self.next_step = BoundLineEdit("The first concrete step")
        self.next_step.setAccessibleName("Next step")
        self.due = DueDateEdit()
        self.due.setAccessibleName("Due date")
        self.due.setFixedWidth(132)
        self.due_words = muted_label(wrap=True)
        # It wraps in what the date field leaves; asking for more pushed the card past the window.
        self.due_words.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.due.understood.connect(self._show_due_words)
        due_row = QHBoxLayout()
        due_row.setSpacing(8)
        due_row.addWidget(self.due)
        due_row.addWidget(self.due_words, 1)
        why = _label("Why", "fieldLabel", wrap=False)
        why.setBuddy(self.rationale)
        self._form, self._why, self._due_row = form, why, due_row
        self._field_labels = []
        for text, editor in (
            ("Owner", self.owner),
            ("Next step", self.next_step),
            ("Due", self.due),
        ):
            label = _label(text, "fieldLabel", wrap=False)
            label.setBuddy(editor)
            self._field_labels.append(label)
        self.editors: tuple[BoundTextEdit | BoundLineEdit | DueDateEdit, ...] = (
            self.rationale,
            self.owner,
            self.next_step,
            self.due,
        )
        self._arrange_form(narrow=False)
        return form

    # -- narrow windows --------------------------------------------------------------------------
    def _arrange_form(self, *, narrow: bool) -> None:
        """Why beside owner, next step and due date; on a narrow card, Why above them."""
        self.narrow = narrow
        form = self._form
        for widget in (self._why, self.rationale, self.owner, self.next_step, *self._field_labels):
            form.removeWidget(widget)
        form.removeItem(self._due_row)
        top = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        centre = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        form.addWidget(self._why, 0, 0, top)
        if narrow:
            form.addWidget(self.rationale, 0, 1, 1, 3)
        else:
            form.addWidget(self.rationale, 0, 1, 3, 1)
        first, column = (1, 0) if narrow else (0, 2)
        span = 3 if narrow else 1
        for row, label in enumerate(self._field_labels):
            form.addWidget(label, first + row, column, centre)
        form.addWidget(self.owner, first, column + 1, 1, span)
        form.addWidget(self.next_step, first + 1, column + 1, 1, span)
        form.addLayout(self._due_row, first + 2, column + 1, 1, span)

    def fit_width(self, available: int) -> None:
        """Stacks the form when the card would be wider than the `available` width, and puts it
        side by side again when there is room (measured the last time it was side by side)."""
        if not self.narrow:
            self._wide_need = self.minimumSizeHint().width()
        narrow = available < self._wide_need
        if narrow != self.narrow:
            self._arrange_form(narrow=narrow)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.fit_width(watched.width())
        return False

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self.relaid.emit()
        return handled

    # -- showing a request ---------------------------------------------------------------------
    def show_request(self, session: WorkshopSession, request_id: str) -> None:
        ws = session.workshop
        request = ws.request(request_id)
        if request is None:
            return
        if request_id != self.request_id:
            self.flush()
            self.request_id = request_id
            for editor, field in zip(
                self.editors, ("rationale", "owner", "next_step", "due_date"), strict=True
            ):
                editor.bind(session, Kind.DECISION, request_id, field)
            self.follow_up.clear()
            drafts.set_context(self.follow_up, request_id)
        else:
            for editor in self.editors:
                editor.show_current()
        number = next(i for i, r in enumerate(ws.requests, start=1) if r.id == request_id)
        self.quote.set_full_text(request.text, prefix="“", suffix="”")
        meta = request_meta(request)
        position = f"Request {number} of {len(ws.requests)}"
        self.meta.set_full_text(f"{position} · {meta}" if meta else position)
        flag = phase_flag_text(ws, request)
        self.phase_flag.set_full_text(f"⚠ {flag}" if flag else "")
        self.phase_flag.setVisible(bool(flag))
        self.cto_hint.show_for(session, request_id)
        self._show_needs(ws, request)
        decision = ws.decision_for(request_id)
        self.earlier.set_full_text(f"Last time: {decision.earlier}" if decision.earlier else "")
        self.earlier.setVisible(bool(decision.earlier))
        self.bar.show_kind(decision.kind)
        self._show_guidance(ws, request_id, decision)
        self._show_follow_ups(ws, request_id)
        suggest_names(self.owner, participant_names(ws))
        # Why is as tall as the three fields beside it.
        self.rationale.setFixedHeight(self.owner.sizeHint().height() * 3 + 16)
        locked = ws.is_locked
        for widget in (*self.editors, self.bar, self.follow_up):
            widget.setEnabled(not locked)

    def _show_guidance(self, ws: m.Workshop, request_id: str, decision: m.Decision) -> None:
        """How to decide; when Proceed goes against the evidence, what it still owes, in amber."""
        warning = proceed_warning(ws, request_id)
        if decision.kind is None:
            text = (
                "Press P to proceed, R to reshape, D to defer, X to decline or N when more "
                "information is needed."
            )
        elif warning:
            text = f"⚠ {warning}"
        else:
            text = BY_KIND[decision.kind].guidance
            if decision.kind is m.DecisionKind.PROCEED and serves_not_at_all(ws, request_id):
                text += " The request does not serve its need at all: Reshape (R) would."
        self.guidance.setText(text)
        set_style_state(self.guidance, "objectName", "attention" if warning else "muted")

    @property
    def needs_reason(self) -> bool:
        """Proceed was chosen against the evidence and the reason is still to be written."""
        return self.guidance.objectName() == "attention"

    @staticmethod
    def _add(layout: QVBoxLayout, widget: QWidget) -> None:
        """Add and show at once (Qt would show it later), so the card measures its height right."""
        layout.addWidget(widget)
        widget.show()

    def _show_needs(self, ws: m.Workshop, request: m.Request) -> None:
        _clear(self.needs_box)
        needs = ws.needs_for(request.id)
        self.needs_title.setText("The needs" if len(needs) > 1 else "The need")
        if not needs:
            self._add(
                self.needs_box,
                muted_label(
                    "No need recorded yet. Ask why it matters in Needs (Ctrl+4) before deciding, "
                    "or decide “Needs information”.",
                    wrap=True,
                ),
            )
            return
        ranks = {need.id: rank for rank, (need, _p) in enumerate(ranked_needs(ws), start=1)}
        several = len(needs) > 1
        for need in needs[:NEEDS_SHOWN]:
            card = self._need_card(ws, need, ranks[need.id], several, request.id)
            self._add(self.needs_box, card)
        hidden = len(needs) - NEEDS_SHOWN
        if hidden > 0:
            unclear = sum(1 for n in needs[NEEDS_SHOWN:] if alignment(ws, n).unclear)
            among = f", {unclear} with alignment unclear" if unclear else ""
            more = f"and {plural(hidden, 'more need')}{among}: all of them in Needs (Ctrl+4)"
            self._add(self.needs_box, muted_label(more, wrap=True))

    @staticmethod
    def _need_card(
        ws: m.Workshop, need: m.Need, rank: int, compact: bool, request_id: str
    ) -> QFrame:
        """One need: its statement, alignment, priority and rank, the evidence (success, the
        cost of doing nothing, alternatives, whether the request serves it) and what the room
        agreed about its alignment. Compact (one line each) when the request has several, so
        the decision buttons stay in view."""
        frame = QFrame()
        frame.setObjectName("card")
        box = QVBoxLayout(frame)
        box.setContentsMargins(16, 10 if compact else 12, 16, 10 if compact else 12)
        box.setSpacing(4 if compact else 6)
        statement = need.statement.strip() or "The need has not been written down yet."
        text = ClampedLabel(NEED_LINES_SEVERAL if compact else NEED_LINES)
        text.setObjectName("needStatement")
        text.set_full_text(statement)
        text.setAccessibleName("Need")
        box.addWidget(text)
        result = alignment(ws, need)
        prio = priority(ws, need)
        facts = muted_label(
            f"Alignment {result.score} of 100 · "
            f"priority {prio.score:g} ({prio.framework.label}) · "
            f"rank {rank} of {len(ws.needs)}",
            wrap=True,
        )
        box.addWidget(facts)
        if compact:
            line = ClampedLabel(1, "muted")
            line.setProperty("role", "compactEvidence")
            line.set_full_text(compact_evidence(need, request_id))
            box.addWidget(line)
        else:
            box.addWidget(EvidenceGrid(need, request_id))
        words = alignment_words(result, need)
        if words is not None:
            said, attention = words
            note = ClampedLabel(1 if compact else 2, "attentionText" if attention else "muted")
            note.setProperty("role", "alignmentNote")
            note.set_full_text(said)
            note.setAccessibleName(said)
            box.addWidget(note)
        return frame

    def _show_follow_ups(self, ws: m.Workshop, request_id: str) -> None:
        _clear(self.follow_ups)
        for action in (a for a in ws.actions if a.request_id == request_id):
            parts = [one_line(action.text, 200)]
            if action.owner:
                parts.append(one_line(action.owner, 60))
            if action.due_date:
                parts.append(in_words(action.due_date).split(" · ")[0])
            mark = "✓" if action.done else "•"
            self._add(self.follow_ups, _label(wrappable(f"{mark}  " + " · ".join(parts))))

    def _due_entered(self) -> None:
        if parse_due(self.due.text()) is not None:  # an unreadable date keeps the cursor here
            self.follow_up.setFocus()

    def _show_due_words(self, text: str) -> None:
        self.due_words.setText(text)
        set_style_state(
            self.due_words,
            "objectName",
            "attention" if text.startswith("Write a date") else "muted",
        )

    # -- editing -------------------------------------------------------------------------------
    def _add_follow_up(self) -> None:
        text = self.follow_up.text().strip()
        if text:
            self.add_follow_up.emit(text)

    def flush(self) -> None:
        for editor in self.editors:
            editor.flush()

    def focus_rationale(self) -> None:
        self.rationale.setFocus()
        cursor = self.rationale.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.rationale.setTextCursor(cursor)
