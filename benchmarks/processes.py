"""Cold start and resident memory, each measured in fresh processes (see child.py)."""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import generate
from benchmarks.core import Sizes
from benchmarks.harness import Result, check, median, ms

ROOT = Path(__file__).resolve().parent.parent


def _env(home: Path) -> dict[str, str]:
    """Offscreen Qt and private user folders, so no real settings or data are read or written."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(home)
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.pop("WORKSHOP_APP_DB", None)
    return env


def _child(args: list[str], env: dict[str, str]) -> list[tuple[float, str]]:
    """Spawn a child; return each line it prints with the seconds from spawn to that line."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.child", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines = [(time.perf_counter() - start, line.strip()) for line in process.stdout]
    _out, err = process.communicate(timeout=120)
    if process.returncode != 0 or not lines:
        raise RuntimeError(f"benchmark child {args[0]} failed: {err.strip()[-2000:]}")
    return lines


def measure_cold_start(sizes: Sizes, workdir: Path, repeats: int = 7) -> list[Result]:
    from workshop_app.core.demo import demo_workshop
    from workshop_app.storage.operations import Library

    # As `make run` does: without cached bytecode every start compiles the app's sources again.
    compileall.compile_dir(ROOT / "workshop_app", quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="start-", dir=workdir))
    db = folder / "workshops.sqlite3"
    library = Library(db)
    library.add_workshop(demo_workshop())
    library.add_workshop(generate.synthetic_workshop(sizes.small))
    library.close()
    env = _env(folder / "home")
    _child(["start-app", str(db)], env)  # first start: takes the backup, warms the disk cache
    _child(["start-bare"], env)
    app_times, bare_times, opened_times, stalls = [], [], [], []
    for _ in range(repeats):
        (ready, _line), (opened, report) = _child(["start-app", str(db)], env)
        app_times.append(ms(ready))
        opened_times.append(ms(opened))
        stalls.append(float(json.loads(report)["max_stall_ms"]))
        bare_times.append(ms(_child(["start-bare"], env)[0][0]))
    return [
        check(
            "cold_start",
            "Cold start to an interactive main window, workshops listed (offscreen, median)",
            median(app_times),
            "ms",
            baseline=median(bare_times),
            baseline_label="bare PySide6 QMainWindow script",
            max_ratio=1.5,
            details={"samples_ms": app_times, "baseline_samples_ms": bare_times},
        ),
        check(
            "database_open",
            "Cold start until the database is open in the background (median)",
            median(opened_times),
            "ms",
            details={"samples_ms": opened_times},
        ),
        check(
            "start_stall",
            "Longest pause of the window while the database opens (worst start)",
            max(stalls),
            "ms",
            max_value=50,
            details={"samples_ms": stalls},
        ),
    ]


def measure_memory(sizes: Sizes, workdir: Path) -> Result:
    from workshop_app.storage.operations import Library

    folder = Path(tempfile.mkdtemp(prefix="rss-", dir=workdir))
    db = folder / "workshops.sqlite3"
    library = Library(db)
    workshop_id = library.add_workshop(generate.synthetic_workshop(sizes.large))
    library.close()
    env = _env(folder / "home")
    app = json.loads(_child(["rss-app", str(db), workshop_id], env)[0][1])
    bare = json.loads(_child(["rss-bare"], env)[0][1])
    return check(
        "memory",
        f"Resident memory, {sizes.large}-request workshop open, every stage visited",
        app["rss_mb"],
        "MB",
        max_value=250,
        baseline=bare["rss_mb"],
        baseline_label="bare PySide6 window",
        details={"app": app, "bare": bare},
    )
