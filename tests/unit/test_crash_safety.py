"""Durability with real processes: SIGKILL in the middle of a stream of edits never damages the
database or loses an edit that had returned, and two processes editing at once both succeed."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from workshop_app.storage.operations import Library

# Opens the library, announces itself, then adds action items one by one, printing the number
# of each edit only after add_item has returned (that is, after the commit).
_EDITOR = """
import sys
from workshop_app.storage.operations import Library

path, workshop_id, first, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
count = int(sys.argv[5]) if len(sys.argv) > 5 else None
library = Library(path)
print("ready", flush=True)
if count is not None:
    sys.stdin.readline()  # wait for "go", so that both processes start editing together
number = first
while count is None or number < first + count:
    library.add_item(workshop_id, "action", {"text": f"{label} {number}"})
    print(number, flush=True)
    number += 1
library.close()
"""


@contextmanager
def editor(*args: str, stdin: bool = False) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", _EDITOR, *args],
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(60, process.kill)  # a hung child must not hang the suite
    watchdog.start()
    try:
        yield process
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def read_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        assert process.stderr is not None
        pytest.fail(f"the editing process ended early: {process.stderr.read()[-2000:]}")
    return line.strip()


def integrity(path: Path) -> list[tuple[str]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()


def new_workshop(path: Path) -> str:
    library = Library(path)
    workshop_id = library.create_workshop("Crash test")
    library.close()
    return workshop_id


def action_texts(path: Path, workshop_id: str) -> list[str]:
    library = Library(path, make_backup=False)
    try:
        return [a.text for a in library.workshop(workshop_id).actions]
    finally:
        library.close()


def test_sigkill_mid_stream_keeps_every_acknowledged_edit(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite3"
    workshop_id = new_workshop(path)
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    acknowledged: list[int] = []
    number = 0
    for round_ in range(5):
        kill_after = 0 if round_ == 0 else rng.randint(1, 40)  # first: killed while opening
        with editor(str(path), workshop_id, str(number), "edit") as process:
            assert read_line(process) == "ready"
            for _ in range(kill_after):
                acknowledged.append(int(read_line(process)))
            os.kill(process.pid, signal.SIGKILL)  # somewhere inside the next edit
            process.wait()
            assert process.returncode == -signal.SIGKILL
        where = f"seed {seed}, round {round_}, killed after {kill_after} edits"
        assert integrity(path) == [("ok",)], where
        texts = action_texts(path, workshop_id)
        missing = [n for n in acknowledged if f"edit {n}" not in texts]
        assert missing == [], where
        assert len(texts) == len(set(texts)), where  # nothing was applied twice
        # Edits that committed but were not acknowledged before the kill may be there too;
        # the next round numbers on from the highest one seen, so no text repeats.
        seen = [int(t.split()[1]) for t in texts]
        number = max(seen, default=-1) + 1
    assert len(acknowledged) >= 4, f"seed {seed}"


def test_two_processes_editing_at_once_both_succeed(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite3"
    workshop_id = new_workshop(path)
    edits = 25
    with (
        editor(str(path), workshop_id, "0", "alpha", str(edits), stdin=True) as first,
        editor(str(path), workshop_id, "0", "beta", str(edits), stdin=True) as second,
    ):
        assert read_line(first) == "ready" and read_line(second) == "ready"
        for process in (first, second):
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = []
        for process in (first, second):
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
            outputs.append(out.split())
    assert outputs == [[str(n) for n in range(edits)]] * 2
    assert integrity(path) == [("ok",)]
    library = Library(path, make_backup=False)
    actions = library.workshop(workshop_id).actions
    library.close()
    expected = {f"{label} {n}" for label in ("alpha", "beta") for n in range(edits)}
    assert {a.text for a in actions} == expected
    assert len(actions) == 2 * edits
    # Each add saw the other process's adds: places are 0..49 with no gaps and no ties.
    connection = sqlite3.connect(path)
    positions = [p for (p,) in connection.execute("SELECT position FROM action_item")]
    connection.close()
    assert sorted(positions) == list(range(2 * edits))
