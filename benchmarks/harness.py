"""What every benchmark shares: a result row with its baseline and target, timing, reporting.

Absolute seconds say little on a shared two-core machine, so each measure that has a natural
baseline measures it in the same run, interleaved with the measure itself, and the target is
checked on the ratio as well as (where the issue gives one) on the absolute value.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Result:
    """One row of the results table."""

    key: str
    measure: str
    value: float
    unit: str  # "ms", "MB", "×"
    target: str  # as the issue states it, e.g. "≤ 20 ms and ≤ 10 × baseline"
    passed: bool
    baseline: float | None = None
    baseline_label: str = ""
    ratio: float | None = None
    details: dict[str, Any] = field(default_factory=dict)
    #: The first sample in a fresh process (and the baseline's), when the value is a median of
    #: warm ones; the target holds for both.
    first: float | None = None
    baseline_first: float | None = None
    samples: int = 0

    @property
    def verdict(self) -> str:
        return "pass" if self.passed else "MISS"


def check(
    key: str,
    measure: str,
    value: float,
    unit: str,
    *,
    max_value: float | None = None,
    baseline: float | None = None,
    baseline_label: str = "",
    max_ratio: float | None = None,
    details: dict[str, Any] | None = None,
    first: float | None = None,
    baseline_first: float | None = None,
    samples: int = 0,
) -> Result:
    """A result whose target is an absolute limit, a ratio to the baseline, or both; when the
    first sample in a fresh process is given, it must meet the target too."""
    ratio = value / baseline if baseline else None
    parts, passed = [], True
    pairs = [(value, baseline)]
    if first is not None:
        pairs.append((first, baseline_first if baseline_first is not None else baseline))
    if max_value is not None:
        parts.append(f"≤ {_fmt(max_value)} {unit}")
        passed = passed and all(v <= max_value for v, _ in pairs)
    if max_ratio is not None:
        parts.append(f"≤ {_fmt(max_ratio)} × baseline")
        passed = passed and all(b and v / b <= max_ratio for v, b in pairs)
    return Result(
        key,
        measure,
        value,
        unit,
        " and ".join(parts) or "(reported)",
        passed,
        baseline,
        baseline_label,
        ratio,
        details or {},
        first,
        baseline_first,
        samples,
    )


def sampled(
    key: str, measure: str, samples: list[float], unit: str = "ms", **kwargs: Any
) -> Result:
    """A figure from samples in one process: the first (the process was fresh) and the median of
    the warm ones after it; `baseline_samples` likewise."""
    base = kwargs.pop("baseline_samples", None)
    details = {"samples": samples, **kwargs.pop("details", {})}
    if base:
        details["baseline_samples"] = base
        kwargs["baseline"] = median(base[1:] or base)
        kwargs["baseline_first"] = base[0] if len(base) > 1 else None
    return check(
        key,
        measure,
        median(samples[1:] or samples),
        unit,
        first=samples[0] if len(samples) > 1 else None,
        samples=len(samples[1:] or samples),
        details=details,
        **kwargs,
    )


def timed(fn: Callable[[], Any]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 = p95): a value that was actually observed."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def ms(seconds: float) -> float:
    return seconds * 1000.0


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def load_average() -> float:
    """The system's load over the last minute (runnable processes, all of them)."""
    return os.getloadavg()[0]


def machine() -> dict[str, str]:
    """The machine the numbers were measured on."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }
    try:
        import PySide6
        import reportlab
        import sqlalchemy

        info["pyhanko"] = importlib.metadata.version("pyhanko")
        info["pyside6"] = PySide6.__version__
        info["reportlab"] = reportlab.Version
        info["sqlalchemy"] = sqlalchemy.__version__
        info["sqlite"] = __import__("sqlite3").sqlite_version
    except ImportError:  # pragma: no cover - the venv has them
        pass
    return info


def _first(r: Result) -> str:
    if r.first is None:
        return "—"
    text = f"{_fmt(r.first)} {r.unit}"
    base = r.baseline_first if r.baseline_first is not None else r.baseline
    if base:
        text += f" ({r.first / base:.2f} ×)"
    return text


def table(results: Sequence[Result]) -> str:
    lines = [
        "| measure | first, fresh process | value (median of warm) | baseline (same run) "
        "| ratio | target | result |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        base = f"{_fmt(r.baseline)} {r.unit}" if r.baseline is not None else "—"
        if r.baseline_label and r.baseline is not None:
            base += f" ({r.baseline_label})"
        ratio = f"{r.ratio:.2f} ×" if r.ratio is not None else "—"
        count = f" (n={r.samples})" if r.samples else ""
        lines.append(
            f"| {r.measure} | {_first(r)} | {_fmt(r.value)} {r.unit}{count} | {base} | {ratio} "
            f"| {r.target} | {r.verdict} |"
        )
    return "\n".join(lines)


_COMMANDS = {"quick": "make bench-quick", "tiny": "python -m benchmarks.run --tiny"}


def _load_text(samples: Sequence[float]) -> str:
    if not samples:
        return "—"
    return (
        f"{min(samples):.2f} to {max(samples):.2f}, mean {sum(samples) / len(samples):.2f} "
        f"({len(samples)} readings, one per measure group)"
    )


def write(results: Sequence[Result], info: dict[str, Any], out_dir: Path = RESULTS_DIR) -> str:
    """Write latest.md and latest.json (atomically) and return the markdown."""
    out_dir.mkdir(parents=True, exist_ok=True)
    passed = sum(r.passed for r in results)
    mode = str(info.get("mode", "full"))
    header = [
        "# Benchmark results",
        "",
        f"Measured {info.get('when', '')} with `{_COMMANDS.get(mode, 'make bench')}` "
        f"({info.get('mode', 'full')} run, {info.get('seconds', 0):.0f} s).",
        "",
        "Machine: "
        + ", ".join(f"{k} {v}" for k, v in info.get("machine", {}).items())
        + ". Offscreen Qt.",
        "",
        "Load average (1 min) while it ran: " + _load_text(info.get("load", [])) + ".",
        "",
        f"{passed} of {len(results)} measures meet their targets.",
        "",
    ]
    pending = list(info.get("pending", []))
    if pending:
        header[-2:-1] = [
            f"{passed} of {len(results)} measures meet their targets so far; not run yet "
            f"(or stopped by a failure): {', '.join(pending)}.",
        ]
    notes = [
        "",
        "Baselines are measured in the same run, interleaved with the measure, so the ratios "
        'hold on a noisy machine; absolute milliseconds vary from run to run. "First" is the '
        "first sample in a fresh process (for starts: the first start on a freshly copied "
        "library, which takes its backup); the value is the median of the warm samples after "
        "it, and both must meet the target. Before the first pair a process baseline runs once, "
        "untimed, so that the files both load come from the system's file cache for both "
        "rather than from disk for whichever runs first. "
        "Details (every sample) are in latest.json.",
        "",
    ]
    waiting = [f"| ({name}: not run yet) | — | — | — | — | — | not run |" for name in pending]
    markdown = "\n".join([*header, table(results), *waiting, *notes])
    payload = {
        "info": info,
        "results": [{**asdict(r), "verdict": r.verdict} for r in results],
    }
    for name, text in (
        ("latest.md", markdown),
        ("latest.json", json.dumps(payload, indent=2, ensure_ascii=False) + "\n"),
    ):
        tmp = out_dir / f"{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out_dir / name)
    return markdown
