"""Starting the GUI: display check, application object, fonts and theme, error hook, window."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workshop_app import paths
from workshop_app.core.errors import UserError

if TYPE_CHECKING:
    import socket

    from PySide6.QtCore import QSocketNotifier
    from PySide6.QtWidgets import QApplication


def display_available() -> bool:
    """Without a display Qt aborts the whole process, so check before creating the app."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


#: Libraries Qt's X11 plugin loads (ctypes name → Debian/Ubuntu package). Without any of them
#: Qt aborts the whole process with a cryptic message, so they are checked before starting.
X11_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def missing_x11_libraries() -> list[str]:
    """Packages to install before Qt can open a window on X11 (empty when nothing is missing)."""
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        return []
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        return []  # Qt picks Wayland, which needs none of them
    import ctypes.util  # only where X11 is used: it brings subprocess and more

    return [pkg for lib, pkg in X11_LIBRARIES.items() if not ctypes.util.find_library(lib)]


def unreachable_x11_display() -> str | None:
    """The DISPLAY value when Qt would use X11 but no X server answers there (a stale DISPLAY,
    e.g. in a terminal that outlived its desktop session); None when it answers or when X11 is
    not what Qt will use. Qt itself would abort with a misleading advice to reinstall."""
    display = os.environ.get("DISPLAY", "")
    if sys.platform != "linux" or not display:
        return None
    if os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        return None
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        return None
    import ctypes.util

    name = ctypes.util.find_library("xcb")
    if name is None:
        return None  # missing_x11_libraries() names what to install
    xcb = ctypes.CDLL(name)
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    failed = xcb.xcb_connection_has_error(connection) != 0
    xcb.xcb_disconnect(connection)
    return display if failed else None


def close_on_termination(app: QApplication) -> None:
    """SIGTERM (log-out, shut-down, `kill`), SIGINT (Ctrl+C in the terminal) and SIGHUP (the
    terminal that started the app was closed) close the windows as their close button does, so
    what was just typed is saved before the app ends.

    Python runs a signal handler only when it next gets control, which could be long while Qt
    waits for events; the signal's wake-up byte, written to a socket Qt watches, gives it that.
    The handler itself only asks the event loop to close the windows: it may run in the middle
    of anything (a save, the window still being built), which must finish first.
    """
    import socket  # with its address families, a few milliseconds: once the window shows

    from PySide6.QtCore import QSocketNotifier, QTimer

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_: reader.recv(64))  # Python then runs the handler
    for number in TERMINATION_SIGNALS:
        signal.signal(number, lambda *_: QTimer.singleShot(0, app.closeAllWindows))
    _wake_up.append((reader, writer, notifier))  # they must live as long as the app


_wake_up: list[tuple[socket.socket, socket.socket, QSocketNotifier]] = []
#: Signals that close the windows and save; SIGHUP does not exist on Windows.
TERMINATION_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


def run_event_loop(app: QApplication) -> int:
    """Qt's event loop, until the last window closes (benchmarks/ time the start without it)."""
    return int(app.exec())


#: The exit status when the workshop database could not be opened (as the command line's).
EXIT_CANNOT_OPEN = 1


def run_gui(db: str | Path | None) -> int:
    if not display_available():
        raise UserError(
            "No display is available, so the window cannot open. "
            "Run `workshop-app headless-demo` or use the other commands instead."
        )
    missing = missing_x11_libraries()
    if missing:
        raise UserError(
            "The window cannot open because system libraries Qt needs on X11 are missing. "
            f"Install them (e.g. `sudo apt-get install {' '.join(missing)}`), then start "
            "Workshop App again; `workshop-app headless-demo` works meanwhile."
        )
    display = unreachable_x11_display()
    if display is not None:
        raise UserError(
            f"The display {display} does not answer (DISPLAY may be left over from an ended "
            "session), so the window cannot open. Start Workshop App from the desktop, or run "
            "`workshop-app headless-demo` instead."
        )
    from workshop_app import collector

    collector.pause_for_start()  # until the library has opened (ui/opening.py)
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from workshop_app.ui import qt_imports

    qt_imports.answer_without_reading_sources()  # before the window's modules and SQLAlchemy's
    from workshop_app.ui.errors import ExceptionHook
    from workshop_app.ui.first_paint import after_first_paint
    from workshop_app.ui.main_window import MainWindow
    from workshop_app.ui.opening import LibraryOpening
    from workshop_app.ui.settings import apply_settings, current_team_library
    from workshop_app.ui.theme import new_application

    app = QApplication.instance() or new_application(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("Workshop App")
    app.setApplicationName("Workshop App")
    app.setApplicationDisplayName("Workshop App")
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "app-icon.svg")))
    app.setDesktopFileName("workshop-app")  # Wayland: the menu entry's icon and name
    settings = QSettings()
    apply_settings(settings, app)
    ExceptionHook().install()
    # The database opens on a worker while the window shows (ui/opening.py).
    from workshop_app.storage import location

    # --db, else WORKSHOP_APP_DB, else the team library last switched to, else the own library:
    # a file, or a team library's postgresql:// address (storage/engines.py).
    chosen = db or os.environ.get(paths.DB_ENV) or current_team_library(settings)
    opening = LibraryOpening(location.resolve(chosen or paths.default_db_path()))
    window = MainWindow(opening, settings)
    geometry = settings.value("geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    last = settings.value("lastWorkshop")
    if last:
        window.resume(str(last))
    window.show()
    # Before it, nothing has been typed that closing the window would save.
    after_first_paint(window, app, lambda: close_on_termination(app))
    # Started once the window has painted: the worker would otherwise compete for the
    # interpreter with building and painting it.
    opening.start_once_painted(window)
    try:
        code = run_event_loop(app)
    finally:
        opening.stop()
        opening.wait()
        if opening.error is None:
            opening.library().close()  # closes its pooled connections, checkpointing the WAL
    return EXIT_CANNOT_OPEN if opening.error is not None else code
