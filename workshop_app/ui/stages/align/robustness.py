""" "What would change the order": whether the top of the ranking is robust or fragile, and for
each pair of neighbours the smallest change of one goal's weight that would swap them
(`core.sensitivity`).

It takes no room from the matrix or the ranking: a toggle sits in the corner of Align's tab bar
(Alt+O), and opens a panel that lies over the right-hand side of the tabs, below the tab bar, until
it is closed again (the toggle, its × or Esc). The analysis runs only while the panel is open, on
the workshop as it is after each change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.sensitivity import Pair, Sensitivity, Verdict, workshop_sensitivity
from workshop_app.ui.read_only import keep_enabled
from workshop_app.ui.widgets.style import set_style_state
from workshop_app.ui.widgets.text import display, one_line, tooltip
from workshop_app.ui.widgets.wrap_label import WrapLabel

TITLE = "What would change the order"
#: The toggle's words, and the short ones when the tabs need the room (larger text, a small
#: window): the tabs are never squeezed for it.
_TOGGLE_TEXT, _TOGGLE_SHORT = "What would change the &order", "&Order"
#: The panel's width: a share of the tabs', within these bounds (pixels).
_SHARE, _NARROWEST, _WIDEST = 0.5, 420, 620


def pair_line(pair: Pair, limit: int = 40) -> str:
    """ "#1 ↔ #2  “Grow revenue” 5 → 3": the ranking's numbers, beside the ranking itself."""
    where = f"#{pair.upper.position} ↔ #{pair.lower.position}"
    if pair.swap is None:
        return f"{where}  no change of one weight swaps them"
    goal = one_line(pair.swap.goal_title, limit)
    return f"{where}  weight of “{goal}” {pair.swap.weight_from} → {pair.swap.weight_to}"


def pair_names(pair: Pair, limit: int = 80) -> str:
    return (
        f"#{pair.upper.position} {one_line(pair.upper.label, limit)}\n#{pair.lower.position} "
        + (one_line(pair.lower.label, limit))
    )


def _label(name: str = "", accessible: str = "") -> WrapLabel:
    label = WrapLabel(name=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if accessible:
        label.setAccessibleName(accessible)
    return label


class RobustnessPanel(QFrame):
    """The robustness of the ranking, opened from a toggle in the corner of the tab bar."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.setObjectName("card")
        self.setAccessibleName(TITLE)
        self.workshop: m.Workshop | None = None
        self.result: Sensitivity | None = None
        self.toggle = QToolButton()
        self.toggle.setText(_TOGGLE_TEXT)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setAccessibleName("Show what would change the order of the ranking")
        self.toggle.setToolTip(
            "For each pair of neighbours in the ranking: the smallest change of one goal's "
            "weight that swaps them, and whether the top is robust or fragile (Alt+O)"
        )
        self.toggle.toggled.connect(self._on_toggled)
        keep_enabled(self.toggle)
        # As tall as the tabs beside it, whatever the text size: the tab bar's height is all the
        # corner has.
        self.toggle.setStyleSheet("QToolButton { padding: 1px 8px; }")
        tabs.setCornerWidget(self.toggle, Qt.Corner.TopRightCorner)
        self._build()
        tabs.installEventFilter(self)
        self.hide()

    def _build(self) -> None:
        self.box = box = QVBoxLayout(self)
        box.setContentsMargins(16, 10, 10, 12)
        box.setSpacing(6)
        self.top = top = QHBoxLayout()
        top.setSpacing(8)
        # The toggle right above names the panel: its first line is the verdict.
        self.badge = QLabel()
        self.badge.setObjectName("done")
        self.badge.setAccessibleName("Robust or fragile")
        top.addWidget(self.badge, 1)
        close = QToolButton()
        close.setText("×")
        close.setAccessibleName("Close what would change the order")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(lambda: self.toggle.setChecked(False))
        keep_enabled(close)
        top.addWidget(close)
        box.addLayout(top)
        body = QWidget()
        self.column = column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 6, 0)
        column.setSpacing(8)
        self.verdict = _label(accessible="Is the top of the ranking robust or fragile")
        column.addWidget(self.verdict)
        self.pairs = _label(accessible="The smallest weight change that swaps each pair")
        column.addWidget(self.pairs)
        self.notes = _label("muted", "How goal weights reach this framework")
        column.addWidget(self.notes)
        column.addStretch(1)
        # Everything below the title scrolls when the tabs are short (a small screen).
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setWidget(body)
        self.area.viewport().setAutoFillBackground(False)
        body.setAutoFillBackground(False)
        self.body = body
        box.addWidget(self.area, 1)

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    def show_workshop(self, workshop: m.Workshop) -> None:
        """The workshop as it is now; worked out at once while the panel is open."""
        self.workshop = workshop
        self.result = None
        self.toggle.setEnabled(bool(workshop.needs))
        if not workshop.needs:
            self.toggle.setChecked(False)
        elif self.expanded:
            self._show()

    def _on_toggled(self, open_: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.UpArrow if open_ else Qt.ArrowType.DownArrow)
        self.toggle.setAccessibleName(
            ("Hide" if open_ else "Show") + " what would change the order of the ranking"
        )
        if open_:
            self._show()
            self.show()
            self.raise_()
            self._place()
            self.area.setFocus()
        else:
            self.hide()

    def _show(self) -> None:
        if self.workshop is None:
            return
        if self.result is None:
            self.result = workshop_sensitivity(self.workshop)
        result = self.result
        fragile = result.verdict == Verdict.FRAGILE
        self.badge.setText(
            {Verdict.FRAGILE: "⚠ Fragile", Verdict.ROBUST: "✓ Robust"}.get(result.verdict, "")
        )
        set_style_state(self.badge, "objectName", "attentionText" if fragile else "done")
        self.verdict.setText(display(result.verdict_text, 400))
        self.pairs.setText("\n".join(display(pair_line(pair), 200) for pair in result.pairs))
        self.pairs.setToolTip(
            tooltip("\n\n".join(f"{pair_line(p)}\n{pair_names(p)}" for p in result.pairs), 4000)
        )
        self.pairs.setVisible(bool(result.pairs))
        # The first note says how weights reach this framework; all of them are in the tooltip.
        self.notes.setText(display(result.notes[0], 300) if result.notes else "")
        self.notes.setToolTip(tooltip("\n\n".join(result.notes), 3000))
        self._place()

    def _place(self) -> None:
        """Over the right-hand side of the tabs, just below the tab bar, as tall as it needs."""
        tabs = self.tabs
        width = int(min(_WIDEST, max(_NARROWEST, tabs.width() * _SHARE)))
        width = min(width, tabs.width())
        top = tabs.tabBar().geometry().bottom() + 4
        margins = self.box.contentsMargins()
        # Less the body's own margin and room for a scroll bar.
        bar = self.area.verticalScrollBar().sizeHint().width()
        inner = width - margins.left() - margins.right() - 6 - bar
        shown = [w for w in (self.verdict, self.pairs, self.notes) if not w.isHidden()]
        wanted = (
            sum(w.heightForWidth(inner) for w in shown)
            + self.column.spacing() * (len(shown) - 1)
            + self.top.sizeHint().height()
            + self.box.spacing()
            + margins.top()
            + margins.bottom()
            + 8  # slack for rounding in the labels' own measuring
        )
        height = min(wanted, tabs.height() - top - 4)
        self.setGeometry(tabs.width() - width, top, width, max(height, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tabs and event.type() in (QEvent.Type.Resize, QEvent.Type.Polish):
            self._fit_toggle()
            if self.isVisible():
                self._place()
        return super().eventFilter(watched, event)

    def _fit_toggle(self) -> None:
        """The long words when the tabs and they fit side by side, else the short ones."""
        tabs_width = self.tabs.tabBar().sizeHint().width()
        text = self.toggle.text()
        self.toggle.setText(_TOGGLE_TEXT)
        wanted = self.toggle.sizeHint().width()
        self.toggle.setText(text)
        fits = tabs_width + wanted + 16 <= self.tabs.width()
        short = _TOGGLE_TEXT if fits else _TOGGLE_SHORT
        if short != text:
            self.toggle.setText(short)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.toggle.setChecked(False)
            self.toggle.setFocus()
            return
        super().keyPressEvent(event)
