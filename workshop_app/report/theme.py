"""The look of the summary PDF: one accent colour, neutral greys, amber only for attention."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from workshop_app.report import fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 27 * mm
MARGIN_BOTTOM = 24 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

ACCENT = colors.HexColor("#1F4E79")  # deep blue: headings, rules, chart marks
ACCENT_LIGHT = colors.HexColor("#E8EEF5")
ACCENT_MID = colors.HexColor("#9DB3CC")
INK = colors.HexColor("#1F2328")
TEXT = colors.HexColor("#33383F")
MUTED = colors.HexColor("#6B7280")
FAINT = colors.HexColor("#9CA3AF")
RULE = colors.HexColor("#D6DAE0")
FILL = colors.HexColor("#F4F5F7")
WHITE = colors.white
AMBER = colors.HexColor("#B45309")  # attention text and marks
AMBER_FILL = colors.HexColor("#FEF3E2")
AMBER_RULE = colors.HexColor("#F0B45A")

BODY_SIZE = 9.2
BODY_LEADING = 13.6


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The summary's paragraph styles by name, all derived from "body"."""
    fonts.register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=fonts.SANS,
        fontSize=BODY_SIZE,
        leading=BODY_LEADING,
        textColor=TEXT,
        splitLongWords=1,
        spaceAfter=0,
    )
    return {
        "body": body,
        **_text_styles(body),
        **_table_styles(body),
        **_heading_styles(body),
        **_display_styles(body),
    }


def _derive(parent: ParagraphStyle, name: str, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(name, parent=parent, **kw)


def _named(*derived: ParagraphStyle) -> dict[str, ParagraphStyle]:
    return {style.name: style for style in derived}


def _text_styles(body: ParagraphStyle) -> dict[str, ParagraphStyle]:
    """Running text: bold, the lead, small print, dashes for empty values, attention."""
    return _named(
        _derive(body, "body_bold", fontName=fonts.SANS_BOLD, textColor=INK),
        _derive(body, "lead", fontSize=10.5, leading=16, textColor=INK),
        _derive(body, "small", fontSize=7.8, leading=10.8, textColor=MUTED),
        _derive(
            body, "small_bold", fontName=fonts.SANS_BOLD, fontSize=7.8, leading=10.8, textColor=TEXT
        ),
        _derive(body, "dash", textColor=FAINT),
        _derive(body, "attention", textColor=AMBER),
        _derive(body, "attention_bold", fontName=fonts.SANS_BOLD, textColor=AMBER),
    )


def _table_styles(body: ParagraphStyle) -> dict[str, ParagraphStyle]:
    """Table cells and headers, and the labels of label and value pairs."""
    cell = _derive(body, "cell", fontSize=8.4, leading=11.6)
    th = _derive(body, "th", fontName=fonts.SANS_BOLD, fontSize=7.4, leading=10, textColor=MUTED)
    return _named(
        cell,
        _derive(cell, "cell_bold", fontName=fonts.SANS_BOLD, textColor=INK),
        _derive(cell, "cell_right", alignment=TA_RIGHT),
        _derive(cell, "cell_center", alignment=TA_CENTER),
        _derive(cell, "cell_muted", textColor=MUTED),
        _derive(cell, "cell_dash", textColor=FAINT),
        th,
        _derive(th, "th_right", alignment=TA_RIGHT),
        _derive(th, "th_center", alignment=TA_CENTER),
        _derive(th, "label", leading=11.6),
    )


def _heading_styles(body: ParagraphStyle) -> dict[str, ParagraphStyle]:
    bold = _derive(body, "heading", fontName=fonts.SANS_BOLD)
    return _named(
        _derive(bold, "h1", fontSize=17, leading=22, textColor=ACCENT, spaceAfter=4),
        _derive(bold, "h2", fontSize=12, leading=16, textColor=INK, spaceBefore=14, spaceAfter=6),
        _derive(bold, "h3", fontSize=9.6, leading=13, textColor=INK, spaceBefore=10, spaceAfter=4),
        _derive(bold, "eyebrow", fontSize=7.6, leading=10, textColor=ACCENT, spaceAfter=2),
    )


def _display_styles(body: ParagraphStyle) -> dict[str, ParagraphStyle]:
    """The larger type: the request's quote, the need, the cover and the number tiles."""
    return _named(
        _derive(
            body, "quote", fontName=fonts.SANS_ITALIC, fontSize=12.5, leading=17.5, textColor=INK
        ),
        _derive(body, "need", fontName=fonts.SANS_BOLD, fontSize=10.2, leading=14.5, textColor=INK),
        _derive(
            body,
            "cover_title",
            fontName=fonts.SANS_BOLD,
            fontSize=25,
            leading=31,
            textColor=INK,
            alignment=TA_LEFT,
        ),
        _derive(body, "cover_sub", fontSize=13, leading=18, textColor=MUTED),
        _derive(
            body,
            "kpi_number",
            fontName=fonts.SANS_BOLD,
            fontSize=19,
            leading=22,
            textColor=ACCENT,
            alignment=TA_LEFT,
        ),
        _derive(body, "kpi_label", fontSize=7.4, leading=9.6, textColor=MUTED),
    )
