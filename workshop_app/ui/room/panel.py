"""The facilitator's room panel: invite the room, see who joined and who answered (never what,
until the reveal), open a round, reveal, adopt, open the sign-off for the devices, end.

A window of its own beside the main window, so it can sit on the laptop's screen while the wall
shows the invitation or the reveal (`RoomWall`). Every piece of user text is plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import rounds as r
from workshop_app.ui.room.qr import qr_pixmap
from workshop_app.ui.widgets.text import one_line, plural, wrappable

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from workshop_app.storage.rounds import RoundView
    from workshop_app.ui.room.controller import RoomController
    from workshop_app.ui.room.wall import RoomWall

QR_SIZE = 220


def _label(text: str = "", name: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


class RoomPanel(QWidget):
    """The room, as the facilitator runs it."""

    def __init__(self, controller: RoomController, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.setWindowTitle("The room — Workshop App")
        self.setAccessibleName("The room")
        self.resize(980, 720)
        self._adopt_rows: dict[str, QSpinBox] = {}
        self._qr_for = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(16)
        layout.addWidget(self._build_invitation())
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addWidget(self._build_people(), 2)
        columns.addWidget(self._build_round(), 3)
        layout.addLayout(columns, 1)
        self._need_items: list[tuple[str, str]] = []
        controller.changed.connect(self.refresh)
        controller.ended.connect(self.refresh)
        controller.failed.connect(self._show_problem)
        controller.session.changed.connect(lambda *_: self.refresh())
        self.wall: RoomWall | None = None
        self.refresh()

    # -- building ----------------------------------------------------------------------------
    def _build_invitation(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        self.qr = QLabel()
        self.qr.setFixedSize(QR_SIZE, QR_SIZE)
        self.qr.setAccessibleName("QR code of the join address")
        row.addWidget(self.qr)
        text = QVBoxLayout()
        text.setSpacing(8)
        self.title = _label("Invite the room", "stageTitle")
        self.explain = _label(_INVITE, "stageSubtitle")
        self.code = _label("", "joinCode", wrap=False)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.code.font()
        font.setPointSizeF(36)
        font.setBold(True)
        font.setLetterSpacing(font.SpacingType.AbsoluteSpacing, 6)
        self.code.setFont(font)
        self.url = _label("", "muted")
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = _label("", "attention")
        self.problem.hide()
        choose = QHBoxLayout()
        self.network = QComboBox()
        self.network.setAccessibleName("Network to invite the room on")
        self.network.setMinimumWidth(220)
        self.invite_button = QPushButton("Invite the room")
        self.invite_button.setDefault(True)
        self.invite_button.clicked.connect(self._invite)
        self.wall_button = QPushButton("Show on the wall")
        self.wall_button.clicked.connect(self.show_wall)
        self.end_button = QPushButton("End the invitation")
        self.end_button.clicked.connect(self.controller.end)
        choose.addWidget(self.network)
        for button in (self.invite_button, self.wall_button, self.end_button):
            choose.addWidget(button)
        choose.addStretch(1)
        for label in (self.title, self.explain, self.code, self.url, self.problem):
            text.addWidget(label)
        text.addLayout(choose)
        text.addStretch(1)
        row.addLayout(text, 1)
        return box

    def _build_people(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(_label("Participants", "sectionTitle"))
        self.people = QListWidget()
        self.people.setAccessibleName("Participants in the room")
        column.addWidget(self.people, 1)
        self.release_button = QPushButton("Let them join again from another device")
        self.release_button.clicked.connect(self._release)
        column.addWidget(self.release_button)
        self.signoff_open = QCheckBox(
            "Participants can read the decisions and sign on their devices"
        )
        self.signoff_open.toggled.connect(self.controller.set_signoff_open)
        column.addWidget(self.signoff_open)
        return box

    def _build_round(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(_label("Blind scoring round", "sectionTitle"))
        self.need = QComboBox()
        self.need.setAccessibleName("Need to rate")
        self.need.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.need.setMinimumContentsLength(30)
        column.addWidget(self.need)
        self.criteria_box = QWidget()
        self.criteria_grid = QGridLayout(self.criteria_box)
        self.criteria_grid.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.criteria_box)
        self.criteria: dict[str, QCheckBox] = {}
        self.named = QCheckBox("Show names at the reveal")
        column.addWidget(self.named)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("Open the round")
        self.open_button.clicked.connect(self._open_round)
        self.reveal_button = QPushButton("Reveal")
        self.reveal_button.clicked.connect(self.controller.reveal)
        self.close_button = QPushButton("Close the round")
        self.close_button.clicked.connect(self.controller.close_round)
        for button in (self.open_button, self.reveal_button, self.close_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.round_state = _label("", "muted")
        column.addWidget(self.round_state)
        self.spread_box = QWidget()
        self.spread_grid = QGridLayout(self.spread_box)
        self.spread_grid.setContentsMargins(0, 0, 0, 0)
        self.spread_grid.setHorizontalSpacing(16)
        column.addWidget(self.spread_box)
        column.addStretch(1)
        return box

    # -- refreshing --------------------------------------------------------------------------
    def refresh(self) -> None:
        c = self.controller
        ws = c.session.workshop
        invited = c.invited
        self.network.setVisible(not invited)
        self.invite_button.setVisible(not invited)
        self.wall_button.setVisible(invited)
        self.end_button.setVisible(invited)
        self.explain.setText(_INVITED if invited else _INVITE)
        if self.network.count() == 0 and not invited:
            for text, address in networks():
                self.network.addItem(text, address)
        self.title.setText("The room is invited" if invited else "Invite the room")
        self.code.setText(_spaced(c.code) if invited else "")
        self.code.setVisible(invited)
        self.url.setText(c.join_url if invited else "")
        if not invited:
            self.qr.clear()
            self._qr_for = ""
        elif self._qr_for != c.join_url:  # made once per invitation, not at every answer
            self.qr.setPixmap(qr_pixmap(c.join_url, QR_SIZE))
            self._qr_for = c.join_url
        self.qr.setVisible(invited)
        live = c.live_round() if invited else None
        self._fill_people(live)
        self._fill_needs(live)
        self._fill_round(live)
        self.release_button.setEnabled(invited)
        self.signoff_open.setEnabled(invited)
        if not invited and self.signoff_open.isChecked():
            self.signoff_open.blockSignals(True)
            self.signoff_open.setChecked(False)
            self.signoff_open.blockSignals(False)
        del ws

    def _fill_people(self, live: RoundView | None) -> None:
        c = self.controller
        ws = c.session.workshop
        joined = c.joined()
        answered = live.answered() if live is not None else set()
        signed = {s.participant_id for s in ws.signatures}
        same = self.people.count() == len(ws.participants) and all(
            self.people.item(i).data(Qt.ItemDataRole.UserRole) == p.id
            for i, p in enumerate(ws.participants)
        )
        if not same:  # the list changed: build it again (else only the texts change)
            self.people.clear()
        for index, person in enumerate(ws.participants):
            marks = [
                "joined" if person.id in joined else "not joined",
                *(["answered"] if person.id in answered else []),
                *(["signed"] if person.id in signed else []),
            ]
            symbol = "✓" if person.id in joined else "○"
            text = f"{symbol}  {one_line(person.name, 80)} · {', '.join(marks)}"
            if same:
                item = self.people.item(index)
                if item.text() != text:
                    item.setText(text)
                continue
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.people.addItem(item)

    def _fill_needs(self, live: RoundView | None) -> None:
        ws = self.controller.session.workshop
        current = self.need.currentData()
        self.need.blockSignals(True)
        items = [
            (f"{number}. {one_line(need.statement or '(no statement yet)', 90)}", need.id)
            for number, need in enumerate(ws.needs, start=1)
        ]
        if items != self._need_items:  # answers arriving change nothing here: keep the list
            self._need_items = items
            self.need.clear()
            for text, need_id in items:
                self.need.addItem(text, need_id)
        if live is not None:
            current = live.need_id
        at = self.need.findData(current)
        self.need.setCurrentIndex(max(0, at))
        self.need.blockSignals(False)
        choices = r.choices(ws)
        if [k for k in self.criteria] != [choice.key for choice in choices]:
            checked = {k for k, box in self.criteria.items() if box.isChecked()} or {"value"}
            for box in self.criteria.values():
                box.deleteLater()
            self.criteria = {}
            for index, choice in enumerate(choices):
                box = QCheckBox(one_line(choice.label, 60))
                box.setChecked(choice.key in checked)
                self.criteria_grid.addWidget(box, index // 3, index % 3)
                self.criteria[choice.key] = box

    def _fill_round(self, live: RoundView | None) -> None:
        c = self.controller
        invited = c.invited
        state = live.state if live is not None else None
        self.open_button.setEnabled(invited and bool(c.session.workshop.needs))
        self.open_button.setText("Open the round" if live is None else "Open a new round")
        self.reveal_button.setEnabled(state is r.RoundState.OPEN)
        self.close_button.setEnabled(state is not None)
        if live is None:
            self.round_state.setText(
                "Choose a need and what to rate, then open the round."
                if invited
                else "Invite the room to rate on the participants' own devices."
            )
        else:
            answered = len(live.answered())
            total = len(c.session.workshop.participants)
            self.round_state.setText(
                f"{answered} of {plural(total, 'participant')} have answered."
                if state is r.RoundState.OPEN
                else "Revealed. Adopt a value for each line, or close the round."
            )
        self._fill_spread(live if state is r.RoundState.REVEALED else None)

    def _fill_spread(self, live: RoundView | None) -> None:
        while self.spread_grid.count():
            item = self.spread_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self._adopt_rows = {}
        if live is None:
            return
        ws = self.controller.session.workshop
        spreads = self.controller.spreads()
        disputed = r.most_disputed(spreads)
        adopted = live.adopted
        for row, spread in enumerate(spreads):
            c = r.criterion(ws, spread.criterion)
            name = _label(wrappable(c.label, 120), "fieldLabel")
            figures = _label(_figures(spread), "attention" if spread is disputed else "")
            value = QSpinBox()
            value.setRange(c.scale.low, c.scale.high)
            value.setAccessibleName(f"Value to adopt for {c.label}")
            offered = adopted.get(c.key, {}).get("value", r.suggested(c, spread))
            value.setValue(c.scale.low if offered is None else int(offered))
            adopt = QPushButton("Adopted ✓" if c.key in adopted else "Adopt")
            adopt.clicked.connect(
                lambda _=False, k=c.key, box=value: self.controller.adopt(k, box.value())
            )
            self.spread_grid.addWidget(name, row, 0)
            self.spread_grid.addWidget(figures, row, 1)
            self.spread_grid.addWidget(value, row, 2)
            self.spread_grid.addWidget(adopt, row, 3)
            self._adopt_rows[c.key] = value
        self.spread_grid.setColumnStretch(1, 1)

    # -- actions -----------------------------------------------------------------------------
    def _invite(self) -> None:
        self.problem.hide()
        self.controller.invite(str(self.network.currentData() or "127.0.0.1"))

    def _open_round(self) -> None:
        need_id = self.need.currentData()
        chosen = [k for k, box in self.criteria.items() if box.isChecked()]
        if need_id:
            self.controller.open_round(str(need_id), chosen, anonymous=not self.named.isChecked())

    def _release(self) -> None:
        item = self.people.currentItem()
        if item is not None:
            self.controller.release(str(item.data(Qt.ItemDataRole.UserRole)))

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def show_wall(self) -> None:
        from workshop_app.ui.room.wall import RoomWall

        if self.wall is None:
            self.wall = RoomWall(self.controller)
        self.wall.show_on_wall()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the panel ends the invitation: nothing serves the room unseen."""
        if self.wall is not None:
            self.wall.close()
        self.controller.end()
        super().closeEvent(event)


_INVITE = (
    "Participants join from their own phones or laptops on this network: no internet, no "
    "install, no account. They pick their name, rate privately and can sign off on their own "
    "device."
)
_INVITED = (
    "Participants scan the code or open the address and type the code. Ending the invitation, "
    "or closing this window, disconnects every device."
)


def networks() -> list[tuple[str, str]]:
    """The networks the room can be invited on: each running interface's IPv4 address with its
    name (a laptop's own hotspot has no internet, so no default route to guess from), this
    computer alone last."""
    from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

    flags = QNetworkInterface.InterfaceFlag
    ipv4 = QAbstractSocket.NetworkLayerProtocol.IPv4Protocol
    found: list[tuple[str, str]] = []
    for interface in QNetworkInterface.allInterfaces():
        up = interface.flags() & flags.IsUp and interface.flags() & flags.IsRunning
        if not up or interface.flags() & flags.IsLoopBack:
            continue
        for entry in interface.addressEntries():
            if entry.ip().protocol() == ipv4:
                address = entry.ip().toString()
                found.append((f"{address} — {interface.humanReadableName()}", address))
    return [*found, ("127.0.0.1 — this computer only", "127.0.0.1")]


def _spaced(code: str) -> str:
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code


def _figures(spread: r.Spread) -> str:
    if not spread.count:
        return "No answers"
    words = (
        f"median {spread.median:g} · range {spread.low}–{spread.high} · "
        f"{plural(spread.count, 'answer')}"
    )
    if spread.disagreement >= 0.5:
        words += " · the room disagrees"
    return words
