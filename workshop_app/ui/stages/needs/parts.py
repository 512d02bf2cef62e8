"""The pieces around the probing panel: the request in quotes, the need bar, the start card."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.scoring import phase_flag_text
from workshop_app.core.titles import need_title
from workshop_app.ui.stages.needs.logic import request_meta
from workshop_app.ui.widgets.clamped_label import ClampedLabel
from workshop_app.ui.widgets.header_row import HeaderRow
from workshop_app.ui.widgets.labels import muted_label, section_title
from workshop_app.ui.widgets.text import one_line, tooltip

SPLIT_KEYS = "Ctrl+Shift+N"
ATTACH_KEYS = "Ctrl+Shift+M"


class RequestHeader(QWidget):
    """“The request, verbatim” — who asked · deadline · urgency · phase, and what it shares.

    Every line is clamped (the quote to a few lines, the rest to one or two) and elided, with the
    whole text in its tooltip, so a pasted novel never pushes the probing panel off a small
    screen and no line is ever squeezed into its neighbour.
    """

    #: Lines shown at most: (label, in a normal window, in the smallest windows).
    LINES = (("quote", 3, 2), ("meta", 2, 1), ("shared", 2, 1), ("phase_flag", 2, 1))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        self.quote = ClampedLabel(3, "quote")
        self.quote.setAccessibleName("The request")
        box.addWidget(self.quote)
        self.meta = ClampedLabel(2, "muted")
        box.addWidget(self.meta)
        self.shared = ClampedLabel(2, "muted")
        box.addWidget(self.shared)
        self.phase_flag = ClampedLabel(2, "attention")
        self.phase_flag.hide()
        box.addWidget(self.phase_flag)
        box.addStretch(1)

    def set_compact(self, compact: bool) -> None:
        """Fewer lines for the smallest windows."""
        for name, normal, small in self.LINES:
            label = getattr(self, name)
            assert isinstance(label, ClampedLabel)
            label.set_max_lines(small if compact else normal)

    def show_request(self, workshop: m.Workshop, request: m.Request, need: m.Need | None) -> None:
        self.quote.set_full_text(request.text, prefix="“", suffix="”")
        meta = request_meta(request)
        self.meta.set_full_text(
            f"— {meta}" if meta else "— who asked, deadline and phase not set yet"
        )
        flag = phase_flag_text(workshop, request)
        self.phase_flag.set_full_text(f"⚠ {flag}" if flag else "")
        self.phase_flag.setVisible(bool(flag))
        others = [workshop.request(rid) for rid in (need.request_ids if need else [])]
        shared = [r for r in others if r is not None and r.id != request.id]
        text = ""
        if shared:
            text = "The same need is behind " + ", ".join(
                f"“{one_line(r.text, 60)}”" for r in shared[:2]
            )
            text += f" and {len(shared) - 2} more" if len(shared) > 2 else ""
        self.shared.set_full_text(text, tip="\n".join(r.text for r in shared))
        self.shared.setVisible(bool(shared))


def attach_button(menu: QMenu, text: str) -> QToolButton:
    """A button that opens the list of needs already found, to point this request at one."""
    button = QToolButton()
    button.setText(text)
    button.setObjectName("attachButton")
    button.setAccessibleName("This request serves a need already found")
    button.setToolTip(f"Several requests can share one need: point this one at it ({ATTACH_KEYS})")
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class NeedBar(QWidget):
    """Which need of the request is shown (when it hides several), split, merge, remove."""

    need_chosen = Signal(str)

    def __init__(self, attach_menu: QMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabBar()
        self.tabs.setAccessibleName("Needs behind this request")
        self.tabs.setExpanding(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.setDrawBase(False)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.currentChanged.connect(self._on_tab)
        self.split_button = QPushButton("+ Another need")
        self.split_button.setAccessibleName("Add another need to this request")
        self.split_button.setToolTip(
            f"The request hides more than one need: add another ({SPLIT_KEYS})"
        )
        self.attach_button = attach_button(attach_menu, "Same need as…")
        self.remove_button = QPushButton("Remove need")
        # The buttons at the right of the tabs; on a narrow panel they go under them and wrap.
        line = QVBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(
            HeaderRow(self.tabs, [self.split_button, self.attach_button, self.remove_button])
        )
        self.compact = False

    def set_compact(self, compact: bool) -> None:
        """Shorter button labels for the smallest windows."""
        self.compact = compact
        self.split_button.setText("+ Need" if compact else "+ Another need")
        self.attach_button.setText("Same as…" if compact else "Same need as…")
        if "Unlink" in self.remove_button.text():
            self.remove_button.setText(self._unlink_text())

    def _unlink_text(self) -> str:
        return "Unlink" if self.compact else "Unlink from this request"

    def show_needs(
        self,
        workshop: m.Workshop,
        needs: list[m.Need],
        need: m.Need | None,
        *,
        editable: bool,
        can_attach: bool,
    ) -> None:
        labels = [f"Need {number}" for number in range(1, len(needs) + 1)]
        self.tabs.blockSignals(True)
        if [self.tabs.tabText(i) for i in range(self.tabs.count())] != labels:
            while self.tabs.count():
                self.tabs.removeTab(0)
            for label in labels:
                self.tabs.addTab(label)
        for index, item in enumerate(needs):
            self.tabs.setTabToolTip(index, tooltip(need_title(workshop, item, 400)))
            self.tabs.setTabData(index, item.id)
        if need is not None:
            self.tabs.setCurrentIndex(needs.index(need))
        self.tabs.setVisible(len(needs) > 1)
        self.tabs.blockSignals(False)
        shown = need is not None and editable  # signed off: nothing to split or merge
        self.split_button.setVisible(shown)
        self.attach_button.setVisible(shown)
        self.attach_button.setEnabled(can_attach)
        self.remove_button.setVisible(shown)
        if need is not None and len(need.request_ids) > 1:
            self.remove_button.setText(self._unlink_text())
            self.remove_button.setAccessibleName("Unlink this need from this request")
            self.remove_button.setToolTip("The need stays with the other requests it serves")
        else:
            self.remove_button.setText("Remove need")
            self.remove_button.setAccessibleName("Remove this need")
            self.remove_button.setToolTip("Remove this need (Ctrl+Z brings it back)")

    def _on_tab(self, index: int) -> None:
        need_id = self.tabs.tabData(index) if index >= 0 else None
        if need_id:
            self.need_chosen.emit(str(need_id))


class StartCard(QWidget):
    """Shown while a request has no need: one obvious action to start finding it."""

    def __init__(self, attach_menu: QMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        card = QFrame()
        card.setObjectName("card")
        outer.addWidget(card)
        outer.addStretch(1)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        heading = section_title("What result is the division really after?", wrap=True)
        layout.addWidget(heading)
        text = muted_label(
            "No need recorded for this request yet. Start by asking why it matters: each "
            "answer becomes one rung of the why-ladder, until the result the division wants "
            "is clear.",
            wrap=True,
        )
        layout.addWidget(text)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        self.start_button = QPushButton("Find the need   ⏎")
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName("Find the need behind this request")
        self.start_button.setAutoDefault(True)  # Enter presses it
        buttons.addWidget(self.start_button)
        self.attach_button = attach_button(attach_menu, "It serves a need we already found…")
        buttons.addWidget(self.attach_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
