"""The room on the wall: the QR code and join code while people join, the live round while they
answer (who has answered, never what), and the spread at the reveal.

Full screen on the screen it is shown on (drag it to the projector first, or show it there);
Esc closes it and the facilitator's panel stays. Type is sized from the screen's height, so the
body text stays above 24 px at 1080p. User text is plain text, shortened for the wall.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workshop_app.core import rounds as r
from workshop_app.ui.room.qr import qr_pixmap
from workshop_app.ui.room.strip import SpreadStrip
from workshop_app.ui.theme import current_colors
from workshop_app.ui.widgets.text import one_line, plural, wrappable

if TYPE_CHECKING:
    from workshop_app.storage.rounds import RoundView
    from workshop_app.ui.room.controller import RoomController


def _label(text: str, px: int, *, bold: bool = False, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    font = QFont(label.font())
    font.setPixelSize(px)
    font.setBold(bold)
    label.setFont(font)
    return label


class RoomWall(QWidget):
    """The room's wall view."""

    def __init__(self, controller: RoomController, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.setWindowTitle("The room — wall")
        self.setAccessibleName("The room on the wall")
        colors = current_colors()
        self.setStyleSheet(f"background: {colors.surface}; color: {colors.text};")
        self._amber = colors.amber
        self._muted = colors.muted
        self._ink, self._accent = colors.text, colors.accent
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(64, 48, 64, 48)
        self.body.setSpacing(24)
        self._qr: tuple[tuple[str, int], QPixmap] | None = None
        self._shape: tuple[object, ...] | None = None  # what the wall was last built for
        self._answered: QLabel | None = None
        controller.changed.connect(self.refresh)
        controller.session.changed.connect(lambda *_: self.refresh())
        controller.ended.connect(self.close)

    def show_on_wall(self) -> None:
        if QGuiApplication.platformName() == "offscreen":  # no screen to fill: a 1080p one
            self.resize(1920, 1080)
        self._shape = None  # built again at this size
        self.refresh()
        self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            self.close()
            return
        super().keyPressEvent(event)

    def _unit(self) -> int:
        """One line of body text in pixels: 1/36 of the height (30 px at 1080p)."""
        return max(24, self.height() // 36)

    def _clear(self) -> None:
        while self.body.count():
            item = self.body.takeAt(0)
            if item is None:
                continue
            widget = item.widget()
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
            elif item.layout() is not None:
                _drop_layout(item.layout())  # type: ignore[arg-type]

    def refresh(self) -> None:
        if not self.controller.invited:
            return
        live = self.controller.live_round()
        ws = self.controller.session.workshop
        shape = (
            (live.id, live.state, ws)
            if live is not None
            else (None, len(self.controller.joined()), ws)
        )
        if live is not None and live.state is r.RoundState.OPEN and shape == self._shape:
            if self._answered is not None:  # answers arriving: only the count changes
                self._answered.setText(self._answered_text(live))
            return
        self._shape = shape
        self._answered = None
        self._clear()
        if live is None:
            self._show_invitation()
        else:
            self._show_round(live)

    def _answered_text(self, live: RoundView) -> str:
        total = len(self.controller.session.workshop.participants)
        return f"{len(live.answered())} of {plural(total, 'participant')} have answered"

    def _show_invitation(self) -> None:
        c, u = self.controller, self._unit()
        ws = c.session.workshop
        self.body.addWidget(_label(one_line(ws.title, 120), int(u * 1.6), bold=True))
        row = QHBoxLayout()
        row.setSpacing(u * 2)
        qr = QLabel()
        side = int(self.height() * 0.6)
        if self._qr is None or self._qr[0] != (c.join_url, side):  # once per invitation
            self._qr = ((c.join_url, side), qr_pixmap(c.join_url, side))
        qr.setPixmap(self._qr[1])
        qr.setAccessibleName("QR code of the join address")
        row.addWidget(qr, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(u)
        text.addWidget(_label("Join from your phone", int(u * 1.4), bold=True))
        text.addWidget(_label("Scan the code, or open this address on the room's network:", u))
        text.addWidget(_label(c.address.url if c.address else "", u, bold=True, wrap=False))
        text.addWidget(_label("and type the join code", u))
        code = _label(_spaced(c.code), u * 4, bold=True, wrap=False)
        code.setAccessibleName("Join code")
        text.addWidget(code)
        joined = len(c.joined())
        text.addWidget(_label(f"{plural(joined, 'participant')} joined", u))
        text.addStretch(1)
        row.addLayout(text, 1)
        self.body.addLayout(row, 1)

    def _show_round(self, live: RoundView) -> None:
        c, u = self.controller, self._unit()
        ws = c.session.workshop
        need = ws.need(live.need_id)
        statement = need.statement if need is not None else ""
        self.body.addWidget(_label("The need we are rating", u, wrap=False))
        self.body.addWidget(_label(wrappable(one_line(statement, 240)), int(u * 1.6), bold=True))
        if live.state is r.RoundState.OPEN:
            asked = " · ".join(r.criterion(ws, k).label for k in live.criteria)
            self.body.addWidget(_label(wrappable(one_line(asked, 300)), u))
            self._answered = _label(self._answered_text(live), u * 2, bold=True)
            self.body.addWidget(self._answered)
            footer = _label(
                f"Join with code {_spaced(c.code)} at {c.address.url if c.address else ''}", u
            )
            footer.setStyleSheet(f"color: {self._muted};")
            self.body.addStretch(1)
            self.body.addWidget(footer)
            return
        self._show_spread(live)
        self.body.addStretch(1)

    def _show_spread(self, live: RoundView) -> None:
        c, u = self.controller, self._unit()
        ws = c.session.workshop
        spreads = c.spreads()
        disputed = r.most_disputed(spreads)
        names = {p.id: p.name for p in ws.participants}
        grid = QGridLayout()
        grid.setHorizontalSpacing(u * 2)
        grid.setVerticalSpacing(u // 2)
        for row, spread in enumerate(spreads):
            criterion = r.criterion(ws, spread.criterion)
            label = _label(wrappable(one_line(criterion.label, 80)), int(u * 1.2), bold=True)
            if not spread.count:
                figures = "no answers"
            else:
                figures = f"median {spread.median:g}   range {spread.low}–{spread.high}"
            value = _label(figures, int(u * 1.2), wrap=False)
            grid.addWidget(label, row * 3, 0, 1, 2)
            strip = SpreadStrip(criterion, spread, u, (self._ink, self._muted, self._accent))
            grid.addWidget(strip, row * 3 + 1, 0)
            grid.addWidget(value, row * 3 + 1, 1)
            if spread is disputed:
                value.setStyleSheet(f"color: {self._amber};")
                label.setStyleSheet(f"color: {self._amber};")
            adopted = live.adopted.get(spread.criterion)
            detail = []
            if adopted is not None:
                detail.append(f"adopted {adopted['value']}")
            if spread is disputed:
                detail.append("the room disagrees most here")
            if not live.anonymous:
                detail.append(
                    " · ".join(
                        f"{one_line(names.get(pid, ''), 40)} {score}"
                        for pid, score in spread.answers
                    )
                )
            if detail:
                grid.addWidget(_label(wrappable("   ".join(detail)), u), row * 3 + 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        self.body.addLayout(grid)


def _drop_layout(layout: QGridLayout | QHBoxLayout | QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif item.layout() is not None:
            _drop_layout(item.layout())  # type: ignore[arg-type]
    layout.deleteLater()


def _spaced(code: str) -> str:
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code
