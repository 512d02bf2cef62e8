"""Recording unexpected failures: full details to a log file, one calm sentence to the user."""

from __future__ import annotations

import logging
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from workshop_app import paths

log = logging.getLogger("workshop_app")


def log_file() -> Path:
    return paths.log_dir() / "workshop-app.log"


def record(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> tuple[Path | None, str]:
    """Append the traceback to the log file; returns (file or None, the details text)."""
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    try:
        target = log_file()
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now(UTC).isoformat()} ---\n{details}\n")
        return target, details
    except OSError:
        return None, details
