"""Measures without Qt: an edit through the operations layer, PDF export, library search."""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from benchmarks import generate
from benchmarks.harness import Result, check, median, ms, percentile, timed
from workshop_app.core import model as m


@dataclass(frozen=True)
class Sizes:
    """How big the data is: the issue's sizes for a full run, tiny ones for the smoke test."""

    small: int = 50  # requests in the small workshop
    large: int = 500  # requests in the large workshop
    library: int = 5000  # workshops in the library
    edits: int = 60  # timed edits (p95 over these)
    pdf_repeats_small: int = 5
    pdf_repeats_large: int = 2
    search_repeats: int = 5

    @classmethod
    def quick(cls) -> Sizes:
        return cls(
            small=5,
            large=10,
            library=30,
            edits=8,
            pdf_repeats_small=1,
            pdf_repeats_large=1,
            search_repeats=1,
        )


# -- one edit to committed on disk ---------------------------------------------------------------


def _edits(ws: m.Workshop, count: int) -> Iterator[tuple[str, str, str, Any]]:
    """A realistic mix of single-field edits across the workshop, each with a fresh value."""
    for i in range(count):
        request = ws.requests[(i * 7) % len(ws.requests)]
        need = ws.needs[(i * 11) % len(ws.needs)]
        goal = ws.goals[i % len(ws.goals)]
        yield [
            ("request", request.id, "text", f"Edited request {i}: {request.text[:80]}"),
            ("need", need.id, "statement", f"Edited need {i}: {need.statement[:80]}"),
            ("decision", request.id, "rationale", f"Edited rationale {i}"),
            ("need", need.id, "effort", 1 + i % 10),
            ("goal", goal.id, "title", f"Edited goal {i}"),
            ("workshop", ws.id, "location", f"Room {i}"),
        ][i % 6]


class _RawInsert:
    """The baseline: sqlite3 with the app's pragmas, one INSERT and COMMIT per sample."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)
        for pragma in (
            "busy_timeout=5000",
            "foreign_keys=ON",
            "journal_mode=WAL",
            "synchronous=FULL",
        ):
            self.connection.execute(f"PRAGMA {pragma}")
        self.connection.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        self.n = 0

    def insert(self) -> None:
        self.n += 1
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute("INSERT INTO item (text) VALUES (?)", (f"Edited text {self.n}",))
        self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


def measure_edit(sizes: Sizes, workdir: Path) -> Result:
    from workshop_app.storage.operations import Library

    folder = Path(tempfile.mkdtemp(prefix="edit-", dir=workdir))
    library = Library(folder / "workshops.sqlite3")
    ws = generate.synthetic_workshop(sizes.large)
    library.add_workshop(ws)
    raw = _RawInsert(folder / "raw.sqlite3")
    edit_times, raw_times = [], []
    try:
        warm = 5
        for i, (kind, item_id, field, value) in enumerate(_edits(ws, sizes.edits + warm)):
            edit = timed(
                lambda k=kind, i_=item_id, f=field, v=value: library.set_field(k, i_, f, v)
            )
            base = timed(raw.insert)
            if i >= warm:
                edit_times.append(ms(edit))
                raw_times.append(ms(base))
    finally:
        raw.close()
        library.close()
    p95, base95 = percentile(edit_times, 0.95), percentile(raw_times, 0.95)
    return check(
        "edit_p95",
        f"One edit to committed on disk, {sizes.large}-request workshop (p95)",
        p95,
        "ms",
        max_value=20,
        baseline=base95,
        baseline_label="raw sqlite3 INSERT+COMMIT, WAL, synchronous=FULL, p95",
        max_ratio=10,
        details={
            "samples_ms": [round(t, 2) for t in edit_times],
            "baseline_samples_ms": [round(t, 2) for t in raw_times],
            "median_ms": median(edit_times),
            "baseline_median_ms": median(raw_times),
        },
    )


# -- PDF export ------------------------------------------------------------------------------


def printed_lines(pdf: bytes) -> list[str]:
    """Every line of text the summary prints, page by page (headers and footers included)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    lines: list[str] = []
    try:
        for page in document:
            textpage = page.get_textpage()
            lines += [line.strip() for line in textpage.get_text_range().splitlines()]
            textpage.close()
            page.close()
    finally:
        document.close()
    return [line for line in lines if line]


def bare_reportlab_pdf(lines: list[str]) -> bytes:
    """The baseline: the same text as plain Paragraphs in a bare reportlab document, set in the
    same font at body size: what reportlab itself needs to lay out and write that much text."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from workshop_app.report import fonts

    fonts.register_fonts()
    style = ParagraphStyle("body", fontName=fonts.SANS, fontSize=9.2, leading=13.6)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1)
    doc.build([Paragraph(escape(line), style) for line in lines])
    return buffer.getvalue()


def measure_pdf(sizes: Sizes) -> list[Result]:
    from workshop_app.report.export import build_pdf

    # Fonts load once per process; warm both paths so neither pays it inside the timing.
    warm = generate.synthetic_workshop(3, long_texts=False)
    bare_reportlab_pdf(printed_lines(build_pdf(warm)))
    results, medians = [], {}
    for n, repeats in (
        (sizes.small, sizes.pdf_repeats_small),
        (sizes.large, sizes.pdf_repeats_large),
    ):
        ws = generate.synthetic_workshop(n)
        pdf = build_pdf(ws)
        lines = printed_lines(pdf)
        app_times, bare_times = [], []
        for _ in range(repeats):
            app_times.append(ms(timed(lambda ws=ws: build_pdf(ws))))
            bare_times.append(ms(timed(lambda lines=lines: bare_reportlab_pdf(lines))))
        value, base = median(app_times), median(bare_times)
        medians[n] = value
        results.append(
            check(
                f"pdf_{n}",
                f"PDF export, {n} requests",
                value,
                "ms",
                max_value=1000 if n == sizes.small else 8000,
                baseline=base,
                baseline_label="bare reportlab: the same printed text as plain paragraphs",
                max_ratio=2,
                details={
                    "samples_ms": app_times,
                    "baseline_samples_ms": bare_times,
                    "printed_lines": len(lines),
                    "printed_characters": sum(len(line) for line in lines),
                    "bytes": len(pdf),
                    "sha256": hashlib.sha256(pdf).hexdigest(),
                },
            )
        )
    growth = medians[sizes.large] / medians[sizes.small]
    results.append(
        check(
            "pdf_growth",
            f"PDF export time, {sizes.large} ÷ {sizes.small} requests",
            growth,
            "×",
            max_value=12 if sizes.large == 10 * sizes.small else None,
            details={"linear_would_be": sizes.large / sizes.small},
        )
    )
    return results


# -- library search --------------------------------------------------------------------------

SEARCHES = ("payroll", "kubernetes", "STRASSE", "σοφία", "zebra crossing", "q")


def library_path(count: int, workdir: Path) -> Path:
    """The benchmark library of `count` workshops, built once and kept between runs.

    Kept in the system's temporary folder, keyed by the generator's source and the schema, so a
    change to either builds a fresh one.
    """
    from workshop_app.storage import migrate

    source = Path(generate.__file__).read_bytes() + migrate.head_revision().encode()
    key = hashlib.sha256(source).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / "workshop-app-bench"
    cache.mkdir(exist_ok=True)
    path = cache / f"library-{count}-{key}.sqlite3"
    if not path.exists():
        for old in cache.glob(f"library-{count}-*"):
            old.unlink()
        building = workdir / path.name
        generate.build_library(building, count)
        for suffix in ("-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        building.replace(path)
    return path


def measure_search(sizes: Sizes, workdir: Path) -> Result:
    from workshop_app.storage.operations import Library

    library = Library(library_path(sizes.library, workdir), make_backup=False)
    per_term: dict[str, float] = {}
    found: dict[str, int] = {}
    try:
        library.workshops("warm up")
        for term in SEARCHES:
            samples = []
            for _ in range(sizes.search_repeats):
                start = time.perf_counter()
                found[term] = len(library.workshops(term))
                samples.append(ms(time.perf_counter() - start))
            per_term[term] = median(samples)
        listing = median([ms(timed(library.workshops)) for _ in range(sizes.search_repeats)])
    finally:
        library.close()
    worst = max(per_term, key=per_term.__getitem__)
    return check(
        "search",
        f"Library search over {sizes.library:,} workshops (slowest query, median)",
        per_term[worst],
        "ms",
        max_value=100,
        details={
            "slowest": worst,
            "median_ms_per_query": per_term,
            "workshops_found": found,
            "listing_without_search_ms": listing,
        },
    )
