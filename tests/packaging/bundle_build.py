"""The Linux bundle the packaging tests run: built once by packaging/build.py and kept in a
cache folder outside the checkout, keyed by a hash of everything that goes into it.

A build takes 2 to 7 minutes on a loaded 2-CPU machine, too long for every run of the suite;
with the sources unchanged, the next run reuses it. A lock keeps two test workers from building
the same bundle at once.
"""

from __future__ import annotations

import faulthandler
import fcntl
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: What the bundle is made of: the app, its resources, the packaging files, its requirements.
SOURCES = ("workshop_app", "resources", "packaging", "pyproject.toml")


def sources_hash() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for name in SOURCES:
        top = ROOT / name
        files = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cache_root() -> Path:
    # The real home, not the per-test one the suite's fixtures set in HOME.
    return Path(pwd.getpwuid(os.getuid()).pw_dir) / ".cache" / "workshop-app-tests"


def linux_tarball() -> Path:
    """The tarball `make package` makes on Linux, built now unless the cache holds it."""
    # The suite dumps every thread's stack when a test runs over 2 minutes, for tests that
    # hang; building (or waiting for another worker's build) is long by nature and the build
    # has its own time limit.
    faulthandler.cancel_dump_traceback_later()
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    key = sources_hash()
    dist = root / f"bundle-{key}"
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (dist / "complete").exists():
            for old in root.glob("bundle-*"):  # one bundle is 400 MB: keep only the newest
                shutil.rmtree(old)
            work = root / "work"
            shutil.rmtree(work, ignore_errors=True)
            built = subprocess.run(
                [sys.executable, str(ROOT / "packaging" / "build.py"),
                 "--dist", str(dist), "--work", str(work)],
                capture_output=True, text=True, timeout=1800, check=False,
            )  # fmt: skip
            if built.returncode != 0:
                raise AssertionError(f"packaging/build.py failed:\n{built.stderr[-4000:]}")
            shutil.rmtree(work)
            shutil.rmtree(dist / "workshop-app")  # the tarball is what the tests unpack
            (dist / "complete").touch()
    (tarball,) = dist.glob("workshop-app-*-linux-*.tar.gz")
    return tarball
