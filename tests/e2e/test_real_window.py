"""The real app in a real X server with a window manager, driven by xdotool like a person.

The offscreen tests cannot see focus moves that a window manager causes, which is how the
library's tabs once sent typing into Setup. This starts Xvfb and openbox, starts the app as a
user would, replays the room's worst moments (library tabs, typing into the Decide list, redo
by both shortcuts), closes it the way closing its terminal does (SIGHUP), then reads the
database. Every wait polls with a deadline; Xvfb, openbox and the app are always ended.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.storage.operations import Library

TOOLS = ("Xvfb", "openbox", "xdotool")
if missing := [tool for tool in TOOLS if shutil.which(tool) is None]:
    pytest.skip(f"needs {', '.join(missing)} (installed by .ci/run)", allow_module_level=True)

DEADLINE_S = 30.0
#: The first request's row in the Decide list, in window coordinates at 1366×768 (the left
#: column has a fixed width; rows are 66 px tall, so a few pixels either way still hit it).
FIRST_REQUEST_ROW = (394, 281)


def wait_for(what: str, condition: Callable[[], bool], timeout: float = DEADLINE_S) -> None:
    """Poll until `condition()` holds, failing with `what` at the deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(0.05)  # a polling interval, not a guess at how long something takes


def _end(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture
def display() -> Iterator[str]:
    """A private X display (Xvfb, 1366×768) with openbox managing its windows."""
    read_end, write_end = os.pipe()
    server = openbox = None
    try:
        server = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-screen",
                "0",
                "1366x768x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_end)
        write_end = -1
        number = _read_display_number(read_end, server)
        name = f":{number}"
        openbox = subprocess.Popen(
            ["openbox", "--sm-disable"],
            env={**os.environ, "DISPLAY": name},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # openbox is managing once the desktop count (an EWMH property it sets) can be read.
        wait_for("openbox", lambda: _xdotool(name, "get_num_desktops", check=False) != "")
        yield name
    finally:
        if write_end >= 0:
            os.close(write_end)
        os.close(read_end)
        _end(openbox)
        _end(server)


def _read_display_number(read_end: int, server: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + DEADLINE_S
    text = b""
    os.set_blocking(read_end, False)
    while not text.endswith(b"\n"):
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail("Xvfb did not start")
        try:
            text += os.read(read_end, 16)
        except BlockingIOError:
            time.sleep(0.05)
    return text.decode().strip()


def _xdotool(display: str, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
        check=False,
    )
    if check and done.returncode != 0:
        pytest.fail(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip() if done.returncode == 0 else ""


def _settings_text(config: Path) -> str:
    path = config / "Workshop App" / "Workshop App.conf"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def test_the_room_replayed_on_a_real_window(
    display: str, tmp_path: Path, private_user_folders: Path
) -> None:
    db = tmp_path / "workshops.sqlite3"
    library = Library(db)
    try:
        workshop_id = library.add_workshop(demo_workshop())
        before = library.workshop(workshop_id)
    finally:
        library.close()
    first = before.requests[0].id
    assert before.decision_for(first).kind is not m.DecisionKind.DECLINE
    config = private_user_folders / "config"
    (config / "Workshop App").mkdir(parents=True, exist_ok=True)
    (config / "Workshop App" / "Workshop App.conf").write_text(
        f"[General]\nlastWorkshop={workshop_id}\n", encoding="utf-8"
    )
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen(
        [sys.executable, "-m", "workshop_app", "--db", str(db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        window = _replay(display, config, app)
        app.send_signal(signal.SIGHUP)  # the terminal that started it is closed
        try:
            code = app.wait(timeout=DEADLINE_S)
        except subprocess.TimeoutExpired:
            pytest.fail("the app did not close on SIGHUP")
        assert code == 0, (app.stderr.read() if app.stderr else b"").decode()[-2000:]
        assert window
    finally:
        _end(app)
        if app.stderr:
            app.stderr.close()

    library = Library(db)
    try:
        after = library.workshop(workshop_id)
        log = library.audit_log(workshop_id)
    finally:
        library.close()
    # Defect 1: the typing meant for the library's search never reached Setup.
    for field in ("title", "division", "company", "date", "location", "facilitator"):
        assert getattr(after, field) == getattr(before, field), field
    assert after.participants == before.participants
    # Defect 2 and 3: typing "pending" into the list decided nothing; X, then undo, redo by
    # Ctrl+Shift+Z, undo, redo by Ctrl+Y: exactly five changes, ending on "Decline".
    kind_edits = [r for r in log if r.kind == "decision" and r.field == "kind"]
    assert [r.entity_id for r in kind_edits] == [first] * 5, [r.after for r in kind_edits]
    assert after.decision_for(first).kind is m.DecisionKind.DECLINE
    for request in after.requests[1:]:
        assert after.decision_for(request.id) == before.decision_for(request.id)


def _replay(display: str, config: Path, app: subprocess.Popen[bytes]) -> str:
    """Drive the window; returns its X window id."""
    found: list[str] = []

    def window_shown() -> bool:
        if app.poll() is not None:
            pytest.fail(f"the app ended early with {app.returncode}")
        ids = _xdotool(display, "search", "--onlyvisible", "--name", "— Workshop App", check=False)
        found[:] = ids.split()
        return bool(found)

    wait_for("the window with the workshop reopened", window_shown)
    window = found[0]
    _xdotool(display, "windowactivate", "--sync", window)

    def keys(*names: str) -> None:
        _xdotool(display, "key", "--clearmodifiers", *names)

    def typed(text: str) -> None:
        _xdotool(display, "type", "--delay", "20", text)

    # 1. The library, its tabs, and typing meant for its search.
    keys("ctrl+o", "ctrl+Tab")
    typed("barcode")
    keys("ctrl+Tab")
    typed("barcode")
    # 2. Decide: click the first request in the list and type into it.
    keys("ctrl+6")
    wait_for("Decide", lambda: "stage=decide" in _settings_text(config))
    x, y = FIRST_REQUEST_ROW
    _xdotool(display, "mousemove", "--window", window, str(x), str(y), "click", "1")
    typed("pending")
    # 3. Enter to write why, Esc to the decision buttons, X declines; undo and both redos.
    keys("Return", "Escape", "x", "ctrl+z", "ctrl+shift+z", "ctrl+z", "ctrl+y", "ctrl+1")
    wait_for("all keys handled", lambda: "stage=setup" in _settings_text(config))
    return window
