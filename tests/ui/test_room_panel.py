"""Invite the room from the window: the panel shows the QR code and join code, sees who joined
and who answered, reveals, adopts through the undo history, and the wall shows it; ending the
invitation (or closing the window) stops the server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSpinBox
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from workshop_app.storage.operations import Library
from workshop_app.ui.actions import ActionId
from workshop_app.ui.room.panel import RoomPanel
from workshop_app.ui.room.wall import RoomWall


def _post(url: str, body: dict[str, Any], token: str = "") -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _invited_panel(qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path) -> RoomPanel:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    window.actions_by_id[ActionId.INVITE_ROOM].trigger()
    panel = window.room.panel
    assert isinstance(panel, RoomPanel)
    qtbot.waitExposed(panel)
    assert not panel.qr.isVisible() and panel.invite_button.isVisible()
    panel.network.setCurrentIndex(panel.network.findData("127.0.0.1"))
    qtbot.mouseClick(panel.invite_button, Qt.MouseButton.LeftButton)
    assert panel.controller.invited
    return panel


def test_the_room_is_invited_rated_revealed_and_adopted_from_the_panel(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    panel = _invited_panel(qtbot, library, demo_id, tmp_path)
    controller = panel.controller
    session = controller.session
    ws = session.workshop
    assert panel.code.text().replace(" ", "") == controller.code
    assert not panel.qr.pixmap().isNull() and panel.qr.isVisible()
    url = controller.join_url.split("#")[0]
    tokens = []
    for index in (0, 1):
        status, body = _post(
            url + "api/join", {"code": controller.code, "participant": ws.participants[index].id}
        )
        assert status == 200
        tokens.append(body["token"])
    qtbot.waitUntil(lambda: "✓" in panel.people.item(1).text())

    need = ws.needs[0]
    panel.need.setCurrentIndex(panel.need.findData(need.id))
    for key, box in panel.criteria.items():
        box.setChecked(key in ("value", "effort"))
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    live = controller.live_round()
    assert live is not None and live.criteria == ["value", "effort"]
    for token, value in zip(tokens, (3, 9), strict=True):
        status, _ = _post(
            url + "api/rate", {"round": live.id, "ratings": {"value": value, "effort": 2}}, token
        )
        assert status == 200
    qtbot.waitUntil(lambda: panel.round_state.text().startswith("2 of 6"))
    assert "answered" in panel.people.item(0).text()

    qtbot.mouseClick(panel.reveal_button, Qt.MouseButton.LeftButton)
    spin = panel._adopt_rows["value"]
    assert spin.value() == 6  # the median, offered
    spin.setValue(7)
    adopt = next(w for w in panel.spread_box.findChildren(QPushButton) if w.text() == "Adopt")
    qtbot.mouseClick(adopt, Qt.MouseButton.LeftButton)
    assert session.workshop.need(need.id).assessment.value == 7  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: any("Adopted" in b.text() for b in panel.spread_box.findChildren(QPushButton))
    )
    adopted = session.workshop.need(need.id).adoptions  # type: ignore[union-attr]
    assert [(a.criterion, a.value, a.median) for a in adopted] == [("value", 7, "6")]
    session.undo_stack.undo()  # adopting is an edit like any other
    after_undo = session.workshop.need(need.id)
    assert after_undo is not None and after_undo.assessment.value == need.assessment.value
    assert after_undo.adoptions == []
    session.undo_stack.redo()
    assert session.workshop.need(need.id).adoptions[0].value == 7  # type: ignore[union-attr]

    panel.show_wall()
    wall = panel.wall
    assert isinstance(wall, RoomWall)
    qtbot.waitExposed(wall)
    wall.grab().save("/tmp/room_wall_reveal.png")
    panel.grab().save("/tmp/room_panel_reveal.png")
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert not wall.isVisible()

    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    assert not controller.invited
    with pytest.raises(urllib.error.URLError):
        _post(url + "api/state", {}, tokens[0])
    qtbot.waitUntil(lambda: not panel.spread_box.findChildren(QSpinBox))
    assert panel.invite_button.isVisible() and not panel.qr.isVisible()


def test_a_participant_signs_on_their_device_and_the_window_shows_it(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    panel = _invited_panel(qtbot, library, demo_id, tmp_path)
    controller = panel.controller
    ws = controller.session.workshop
    url = controller.join_url.split("#")[0]
    panel.show_wall()
    assert panel.wall is not None
    qtbot.waitExposed(panel.wall)
    panel.wall.grab().save("/tmp/room_wall_invitation.png")
    panel.grab().save("/tmp/room_panel_invited.png")
    panel.wall.close()
    _, body = _post(
        url + "api/join", {"code": controller.code, "participant": ws.participants[0].id}
    )
    panel.signoff_open.setChecked(True)
    status, _ = _post(
        url + "api/sign", {"typed_name": ws.participants[0].name, "stance": "agree"}, body["token"]
    )
    assert status == 200
    qtbot.waitUntil(lambda: len(controller.session.workshop.signatures) == 1)
    qtbot.waitUntil(lambda: "signed" in panel.people.item(0).text())
    window = controller.parent()
    window.close()  # type: ignore[union-attr]
    assert not controller.invited


def test_closing_the_panel_ends_the_invitation(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    panel = _invited_panel(qtbot, library, demo_id, tmp_path)
    url = panel.controller.join_url.split("#")[0]
    panel.close()
    assert not panel.controller.invited
    with pytest.raises(urllib.error.URLError):
        _post(url + "api/people", {"code": "X"})


def test_the_window_keeps_responding_while_fifty_participants_join_and_rate(
    qtbot: QtBot, library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Measured, not asserted (timings depend on the machine): the longest the window's event
    loop went without running while 50 devices joined and rated at once."""
    import asyncio
    import threading

    import aiohttp
    from PySide6.QtCore import QElapsedTimer, QTimer

    from workshop_app.core import model as m
    from workshop_app.core.demo import demo_workshop

    big = demo_workshop()
    big.participants = [m.Participant(f"Participant {n:02d}") for n in range(50)]
    big.participants[0].decision_maker = True
    workshop_id = library.add_workshop(big)
    panel = _invited_panel(qtbot, library, workshop_id, tmp_path)
    controller = panel.controller
    ws = controller.session.workshop
    round_id = controller.open_round(ws.needs[0].id, ["value"], anonymous=True)
    url, code = controller.join_url.split("#")[0], controller.code
    panel.show_wall()  # the room's wall counts the answers as they arrive
    wall = panel.wall
    assert isinstance(wall, RoomWall)
    counted = wall._answered
    assert counted is not None and counted.text().startswith("0 of 50")

    async def devices() -> None:
        async with aiohttp.ClientSession() as session:

            async def one(person: m.Participant, score: int) -> None:
                async with session.post(
                    url + "api/join", json={"code": code, "participant": person.id}
                ) as joined:
                    token = (await joined.json())["token"]
                async with session.post(
                    url + "api/rate",
                    json={"round": round_id, "ratings": {"value": score}},
                    headers={"Authorization": f"Bearer {token}"},
                ) as rated:
                    assert rated.status == 200

            await asyncio.gather(*(one(p, 1 + i % 10) for i, p in enumerate(ws.participants)))

    worker = threading.Thread(target=lambda: asyncio.run(devices()))
    clock, longest = QElapsedTimer(), [0]
    beat = QTimer()
    beat.setInterval(5)

    def on_beat() -> None:
        longest[0] = max(longest[0], clock.restart())

    beat.timeout.connect(on_beat)
    clock.start()
    beat.start()
    worker.start()
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=60_000)
    qtbot.waitUntil(lambda: panel.round_state.text().startswith("50 of 50"), timeout=10_000)
    qtbot.waitUntil(lambda: counted.text().startswith("50 of 50"))
    assert wall._answered is counted  # the count changed in place: nothing was built again
    beat.stop()
    worker.join()
    with capsys.disabled():
        print(f"\nlongest pause of the window while 50 devices joined and rated: {longest[0]} ms")
    wall.close()
    controller.end()


def test_the_audit_log_says_what_the_room_did_in_words() -> None:
    from workshop_app.ui.stages.signoff.audit import describe_action

    assert describe_action("rate", "round", "") == "Rated on their own device"
    assert describe_action("reveal round", "round", "") == "Revealed the room's ratings"
    assert describe_action("adopt rating", "round", "value") == (
        "Adopted value from the room's ratings"
    )
    assert describe_action("adopt rating", "round", "link:ab12") == (
        "Adopted a goal link from the room's ratings"
    )
