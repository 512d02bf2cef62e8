"""Run the benchmarks and write benchmarks/results/latest.md and latest.json.

    python -m benchmarks.run              # everything, at the issue's sizes (make bench)
    python -m benchmarks.run --only pdf   # some groups: start, edit, open, typing, pdf, search,
                                          # memory
    python -m benchmarks.run --quick      # tiny sizes, to check the harness itself works

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

GROUPS = ("start", "edit", "open", "typing", "pdf", "search", "memory")


def _groups(sizes: Sizes, workdir: Path) -> dict[str, Callable[[], list[Result]]]:
    def gui(which: str) -> list[Result]:
        from benchmarks import gui

        fixture = _gui_fixture(sizes, workdir)
        if which == "open":
            return gui.measure_open(fixture, sizes)
        return gui.measure_typing(fixture, sizes)

    def processes(which: str) -> list[Result]:
        from benchmarks import processes

        if which == "start":
            return processes.measure_cold_start(sizes, workdir)
        return [processes.measure_memory(sizes, workdir)]

    return {
        "start": lambda: processes("start"),
        "edit": lambda: [core.measure_edit(sizes, workdir)],
        "open": lambda: gui("open"),
        "typing": lambda: gui("typing"),
        "pdf": lambda: core.measure_pdf(sizes),
        "search": lambda: [core.measure_search(sizes, workdir)],
        "memory": lambda: processes("memory"),
    }


_fixture = None


def _gui_fixture(sizes: Sizes, workdir: Path):  # type: ignore[no-untyped-def]
    global _fixture  # noqa: PLW0603 - one GUI fixture per run, shared by the GUI groups
    if _fixture is None:
        from benchmarks import gui

        _fixture = gui.Fixture(sizes, workdir)
    return _fixture


def run(
    groups: Sequence[str], *, quick: bool = False, out_dir: Path | None = None, echo: bool = True
) -> list[Result]:
    """Run the named groups; write and (when echo) print the results table."""
    global _fixture  # noqa: PLW0603
    sizes = Sizes.quick() if quick else Sizes()
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="workshop-app-bench-"))
    results: list[Result] = []
    try:
        available = _groups(sizes, workdir)
        for name in groups:
            t0 = time.perf_counter()
            results += available[name]()
            if echo:
                print(f"  {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    finally:
        if _fixture is not None:
            _fixture.close()
            _fixture = None
        shutil.rmtree(workdir, ignore_errors=True)
    info = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "quick" if quick else "full",
        "groups": list(groups),
        "seconds": time.perf_counter() - started,
        "sizes": sizes.__dict__,
        "machine": harness.machine(),
    }
    markdown = harness.write(results, info, out_dir or harness.RESULTS_DIR)
    if echo:
        print(markdown)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--only", nargs="+", choices=GROUPS, default=list(GROUPS))
    parser.add_argument("--quick", action="store_true", help="tiny sizes (checks the harness)")
    parser.add_argument("--out", type=Path, default=None, help="folder for latest.md/json")
    args = parser.parse_args(argv)
    run(args.only, quick=args.quick, out_dir=args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
