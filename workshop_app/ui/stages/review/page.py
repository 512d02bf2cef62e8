"""Review: did the measure move? Each commitment, item by item, before new requests.

A follow-up workshop opens here (the navigator lists it first, Ctrl+0): every commitment carried
over from the earlier workshop, with its measure, baseline and target and every result recorded
since. The room records the latest result (value, the day it was measured, a note; Enter records
it) and gives a short verdict: target met, moving, not moved, went back (Alt+1…4). A signed-off
workshop gets the same stage, titled Results, to record results against its commitments:
results are not part of the signed revision, so recording them never touches the signatures.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core import results as r
from workshop_app.core.fields import LONG_TEXT, SHORT_TEXT
from workshop_app.core.kind import Kind
from workshop_app.ui.stages.base import Progress, ProgressState, Stage, stage_header
from workshop_app.ui.widgets.clamped_label import ClampedLabel
from workshop_app.ui.widgets.common import empty_state
from workshop_app.ui.widgets.flow import FlowLayout
from workshop_app.ui.widgets.labels import muted_label, plain_label, section_title
from workshop_app.ui.widgets.text import one_line, plural, wrappable
from workshop_app.ui.widgets.wrap_label import WrapLabel

VERDICTS = tuple(m.Verdict)
_TITLE = {True: "Did the measure move?", False: "Results against the commitments"}
_SUBTITLE = {
    True: "Before new requests, go through each commitment from the last workshop: record the "
    "latest result and the room's verdict.",
    False: "Record what each commitment's measure shows now. Results sit beside the signed "
    "decisions and never change a signature.",
}


def history_text(item: r.Commitment) -> str:
    """One line per result, oldest first: “31 Jan 2027 · 2 days · Target met — note”."""
    lines = []
    for result in item.results:
        parts = [result.date or "no date", one_line(result.value, 120)]
        if result.verdict is not None:
            parts.append(result.verdict.label)
        line = " · ".join(parts)
        if result.note.strip():
            line += f" — {one_line(result.note, 200)}"
        lines.append(line)
    return "\n".join(lines) if lines else "Not measured since the workshop."


class ReviewStage(Stage):
    key = "review"
    title = "Review"
    shows = frozenset({Kind.RESULT, Kind.NEED, Kind.REQUEST, Kind.DECISION, Kind.WORKSHOP})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[r.Commitment] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(8)
        self.headers = {f: stage_header(_TITLE[f], _SUBTITLE[f]) for f in (True, False)}
        top = QHBoxLayout()
        heading = QVBoxLayout()
        for header in self.headers.values():
            heading.addWidget(header)
        top.addLayout(heading, 1)
        self.counter = muted_label()
        self.counter.setAccessibleName("Commitments done")
        top.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        layout.addLayout(top)

        self.body = QStackedWidget()
        self.empty = empty_state("", fill=True)
        self.body.addWidget(self.empty)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        self.list = QListWidget()
        self.list.setAccessibleName("Commitments to review")
        self.list.setMinimumWidth(200)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show_current)
        splitter.addWidget(self.list)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._build_card())
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 740])
        self.body.addWidget(splitter)
        layout.addWidget(self.body, 1)
        self.focus_widget = self.value

    def _build_card(self) -> QWidget:
        card = QWidget()
        card.setObjectName("card")
        box = QVBoxLayout(card)
        box.setContentsMargins(24, 16, 24, 16)
        box.setSpacing(6)
        self.request = ClampedLabel(2, "quote")
        self.request.setAccessibleName("The request behind the commitment")
        box.addWidget(self.request)
        self.need = ClampedLabel(3, "needStatement")
        self.need.setAccessibleName("The need committed to")
        box.addWidget(self.need)
        self.measure = plain_label()
        self.measure.setAccessibleName("Measure, baseline and target")
        box.addWidget(self.measure)
        self.trend = plain_label()
        self.trend.setAccessibleName("Trend")
        box.addWidget(self.trend)
        self.earlier = ClampedLabel(2, "muted")
        box.addWidget(self.earlier)
        box.addWidget(section_title("Results so far"))
        self.history = WrapLabel("", "muted")
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setAccessibleName("Results so far")
        box.addWidget(self.history)
        box.addWidget(section_title("What does the measure show now?"))
        box.addLayout(self._build_form())
        box.addWidget(section_title("The room's verdict"))
        box.addLayout(self._build_verdicts())
        self.verdict_hint = muted_label(wrap=True)
        box.addWidget(self.verdict_hint)
        box.addStretch(1)
        return card

    def _build_form(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.value = QLineEdit()
        self.value.setPlaceholderText("The latest value, e.g. 2 days — Enter records it")
        self.value.setAccessibleName("Latest result")
        self.value.setMaxLength(SHORT_TEXT)
        self.on = QLineEdit()
        self.on.setPlaceholderText("YYYY-MM-DD")
        self.on.setAccessibleName("Measured on")
        self.on.setMaxLength(10)
        self.note = QLineEdit()
        self.note.setPlaceholderText("A note (optional)")
        self.note.setAccessibleName("Note on the result")
        self.note.setMaxLength(LONG_TEXT)
        self.record = QPushButton("Record")
        self.record.setObjectName("primary")
        self.record.setAccessibleName("Record the result")
        for editor in (self.value, self.on, self.note):
            editor.returnPressed.connect(self.record_result)
        self.record.clicked.connect(self.record_result)
        grid.addWidget(self.value, 0, 0, 1, 2)
        grid.addWidget(self.on, 0, 2)
        grid.addWidget(self.note, 1, 0, 1, 2)
        grid.addWidget(self.record, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        return grid

    def _build_verdicts(self) -> FlowLayout:
        row = FlowLayout(spacing=8)  # the buttons wrap on a narrow window
        self.verdicts = QButtonGroup(self)
        self.verdicts.setExclusive(False)
        self.verdict_buttons: dict[m.Verdict, QPushButton] = {}
        for number, verdict in enumerate(VERDICTS, start=1):
            button = QPushButton(verdict.label)
            button.setCheckable(True)
            button.setAccessibleName(f"Verdict: {verdict.label} (Alt+{number})")
            button.setToolTip(f"Alt+{number}")
            button.clicked.connect(lambda _checked, v=verdict: self.give_verdict(v))
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda v=verdict: self.give_verdict(v))
            self.verdicts.addButton(button)
            self.verdict_buttons[verdict] = button
            row.addWidget(button)
        return row

    # -- the navigator ---------------------------------------------------------------------
    @classmethod
    def title_for(cls, workshop: m.Workshop) -> str:
        return cls.title if workshop.is_follow_up else "Results"

    @staticmethod
    def progress(workshop: m.Workshop) -> Progress:
        items = r.to_review(workshop)
        if not items:
            return Progress(ProgressState.EMPTY, hint="No commitment to review")
        done = sum(1 for item in items if r.done(workshop, item))
        badge = f"{done}/{len(items)}"
        verb = "reviewed" if workshop.is_follow_up else "measured"
        if done == len(items):
            return Progress(ProgressState.DONE, badge, f"Every commitment {verb}")
        hint = f"{plural(len(items) - done, 'commitment')} not {verb} yet"
        return Progress(ProgressState.PARTIAL if done else ProgressState.EMPTY, badge, hint)

    # -- showing ---------------------------------------------------------------------------
    def refresh(self, workshop: m.Workshop) -> None:
        current = self.current_need_id()
        self.items = r.to_review(workshop)
        follow_up = workshop.is_follow_up
        # The theme's font is known only now: the day must fit whole.
        self.on.setMinimumWidth(self.on.fontMetrics().horizontalAdvance("0000-00-00") + 40)
        self.headers[not follow_up].hide()
        self.headers[follow_up].show()
        if not self.items:
            self.empty.setText(
                "No commitment to review: the earlier workshop decided nothing as proceed or "
                "reshape. Go on to the requests (Ctrl+3)."
                if follow_up
                else "No commitment yet: results are recorded against requests decided "
                "proceed or reshape."
            )
            self.body.setCurrentWidget(self.empty)
            self.counter.setText("")
            return
        self.body.setCurrentIndex(1)
        done = sum(1 for item in self.items if r.done(workshop, item))
        verb = "reviewed" if follow_up else "measured"
        self.counter.setText(f"{done} of {plural(len(self.items), 'commitment')} {verb}")
        self.list.blockSignals(True)
        self.list.clear()
        codes = {n.id: f"N{i}" for i, n in enumerate(workshop.needs, start=1)}
        for item in self.items:
            mark = "✓" if r.done(workshop, item) else "•"
            text = f"{mark}  {codes[item.need.id]}  {one_line(item.need.statement, 60)}"
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, item.need.id)
            row.setToolTip(f"{one_line(item.need.statement, 300)}\n{item.trend.label}")
            self.list.addItem(row)
        ids = [item.need.id for item in self.items]
        self.list.setCurrentRow(ids.index(current) if current in ids else 0)
        self.list.blockSignals(False)
        self._show_current(self.list.currentRow())

    def current_need_id(self) -> str | None:
        row = self.list.currentItem()
        return None if row is None else str(row.data(Qt.ItemDataRole.UserRole))

    def current_item(self) -> r.Commitment | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_current(self, _row: int) -> None:
        item = self.current_item()
        if item is None:
            return
        kind = item.decision.kind.label if item.decision.kind is not None else ""
        self.request.set_full_text(item.request.text, prefix="“", suffix=f"” · {kind}")
        self.need.set_full_text(item.need.statement or "A need without a statement")
        self.measure.setText(wrappable(r.measure_line(item.need)) or "No measure was recorded.")
        path = [item.need.baseline.strip()] if item.need.baseline.strip() else []
        path += [result.value for result in item.results[-3:]]
        way = f" · {one_line(' → '.join(path), 200)}" if len(path) > 1 else ""
        self.trend.setText(wrappable(f"{item.trend.arrow} {item.trend.label}{way}"))
        earlier = item.decision.earlier
        self.earlier.set_full_text(f"Last time: {earlier}" if earlier else "")
        self.earlier.setVisible(bool(earlier))
        self.history.setText(wrappable(history_text(item), limit=None))
        if not self.on.text():
            self.on.setText(date.today().isoformat())
        latest = item.latest
        for verdict, button in self.verdict_buttons.items():
            button.setChecked(latest is not None and latest.verdict is verdict)
            button.setEnabled(latest is not None)
        self.verdict_hint.setText(
            "The verdict goes with the latest result."
            if latest is not None
            else "Record a result first; the verdict goes with it."
        )

    def select_need(self, need_id: str) -> bool:
        ids = [item.need.id for item in self.items]
        if need_id not in ids:
            return False
        self.list.setCurrentRow(ids.index(need_id))
        return True

    # -- recording -------------------------------------------------------------------------
    def record_result(self) -> None:
        item = self.current_item()
        if item is None or self.session is None:
            return
        value = self.value.text().strip()
        if not value:
            self.status_message.emit("Type the latest value first, e.g. “2 days”.")
            self.value.setFocus()
            return
        values = {"value": value, "date": self.on.text().strip(), "note": self.note.text()}
        if self.session.record_result(item.need.id, values) is None:
            return  # refused: the status bar says why, and what was typed stays
        self.value.clear()
        self.note.clear()
        self.status_message.emit(f"Result recorded: {one_line(value, 60)}")
        self.value.setFocus()

    def give_verdict(self, verdict: m.Verdict) -> None:
        item = self.current_item()
        if item is None or item.latest is None or self.session is None:
            return
        chosen = None if item.latest.verdict is verdict else verdict  # a second click clears
        self.session.set_verdict(item.latest.id, chosen)
        label = chosen.label if chosen is not None else "cleared"
        self.status_message.emit(f"Verdict: {label}")
