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

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=kw.pop("parent", body), **kw)

    s = {
        "body": body,
        "body_bold": derive("body_bold", fontName=fonts.SANS_BOLD, textColor=INK),
        "lead": derive("lead", fontSize=10.5, leading=16, textColor=INK),
        "small": derive("small", fontSize=7.8, leading=10.8, textColor=MUTED),
        "small_bold": derive(
            "small_bold", fontName=fonts.SANS_BOLD, fontSize=7.8, leading=10.8, textColor=TEXT
        ),
        "cell": derive("cell", fontSize=8.4, leading=11.6),
        "cell_bold": derive(
            "cell_bold", fontName=fonts.SANS_BOLD, fontSize=8.4, leading=11.6, textColor=INK
        ),
        "cell_right": derive("cell_right", fontSize=8.4, leading=11.6, alignment=TA_RIGHT),
        "cell_center": derive("cell_center", fontSize=8.4, leading=11.6, alignment=TA_CENTER),
        "cell_muted": derive("cell_muted", fontSize=8.4, leading=11.6, textColor=MUTED),
        "th": derive("th", fontName=fonts.SANS_BOLD, fontSize=7.4, leading=10, textColor=MUTED),
        "th_right": derive(
            "th_right",
            fontName=fonts.SANS_BOLD,
            fontSize=7.4,
            leading=10,
            textColor=MUTED,
            alignment=TA_RIGHT,
        ),
        "th_center": derive(
            "th_center",
            fontName=fonts.SANS_BOLD,
            fontSize=7.4,
            leading=10,
            textColor=MUTED,
            alignment=TA_CENTER,
        ),
        "label": derive(
            "label", fontName=fonts.SANS_BOLD, fontSize=7.4, leading=11.6, textColor=MUTED
        ),
        "dash": derive("dash", textColor=FAINT),
        "cell_dash": derive("cell_dash", fontSize=8.4, leading=11.6, textColor=FAINT),
        "h1": derive(
            "h1",
            fontName=fonts.SANS_BOLD,
            fontSize=17,
            leading=22,
            textColor=ACCENT,
            spaceAfter=4,
        ),
        "h2": derive(
            "h2",
            fontName=fonts.SANS_BOLD,
            fontSize=12,
            leading=16,
            textColor=INK,
            spaceBefore=14,
            spaceAfter=6,
        ),
        "h3": derive(
            "h3",
            fontName=fonts.SANS_BOLD,
            fontSize=9.6,
            leading=13,
            textColor=INK,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "eyebrow": derive(
            "eyebrow",
            fontName=fonts.SANS_BOLD,
            fontSize=7.6,
            leading=10,
            textColor=ACCENT,
            spaceAfter=2,
        ),
        "quote": derive(
            "quote",
            fontName=fonts.SANS_ITALIC,
            fontSize=12.5,
            leading=17.5,
            textColor=INK,
        ),
        "need": derive(
            "need", fontName=fonts.SANS_BOLD, fontSize=10.2, leading=14.5, textColor=INK
        ),
        "cover_title": derive(
            "cover_title",
            fontName=fonts.SANS_BOLD,
            fontSize=25,
            leading=31,
            textColor=INK,
            alignment=TA_LEFT,
        ),
        "cover_sub": derive("cover_sub", fontSize=13, leading=18, textColor=MUTED),
        "kpi_number": derive(
            "kpi_number",
            fontName=fonts.SANS_BOLD,
            fontSize=19,
            leading=22,
            textColor=ACCENT,
            alignment=TA_LEFT,
        ),
        "kpi_label": derive("kpi_label", fontSize=7.4, leading=9.6, textColor=MUTED),
        "attention": derive("attention", textColor=AMBER),
        "attention_bold": derive("attention_bold", fontName=fonts.SANS_BOLD, textColor=AMBER),
    }
    return s
