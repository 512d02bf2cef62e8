"""The application icon in every size and format the three systems ask for, from one SVG.

    python packaging/icons.py resources/app-icon.svg OUT_DIR

writes OUT_DIR/png/workshop-app-<size>.png (16 … 1024), OUT_DIR/workshop-app.ico (Windows:
16 … 256) and OUT_DIR/workshop-app.icns (macOS: 16 … 1024, Retina pairs). Rendered with Qt's SVG
renderer, which the app already carries, so the build needs nothing else. ICO and ICNS both hold
PNG images as they are; their containers are a few header bytes, written here.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types holding PNG data, with the pixel size each one stands for.
ICNS_TYPES = (
    (b"icp4", 16), (b"ic11", 32), (b"icp5", 32), (b"ic12", 64), (b"icp6", 64),
    (b"ic07", 128), (b"ic13", 256), (b"ic08", 256), (b"ic14", 512), (b"ic09", 512),
    (b"ic10", 1024),
)  # fmt: skip


def render_pngs(svg: Path, out: Path) -> dict[int, bytes]:
    """Each size rendered from the vector (not scaled down from a large bitmap: sharper)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG image Qt can draw.")
    (out / "png").mkdir(parents=True, exist_ok=True)
    pngs: dict[int, bytes] = {}
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        pngs[size] = bytes(data.data())
        (out / "png" / f"workshop-app-{size}.png").write_bytes(pngs[size])
    return pngs


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon: ICONDIR, one ICONDIRENTRY per size (0 means 256), then the PNGs."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    offset = len(header) + 16 * len(ICO_SIZES)
    entries, images = b"", b""
    for size in ICO_SIZES:
        data = pngs[size]
        side = size % 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        images += data
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon: 'icns', the total length, then (type, length, PNG) elements."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def build_icons(svg: Path, out: Path) -> None:
    pngs = render_pngs(svg, out)
    (out / "workshop-app.ico").write_bytes(ico(pngs))
    (out / "workshop-app.icns").write_bytes(icns(pngs))


if __name__ == "__main__":
    build_icons(Path(sys.argv[1]), Path(sys.argv[2]))
