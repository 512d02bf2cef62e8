"""Build the standalone Workshop App for this system (`make package`).

    python packaging/build.py [--dist DIR] [--work DIR]

Needs the `package` extra (`pip install .[package]`: PyInstaller). Writes to DIR (default dist/):
  Linux    workshop-app/ (run workshop-app/workshop-app) and workshop-app-VERSION-linux-ARCH.tar.gz
  Windows  Workshop App/ and, when Inno Setup is installed, Workshop-App-VERSION-setup.exe
  macOS    Workshop App.app and Workshop-App-VERSION.dmg
The bundle carries this system's libraries: build on the oldest system you support.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from icons import PNG_SIZES, build_icons  # noqa: E402 (packaging/ is not a package)

#: Where Inno Setup's compiler is when it is not on PATH (machine-wide or per-user install).
ISCC_PLACES = (
    Path(os.environ.get("PROGRAMFILES(X86)", "C:/Program Files (x86)"), "Inno Setup 6", "ISCC.exe"),
    Path(os.environ.get("LOCALAPPDATA", "C:/"), "Programs", "Inno Setup 6", "ISCC.exe"),
)


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def run_pyinstaller(dist: Path, work: Path, icons: Path) -> None:
    os.environ["WORKSHOP_APP_ICONS"] = str(icons)
    os.environ["WORKSHOP_APP_VERSION"] = version()
    import PyInstaller.__main__

    PyInstaller.__main__.run(
        [
            str(HERE / "workshop-app.spec"),
            "--noconfirm",
            "--log-level=WARN",
            f"--distpath={dist}",
            f"--workpath={work / 'pyinstaller'}",
        ]
    )


def finish_linux(dist: Path, icons: Path) -> Path:
    """The menu entry and icons beside the program, then the whole folder as a tarball."""
    folder = dist / "workshop-app"
    share = folder / "share"
    (share / "icons").mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        shutil.copy(icons / "png" / f"workshop-app-{size}.png", share / "icons")
    shutil.copy(HERE / "linux" / "workshop-app.desktop", share)
    shutil.copy(HERE / "linux" / "install-desktop-entry.sh", folder)
    archive = dist / f"workshop-app-{version()}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=folder.name)
    return archive


def iscc() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    return found or next((str(p) for p in ISCC_PLACES if p.is_file()), None)


def finish_windows(dist: Path, icons: Path) -> Path | None:
    """A per-user installer (no administrator rights) when Inno Setup 6 is installed."""
    compiler = iscc()
    if compiler is None:
        print("Inno Setup 6 was not found, so there is no installer; the folder works as it is.")
        return None
    subprocess.run(
        [
            compiler,
            "/Q",
            f"/DAppVersion={version()}",
            f"/DSourceDir={dist / 'Workshop App'}",
            f"/DOutputDir={dist}",
            f"/DIconFile={icons / 'workshop-app.ico'}",
            str(HERE / "windows" / "workshop-app.iss"),
        ],
        check=True,
    )
    return dist / f"Workshop-App-{version()}-setup.exe"


def finish_macos(dist: Path) -> Path:
    """The app in a disk image, beside a link to Applications to drag it onto."""
    staging = dist / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    subprocess.run(["ditto", str(dist / "Workshop App.app"), str(staging / "Workshop App.app")],
                   check=True)  # fmt: skip
    (staging / "Applications").symlink_to("/Applications")
    image = dist / f"Workshop-App-{version()}.dmg"
    subprocess.run(
        ["hdiutil", "create", "-volname", "Workshop App", "-srcfolder", str(staging),
         "-ov", "-format", "UDZO", str(image)],
        check=True,
    )  # fmt: skip
    shutil.rmtree(staging)
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="scratch folder")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    icons = work / "icons"
    build_icons(ROOT / "resources" / "app-icon.svg", icons)
    run_pyinstaller(dist, work, icons)
    if sys.platform == "win32":
        made = [dist / "Workshop App", finish_windows(dist, icons)]
    elif sys.platform == "darwin":
        made = [dist / "Workshop App.app", finish_macos(dist)]
    else:
        made = [dist / "workshop-app" / "workshop-app", finish_linux(dist, icons)]
    for path in made:
        if path is not None:
            print(f"Built {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
