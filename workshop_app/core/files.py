"""Writing user-visible files so that a failure never leaves half a file behind.

Plain standard library, so every layer that writes a file (exports, identities, the command
line) uses the same rule without depending on storage.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from workshop_app.core.errors import UserError


def write_atomically(target: Path, data: bytes, *, private: bool = False) -> Path:
    """Write to a temporary file in the target folder, fsync, then rename over the target.

    `private`: readable by the owner only from the first byte on (keys), rather than an
    ordinary document.
    """
    target = target.expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist. Create it or choose another one.")
    if target.exists() and not target.is_file() and not target.is_dir():
        # Renaming over a device or a pipe would replace it (as root: /dev/null, /dev/full…).
        raise UserError(f"{target} is not an ordinary file. Choose a file name to write.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except PermissionError:
        raise UserError(
            f"Cannot write to {folder}: the folder is read-only. Choose another one."
        ) from None
    except OSError as exc:
        raise UserError(_explain(exc, folder)) from None
    tmp = Path(tmp_name)
    try:
        if not private:  # mkstemp creates owner-only files; an export is an ordinary document
            os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(_explain(exc, target)) from None
    return target.resolve()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _explain(exc: OSError, where: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"The disk is full, so {where.name} was not written. Free some space and try again."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Cannot write {where}: permission denied. Choose another folder."
    if exc.errno == errno.EBUSY:
        return f"{where} is open in another program. Close it there and try again."
    return f"Cannot write {where}: {exc.strerror or 'the system refused'}."
