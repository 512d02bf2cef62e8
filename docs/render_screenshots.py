"""Render `docs/screenshots/` reproducibly: `make screenshots`.

The same code and the same sample workshop give the same pixels, so the committed screenshots
change only when a screen does. Three things would otherwise differ on every run: the clock
("Last changed today 08:12", the Export stage's "as of"), the random ids of the sample workshop
(they feed the content digest printed in every PDF page's footer) and the files' metadata. The
clock is frozen at a fixed afternoon, ids come from a seeded generator, the export folder is a
laptop's usual one, and a PNG is rewritten only when its pixels changed.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from freezegun import freeze_time
from PIL import Image

#: The afternoon of the sample workshop (held on 2026-09-15): what the screens show as "now", in
#: UTC whatever the machine's time zone, so "today 16:30" reads the same everywhere.
FIXED_NOW = "2026-09-15 16:30:00"
ID_SEED = 20260915
#: Where the Export stage says summaries go: an installed app's folder on a facilitator's laptop,
#: not the folder of whoever renders the screenshots.
EXPORT_FOLDER = Path("/home/facilitator/Documents/Workshop App exports")


def _seeded_uuid4(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _same_pixels(a: Path, b: Path) -> bool:
    with Image.open(a) as first, Image.open(b) as second:
        if first.size != second.size:
            return False
        return first.convert("RGBA").tobytes() == second.convert("RGBA").tobytes()


@contextmanager
def reproducible() -> Iterator[None]:
    """Inside, the clock stands still at FIXED_NOW and new ids follow a fixed sequence."""
    rng = random.Random(ID_SEED)
    with (
        freeze_time(FIXED_NOW),
        mock.patch("uuid.uuid4", lambda: _seeded_uuid4(rng)),
        mock.patch("workshop_app.ui.settings.default_export_dir", lambda: EXPORT_FOLDER),
    ):
        yield


def render(out_dir: Path) -> tuple[list[Path], list[Path]]:
    """Render into `out_dir`; returns (files written or changed, files left as they were)."""
    from workshop_app.ui.screenshots import render_screenshots

    changed, unchanged = [], []
    with tempfile.TemporaryDirectory(prefix="workshop-screens-") as scratch:
        with reproducible():
            rendered = render_screenshots(Path(scratch))
        out_dir.mkdir(parents=True, exist_ok=True)
        for path in rendered:
            target = out_dir / path.name
            if target.exists() and _same_pixels(path, target):
                unchanged.append(target)
            else:
                target.write_bytes(path.read_bytes())
                changed.append(target)
    return changed, unchanged


def main(argv: list[str]) -> int:
    os.environ["TZ"] = "UTC"
    if hasattr(time, "tzset"):  # POSIX; elsewhere the machine's zone shows
        time.tzset()
    out_dir = Path(argv[1] if len(argv) > 1 else "docs/screenshots")
    changed, unchanged = render(out_dir)
    print(f"{len(changed)} screenshots new or changed, {len(unchanged)} unchanged, in {out_dir}")
    for path in changed:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
