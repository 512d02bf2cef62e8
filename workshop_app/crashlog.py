"""Recording unexpected failures: full details to a log file, one calm sentence to the user.

The log holds no user content: exception messages (which can quote workshop text, SQL
parameters or the paths of the user's files) are left out, keeping the exception types, SQLite's
error codes and where in the code it happened. The file is readable by its owner only.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from workshop_app import paths
from workshop_app.storage.files import keep_private

log = logging.getLogger("workshop_app")


def log_file() -> Path:
    return paths.log_dir() / "workshop-app.log"


def record(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> tuple[Path | None, str]:
    """Append the failure to the log file; returns (file or None, the details for the user)."""
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    return _append(_without_messages(exc)), details


def note(summary: str, details: Sequence[str]) -> Path | None:
    """Append a finding (e.g. what SQLite's integrity check reported) to the log file."""
    return _append("\n".join([summary, *(f"  {line}" for line in details)]))


def _append(text: str) -> Path | None:
    try:
        target = log_file()
        descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        keep_private(target)  # a log an older version left readable by others
        with open(descriptor, "a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now(UTC).isoformat()} ---\n{text}\n\n")
        return target
    except OSError:  # a full disk or a read-only home must not turn one failure into two
        return None


def _without_messages(exc: BaseException) -> str:
    """The traceback of exc and of the exceptions that led to it, with their messages left out."""
    chain: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        code = getattr(current, "sqlite_errorname", None) or getattr(
            getattr(current, "orig", None), "sqlite_errorname", None
        )
        errno = getattr(current, "errno", None)
        facts = ", ".join(str(f) for f in (code, errno and f"errno {errno}") if f)
        frames = "".join(traceback.format_tb(current.__traceback__))
        chain.append(
            f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}"
            + (f" ({facts})" if facts else "")
            + " [message withheld: it may hold workshop content]"
        )
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\n\nwhich happened while handling or because of:\n".join(chain)
