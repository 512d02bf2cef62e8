"""What the export jobs do on the worker thread. Plain Python over report/ and storage/: no widgets.

Each function takes its inputs by value (a private copy of the workshop, a folder or file path,
an already unlocked identity) and returns an `Exported` describing the file written, or raises
`UserError` with one sentence. reportlab and pypdf are imported inside the functions: they load
with the first export, not with the window (a third of a second and about 40 MB that a session
which never exports does without).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from workshop_app.core import model as m
from workshop_app.core.errors import UserError
from workshop_app.report.build_process import build_pdf_elsewhere
from workshop_app.report.identity import UnlockedIdentity
from workshop_app.storage.operations import Library
from workshop_app.storage.portfolio import latest_revisions
from workshop_app.ui.jobs import PdfCache, Progress

log = logging.getLogger(__name__)

WORKSHOP, PORTFOLIO_PDF, PORTFOLIO_CSV = "workshop", "portfolio-pdf", "portfolio-csv"


@dataclass(frozen=True)
class Exported:
    kind: str  # WORKSHOP, PORTFOLIO_PDF or PORTFOLIO_CSV
    path: Path
    key: str = ""  # the workshop's export key (ExportRecord.key) for WORKSHOP
    pages: int = 0  # 0 for CSV
    signed: bool = False
    count: int = 0  # workshops in a portfolio
    note: str = ""  # what the reader should know, e.g. signed without trusted time


def build_preview(workshop: m.Workshop | bytes, key: str, cache: PdfCache) -> bytes:
    """The unsigned PDF, exactly as "Export PDF" writes it; cached for that export. `workshop`
    may be its interchange JSON (`ExportRecord.payload`): the worker then neither copies nor
    encodes the workshop while the window is being shown."""
    data = cache.get(key)
    if data is None:
        # In a child process: the window keeps its memory and its interpreter to itself
        # (report/build_process.py says why); the bytes are the same.
        data = build_pdf_elsewhere(workshop)
        if data is None:
            from workshop_app.core import interchange
            from workshop_app.report import export

            if isinstance(workshop, bytes):
                workshop = interchange.loads(workshop)
            data = export.build_pdf(workshop)
        cache.put(key, data)
    return data


def export_workshop(
    workshop: m.Workshop,
    out: Path,
    key: str,
    cache: PdfCache,
    signer: UnlockedIdentity | None,
    progress: Progress,
) -> Exported:
    """Write the workshop's summary to a folder (fresh name) or a file; signed if `signer`."""
    from workshop_app.report import export

    if signer is not None:
        from workshop_app.report.signing import export_signed_pdf

        unreached: list[str] = []
        path = export_signed_pdf(workshop, out, signer, no_timestamp=unreached.append)
        note = (
            f"Signed without trusted time: {unreached[0]}. The signing time is this computer's "
            "clock (PAdES B-B)."
            if unreached
            else ""
        )
        return Exported(WORKSHOP, path, key, _pages(path.read_bytes()), signed=True, note=note)
    export.ensure_exportable_unsigned(workshop)
    data = build_preview(workshop, key, cache)
    progress("Writing the file…")
    path = export.write_pdf(data, out, export.default_file_name(workshop))
    return Exported(WORKSHOP, path, key, _pages(data))


def export_portfolio(
    library: Library, folder: Path, kind: str, progress: Progress, lens: m.Lens | None = None
) -> Exported:
    """Every workshop in the library (its latest revision) as one PDF or one CSV file; `lens`
    keeps only the requests whose needs match it (core/lens.py)."""
    from workshop_app.report import export

    summaries = latest_revisions(library.workshops())
    if not summaries:
        raise UserError("The library has no workshops yet, so there is no portfolio to export.")
    workshops = []
    for number, summary in enumerate(summaries, start=1):
        progress(f"Reading workshop {number} of {len(summaries)}…")
        workshops.append(library.workshop(summary.id))
    noun = "workshop" if len(workshops) == 1 else "workshops"
    stem = f"{date.today().isoformat()} Portfolio - {len(workshops)} {noun}"
    if lens is not None:
        stem += f" - {lens.label}"
    if kind == PORTFOLIO_CSV:
        progress("Writing the spreadsheet…")
        from workshop_app.storage.capacity import capacities as periods

        first = next(iter(periods(library)), None)
        from workshop_app.report.portfolio_csv import portfolio_csv

        text = portfolio_csv(workshops, lens, first.scoring if first else None)
        path = export.write_new(text.encode("utf-8-sig"), folder, f"{stem}.csv")
        return Exported(kind, path, count=len(workshops))
    progress(f"Building the portfolio of {len(workshops)} workshops…")
    from workshop_app.report.portfolio import build_portfolio_pdf
    from workshop_app.storage.capacity import capacities

    data = build_portfolio_pdf(workshops, lens, capacities(library))
    path = export.write_pdf(data, folder, f"{stem}.pdf")
    return Exported(kind, path, pages=_pages(data), count=len(workshops))


def _pages(data: bytes) -> int:
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except Exception:  # counting is a courtesy; the file is written either way
        log.warning("Could not count the pages of the exported PDF", exc_info=True)
        return 0
