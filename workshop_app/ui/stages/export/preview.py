"""The first pages of the summary, drawn exactly as they will be exported.

Pages are rasterised with pdfium (pypdfium2) straight into a QImage from the bitmap's raw buffer
(RGBX, no PIL needed). Rendering is cheap (about 5 ms a page at screen size), so it happens on the
UI thread, which also keeps pdfium — which is not thread-safe — on one thread; building the PDF
is what takes time, and that runs in a worker. Pages are drawn to fit the height of the view and
redrawn, sharp, when it is resized: as many pages as fit side by side, never a sideways scroll.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from workshop_app.ui import memory
from workshop_app.ui.widgets.wrap_label import WrapLabel

PREVIEW_PAGES = 3
_MARGIN = 16  # around the pages inside the view
_GAP = 16  # between pages
_SMALLEST = 160  # the least height a page preview is worth showing at


def render_pages(data: bytes, pages: int, height: int) -> tuple[list[QImage], int]:
    """The first `pages` pages of a PDF as images `height` pixels tall, and the page count."""
    import pypdfium2 as pdfium  # loaded with the first preview, not with the window

    document = pdfium.PdfDocument(data)
    try:
        count = len(document)
        images = []
        for index in range(min(pages, count)):
            page = document[index]
            try:
                _width, page_height = page.get_size()
                bitmap = page.render(
                    scale=max(height, 1) / page_height,
                    prefer_bgrx=True,
                    rev_byteorder=True,
                    fill_color=(255, 255, 255, 255),
                )
                try:
                    raw = bytes(bitmap.buffer)
                    image = QImage(
                        raw,
                        bitmap.width,
                        bitmap.height,
                        bitmap.stride,
                        QImage.Format.Format_RGBX8888,
                    ).copy()  # own the pixels: the buffer goes away with the bitmap
                finally:
                    bitmap.close()
            finally:
                page.close()
            images.append(image)
        return images, count
    finally:
        document.close()


class PagePreview(QFrame):
    """A strip of the first pages of a PDF, fitted to the available height."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportPreview")
        self.setAccessibleName("Preview of the summary")
        self._pdf: bytes | None = None
        self._aspect = 0.7071  # width / height of the first page; A4 until one is drawn
        self.page_count = 0
        self.pages: list[QLabel] = []

        self.view = QScrollArea()
        self.view.setObjectName("exportPreviewScroll")
        self.view.setWidgetResizable(True)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.strip = QWidget()
        self.strip.setObjectName("exportPreviewStrip")
        self.row = QHBoxLayout(self.strip)
        self.row.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
        self.row.setSpacing(_GAP)
        self.row.addStretch(1)
        self.view.setWidget(self.strip)

        self.caption = WrapLabel(name="previewCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel()
        self.message.setObjectName("previewMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        pages = self.pages_box = QWidget()
        pages_column = self.pages_column = QVBoxLayout(pages)
        pages_column.setContentsMargins(0, 0, 0, 0)
        pages_column.setSpacing(0)
        pages_column.addWidget(self.caption)
        pages_column.addWidget(self.view, 1)
        # The stacked layout joins this widget's layout before it gets pages: a stacked layout
        # shows its first page at once, which would otherwise be a window of its own.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedLayout()
        outer.addLayout(self.stack)
        self.stack.addWidget(self.message)
        self.stack.addWidget(pages)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(200)

        self.redraw_timer = QTimer(self)
        self.redraw_timer.setSingleShot(True)
        self.redraw_timer.setInterval(80)
        self.redraw_timer.timeout.connect(self._draw)
        self.show_message("Preparing the preview…")

    # -- what the caller uses ----------------------------------------------------------------
    def show_message(self, text: str) -> None:
        """A sentence instead of pages (preparing, or why there is no preview)."""
        self._pdf = None
        self.page_count = 0
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def show_pdf(self, data: bytes) -> None:
        self._pdf = data
        self._draw()

    def has_pages(self) -> bool:
        return bool(self.pages) and self._pdf is not None

    # -- drawing -----------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._pdf is not None:
            self.redraw_timer.start()

    def _fit(self, pages: int) -> tuple[int, int]:
        """How many pages to show and how tall: as tall as the view allows, and only as many
        as fit side by side, so the strip never scrolls sideways (larger text, small windows)."""
        frame = 2 * self.view.frameWidth()
        height = self.view.height() - frame - 2 * _MARGIN
        width = self.view.width() - frame - 2 * _MARGIN
        for count in range(pages, 0, -1):
            # Each page label is 2 px wider than its page (its frame), and a page drawn at this
            # height may come out 1 px wider than height × aspect (pdfium rounds up).
            fitting = int((width - (count - 1) * _GAP - 3 * count) / (count * self._aspect))
            if min(height, fitting) >= _SMALLEST or count == 1:
                return count, max(_SMALLEST // 2, min(height, fitting))
        return 1, _SMALLEST  # not reached: the loop ends at one page

    def _draw(self) -> None:
        if self._pdf is None:
            return
        if self.stack.currentWidget() is not self.pages_box:
            # Lay the page strip out first, so the view's height is the one the pages get.
            self.stack.setCurrentWidget(self.pages_box)
            self.pages_column.activate()
        ratio = self.devicePixelRatioF()
        count, height = self._fit(min(PREVIEW_PAGES, self.page_count or PREVIEW_PAGES))
        images, self.page_count = render_pages(self._pdf, count, round(height * ratio))
        if images:
            self._aspect = images[0].width() / max(images[0].height(), 1)
        while len(self.pages) < len(images):
            label = QLabel()
            label.setObjectName("previewPage")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.row.insertWidget(len(self.pages), label)
            self.pages.append(label)
        for index, label in enumerate(self.pages):
            if index < len(images):
                pixmap = QPixmap.fromImage(images[index])
                pixmap.setDevicePixelRatio(ratio)
                label.setPixmap(pixmap)
                label.setFixedSize(
                    round(pixmap.width() / ratio) + 2, round(pixmap.height() / ratio) + 2
                )
                label.setAccessibleName(f"Page {index + 1} of {self.page_count}")
                label.show()
            else:
                label.hide()
        shown = len(images)
        if shown == self.page_count:
            caption = "The whole summary, as it will be exported"
        elif shown == 1:
            caption = f"Page 1 of {self.page_count}, as it will be exported"
        else:
            caption = f"The first {shown} of {self.page_count} pages, as they will be exported"
        self.caption.setText(caption)
        self.setAccessibleDescription(caption)
        memory.give_back()  # pdfium's document and bitmaps, and the copies made on the way
        self.stack.setCurrentWidget(self.pages_box)
