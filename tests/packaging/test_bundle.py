"""The standalone Linux app, as a person with the tarball and no Python gets it: unpacked into a
folder outside the checkout and run with a bare environment (no Python, no virtual environment,
no variables but HOME and PATH)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.packaging.bundle_build import ROOT, linux_tarball
from workshop_app.storage.schema_version import require_head

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="the bundle test builds the Linux app"),
]


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("PyInstaller", reason="PyInstaller is missing (make dev-venv adds it)")
    laptop = tmp_path_factory.mktemp("laptop")
    with tarfile.open(linux_tarball()) as tar:
        tar.extractall(laptop, filter="tar")
    assert not str(laptop).startswith(str(ROOT))
    return laptop / "workshop-app" / "workshop-app"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", **extra}


def run(program: Path, home: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(program), *args],
        env=bare_env(home),
        cwd=home,
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )


def test_help_works(program: Path, home: Path) -> None:
    done = run(program, home, "--help")
    assert done.returncode == 0, done.stderr.decode()
    assert b"usage: workshop-app" in done.stdout
    assert b"headless-demo" in done.stdout


def test_headless_demo_writes_a_signed_pdf_that_verify_accepts(program: Path, home: Path) -> None:
    done = run(program, home, "headless-demo")
    assert done.returncode == 0, done.stderr.decode()
    pdf = Path(done.stdout.decode().strip())
    # An installed app exports to the user's documents folder, not next to its code.
    assert pdf.parent == home / "Documents" / "Workshop App exports"
    reader = PdfReader(pdf)
    assert len(reader.pages) > 5
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Q3 alignment with Sales and People" in cover
    fonts = {
        font["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/FontFile2" in font.get_object().get("/FontDescriptor", {})
    }
    assert any("DejaVuSans" in name for name in fonts)  # the bundled fonts, embedded

    verdict = run(program, home, "verify", str(pdf))
    assert verdict.returncode == 0, verdict.stdout.decode() + verdict.stderr.decode()
    assert verdict.stdout.startswith(b"VERIFIED: the signature is intact")


def test_the_preview_child_process_builds_the_same_pdf(program: Path, home: Path) -> None:
    """The GUI builds previews in a child process started as `sys.executable -m ...`; in the
    bundle that is the program itself (packaging/launcher.py)."""
    db = str(home / "workshops.sqlite3")
    workshop_id = run(program, home, "--db", db, "demo").stdout.decode().strip()
    interchange = run(program, home, "--db", db, "export-json", workshop_id).stdout
    child = run(program, home, "-m", "workshop_app.report.build_process", stdin=interchange)
    assert child.returncode == 0, child.stderr.decode()
    exported = run(program, home, "--db", db, "export-pdf", workshop_id, "--out", "draft.pdf")
    assert exported.returncode == 0, exported.stderr.decode()
    assert child.stdout == (home / "draft.pdf").read_bytes()


def test_the_menu_entry_installs_for_this_user_with_its_icon(program: Path, home: Path) -> None:
    done = subprocess.run(
        [str(program.parent / "install-desktop-entry.sh")],
        env=bare_env(home),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    data = home / ".local" / "share"
    entry = (data / "applications" / "workshop-app.desktop").read_text(encoding="utf-8")
    assert f'Exec="{program}"' in entry.splitlines()
    assert "Icon=workshop-app" in entry.splitlines()
    for size in (16, 32, 48, 256, 512):
        icon = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "workshop-app.png"
        assert icon.read_bytes().startswith(b"\x89PNG")


def wait_for(what: str, check: Callable[[], object], timeout: float = 120) -> object:
    """Poll a condition outside this process (a window, a file) until it holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def display() -> Iterator[str]:
    missing = [tool for tool in ("Xvfb", "xdotool", "xprop") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} missing: the window part of the bundle test is skipped")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number.isdigit(), "Xvfb did not start"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def library_revision(db: Path) -> str | None:
    if not db.exists():
        return None
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def test_the_window_opens_on_the_library(program: Path, home: Path, display: str) -> None:
    app = subprocess.Popen(
        [str(program)],
        env=bare_env(home, DISPLAY=display),
        cwd=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:

        def window() -> str:
            # Mapped windows only: Qt's unmapped client-leader window carries the same name.
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "^Workshop App$"],
                env={"DISPLAY": display, "PATH": os.environ["PATH"]},
                capture_output=True,
                text=True,
                check=False,
            )
            return found.stdout.strip()

        window_id = str(wait_for("the window", window)).splitlines()[0]
        # The library opened on its worker: the new database was made and migrated to the
        # newest schema with the migration scripts inside the bundle.
        db = home / ".local" / "share" / "workshop-app" / "workshops.sqlite3"
        wait_for("the library", lambda: library_revision(db) == require_head())
        icon = subprocess.run(
            ["xprop", "-id", window_id, "_NET_WM_ICON"],
            env={"DISPLAY": display},
            capture_output=True,
            text=True,
            check=True,
        )
        assert "_NET_WM_ICON(CARDINAL) = " in icon.stdout  # the app icon, drawn from its SVG
        assert app.poll() is None
    finally:
        app.send_signal(signal.SIGTERM)  # closes as the close button does
        out, err = app.communicate(timeout=60)
    assert app.returncode == 0, err.decode()
    assert b"Traceback" not in err
    assert out == b""
