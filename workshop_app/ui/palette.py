"""Command palette (Ctrl+K or Ctrl+Shift+P): type a few letters to run any command or jump to
any request or need.

Matching is forgiving: the letters of each word typed must appear in order ("gtdec" finds
"Go to Decide"), and matches at the start of words rank first. Enter runs the highlighted entry,
Up/Down move, Esc closes. Shortcuts show right-aligned, so the palette also teaches them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
)

from workshop_app.core.origin import IT_MARK
from workshop_app.ui.kinds import tint
from workshop_app.ui.theme import current_colors
from workshop_app.ui.widgets.labels import muted_label
from workshop_app.ui.widgets.text import one_line, tooltip

if TYPE_CHECKING:
    from workshop_app.core import model as m
    from workshop_app.ui.window_base import AppWindow

MAX_RESULTS = 60
ENTRY_ROLE = Qt.ItemDataRole.UserRole
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Entry:
    title: str  # what is matched and shown
    run: Callable[[], None]
    group: str = "Command"  # "Command", "Request", "Need"
    shortcut: str = ""  # shown right-aligned
    detail: str = ""  # shown after the title, muted; matched with a lower rank


def _word_starts(text: str) -> set[int]:
    return {
        i for i, ch in enumerate(text) if ch.isalnum() and (i == 0 or not text[i - 1].isalnum())
    }


def _subsequence(word: str, text: str, starts: set[int]) -> float | None:
    """Score the letters of `word` found in order in `text`, the first at the start of a word
    ("gtd" finds "Go to Decide", "dec" does not find "need"); None when they are not all there.
    """
    best: float | None = None
    for begin in sorted(i for i in starts if text[i] == word[0]):
        position, score, previous = begin + 1, 3.0, begin
        for letter in word[1:]:
            found = text.find(letter, position)
            if found < 0:
                return best
            if found == previous + 1:
                score += 2
            elif found in starts:
                score += 3
            else:
                score += 0.5
            previous, position = found, found + 1
        best = score if best is None else max(best, score)
    return best


def match_score(query: str, text: str) -> float | None:
    """How well `query` matches `text` (higher is better); None when it does not match.

    Every word of the query must match: as a whole substring (best at the start of a word) or,
    failing that, as letters in order.
    """
    words = query.casefold().split()
    if not words:
        return 0.0
    haystack = text.casefold()
    starts = _word_starts(haystack)
    total = 0.0
    for word in words:
        at = haystack.find(word)
        if at >= 0 and len(word) < 3 and not any(haystack.startswith(word, i) for i in starts):
            at = -1  # one or two letters inside a word match too much: use them as initials
        if at >= 0:
            best = at
            while at >= 0 and at not in starts:
                at = haystack.find(word, at + 1)
            total += 10 * len(word) + (8 if at >= 0 else 0) + (4 if best == 0 else 0)
            continue
        fuzzy = _subsequence(word, haystack, starts)
        if fuzzy is None:
            return None
        total += fuzzy
    return total - len(haystack) / 200  # shorter titles win ties


def _words_start(query: str, text: str) -> bool:
    """Every query word begins a word of `text` (how the detail, e.g. who asked, matches)."""
    haystack = text.casefold()
    starts = _word_starts(haystack)
    return all(
        any(haystack.startswith(word, i) for i in starts) for word in query.casefold().split()
    )


def rank(entries: list[Entry], query: str) -> list[Entry]:
    """Entries matching `query`, best first; title matches beat matches in the detail only."""
    scored: list[tuple[float, int, Entry]] = []
    for order, entry in enumerate(entries):
        score = match_score(query, entry.title)
        if score is None and entry.detail and _words_start(query, entry.detail):
            score = -50.0
        if score is not None:
            scored.append((score, order, entry))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [entry for _score, _order, entry in scored]


class PaletteDelegate(QStyledItemDelegate):
    """One line per entry: group tag, title, muted detail, and the shortcut on the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(200, QFontMetrics(option.font).height() + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, Entry):
            return
        c = current_colors()
        rect: QRect = option.rect
        font = option.font
        metrics = QFontMetrics(font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tint(QColor(c.accent), QColor(c.surface), 0.16))
            painter.drawRoundedRect(rect.adjusted(4, 1, -4, -1), 6, 6)
        x, right = rect.left() + 14, rect.right() - 14
        height = rect.height()
        painter.setFont(font)
        if entry.shortcut:
            width = metrics.horizontalAdvance(entry.shortcut) + 12
            cap = QRect(
                right - width,
                rect.top() + (height - metrics.height() - 6) // 2,
                width,
                metrics.height() + 6,
            )
            painter.setPen(QColor(c.border))
            painter.setBrush(QColor(c.surface_alt))
            painter.drawRoundedRect(cap, 4, 4)
            painter.setPen(QColor(c.muted))
            painter.drawText(cap, Qt.AlignmentFlag.AlignCenter, entry.shortcut)
            right = cap.left() - 12
        if entry.group != "Command":
            width = metrics.horizontalAdvance("Request")
            painter.setPen(QColor(c.muted))
            tag_rect = QRect(x, rect.top(), width, height)
            painter.drawText(tag_rect, Qt.AlignmentFlag.AlignVCenter, entry.group)
            x += width + 16
        available = max(0, right - x)
        title = metrics.elidedText(entry.title, Qt.TextElideMode.ElideRight, available)
        painter.setPen(QColor(c.text))
        painter.drawText(
            QRect(x, rect.top(), available, height), Qt.AlignmentFlag.AlignVCenter, title
        )
        used = metrics.horizontalAdvance(title)
        if entry.detail and used + 40 < available:
            detail = metrics.elidedText(
                f"— {entry.detail}", Qt.TextElideMode.ElideRight, available - used - 12
            )
            painter.setPen(QColor(c.muted))
            painter.drawText(
                QRect(x + used + 12, rect.top(), available - used - 12, height),
                Qt.AlignmentFlag.AlignVCenter,
                detail,
            )
        painter.restore()


class CommandPalette(QDialog):
    def __init__(self, window: AppWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Command palette")
        self.setObjectName("commandPalette")
        self.setAccessibleName("Command palette")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumSize(480, 320)
        self.resize(720, 460)
        layout = QVBoxLayout(self)
        # The size is set above; results coming and going must not resize the window.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        self.query = QLineEdit()
        self.query.setObjectName("captureInput")
        self.query.setPlaceholderText("Type a command, a request or a need…")
        self.query.setAccessibleName("Search commands, requests and needs")
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self._filter)
        layout.addWidget(self.query)
        self.results = QListWidget()
        self.results.setAccessibleName("Matching commands, requests and needs")
        self.results.setItemDelegate(PaletteDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.itemActivated.connect(self._run)
        self.results.itemClicked.connect(self._run)
        layout.addWidget(self.results, 1)
        self.nothing = muted_label("Nothing matches. Try fewer letters.")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.hide()
        layout.addWidget(self.nothing)
        hint = muted_label("↑ ↓ choose     Enter run     Esc close")
        layout.addWidget(hint)
        self.entries: list[Entry] = self._entries()
        self._filter("")
        self.query.installEventFilter(self)
        self._place()

    def _place(self) -> None:
        """Near the top of the main window, centred: where the eye already is."""
        frame = self.window_.geometry()
        self.move(frame.center().x() - self.width() // 2, frame.top() + 96)

    # -- what can be found -----------------------------------------------------------------
    def _entries(self) -> list[Entry]:
        found: list[Entry] = []
        for action in self.window_.actions_by_id.values():
            if not action.isEnabled() or action.objectName() == "view.palette":
                continue
            title = action.text().replace("&", "").rstrip("…").strip()
            if not title:
                continue
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            found.append(Entry(title, action.trigger, "Command", keys, action.statusTip()))
        session = self.window_.session
        if session is not None:
            ws = session.workshop
            for number, request in enumerate(ws.requests, start=1):
                found.append(
                    Entry(
                        one_line(request.text, 200),
                        self._jump_to_request(request.id),
                        IT_MARK if request.from_it else "Request",
                        detail=one_line(request.requested_by, 80) or f"request {number}",
                    )
                )
            for need in ws.needs:
                if need.statement.strip():
                    found.append(
                        Entry(one_line(need.statement, 200), self._jump_to_need(need), "Need")
                    )
        return found

    def _jump_to_request(self, request_id: str) -> Callable[[], None]:
        def jump() -> None:
            # Stay on a stage that shows requests (Decide, Needs…); otherwise open Needs.
            stage = self.window_.current_stage()
            if stage is None or not stage.shows_requests:
                self.window_.go_to_stage("needs")
                stage = self.window_.current_stage()
            if stage is not None:
                stage.select_request(request_id)

        return jump

    def _jump_to_need(self, need: m.Need) -> Callable[[], None]:
        need_id, request_ids = need.id, list(need.request_ids)

        def jump() -> None:
            self.window_.go_to_stage("needs")
            stage = self.window_.current_stage()
            if stage is None or stage.select_need(need_id):
                return
            if request_ids:
                stage.select_request(request_ids[0])

        return jump

    # -- filtering and running -------------------------------------------------------------
    def _filter(self, text: str) -> None:
        self.results.clear()
        for entry in rank(self.entries, text)[:MAX_RESULTS]:
            item = QListWidgetItem(entry.title)
            item.setData(ENTRY_ROLE, entry)
            spoken = f"{entry.group}: {entry.title}"
            if entry.shortcut:
                spoken += f", shortcut {entry.shortcut}"
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
            item.setToolTip(tooltip(entry.detail or entry.title, run=40))
            self.results.addItem(item)
        self.results.setCurrentRow(0)
        self.nothing.setVisible(self.results.count() == 0)

    def titles(self) -> list[str]:
        """What the list shows now, top to bottom (for tests and accessibility checks)."""
        return [self.results.item(row).text() for row in range(self.results.count())]

    def _run(self, item: QListWidgetItem) -> None:
        entry = item.data(ENTRY_ROLE)
        self.accept()
        if isinstance(entry, Entry):
            entry.run()

    def eventFilter(self, watched: object, event: object) -> bool:
        # Arrow keys and Enter act on the list while the cursor stays in the query field.
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            key = event.key()
            steps = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 8,
                Qt.Key.Key_PageUp: -8,
            }
            if key in steps:
                last = self.results.count() - 1
                row = max(0, min(last, self.results.currentRow() + steps[Qt.Key(key)]))
                self.results.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.results.currentItem()
                if item is not None:
                    self._run(item)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
