"""`make screenshots` rewrites a committed screenshot only when the screen changed."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from PIL import Image

from workshop_app.core.demo import demo_workshop
from workshop_app.storage.operations import Library

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "render_screenshots.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sample_as_json(folder: Path) -> str:
    library = Library(folder / "sample.sqlite3", make_backup=False)
    try:
        return library.export_json(library.add_workshop(demo_workshop()))
    finally:
        library.close()


def test_the_sample_workshop_is_identical_on_every_run(tmp_path: Path) -> None:
    script = _script()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with script.reproducible():
        first = _sample_as_json(tmp_path / "a")
    with script.reproducible():
        second = _sample_as_json(tmp_path / "b")
    assert first == second
    assert _sample_as_json(tmp_path) != first  # outside, ids and times are fresh


def test_only_pixels_decide_whether_a_screenshot_changed(tmp_path: Path) -> None:
    script = _script()
    white, also_white, grey = (tmp_path / f"{n}.png" for n in ("white", "also", "grey"))
    Image.new("RGB", (40, 30), "white").save(white)
    Image.new("RGB", (40, 30), "white").save(also_white, optimize=True)  # other bytes
    grey_image = Image.new("RGB", (40, 30), "white")
    grey_image.putpixel((39, 29), (200, 200, 200))
    grey_image.save(grey)
    assert white.read_bytes() != also_white.read_bytes()
    assert script._same_pixels(white, also_white)
    assert not script._same_pixels(white, grey)
