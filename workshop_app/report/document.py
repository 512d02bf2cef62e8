"""The summary as a story of platypus flowables, section by section, in the method's own terms.

Every user string goes through `text.markup` (escaping, font fallback, right-to-left order)
before it becomes a Paragraph; empty values become a quiet dash.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    FrameActionFlowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workshop_app import collector
from workshop_app.core import model as m
from workshop_app.core.interchange import content_digest, document_digest
from workshop_app.core.scoring import (
    AlignmentResult,
    Priority,
    alignment,
    need_quadrant,
    phase_flag_text,
    phase_misaligned,
    priority,
    value_points,
)
from workshop_app.report import charts, fonts, howto, layout
from workshop_app.report import theme as t
from workshop_app.report.text import DASH, clean, markup, plain

#: Charts stay readable up to these sizes; larger workshops chart their top needs and goals.
MAX_CHART_NEEDS = 30
MAX_CHART_GOALS = 20
MAX_QUADRANT_NEEDS = 14

_PHASE_MEANING = {
    m.Phase.RUN: "Run: keeping systems reliable. The business sees IT as a commodity; "
    "basics come before new projects.",
    m.Phase.DELIVER: "Deliver: new projects on time and on budget. The business sees IT as a "
    "valued partner.",
    m.Phase.INNOVATE: "Innovate: bringing new value to the company. The business sees IT as a "
    "trusted advisor.",
}
_DECISION_PHRASES = {
    m.DecisionKind.PROCEED: "{n} proceed{s_verb} as asked",
    m.DecisionKind.RESHAPE: "{n} {is_are} reshaped to serve the need another way",
    m.DecisionKind.DEFER: "{n} {is_are} deferred",
    m.DecisionKind.DECLINE: "{n} {is_are} declined",
    m.DecisionKind.NEEDS_INFORMATION: "{n} need{s_verb} more information",
}


@dataclass
class Context:
    """Everything computed once per export and shared by the sections."""

    ws: m.Workshop
    digest: str  # what participants sign (the content)
    signature_block: bool
    audit_lines: list[str] | None
    need_codes: dict[str, str] = field(default_factory=dict)
    goal_codes: dict[str, str] = field(default_factory=dict)
    request_numbers: dict[str, int] = field(default_factory=dict)
    alignments: dict[str, AlignmentResult] = field(default_factory=dict)
    priorities: dict[str, Priority] = field(default_factory=dict)
    ranked: list[m.Need] = field(default_factory=list)
    document_digest: str = ""  # content and sign-off record: printed on every page
    fingerprint: str = ""  # the signer's certificate SHA-256, when the export is signed

    @classmethod
    def of(
        cls,
        ws: m.Workshop,
        *,
        signature_block: bool,
        audit_lines: list[str] | None,
        fingerprint: str = "",
    ) -> Context:
        # A signed-off summary is always digitally signed, so it always has room for the stamp.
        signature_block = signature_block or ws.status is m.Status.SIGNED_OFF
        ctx = cls(ws, content_digest(ws), signature_block, audit_lines)
        ctx.document_digest = document_digest(ws)
        ctx.fingerprint = fingerprint
        ctx.need_codes = {n.id: f"N{i}" for i, n in enumerate(ws.needs, start=1)}
        ctx.goal_codes = {g.id: f"G{i}" for i, g in enumerate(ws.goals, start=1)}
        ctx.request_numbers = {r.id: i for i, r in enumerate(ws.requests, start=1)}
        ctx.alignments = {n.id: alignment(ws, n) for n in ws.needs}
        ctx.priorities = {n.id: priority(ws, n) for n in ws.needs}
        ctx.ranked = sorted(ws.needs, key=lambda n: -ctx.priorities[n.id].score)
        return ctx

    @property
    def draft(self) -> bool:
        return self.ws.status is not m.Status.SIGNED_OFF


# -- the whole document ----------------------------------------------------------------------


def render(
    ws: m.Workshop,
    *,
    signature_block: bool = False,
    audit_lines: list[str] | None = None,
    finish: Callable[[Canvas], None] | None = None,
    fingerprint: str = "",
) -> bytes:
    """The summary PDF as reportlab writes it; `finish` gets the canvas just before it saves
    (`export.build_pdf` attaches the workshop JSON there). `fingerprint` is the signer's
    certificate SHA-256, printed in full on the sign-off page of a signed export."""
    fonts.register_fonts()
    ctx = Context.of(
        ws, signature_block=signature_block, audit_lines=audit_lines, fingerprint=fingerprint
    )
    buffer = io.BytesIO()
    doc = layout.SummaryDocTemplate(
        buffer,
        draft=ctx.draft,
        title=clean(ws.title),
        author=clean(ws.facilitator),
        subject=_subject(ws),
        creator="Workshop App",
        keywords="",
    )
    story: list[Flowable] = []
    story += cover(ctx)
    story += [NextPageTemplate("body"), PageBreak()]
    story += executive_summary(ctx)
    story += [PageBreak()]
    story += goals_section(ctx)
    story += glance_section(ctx)
    story += [PageBreak()]
    story += requests_section(ctx)
    story += loose_needs_section(ctx)
    story += actions_section(ctx)
    if audit_lines is not None:
        story += appendix_section(ctx)
    story += [NextPageTemplate("signoff"), PageBreak()]
    story += signoff_section(ctx)
    build(doc, story, layout.canvas_maker(_decoration(ctx), finish))
    return buffer.getvalue()


def build(doc: Any, story: list[Flowable], canvasmaker: Any) -> None:
    """Lay out and write a document, then forget the paragraphs it shared (`clear_caches`).

    The garbage collector pauses meanwhile (`workshop_app.collector`): a build allocates
    hundreds of thousands of short-lived objects, which would set off full collections that walk
    everything the app holds, for next to nothing.
    """
    try:
        with collector.paused():
            doc.build(story, canvasmaker=canvasmaker)
    finally:
        clear_caches()


def _subject(ws: m.Workshop) -> str:
    parts = ["Workshop summary"]
    if ws.division.strip():
        parts.append(clean(ws.division))
    if ws.date:
        parts.append(ws.date)
    parts.append(f"revision {ws.revision}")
    return " · ".join(parts)


def _decoration(ctx: Context) -> layout.Decoration:
    ws = ctx.ws
    header = plain(ws.title) or "Workshop summary"
    if ws.division.strip():
        header += " · " + plain(ws.division)
    if ctx.signature_block:
        caption = "Digital signature"
        note = (
            "This summary carries a digital signature.\n"
            "Anyone can check that nothing changed since it\n"
            "was signed: workshop-app verify FILE.pdf"
        )
    else:
        caption = ""
        note = (
            "Draft: not signed off, so not digitally signed.\n"
            "The summary of the signed-off revision always\n"
            "carries a digital signature in this space."
        )
    return layout.Decoration(
        header_title=header,
        footer_note=f"Document digest SHA-256 {ctx.document_digest}",
        draft=ctx.draft,
        status_tag=f"SIGNED OFF · REVISION {ws.revision}",
        signature_caption=caption,
        signature_note=note,
    )


# -- small building blocks -------------------------------------------------------------------


def _s(name: str) -> Any:
    return t.styles()[name]


#: What Paragraph.wrap leaves on the paragraph (breaking a paragraph of several fragments also
#: turns its fragments into words); `_Paragraph` puts it back on a repeated wrap.
_WRAP_STATE = (
    "width",
    "height",
    "blPara",
    "frags",
    "_wrapWidths",
    "_width_max",
    "_splitLongWordCount",
    "_hyphenations",
)

_Parse = tuple[str, Any, list[Any], Any]
_Wrap = tuple[dict[str, Any], tuple[float, float]]

#: Parsed markup by (text, style), shared by the paragraphs of an export: a summary repeats the
#: same labels and headings hundreds of times. Emptied after each export (see `clear_caches`).
_parsed: dict[tuple[str, int], _Parse] = {}
#: Broken lines by (text, style, width), shared the same way: most repeated paragraphs are also
#: set at the same width (a table column, the frame), where they break into the same lines.
_broken: dict[tuple[str, int, float], _Wrap] = {}
_PARSED_LIMIT = 50_000
#: Paragraphs of more lines than this do not share their lines (see `_Paragraph.wrap`).
_SHARED_MAX_LINES = 4


def clear_caches() -> None:
    """Forget the parsed and broken paragraphs of the last export (`render` calls it)."""
    _parsed.clear()
    _broken.clear()


class _Paragraph(Paragraph):
    """A Paragraph that shares its parse, its line breaks and its drawing with the export's
    identical ones.

    Parsing, breaking into lines and drawing are most of an export's time. A summary repeats the
    same labels, headings and numbers hundreds of times, and platypus wraps the same paragraph
    several times at the same width (a table measures its cells, then splits, then measures
    again; KeepTogether measures before placing). Fragments depend only on the text and the
    style, lines only on those and the width, and the operators drawn only on the lines, so
    repeats reuse the first result: the same lines, the same bytes.

    Breaking and drawing only read the shared fragments and lines. Splitting a paragraph across
    pages edits them, so a paragraph about to split first breaks its own copy (`split`); long
    paragraphs, the ones that split, never share their lines.
    """

    _key: tuple[str, int] | None = None  # (text, style) for a parsed paragraph, else None
    _source: Sequence[Any] = ()  # the shared parsed fragments, copied before a split
    _shared = False  # whether the current line-break state is shared with other paragraphs
    _broken_key: tuple[str, int, float] | None = None  # the shared state's key in `_broken`

    def _setup(self, text: Any, style: Any, bullet_text: Any, frags: Any, cleaner: Any) -> None:
        if frags is not None or bullet_text is not None or not isinstance(text, str):
            super()._setup(text, style, bullet_text, frags, cleaner)
            return
        key = (text, id(style))
        hit = _parsed.get(key)
        if hit is None:
            super()._setup(text, style, bullet_text, frags, cleaner)
            if len(_parsed) >= _PARSED_LIMIT:
                clear_caches()
            hit = (self.text, self.style, [f.clone() for f in self.frags], self.bulletText)
            _parsed[key] = hit
        else:
            cleaned, parsed_style, parsed, bullet = hit
            # Shared until the paragraph is broken into lines (then it copies them, see wrap).
            super()._setup(cleaned, parsed_style, bullet, parsed, cleaner)
        self._key = key
        self._source = hit[2]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        own: dict[float, _Wrap] | None = self.__dict__.get("_own")
        if own is not None and avail_width in own:
            state, size = own[avail_width]
            self.__dict__.update(state)
            self._shared = False
            return size
        key = self._key
        if key is None:
            size = super().wrap(avail_width, avail_height)
            self._remember(avail_width, size)
            return size
        broken_key = (*key, avail_width)
        hit = _broken.get(broken_key)
        if hit is None:
            self.frags = [f.clone() for f in self._source]
            size = super().wrap(avail_width, avail_height)
            lines = getattr(self.__dict__.get("blPara"), "lines", ())
            if len(lines) > _SHARED_MAX_LINES or self.style.wordWrap == "RTL":
                # Long paragraphs are rarely repeated, and they are the ones that split across
                # pages; reportlab's own right-to-left drawing reverses the lines it draws.
                # They keep their lines to themselves.
                self._remember(avail_width, size)
                return size
            hit = ({n: self.__dict__[n] for n in _WRAP_STATE if n in self.__dict__}, size)
            if len(_broken) >= _PARSED_LIMIT:
                _broken.clear()
            _broken[broken_key] = hit
        state, size = hit
        self.__dict__.update(state)
        self._shared = True
        self._broken_key = broken_key
        return size

    def draw(self) -> None:
        # A paragraph that shares its lines draws the same operators as the others that share
        # them (drawing only reads them, and keeps the canvas state it found): the first one
        # draws, the others repeat its operators. A layout canvas keeps them for its document
        # (`layout.DrawnMemo`), since the fonts' character codes belong to the document.
        canvas = self.canv
        memo: layout.DrawnMemo | None = getattr(canvas, "drawn", None)
        if memo is None or not self._shared:
            super().draw()
            return
        # The one piece of canvas state drawing depends on: the fill transparency in force.
        key = (self._broken_key, canvas._extgstate.getValue("ca"))
        code: list[str] = canvas._code
        drawn = memo.get(key)
        if drawn is not None:
            code.extend(drawn)
            return
        start = len(code)
        super().draw()
        drawn = code[start:]
        # Not repeatable: a transparency change names a resource of the page, and links,
        # underlines, backgrounds and inline images add more than operators.
        if not any(op.endswith(" gs") for op in drawn) and _only_text(self.blPara):
            memo[key] = drawn

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self._shared:
            # Splitting edits the lines it splits; break this paragraph's own copy first, at the
            # width it was last wrapped at (what Paragraph.split works from).
            width = self.width if "blPara" in self.__dict__ else avail_width
            self.frags = [f.clone() for f in self._source]
            self._remember(width, Paragraph.wrap(self, width, avail_height))
        result: list[Flowable] = super().split(avail_width, avail_height)
        return result

    def _remember(self, width: float, size: tuple[float, float]) -> None:
        """Keep this line-break state as the paragraph's own (not shared)."""
        state = {n: self.__dict__[n] for n in _WRAP_STATE if n in self.__dict__}
        self.__dict__.setdefault("_own", {})[width] = (state, size)
        self._shared = False


def _only_text(lines: Any) -> bool:
    """Whether broken lines hold only text: no link, underline, strike, background or image."""
    frags = [lines] if lines.kind == 0 else [w for line in lines.lines for w in line.words]
    return not any(
        getattr(f, "link", None)
        or getattr(f, "us_lines", None)
        or getattr(f, "backColor", None)
        or hasattr(f, "cbDefn")
        for f in frags
    )


class _Table(Table):
    """A Table that measures its cells once per width.

    Platypus wraps a table several times at the same width: KeepTogether measures it, the frame
    measures it again to place it, and an enclosing table measures it once more while drawing.
    Those measurements are the same as long as the first one was complete (every row measured)
    and still fits: then the table keeps it instead of wrapping every cell again.
    """

    _measured: tuple[float, list[float]] | None = None  # (width, row positions) when complete

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        measured = self._measured
        if (
            measured is not None
            and measured[0] == avail_width
            and measured[1] is self.__dict__.get("_rowpositions")
            and self._height <= avail_height
        ):
            self.availWidth = avail_width
            return self._width, self._height
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        if self._hmax == len(self._cellvalues):  # every row measured, not cut short to fit
            self._measured = (avail_width, self._rowpositions)
        else:
            self._measured = None
        return size


def para(value: str | None, style: str = "body") -> Paragraph:
    """A user string as a Paragraph; empty becomes a quiet dash."""
    if value is None or not value.strip():
        return _Paragraph(DASH, _s("cell_dash" if style.startswith("cell") else "dash"))
    paragraph_style = _s(style)
    return _Paragraph(markup(value, paragraph_style.fontName), paragraph_style)


def rich(markup_text: str, style: str = "body") -> Paragraph:
    """A Paragraph from markup this module built (user parts already went through markup())."""
    return _Paragraph(markup_text, _s(style))


def _b(text: str) -> str:
    return f"<b>{text}</b>"


def _colour(text: str, colour: Any) -> str:
    return f'<font color="{colour.hexval()}">{text}</font>'


def _q(value: str, font: str = fonts.SANS) -> str:
    """A user string in typographic quotes, as markup for a paragraph set in `font`."""
    return f"“{markup(value, font)}”"


def columns(*widths: float | None, total: float = t.CONTENT_WIDTH) -> list[float]:
    """Column widths in which the one None column takes whatever the others leave."""
    rest = total - sum(w for w in widths if w is not None)
    return [rest if w is None else w for w in widths]


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    extra: Iterable[tuple[Any, ...]] = (),
) -> Table:
    """A data table: hairlines between rows, repeated header, rows that may split over pages."""
    tbl = _Table(
        [list(r) for r in rows],
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        splitInRow=1,
        hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, t.RULE),
    ]
    if header:
        commands += [
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, t.ACCENT),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 3.5),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ]
    commands += list(extra)
    tbl.setStyle(TableStyle(commands))
    return tbl


def facts(rows: Sequence[tuple[str, Flowable]], label_width: float = 38 * mm) -> Table:
    """Label and value pairs, aligned, without rules: the facts of a need or a decision."""
    tbl = _Table(
        [[rich(label, "label"), value] for label, value in rows],
        colWidths=[label_width, t.CONTENT_WIDTH - label_width],
        splitInRow=1,
        hAlign="LEFT",
    )
    tbl.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                # Labels are smaller than values: lower them so the baselines line up.
                ("TOPPADDING", (0, 0), (0, -1), 2.5 + t.BODY_SIZE - 7.4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return tbl


def callout(flowables: list[Flowable], *, attention: bool = False) -> Table:
    """A shaded box with a coloured bar on the left: amber when it asks for attention."""
    tbl = _Table([[flowables]], colWidths=[t.CONTENT_WIDTH], splitInRow=1, hAlign="LEFT")
    tbl.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), t.AMBER_FILL if attention else t.FILL),
                ("LINEBEFORE", (0, 0), (0, -1), 2.2, t.AMBER_RULE if attention else t.ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return tbl


def chip(label: str, *, attention: bool = False) -> Table:
    """A small label with a tinted background (decision kinds, flags)."""
    style = "small_bold"
    width = stringWidth(label, fonts.SANS_BOLD, t.styles()[style].fontSize) + 13
    tbl = _Table(
        [[rich(_colour(label, t.AMBER if attention else t.ACCENT), style)]],
        colWidths=[width],
        hAlign="LEFT",
    )
    tbl.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), t.AMBER_FILL if attention else t.ACCENT_LIGHT),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return tbl


def heading(text: str, style: str = "h1") -> Paragraph:
    return rich(text, style)


def rule(width: float = t.CONTENT_WIDTH, colour: Any = t.RULE, thickness: float = 0.5) -> Table:
    tbl = _Table([[""]], colWidths=[width], rowHeights=[thickness + 1], hAlign="LEFT")
    tbl.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), thickness, colour),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return tbl


def _num(value: float) -> str:
    if abs(value - round(value)) < 0.05:
        return f"{round(value):,}"
    return f"{value:,.1f}"


# Not strftime("%B"): it follows the process locale, which a GUI may change; output must not vary.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _date(value: str) -> str:
    """2026-09-15 → 15 September 2026; anything else as typed."""
    try:
        parsed = date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    return f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"


def _timestamp(value: str) -> str:
    """An ISO timestamp as 15 September 2026, 10:32 UTC; anything else as stored."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return value
    offset = parsed.utcoffset()
    zone = "" if offset is None else ("UTC" if not offset else parsed.strftime("UTC%z"))
    return f"{_date(parsed.date().isoformat())}, {parsed.strftime('%H:%M')} {zone}".strip()


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _decision_label(decision: m.Decision) -> str:
    return decision.kind.label if decision.kind is not None else "Not decided yet"


# -- cover -----------------------------------------------------------------------------------


def cover(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    story: list[Flowable] = [
        Spacer(1, 14 * mm),
        rich("IT ALIGNMENT WORKSHOP · SUMMARY", "eyebrow"),
        Spacer(1, 2 * mm),
        rule(28 * mm, t.ACCENT, 2),
        Spacer(1, 7 * mm),
        para(ws.title or "Untitled workshop", "cover_title"),
        Spacer(1, 3 * mm),
    ]
    subtitle = " · ".join(markup(v) for v in (ws.division, ws.company) if v.strip())
    story.append(rich(subtitle, "cover_sub") if subtitle else para("", "cover_sub"))
    story.append(Spacer(1, 12 * mm))

    def pair(label: str, value: Flowable) -> list[Flowable]:
        return [rich(label, "label"), value]

    status = rich(
        _colour(_b("Draft — not signed off"), t.AMBER)
        if ctx.draft and ws.status is m.Status.DRAFT
        else (
            _colour(_b(f"{ws.status.label} · not signed off"), t.AMBER)
            if ctx.draft
            else _colour(_b("Signed off"), t.ACCENT)
        ),
        "body",
    )
    grid = [
        pair("Date", para(_date(ws.date))) + pair("Location", para(ws.location)),
        pair("Division", para(ws.division)) + pair("Company", para(ws.company)),
        pair("Facilitator", para(ws.facilitator))
        + pair("IT phase", para(ws.it_phase.label if ws.it_phase else "")),
        pair("Status", status) + pair("Revision", para(str(ws.revision))),
    ]
    w = t.CONTENT_WIDTH
    facts_table = _Table(
        grid, colWidths=[24 * mm, w / 2 - 24 * mm, 24 * mm, w / 2 - 24 * mm], hAlign="LEFT"
    )
    facts_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, t.RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.4, t.RULE),
            ]
        )
    )
    story += [facts_table, Spacer(1, 11 * mm), heading("Participants", "h3")]
    rows: list[list[Flowable]] = [
        [rich("Name", "th"), rich("Role", "th"), rich("Decision-maker", "th_center")]
    ]
    for p in ws.participants:
        rows.append(
            [
                para(p.name, "cell_bold"),
                para(p.role, "cell"),
                rich("Yes", "cell_center")
                if p.decision_maker
                else rich(_colour(DASH, t.FAINT), "cell_center"),
            ]
        )
    if not ws.participants:
        rows.append([rich("No participants recorded yet.", "cell_muted"), "", ""])
    story.append(table(rows, columns(62 * mm, None, 30 * mm)))
    story.append(Spacer(1, 10 * mm))
    if ctx.draft:
        story.append(
            callout(
                [
                    rich(_colour(_b("DRAFT"), t.AMBER), "body"),
                    Spacer(1, 1.5 * mm),
                    rich(
                        "This summary has not been signed off. Needs, priorities and decisions "
                        "may still change; the signed-off revision is the one to rely on.",
                        "body",
                    ),
                ],
                attention=True,
            )
        )
    else:
        signed = [s for s in ws.signatures if s.content_digest == ctx.digest]
        last = max((s.signed_at for s in signed), default="")
        when = f" on {_timestamp(last)}" if last else ""
        story.append(
            callout(
                [
                    rich(_b(f"Signed off{when}"), "body"),
                    Spacer(1, 1.5 * mm),
                    rich(
                        f"Revision {ws.revision} was confirmed by "
                        f"{_plural(len({s.participant_id for s in signed}), 'participant')}. "
                        "It no longer changes: a correction opens the next revision.",
                        "body",
                    ),
                ]
            )
        )
    return story


# -- executive summary -----------------------------------------------------------------------


def _decision_counts(ws: m.Workshop) -> Counter[m.DecisionKind | None]:
    return Counter(ws.decision_for(r.id).kind for r in ws.requests)


def executive_summary(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    counts = _decision_counts(ws)
    story: list[Flowable] = [heading("Executive summary")]
    who = markup(ws.division) if ws.division.strip() else "The division"
    lead = (
        f"{who} brought {_plural(len(ws.requests), 'request')} to this workshop. "
        f"Behind them we identified {_plural(len(ws.needs), 'need')}."
    )
    phrases = []
    for kind, template in _DECISION_PHRASES.items():
        n = counts.get(kind, 0)
        if n:
            phrases.append(
                template.format(n=n, s_verb="" if n != 1 else "s", is_are="is" if n == 1 else "are")
            )
    if phrases:
        lead += " Of the requests, " + _join(phrases) + "."
    undecided = counts.get(None, 0)
    if undecided:
        lead += f" {_plural(undecided, 'request')} {'is' if undecided == 1 else 'are'} " + (
            "not decided yet."
        )
    story += [rich(lead, "lead"), Spacer(1, 6 * mm)]

    tiles = [
        (len(ws.requests), "Requests"),
        (len(ws.needs), "Needs"),
        *((counts.get(kind, 0), kind.label) for kind in m.DecisionKind),
    ]
    story.append(_tiles(tiles))
    story.append(Spacer(1, 7 * mm))

    # Where IT stands.
    phase = ws.it_phase
    story.append(heading("Where IT stands with this division", "h2"))
    story.append(
        rich(_PHASE_MEANING[phase], "body")
        if phase is not None
        else rich("The division's IT phase was not recorded.", "dash")
    )

    # Top priorities.
    story.append(heading("Top priorities", "h2"))
    if ctx.ranked:
        story.append(
            rich(
                f"Needs ranked by their priority score ({ws.framework.label}). "
                "Alignment is out of 100.",
                "small",
            )
        )
        story.append(Spacer(1, 2 * mm))
        rows: list[list[Any]] = [
            [
                rich("#", "th"),
                rich("Need", "th"),
                rich("Priority", "th_right"),
                rich("Alignment", "th_right"),
                rich("Quadrant", "th"),
                rich("Decision on the request", "th"),
            ]
        ]
        for rank, need in enumerate(ctx.ranked[:5], start=1):
            result = ctx.alignments[need.id]
            rows.append(
                [
                    rich(str(rank), "cell_bold"),
                    _need_cell(ctx, need),
                    rich(_num(ctx.priorities[need.id].score), "cell_right"),
                    rich(
                        _colour(str(result.score), t.AMBER)
                        if result.unclear
                        else str(result.score),
                        "cell_right",
                    ),
                    rich(need_quadrant(ws, need).label, "cell"),
                    _decisions_cell(ctx, need),
                ]
            )
        story.append(
            table(
                rows,
                columns(8 * mm, None, 17 * mm, 19 * mm, 21 * mm, 38 * mm),
            )
        )
    else:
        story.append(rich("No needs have been identified yet.", "dash"))

    # Alignment unclear.
    unclear = [n for n in ws.needs if ctx.alignments[n.id].unclear]
    story.append(heading("Where alignment is unclear", "h2"))
    if unclear:
        items: list[Flowable] = [
            rich(
                "These needs have no moderate or strong link to a critical goal. The method "
                "asks to clarify their purpose before committing resources.",
                "body",
            ),
            Spacer(1, 2 * mm),
        ]
        for need in unclear:
            state = (
                "discussed in the room"
                if need.alignment_acknowledged
                else _colour(_b("not yet clarified"), t.AMBER)
            )
            items.append(
                rich(
                    f"{_b(ctx.need_codes[need.id])}  {markup(brief(need.statement)) or DASH}"
                    f" — alignment {ctx.alignments[need.id].score} of 100, {state}",
                    "body",
                )
            )
        story.append(callout(items, attention=True))
    else:
        story.append(rich("Every need has at least a moderate link to a weighted goal.", "body"))

    # Phase flags.
    flagged = [r for r in ws.requests if phase_misaligned(ws, r)]
    story.append(heading("Misaligned phase", "h2"))
    if flagged:
        items = [
            rich(phase_flag_text(ws, flagged[0]), "body"),
            Spacer(1, 2 * mm),
        ]
        for request in flagged:
            decision = ws.decision_for(request.id)
            items.append(
                rich(
                    f"{_b('Request ' + str(ctx.request_numbers[request.id]))}  "
                    f"{_q(brief(request.text))} — decision: {_decision_label(decision).lower()}",
                    "body",
                )
            )
        story.append(callout(items, attention=True))
    else:
        story.append(
            rich("No request asks for innovation while the basics are still unreliable.", "body")
        )
    return story


def brief(text: str, limit: int = 280) -> str:
    """User text shortened for overviews; each request's own section prints it in full."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _join(phrases: list[str]) -> str:
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def _tiles(tiles: Sequence[tuple[int, str]]) -> Table:
    width = t.CONTENT_WIDTH / len(tiles)
    numbers = [rich(f"{n:,}", "kpi_number") for n, _ in tiles]
    labels = [rich(label, "kpi_label") for _, label in tiles]
    tbl = _Table([numbers, labels], colWidths=[width] * len(tiles), hAlign="LEFT")
    tbl.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 0.9, t.ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, 0), 5),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 1),
                ("TOPPADDING", (0, 1), (-1, 1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return tbl


def _need_cell(ctx: Context, need: m.Need) -> Paragraph:
    return rich(
        f"{_b(ctx.need_codes[need.id])}  {markup(brief(need.statement)) or _colour(DASH, t.FAINT)}",
        "cell",
    )


def _decisions_cell(ctx: Context, need: m.Need) -> Paragraph:
    parts = []
    for request_id in need.request_ids:
        decision = ctx.ws.decision_for(request_id)
        label = _decision_label(decision)
        if decision.kind is None:
            label = _colour(label, t.AMBER)
        parts.append(f"{label} (R{ctx.request_numbers[request_id]})")
    return rich("<br/>".join(parts) or _colour(DASH, t.FAINT), "cell")


# -- goals -----------------------------------------------------------------------------------


def goals_section(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    story: list[Flowable] = [
        heading("Strategic goals"),
        rich(
            "The goals recorded at the start of the workshop, the company's and the "
            "division's. Weight says how critical a goal is, from 1 to 5; needs are aligned "
            "against these goals.",
            "body",
        ),
        Spacer(1, 4 * mm),
    ]
    if not ws.goals:
        story.append(rich("No strategic goals were recorded.", "dash"))
        return story
    rows: list[list[Any]] = [
        [
            rich("", "th"),
            rich("Goal", "th"),
            rich("Level", "th"),
            rich("Weight", "th"),
            rich("Measure", "th"),
        ]
    ]
    for goal in ws.goals:
        goal_cell: list[Flowable] = [para(goal.title, "cell_bold")]
        if goal.description.strip():
            goal_cell.append(para(brief(goal.description, 600), "cell_muted"))
        rows.append(
            [
                rich(ctx.goal_codes[goal.id], "cell_bold"),
                goal_cell,
                rich(goal.level.label, "cell"),
                rich(_weight_dots(goal.weight), "cell"),
                para(goal.measure, "cell"),
            ]
        )
    story.append(table(rows, columns(9 * mm, None, 19 * mm, 22 * mm, 50 * mm)))
    return story


def _weight_dots(weight: int) -> str:
    weight = max(0, min(weight, 5))
    return _colour("●" * weight, t.ACCENT) + _colour("●" * (5 - weight), t.RULE) + f"  {weight}"


# -- charts ----------------------------------------------------------------------------------


def glance_section(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    story: list[Flowable] = [CondPageBreak(120 * mm)]
    # The section heading travels with its first chart, never alone at the foot of a page.
    intro: list[Flowable] = [Spacer(1, 6 * mm), heading("At a glance")]
    if not (ws.needs and ws.goals):
        story += intro
    if ws.needs and ws.goals:
        needs = ctx.ranked[:MAX_CHART_NEEDS]
        needs.sort(key=ws.needs.index)
        goals = sorted(ws.goals, key=lambda g: -g.weight)[:MAX_CHART_GOALS]
        goals.sort(key=ws.goals.index)
        drawing = charts.heat_map(
            [ctx.need_codes[n.id] for n in needs],
            [ctx.goal_codes[g.id] for g in goals],
            [g.weight for g in goals],
            [[ws.strength(n.id, g.id).points for g in goals] for n in needs],
            [ctx.alignments[n.id].score for n in needs],
            [ctx.alignments[n.id].unclear for n in needs],
            max_width=t.CONTENT_WIDTH,
        )
        block: list[Flowable] = [
            *intro,
            heading("How each need serves the strategic goals", "h2"),
            rich(
                "Rows are needs, columns are goals with their weight; the darker the cell, "
                "the stronger the link. The score is the need's alignment out of 100.",
                "small",
            ),
            Spacer(1, 3 * mm),
            drawing,
        ]
        if len(needs) < len(ws.needs) or len(goals) < len(ws.goals):
            block.append(
                rich(
                    f"Showing the {len(needs)} highest-priority needs and the {len(goals)} "
                    "most heavily weighted goals; every link is listed with its request.",
                    "small",
                )
            )
        story.append(KeepTogether(block))
        story.append(Spacer(1, 3 * mm))
        story.append(_code_legend(ctx, needs, goals))
    if ws.needs:
        # The side table sits in one row beside the chart and cannot split across pages, so
        # both show only as many needs as fit beside the chart.
        shown = ctx.ranked[:MAX_QUADRANT_NEEDS]
        points = [
            charts.QuadrantPoint(
                ctx.need_codes[n.id],
                value_points(ws, n),
                float(n.assessment.effort if n.assessment.effort is not None else 5),
                ctx.alignments[n.id].unclear,
            )
            for n in shown
        ]
        quadrant = charts.value_effort_chart(points)
        rows: list[list[Any]] = [
            [
                rich("", "th"),
                rich("Quadrant", "th"),
                rich("Value", "th_right"),
                rich("Effort", "th_right"),
            ]
        ]
        for n in shown:
            rows.append(
                [
                    rich(ctx.need_codes[n.id], "cell_bold"),
                    rich(need_quadrant(ws, n).label, "cell"),
                    rich(_num(value_points(ws, n)), "cell_right"),
                    rich(
                        _num(n.assessment.effort)
                        if n.assessment.effort is not None
                        else _colour("5 assumed", t.FAINT),
                        "cell_right",
                    ),
                ]
            )
        side_w = t.CONTENT_WIDTH - quadrant.width - 6 * mm
        side = table(rows, columns(10 * mm, None, 14 * mm, 22 * mm, total=side_w))
        pair = _Table(
            [[quadrant, side]], colWidths=[quadrant.width + 6 * mm, side_w], hAlign="LEFT"
        )
        pair.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story.append(
            KeepTogether(
                [
                    heading("Value and effort", "h2"),
                    rich(
                        "Value comes from alignment unless it was rated directly; effort is "
                        "the facilitator's rating (5 when not rated). Amber marks unclear "
                        "alignment.",
                        "small",
                    ),
                    Spacer(1, 3 * mm),
                    pair,
                ]
            )
        )
        if len(shown) < len(ctx.ranked):
            story.append(
                rich(
                    f"Showing the {len(shown)} highest-priority of {len(ctx.ranked)} needs; "
                    "each request's section gives its own value and effort.",
                    "small",
                )
            )
    counts = _decision_counts(ws)
    bars = [(kind.label, counts.get(kind, 0)) for kind in m.DecisionKind]
    if counts.get(None, 0):
        bars.append(("Not decided", counts[None]))
    story.append(
        KeepTogether(
            [
                heading("Decisions by kind", "h2"),
                charts.decisions_chart(bars, t.CONTENT_WIDTH * 0.7),
            ]
        )
    )
    return story


def _code_legend(ctx: Context, needs: list[m.Need], goals: list[m.StrategicGoal]) -> Table:
    """Needs on the left, goals on the right, as one table so long legends split by row."""
    half = (t.CONTENT_WIDTH - 8 * mm) / 2
    need_cells = [
        [rich(ctx.need_codes[n.id], "small_bold"), para(brief(n.statement), "small")] for n in needs
    ]
    goal_cells = [
        [rich(ctx.goal_codes[g.id], "small_bold"), para(brief(g.title), "small")] for g in goals
    ]
    blank = ["", ""]
    rows = [
        (need_cells[i] if i < len(need_cells) else blank)
        + (goal_cells[i] if i < len(goal_cells) else blank)
        for i in range(max(len(need_cells), len(goal_cells), 1))
    ]
    legend = _Table(
        rows,
        colWidths=[9 * mm, half - 9 * mm + 8 * mm, 9 * mm, half - 9 * mm],
        hAlign="LEFT",
        splitInRow=1,
    )
    legend.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (1, 0), (1, -1), 3 + 8 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return legend


# -- requests --------------------------------------------------------------------------------


def requests_section(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    story: list[Flowable] = [
        heading("Requests, needs and decisions"),
        rich(
            "Each request as the division put it, the need found behind it, how that need "
            "aligns with the strategic goals, its priority, and the decision taken.",
            "body",
        ),
        Spacer(1, 5 * mm),
    ]
    if not ws.requests:
        story.append(rich("No requests were captured.", "dash"))
    detailed: set[str] = set()
    for index, request in enumerate(ws.requests):

        def make(index: int = index, request: m.Request = request) -> list[Flowable]:
            separator = [Spacer(1, 4 * mm), rule(), Spacer(1, 5 * mm)] if index else []
            return separator + _request(ctx, request, detailed)

        story.append(_Later(make))
    return story


class _Later(FrameActionFlowable):
    """Stands in the story for flowables made when the layout reaches this point.

    The requests section holds most of a summary's paragraphs; made one request at a time,
    only the request being laid out is in memory, not all of them. A frame action takes no
    space and leaves the frame as it was, so the layout (and every byte) is the same.
    """

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        Flowable.__init__(self)
        self._make = make

    def frameAction(self, frame: Any) -> None:
        frame.add_generated_content(*self._make())


def _request(ctx: Context, request: m.Request, detailed: set[str]) -> list[Flowable]:
    ws = ctx.ws
    number = ctx.request_numbers[request.id]
    flag = phase_misaligned(ws, request)
    eyebrow = f"REQUEST {number} OF {len(ws.requests)}"
    if flag:
        eyebrow += "  " + _colour("· PHASE FLAG", t.AMBER)
    meta = " · ".join(
        [
            f"{_colour('Asked by', t.MUTED)} {markup(request.requested_by) or DASH}",
            f"{_colour('Deadline', t.MUTED)} {markup(request.deadline) or DASH}",
            f"{_colour('Urgency', t.MUTED)} {request.urgency.label if request.urgency else DASH}",
            f"{_colour('Phase', t.MUTED)} {request.phase.label if request.phase else DASH}",
        ]
    )
    head: list[Flowable] = [
        CondPageBreak(70 * mm),
        rich(eyebrow, "eyebrow"),
        Spacer(1, 1 * mm),
        rich(_q(request.text, fonts.SANS_ITALIC), "quote"),
        Spacer(1, 2 * mm),
        rich(meta, "small"),
    ]
    story: list[Flowable] = []
    if flag:
        head += [
            Spacer(1, 3 * mm),
            callout([rich(phase_flag_text(ws, request), "body")], attention=True),
        ]
    needs = ws.needs_for(request.id)
    if not needs:
        story += [
            Spacer(1, 4 * mm),
            rich(
                _colour("No need has been identified behind this request yet.", t.AMBER),
                "body",
            ),
        ]
    first = True
    for need in needs:
        block = _need(ctx, need, request, detailed)
        if first:
            # Keep the request's heading with the start of its first need.
            story.append(KeepTogether([*head, *block[:3]]))
            story += block[3:]
            first = False
        else:
            story += block
    if first:
        story.insert(0, KeepTogether(head))
    story += _decision(ctx, request)
    return story


def _need(ctx: Context, need: m.Need, request: m.Request, detailed: set[str]) -> list[Flowable]:
    code = ctx.need_codes[need.id]
    others = [f"R{ctx.request_numbers[r]}" for r in need.request_ids if r != request.id]
    label = f"THE NEED · {code}"
    if others:
        label += f" · ALSO BEHIND {', '.join(others)}"
    story: list[Flowable] = [
        Spacer(1, 5 * mm),
        rich(label, "eyebrow"),
        para(need.statement or "", "need"),
    ]
    result = ctx.alignments[need.id]
    prio = ctx.priorities[need.id]
    if need.id in detailed:
        first = next(
            f"request {ctx.request_numbers[r]}" for r in need.request_ids if r != request.id
        )
        story += [
            Spacer(1, 2 * mm),
            rich(
                f"Alignment {result.score} of 100 · priority {_num(prio.score)} "
                f"({prio.framework.label}). Detailed under {first}.",
                "small",
            ),
        ]
        return story
    detailed.add(need.id)
    ladder = [r for r in need.why_ladder if r.strip()]
    ladder_cell: Flowable
    if ladder:
        ladder_rows = [
            [rich(f"{i}", "cell_muted"), para(rung, "body")] for i, rung in enumerate(ladder, 1)
        ]
        ladder_table = _Table(
            ladder_rows,
            colWidths=[6 * mm, t.CONTENT_WIDTH - 38 * mm - 6 * mm],
            splitInRow=1,
            hAlign="LEFT",
        )
        ladder_table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        ladder_cell = ladder_table
    else:
        ladder_cell = para("")
    outcome_parts = []
    if need.measure.strip():
        outcome_parts.append(_b(markup(need.measure, fonts.SANS_BOLD)) + ":")
    if need.baseline.strip() or need.target.strip():
        target = markup(need.target, fonts.SANS_BOLD) or DASH
        outcome_parts.append(f"{markup(need.baseline) or DASH}  →  {_b(target)}")
    if need.by_when.strip():
        outcome_parts.append(f"by {markup(need.by_when)}")
    outcome = rich(" ".join(outcome_parts), "body") if outcome_parts else para("")
    story += [
        Spacer(1, 3 * mm),
        facts(
            [
                ("Why it matters", ladder_cell),
                ("Success looks like", outcome),
                ("Who benefits", para(need.beneficiaries)),
                ("If we do nothing", para(need.cost_of_inaction)),
                ("Alternatives", para(need.alternatives)),
                (
                    "Serves the need?",
                    para(need.serves.label if need.serves else ""),
                ),
                ("Lens", para(_lens_text(need.lens))),
            ]
        ),
    ]
    story += _alignment(ctx, need, result)
    story += _priority(prio)
    return story


def _lens_text(lens: m.Lens | None) -> str:
    if lens is None:
        return ""
    return {
        m.Lens.INTERNAL: "Internal: efficiency of people and processes (the CIO's side)",
        m.Lens.CUSTOMER_FACING: "Customer-facing: products, services and customer "
        "experience (the CTO's side)",
        m.Lens.BOTH: "Both internal and customer-facing: CIO and CTO co-own it",
    }[lens]


def _alignment(ctx: Context, need: m.Need, result: AlignmentResult) -> list[Flowable]:
    score = f"{result.score} of 100"
    title = f"Alignment  {_colour(score, t.AMBER if result.unclear else t.ACCENT)}"
    if result.unclear:
        title += "  " + _colour("· unclear", t.AMBER)
    story: list[Flowable] = []
    linked = [c for c in result.contributions if c.strength is not m.Strength.NONE]
    if linked:
        rows: list[list[Any]] = [
            [
                rich("Goal", "th"),
                rich("Level", "th"),
                rich("Weight", "th_right"),
                rich("Link", "th"),
                rich("Points", "th_right"),
            ]
        ]
        for c in sorted(linked, key=lambda c: -c.points):
            goal = ctx.ws.goal(c.goal_id)
            rows.append(
                [
                    rich(
                        f"{_b(ctx.goal_codes[c.goal_id])}  {markup(c.goal_title)}",
                        "cell",
                    ),
                    rich(goal.level.label if goal else DASH, "cell"),
                    rich(str(c.weight), "cell_right"),
                    rich(
                        _colour("●" * c.strength.points, t.ACCENT)
                        + _colour("●" * (3 - c.strength.points), t.RULE)
                        + f"  {c.strength.label}",
                        "cell",
                    ),
                    rich(_num(c.points), "cell_right"),
                ]
            )
        widths = columns(None, 20 * mm, 16 * mm, 34 * mm, 16 * mm)
        story.append(KeepTogether([heading(title, "h3"), table(rows, widths)]))
        story.append(Spacer(1, 2 * mm))
    else:
        story.append(heading(title, "h3"))
    for line in result.explanation():
        attention = line.startswith(("Alignment unclear", "Not linked"))
        story.append(rich(_colour(markup(line), t.AMBER) if attention else markup(line), "small"))
    if result.unclear and need.alignment_acknowledged:
        story.append(rich("The room discussed this and chose to go on.", "small"))
    return story


def _priority(prio: Priority) -> list[Flowable]:
    title = f"Priority  {_colour(_num(prio.score), t.ACCENT)}  " + _colour(
        f"· {prio.framework.label}", t.MUTED
    )
    rows: list[list[Any]] = [[rich("Part", "th"), rich("Value", "th_right"), rich("Note", "th")]]
    for part in prio.parts:
        rows.append(
            [
                rich(markup(part.name), "cell"),
                rich(_num(part.value), "cell_right"),
                para(part.note, "cell_muted") if part.note else rich("", "cell"),
            ]
        )
    story: list[Flowable] = [
        KeepTogether(
            [
                heading(title, "h3"),
                rich(markup(prio.formula), "small"),
                Spacer(1, 1.5 * mm),
                table(rows, columns(70 * mm, 22 * mm, None)),
            ]
        )
    ]
    if not prio.complete:
        story.append(
            rich(
                _colour("Some ratings were missing; the defaults shown were assumed.", t.AMBER),
                "small",
            )
        )
    return story


def _decision(ctx: Context, request: m.Request) -> list[Flowable]:
    decision = ctx.ws.decision_for(request.id)
    undecided = decision.kind is None
    label = "Not decided yet" if undecided else decision.kind.label  # type: ignore[union-attr]
    story: list[Flowable] = [
        Spacer(1, 4 * mm),
        KeepTogether(
            [
                rich("DECISION", "eyebrow"),
                Spacer(1, 1 * mm),
                chip(label, attention=undecided),
                Spacer(1, 2.5 * mm),
                facts(
                    [
                        ("Why", para(decision.rationale)),
                        ("Owner", para(decision.owner)),
                        ("Next step", para(decision.next_step)),
                        ("Due", para(_date(decision.due_date))),
                    ]
                ),
            ]
        ),
    ]
    actions = [a for a in ctx.ws.actions if a.request_id == request.id]
    if actions:
        lines = [
            rich(
                f"{'✓' if a.done else '○'}  {markup(a.text) or DASH}"
                + _colour(
                    f"  · {markup(a.owner) or 'no owner'} · "
                    f"{markup(_date(a.due_date)) or 'no due date'}",
                    t.MUTED,
                ),
                "body",
            )
            for a in actions
        ]
        story += [Spacer(1, 2 * mm), facts([("Actions", _stack(lines))])]
    return story


def _stack(flowables: list[Flowable]) -> Table:
    tbl = _Table([[f] for f in flowables], colWidths=[t.CONTENT_WIDTH - 38 * mm], splitInRow=1)
    tbl.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return tbl


def loose_needs_section(ctx: Context) -> list[Flowable]:
    """Needs that no request points to (yet) still belong in the record."""
    loose = [n for n in ctx.ws.needs if not n.request_ids]
    if not loose:
        return []
    story: list[Flowable] = [
        PageBreak(),
        heading("Needs not tied to a request"),
        rich("Needs the room identified that no request points to.", "body"),
    ]
    placeholder = m.Request(text="", id="")
    detailed: set[str] = set()
    for need in loose:
        story += _need(ctx, need, placeholder, detailed)
    return story


# -- actions, appendix, sign-off -------------------------------------------------------------


def actions_section(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    story: list[Flowable] = [PageBreak(), heading("Action items")]
    if not ws.actions:
        story.append(rich("No action items were recorded.", "dash"))
        return story
    open_count = sum(1 for a in ws.actions if not a.done)
    story += [
        rich(
            f"{_plural(len(ws.actions), 'action item')}, {open_count:,} open. "
            "Each has an owner and a due date where the room agreed one.",
            "body",
        ),
        Spacer(1, 4 * mm),
    ]
    rows: list[list[Any]] = [
        [
            rich("#", "th"),
            rich("Action", "th"),
            rich("Owner", "th"),
            rich("Due", "th"),
            rich("Request", "th"),
            rich("Status", "th"),
        ]
    ]
    for i, action in enumerate(ws.actions, start=1):
        request = f"R{ctx.request_numbers[action.request_id]}" if action.request_id else DASH
        rows.append(
            [
                rich(str(i), "cell_muted"),
                para(action.text, "cell"),
                para(action.owner, "cell"),
                para(_date(action.due_date), "cell"),
                rich(request, "cell" if action.request_id else "cell_dash"),
                rich("Done" if action.done else "Open", "cell"),
            ]
        )
    story.append(
        table(
            rows,
            columns(8 * mm, None, 38 * mm, 32 * mm, 17 * mm, 14 * mm),
        )
    )
    return story


def appendix_section(ctx: Context) -> list[Flowable]:
    lines = ctx.audit_lines or []
    story: list[Flowable] = [
        PageBreak(),
        heading("Appendix: audit summary"),
        rich(
            "What changed in this workshop and when, from the app's append-only audit log.",
            "body",
        ),
        Spacer(1, 4 * mm),
    ]
    if not lines:
        story.append(rich("The audit log has no entries for this revision.", "dash"))
    story += [para(line, "small") for line in lines]
    return story


def signoff_section(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    story: list[Flowable] = [
        heading("Sign-off"),
        rich(
            f"By signing, participants confirm that this summary records the workshop's "
            f"requests, needs, priorities and decisions as agreed. They sign revision "
            f"{ws.revision}, identified by its content digest:",
            "body",
        ),
        Spacer(1, 1.5 * mm),
        rich(f'<font size="7.4">{ctx.digest}</font>', "small_bold"),
        Spacer(1, 5 * mm),
    ]
    latest: dict[str, m.Signature] = {}
    for given in ws.signatures:
        latest[given.participant_id] = given  # the most recent one counts
    makers = [p for p in ws.participants if p.decision_maker]
    signed_makers = [
        p for p in makers if p.id in latest and latest[p.id].content_digest == ctx.digest
    ]
    summary = (
        f"{len(signed_makers)} of {_plural(len(makers), 'decision-maker')} "
        f"{'has' if len(signed_makers) == 1 else 'have'} signed this revision."
    )
    story += [rich(_b(summary), "body"), Spacer(1, 3 * mm)]
    rows: list[list[Any]] = [
        [
            rich("Participant", "th"),
            rich("Decision-maker", "th"),
            rich("Signature", "th"),
            rich("Stance", "th"),
            rich("Signed", "th"),
        ]
    ]
    for p in ws.participants:
        signature = latest.get(p.id)
        name_cell = [para(p.name, "cell_bold"), para(p.role, "cell_muted")]
        maker = rich("Yes", "cell") if p.decision_maker else rich(DASH, "cell_dash")
        if signature is None:
            waiting = "Not signed"
            rows.append(
                [
                    name_cell,
                    maker,
                    rich(
                        _colour(waiting, t.AMBER) if p.decision_maker else waiting,
                        "cell_muted",
                    ),
                    rich(DASH, "cell_dash"),
                    rich(DASH, "cell_dash"),
                ]
            )
            continue
        sig_cell: list[Flowable] = []
        drawing = charts.signature_drawing(signature.drawing, 40 * mm, 11 * mm)
        if drawing is not None:
            sig_cell.append(drawing)
        sig_cell.append(rich(f"<i>{markup(signature.typed_name, fonts.SANS_ITALIC)}</i>", "cell"))
        if signature.content_digest != ctx.digest:
            sig_cell.append(
                rich(
                    _colour("Void: the content changed after this signature.", t.AMBER),
                    "cell",
                )
            )
        stance: list[Flowable] = [rich(signature.stance.label, "cell")]
        if signature.note.strip():
            stance.append(para(signature.note, "cell_muted"))
        rows.append(
            [name_cell, maker, sig_cell, stance, para(_timestamp(signature.signed_at), "cell")]
        )
    if not ws.participants:
        rows.append([rich("No participants recorded.", "cell_muted"), "", "", "", ""])
    story.append(table(rows, columns(36 * mm, 27 * mm, 40 * mm, None, 31 * mm)))
    story += [Spacer(1, 6 * mm), heading(howto.TITLE, "h3"), Spacer(1, 1.5 * mm)]
    for paragraph in howto.how_to_check(signed_off=not ctx.draft, fingerprint=ctx.fingerprint):
        story += [rich(paragraph, "small"), Spacer(1, 1.5 * mm)]
    return story
