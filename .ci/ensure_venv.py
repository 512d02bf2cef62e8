"""Make sure .venv exists, was made by the Python asked for, and holds what pyproject.toml lists.

Run by the Makefile with the Python the user chose (`make run PYTHON=python3.12`). It is written
for any Python 3, so that an old one gets a sentence instead of a syntax error.

    python3 .ci/ensure_venv.py            the app and its libraries (make run)
    python3 .ci/ensure_venv.py --dev      ... plus the test and lint tools (make test)
    python3 .ci/ensure_venv.py --package  ... plus PyInstaller (make package; the suite's bundle
                                          test uses it too, so make test asks for both)
"""

import hashlib
import os
import shutil
import subprocess
import sys

NEEDED = (3, 11)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
BIN = os.path.join(VENV, "Scripts" if os.name == "nt" else "bin")
#: The optional extras of pyproject.toml, each asked for by its own option (--dev, --package).
EXTRAS = (
    ("dev", "the test and lint tools"),
    ("package", "PyInstaller, to build the standalone app"),
)
VENV_PYTHON = os.path.join(BIN, "python.exe" if os.name == "nt" else "python")


def version_text(info):
    return "{}.{}".format(info[0], info[1])


def venv_version():
    """The venv's Python as "3.11", or None when there is no working venv."""
    if not os.path.exists(VENV_PYTHON):
        return None
    try:
        out = subprocess.run(
            [VENV_PYTHON, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.decode().strip()


def fingerprint(extra):
    """What the install depends on: the project's requirements and which extras were asked."""
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return hashlib.sha256(f.read() + extra.encode()).hexdigest()


def stamp_path(extra):
    return os.path.join(VENV, ".installed-" + (extra or "app"))


def is_current(extra):
    try:
        with open(stamp_path(extra)) as f:
            return f.read().strip() == fingerprint(extra)
    except OSError:
        return False


def pip_install(target, message):
    print(message, flush=True)
    subprocess.run([VENV_PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([VENV_PYTHON, "-m", "pip", "install", "--quiet", "-e", target], check=True)


def main():
    if sys.version_info[:2] < NEEDED:
        print(
            "Workshop App needs Python {} or newer; found {}. Install a newer Python, then run "
            "for example: make run PYTHON=python3.11".format(
                version_text(NEEDED), version_text(sys.version_info)
            )
        )
        return 1
    wanted = version_text(sys.version_info)
    found = venv_version()
    if found is not None and found != wanted:
        print(
            "Rebuilding .venv: it was made with Python {}, this is Python {}.".format(found, wanted)
        )
        shutil.rmtree(VENV)
        found = None
    first = found is None
    if first:
        if os.path.exists(VENV):
            shutil.rmtree(VENV)  # a half-made or broken venv: start again
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    try:
        if not is_current(""):
            pip_install(
                ROOT,
                "Installing Workshop App and its libraries{} ...".format(
                    " (first run, about a minute)" if first else " (pyproject.toml changed)"
                ),
            )
            with open(stamp_path(""), "w") as f:
                f.write(fingerprint(""))
        for extra, what in EXTRAS:
            if "--" + extra in sys.argv[1:] and not is_current(extra):
                pip_install(ROOT + "[" + extra + "]", "Installing " + what + " ...")
                with open(stamp_path(extra), "w") as f:
                    f.write(fingerprint(extra))
    except subprocess.CalledProcessError:
        print("Installing failed; the messages above say why. Fix that, then run make again.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
