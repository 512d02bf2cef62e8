"""Fresh processes for the measures that need one (the parent times them from spawn to exit).

    python -m benchmarks.child start-bare
    python -m benchmarks.child start-app DB ready|opened|search
    python -m benchmarks.child gui DB WORKSHOP_ID SAMPLES
    python -m benchmarks.child export-pdf DB WORKSHOP_ID OUT_DIR
    python -m benchmarks.child pdf-bare LINES_JSON FONT OUT
    python -m benchmarks.child list-bare DB SQL PARAMETERS_JSON
    python -m benchmarks.child verify-bare PDF CERTIFICATE
    python -m benchmarks.child team-open DB_OR_ADDRESS
    python -m benchmarks.child team-open-bare sqlite|postgresql DB_OR_ADDRESS SQL

The start modes print "ready" once the main window is shown with the workshops listed and the
event loop has run once; start-app then, unless told to stop at "ready", keeps the event loop
running until the database has opened on its worker thread and prints {"max_stall_ms": …};
"search" then types each search into the library page and prints the timings. `gui` prints one
line per sample (see gui.py); export-pdf and pdf-bare print the seconds their work took in the
process. The bare modes are what a script without the app would do for the same work.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def start_bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()
    app.processEvents()
    print("ready", flush=True)
    return 0


def start_app(db: str, until: str) -> int:
    """The real start-up (`workshop-app --db DB`), with the event loop's exec() replaced by: one
    pass of event processing, the "ready" line, then (unless `until` is "ready") the event loop
    kept running until the database has opened on its worker thread and the list has reloaded
    from it: then a line with the longest the window went without processing events meanwhile
    (a 1 ms timer ticks in it). The quick check and backup that follow the opening are then
    stopped, as the app's exit stops them, unless `until` is "search": the search waits for them."""
    # PySide6 is left for the start to import, as `workshop-app` does: imported before, PySide6's
    # import hook would read the source of every module the start imports (ui/qt_imports.py),
    # and the start's pause of the garbage collector (collector.py) would not cover it.
    import workshop_app.ui.app
    from workshop_app.cli import main

    def ready(_app: object) -> int:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        print("ready", flush=True)
        if until == "ready":
            os._exit(0)  # the worker may be checking the file: reading only, nothing to lose
        # Imported by the start itself, after it has set up its imports (ui/qt_imports.py):
        # importing it before the start would time a start the app never makes.
        from workshop_app.ui.main_window import MainWindow

        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        gaps: list[float] = []
        last = time.perf_counter()

        def tick() -> None:
            nonlocal last
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(tick)
        timer.start()
        while not window.opening.is_finished():
            QApplication.processEvents()
        QApplication.processEvents()  # the opening's finished signal: the list reloads
        timer.stop()
        print(json.dumps({"max_stall_ms": 1000 * max(gaps, default=0.0)}), flush=True)
        if until != "search":
            window.opening.stop()  # the quick check and backup that follow: as the app's exit
        window.opening.wait()  # the search is timed once they are done, the process quiet
        if until == "search":
            from benchmarks.gui import search_in_window

            print(json.dumps(search_in_window(window, int(os.environ["BENCH_SAMPLES"]))))
        return 0

    workshop_app.ui.app.run_event_loop = ready
    return main(["--db", db])


def gui(db: str, workshop_id: str, samples: str) -> int:
    from benchmarks.gui import run_in_child

    run_in_child(db, workshop_id, int(samples))
    return 0


def export_pdf(db: str, workshop_id: str, out: str) -> int:
    """`workshop-app --db DB export-pdf ID --out OUT`, timed inside the process too."""
    start = time.perf_counter()
    from workshop_app.cli import main

    status = main(["--db", db, "export-pdf", workshop_id, "--out", out])
    print(json.dumps({"in_process_s": time.perf_counter() - start}), flush=True)
    return status


def pdf_bare(lines_json: str, font: str, out: str) -> int:
    """The PDF baseline: each page's printed lines as plain paragraphs on a page of its own, in
    the same font, the collector paused around the layout as the app pauses it."""
    import gc
    from pathlib import Path
    from xml.sax.saxutils import escape

    start = time.perf_counter()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pages = json.loads(Path(lines_json).read_text(encoding="utf-8"))
    pdfmetrics.registerFont(TTFont("Sans", font))
    # Small enough that the most lines a summary prints on one page fit on one page here too.
    style = ParagraphStyle("body", fontName="Sans", fontSize=7, leading=8.4)
    story: list[object] = []
    for lines in pages:
        story += [Paragraph(escape(line), style) for line in lines]
        story.append(PageBreak())
    story.pop()
    doc = SimpleDocTemplate(
        out, pagesize=A4, invariant=1, topMargin=24, bottomMargin=24, leftMargin=36, rightMargin=36
    )
    gc.disable()
    doc.build(story)
    gc.enable()
    print(json.dumps({"in_process_s": time.perf_counter() - start, "pages": doc.page}), flush=True)
    return 0


def list_bare(db: str, sql: str, parameters: str) -> int:
    """The same query as `list --search` in a bare python-sqlite3 process, its rows printed."""
    import sqlite3

    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    connection.create_function("casefold", 1, str.casefold, deterministic=True)
    for row in connection.execute(sql, json.loads(parameters)):
        print(*row)
    return 0


def verify_bare(pdf: str, certificate: str) -> int:
    """pyHanko's own validation of the file, as its documentation shows it."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[load_cert_from_pemder(certificate)])
    with open(pdf, "rb") as handle:
        reader = PdfFileReader(handle)
        status = validate_pdf_signature(reader.embedded_signatures[0], context)
        print(status.pretty_print_details())
    return 0 if status.bottom_line else 1


def team_open(target: str) -> int:
    """Open a library (a file or a team library's address) as the window does, its checks
    left for later, and read the workshops list: then it accepts edits. Prints "ready N"."""
    from workshop_app.storage.operations import Library

    library = Library(target, check_later=True)
    listed = library.workshops()
    print(f"ready {len(listed)}", flush=True)
    library.close()
    return 0


def team_open_bare(engine: str, target: str, sql: str) -> int:
    """The bare driver alone (nothing of the app imported) connecting and reading the list."""
    if engine == "postgresql":
        import psycopg

        connection: Any = psycopg.connect(target)
    else:
        import sqlite3

        connection = sqlite3.connect(target)
    rows = connection.execute(sql).fetchall()
    print(f"ready {len(rows)}", flush=True)
    connection.close()
    return 0


HANDLERS = {
    "start-bare": start_bare,
    "start-app": start_app,
    "gui": gui,
    "export-pdf": export_pdf,
    "pdf-bare": pdf_bare,
    "list-bare": list_bare,
    "verify-bare": verify_bare,
    "team-open": team_open,
    "team-open-bare": team_open_bare,
}


def main(argv: list[str]) -> int:
    mode, args = argv[0], argv[1:]
    return int(HANDLERS[mode](*args))  # type: ignore[operator]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
