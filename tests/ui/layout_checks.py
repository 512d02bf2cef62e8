"""What "the layout holds" means, checked on a live widget tree (issue 11, defect 8).

Everything the facilitator can see must be whole: no widget reaching outside the part of its parent
that is shown, no horizontal scroll bar, no label, button or field squeezed below the size its text
needs, no table header cut short. Labels may shorten long user text only the honest way: with "…"
and the whole text in their tooltip.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from workshop_app.ui.widgets.clamped_label import ClampedLabel


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = " " + repr(widget.text()[:40])
    return f"{type(widget).__name__}#{widget.objectName() or '?'}{text}"


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.width() > 0 and widget.height() > 0


def _visible_area(widget: QWidget) -> QRect:
    """The part of a widget that is on screen: its rect clipped by every ancestor's, in its own
    coordinates. Contents of a scroll area are clipped by the viewport, as they should be."""
    area = widget.rect()
    parent = widget.parentWidget()
    child: QWidget = widget
    while parent is not None and not child.isWindow():
        offset = child.mapTo(parent, QPoint(0, 0))
        area = area.intersected(parent.rect().translated(-offset))
        child, parent = parent, parent.parentWidget()
    return area


def _inside_scrolled_content(widget: QWidget, root: QWidget) -> bool:
    """True for widgets in the scrolled content of a scroll area: they may lie below the fold."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


def _outside_parent(widget: QWidget, root: QWidget) -> str | None:
    parent = widget.parentWidget()
    if parent is None or widget is root or widget.isWindow():
        return None
    mine = QRect(widget.mapTo(parent, QPoint(0, 0)), widget.size())
    scroll_area = parent.parentWidget()
    if isinstance(scroll_area, QAbstractScrollArea) and parent is scroll_area.viewport():
        # Scrolled content may run below the fold, never beside it.
        if mine.left() < 0 or mine.right() > parent.rect().right():
            bar = scroll_area.horizontalScrollBar()
            if not bar.isVisibleTo(root):
                return f"{_name(widget)} {mine} is cut off beside {_name(scroll_area)}"
        return None
    if isinstance(scroll_area, QAbstractScrollArea):
        return None  # the viewport itself
    if not parent.rect().contains(mine):
        return f"{_name(widget)} {mine} reaches outside {_name(parent)} {parent.rect()}"
    return None


def _text_fits(widget: QWidget) -> str | None:
    """A label, button or field whose text is cut: too narrow or too low for it."""
    if isinstance(widget, QLabel):
        return _label_fits(widget)
    if isinstance(widget, QAbstractSpinBox):
        # Its size hint allows for the widest possible value; what must fit is the value shown.
        line = widget.findChild(QLineEdit)
        if line is not None and line.text():
            need = line.fontMetrics().horizontalAdvance(line.text()) + 4
            if line.width() < need or line.geometry().right() > widget.width():
                return f"{_name(widget)} shows {line.text()!r} in {line.width()} px, needs {need}"
        return None
    if isinstance(widget, QAbstractButton | QLineEdit | QComboBox):
        need = widget.minimumSizeHint()
        if isinstance(widget, QAbstractButton) and widget.text():
            need = need.expandedTo(widget.sizeHint())
        if widget.width() < need.width() - 1 or widget.height() < need.height() - 1:
            return f"{_name(widget)} is {widget.size().toTuple()}, needs {need.toTuple()}"
    return None


def _label_fits(label: QLabel) -> str | None:
    if not label.text() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    box = label.contentsRect()
    if isinstance(label, ClampedLabel):  # it shortens user text itself, always with a tooltip
        if label.height() < label.minimumSizeHint().height() - 1:
            return f"{_name(label)} is {label.height()} px high, needs {label.minimumSizeHint()}"
        return None
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + 1:
            return f"{_name(label)} wraps to {need} px but is {label.height()} px high"
        return None
    if label.textFormat() == Qt.TextFormat.RichText or "<" in label.text():
        need_width = label.minimumSizeHint().width()
    else:
        metrics = label.fontMetrics()
        shown = label.text() if label.buddy() is None else re.sub(r"&(.)", r"\1", label.text())
        lines = shown.split("\n")
        need_width = max(metrics.horizontalAdvance(line) for line in lines) + 2 * label.indent()
        need_width = max(0, need_width) + (label.width() - box.width())
    if label.width() < need_width - 1:
        return f"{_name(label)} is {label.width()} px wide, its text needs {need_width} px"
    if label.height() < label.minimumSizeHint().height() - 1:
        return f"{_name(label)} is {label.height()} px high, needs {label.minimumSizeHint()}"
    if label.text().rstrip("”’\"'").endswith("…") and not label.toolTip():
        return f"{_name(label)} is shortened with no tooltip showing the whole text"
    return None


def _header_fits(table: QTableView) -> list[str]:
    header = table.horizontalHeader()
    model = table.model()
    problems = []
    if model is None or header.isHidden():
        return problems
    for column in range(model.columnCount()):
        if header.isSectionHidden(column) or header.sectionSize(column) <= 0:
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if not title:
            continue
        metrics = header.fontMetrics()
        widest = max(metrics.horizontalAdvance(line) for line in title.split("\n"))
        need = widest + 16  # the theme's padding
        if header.sectionSize(column) < need - 1:
            problems.append(
                f"{_name(table)} header {title!r} is {header.sectionSize(column)} px, needs {need}"
            )
    return problems


def layout_problems(root: QWidget) -> list[str]:
    """Every fault of the visible layout under `root`, one sentence each (empty: it holds)."""
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget, root) or isinstance(widget, QHeaderView):
            continue
        if _inside_scrolled_content(widget, root) and _visible_area(widget).isEmpty():
            continue  # scrolled out of view; scrolling shows it whole
        for problem in (_outside_parent(widget, root), _text_fits(widget)):
            if problem:
                problems.append(problem)
        if isinstance(widget, QAbstractScrollArea):
            bar = widget.horizontalScrollBar()
            if bar.isVisibleTo(root) and bar.maximum() > 0:
                problems.append(f"{_name(widget)} scrolls sideways by {bar.maximum()} px")
        if isinstance(widget, QTableView):
            problems += _header_fits(widget)
    return problems
