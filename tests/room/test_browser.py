"""A real browser on the participant page: Debian's chromium, driven by Playwright, joins a room
served on loopback, rates, sees the reveal and signs with a drawn signature; and the page asks
nothing of any other address.

Needs the `chromium` Debian package and the `playwright` Python package (never `playwright
install`, which downloads a browser): skipped, with the reason, when either is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workshop_app.core.demo import demo_workshop
from workshop_app.services.room.room import Room
from workshop_app.services.room.runner import RoomServer
from workshop_app.storage.operations import Library

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: chromium)"),
    pytest.mark.skipif(sync_playwright is None, reason="the playwright package is not installed"),
]


def test_a_phone_browser_joins_rates_sees_the_reveal_and_signs(
    library: Library, tmp_path: Path
) -> None:
    workshop_id = library.add_workshop(demo_workshop())
    ws = library.workshop(workshop_id)
    person = ws.participants[0]
    room = Room(library, workshop_id)
    server = RoomServer(room)
    url = server.start().url
    asked: list[str] = []
    try:
        assert sync_playwright is not None and CHROMIUM is not None
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
                page = phone.new_page()
                page.on("request", lambda request: asked.append(request.url))
                page.goto(f"{url}#{room.invitation.code}")
                assert page.input_value("#code") == room.invitation.code
                page.click("#code-form button[type=submit]")
                page.get_by_role("button", name=person.name).click()
                page.wait_for_selector(f"#who:has-text('You are {person.name}')")

                room.open_round(ws.needs[0].id, ["value", "effort"])
                page.wait_for_selector("#round:not([hidden])", timeout=10_000)
                page.click("#criteria button[data-criterion=value][data-value='8']")
                page.click("#criteria button[data-criterion=effort][data-value='3']")
                page.click("#send")
                page.wait_for_selector("#sent:not([hidden])")
                page.screenshot(path=str(tmp_path / "rate.png"), full_page=True)

                room.reveal()
                page.wait_for_selector("#spread-rows:has-text('Median 8')", timeout=10_000)

                room.set_signoff_open(True)
                page.wait_for_selector("#sign-form:not([hidden])", timeout=10_000)
                page.fill("#typed", person.name)
                pad = page.locator("#pad")
                pad.scroll_into_view_if_needed()  # the mouse draws where the phone shows it
                box = pad.bounding_box()
                assert box is not None
                page.mouse.move(box["x"] + 20, box["y"] + 20)
                page.mouse.down()
                page.mouse.move(box["x"] + 200, box["y"] + 80, steps=10)
                page.mouse.up()
                page.click("#sign")
                page.wait_for_selector("#signed:not([hidden])")
                page.screenshot(path=str(tmp_path / "signed.png"), full_page=True)
            finally:
                browser.close()
    finally:
        server.stop()
    assert asked and all(a.startswith(url) for a in asked), asked
    signature = library.workshop(workshop_id).signatures[0]
    assert signature.participant_id == person.id and signature.drawing
