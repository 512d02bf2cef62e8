"""Build a summary PDF in a process of its own.

    python -m workshop_app.report.build_process < workshop.json > summary.pdf

reads a workshop's interchange JSON on standard input and writes `export.build_pdf`'s bytes to
standard output. The GUI builds its export previews this way. Laying out the summary of a large
workshop is seconds of pure-Python work that makes tens of megabytes of short-lived objects: in
the GUI's own process it would compete with the window for the interpreter (typing stutters
while a preview builds) and leave the process at that peak for good (freed memory is rarely
given back to the system). The bytes are the same either way: the output depends only on the
workshop, and the interchange JSON carries all of it.
"""

from __future__ import annotations

import os
import subprocess
import sys

from workshop_app.core import interchange
from workshop_app.core import model as m

#: Longer than the largest summary takes; a stuck child must not stall the preview for ever.
TIMEOUT_S = 600


def build_pdf_elsewhere(workshop: m.Workshop | bytes) -> bytes | None:
    """The summary PDF built by a child process, or None when that failed (the caller then
    builds it in its own process, which reports any real problem in the usual way). `workshop`
    may be its interchange JSON already (`interchange.loads` reads it back)."""
    payload = (
        workshop if isinstance(workshop, bytes) else interchange.dumps(workshop).encode("utf-8")
    )
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if os.name == "nt" else 0
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__],
            input=payload,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
            creationflags=flags,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
        return None
    return done.stdout


def main() -> int:
    from workshop_app.report.export import build_pdf

    workshop = interchange.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(build_pdf(workshop))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
