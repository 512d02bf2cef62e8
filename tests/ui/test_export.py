"""The Export stage: preview, export on a worker thread, Open PDF / Show in folder, signing,
calm errors, and the whole portfolio as PDF or CSV."""

from __future__ import annotations

import csv
import io
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import UserError
from workshop_app.report import export
from workshop_app.report import identity as ids
from workshop_app.report.verify import verify_pdf
from workshop_app.storage import signoff
from workshop_app.storage.operations import Library
from workshop_app.ui.jobs import PdfCache
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.export import work
from workshop_app.ui.stages.export.page import ExportStage
from workshop_app.ui.stages.export.passphrase import PassphraseDialog
from workshop_app.ui.stages.signoff.identity_dialog import IdentityDialog

# Showing a dialog offscreen makes Qt say its platform plugin cannot resize windows to fit.

PASSPHRASE = "correct horse battery"
Opener = Callable[..., tuple[MainWindow, ExportStage]]


@pytest.fixture
def open_export(qtbot, library: Library, tmp_path: Path) -> Iterator[Opener]:
    """Opens a workshop on the Export stage with its own export folder; waits for the preview.
    At the end, waits for the worker so no thread outlives the test."""
    stages: list[ExportStage] = []

    def opener(workshop_id: str, folder: Path | None = None) -> tuple[MainWindow, ExportStage]:
        window = make_window(qtbot, library, tmp_path)
        if folder is None:
            folder = tmp_path / "exports"
            folder.mkdir(exist_ok=True)
        window.settings.setValue("exportFolder", str(folder))
        window.open_workshop(workshop_id)
        window.go_to_stage("export")
        stage = window.current_stage()
        assert isinstance(stage, ExportStage)
        stages.append(stage)
        qtbot.waitUntil(lambda: stage.idle and stage.preview.has_pages(), timeout=20_000)
        return window, stage

    yield opener
    for stage in stages:
        stage.wait_for_jobs()
    QApplication.processEvents()


def wait_done(qtbot, stage: ExportStage) -> None:
    qtbot.waitUntil(lambda: not stage.exporting and stage.idle, timeout=20_000)


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


def sign_off(library: Library, workshop_id: str) -> None:
    """Every participant signs, decision-makers last: the revision is signed off and locked."""
    participants = library.workshop(workshop_id).participants
    for person in sorted(participants, key=lambda p: p.decision_maker):
        signoff.sign(library, workshop_id, person.id, person.name, m.Stance.AGREE)
    assert library.workshop(workshop_id).status is m.Status.SIGNED_OFF


def navigator_text(window: MainWindow) -> str:
    return window.navigator.item(window.navigator.count() - 1).text()


# -- exporting one workshop -------------------------------------------------------------------
def test_enter_on_arrival_exports_the_draft_into_the_export_folder(
    qtbot, library: Library, demo_id: str, tmp_path: Path, open_export: Opener
) -> None:
    window, stage = open_export(demo_id)
    assert QApplication.focusWidget() is stage.export_button
    assert "DRAFT" in stage.status.text.text()
    assert "✓" not in navigator_text(window)

    press(qtbot, window, Qt.Key.Key_Return)
    wait_done(qtbot, stage)

    written = list((tmp_path / "exports").glob("*.pdf"))
    assert len(written) == 1
    assert stage.result.isVisible() and not stage.problem.isVisible()
    assert stage.result.name.text() == written[0].name
    assert written[0].name.endswith("rev 1 draft.pdf")
    text = squash(pdf_text(written[0]))
    workshop = library.workshop(demo_id)
    for request in workshop.requests:
        assert squash(request.text) in text
    assert "DRAFT" in text
    # Done for the navigator, and focus moves on to "Open PDF" so Enter opens it.
    assert "✓" in navigator_text(window)
    assert QApplication.focusWidget() is stage.result.open_button


def test_tab_moves_through_the_actions_in_reading_order(
    qtbot, demo_id: str, open_export: Opener
) -> None:
    window, stage = open_export(demo_id)
    order = [stage.export_button, stage.export_as_button, stage.change_folder_button]
    assert QApplication.focusWidget() is order[0]
    for expected in order[1:]:
        press(qtbot, window, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected
    press(qtbot, window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is stage.status.action
    for widget in (
        *order,
        stage.result.open_button,
        stage.result.show_folder_button,
        stage.status.action,
    ):
        assert widget.accessibleName()


def test_the_export_runs_on_a_worker_thread(
    qtbot, demo_id: str, tmp_path: Path, open_export: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, stage = open_export(demo_id)
    threads: list[threading.Thread] = []
    real_write = export.write_pdf

    def write_pdf(data: bytes, out: Path, name: str) -> Path:
        threads.append(threading.current_thread())
        return real_write(data, out, name)

    monkeypatch.setattr(export, "write_pdf", write_pdf)
    stage.export_button.click()
    assert stage.exporting and stage.progress_box.isVisible()
    # The progress names the pages the preview counted, which are the pages about to be written.
    pages = stage.preview.page_count
    assert pages > 1 and f"Exporting {pages} pages" in stage.progress_box.text.text()
    assert not stage.export_as_button.isEnabled()
    assert stage.export_button.text() == "Exporting…"
    stage.export_button.click()  # pressing again while busy does not start a second export
    wait_done(qtbot, stage)
    assert threads and threads[0] is not threading.main_thread()
    assert len(threads) == 1
    assert len(PdfReader(next((tmp_path / "exports").glob("*.pdf"))).pages) == pages
    assert stage.export_as_button.isEnabled() and stage.export_button.text() == "Export PDF"


def test_preview_shows_the_first_pages_of_the_pdf_an_export_writes(
    qtbot, demo_id: str, tmp_path: Path, open_export: Opener
) -> None:
    _window, stage = open_export(demo_id)
    preview = stage.preview
    shown = [label for label in preview.pages if label.isVisible()]
    assert len(shown) == 3
    pixmap = shown[0].pixmap()
    assert not pixmap.isNull() and pixmap.width() > 100 and pixmap.height() > pixmap.width()
    image = pixmap.toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, 200, 7)}
    assert len(colours) > 2  # not a blank page
    stage.export_button.click()
    wait_done(qtbot, stage)
    written = len(PdfReader(next((tmp_path / "exports").glob("*.pdf"))).pages)
    assert written > len(shown), "the demo is long enough to show only the first pages"
    assert f"first {len(shown)} of {written} pages" in preview.caption.text()


def test_preview_and_navigator_follow_changes(
    qtbot, library: Library, demo_id: str, tmp_path: Path, open_export: Opener
) -> None:
    window, stage = open_export(demo_id)
    stage.export_button.click()
    wait_done(qtbot, stage)
    assert "✓" in navigator_text(window)
    first_drawing = stage.preview.pages[0].pixmap().cacheKey()

    assert window.session is not None
    window.session.add("request", {"text": "A zeppelin for the sales team"})
    assert "✓" not in navigator_text(window)  # exported before this change
    assert stage.result.note.isVisible()
    qtbot.waitUntil(  # the preview is drawn again, from the changed workshop
        lambda: stage.idle and stage.preview.pages[0].pixmap().cacheKey() != first_drawing,
        timeout=20_000,
    )
    qtbot.waitUntil(stage.preview.has_pages, timeout=20_000)

    stage.export_button.click()
    wait_done(qtbot, stage)
    newest = max((tmp_path / "exports").glob("*.pdf"), key=lambda p: p.stat().st_mtime_ns)
    assert newest.name.endswith("(2).pdf")  # never overwrites the earlier export
    assert "zeppelin for the sales team" in squash(pdf_text(newest))
    assert "✓" in navigator_text(window)
    assert not stage.result.note.isVisible()


def test_export_as_writes_where_the_dialog_says(
    qtbot, demo_id: str, tmp_path: Path, open_export: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, stage = open_export(demo_id)
    chosen = tmp_path / "board pack" / "Sales summary"
    chosen.parent.mkdir()
    asked: list[str] = []

    def save_dialog(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(chosen), "PDF document (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    stage.export_as_button.click()
    wait_done(qtbot, stage)
    target = chosen.with_name("Sales summary.pdf")
    assert target.is_file()
    assert PdfReader(target).pages
    assert asked[0].endswith("rev 1 draft.pdf")
    assert stage.result_path == target.resolve()
    assert stage.result.folder.isVisible()  # not the usual folder, so it is named


def test_cancelling_export_as_does_nothing(
    demo_id: str, tmp_path: Path, open_export: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, stage = open_export(demo_id)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    stage.export_as_button.click()
    assert not stage.exporting and not stage.result.isVisible()
    assert not list((tmp_path / "exports").iterdir())


def test_a_folder_that_cannot_exist_gives_one_calm_sentence(
    qtbot, demo_id: str, tmp_path: Path, open_export: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    _window, stage = open_export(demo_id, folder=blocker / "exports")
    stage.export_button.click()
    wait_done(qtbot, stage)
    message = stage.problem.text()
    assert stage.problem.isVisible() and not stage.result.isVisible()
    assert "does not exist" in message and "Traceback" not in message
    assert message.count("\n") == 0
    assert stage.export_button.isEnabled()

    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(blocker / "out.pdf"), "")),
    )
    stage.export_as_button.click()
    wait_done(qtbot, stage)
    assert "does not exist" in stage.problem.text()
    assert blocker.read_text() == "not a folder"
    # Nothing lost: exporting to a good place still works.
    good = tmp_path / "good.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(good), ""))
    )
    stage.export_as_button.click()
    wait_done(qtbot, stage)
    assert good.is_file() and not stage.problem.isVisible()


def test_an_unexpected_failure_is_described_calmly_and_logged(
    qtbot, demo_id: str, open_export: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, stage = open_export(demo_id)

    def broken(*_a: object, **_k: object) -> Path:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(export, "write_pdf", broken)
    stage.export_button.click()
    wait_done(qtbot, stage)
    message = stage.problem.text()
    assert "unexpected problem" in message and "the workshop itself is safe" in message
    assert "renderer exploded" not in message
    log = Path(message.split("saved to ")[1].rstrip("."))
    assert "renderer exploded" in log.read_text()


def test_open_pdf_and_show_in_folder_open_the_right_places(
    qtbot, demo_id: str, tmp_path: Path, open_export: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, stage = open_export(demo_id)
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    stage.export_button.click()
    wait_done(qtbot, stage)
    written = next((tmp_path / "exports").glob("*.pdf")).resolve()

    qtbot.keyClick(stage.result.open_button, Qt.Key.Key_Return)
    stage.result.show_folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(written)), QUrl.fromLocalFile(str(written.parent))]

    written.unlink()  # moved away meanwhile: say so instead of failing silently
    stage.result.open_button.click()
    assert len(opened) == 2
    assert "no longer there" in stage.problem.text()


def test_the_last_export_is_shown_again_after_reopening(
    qtbot, library: Library, demo_id: str, tmp_path: Path, open_export: Opener
) -> None:
    window, stage = open_export(demo_id)
    stage.export_button.click()
    wait_done(qtbot, stage)
    name = stage.result.name.text()
    window.close()

    window, stage = open_export(demo_id)
    assert stage.result.isVisible()
    assert stage.result.name.text() == name
    assert stage.result.title.text().startswith("Last exported")
    assert "✓" in navigator_text(window)


# -- signing ---------------------------------------------------------------------------------
def test_a_signed_off_revision_exports_signed_after_the_passphrase(
    qtbot, library: Library, demo_id: str, tmp_path: Path, open_export: Opener
) -> None:
    identity = ids.create_identity("Alex Moreau", "Northwind Industries", "", PASSPHRASE)
    sign_off(library, demo_id)
    _window, stage = open_export(demo_id)
    assert "digital signature of Alex Moreau" in stage.status.text.text()

    stage.export_button.click()
    dialog = stage.passphrase_dialog
    assert isinstance(dialog, PassphraseDialog) and dialog.isVisible()
    assert identity.name in " ".join(
        label.text() for label in dialog.findChildren(type(stage.status.text))
    )
    qtbot.keyClicks(dialog.passphrase, "wrong passphrase")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert "not right" in dialog.problem.text()
    assert not stage.exporting

    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    wait_done(qtbot, stage)

    written = next((tmp_path / "exports").glob("*.pdf"))
    assert "draft" not in written.name
    verdict = verify_pdf(written.read_bytes())
    assert verdict.signed and verdict.signer.startswith("Alex Moreau")
    assert stage.result.title.text().startswith("✓ Exported and signed")


def test_an_unreachable_timestamp_service_is_said_after_a_signed_export(
    qtbot,
    library: Library,
    demo_id: str,
    tmp_path: Path,
    open_export: Opener,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with socket.socket() as probe:  # a loopback port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("WORKSHOP_APP_TSA_URL", f"http://127.0.0.1:{port}/tsa")
    ids.create_identity("Alex Moreau", "", "", PASSPHRASE)
    sign_off(library, demo_id)
    _window, stage = open_export(demo_id)
    stage.export_button.click()
    dialog = stage.passphrase_dialog
    assert isinstance(dialog, PassphraseDialog)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    wait_done(qtbot, stage)
    assert stage.result.title.text().startswith("✓ Exported and signed")
    assert stage.result.note.isVisible()
    assert "without trusted time" in stage.result.note.text()
    assert "clock" in stage.result.note.text()


def test_cancelling_the_passphrase_exports_nothing(
    qtbot, library: Library, demo_id: str, tmp_path: Path, open_export: Opener
) -> None:
    ids.create_identity("Alex Moreau", "", "", PASSPHRASE)
    sign_off(library, demo_id)
    _window, stage = open_export(demo_id)
    stage.export_button.click()
    dialog = stage.passphrase_dialog
    assert isinstance(dialog, PassphraseDialog)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not stage.exporting
    assert not list((tmp_path / "exports").iterdir())


def test_signed_off_without_an_identity_guides_to_one_and_never_exports_unsigned(
    qtbot, library: Library, demo_id: str, tmp_path: Path, open_export: Opener
) -> None:
    sign_off(library, demo_id)
    window, stage = open_export(demo_id)
    assert "always digitally signed" in stage.status.text.text()
    assert stage.status.action.isVisible() and stage.status.action.text() == "Set up signing…"

    # Export opens the identity dialog instead of writing an unsigned "SIGNED OFF".
    stage.export_button.click()
    dialog = stage.identity_window
    assert isinstance(dialog, IdentityDialog) and dialog.isVisible()
    assert stage.passphrase_dialog is None and not stage.exporting
    assert not list((tmp_path / "exports").glob("*.pdf"))

    dialog.identity_changed.emit(ids.create_identity("Alex Moreau", "", "", PASSPHRASE))
    dialog.close()
    assert "digital signature of Alex Moreau" in stage.status.text.text()
    assert not stage.status.action.isVisible()
    stage.export_button.click()
    assert isinstance(stage.passphrase_dialog, PassphraseDialog)
    qtbot.keyClick(stage.passphrase_dialog.passphrase, Qt.Key.Key_Escape)
    assert window.current_stage() is stage


def test_a_draft_points_to_the_sign_off(demo_id: str, open_export: Opener) -> None:
    window, stage = open_export(demo_id)
    assert stage.status.action.text() == "Go to sign-off"
    stage.status.action.click()
    arrived = window.current_stage()
    assert arrived is not None and arrived.key == "signoff"


def test_the_export_job_refuses_an_unsigned_signed_off_summary(
    library: Library, demo_id: str, tmp_path: Path
) -> None:
    sign_off(library, demo_id)
    workshop = library.workshop(demo_id)
    with pytest.raises(UserError, match="always exported with a digital signature"):
        work.export_workshop(workshop, tmp_path, "key", PdfCache(), None, lambda _text: None)
    assert not list(tmp_path.glob("*.pdf"))


# -- the portfolio ---------------------------------------------------------------------------
def test_portfolio_exports_as_csv_and_pdf(
    qtbot, library: Library, demo_id: str, tmp_path: Path, open_export: Opener
) -> None:
    other = library.create_workshop("Finance intake", division="Finance")
    library.add_item(other, "request", {"text": "Close the books in three days"})
    _window, stage = open_export(demo_id)
    assert stage.portfolio.text.text().startswith("All 2 workshops")

    stage.portfolio.csv_button.click()
    wait_done(qtbot, stage)
    csv_path = stage.result_path
    assert csv_path is not None and csv_path.suffix == ".csv"
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig, so Excel reads the accents
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    requests = {row["Request"] for row in rows}
    assert "Close the books in three days" in requests
    assert {r.text for r in demo_workshop().requests} <= requests
    assert "CSV" in stage.result.title.text() and stage.result.open_button.text() == "Open CSV"

    stage.portfolio.pdf_button.click()
    wait_done(qtbot, stage)
    pdf_path = stage.result_path
    assert pdf_path is not None and pdf_path.suffix == ".pdf"
    text = squash(pdf_text(pdf_path))
    assert "Finance intake" in text and "Close the books in three days" in text
    assert "Q3 alignment with Sales and People" in text
    # A portfolio export does not count as exporting this workshop.
    assert library.workshop(demo_id).status is not m.Status.SIGNED_OFF
    assert "✓" not in navigator_text(_window)


def test_the_portfolio_exports_the_requests_of_one_lens(
    qtbot, library: Library, tmp_path: Path, open_export: Opener
) -> None:
    outward, inward = m.Request("A customer portal"), m.Request("Faster payroll runs")
    ws = m.Workshop(
        "Lens intake",
        division="Sales",
        requests=[outward, inward],
        needs=[
            m.Need("Customers serve themselves", [outward.id], lens=m.Lens.CUSTOMER_FACING),
            m.Need("Payroll on time", [inward.id], lens=m.Lens.INTERNAL),
        ],
        decisions=[m.Decision(outward.id), m.Decision(inward.id)],
    )
    workshop_id = library.add_workshop(ws)
    _window, stage = open_export(workshop_id)
    stage.portfolio.lens.setCurrentIndex(
        stage.portfolio.lens.findData(m.Lens.CUSTOMER_FACING.value)
    )
    stage.portfolio.csv_button.click()
    wait_done(qtbot, stage)
    assert stage.result_path is not None and "Customer-facing" in stage.result_path.name
    rows = list(csv.DictReader(io.StringIO(stage.result_path.read_bytes().decode("utf-8-sig"))))
    assert [(row["Request"], row["Lens"]) for row in rows] == [
        ("A customer portal", "Customer-facing")
    ]
    stage.portfolio.pdf_button.click()
    wait_done(qtbot, stage)
    assert stage.result_path is not None
    text = squash(pdf_text(stage.result_path))
    assert "Customer-facing requests and their decisions" in text
    assert "A customer portal" in text and "Faster payroll runs" not in text
