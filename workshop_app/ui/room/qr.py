"""The QR code of the join address, made offline by segno, as a pixmap for the wall."""

from __future__ import annotations

import io

from PySide6.QtGui import QImage, QPixmap


def qr_pixmap(text: str, size: int) -> QPixmap:
    """A square pixmap of about `size` pixels, black on white with the quiet zone around it,
    scaled by whole modules so every module stays sharp."""
    import segno

    code = segno.make(text, error="m", micro=False)
    modules = code.symbol_size(scale=1, border=4)[0]
    scale = max(1, size // modules)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    image = QImage()
    image.loadFromData(buffer.getvalue(), "PNG")
    return QPixmap.fromImage(image)
