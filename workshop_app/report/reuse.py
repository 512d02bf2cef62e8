"""The reportlab layer every part of a summary builds on: styles by name, paragraphs and tables
that share their work within an export, small markup helpers and the document build itself.

Every user string goes through `text.markup` (escaping, font fallback, right-to-left order)
before it becomes a Paragraph (`para` does it); empty values become a quiet dash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, FrameActionFlowable, Paragraph, Table, TableStyle
from reportlab.platypus import paragraph as platypus_paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from workshop_app import collector
from workshop_app.report import fonts, layout
from workshop_app.report import theme as t
from workshop_app.report.text import DASH, markup

#: A TableStyle command, e.g. ("LEFTPADDING", (0, 0), (-1, -1), 4).
Command = tuple[Any, ...]
ALL: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (-1, -1))


def style(name: str) -> ParagraphStyle:
    """One of the summary's paragraph styles (`theme.styles`)."""
    return t.styles()[name]


# -- paragraphs and tables that share their work within an export ---------------------------

#: What Paragraph.wrap leaves on the paragraph (breaking a paragraph of several fragments also
#: turns its fragments into words); `SharedParagraph` puts it back on a repeated wrap.
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
#: Parsed markup by its tags and entities alone, its texts left as numbered slots, and style
#: (see `_frags`): the markup a summary makes differs mostly by the user's words in it.
_skeletons: dict[tuple[str, int], tuple[ParagraphStyle, list[Any], list[int | None]] | None] = {}
#: How many entries each of those (and a canvas's `layout.DrawnMemo`) keeps before it starts
#: afresh. The labels and headings that repeat come back within a few pages and are cached
#: again at once, while the unique paragraphs of a large workshop (most of them) would
#: otherwise all stay in memory until the end: 50,000 entries held about 150 MB more at 2,000
#: requests, for no gain in speed, and 5,000 about 20 MB more than 1,500 at 500 requests (the
#: export preview's process peaked at 128 MB instead of 109). Output does not depend on it.
_SHARED_LIMIT = 1_500
#: Paragraphs of more lines than this do not share their lines (see `SharedParagraph.wrap`).
_SHARED_MAX_LINES = 4


#: Word widths by (text, font, size, encoding) while a document is laid out: breaking a
#: paragraph into lines measures every word of it, and the same words come back in paragraph
#: after paragraph (a fifth of a 50-request export went to measuring them again).
_widths: dict[tuple[Any, str, float, str], float] = {}
#: How many widths `_widths` keeps before it starts afresh (a large workshop's vocabulary).
_WIDTHS_LIMIT = 20_000
#: A font's ascent and descent at a size, by (font, size), remembered the same way: breaking a
#: paragraph of several fragments asks for them word by word.
_ascents: dict[tuple[str, Any], tuple[float, float]] = {}
#: reportlab's own measures, which platypus's paragraphs use outside `build`.
_STRING_WIDTH = platypus_paragraph.stringWidth
_ASCENT_DESCENT = platypus_paragraph.getAscentDescent


def _string_width(text: Any, font_name: str, font_size: float, encoding: str = "utf8") -> float:
    """`pdfmetrics.stringWidth`, remembered: a font's widths do not change once it is read."""
    key = (text, font_name, font_size, encoding)
    width = _widths.get(key)
    if width is None:
        if len(_widths) >= _WIDTHS_LIMIT:
            _widths.clear()
        width = _widths[key] = _STRING_WIDTH(text, font_name, font_size, encoding)
    return width


def _ascent_descent(font_name: str, font_size: Any = None) -> tuple[float, float]:
    """`pdfmetrics.getAscentDescent`, remembered."""
    key = (font_name, font_size)
    found = _ascents.get(key)
    if found is None:
        found = _ascents[key] = _ASCENT_DESCENT(font_name, font_size)
    return found


def clear_caches() -> None:
    """Forget the parsed and broken paragraphs of the last export (`build` calls it)."""
    _parsed.clear()
    _broken.clear()
    _skeletons.clear()
    _widths.clear()
    _ascents.clear()


def build(doc: Any, story: list[Flowable], canvasmaker: Any) -> None:
    """Lay out and write a document, then forget the paragraphs it shared (`clear_caches`) and
    the canvas it was written with.

    The garbage collector pauses meanwhile (`workshop_app.collector`): a build allocates
    hundreds of thousands of short-lived objects, which would set off full collections that walk
    everything the app holds, for next to nothing. The shared paragraphs and the canvas are
    let go before it resumes: the collector counts what was allocated while it paused, less
    what was freed, and tens of thousands of cached fragments and lines still held when it
    resumed made its first collection walk them all (about 20 ms at 50 requests) just before
    they were let go anyway.
    """
    with collector.paused():
        # Platypus's paragraphs measure their words with the remembered widths meanwhile.
        platypus_paragraph.stringWidth = _string_width
        platypus_paragraph.getAscentDescent = _ascent_descent
        try:
            doc.build(story, canvasmaker=canvasmaker)
        finally:
            platypus_paragraph.stringWidth = _STRING_WIDTH
            platypus_paragraph.getAscentDescent = _ASCENT_DESCENT
            clear_caches()
            doc.__dict__.pop("canv", None)  # written: its pages and fonts can go at once


class SharedParagraph(Paragraph):
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
            already = cleaner is cleanBlockQuotedText and _clean_already(text)
            cleaned = text if already else cleaner(text)
            made = _frags(cleaned, style)
            if made is None:
                super()._setup(text, style, bullet_text, frags, cleaner)
            else:
                super()._setup(cleaned, style, bullet_text, made, cleaner)
            if len(_parsed) >= _SHARED_LIMIT:
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
            if len(_broken) >= _SHARED_LIMIT:
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
            if len(memo) >= _SHARED_LIMIT:
                memo.clear()
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


#: A piece of paragraph markup: a tag or an entity (everything between them is text).
_PIECE = re.compile(r"(<[^<>]*>|&[^&;<>]*;?)")
#: The tags and entities a skeleton may hold: the summary's own markup and `escape`'s entities.
_TAG = re.compile(r'</?[A-Za-z]+(?:\s+[A-Za-z]+="[^"<>&]*")*\s*/?>')
_ENTITY = re.compile(r"&(?:amp|lt|gt);")
#: What stands for the n-th text of a skeleton (characters of Unicode's private use area).
_SLOT = "\ue000{}\ue001"
_SLOT_0 = _SLOT.format(0)


def _frags(cleaned: str, style: ParagraphStyle) -> list[Any] | None:
    """The fragments reportlab's parser makes of the (cleaned) markup `cleaned` in `style`, made
    without parsing it; None when the parser has to read it.

    The parser makes one fragment per run of text (a copy of the fragment the tags around it
    make, holding that text) and one per entity and line break, none of which depends on the
    words. So the markup is parsed once with each text replaced by a numbered slot, its
    skeleton, and each markup of that skeleton copies those fragments with its own texts.
    """
    if getattr(style, "textTransform", None) not in (None, "", "none"):
        return None  # the case changes across fragments: left to the parser
    if "<" not in cleaned and "&" not in cleaned:  # plain text, most of a summary
        if not cleaned or ">" in cleaned:
            return None
        skeleton, filled = _SLOT_0, [cleaned]
    else:
        found_skeleton = _skeleton_of(cleaned)
        if found_skeleton is None:
            return None
        skeleton, filled = found_skeleton
    key = (skeleton, id(style))
    if key not in _skeletons:
        _skeletons[key] = _skeleton(skeleton, style, len(filled))
    found = _skeletons[key]
    if found is None:
        return None
    frags = []
    for parsed, slot in zip(found[1], found[2], strict=True):
        frag = copy(parsed)
        if slot is not None:
            frag.text = filled[slot]
        frags.append(frag)
    return frags


def _skeleton_of(cleaned: str) -> tuple[str, list[str]] | None:
    """Markup's skeleton (its tags and entities, each text a numbered slot) and its texts; None
    for markup other than the summary's own."""
    pieces = _PIECE.split(cleaned)
    texts = pieces[::2]
    if any("<" in text or ">" in text for text in texts):
        return None
    markup = pieces[1::2]
    if not all(_TAG.fullmatch(m) or _ENTITY.fullmatch(m) for m in markup):
        return None
    numbered: list[str] = []
    filled: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            numbered.append(piece)
        elif piece:
            numbered.append(_SLOT.format(len(filled)))
            filled.append(piece)
    if not filled:
        return None
    return "".join(numbered), filled


def _clean_already(text: str) -> bool:
    """Whether reportlab's cleaning (`cleanBlockQuotedText`: lines stripped, whitespace runs made
    one space, lines joined) leaves `text` as it is: one line of words one space apart. The only
    whitespace a printable string holds is the plain space."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def _skeleton(
    skeleton: str, style: ParagraphStyle, slots: int
) -> tuple[ParagraphStyle, list[Any], list[int | None]] | None:
    """The skeleton's fragments and, for each, the number of the text it holds (None for an
    entity or a line break); None unless every text is in one fragment of its own, in order."""
    frags = Paragraph(skeleton, style).frags
    numbers = [_slot_number(getattr(frag, "text", "")) for frag in frags]
    if [n for n in numbers if n is not None] != list(range(slots)):
        return None  # pragma: no cover - the parser split or joined a text
    return style, frags, numbers


def _slot_number(text: str) -> int | None:
    if len(text) > 2 and text[0] == "\ue000" and text[-1] == "\ue001" and text[1:-1].isdigit():
        return int(text[1:-1])
    return None


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


#: The cell style commands of the summary's tables and the attribute of a cell's style each
#: sets (reportlab's `_setCellStyle` sets the same one, a cell at a time).
_CELL_ATTRIBUTES = {
    "LEFTPADDING": "leftPadding",
    "RIGHTPADDING": "rightPadding",
    "TOPPADDING": "topPadding",
    "BOTTOMPADDING": "bottomPadding",
    "VALIGN": "valign",
    "ALIGN": "alignment",
    "ALIGNMENT": "alignment",
}


class MeasuredTable(Table):
    """A Table that measures its cells once per width.

    Platypus wraps a table several times at the same width: KeepTogether measures it, the frame
    measures it again to place it, and an enclosing table measures it once more while drawing.
    Those measurements are the same as long as the first one was complete (every row measured)
    and still fits: then the table keeps it instead of wrapping every cell again.
    """

    _measured: tuple[float, list[float]] | None = None  # (width, row positions) when complete

    def _addCommand(self, cmd: Any) -> None:
        # A padding or alignment over a range of cells (most commands of a summary's tables)
        # is set on their styles row by row, as reportlab sets it cell by cell.
        attribute = _CELL_ATTRIBUTES.get(cmd[0])
        if attribute is None or len(cmd) != 4 or isinstance(cmd[1][1], str):
            super()._addCommand(cmd)
            return
        (start_column, start_row), (end_column, end_row) = cmd[1], cmd[2]
        first_column, last_column, first_row, last_row = self.normCellRange(
            start_column, end_column, start_row, end_row
        )
        value = cmd[3]
        for row in self._cellStyles[first_row : last_row + 1]:
            for cell in row[first_column : last_column + 1]:
                setattr(cell, attribute, value)

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


class MadeLater(FrameActionFlowable):
    """Stands in the story for flowables made when the layout reaches this point.

    A section made one part at a time keeps only the part being laid out in memory, not all of
    them. A frame action takes no space and leaves the frame as it was, so the layout (and
    every byte) is the same.
    """

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        Flowable.__init__(self)
        self._make = make

    def frameAction(self, frame: Any) -> None:
        frame.add_generated_content(*self._make())


# -- paragraphs ------------------------------------------------------------------------------


def para(value: str | None, style_name: str = "body") -> Paragraph:
    """A user string as a Paragraph; empty becomes a quiet dash."""
    if value is None or not value.strip():
        return SharedParagraph(
            DASH, style("cell_dash" if style_name.startswith("cell") else "dash")
        )
    paragraph_style = style(style_name)
    return SharedParagraph(markup(value, paragraph_style.fontName), paragraph_style)


def rich(markup_text: str, style_name: str = "body") -> Paragraph:
    """A Paragraph from markup built here (user parts already went through markup())."""
    return SharedParagraph(markup_text, style(style_name))


def heading(text: str, style_name: str = "h1") -> Paragraph:
    return rich(text, style_name)


def bold(text: str) -> str:
    return f"<b>{text}</b>"


def coloured(text: str, colour: Any) -> str:
    """Markup setting `text` in `colour`, an 8-bit RGB colour of the theme. Written as CSS's
    rgb(): reportlab reads "0x…" (`hexval`) only after trying it as a Python literal, which
    compiles it, once per coloured label parsed; the colour it makes is the same."""
    red, green, blue = (round(channel * 255) for channel in colour.rgb())
    return f'<font color="rgb({red},{green},{blue})">{text}</font>'


def quoted(value: str, font: str = fonts.SANS) -> str:
    """A user string in typographic quotes, as markup for a paragraph set in `font`."""
    return f"“{markup(value, font)}”"


# -- tables ----------------------------------------------------------------------------------


def padding(
    left: float, right: float, top: float, bottom: float, cells: tuple[Any, Any] = ALL
) -> list[Command]:
    """The four padding commands for `cells` (all of them by default)."""
    return [
        ("LEFTPADDING", *cells, left),
        ("RIGHTPADDING", *cells, right),
        ("TOPPADDING", *cells, top),
        ("BOTTOMPADDING", *cells, bottom),
    ]


def grid(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    commands: Sequence[Command],
    *,
    align: str = "LEFT",
    **kw: Any,
) -> Table:
    """A table laid out by `commands` (a TableStyle), left-aligned unless told otherwise."""
    tbl = MeasuredTable([list(r) for r in rows], colWidths=list(widths), hAlign=align, **kw)
    tbl.setStyle(TableStyle(list(commands)))
    return tbl


def columns(*widths: float | None, total: float = t.CONTENT_WIDTH) -> list[float]:
    """Column widths in which the one None column takes whatever the others leave."""
    rest = total - sum(w for w in widths if w is not None)
    return [rest if w is None else w for w in widths]


def header_row(*labels: str | tuple[str, str]) -> list[Any]:
    """A data table's header: each label in the "th" style, or (label, style) for another."""
    return [rich(*((label, "th") if isinstance(label, str) else label)) for label in labels]


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    extra: Iterable[Command] = (),
) -> Table:
    """A data table: hairlines between rows, repeated header, rows that may split over pages."""
    commands: list[Command] = [
        ("VALIGN", *ALL, "TOP"),
        *padding(4, 4, 4, 5),
        ("LINEBELOW", *ALL, 0.4, t.RULE),
    ]
    if header:
        commands += [
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, t.ACCENT),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 3.5),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ]
    commands += list(extra)
    return grid(rows, widths, commands, repeatRows=1 if header else 0, splitInRow=1)
