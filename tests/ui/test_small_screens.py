"""Long user text and larger text on the smallest windows: nothing overlaps, clips or hides.

Regressions: at 1024×640 the Needs header (quote, meta line, phase warning) got ~232 px beside the
prompt card and was squeezed into ~150 px, its lines clipped and ran into each other; the Decide
card showed up to 1,500 characters of a need and pushed the decision buttons below the fold. With
the text made larger (Ctrl++ three times) on 1366×768, Setup's text overlapped, fields and table
headers were cut, the navigator scrolled sideways (issue 11, defect 8).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from tests.ui.layout_checks import layout_problems
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.screenshots import theme_restored
from workshop_app.ui.stages.decide.page import ACTIONS_TAB, DECISIONS_TAB, DecideStage
from workshop_app.ui.stages.export.page import ExportStage
from workshop_app.ui.stages.needs.page import NeedsStage
from workshop_app.ui.theme import apply_theme
from workshop_app.ui.widgets.clamped_label import ClampedLabel

MARKUP = "<b>bold?</b> R&D <i>x "
LONG_REQUEST = (
    MARKUP + "We need a completely new customer relationship management platform with integrations "
    "to quoting, billing and the partner portal, because every rep copies data by hand. "
) * 4
LONG_REQUEST = LONG_REQUEST[:600]
HOSTILE = "<b>bold?</b> مرحبا 你好 😀 " + "x" * 10_000


def _long_workshop(library: Library, text: str = LONG_REQUEST, needs: int = 1) -> str:
    """A run-phase division asking for an innovation (so the phase warning shows)."""
    workshop_id = library.create_workshop("Long text", it_phase="run")
    request_id = library.add_item(
        workshop_id,
        "request",
        {
            "text": text,
            "requested_by": "María González, VP Sales EMEA and Partner Channels",
            "deadline": "end of March next year, before the pricing change",
            "urgency": "high",
            "phase": "innovate",
        },
    )
    for _ in range(needs):
        library.add_item(workshop_id, "need", {"request_ids": [request_id], "statement": text})
    return workshop_id


def _open(
    qtbot: QtBot, library: Library, tmp_path: Path, workshop_id: str, stage: str, size: tuple
) -> MainWindow:
    window = make_window(qtbot, library, tmp_path)
    window.resize(*size)
    window.open_workshop(workshop_id)
    window.go_to_stage(stage)
    qtbot.waitUntil(lambda: window.width() == size[0] and window.height() == size[1])
    QApplication.processEvents()
    return window


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _assert_laid_out_whole(widgets: list[QWidget], ancestor: QWidget) -> None:
    """Every widget has the height it asks for, and no two of them overlap."""
    shown = [w for w in widgets if w.isVisible()]
    for widget in shown:
        needed = (
            widget.heightForWidth(widget.width())
            if widget.hasHeightForWidth()
            else widget.minimumSizeHint().height()
        )
        assert widget.height() >= needed, f"{widget.objectName()} squeezed: {widget.height()}"
    rects = [_rect_in(w, ancestor) for w in shown]
    for i, first in enumerate(rects):
        for second in rects[i + 1 :]:
            assert not first.intersects(second), f"{first} overlaps {second}"


@pytest.mark.parametrize("size", [(1024, 640), (1366, 768)])
def test_a_long_request_never_overlaps_in_the_needs_header(
    qtbot: QtBot, library: Library, tmp_path: Path, size: tuple[int, int]
) -> None:
    workshop_id = _long_workshop(library)
    window = _open(qtbot, library, tmp_path, workshop_id, "needs", size)
    stage = window.current_stage()
    assert isinstance(stage, NeedsStage)
    header = stage.header
    qtbot.waitUntil(lambda: header.quote.lines() != [] and header.phase_flag.isVisible())
    parts = [header.quote, header.meta, header.shared, header.phase_flag]
    _assert_laid_out_whole([*parts, stage.prompt_card, stage.need_bar], stage)
    # Everything of the header lies inside the header, which ends above the need bar.
    for label in parts:
        if label.isVisible():
            assert header.rect().contains(_rect_in(label, header))
    assert _rect_in(header, stage).bottom() < _rect_in(stage.need_bar, stage).top()
    # The quote is a few lines, elided, with the whole request (escaped) in its tooltip.
    assert 1 <= len(header.quote.lines()) <= 3
    assert header.quote.is_clipped() and header.quote.text().endswith("…”")
    tip = header.quote.toolTip()
    assert "&lt;b&gt;bold?&lt;/b&gt; R&amp;D &lt;i&gt;x" in tip and "<b>" not in tip
    assert header.quote.textFormat() == Qt.TextFormat.PlainText
    # The probing panel keeps room to work in.
    assert stage.probe_scroll.viewport().height() >= 100
    if size[0] == 1024:  # the smallest window: the prompt card is a strip under the request
        assert _rect_in(stage.prompt_card, stage).top() > _rect_in(header, stage).bottom()
        assert header.width() > 400
    else:  # the card sits beside the request, top-aligned with it
        assert _rect_in(stage.prompt_card, stage).left() > _rect_in(header, stage).right()
        assert _rect_in(header, stage).top() == _rect_in(stage.prompt_card, stage).top()


def test_the_needs_header_follows_the_window_between_compact_and_normal(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = _open(qtbot, library, tmp_path, demo_id, "needs", (1366, 768))
    stage = window.current_stage()
    assert isinstance(stage, NeedsStage)
    assert stage.prompt_card.caption.isVisible()
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: not stage.prompt_card.caption.isVisible())
    assert stage.header.quote.max_lines() == 2
    window.resize(1366, 768)
    qtbot.waitUntil(stage.prompt_card.caption.isVisible)
    assert stage.header.quote.max_lines() == 3
    assert stage.quote.text() == f"“{library.workshop(demo_id).requests[0].text}”"
    assert stage.quote.toolTip() == ""  # nothing hidden, nothing to show


@pytest.mark.parametrize("needs", [0, 1])
@pytest.mark.parametrize("text", [LONG_REQUEST, HOSTILE])
def test_the_decision_buttons_stay_in_view_whatever_the_need_says(
    qtbot: QtBot, library: Library, tmp_path: Path, text: str, needs: int
) -> None:
    workshop_id = _long_workshop(library, text, needs=needs)
    window = _open(qtbot, library, tmp_path, workshop_id, "decide", (1366, 768))
    stage = window.current_stage()
    assert isinstance(stage, DecideStage)
    card = stage.card
    viewport = stage.card_scroll.viewport()

    def bar_bottom() -> int:
        return card.bar.mapTo(viewport, QPoint(0, card.bar.height())).y()

    qtbot.waitUntil(lambda: card.quote.lines() != [] and 0 < bar_bottom() <= viewport.height())
    assert stage.card_scroll.verticalScrollBar().value() == 0
    assert 1 <= len(card.quote.lines()) <= 2 and card.quote.is_clipped()
    assert "&lt;b&gt;bold?&lt;/b&gt;" in card.quote.toolTip()
    if needs:
        statement = next(
            label
            for label in card.findChildren(ClampedLabel)
            if label.objectName() == "needStatement" and label.isVisible()
        )
        assert 1 <= len(statement.lines()) <= 3 and statement.is_clipped()
        assert "&lt;b&gt;bold?&lt;/b&gt;" in statement.toolTip()
        assert statement.full_text() == library.workshop(workshop_id).needs[0].statement.strip()


def test_the_decision_buttons_are_in_view_for_every_demo_request(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = _open(qtbot, library, tmp_path, demo_id, "decide", (1366, 768))
    stage = window.current_stage()
    assert isinstance(stage, DecideStage)
    viewport = stage.card_scroll.viewport()
    for request in library.workshop(demo_id).requests:
        stage.select_request(request.id)
        QApplication.processEvents()
        bottom = stage.card.bar.mapTo(viewport, QPoint(0, stage.card.bar.height())).y()
        assert bottom <= viewport.height(), request.text


def test_a_clamped_label_shows_whole_short_text_and_elides_long_text(qtbot: QtBot) -> None:
    label = ClampedLabel(2)
    qtbot.addWidget(label)
    label.resize(300, 100)
    label.set_full_text("A new CRM", prefix="“", suffix="”")
    assert label.lines() == ["“A new CRM”"] and not label.is_clipped()
    assert label.toolTip() == "" and label.text() == "“A new CRM”"
    label.set_full_text("<i>" + "y" * 5_000)
    assert len(label.lines()) == 2 and label.is_clipped()
    assert label.lines()[-1].endswith("…")
    assert label.toolTip().startswith("<qt>&lt;i&gt;yyy")
    height = label.sizeHint().height()
    assert height == label.minimumSizeHint().height()
    assert height >= 2 * label.fontMetrics().lineSpacing()
    assert label.minimumSizeHint().width() < 100  # never widens its layout
    label.set_max_lines(1)
    assert len(label.lines()) == 1 and label.sizeHint().height() < height


def _every_screen(window: MainWindow) -> Iterator[str]:
    """Shows the library, then every stage (Decide's action items too); yields each one's name."""
    window.show_library()
    yield "library"
    session = window.session
    assert session is not None
    window.open_workshop(session.workshop_id)
    for stage in window.stages:
        window.go_to_stage(stage.key)
        yield stage.key
        if isinstance(stage, DecideStage):
            stage.tabs.setCurrentIndex(ACTIONS_TAB)
            yield "decide, action items"
            stage.tabs.setCurrentIndex(DECISIONS_TAB)


def _settled() -> None:
    for _ in range(3):  # a text-size change relays out in a few passes (wrapping, then heights)
        QApplication.processEvents()


#: Where a layout still gives way, with what remains to do: these run, and must keep failing.
STILL_GIVING_WAY: dict[tuple[int, int, float], str] = {}


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5])
@pytest.mark.parametrize("size", [(1366, 768), (1024, 640)])
def test_every_stage_holds_at_every_text_size(
    qtbot: QtBot,
    library: Library,
    demo_id: str,
    tmp_path: Path,
    size: tuple[int, int],
    scale: float,
    request: pytest.FixtureRequest,
) -> None:
    """The demo workshop, text made larger while the window is open (as Ctrl++ does): on every
    screen nothing reaches outside its parent, nothing scrolls sideways, no label, button, field
    or table header is cut, and what is shortened says so with "…" and a tooltip."""
    reason = STILL_GIVING_WAY.get((*size, scale))
    if reason:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.0)
        window = _open(qtbot, library, tmp_path, demo_id, "setup", size)
        if scale != 1.0:
            for _ in _every_screen(window):  # every stage built at the usual size first
                pass
            apply_theme(app, "light", scale)
        problems = {}
        for screen in _every_screen(window):
            _settled()
            if isinstance(stage := window.current_stage(), ExportStage):
                # The preview is built in another process: judge the page once it shows, as
                # the facilitator sees it, however busy the machine is.
                qtbot.waitUntil(stage.preview.has_pages, timeout=60_000)
                qtbot.waitUntil(lambda s=stage: not s.preview.redraw_timer.isActive())
                _settled()  # the caption's new text relays out on the next turn of the loop
            assert (window.width(), window.height()) == size
            if found := layout_problems(window):
                problems[screen] = found
        assert problems == {}


def _gap(rect: QRectF, point: QPointF) -> float:
    """How far a point is from a rectangle (0 inside it)."""
    dx = max(rect.left() - point.x(), 0.0, point.x() - rect.right())
    dy = max(rect.top() - point.y(), 0.0, point.y() - rect.bottom())
    return math.hypot(dx, dy)


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_chart_labels_sit_by_their_own_dots_at_every_text_size(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path, scale: float
) -> None:
    """Regression: with larger text a label that found no room beside its dot went below it,
    across the next dot, and read as that dot's label."""
    from workshop_app.ui.stages.align.page import CHART_TAB, AlignStage

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.0)
        window = _open(qtbot, library, tmp_path, demo_id, "align", (1366, 768))
        stage = window.current_stage()
        assert isinstance(stage, AlignStage)
        stage.tabs.setCurrentIndex(CHART_TAB)
        apply_theme(app, "light", scale)
        _settled()
        chart = stage.chart_page.chart
        places = chart.label_places()
        assert len(places) >= 2  # the demo's needs are labelled, not just numbered
        centres = {p.need_id: chart.centre_of(p) for p in chart.points}
        for point, spot, _label in places:
            own = _gap(spot, centres[point.need_id])
            nearest = min(_gap(spot, c) for i, c in centres.items() if i != point.need_id)
            assert own < nearest, point.rank
        spots = [spot for _p, spot, _l in places]
        for i, first in enumerate(spots):
            assert not any(first.intersects(second) for second in spots[i + 1 :])


def test_a_wrapped_row_gives_its_second_line_the_whole_width(qtbot: QtBot) -> None:
    """Regression: on two lines the empty columns' spacing was taken from the second line, so
    "I agree, with a reservation" was cut by 40 px at the width the row said it needed."""
    from PySide6.QtWidgets import QRadioButton

    from workshop_app.ui.widgets.wrap_row import WrapRow

    short, long = QRadioButton("I agree"), QRadioButton("I agree, with a reservation")
    row = WrapRow(short, [long], 20, fill_first=False)
    holder = QWidget()  # a window of its own would grow to its one-line width
    qtbot.addWidget(holder)
    row.setParent(holder)
    row.setGeometry(0, 0, row.minimumSizeHint().width(), 100)
    holder.resize(600, 200)
    holder.show()
    qtbot.waitUntil(lambda: row.lines == 2)
    row.grid.activate()
    assert long.width() >= long.sizeHint().width()


def test_signing_fits_beside_the_tabs_on_the_smallest_window_with_larger_text(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """Regression: at 1024×640 with text at 1.25× the signing card kept its full width and ran
    off the right edge of the window, its Sign button out of reach."""
    from workshop_app.ui.stages.signoff.page import SignoffStage

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.25)
        window = _open(qtbot, library, tmp_path, demo_id, "signoff", (1024, 640))
        stage = window.current_stage()
        assert isinstance(stage, SignoffStage)
        _settled()
        qtbot.waitUntil(stage.narrow_tabs.isVisible)
        assert stage.rect().contains(_rect_in(stage.card, stage))
        assert layout_problems(stage) == []


def test_the_decision_form_stacks_on_a_narrow_card_and_spreads_out_again(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """Regression: at 1024×640 with text at 1.25× the card kept Why beside owner, next step and
    due date, was wider than its scroll area and was cut off at the right."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.25)
        window = _open(qtbot, library, tmp_path, demo_id, "decide", (1024, 640))
        stage = window.current_stage()
        assert isinstance(stage, DecideStage)
        _settled()
        assert layout_problems(stage) == []
        assert stage.card.narrow
        assert stage.card.width() <= stage.card_scroll.viewport().width()
        window.resize(1366, 768)
        qtbot.waitUntil(lambda: not stage.card.narrow)
        _settled()
        assert layout_problems(stage) == []


def test_the_probing_questions_go_above_their_fields_on_a_narrow_panel(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """Regression: at 1024×640 with text at 1.25× each question kept its column beside its field
    and the answers ("Serves it? Yes · Partly · No") kept one line, so the probing panel was
    wider than its scroll area and cut off at the right."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.25)
        window = _open(qtbot, library, tmp_path, demo_id, "needs", (1024, 640))
        stage = window.current_stage()
        assert isinstance(stage, NeedsStage)
        _settled()
        assert layout_problems(stage) == []
        assert stage.panel.stacked
        window.resize(1366, 768)
        qtbot.waitUntil(lambda: not stage.panel.stacked)
        _settled()
        assert layout_problems(stage) == []


def test_the_decide_key_hint_steps_aside_when_the_request_list_is_short(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """Regression: at 1024×640 with text at 1.5× the key hint under the request list was cut
    and left the list about one row; the hint stays the list's tooltip."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.5)
        window = _open(qtbot, library, tmp_path, demo_id, "decide", (1024, 640))
        stage = window.current_stage()
        assert isinstance(stage, DecideStage)
        _settled()
        assert layout_problems(stage) == []
        assert not stage.keys_hint.isVisible() and stage.list.toolTip() == stage.keys_hint.text()
        apply_theme(app, "light", 1.0)
        window.resize(1366, 768)
        qtbot.waitUntil(stage.keys_hint.isVisible)


def test_the_alignment_matrix_takes_the_height_and_never_scrolls_sideways(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """Regression: at 1366×768 with text at 1.5× the matrix showed its header and about one
    row, the explanation and the hints took the rest; at 1024×640 with 1.25× the five goals
    scrolled sideways."""
    from workshop_app.ui.stages.align.page import AlignStage

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.5)
        window = _open(qtbot, library, tmp_path, demo_id, "align", (1366, 768))
        stage = window.current_stage()
        assert isinstance(stage, AlignStage)
        _settled()
        matrix, model = stage.matrix, stage.matrix_model
        qtbot.waitUntil(lambda: not stage.keys_hint.isVisible())
        assert matrix.toolTip() == stage.keys_hint.text()  # the hint stays, as a tooltip
        rows_shown = sum(
            1
            for row in range(model.rowCount())
            if matrix.rowViewportPosition(row) + matrix.rowHeight(row) <= matrix.viewport().height()
        )
        assert rows_shown >= 2
        assert stage.why_scroll.height() <= stage.why_scroll.parentWidget().height() * 0.4
        assert layout_problems(stage) == []
        header = str(model.headerData(1, Qt.Orientation.Horizontal))
        assert header.endswith("weight 5") and len(header.split("\n")) <= 3
        apply_theme(app, "light", 1.25)
        window.resize(1024, 640)
        qtbot.waitUntil(lambda: window.width() == 1024)
        _settled()
        qtbot.waitUntil(lambda: not matrix._relayout.isActive())
        _settled()
        assert matrix.horizontalScrollBar().maximum() == 0
        assert layout_problems(stage) == []
        apply_theme(app, "light", 1.0)
        window.resize(1366, 768)
        qtbot.waitUntil(stage.keys_hint.isVisible)
        assert matrix.toolTip() == ""
