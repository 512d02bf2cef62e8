"""Pages of the summary PDF: templates, header, footer with "page x of y", the DRAFT marking and
the area reserved on the last page for a digital signature."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from copy import copy, deepcopy
from dataclasses import dataclass
from functools import lru_cache, partial
from operator import itemgetter
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from workshop_app.report import fonts, text
from workshop_app.report import theme as t

#: Where a digital signature's visible block goes: on the last page (index -1), this rectangle
#: (x1, y1, x2, y2 in PDF points from the bottom-left corner). The sign-off pages keep it free.
SIGNATURE_PAGE = -1
_SIG_WIDTH = 84 * mm
_SIG_HEIGHT = 30 * mm
_SIG_X2 = t.PAGE_WIDTH - t.MARGIN_RIGHT
_SIG_Y1 = t.MARGIN_BOTTOM + 2 * mm
_SIGNATURE_BOX = (_SIG_X2 - _SIG_WIDTH, _SIG_Y1, _SIG_X2, _SIG_Y1 + _SIG_HEIGHT)
#: The band at the bottom of every sign-off page kept free for the signature block and its note.
SIGNOFF_BAND = _SIG_HEIGHT + 16 * mm


def signature_box() -> tuple[float, float, float, float]:
    """The rectangle (x1, y1, x2, y2, points) reserved for a visible digital signature.

    It is on the last page of every summary (`SIGNATURE_PAGE`), which is always a sign-off page,
    so pyHanko can stamp there with ``SigFieldSpec(..., on_page=-1, box=signature_box())``.
    """
    return _SIGNATURE_BOX


@dataclass(frozen=True)
class Decoration:
    """What every page shows around the content."""

    header_title: str  # plain text, already in visual order (text.plain)
    footer_note: str  # e.g. "Document digest SHA-256 …"
    draft: bool
    status_tag: str  # shown in the header when not a draft, e.g. "Signed off · revision 2"
    signature_caption: str = ""
    signature_note: str = ""


#: Operators a flowable drew on a canvas, by a key the flowable chooses, for flowables that draw
#: the same operators every time (see `reuse.SharedParagraph.draw`).
DrawnMemo = dict[Hashable, list[str]]


#: The attributes a canvas saves with its graphics state (`saveState`), and a getter of their
#: values in that order.
_STATE_NAMES = tuple(Canvas.STATE_ATTRIBUTES)
_STATE_VALUES = itemgetter(*_STATE_NAMES)


class _DeferredCanvas(Canvas):
    """Keeps every page until the end so header and footer can say "page x of y"."""

    def __init__(
        self,
        *args: Any,
        decoration: Decoration,
        finish: Callable[[Canvas], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._decoration = decoration
        self._finish = finish
        self.drawn: DrawnMemo = {}  # for this document only: font codes differ between documents
        self._saved_pages: list[dict[str, Any]] = []
        self.signoff_page = False
        self.cover_page = False

    # A saved graphics state as a tuple of the state's values rather than a dict of them: a
    # summary saves and restores it for every flowable and table cell it draws.
    def push_state_stack(self) -> None:
        state = self.__dict__
        self.state_stack.append(_STATE_VALUES(state))
        state["_extgstate"] = state["_extgstate"].pushCopy()

    def pop_state_stack(self) -> None:
        self.__dict__.update(zip(_STATE_NAMES, self.state_stack.pop(), strict=True))

    def showPage(self) -> None:
        code: list[str] = self._code
        if len(code) > 1:
            # One string per page instead of thousands of small ones while every page waits for
            # the total (hundreds of pages for a large workshop): the page's stream joins them
            # with newlines all the same.
            self._code: list[str] = ["\n".join(code)]
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()
        self.signoff_page = False
        self.cover_page = False

    def drawText(self, text_object: Any) -> None:
        super().drawText(text_object)
        # A paragraph of several fragments draws through a text object that holds a method
        # bound to itself: a cycle that only the garbage collector would free, with the lines
        # it drew (a few milliseconds of its time at 50 requests). Nothing uses it once drawn.
        text_object.__dict__.pop("_do_line", None)

    def save(self) -> None:
        pages, self._saved_pages = self._saved_pages, []
        total = len(pages)
        pages.reverse()
        drawn: DrawnMemo = {}  # what every page repeats around its number, drawn once
        for number in range(1, total + 1):
            # Each page's state is let go once the document holds the page: a summary of
            # hundreds of pages would otherwise be held twice until the file is written.
            self.__dict__.update(pages.pop())
            _decorate(self, self._decoration, number, total, drawn)
            super().showPage()
        if self._finish is not None:
            self._finish(self)
        super().save()


def canvas_maker(
    decoration: Decoration, finish: Callable[[Canvas], None] | None = None
) -> Callable[..., Canvas]:
    """Canvases that decorate every page; `finish` gets the canvas just before it saves."""
    return partial(_DeferredCanvas, decoration=decoration, finish=finish)


_FOOTER_BASELINE = 13 * mm


def _decorate(c: Canvas, d: Decoration, number: int, total: int, drawn: DrawnMemo) -> None:
    """Header and footer around a page's content; `drawn` keeps the operators of what every
    page of a kind (the cover, the others) draws the same, to repeat them."""
    c.saveState()
    cover = bool(getattr(c, "cover_page", False))
    # The one piece of canvas state the operators depend on: the transparency in force.
    key = (cover, c._extgstate.getValue("ca"), c._extgstate.getValue("CA"))
    code: list[str] = c._code
    repeated = drawn.get(key)
    if repeated is None:
        start = len(code)
        _frame(c, d, cover)
        if not any(op.endswith(" gs") for op in code[start:]):  # a resource of the page
            drawn[key] = code[start:]
    else:
        code.extend(repeated)
    c.setFont(fonts.SANS_BOLD, 7.4)
    c.setFillColor(t.TEXT)
    right = t.PAGE_WIDTH - t.MARGIN_RIGHT
    c.drawRightString(right, _FOOTER_BASELINE, f"Page {number} of {total}")
    if number == total and getattr(c, "signoff_page", False):
        _signature_area(c, d)
    c.restoreState()


def _frame(c: Canvas, d: Decoration, cover: bool) -> None:
    """What a page shows around its number: the workshop title on the left of the header
    (not on the cover), the status tag on its right; the document digest in the footer, each
    under or over a hairline."""
    left, right = t.MARGIN_LEFT, t.PAGE_WIDTH - t.MARGIN_RIGHT
    top = t.PAGE_HEIGHT - 14 * mm
    _status_tag(c, d, right, top)
    if not cover:
        c.setFillColor(t.MUTED)
        text.draw_runs(c, left, top, _header_runs(d), 7.8)
        c.setStrokeColor(t.RULE)
        c.setLineWidth(0.5)
        c.line(left, top - 4 * mm, right, top - 4 * mm)
    bottom = _FOOTER_BASELINE
    c.setStrokeColor(t.RULE)
    c.setLineWidth(0.5)
    c.line(left, bottom + 4.2 * mm, right, bottom + 4.2 * mm)
    c.setFont(fonts.SANS, 6.6)
    c.setFillColor(t.MUTED)
    c.drawString(left, bottom, d.footer_note)


@lru_cache(maxsize=16)
def _header_runs(d: Decoration) -> tuple[tuple[str, str], ...]:
    """The header title, shortened to fit beside the status tag, as (font, text) runs: the same
    on every page, so worked out once per summary."""
    width = t.PAGE_WIDTH - t.MARGIN_RIGHT - t.MARGIN_LEFT - _tag_width(d) - 8 * mm
    return tuple(text.runs(_fit(d.header_title, 7.8, width), fonts.SANS))


def _tag_text(d: Decoration) -> str:
    return "DRAFT" if d.draft else d.status_tag


def _tag_width(d: Decoration) -> float:
    tag = _tag_text(d)
    return stringWidth(tag, fonts.SANS_BOLD, 7.4) + 5 * mm if tag else 0.0


def _status_tag(c: Canvas, d: Decoration, right: float, baseline: float) -> None:
    """The DRAFT tag (amber) or the status (accent) at the top right."""
    text = _tag_text(d)
    if not text:
        return
    size = 7.4
    width = _tag_width(d)
    height = 5.2 * mm
    x, y = right - width, baseline - 1.6 * mm
    colour = t.AMBER if d.draft else t.ACCENT
    c.setFillColor(t.AMBER_FILL if d.draft else t.ACCENT_LIGHT)
    c.setStrokeColor(t.AMBER_RULE if d.draft else t.ACCENT_MID)
    c.setLineWidth(0.6)
    c.roundRect(x, y, width, height, 1.2 * mm, stroke=1, fill=1)
    c.setFillColor(colour)
    c.setFont(fonts.SANS_BOLD, size)
    c.drawCentredString(x + width / 2, y + 1.75 * mm, text)


def draw_watermark(c: Canvas) -> None:
    """A large diagonal DRAFT behind the content of a page."""
    c.saveState()
    c.setFillColor(t.AMBER)
    c.setFillAlpha(0.075)
    c.setFont(fonts.SANS_BOLD, 118)
    c.translate(t.PAGE_WIDTH / 2, t.PAGE_HEIGHT / 2)
    c.rotate(52)
    c.drawCentredString(0, -40, "DRAFT")
    c.restoreState()


def _signature_area(c: Canvas, d: Decoration) -> None:
    """The reserved rectangle, framed when a signature will be stamped; the note beside it."""
    x1, y1, x2, y2 = _SIGNATURE_BOX
    if d.signature_caption:
        c.setFillColor(t.FILL)
        c.setStrokeColor(t.FAINT)
        c.setLineWidth(0.6)
        c.setDash(2, 2)
        c.roundRect(x1, y1, x2 - x1, y2 - y1, 1.5 * mm, stroke=1, fill=1)
        c.setDash()
        c.setFont(fonts.SANS_BOLD, 7.4)
        c.setFillColor(t.MUTED)
        c.drawString(x1, y2 + 2.4 * mm, d.signature_caption)
    if d.signature_note:
        text = c.beginText(t.MARGIN_LEFT, y2 - 1 * mm)
        text.setFont(fonts.SANS, 7.4, 10.4)
        text.setFillColor(t.MUTED)
        for line in d.signature_note.split("\n"):
            text.textLine(line)
        c.drawText(text)


def _fit(value: str, size: float, width: float) -> str:
    """The string shortened with an ellipsis so that it fits the width."""
    if text.text_width(value, fonts.SANS, size) <= width:
        return value
    low, high = 0, len(value)
    while low < high:  # the longest prefix that fits, found by bisection
        mid = (low + high + 1) // 2
        if text.text_width(value[:mid] + "…", fonts.SANS, size) <= width:
            low = mid
        else:
            high = mid - 1
    return value[:low].rstrip() + "…"


class _Frame(Frame):
    """A frame whose deep copy copies only what is not a plain value.

    Platypus deep-copies the frame each time it measures a group kept together (a request's
    heading with its need, a decision), so that what the measuring adds to the frame stays on
    the copy; a frame holds numbers and strings, plus a list of backgrounds. Copying only the
    list gives the same copy, without walking every number."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Frame:
        clone = copy(self)
        for name, value in self.__dict__.items():
            if not isinstance(value, _PLAIN):
                clone.__dict__[name] = deepcopy(value, memo)
        return clone


_PLAIN = (int, float, str, bool, type(None))


class SummaryDocTemplate(BaseDocTemplate):
    """Three page kinds: the cover, ordinary pages, and sign-off pages with a reserved band."""

    def __init__(self, buffer: Any, *, draft: bool, **kwargs: Any) -> None:
        super().__init__(
            buffer,
            pagesize=(t.PAGE_WIDTH, t.PAGE_HEIGHT),
            leftMargin=t.MARGIN_LEFT,
            rightMargin=t.MARGIN_RIGHT,
            topMargin=t.MARGIN_TOP,
            bottomMargin=t.MARGIN_BOTTOM,
            invariant=1,
            # reportlab otherwise opens every page with Helvetica selected, a font it does not
            # embed; starting in the bundled font means no unembedded font is referenced.
            initialFontName=fonts.SANS,
            **kwargs,
        )
        self._draft = draft
        width = t.CONTENT_WIDTH
        height = t.PAGE_HEIGHT - t.MARGIN_TOP - t.MARGIN_BOTTOM
        pad = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
        cover_frame = _Frame(
            t.MARGIN_LEFT, t.MARGIN_BOTTOM, width, height + 6 * mm, id="cover", **pad
        )
        body_frame = _Frame(t.MARGIN_LEFT, t.MARGIN_BOTTOM, width, height, id="body", **pad)
        signoff_frame = _Frame(
            t.MARGIN_LEFT,
            t.MARGIN_BOTTOM + SIGNOFF_BAND,
            width,
            height - SIGNOFF_BAND,
            id="signoff",
            **pad,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [cover_frame], onPage=self._on_cover),
                PageTemplate("body", [body_frame], onPage=self._on_page),
                PageTemplate("signoff", [signoff_frame], onPage=self._on_signoff),
            ]
        )

    def _on_page(self, c: Canvas, _doc: Any) -> None:
        if self._draft:
            draw_watermark(c)

    def _on_cover(self, c: Canvas, doc: Any) -> None:
        c.cover_page = True
        self._on_page(c, doc)

    def _on_signoff(self, c: Canvas, doc: Any) -> None:
        c.signoff_page = True
        self._on_page(c, doc)
