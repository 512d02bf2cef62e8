"""Run the benchmarks and write benchmarks/results/latest.md and latest.json.

    python -m benchmarks.run              # everything, at the issue's sizes (make bench)
    python -m benchmarks.run --quick      # the 50-workshop and 500-request cases (make bench-quick)
    python -m benchmarks.run --only pdf   # some groups: start, opening, gui, pdf, list, verify,
                                          # edit, room, team (PostgreSQL beside SQLite)
    python -m benchmarks.run --tiny       # tiny sizes, to check the harness itself works

Separate from the test suite: nothing here asserts, it measures and reports. The exit status is
0 whether or not targets are met (the table says which), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import core, harness
from benchmarks.core import Sizes
from benchmarks.harness import Result

GROUPS = ("start", "opening", "gui", "pdf", "list", "verify", "edit", "room", "team")


def _groups(sizes: Sizes, workdir: Path) -> dict[str, Callable[[], list[Result]]]:
    from benchmarks import commands, processes, room, team

    return {
        "start": lambda: processes.measure_cold_start(sizes, workdir),
        "opening": lambda: processes.measure_opening(sizes, workdir),
        "gui": lambda: processes.measure_gui(sizes, workdir),
        "pdf": lambda: commands.measure_pdf(sizes, workdir),
        "list": lambda: [commands.measure_list(sizes, workdir)],
        "verify": lambda: [commands.measure_verify(sizes, workdir)],
        "edit": lambda: [core.measure_edit(sizes, workdir)],
        "room": lambda: room.measure_room(sizes, workdir),
        "team": lambda: team.measure_team(sizes, workdir),
    }


def run(
    groups: Sequence[str], sizes: Sizes, *, out_dir: Path | None = None, echo: bool = True
) -> list[Result]:
    """Run the named groups; write and (when echo) print the results table."""
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="workshop-app-bench-"))
    results: list[Result] = []
    load = [harness.load_average()]
    done: list[str] = []

    def write() -> str:
        # After each group, so a failure later keeps what was measured; the groups not run
        # yet are named in the table.
        info = {
            "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "mode": sizes.mode,
            "load": load,
            "groups": list(groups),
            "done": list(done),
            "pending": [name for name in groups if name not in done],
            "seconds": time.perf_counter() - started,
            "sizes": sizes.__dict__,
            "machine": harness.machine(),
        }
        return harness.write(results, info, out_dir or harness.RESULTS_DIR)

    try:
        available = _groups(sizes, workdir)
        write()
        for name in groups:
            t0 = time.perf_counter()
            results += available[name]()
            load.append(harness.load_average())
            done.append(name)
            write()
            if echo:
                print(
                    f"  {name}: {time.perf_counter() - t0:.1f} s, load {load[-1]:.2f}",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    markdown = write()
    if echo:
        print(markdown)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--only", nargs="+", choices=GROUPS, default=list(GROUPS))
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="the 50-workshop, 500-request cases")
    size.add_argument("--tiny", action="store_true", help="tiny sizes (checks the harness)")
    parser.add_argument("--out", type=Path, default=None, help="folder for latest.md/json")
    args = parser.parse_args(argv)
    sizes = Sizes.quick() if args.quick else Sizes.tiny() if args.tiny else Sizes()
    run(args.only, sizes, out_dir=args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
