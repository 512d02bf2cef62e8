"""Presentation mode (F5): full screen for the wall, one request at a time.

The request small and in quotes, the need large, the why-ladder as steps, the goals it serves as
chips with their strength, the alignment score, and the decision once made. Arrow keys and
Page Up/Down move between requests (so a presenter clicker works); Esc or F5 goes back to
editing, on the same stage, at the request that was on the wall. Nothing here can be edited.
It follows the session's `changed` signal, so edits made meanwhile show at once.

Every piece of user text is plain text, shortened and given break opportunities, so markup,
emoji, right-to-left scripts and 10,000-character words stay on the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.purpose import discussion_settled
from workshop_app.core.scoring import alignment
from workshop_app.ui.due_dates import in_words
from workshop_app.ui.kinds import kind_color
from workshop_app.ui.theme import DARK, Colors, current_colors
from workshop_app.ui.widgets.flow import FlowLayout
from workshop_app.ui.widgets.icons import IconLabel
from workshop_app.ui.widgets.style import set_style_state
from workshop_app.ui.widgets.text import one_line, wrappable

if TYPE_CHECKING:
    from workshop_app.ui.changes import Changes
    from workshop_app.ui.session import WorkshopSession
    from workshop_app.ui.window_base import AppWindow

SCREEN = QSize(1920, 1080)
MAX_RUNGS = 5
MAX_CHIPS = 6
NEED_MIN_PT = 28.0
# Tried in turn until the slide fits: (type scale, why-ladder steps shown, share of long texts).
FIT_STEPS = (
    (1.0, MAX_RUNGS, 1.0),
    (0.88, MAX_RUNGS, 1.0),
    (0.76, 4, 0.8),
    (0.66, 3, 0.6),
    (0.58, 2, 0.45),
    (0.5, 1, 0.3),
)

_NEXT = {Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Down, Qt.Key.Key_Space}
_PREVIOUS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace}
_LEAVE = {Qt.Key.Key_Escape, Qt.Key.Key_F5}


def _label(text: str, name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setIndent(0)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def _bring_to_front(widget: QWidget) -> None:
    if QGuiApplication.platformName() != "offscreen":  # it cannot stack windows, and says so
        widget.raise_()
    widget.activateWindow()


def _dots(strength: m.Strength) -> str:
    return "●" * strength.points + "○" * (3 - strength.points)


def served_goals(ws: m.Workshop, needs: list[m.Need]) -> list[tuple[m.StrategicGoal, m.Strength]]:
    """Goals the request's needs serve, strongest first (the best link per goal counts)."""
    best: dict[str, m.Strength] = {}
    for need in needs:
        for link in ws.links_for(need.id):
            if link.strength.points > best.get(link.goal_id, m.Strength.NONE).points:
                best[link.goal_id] = link.strength
    order = {g.id: i for i, g in enumerate(ws.goals)}
    goals = [(g, best[g.id]) for g in ws.goals if g.id in best]
    return sorted(goals, key=lambda pair: (-pair[1].points, order[pair[0].id]))


def presentation_style(c: Colors, unit: float, dark: bool) -> str:
    """High contrast and large type, scaled to the screen (unit 1.0 = 1920×1080)."""
    bg, text, muted, line = (
        ("#0b0d10", "#ffffff", "#c9d0da", "#3a414c")
        if dark
        else ("#ffffff", "#0b1220", "#3f4856", "#c9ced6")
    )

    def size(points: float, minimum: float) -> str:
        return f"{max(minimum, points * unit):.1f}pt"

    return f"""
    QWidget#presentation {{ background: {bg}; }}
    QLabel {{ color: {text}; background: transparent; }}
    QLabel#presWhere, QLabel#presTimer, QLabel#presKeys {{ color: {muted};
        font-size: {size(15, 11)}; }}
    QLabel#presTimer[overtime="true"] {{ color: {c.amber}; }}
    QLabel#presQuote {{ color: {muted}; font-size: {size(24, 16)}; font-style: italic; }}
    QLabel#presAsker {{ color: {muted}; font-size: {size(17, 12)}; }}
    QLabel#presNeed {{ font-size: {size(46, NEED_MIN_PT)}; font-weight: 700; }}
    QLabel#presNeedSmall {{ font-size: {size(36, NEED_MIN_PT)}; font-weight: 700; }}
    QLabel#presNoNeed {{ color: {muted}; font-size: {size(36, NEED_MIN_PT)}; }}
    QLabel#presHeading {{ color: {muted}; font-size: {size(14, 11)}; font-weight: 700;
        letter-spacing: 2px; }}
    QLabel#presStepNumber {{ color: {c.accent}; font-size: {size(20, 14)}; font-weight: 700; }}
    QLabel#presStep {{ font-size: {size(22, 15)}; }}
    QLabel#presMore, QLabel#presMeta {{ color: {muted}; font-size: {size(17, 12)}; }}
    QWidget#presChip {{ border: 2px solid {line}; border-radius: 12px; }}
    QLabel#presChipText {{ font-size: {size(18, 13)}; }}
    QLabel#presChipDots {{ color: {c.accent}; font-size: {size(18, 13)}; }}
    QLabel#presScore {{ font-size: {size(22, 15)}; font-weight: 600; }}
    QLabel#presUnclear {{ color: {c.amber}; background: {c.amber_bg}; border-radius: 8px;
        padding: 6px 12px; font-size: {size(18, 13)}; font-weight: 600; }}
    QLabel#presDecision {{ font-size: {size(30, 20)}; font-weight: 700; }}
    QLabel#presRationale {{ font-size: {size(21, 15)}; }}
    QLabel#presOpen {{ color: {muted}; font-size: {size(24, 16)}; }}
    """


class PresentationWindow(QWidget):
    """One per main window (see `instance`); shown full screen, hidden when left."""

    @classmethod
    def instance(cls, window: AppWindow) -> PresentationWindow:
        existing = window.findChild(PresentationWindow)
        return existing if existing is not None else cls(window)

    def __init__(self, window: AppWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.window_ = window
        self.session: WorkshopSession | None = None
        self.request_id: str | None = None
        self._return_focus: QWidget | None = None
        self._style_key: tuple[float, bool] | None = None
        self._rungs, self._share = MAX_RUNGS, 1.0  # how much detail the slide shows (see fit)
        self.setObjectName("presentation")
        self.setWindowTitle("Presentation — Workshop App")
        self.setAccessibleName("Presentation mode")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.root = QVBoxLayout(self)
        # Full screen anyway: the slide's content must not set the window's minimum size.
        self.root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        top = QHBoxLayout()
        self.where = _label("", "presWhere", wrap=False)
        self.where.setAccessibleName("Workshop and request number")
        top.addWidget(self.where, 1)
        self.clock = IconLabel("timer")
        self.clock.setObjectName("presTimer")
        self.clock.setAccessibleName("Agenda timer")
        top.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignRight)
        self.root.addLayout(top)
        self.body = QWidget()
        self.root.addWidget(self.body, 1)
        self.keys = _label(
            "←  →  move between requests     Esc  back to editing", "presKeys", wrap=False
        )
        self.root.addWidget(self.keys)
        window.timer.ticked.connect(self._on_tick)
        self._on_tick(*window.timer.current())

    # -- entering and leaving ------------------------------------------------------------------
    def show_for(self, session: WorkshopSession) -> None:
        """F5: present the session full screen (or, when already presenting, go back)."""
        if self.isVisible():
            self.leave()
            return
        self._return_focus = QApplication.focusWidget()
        self._bind(session)
        self.show_request(self._starting_request())
        self.showFullScreen()
        _bring_to_front(self)
        self.setFocus()

    def leave(self) -> None:
        """Back to editing: the same stage, at the request that was on the wall."""
        request_id = self.request_id
        self.hide()
        self._bind(None)
        window = self.window_
        _bring_to_front(window)
        stage = window.current_stage()
        if stage is not None and request_id is not None:
            stage.select_request(request_id)
        focus = self._return_focus
        self._return_focus = None
        if focus is not None and focus.isVisible() and focus.window() is window:
            focus.setFocus()
        elif stage is not None:
            stage.arrive()

    def _bind(self, session: WorkshopSession | None) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
        self.session = session
        if session is not None:
            session.changed.connect(self._on_changed)

    def _starting_request(self) -> str | None:
        assert self.session is not None
        ws = self.session.workshop
        stage = self.window_.current_stage()
        # The request in view on the stage (Decide and Needs show one at a time).
        candidates = [stage.current_request_id() if stage is not None else None, self.request_id]
        for candidate in candidates:
            if candidate and ws.request(candidate) is not None:
                return str(candidate)
        return ws.requests[0].id if ws.requests else None

    # -- moving --------------------------------------------------------------------------------
    def step(self, step: int) -> None:
        if self.session is None:
            return
        ids = [r.id for r in self.session.workshop.requests]
        if not ids:
            return
        index = ids.index(self.request_id) if self.request_id in ids else 0
        self.show_request(ids[max(0, min(len(ids) - 1, index + step))])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        count = len(self.session.workshop.requests) if self.session is not None else 0
        if key in _LEAVE:
            self.leave()
        elif key in _NEXT:
            self.step(1)
        elif key in _PREVIOUS:
            self.step(-1)
        elif key == Qt.Key.Key_Home:
            self.step(-count)
        elif key == Qt.Key.Key_End:
            self.step(count)
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the full-screen window (Alt+F4) is leaving presentation mode.
        if self.isVisible() and self.session is not None:
            self.leave()
        super().closeEvent(event)

    # -- showing -------------------------------------------------------------------------------
    def _on_changed(self, _workshop: m.Workshop, _changes: Changes) -> None:
        # The slide shows a little of everything: any change may show on it.
        self.show_request(self.request_id)

    def _on_tick(self, text: str, overtime: bool) -> None:
        self.clock.setText(text)
        set_style_state(self.clock, "overtime", overtime)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size() != event.oldSize() and self.session is not None:
            self.show_request(self.request_id)  # type sizes follow the screen

    def _base_unit(self) -> float:
        """1.0 on a 1920×1080 screen; smaller screens get proportionally smaller type."""
        return max(0.5, min(self.width() / SCREEN.width(), self.height() / SCREEN.height()))

    def _restyle(self, unit: float) -> None:
        dark = current_colors() is DARK
        key = (round(unit, 3), dark)
        if key == self._style_key:
            return
        self._style_key = key
        self.setStyleSheet(presentation_style(current_colors(), unit, dark))
        base = self._base_unit()
        side, edge = round(96 * base), round(48 * base)
        self.root.setContentsMargins(side, edge, side, edge)
        self.root.setSpacing(round(24 * base))

    def show_request(self, request_id: str | None) -> None:
        """Show one request (the first when it is gone); rebuilds the slide.

        Long texts are shortened first; if the slide is still too tall for the screen, the type
        steps down (never the need below 28 pt) until it fits.
        """
        if self.session is None:
            return
        ws = self.session.workshop
        request = ws.request(request_id) if request_id else None
        if request is None and ws.requests:
            request = ws.requests[0]
        self.request_id = request.id if request is not None else None
        title = one_line(ws.title, 60)
        if request is None:
            self.where.setText(title)
        else:
            number = ws.requests.index(request) + 1
            self.where.setText(f"{title}   ·   Request {number} of {len(ws.requests)}")
        step = 0
        while True:
            factor, rungs, share = FIT_STEPS[step]
            self._rungs, self._share = rungs, share
            self._restyle(self._base_unit() * factor)
            body = QWidget()
            if request is None:
                layout = QVBoxLayout(body)
                layout.addStretch(1)
                layout.addWidget(_label("No requests captured yet.", "presNoNeed"))
                layout.addStretch(2)
            else:
                self._build_slide(body, ws, request)
            self._swap_body(body)
            room = self._room()
            if room >= 1.0 or step == len(FIT_STEPS) - 1:
                break
            # Text area grows with the square of the type size: jump to a step likely to fit.
            wanted = factor * room**0.5
            step = next(
                (i for i in range(step + 1, len(FIT_STEPS)) if FIT_STEPS[i][0] <= wanted),
                len(FIT_STEPS) - 1,
            )

    def _limit(self, characters: int) -> int:
        return max(24, round(characters * self._share))

    def _swap_body(self, body: QWidget) -> None:
        old = self.body
        self.root.replaceWidget(old, body)
        old.hide()
        old.deleteLater()
        self.body = body
        body.show()

    def _room(self) -> float:
        """Height available for the slide's content ÷ height it needs (≥ 1.0: it fits)."""
        self.ensurePolished()
        self.body.ensurePolished()
        layout = self.body.layout()
        if layout is None:
            return 1.0
        margins = self.root.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        height = (
            layout.totalHeightForWidth(width)
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        chrome = self.where.sizeHint().height() + self.keys.sizeHint().height()
        room = self.height() - margins.top() - margins.bottom() - chrome - 2 * self.root.spacing()
        return max(0, room) / max(1, height)

    def fits(self) -> bool:
        """Whether the slide on show fits the screen (for tests and screenshots)."""
        return self._room() >= 1.0

    def _build_slide(self, body: QWidget, ws: m.Workshop, request: m.Request) -> None:
        unit = self._style_key[0] if self._style_key else 1.0
        gap = round(24 * unit)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(round(12 * unit))
        layout.addWidget(
            _label(wrappable(f"“{request.text.strip()}”", self._limit(180)), "presQuote")
        )
        asker = " · ".join(
            part
            for part in (
                one_line(request.requested_by, 80),
                f"by {one_line(request.deadline, 40)}" if request.deadline else "",
            )
            if part
        )
        if asker:
            layout.addWidget(_label(wrappable(asker, self._limit(140)), "presAsker"))
        layout.addSpacing(gap)

        needs = ws.needs_for(request.id)
        if not needs:
            layout.addWidget(
                _label("The need behind this request has not been found yet.", "presNoNeed")
            )
        for need in needs[:3]:
            statement = need.statement.strip() or "The need has not been written down yet."
            alone = len(needs) == 1
            name = "presNeed" if alone and len(statement) <= 110 else "presNeedSmall"
            layout.addWidget(_label(wrappable(statement, self._limit(200 if alone else 120)), name))
        if len(needs) > 3:
            layout.addWidget(_label(f"and {len(needs) - 3} more needs", "presMore"))
        layout.addSpacing(gap)

        columns = QHBoxLayout()
        columns.setSpacing(round(64 * unit))
        columns.addLayout(self._ladder(needs, unit), 11)
        columns.addLayout(self._alignment_and_decision(ws, request, needs, unit), 9)
        layout.addLayout(columns)
        layout.addStretch(1)

    def _ladder(self, needs: list[m.Need], unit: float) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(round(10 * unit))
        rungs = next((n.why_ladder for n in needs if any(r.strip() for r in n.why_ladder)), [])
        rungs = [r for r in rungs if r.strip()]
        if rungs:
            box.addWidget(_label("WHY IT MATTERS", "presHeading"))
            steps = QGridLayout()
            steps.setHorizontalSpacing(round(16 * unit))
            steps.setVerticalSpacing(round(10 * unit))
            steps.setColumnStretch(1, 1)
            for row, rung in enumerate(rungs[: self._rungs]):
                number = _label(str(row + 1), "presStepNumber", wrap=False)
                steps.addWidget(number, row, 0, Qt.AlignmentFlag.AlignTop)
                steps.addWidget(_label(wrappable(rung, self._limit(140)), "presStep"), row, 1)
            box.addLayout(steps)
            if len(rungs) > self._rungs:
                more = len(rungs) - self._rungs
                box.addWidget(_label(f"and {more} more step{'s' * (more > 1)}", "presMore"))
        box.addStretch(1)
        return box

    def _alignment_and_decision(
        self, ws: m.Workshop, request: m.Request, needs: list[m.Need], unit: float
    ) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(round(12 * unit))
        goals = served_goals(ws, needs)
        if needs:
            box.addWidget(_label("SERVES", "presHeading"))
            chips = QWidget()
            flow = FlowLayout(chips, spacing=round(12 * unit))
            for goal, strength in goals[:MAX_CHIPS]:
                flow.addWidget(self._chip(goal, strength, unit))
            if not goals:
                flow.addWidget(_label("No strategic goal linked yet", "presMeta"))
            box.addWidget(chips)
            box.addSpacing(round(4 * unit))
            results = [alignment(ws, n) for n in needs]
            best = max(results, key=lambda r: r.score)
            box.addWidget(_label(f"Alignment {best.score} of 100", "presScore"))
            if all(r.unclear for r in results):
                discussed = all(
                    discussion_settled(r, n) for r, n in zip(results, needs, strict=True)
                )
                text = (
                    "⚠ Alignment unclear: discussed in the room"
                    if discussed
                    else "⚠ Serves only the division: how does it serve the company?"
                    if any(r.division_only for r in results)
                    else "⚠ Alignment unclear: clarify the purpose first"
                )
                box.addWidget(
                    _label(text, "presUnclear", wrap=False), 0, Qt.AlignmentFlag.AlignLeft
                )
            box.addSpacing(round(16 * unit))

        decision = ws.decision_for(request.id)
        box.addWidget(_label("DECISION", "presHeading"))
        if decision.kind is None:
            box.addWidget(_label("Still to decide", "presOpen"))
        else:
            row = QHBoxLayout()
            row.setSpacing(round(14 * unit))
            dot = QLabel()
            size = max(14, round(22 * unit))
            dot.setFixedSize(size, size)
            color = kind_color(decision.kind).name()
            dot.setStyleSheet(f"background: {color}; border-radius: {size // 2}px;")
            row.addWidget(dot, 0, Qt.AlignmentFlag.AlignVCenter)
            row.addWidget(_label(decision.kind.label, "presDecision", wrap=False), 1)
            box.addLayout(row)
            if decision.rationale.strip():
                box.addWidget(
                    _label(wrappable(decision.rationale, self._limit(200)), "presRationale")
                )
            if decision.kind is m.DecisionKind.DECLINE:
                box.addWidget(_label("A clear no frees effort for what matters more.", "presMeta"))
            facts = [
                one_line(decision.next_step, 120),
                one_line(decision.owner, 60),
                in_words(decision.due_date).split(" · ")[0] if decision.due_date else "",
            ]
            meta = " · ".join(f for f in facts if f)
            if meta:
                box.addWidget(_label(wrappable(meta, self._limit(160)), "presMeta"))
        box.addStretch(1)
        return box

    def _chip(self, goal: m.StrategicGoal, strength: m.Strength, unit: float) -> QWidget:
        chip = QWidget()
        chip.setObjectName("presChip")
        chip.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(chip)
        row.setContentsMargins(round(16 * unit), round(8 * unit), round(16 * unit), round(8 * unit))
        row.setSpacing(round(12 * unit))
        row.addWidget(_label(one_line(goal.title, 36), "presChipText", wrap=False))
        dots = _label(_dots(strength), "presChipDots", wrap=False)
        row.addWidget(dots)
        chip.setAccessibleName(f"{one_line(goal.title, 80)}: {strength.label.lower()} link")
        return chip

    # -- for screenshots -----------------------------------------------------------------------
    def snapshot(
        self, session: WorkshopSession, request_id: str | None = None, size: QSize = SCREEN
    ) -> QPixmap:
        """The slide for a request as an image of `size`, without showing any window."""
        previous = self.session
        self._bind(session)
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.resize(size)
        self.show_request(request_id or self._starting_request())
        self.show()
        QApplication.processEvents()
        pixmap = self.grab()
        self.hide()
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
        self._bind(previous)
        return pixmap
