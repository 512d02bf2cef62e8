"""Requests: capture what the division asks for, verbatim and fast.

One big input; type, Enter, the request drops into the list and the input is empty again. Who
asked, the deadline, the urgency and the phase can be filled in later in the table (Tab to it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workshop_app.core import model as m
from workshop_app.core.fields import LONG_TEXT
from workshop_app.core.kind import Kind
from workshop_app.core.origin import IT_MARK
from workshop_app.core.scoring import phase_misaligned
from workshop_app.storage.portfolio import similar_requests
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.stages.base import Progress, ProgressState, Stage, stage_header
from workshop_app.ui.widgets.clamped_label import ClampedLabel
from workshop_app.ui.widgets.common import capture_row, empty_state, on_delete_key
from workshop_app.ui.widgets.item_table import Column, ItemTableModel, make_table
from workshop_app.ui.widgets.names import NamesDelegate, participant_names
from workshop_app.ui.widgets.pages import PageBlock, scrolling_page
from workshop_app.ui.widgets.text import plural, wrappable

#: Said where the stated urgency is entered: the method's warning against rushed requests.
URGENCY_HINT = (
    "Urgency is what the division says; it is not importance. Priority comes from the goals a "
    "need serves (Align), so a loud request does not jump the queue."
)


class RequestsStage(Stage):
    key = "requests"
    title = "Requests"
    shows = frozenset({Kind.WORKSHOP, Kind.REQUEST})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # On a small window with larger text the page scrolls, rather than squeezing the
        # heading or the table until their text is cut.
        layout = scrolling_page(self, minimum_height=540)
        layout.addWidget(
            stage_header(
                "What is the division asking for?",
                "Write each request the way it was said. Enter adds it; details can wait.",
            )
        )
        row, self.capture, self.add_button = capture_row(
            "e.g. “We need a new CRM by March” — then press Enter",
            "New request",
            self.add_request,
            max_length=LONG_TEXT,
            button="Add request",
            draft="request",
        )
        self.capture.setObjectName("captureInput")
        layout.addLayout(row)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.similar_text = ""  # similar requests in other workshops, after the last capture
        self.hint.hide()
        layout.addWidget(self.hint)

        self.model = ItemTableModel(
            Kind.REQUEST,
            [
                Column("Request", "text", stretch=True),
                Column("Asked by", "requested_by"),
                Column("Deadline", "deadline"),
                Column("Urgency", "urgency", enum=m.Urgency, tooltip=URGENCY_HINT),
                Column("Phase", "phase", enum=m.Phase),
                Column(
                    IT_MARK,
                    "origin",
                    get=lambda r: r.from_it,
                    check=True,
                    put=lambda ticked: m.Origin.IT if ticked else m.Origin.DIVISION,
                    tooltip="Proposed by IT's own people rather than asked for by the "
                    "division; scored against the same goals",
                ),
            ],
            self,
        )
        self.table = make_table(self.model, "Requests")
        names = NamesDelegate(self._participant_names, self.table)
        self.table.setItemDelegateForColumn(1, names)  # "Asked by": usually a participant
        # The table grows into the spare height but asks the page only for its minimum, so
        # on a short window the page scrolls rather than squeeze the heading.
        body = QVBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.table, 1)
        self.empty = empty_state(
            "No requests yet. Type the first one above and press Enter — "
            "ten in a minute is fine; the why comes next."
        )
        body.addWidget(self.empty, 1)
        # Two lines at most: on a small window with larger text the rest is in the tooltip, and
        # the table keeps its rows.
        self.urgency_hint = ClampedLabel(2, "muted")
        self.urgency_hint.set_full_text(f"ⓘ {URGENCY_HINT}")
        self.urgency_hint.setAccessibleName("About urgency")
        body.addWidget(self.urgency_hint)
        layout.addWidget(PageBlock(body), 1)
        on_delete_key(self.table, self.delete_selected)
        self.focus_widget = self.capture

    def _participant_names(self) -> list[str]:
        return participant_names(self.session.workshop if self.session else None)

    def add_request(self) -> None:
        text = self.capture.text().strip()
        if not text or self.session is None:
            return
        if self.session.add(Kind.REQUEST, {"text": text}) is not None:
            self.capture.clear()
            self.table.scrollToBottom()
            self.show_similar(text)
        self.capture.setFocus()

    def set_session(self, session: WorkshopSession | None) -> None:
        self.similar_text = ""  # hints belong to the workshop they were given in
        super().set_session(session)

    def show_similar(self, text: str) -> None:
        """Point out similar requests other workshops already made (after a capture)."""
        if self.session is None:
            return
        found = similar_requests(self.session.library, text, self.session.workshop_id, limit=2)
        sentences = " ".join(f.sentence() for f in found)
        asked = f"Asked before: {sentences}"
        self.similar_text = wrappable(asked, limit=None, run=40) if found else ""
        self._show_hints(self.session.workshop)  # the table is as the capture refreshed it

    def delete_selected(self) -> None:
        if self.session is None:
            return
        rows = self.table.selectionModel().selectedRows()
        if rows:
            request = self.model.items[rows[0].row()]
            self.session.delete(Kind.REQUEST, request.id, "request")

    def refresh(self, workshop: m.Workshop) -> None:
        self.model.session = self.session
        self.model.set_items(workshop.requests, read_only=workshop.is_locked)
        has_requests = bool(workshop.requests)
        self.table.setVisible(has_requests)
        self.empty.setVisible(not has_requests)
        self.urgency_hint.setVisible(has_requests)
        self.capture.setEnabled(not workshop.is_locked)
        self.add_button.setEnabled(not workshop.is_locked)
        self._show_hints(workshop)

    def _show_hints(self, workshop: m.Workshop) -> None:
        """Under the table: similar requests asked before, and innovation asked too early."""
        flagged = [r for r in workshop.requests if phase_misaligned(workshop, r)]
        messages = [self.similar_text] if self.similar_text else []
        if flagged:
            count = len(flagged)
            what = "An innovation request" if count == 1 else f"{count} innovation requests"
            assert workshop.it_phase is not None  # only run and deliver flag innovation
            first = (
                "reliable basics"
                if workshop.it_phase is m.Phase.RUN
                else "projects delivered on time"
            )
            messages.append(
                f"⚠ {what} while this division's IT is still in the "
                f"{workshop.it_phase.label.lower()} phase: {first} usually come first."
            )
        self.hint.setText("\n".join(messages))
        self.hint.setVisible(bool(messages))

    @staticmethod
    def progress(workshop: m.Workshop) -> Progress:
        count = len(workshop.requests)
        if not count:
            return Progress(ProgressState.EMPTY, "", "No requests captured yet")
        return Progress(ProgressState.DONE, str(count), f"{plural(count, 'request')} captured")
