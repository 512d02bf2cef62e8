"""The room under load: 50 participants rating at once on loopback.

Two figures, each a first sample and the median of warm ones (a new round each):

- **p95 response** of the 50 ratings, sent at once from a process of their own (real devices
  are other machines: their HTTP clients must not share the server's interpreter), against
  the app's participant server (`RoomServer` over a `Room`, as the window and `serve` run it).
  The baseline, interleaved with it, is a bare aiohttp server doing the same work the simplest
  way: check the device's token, read the JSON, write the rating row and an audit row in raw
  sqlite3 (WAL, synchronous=FULL, one transaction per request on one worker thread).
- **the window's longest pause** while they rate: a child process with the real main window,
  the room invited from it, its panel, the room's wall and the stage wall showing; a 1 ms timer
  ticks in it, and the longest gap between ticks from the first rating sent until the panel
  says all 50 have answered is the figure.

    python -m benchmarks.room devices URL ROUND TOKENS_JSON   # the 50 devices, one sample
    python -m benchmarks.room gui DB WORKSHOP_ID SAMPLES      # the window, one line a sample
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.core import Sizes
from benchmarks.harness import Result, percentile, sampled

PEOPLE = 50


# -- the devices, in a process of their own ---------------------------------------------------
def devices(url: str, round_id: str, tokens: list[str]) -> dict[str, Any]:
    """All devices rate at once; the seconds each waited for its answer."""
    import aiohttp

    async def main() -> dict[str, Any]:
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            await session.get(url)  # the page, as a device loads it first (and warms up)

            async def rate(index: int, token: str) -> float:
                start = time.perf_counter()
                async with session.post(
                    url + "api/rate",
                    json={"round": round_id, "ratings": {"value": 1 + index % 10}},
                    headers={"Authorization": f"Bearer {token}"},
                ) as response:
                    if response.status != 200:
                        raise RuntimeError(f"rating refused: {await response.text()}")
                return time.perf_counter() - start

            began = time.time()
            times = await asyncio.gather(*(rate(i, t) for i, t in enumerate(tokens)))
            return {"start": began, "end": time.time(), "times_ms": [t * 1000 for t in times]}

    return asyncio.run(main())


def _spawn_devices(url: str, round_id: str, tokens: list[str]) -> dict[str, Any]:
    import subprocess

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.room", "devices", url, round_id, json.dumps(tokens)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the devices failed: {done.stderr.strip()[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# -- the baseline: a bare aiohttp server writing with raw sqlite3 ------------------------------
class BareServer:
    """What the simplest server would do for one rating, on its own thread and event loop."""

    def __init__(self, db: Path, tokens: dict[str, str]) -> None:
        self.db, self.tokens = db, tokens
        self.url = ""
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve()), daemon=True)

    def __enter__(self) -> BareServer:
        self._thread.start()
        self._ready.wait(30)
        return self

    def __exit__(self, *_: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    async def _serve(self) -> None:
        from aiohttp import web

        connection = sqlite3.connect(self.db, check_same_thread=False, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS rating (round TEXT, person TEXT, criterion TEXT, "
            "score INTEGER, at TEXT, PRIMARY KEY (round, person, criterion))"
        )
        connection.execute("CREATE TABLE IF NOT EXISTS audit (at TEXT, actor TEXT, what TEXT)")
        worker = ThreadPoolExecutor(max_workers=1)

        def store(round_id: str, person: str, scores: dict[str, int]) -> None:
            connection.execute("BEGIN IMMEDIATE")
            for key, score in scores.items():
                connection.execute(
                    "INSERT OR REPLACE INTO rating VALUES (?, ?, ?, ?, datetime('now'))",
                    (round_id, person, key, int(score)),
                )
            connection.execute(
                "INSERT INTO audit VALUES (datetime('now'), ?, ?)", (person, json.dumps(scores))
            )
            connection.execute("COMMIT")

        async def page(_request: web.Request) -> web.Response:
            return web.Response(text="<!doctype html><title>Room</title>")

        async def rate(request: web.Request) -> web.Response:
            person = self.tokens.get(request.headers.get("Authorization", "")[7:])
            if person is None:
                return web.json_response({"error": "not joined"}, status=403)
            body = await request.json()
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(worker, store, body["round"], person, body["ratings"])
            return web.json_response({"ok": True})

        app = web.Application()
        app.router.add_get("/", page)
        app.router.add_post("/api/rate", rate)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{runner.addresses[0][1]}/"
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        self._ready.set()
        await self._stop.wait()
        await runner.cleanup()
        worker.shutdown()
        connection.close()


# -- the measures ------------------------------------------------------------------------------
def _library(workdir: Path) -> tuple[Path, str]:
    from workshop_app.core import model as m
    from workshop_app.core.demo import demo_workshop
    from workshop_app.storage.operations import Library

    ws = demo_workshop()
    ws.participants = [m.Participant(f"Participant {n:02d}", "Sales") for n in range(PEOPLE)]
    ws.participants[0].decision_maker = True
    db = workdir / "room.sqlite3"
    library = Library(db)
    try:
        return db, library.add_workshop(ws)
    finally:
        library.close()


def measure_room(sizes: Sizes, workdir: Path) -> list[Result]:
    from workshop_app.services.room.room import Room
    from workshop_app.services.room.runner import RoomServer
    from workshop_app.storage import rounds
    from workshop_app.storage.operations import Library

    db, workshop_id = _library(workdir)
    library = Library(db)
    room = Room(library, workshop_id)
    ws = library.workshop(workshop_id)
    tokens = [room.invitation.token_for(p.id) for p in ws.participants]
    server = RoomServer(room)
    url = server.start().url
    app_p95: list[float] = []
    bare_p95: list[float] = []
    stored_once = True
    try:
        bare_tokens = {token: p.id for token, p in zip(tokens, ws.participants, strict=True)}
        with BareServer(workdir / "bare.sqlite3", bare_tokens) as bare:
            for sample in range(sizes.samples + 1):
                need = ws.needs[sample % len(ws.needs)]
                round_id = room.open_round(need.id, ["value"])
                got = _spawn_devices(url, round_id, tokens)
                app_p95.append(percentile(got["times_ms"], 0.95))
                answers = rounds.round_view(library, round_id).ratings.get("value", {})
                stored_once = stored_once and len(answers) == PEOPLE
                got = _spawn_devices(bare.url, f"bare-{sample}", tokens)
                bare_p95.append(percentile(got["times_ms"], 0.95))
    finally:
        server.stop()
        library.close()
    gui = _gui_samples(db, workshop_id, sizes.samples + 1)
    return [
        sampled(
            "room_rate_p95",
            f"{PEOPLE} participants rating at once on loopback: p95 response",
            app_p95,
            baseline_samples=bare_p95,
            baseline_label="bare aiohttp + sqlite3, a transaction a rating",
            max_value=100,
            details={"every rating stored once": stored_once},
        ),
        sampled(
            "room_window_pause",
            f"longest pause of the window while {PEOPLE} participants rate",
            gui,
            max_value=50,
        ),
    ]


def _gui_samples(db: Path, workshop_id: str, samples: int) -> list[float]:
    from benchmarks.processes import env_for, spawn

    run = spawn(
        [sys.executable, "-m", "benchmarks.room", "gui", str(db), workshop_id, str(samples)],
        env_for(db.parent / "home"),
    )
    return [float(line["longest_ms"]) for line in run.json_lines()]  # type: ignore[arg-type]


# -- the window, in a child process -------------------------------------------------------------
def gui(db: str, workshop_id: str, samples: int) -> int:
    """The main window with the room invited, its panel and both walls showing; per sample a
    new round, the devices rating from a process of their own, and the longest gap between
    ticks of a 1 ms timer from the first rating until the panel shows every answer."""
    import tempfile

    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from workshop_app.ui import qt_imports

    qt_imports.answer_without_reading_sources()  # as the app does (ui/app.py)
    from workshop_app.storage.operations import Library
    from workshop_app.ui.main_window import MainWindow
    from workshop_app.ui.room.panel import RoomPanel

    app = QApplication(["workshop-app-bench"])  # kept for the whole run
    folder = Path(tempfile.mkdtemp(prefix="room-settings-"))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Library(db), settings)
    window.resize(1366, 768)
    window.show()
    window.open_workshop(workshop_id)
    window.go_to_stage("align")
    window.room.show(window.session)
    panel = window.room.panel
    assert isinstance(panel, RoomPanel)
    controller = panel.controller
    controller.invite("127.0.0.1")
    panel.show_wall()
    from workshop_app.ui.dialogs import stage_wall

    stage_wall(window).show_on_wall()
    ticks: list[tuple[float, float]] = []  # (gap in ms, when it ended)
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        ticks.append(((now - last[0]) * 1000, time.time()))
        last[0] = now

    beat = QTimer()
    beat.setInterval(1)
    beat.timeout.connect(tick)
    beat.start()
    ws = controller.session.workshop
    room = controller.room
    assert room is not None
    tokens = [room.invitation.token_for(p.id) for p in ws.participants]
    url = controller.join_url.split("#")[0]
    for sample in range(samples):
        round_id = controller.open_round(
            ws.needs[sample % len(ws.needs)].id, ["value"], anonymous=True
        )
        assert round_id is not None
        result: dict[str, Any] = {}

        def rate(result: dict[str, Any] = result, round_id: str = round_id) -> None:
            result.update(_spawn_devices(url, round_id, tokens))

        thread = threading.Thread(target=rate)
        loop = QEventLoop()

        def answered_all(thread: threading.Thread = thread, loop: QEventLoop = loop) -> None:
            if not thread.is_alive() and panel.round_state.text().startswith(f"{PEOPLE} of"):
                loop.quit()

        check = QTimer()
        check.setInterval(5)
        check.timeout.connect(answered_all)
        check.start()
        thread.start()
        loop.exec()
        check.stop()
        ended = time.time()
        thread.join()
        longest = max((gap for gap, at in ticks if result["start"] <= at <= ended), default=0.0)
        print(json.dumps({"longest_ms": longest}), flush=True)
        ticks.clear()
    beat.stop()
    controller.end()
    window.close()
    del app
    return 0


def main(argv: list[str]) -> int:
    mode, *args = argv
    if mode == "devices":
        print(json.dumps(devices(args[0], args[1], json.loads(args[2]))), flush=True)
        return 0
    if mode == "gui":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return gui(args[0], args[1], int(args[2]))
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
