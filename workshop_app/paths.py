"""Where Workshop App keeps things on this machine."""

from __future__ import annotations

import os
from pathlib import Path

# platformdirs is imported where a folder is asked for: every command imports this module, and
# most (verify, or any command given --db) never need it.

APP_NAME = "workshop-app"
DB_ENV = "WORKSHOP_APP_DB"


def default_db_path() -> Path:
    """WORKSHOP_APP_DB if set, else the user data folder (created on demand)."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # the user's own workshops
    return folder / "workshops.sqlite3"


def db_target() -> str | Path:
    """The library to open: WORKSHOP_APP_DB (a file, or a team library's postgresql://
    address) if set, else the file in the user data folder."""
    override = os.environ.get(DB_ENV)
    if override and "://" in override:
        return override
    return default_db_path()


def demo_db_path() -> Path:
    """The headless demo's own library, so that sample workshops never fill the real one."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "demo-workshops.sqlite3"


def log_dir() -> Path:
    import platformdirs

    folder = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def resources_dir() -> Path:
    """Bundled fonts, prompt cards and templates: inside the wheel, or at the repo root."""
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    return installed if installed.is_dir() else package.parent / "resources"


def default_export_dir() -> Path:
    """exports/ next to the code when run from a checkout, else the user's documents folder."""
    package = Path(__file__).resolve().parent
    checkout = package.parent / "exports"
    if checkout.is_dir():
        return checkout
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "Workshop App exports"
