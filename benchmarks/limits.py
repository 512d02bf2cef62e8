"""Time and memory of importing and exporting workshops at the size limits (core/fields.py).

    python -m benchmarks.limits [OUT_DIR]

Two files just under the import limits: one with the most requests a workshop may hold and
realistic text, one with the longest texts packed up to the file-size limit. Each operation runs
in a fresh process, so its peak resident memory is its own (the interpreter and libraries
included). Not part of `make bench`: it takes a minute and measures limits, not regressions.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from benchmarks.generate import synthetic_workshop
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.fields import LONG_TEXT, MAX_FILE_BYTES, MAX_ITEMS

_WORDS = ("quote", "turnaround", "pipeline", "payroll", "onboarding", "dashboard", "integration")


def _long_text(seed: int) -> str:
    words, size, i = [], 0, seed
    while size < LONG_TEXT - 20:
        word = _WORDS[i % len(_WORDS)]
        words.append(word)
        size += len(word) + 1
        i += 7
    return " ".join(words)[:LONG_TEXT]


def most_requests() -> m.Workshop:
    return synthetic_workshop(MAX_ITEMS["requests"])


def longest_texts() -> m.Workshop:
    """Every long text of every need and decision at its limit, as many as the file allows."""
    ws = synthetic_workshop(50)
    budget = MAX_FILE_BYTES - len(interchange.dumps(ws).encode("utf-8")) - 100_000
    seed = 0
    for index, need in enumerate(ws.needs):
        for name in ("statement", "beneficiaries", "cost_of_inaction", "alternatives"):
            if budget <= LONG_TEXT:
                return ws
            setattr(need, name, _long_text(seed))
            seed, budget = seed + 1, budget - LONG_TEXT
        if budget > LONG_TEXT:
            decision = ws.decisions[index]
            ws.decisions[index] = replace(decision, rationale=_long_text(seed))
            seed, budget = seed + 1, budget - LONG_TEXT
    return ws


#: Per operation: what to set up (not measured), then the operation itself.
_CHILD = {
    "import": (
        "from pathlib import Path\n"
        "from workshop_app.services.importing import import_file\n"
        "lib = Library(sys.argv[3]); raw = open(sys.argv[2], 'rb').read()",
        "import_file(lib, raw, Path(sys.argv[2]))",
    ),
    "export-json": (
        "lib = Library(sys.argv[3]); w = lib.workshops()[0].id",
        "lib.export_json(w)",
    ),
    "export-pdf": (
        "from workshop_app.report.export import build_pdf\n"
        "lib = Library(sys.argv[3]); w = lib.workshops()[0].id",
        "build_pdf(lib.workshop(w))",
    ),
}
_TEMPLATE = """
import resource, sys, time
from workshop_app.storage.operations import Library
{setup}
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
start, wall = cpu(), time.perf_counter()
{operation}
print(cpu() - start, time.perf_counter() - wall, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
lib.close()
"""


def _measure(operation: str, source: Path, db: Path) -> tuple[float, float, float]:
    """CPU seconds, wall seconds and peak MB of one operation, in a child process of its own.
    On a shared machine the wall clock also measures the neighbours; CPU time much less so."""
    setup, step = _CHILD[operation]
    code = _TEMPLATE.format(setup=setup, operation=step)
    done = subprocess.run(
        [sys.executable, "-c", code, operation, str(source), str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    cpu, wall, peak_kb = done.stdout.split()
    return float(cpu), float(wall), int(peak_kb) / 1024


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, build in (("most requests", most_requests), ("longest texts", longest_texts)):
        source = out / f"{name.replace(' ', '-')}.json"
        source.write_text(interchange.dumps(build()), encoding="utf-8")
        db = out / f"{name.replace(' ', '-')}.sqlite3"
        db.unlink(missing_ok=True)
        size = source.stat().st_size / 1e6
        for operation in _CHILD:
            cpu, wall, peak = _measure(operation, source, db)
            rows.append(
                {
                    "file": name,
                    "MB": round(size, 2),
                    "operation": operation,
                    "CPU s": round(cpu, 2),
                    "wall s": round(wall, 2),
                    "peak MB": round(peak),
                }
            )
            print(json.dumps(rows[-1]), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/workshop-limits"))
