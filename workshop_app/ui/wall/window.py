"""The wall for the room (Shift+F5): a second window that shows the stage the facilitator is on,
in type readable from the back of the room, while the laptop keeps editing.

Presenter and audience split: with a second screen (a projector) the wall goes full screen
there and the laptop's screen stays the facilitator's; with one screen it opens as an ordinary
window to drag onto the projector. It never takes the keyboard: typing stays in the main
window. It follows the stage on screen and every edit (the session's `changed`). Esc closes it
when it has the focus. Body text is 1/36 of the wall's height: 30 px at 1080p.

On the Align stage it shows the view open on the laptop: the alignment matrix (ui/wall/matrix.py)
or the value/effort chart (ui/wall/chart.py), painted, around the need selected there; the
Priority tab shows the ranking as lines. Nothing is worked out again while nothing changed: the
stage, its view and selection, and the session's workshop object are compared first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workshop_app.core import model as m
from workshop_app.ui.theme import current_colors
from workshop_app.ui.wall.chart import ChartWall
from workshop_app.ui.wall.matrix import MatrixWall
from workshop_app.ui.wall.paint import unit_for
from workshop_app.ui.wall.slides import Slide, chart, matrix, slide_for
from workshop_app.ui.widgets.text import one_line, wrappable

if TYPE_CHECKING:
    from workshop_app.ui.window_base import AppWindow


def _label(text: str, px: int, *, bold: bool = False, color: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPixelSize(px)
    font.setBold(bold)
    label.setFont(font)
    if color:
        label.setStyleSheet(f"color: {color};")
    return label


class StageWall(QWidget):
    @classmethod
    def instance(cls, window: AppWindow) -> StageWall:
        existing = window.findChild(StageWall)
        return existing if existing is not None else cls(window)

    def __init__(self, window: AppWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.window_ = window
        self.setWindowTitle("The wall — Workshop App")
        self.setAccessibleName("The wall")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.colors = current_colors()
        self.setStyleSheet(f"background: {self.colors.surface}; color: {self.colors.text};")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(64, 48, 64, 48)
        self.body.setSpacing(12)
        self.shown: tuple[str, Slide] | None = None
        self.painted: MatrixWall | ChartWall | None = None  # the Align stage's painted views
        self._seen: tuple[object, ...] | None = None
        self._seen_ws: m.Workshop | None = None
        self._follow = QTimer(self)  # the stage on screen: checked twice a second
        self._follow.setInterval(500)
        self._follow.timeout.connect(self.refresh)
        self._connected: object = None

    def show_on_wall(self) -> None:
        screens = QGuiApplication.screens()
        here = self.window_.screen()
        others = [s for s in screens if s is not here]
        if others:  # a projector: full screen there, the laptop keeps its own screen
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
        else:
            self.resize(1280, 720)
            self.show()
        self._follow.start()
        self.refresh()

    def closeEvent(self, event: object) -> None:
        self._follow.stop()
        super().closeEvent(event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._seen = None  # the type follows the wall's height: lay it out again
        self.shown = None
        if self.painted is not None and self.painted.unit != unit_for(self.height()):
            self._clear()
        self.refresh()

    def refresh(self) -> None:
        session = self.window_.session
        stage = self.window_.current_stage()
        if session is None or not self.isVisible():
            return
        if self._connected is not session:
            session.changed.connect(lambda *_: self.refresh())
            self._connected = session
        key = stage.key if stage is not None else "setup"
        view, focus = ("", "")
        wall_view = getattr(stage, "wall_view", None)
        if callable(wall_view):
            view, focus = wall_view()
        ws = session.workshop
        seen = (key, view, focus, id(ws), self.width(), self.height())
        if self._seen == seen and self._seen_ws is ws:
            return  # nothing moved since the last look: nothing to work out (twice a second)
        self._seen, self._seen_ws = seen, ws
        if key == "align" and view in ("alignment", "chart"):
            self._show_painted(view, focus, ws)
            return
        slide = slide_for(key, ws)
        if self.shown == (key, slide):
            return
        self.shown = (key, slide)
        self._lay_out(slide)

    def _show_painted(self, view: str, focus: str, ws: m.Workshop) -> None:
        """The Align stage's matrix or chart, painted; built once, then given each change."""
        if view == "alignment":
            title = "How each need serves the goals"
            subtitle = "●●● strong · ●●○ moderate · ●○○ weak link; score of 100, ⚠ unclear"
        else:
            title = "Value and effort"
            subtitle = "Each need numbered by its priority; amber: alignment still unclear"
        kind = MatrixWall if view == "alignment" else ChartWall
        if self.painted is None or not isinstance(self.painted, kind):
            self.shown = None
            self._clear()
            u = unit_for(self.height())
            self.body.addWidget(_label(title, int(u * 1.6), bold=True))
            self.body.addWidget(_label(subtitle, u, color=self.colors.muted))
            self.painted = kind(self.colors, u, self)
            self.body.addWidget(self.painted, 1)
        if isinstance(self.painted, MatrixWall):
            self.painted.show_matrix(matrix(ws), focus)
        else:
            self.painted.show_points(chart(ws), focus)

    def _clear(self) -> None:
        self.painted = None
        while self.body.count():
            item = self.body.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _lay_out(self, slide: Slide) -> None:
        """Title, subtitle, then as many lines as fit, each its text and one line of detail,
        elided at the edge; what does not fit is counted."""
        self._clear()
        u, c = unit_for(self.height()), self.colors
        width = max(200, self.width() - 128)
        title = _label(wrappable(one_line(slide.title, 120)), int(u * 1.6), bold=True)
        self.body.addWidget(title)
        used = title.sizeHint().height() + 48 * 2
        if slide.subtitle:
            subtitle = _label(wrappable(slide.subtitle[:400]), u, color=c.muted)
            self.body.addWidget(subtitle)
            used += subtitle.heightForWidth(width) + 12
        if not slide.lines and slide.empty:
            self.body.addWidget(_label(slide.empty, u, color=c.muted))
        sample = _one_line("Hg", int(u * 1.15), width, bold=True)
        detail = _one_line("Hg", u, width)
        per_line = sample.sizeHint().height() + detail.sizeHint().height() + 2 * 12
        sample.deleteLater()
        detail.deleteLater()
        room = max(1, (self.height() - used - int(u * 1.6)) // per_line)
        shown = slide.lines if len(slide.lines) <= room else slide.lines[: max(1, room - 1)]
        for line in shown:
            color = c.amber if line.attention else (c.green if line.done else "")
            self.body.addWidget(_one_line(line.text, int(u * 1.15), width, bold=True, color=color))
            if line.detail:
                self.body.addWidget(_one_line(line.detail, u, width, color=c.muted))
        hidden = len(slide.lines) - len(shown)
        if hidden > 0:
            self.body.addWidget(_label(f"and {hidden} more", u, color=c.muted))
        self.body.addStretch(1)


def _one_line(text: str, px: int, width: int, *, bold: bool = False, color: str = "") -> QLabel:
    """A label of one line, cut with "…" where the wall ends (the full text in its tooltip)."""
    label = _label("", px, bold=bold, color=color)
    label.setWordWrap(False)
    flat = one_line(text, 600)
    label.setText(QFontMetrics(label.font()).elidedText(flat, Qt.TextElideMode.ElideRight, width))
    label.setToolTip(flat)
    return label
