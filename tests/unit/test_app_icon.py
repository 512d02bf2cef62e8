"""The application icon: drawn from resources/app-icon.svg in every size, and packed as the
Windows .ico and macOS .icns that packaging/build.py gives PyInstaller."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n"


def load_icons_module() -> ModuleType:
    """packaging/ is a folder of build scripts, not a package (and `packaging` is a library)."""
    spec = importlib.util.spec_from_file_location("build_icons", ROOT / "packaging" / "icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("icons")
    load_icons_module().build_icons(ROOT / "resources" / "app-icon.svg", out)
    return out


def test_every_size_is_drawn_sharp_from_the_vector(qapp: QApplication, built: Path) -> None:
    icons = load_icons_module()
    for size in icons.PNG_SIZES:
        image = QImage(str(built / "png" / f"workshop-app-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        # Transparent corners (rounded tile), the tile's blue in the middle-left, white strokes.
        assert image.pixelColor(0, 0).alpha() == 0
        middle = image.pixelColor(size // 2, size // 2)
        assert middle.alpha() == 255
        assert image.pixelColor(size // 10 + 1, size // 2).blue() > 150


def test_the_windows_icon_holds_each_size_as_png(qapp: QApplication, built: Path) -> None:
    icons = load_icons_module()
    data = (built / "workshop-app.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    for index, size in enumerate(icons.ICO_SIZES):
        width, height, *_, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        assert width == height == size % 256  # 0 stands for 256
        image = data[offset : offset + length]
        assert image.startswith(PNG)
        assert QImage.fromData(image).width() == size


def test_the_macos_icon_holds_the_retina_pairs(qapp: QApplication, built: Path) -> None:
    icons = load_icons_module()
    data = (built / "workshop-app.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    position, found = 8, {}
    while position < len(data):
        kind = data[position : position + 4]
        (length,) = struct.unpack_from(">I", data, position + 4)
        image = data[position + 8 : position + length]
        assert image.startswith(PNG)
        found[kind] = QImage.fromData(image).width()
        position += length
    assert found == {kind: size for kind, size in icons.ICNS_TYPES}
    assert found[b"ic10"] == 1024 and found[b"ic13"] == 256  # 512@2x and 128@2x
