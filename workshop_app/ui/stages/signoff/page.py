"""Sign-off: the participants confirm the summary, one after another, on the facilitator's laptop.

Left, what is being signed: the decisions as the summary records them and the content digest
every signature will carry. In the middle, who signs, in the order that works: optional
participants first, because the last decision-maker's signature signs the revision off and after
that nobody else can sign. Right, the selected participant signs (typed full name, agree or agree
with a reservation and its note, an optional handwritten signature), or their signature is shown,
or, while the revision is not ready, what to settle first with a button to the stage that does it.

Signing is deliberate, not an edit: it is not on the undo stack. It goes straight to the
operations layer through `session.apply`, which reloads the workshop and reports a refusal
calmly. A signature can be withdrawn until the revision is signed off. Once signed off the
revision is read-only everywhere; Reopen starts the next revision as an editable copy and the
signed one keeps its signatures.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.errors import UserError, ValidationError
from workshop_app.core.interchange import content_digest
from workshop_app.core.signoff import SignOffState, names_match, signature_status
from workshop_app.core.workflow import Blocker, sign_off_blockers
from workshop_app.storage import signoff
from workshop_app.storage.operations import Library, WorkshopSummary
from workshop_app.storage.tables import AuditRow
from workshop_app.ui import dialogs
from workshop_app.ui.read_only import keep_enabled
from workshop_app.ui.stages.base import Progress, ProgressState, Stage, stage_header
from workshop_app.ui.stages.signoff import words
from workshop_app.ui.stages.signoff.common import Banner, short_digest
from workshop_app.ui.stages.signoff.panels import BlockersPanel, SignatureView, SignForm
from workshop_app.ui.stages.signoff.participants import ParticipantList, signing_order
from workshop_app.ui.stages.signoff.summary import SummaryView
from workshop_app.ui.theme import text_scale
from workshop_app.ui.widgets.capped_scroll import WholeScroll
from workshop_app.ui.widgets.common import empty_state
from workshop_app.ui.widgets.header_row import HeaderRow
from workshop_app.ui.widgets.labels import muted_label, section_title
from workshop_app.ui.widgets.pages import PageBlock
from workshop_app.ui.widgets.text import one_line
from workshop_app.ui.widgets.wrap_label import WrapLabel

PEOPLE_WIDTH, CARD_WIDTH, MIN_SUMMARY_WIDTH = 248, 424, 320
#: On a narrow window the signing card shares the width with the tabs, never less than this.
NARROW_CARD_WIDTH = 280
TITLE_OPEN = "Do we stand behind these decisions?"
TITLE_SIGNED = "Signed off: these decisions stand"


def _least_height(tabs: QWidget) -> PageBlock:
    """The tabs in a holder that asks for their least height only: with the card under them (the
    smallest window, larger text) a height for their width took the card's and cut it."""
    holder = QVBoxLayout()
    holder.addWidget(tabs)
    block = PageBlock(holder)
    block.hide()
    return block


def _stack_card(body: QBoxLayout, card: QWidget, scroll: WholeScroll, *, stacked: bool) -> None:
    """The card under the tabs, as wide as they are, when even beside them it would run off the
    window (the smallest window with the largest text); the page then scrolls down to it."""
    direction = QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
    if body.direction() != direction:
        body.setDirection(direction)
    if stacked:
        card.setMinimumWidth(0)
        card.setMaximumWidth(16_777_215)  # QWIDGETSIZE_MAX: no limit
    else:
        card.setMaximumWidth(CARD_WIDTH)
    scroll.set_whole(stacked)


def _sentence(exc: UserError) -> str:
    """A refusal from the operations layer as one sentence (no "typed name:" prefix)."""
    text = exc.problem if isinstance(exc, ValidationError) else exc.message
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class SignoffStage(Stage):
    key = "signoff"
    title = "Sign-off"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._states: list[SignOffState] = []
        self._blockers: list[Blocker] = []
        self._last_signed = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self._build_header())
        self.banner = Banner()
        layout.addWidget(self.banner)
        body = self.body = QHBoxLayout()
        body.setSpacing(16)
        self.summary_box = self._build_summary()
        body.addWidget(self.summary_box, 1)
        self.people_box = self._build_people()
        body.addWidget(self.people_box)
        # On a narrow window the summary and the participants share one column, as two tabs.
        self.narrow_tabs = QTabWidget()
        self.narrow_tabs.setObjectName("signoffTabs")
        self.narrow_tabs.setDocumentMode(True)
        self.narrow_tabs.hide()
        self.narrow_box = _least_height(self.narrow_tabs)
        body.insertWidget(0, self.narrow_box, 1)
        self.card = self._build_card()
        body.addWidget(self.card)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.card)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.participants.setFocus)
        layout.addLayout(body, 1)
        self.focus_widget = self.form.name

    # -- building ------------------------------------------------------------------------------
    def _build_header(self) -> QWidget:
        """The question, then Revisions, Audit log, Signing identity and Reopen."""
        header = stage_header(TITLE_OPEN)
        self.heading = header.findChild(QLabel, "stageTitle")
        if self.heading is not None:
            self.heading.setWordWrap(True)  # a narrow window wraps the question, never clips it
        self.revisions_button = QPushButton("Revisions")
        self.revisions_button.setAccessibleName("Other revisions of this workshop")
        self.revisions_menu = QMenu(self.revisions_button)
        self.revisions_button.setMenu(self.revisions_menu)
        self.revisions_button.hide()
        self.audit_button = QPushButton("Audit log")
        self.audit_button.setAccessibleName("Show the audit log")
        self.audit_button.setToolTip("Every change, signature and sign-off, with who and when")
        self.audit_button.clicked.connect(self.show_audit_log)
        self.identity_button = QPushButton("Signing identity…")
        self.identity_button.setAccessibleName("Signing identity for the PDF")
        self.identity_button.setToolTip(
            "The identity that digitally signs the exported PDF of a signed-off revision"
        )
        self.identity_button.clicked.connect(self.show_identity)
        keep_enabled(self.revisions_button, self.audit_button, self.identity_button)
        self.reopen_button = QPushButton("Reopen as revision 2")
        self.reopen_button.setObjectName("primary")
        self.reopen_button.clicked.connect(self.reopen)
        self.reopen_button.hide()
        buttons: list[QWidget] = [
            self.revisions_button,
            self.audit_button,
            self.identity_button,
            self.reopen_button,
        ]
        # Beside the question; under it when they would squeeze it (small window, larger text).
        return HeaderRow(header, buttons)

    def _build_summary(self) -> QWidget:
        """What is being signed."""
        left = QVBoxLayout()
        left.setSpacing(6)
        self.summary_heading = section_title("What you are signing")
        left.addWidget(self.summary_heading)
        self.digest = muted_label()
        self.digest.setAccessibleName("Content digest")
        left.addWidget(self.digest)
        self.summary = SummaryView()
        left.addWidget(self.summary, 1)
        box = QWidget()
        box.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        return box

    def _build_people(self) -> QWidget:
        """Who signs, in signing order."""
        middle = QVBoxLayout()
        middle.setContentsMargins(0, 0, 0, 0)
        middle.setSpacing(6)
        self.people_heading = section_title("Who signs")
        middle.addWidget(self.people_heading)
        self.tally = WrapLabel(name="muted")
        self.tally.setAccessibleName("Signatures so far")
        middle.addWidget(self.tally)
        self.participants = ParticipantList()
        self.participants.currentItemChanged.connect(lambda *_a: self._show_panel())
        self.participants.itemActivated.connect(lambda _i: self._focus_panel())
        middle.addWidget(self.participants, 1)
        self.no_people = empty_state(
            "No participants yet. Add the people in the room in Setup (Ctrl+1) and mark the "
            "decision-makers."
        )
        self.no_people.hide()
        middle.addWidget(self.no_people, 1)
        box = QWidget()
        box.setLayout(middle)
        box.setFixedWidth(PEOPLE_WIDTH)
        return box

    def _build_card(self) -> QFrame:
        """Sign, view a signature, or settle blockers: one panel at a time."""
        card = QFrame()
        card.setObjectName("card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(1, 1, 1, 1)
        self.panel_scroll = WholeScroll()  # whole when under the tabs: the page scrolls
        self.panel_scroll.setWidgetResizable(True)
        self.panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.panel_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # One panel shows at a time; hidden ones take no room, so a short one never scrolls.
        self.panels = QWidget()
        self.panels.setObjectName("signoffPanel")
        panels_layout = QVBoxLayout(self.panels)
        panels_layout.setContentsMargins(20, 14, 20, 14)
        self.form = SignForm()
        self.form.submitted.connect(self.sign_current)
        self.view = SignatureView()
        self.view.withdraw.connect(self.withdraw)
        self.blockers = BlockersPanel()
        self.blockers.go_to.connect(self.stage_requested)
        self.blockers.go_to_place.connect(self.place_requested)
        self.empty = muted_label("Choose a participant on the left.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self._current_panel: QWidget = self.empty
        for panel in (self.form, self.view, self.blockers, self.empty):
            panels_layout.addWidget(panel)
            panel.setVisible(panel is self.empty)
        self.panel_scroll.setWidget(self.panels)
        card_layout.addWidget(self.panel_scroll)
        card.setFixedWidth(CARD_WIDTH)
        return card

    # -- narrow windows --------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.width() > 0:
            self._fit()  # before it shows again, so the page above knows its height at once

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.width() - 64 - CARD_WIDTH - PEOPLE_WIDTH - 2 * self.body.spacing()
        self._arrange(narrow=room < MIN_SUMMARY_WIDTH)
        if not self.narrow_tabs.isHidden():
            card = self._narrow_card_width()
            tabs = max(self.narrow_tabs.minimumSizeHint().width(), round(240 * text_scale()))
            beside = self.width() - 64 - self.body.spacing() - card >= tabs
            _stack_card(self.body, self.card, self.panel_scroll, stacked=not beside)
            if beside:
                self.card.setMinimumWidth(card)
        else:
            _stack_card(self.body, self.card, self.panel_scroll, stacked=False)

    def _arrange(self, *, narrow: bool) -> None:
        """Three columns when there is room; otherwise summary and participants as two tabs."""
        if narrow == (not self.narrow_tabs.isHidden()):  # shown or not, as it was arranged
            return
        focused = QApplication.focusWidget()
        if narrow:
            for box in (self.summary_box, self.people_box):
                self.body.removeWidget(box)
            self.people_box.setMinimumWidth(0)
            self.people_box.setMaximumWidth(16_777_215)
            self.narrow_tabs.addTab(self.summary_box, "Summary")
            self.narrow_tabs.setTabToolTip(0, "What you are signing")
            self.narrow_tabs.addTab(self.people_box, "Who signs")
            self.narrow_tabs.setCurrentWidget(self.people_box)
            # The card gives up width too: its fields wrap rather than run off the window.
            self.card.setMinimumWidth(self._narrow_card_width())
            self.card.setMaximumWidth(CARD_WIDTH)
            self.body.setStretchFactor(self.card, 1)
        else:
            self.narrow_tabs.clear()
            self.people_box.setFixedWidth(PEOPLE_WIDTH)
            self.card.setFixedWidth(CARD_WIDTH)
            self.body.setStretchFactor(self.card, 0)
            self.body.insertWidget(1, self.summary_box, 1)
            self.body.insertWidget(2, self.people_box)
            self.summary_box.show()
            self.people_box.show()
        self.narrow_tabs.setVisible(narrow)
        self.narrow_box.setVisible(narrow)
        self.summary_heading.setVisible(not narrow)
        self.people_heading.setVisible(not narrow)
        if focused is not None and self.isAncestorOf(focused):
            focused.setFocus()

    def _narrow_card_width(self) -> int:
        """The least width the open panel takes without cutting a field (the text size counts)."""
        bar = self.panel_scroll.verticalScrollBar().sizeHint().width()
        return max(NARROW_CARD_WIDTH, self.panels.minimumSizeHint().width() + bar + 4)

    # -- reading the state -----------------------------------------------------------------------
    @property
    def workshop(self) -> m.Workshop | None:
        return self.session.workshop if self.session is not None else None

    def _state(self, participant_id: str | None) -> SignOffState | None:
        return next((s for s in self._states if s.participant.id == participant_id), None)

    def _show_page(self, panel: QWidget) -> None:
        if panel is self._current_panel:
            return
        focused = QApplication.focusWidget()
        had_focus = focused is not None and self._current_panel.isAncestorOf(focused)
        self._current_panel.hide()
        self._current_panel = panel
        panel.show()
        if had_focus:
            self._focus_panel()

    @property
    def current_panel(self) -> QWidget:
        """The panel on the right: the form, a signature, the blockers or the empty note."""
        return self._current_panel

    # -- refresh -------------------------------------------------------------------------------
    def refresh(self, workshop: m.Workshop) -> None:
        self._states = signature_status(workshop)
        locked = workshop.is_locked
        blockers = [] if locked else sign_off_blockers(workshop)
        digest = self._states[0].current_digest if self._states else content_digest(workshop)
        self.summary.show_workshop(workshop)
        self.digest.setText(f"Content digest  {short_digest(digest)}")
        self.digest.setToolTip(
            f"SHA-256 {digest}\nEvery signature records this digest; any later change to the "
            "workshop makes the signatures void."
        )
        if self.heading is not None:
            self.heading.setText(TITLE_SIGNED if locked else TITLE_OPEN)
        self.summary_heading.setText("What was signed" if locked else "What you are signing")
        self.participants.show_states(self._states, locked=locked)
        self.participants.setVisible(bool(self._states))
        self.no_people.setVisible(not self._states)
        self.people_heading.setText("Who signed" if locked else "Who signs")
        if self.participants.current_id() is None:
            self._select_next()
        self._show_tally()
        self._blockers = blockers
        self._show_header_buttons(workshop)
        self.blockers.show_blockers(blockers)
        self._show_panel()

    def _show_tally(self) -> None:
        text, tip = words.tally(self._states)
        self.tally.setText(text)
        self.tally.setToolTip(tip)

    def _show_banner(self, ws: m.Workshop, blockers: list[Blocker]) -> None:
        selected = self._state(self.participants.current_id())
        self.banner.show_state(*words.banner(ws, self._states, blockers, selected))

    def _show_header_buttons(self, ws: m.Workshop) -> None:
        later = self._later_revision(ws)
        self.reopen_button.setVisible(ws.is_locked)
        if later is not None:
            self.reopen_button.setText(f"Open revision {later.revision}")
            self.reopen_button.setAccessibleName(
                f"Open revision {later.revision}, the one after this signed-off revision"
            )
        else:
            self.reopen_button.setText(f"Reopen as revision {ws.revision + 1}")
            self.reopen_button.setAccessibleName(
                f"Reopen: start revision {ws.revision + 1} as an editable copy"
            )
        self.revisions_menu.clear()
        revisions = self._revisions(ws)
        for summary in revisions:
            label = f"Revision {summary.revision} · {summary.status.label}"
            if summary.id == ws.id:
                label += " (this one)"
            action = self.revisions_menu.addAction(label)
            action.setEnabled(summary.id != ws.id)
            action.triggered.connect(lambda _c=False, wid=summary.id: self._open(wid))
        self.revisions_button.setVisible(len(revisions) > 1)

    def _revisions(self, ws: m.Workshop) -> list[WorkshopSummary]:
        if self.session is None:
            return []
        try:
            return signoff.revisions(self.session.library, ws.lineage_id)
        except UserError:
            return []

    def _later_revision(self, ws: m.Workshop) -> WorkshopSummary | None:
        later = [s for s in self._revisions(ws) if s.revision > ws.revision]
        return max(later, key=lambda s: s.revision) if later else None

    def _show_panel(self) -> None:
        ws = self.workshop
        state = self._state(self.participants.current_id())
        if ws is None:
            self._show_page(self.empty)
            return
        self._show_banner(ws, self._blockers)
        if self._blockers:
            self._show_page(self.blockers)
            return
        if state is None:
            self._show_page(self.empty)
            return
        if ws.is_locked or state.valid:
            self.view.show_state(state, can_withdraw=not ws.is_locked, locked=ws.is_locked)
            self._show_page(self.view)
            return
        notice, final = self._notice_for(state)
        self.form.set_participant(state, notice, final)
        self._show_page(self.form)

    def _notice_for(self, state: SignOffState) -> tuple[str, bool]:
        """What this participant should know before signing; whether theirs is the last one."""
        sig = state.signature
        notice = words.void_notice(sig, self._audit_log()) if state.void and sig is not None else ""
        return notice, self._is_final(state)

    def _audit_log(self) -> list[AuditRow]:
        if self.session is None:
            return []
        try:
            return self.session.library.audit_log(self.session.workshop_id)
        except UserError:
            return []

    def _is_final(self, state: SignOffState | None) -> bool:
        return words.is_final(self._states, state)

    def _select_next(self, after: str = "") -> None:
        """Select the next participant who still has to sign, in signing order."""
        order = signing_order(self._states)
        waiting = [s for s in order if not s.valid and s.participant.id != after]
        target = waiting[0] if waiting else (order[0] if order else None)
        if target is not None:
            self.participants.select_id(target.participant.id, quiet=True)

    def _focus_panel(self) -> None:
        panel = self.current_panel
        if panel is self.form:
            self.form.name.setFocus()
        elif panel is self.blockers and self.blockers.buttons:
            self.blockers.buttons[0].setFocus()

    def arrive(self) -> None:
        panel = self.current_panel
        self.focus_widget = self.form.name if panel is self.form else self.participants
        super().arrive()

    # -- what the room does --------------------------------------------------------------------
    def sign_current(self) -> None:
        """The selected participant signs with what is in the form."""
        session, state = self.session, self._state(self.participants.current_id())
        if session is None or state is None or self.current_panel is not self.form:
            return
        typed, stance, note, drawing = self.form.values()
        person = state.participant
        if not typed:
            self.form.show_error(f"Type your full name, {one_line(person.name, 80)}, to sign.")
            self.form.name.setFocus()
            return
        if not names_match(typed, person.name):
            self.form.show_error(
                f"“{one_line(typed, 80)}” does not match “{one_line(person.name, 80)}”. "
                "Type the full name as listed; capitals and accents do not matter."
            )
            self.form.name.selectAll()
            self.form.name.setFocus()
            return
        if stance is m.Stance.AGREE_WITH_RESERVATION and not note:
            self.form.show_error(
                "Write down the reservation, so it is recorded with the signature."
            )
            self.form.note.setFocus()
            return

        problems: list[str] = []

        def operation(library: Library) -> m.Signature:
            try:
                return signoff.sign(
                    library, session.workshop_id, person.id, typed, stance, note, drawing
                )
            except UserError as exc:
                raise UserError(_sentence(exc)) from None

        session.failed.connect(problems.append)
        try:
            ok, _signature = session.apply(operation)
        finally:
            session.failed.disconnect(problems.append)
        if not ok:
            self._problem(problems[-1] if problems else "The signature was not recorded.")
            return
        self.form.participant_id = None  # the next form starts empty
        self.form.reset()
        self._last_signed = person.id
        if session.locked:
            # A signed-off revision never changes: earlier edits can no longer be undone.
            session.undo_stack.clear()
            self._show_panel()
            self.participants.setFocus()
            return
        self._select_next(after=person.id)
        self._show_panel()
        self.form.show_confirmation(f"✓ {one_line(person.name, 80)} signed.")
        self._focus_panel()

    def _problem(self, text: str, focus: QWidget | None = None) -> None:
        """Say calmly, beside the form, why the signature was not recorded; keep Sign in view."""
        self.form.show_error(text)
        (focus or self.form.name).setFocus()
        QTimer.singleShot(
            0, self, lambda: self.panel_scroll.ensureWidgetVisible(self.form.sign_button, 0, 8)
        )

    def withdraw(self, signature_id: str) -> None:
        session = self.session
        if session is None or not signature_id or session.locked:
            return
        ok, withdrawn = session.apply(lambda lib: signoff.withdraw_signature(lib, signature_id))
        if ok:
            who = self._state(withdrawn.participant_id)
            name = one_line(who.participant.name, 80) if who is not None else "The participant"
            self.form.show_confirmation(f"{name}'s signature was withdrawn.")
            self.form.name.setFocus()

    def reopen(self) -> None:
        session = self.session
        ws = self.workshop
        if session is None or ws is None or not ws.is_locked:
            return
        later = self._later_revision(ws)
        if later is not None:
            self._open(later.id)
            return
        ok, new_id = session.apply(lambda lib: signoff.reopen(lib, ws.id))
        if ok:
            self._open(new_id)
            self._announce(
                f"Revision {ws.revision + 1} is open for corrections; revision {ws.revision} "
                "keeps its signatures."
            )

    def _open(self, workshop_id: str) -> None:
        self.workshop_requested.emit(workshop_id)

    def _announce(self, text: str) -> None:
        self.status_message.emit(text)

    def show_audit_log(self) -> None:
        ws = self.workshop
        if self.session is None or ws is None:
            return
        dialogs.audit_log_dialog(self, self.session.library, ws.id, ws.title).show()

    def show_identity(self) -> None:
        dialogs.identity_dialog(self).open()

    @staticmethod
    def progress(workshop: m.Workshop) -> Progress:
        if workshop.is_locked:
            return Progress(ProgressState.DONE, "", "Signed off: this revision is locked")
        if not workshop.signatures:
            # Nothing to check against the content digest, which takes a while to work out
            # for a large workshop and this runs after every edit.
            if not any(p.decision_maker for p in workshop.participants):
                return Progress(ProgressState.EMPTY, "", "No decision-makers to sign yet")
            return Progress(ProgressState.EMPTY, "", "Nobody has signed yet")
        states = signature_status(workshop)
        required = [s for s in states if s.required]
        if not required:
            return Progress(ProgressState.EMPTY, "", "No decision-makers to sign yet")
        signed = sum(1 for s in required if s.valid)
        badge = f"{signed}/{len(required)}"
        if any(s.void for s in states):
            return Progress(ProgressState.ATTENTION, badge, "Some signatures are void: sign again")
        if signed:
            return Progress(ProgressState.PARTIAL, badge, f"{signed} of {len(required)} signed")
        return Progress(ProgressState.EMPTY, "", "Nobody has signed yet")
