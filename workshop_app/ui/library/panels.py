"""Parts of the library page: the recently opened chips, the first-run choices, what the list
shows while the database opens or when nothing matches, and the bar that undoes a delete."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workshop_app.storage.catalog import WorkshopSummary
from workshop_app.ui.widgets.flow import FlowLayout
from workshop_app.ui.widgets.labels import muted_label, plain_label, section_title
from workshop_app.ui.widgets.text import one_line, tooltip

if TYPE_CHECKING:
    from workshop_app.storage.templates import Template

RECENT_KEY = "recentWorkshops"
RECENT_SHOWN = 4


def recent_ids(settings: QSettings | None) -> list[str]:
    """The workshops opened lately, most recent first."""
    if settings is None:
        return []
    value = settings.value(RECENT_KEY, [])
    ids = [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
    last = settings.value("lastWorkshop")
    if last and str(last) not in ids:
        ids.insert(0, str(last))
    return ids


def remember(settings: QSettings | None, workshop_id: str) -> None:
    if settings is None:
        return
    ids = [workshop_id, *(i for i in recent_ids(settings) if i != workshop_id)]
    settings.setValue(RECENT_KEY, ids[:12])


class RecentChips(QWidget):
    """ "Recently opened" and a chip per workshop; the chips wrap onto a second line rather
    than squeeze when the window is narrow."""

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.label = QLabel("Recently opened")
        self.label.setObjectName("fieldLabel")
        self.label.hide()  # until there is something recent to show
        row.addWidget(self.label, 0, Qt.AlignmentFlag.AlignVCenter)
        chips = QWidget()
        self.chips = FlowLayout(chips)
        row.addWidget(chips, 1)
        self.buttons: list[QPushButton] = []

    def fill(self, summaries: list[WorkshopSummary], ids: list[str]) -> None:
        for button in self.buttons:
            self.chips.removeWidget(button)
            button.hide()  # deleted later: until then it must not show beside the new chips
            button.deleteLater()
        self.buttons = []
        by_id = {s.id: s for s in summaries}
        recent = [by_id[i] for i in ids if i in by_id][:RECENT_SHOWN]
        for summary, title in zip(recent, chip_titles(recent), strict=True):
            button = QPushButton()
            button.setObjectName("chip")
            room = 24 * button.fontMetrics().averageCharWidth()  # grows with the text size
            text = button.fontMetrics().elidedText(title, Qt.TextElideMode.ElideMiddle, room)
            button.setText(text.replace("&", "&&"))
            full = f"{summary.title} — {summary.division}".strip(" —")
            button.setToolTip(tooltip(full, run=40))
            button.setAccessibleName(f"Open recent workshop {title}")
            button.clicked.connect(lambda _c=False, i=summary.id: self.open_requested.emit(i))
            self.chips.addWidget(button)
            self.buttons.append(button)
        self.label.setVisible(bool(recent))

    def chain_tabs(self, before: QWidget, after: QWidget) -> None:
        """Chips made later still sit between `before` and `after` in the tab order."""
        for first, second in pairwise([before, *self.buttons, after]):
            QWidget.setTabOrder(first, second)


def chip_titles(summaries: list[WorkshopSummary]) -> list[str]:
    """The recent workshops' titles on one line each, told apart where titles are the same
    (a duplicate, a follow-up, a new revision) by revision, division, or when last changed."""
    titles = [one_line(s.title, 80) for s in summaries]
    labels = []
    for summary, title in zip(summaries, titles, strict=True):
        twins = [s for s, t in zip(summaries, titles, strict=True) if t == title]
        if len(twins) > 1:
            revisions = {s.revision for s in twins}
            divisions = {s.division for s in twins}
            detail = (
                f"revision {summary.revision}"
                if len(revisions) == len(twins)
                else one_line(summary.division, 30)
                if len(divisions) == len(twins)
                else f"changed {summary.updated_at[:16].replace('T', ' ')}"
            )
            labels.append(f"{title} · {detail}" if detail else title)
        else:
            labels.append(title)
    return labels


class FirstRunPanel(QFrame):
    """An empty library: start blank or from a template (filled when first shown: it lists the
    templates)."""

    template_chosen = Signal(object)  # a Template
    blank_chosen = Signal()
    connect_chosen = Signal()  # "Connect to a team library…"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyPanel")
        self.buttons: list[QPushButton] = []

    def fill(self, templates: list[Template]) -> None:
        if self.buttons:
            return
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(12)
        layout.addStretch(1)
        title = section_title("No workshops yet")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        text = muted_label(
            "Start a blank workshop with Ctrl+N, or begin from a template: "
            "goals and an agenda are ready to adapt, the requests come from the room.",
            wrap=True,
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(text)
        cards = QHBoxLayout()
        cards.setSpacing(12)
        cards.addStretch(1)
        for template in templates:
            button = _card(template.title, template.summary)
            button.setAccessibleName(f"New workshop from the template {template.title}")
            button.clicked.connect(lambda _c=False, t=template: self.template_chosen.emit(t))
            cards.addWidget(button)
            self.buttons.append(button)
        blank = _card("Blank workshop", "Start from nothing; fill in as the room talks")
        blank.setAccessibleName("New blank workshop")
        blank.clicked.connect(self.blank_chosen)
        cards.addWidget(blank)
        self.buttons.append(blank)
        cards.addStretch(1)
        layout.addLayout(cards)
        team = QPushButton("Connect to a team library…")
        team.setObjectName("linkButton")
        team.setAccessibleName("Connect to a team library your CIO office shares")
        team.setToolTip("Open the library your CIO office shares on a PostgreSQL server")
        team.clicked.connect(self.connect_chosen)
        self.connect_button = team
        layout.addWidget(team, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)


def _card(title: str, summary: str) -> QPushButton:
    """A large button with a title line and a wrapped line of detail (for the first run)."""
    button = QPushButton()
    button.setObjectName("templateCard")
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
    button.setMaximumWidth(300)
    inner = QVBoxLayout(button)
    inner.setContentsMargins(16, 12, 16, 12)
    inner.setSpacing(4)
    for text, name in ((title, "cardTitle"), (summary, "muted")):
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        inner.addWidget(label)
    inner.addStretch(1)
    button.setMinimumSize(220, inner.sizeHint().height() + 8)
    button.setToolTip(summary)
    return button


class OpeningPanel(QFrame):
    """What the list shows in the moment before the database is open (start-up)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyPanel")
        layout = QVBoxLayout(self)
        self.label = muted_label("Opening your workshops…")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.label)


class NoMatchPanel(QFrame):
    """Nothing matches the search and filters: say so, and offer to clear them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyPanel")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.label = muted_label(wrap=True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.label)
        self.clear_button = QPushButton("Clear search and filters")
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)


class UndoBar(QFrame):
    """After a delete: what went, and Undo."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        bar = QHBoxLayout(self)
        bar.setContentsMargins(16, 8, 8, 8)
        self.label = plain_label("", wrap=False)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.label, 1)
        self.button = QPushButton("Undo")
        self.button.setAccessibleName("Undo delete")
        self.button.setToolTip("Bring the workshop back (Ctrl+Z)")
        bar.addWidget(self.button)

    def show_deleted(self, title: str) -> None:
        self.label.setText(f"Deleted “{title}”. Undo brings it back, exactly as it was.")
        self.show()
