"""Run a built bundle as a user would, from a folder outside the checkout, with a bare
environment: `--help`, `headless-demo` (a signed-off sample workshop exported as a signed PDF)
and `verify` on that PDF. Used by the hosted CI on Windows, macOS and Linux after `make package`.

    python packaging/smoke_test.py PROGRAM
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def bare_env(home: Path) -> dict[str, str]:
    """Only what the system itself needs to start a program (no Python, no venv)."""
    if sys.platform == "win32":
        keep = ("SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "TEMP", "TMP", "COMSPEC")
        env = {name: os.environ[name] for name in keep if name in os.environ}
        return {
            **env,
            "USERPROFILE": str(home),
            "LOCALAPPDATA": str(home / "AppData" / "Local"),
            "APPDATA": str(home / "AppData" / "Roaming"),
            "PATH": os.environ.get("SYSTEMROOT", "C:\\Windows") + "\\System32",
        }
    return {"HOME": str(home), "PATH": "/usr/bin:/bin"}


def run(program: Path, home: Path, *args: str) -> str:
    done = subprocess.run(
        [str(program), *args],
        env=bare_env(home),
        cwd=home,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    print(f"$ {program.name} {' '.join(args)}  (exit {done.returncode})")
    print(done.stdout + done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"{program.name} {args[0]} failed with exit code {done.returncode}.")
    return done.stdout


def main() -> int:
    program = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        assert "usage: workshop-app" in run(program, home, "--help")
        pdf = run(program, home, "headless-demo").strip().splitlines()[-1]
        verdict = run(program, home, "verify", pdf)
        assert verdict.startswith("VERIFIED: the signature is intact"), verdict
    print("The bundle works: help, headless demo and verification.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
