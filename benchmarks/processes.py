"""Fresh processes: spawning them, timing them from spawn to each line and to exit, and the
memory of a process tree; the cold start, the opening of a large library and the GUI measures."""

from __future__ import annotations

import compileall
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.core import Sizes, library_copy, workshop_library
from benchmarks.harness import Result, median, ms, sampled

ROOT = Path(__file__).resolve().parent.parent
APP = Path(sys.executable).with_name("workshop-app")  # the installed command


def env_for(home: Path) -> dict[str, str]:
    """Offscreen Qt, this source tree, and private user folders, so no real settings or data
    are read or written."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT)
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


def _tree_rss_mb(root: int) -> tuple[float, float]:
    """Resident memory of `root` and all its descendants, summed, and of `root` alone (MB)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    total, own, todo = 0, 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        with contextlib.suppress(OSError, IndexError, ValueError):
            resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
            total += resident
            own = resident if pid == root else own
    return total / 1e6, own / 1e6


@dataclass
class Run:
    """One child process: each line it printed with the seconds from spawn, the seconds to its
    exit, and (when sampled) its process tree's memory over time."""

    lines: list[tuple[float, str]]
    exit_s: float
    memory: list[tuple[float, tuple[float, float]]] = field(default_factory=list)

    def json_lines(self) -> list[dict[str, object]]:
        return [json.loads(text) for _, text in self.lines if text.startswith("{")]

    def peak_mb(self, start: float, end: float, *, own: bool = False) -> float:
        """The peak of the tree's memory (or of the process itself) between two moments."""
        return max((mb[own] for at, mb in self.memory if start <= at <= end), default=0.0)


def spawn(
    command: list[str], env: dict[str, str], *, memory: bool = False, timeout: float = 900
) -> Run:
    """Run a command to its end; `memory`: sample its process tree's memory every 20 ms."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    samples: list[tuple[float, tuple[float, float]]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append((time.perf_counter() - start, _tree_rss_mb(process.pid)))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    assert process.stdout is not None
    lines = [(time.perf_counter() - start, line.strip()) for line in process.stdout]
    _out, err = process.communicate(timeout=timeout)
    exit_s = time.perf_counter() - start
    done.set()
    if memory:
        sampler.join()
    if process.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(command[:4])} failed: {err.strip()[-2000:]}")
    return Run(lines, exit_s, samples)


def child(*args: str) -> list[str]:
    return [sys.executable, "-m", "benchmarks.child", *args]


# -- cold start ----------------------------------------------------------------------------------


def warm_up(baseline: list[str], env: dict[str, str]) -> None:
    """Run the baseline once, untimed, before the first pair of samples: the files both the app
    and its baseline load (Python, PySide6, reportlab, pyHanko) then come from the system's
    file cache for both, rather than from disk for whichever of the two runs first."""
    spawn(baseline, env)


def measure_cold_start(sizes: Sizes, workdir: Path) -> list[Result]:
    """Spawn to the window shown with the workshops listed, against a bare PySide6 window; the
    first start on a freshly copied library (it takes the backup) beside warm ones."""
    # As `make run` does: without cached bytecode every start compiles the app's sources again.
    compileall.compile_dir(ROOT / "workshop_app", quiet=1)
    results = []
    for count in sizes.start_libraries:
        db = library_copy(count, workdir)
        env = env_for(db.parent / "home")
        app_times, bare_times = [], []
        warm_up(child("start-bare"), env)
        for i in range(sizes.samples + 1):
            # The first start runs until the database has opened, so it leaves its backup.
            app_times.append(
                ms(
                    spawn(child("start-app", str(db), "opened" if i == 0 else "ready"), env).lines[
                        0
                    ][0]
                )
            )
            bare_times.append(ms(spawn(child("start-bare"), env).lines[0][0]))
        results.append(
            sampled(
                f"cold_start_{count}",
                f"Cold start to first paint with the workshops listed, {count:,} workshops",
                app_times,
                baseline_samples=bare_times,
                baseline_label="bare PySide6 QMainWindow script",
                max_ratio=2.2 if count <= 50 else 2.5,  # the two targets
            )
        )
    return results


def measure_opening(sizes: Sizes, workdir: Path) -> list[Result]:
    """Start the app on a large library: the longest pause of the window while the database
    opens in the background, the time until it accepts edits; in the first (fresh) process,
    the library search typed into the window."""
    count = sizes.open_library
    db = library_copy(count, workdir)
    env = env_for(db.parent / "home")
    env["BENCH_SAMPLES"] = str(sizes.samples)
    opened, stalls = [], []
    searches: dict[str, list[float]] = {}
    for i in range(sizes.samples + 1):
        run = spawn(child("start-app", str(db), "search" if i == 0 else "opened"), env)
        opened.append(ms(run.lines[1][0]))
        reports = run.json_lines()
        stalls.append(float(reports[0]["max_stall_ms"]))  # type: ignore[arg-type]
        if i == 0:
            searches = reports[1]  # type: ignore[assignment]
    slowest = max(searches, key=lambda term: median(searches[term][1:] or searches[term]))
    return [
        sampled(
            f"open_pause_{count}",
            f"Longest pause of the window while a {count:,}-workshop library opens",
            stalls,
            max_value=50,
        ),
        sampled(
            f"open_editable_{count}",
            f"Open a {count:,}-workshop library until it accepts edits (from spawn)",
            opened,
            max_value=2000,
        ),
        sampled(
            f"search_window_{count}",
            f"Library search in the window, {count:,} workshops (slowest query: {slowest!r})",
            searches[slowest],
            max_value=100,
            details={"per_query_ms": searches},
        ),
    ]


# -- in the window: stages, saves, memory --------------------------------------------------------


def measure_gui(sizes: Sizes, workdir: Path) -> list[Result]:
    results: list[Result] = []
    for requests, visit_limit, memory_limit in zip(
        sizes.gui_workshops, (300, 600), (300, 600), strict=False
    ):
        db, workshop_id = workshop_library(requests, workdir)
        env = env_for(db.parent / "home")
        run = spawn(child("gui", str(db), workshop_id, str(sizes.samples)), env, memory=True)
        results += _gui_results(run, requests, visit_limit, memory_limit)
    return results


def _gui_results(run: Run, requests: int, visit_limit: float, memory_limit: float) -> list[Result]:
    begins = [at for at, text in run.lines if text == "begin"]
    visit_lines = [(at, json.loads(t)) for at, t in run.lines if '"visits"' in t]
    windows = list(zip(begins, [at for at, _ in visit_lines], strict=True))
    peaks = [run.peak_mb(begin, end) for begin, end in windows]
    own = [run.peak_mb(begin, end, own=True) for begin, end in windows]
    visits = [report["visits_ms"] for _, report in visit_lines]
    per_stage = {key: [v[key] for v in visits] for key in visits[0]}
    slowest = max(per_stage, key=lambda key: median(per_stage[key][1:] or per_stage[key]))
    typing = [r for r in run.json_lines() if r.get("kind") == "typing"]
    slowest_save = max(typing, key=lambda r: median(r["saves_ms"]))  # type: ignore[arg-type]
    keys = [k for r in typing for k in r["keys_ms"]]  # type: ignore[attr-defined]
    stalls = [s for r in typing for s in r["stalls_ms"]]  # type: ignore[attr-defined]
    return [
        sampled(
            f"stage_first_visit_{requests}",
            f"First visit of the slowest stage ({slowest}), {requests:,}-request workshop",
            per_stage[slowest],
            max_value=visit_limit,
            details={"per_stage_ms": per_stage, "open_ms": [r["open_ms"] for _, r in visit_lines]},
        ),
        sampled(
            f"save_after_pause_{requests}",
            f"Save after a typing pause, {requests:,}-request workshop ({slowest_save['field']})",
            [float(s) for s in slowest_save["saves_ms"]],  # type: ignore[attr-defined]
            max_value=100,
            details={"per_field_ms": {r["field"]: r["saves_ms"] for r in typing}},
        ),
        sampled(
            f"typing_keystroke_{requests}",
            f"Typing, {requests:,}-request workshop: slowest keystroke handler",
            [max(keys)],
            max_value=16,
            details={"keystrokes": len(keys), "longest_other_work_ms": max(stalls)},
        ),
        sampled(
            f"memory_{requests}",
            f"Peak memory of the app's processes (window and export preview), {requests:,}-"
            "request workshop open, every stage visited",
            peaks,
            "MB",
            max_value=memory_limit,
            details={"tree_samples": len(run.memory), "peak_of_the_window_process_mb": own},
        ),
    ]
