"""Command-line measures, end to end (process start to exit), each against a bare script doing
the same work in a process of its own: `list --search`, `export-pdf`, `verify`."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

from benchmarks import generate
from benchmarks.core import Sizes, library_copy, workshop_library
from benchmarks.harness import Result, check, median, ms, sampled
from benchmarks.processes import APP, child, env_for, spawn, warm_up
from workshop_app.core import model as m

LIST_WORD = "payroll"  # a common word: most workshops match, so both sides print a long list


def measure_list(sizes: Sizes, workdir: Path) -> Result:
    from workshop_app.storage import catalog, search

    count = sizes.cli_library
    db = library_copy(count, workdir)
    env = env_for(db.parent / "home")
    matching, parameters = search.matching_workshop_ids(LIST_WORD)
    sql = catalog._LIST.format(where=f"WHERE w.id IN ({matching})")
    app_times, bare_times = [], []
    for _ in range(sizes.samples + 1):  # the first on the fresh copy takes its backup
        app = spawn([str(APP), "--db", str(db), "list", "--search", LIST_WORD], env)
        bare = spawn(child("list-bare", str(db), sql, json.dumps(parameters)), env)
        app_times.append(ms(app.exit_s))
        bare_times.append(ms(bare.exit_s))
    return sampled(
        f"cli_list_{count}",
        f"`workshop-app list --search {LIST_WORD}`, {count:,} workshops, end to end",
        app_times,
        baseline_samples=bare_times,
        baseline_label="the same query in a bare python-sqlite3 process",
        max_ratio=3,
        details={"lines_printed": len(app.lines), "baseline_lines_printed": len(bare.lines)},
    )


# -- PDF export ------------------------------------------------------------------------------


def printed_pages(pdf: bytes) -> list[list[str]]:
    """Every line of text the summary prints, page by page (headers and footers included)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    pages: list[list[str]] = []
    try:
        for page in document:
            textpage = page.get_textpage()
            lines = [line.strip() for line in textpage.get_text_range().splitlines()]
            pages.append([line for line in lines if line])
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages


def measure_pdf(sizes: Sizes, workdir: Path) -> list[Result]:
    """`workshop-app export-pdf` end to end and in the process, against a bare reportlab script
    printing the same lines on the same number of pages, its collector paused likewise."""
    from workshop_app import paths

    font = str(paths.resources_dir() / "fonts" / "DejaVuSans.ttf")
    results: list[Result] = []
    per_page: dict[int, float] = {}
    for requests in sizes.pdf_workshops:
        db, workshop_id = workshop_library(requests, workdir)
        env = env_for(db.parent / "home")
        out = Path(tempfile.mkdtemp(prefix="pdf-", dir=workdir))
        app_e2e, app_in, bare_e2e, bare_in = [], [], [], []
        details: dict[str, object] = {}
        one_line = out / "warm-up.json"  # the baseline on one line: it loads the same files
        one_line.write_text('[["warm-up"]]', encoding="utf-8")
        warm_up(child("pdf-bare", str(one_line), font, str(out / "warm-up.pdf")), env)
        for i in range(sizes.samples + 1):
            folder = out / f"app-{i}"
            folder.mkdir()
            app = spawn(child("export-pdf", str(db), workshop_id, str(folder)), env)
            app_e2e.append(ms(app.exit_s))
            app_in.append(ms(float(app.json_lines()[-1]["in_process_s"])))  # type: ignore[arg-type]
            if i == 0:
                (made,) = folder.glob("*.pdf")
                pages = printed_pages(made.read_bytes())
                lines_file = out / "lines.json"
                lines_file.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
            bare = spawn(child("pdf-bare", str(lines_file), font, str(out / "bare.pdf")), env)
            report = bare.json_lines()[-1]
            bare_e2e.append(ms(bare.exit_s))
            bare_in.append(ms(float(report["in_process_s"])))  # type: ignore[arg-type]
            details = {"pages": len(pages), "baseline_pages": report["pages"]}
            details["printed_lines"] = sum(len(p) for p in pages)
        label = "bare reportlab script: the same lines on the same pages, collector paused"
        results += [
            sampled(
                f"pdf_{requests}",
                f"PDF export, {requests:,} requests ({len(pages):,} pages), end to end",
                app_e2e,
                baseline_samples=bare_e2e,
                baseline_label=label,
                max_ratio=1.6,
                details=details,
            ),
            sampled(
                f"pdf_{requests}_in_process",
                f"PDF export, {requests:,} requests, in the process (command included)",
                app_in,
                baseline_samples=bare_in,
                baseline_label=label,
                max_ratio=1.6,
            ),
        ]
        per_page[len(pages)] = median(app_in[1:] or app_in) / len(pages)
    results.append(_linearity(per_page))
    return results


def _linearity(per_page: dict[int, float]) -> Result:
    """Linear in pages: the largest summary's time per page against the next smaller one's
    (the smallest carries the fixed costs of a process, so it is not compared)."""
    sizes = sorted(per_page)
    largest, smaller = sizes[-1], sizes[-2] if len(sizes) > 1 else sizes[-1]
    return check(
        "pdf_linearity",
        f"PDF time per page, {largest:,} pages ÷ {smaller:,} pages (in the process)",
        per_page[largest] / per_page[smaller],
        "×",
        max_value=1.2,
        details={"ms_per_page": per_page},
    )


# -- verify --------------------------------------------------------------------------------------


def signed_summary(requests: int, workdir: Path) -> tuple[Path, Path]:
    """A genuine signed summary: every participant signs the workshop off, the summary is built
    as the exporter builds it and signed with a fresh identity. Returns it and the certificate."""
    from workshop_app.report import identity as ids
    from workshop_app.report.export import build_pdf
    from workshop_app.report.signing import sign_pdf
    from workshop_app.storage import signoff
    from workshop_app.storage.operations import Library

    ready = generate.synthetic_workshop(requests)
    for need in ready.needs:  # what the room settles before sign-off (core/workflow.py)
        need.alignment_acknowledged = True
        need.alignment_note = "Agreed in the room: clarify the goal before any spend."
        need.company_note = "Serves the company by freeing the division's time."
    ready.decisions = [replace(d, kind=d.kind or m.DecisionKind.PROCEED) for d in ready.decisions]
    db, workshop_id = workshop_library(requests, workdir, ready)
    library = Library(db)
    try:
        people = library.workshop(workshop_id).participants
        for person in sorted(people, key=lambda p: p.decision_maker):
            signoff.sign(library, workshop_id, person.id, person.name)
        workshop = library.workshop(workshop_id)
    finally:
        library.close()
    passphrase = "correct horse battery"
    identity = ids.create_identity(
        "Alex Moreau", "Northwind Industries", "", passphrase, path=db.parent / "id.p12"
    )
    pdf = sign_pdf(build_pdf(workshop, signature_block=True), identity, passphrase)
    path = db.parent / "signed.pdf"
    path.write_bytes(pdf)
    return path, identity.certificate_path


def measure_verify(sizes: Sizes, workdir: Path) -> Result:
    requests = sizes.verify_workshop
    pdf, certificate = signed_summary(requests, workdir)
    env = env_for(pdf.parent / "home")
    app_times, bare_times = [], []
    warm_up(child("verify-bare", str(pdf), str(certificate)), env)
    for _ in range(sizes.samples + 1):
        app = spawn([str(APP), "verify", str(pdf), "--trust", str(certificate)], env)
        bare = spawn(child("verify-bare", str(pdf), str(certificate)), env)
        app_times.append(ms(app.exit_s))
        bare_times.append(ms(bare.exit_s))
    return sampled(
        f"verify_{requests}",
        f"`workshop-app verify` of a signed {requests:,}-request summary, end to end",
        app_times,
        baseline_samples=bare_times,
        baseline_label="pyHanko's own validation of the file, in a script",
        max_ratio=1.3,
        details={"bytes": pdf.stat().st_size, "verdict": app.lines[0][1]},
    )
