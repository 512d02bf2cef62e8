"""What the summary PDF reuses within an export (parsed and broken paragraphs, drawn operators,
table measurements, the right-to-left pre-check) must give exactly what doing the work again gives.
"""

from __future__ import annotations

import copy
import gc
import io
import sys
import unicodedata

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from reportlab.platypus import paragraph as platypus_paragraph

from workshop_app import collector
from workshop_app.core.demo import demo_workshop
from workshop_app.report import bidi, fonts, layout, reuse
from workshop_app.report import theme as t
from workshop_app.report.export import build_pdf

_LONG = " ".join(f"word{i} and some more text to wrap" for i in range(160))
_TEXTS = [
    ("Why it matters", "label"),
    ("Owner", "label"),
    ("—", "dash"),
    ('<font color="#B45309"><b>Not decided yet</b></font> (R1)', "cell"),
    ("Proceed (R2)", "cell"),
    ("Q2 2027", "body"),
    ("Q2 2027", "cell"),
    ("Four short lines " * 12, "body"),
    (_LONG, "body"),
    (f"<b>N1</b>  {_LONG}", "cell"),
]


def _story(make: type[Paragraph], table: type[Table]) -> list[object]:
    story: list[object] = []
    for round_ in range(12):
        for text, style in _TEXTS:
            story.append(make(text, t.styles()[style]))
        rows = [
            [make(text, t.styles()[style]), make(f"{i % 3}", t.styles()["cell_right"])]
            for i, (text, style) in enumerate(_TEXTS)
        ]
        story.append(table(rows, colWidths=[120, t.CONTENT_WIDTH - 120], splitInRow=1))
        story.append(Spacer(1, 7 * (round_ % 3)))
    return story


def _pdf(make: type[Paragraph], table: type[Table]) -> bytes:
    fonts.register_fonts()
    buffer = io.BytesIO()
    doc = layout.SummaryDocTemplate(buffer, draft=True)
    decoration = layout.Decoration("Reuse", "footer", draft=True, status_tag="")
    try:
        doc.build(_story(make, table), canvasmaker=layout.canvas_maker(decoration))
    finally:
        reuse.clear_caches()
    return buffer.getvalue()


def test_shared_paragraphs_and_tables_write_the_same_bytes_as_fresh_ones() -> None:
    reused = _pdf(reuse.SharedParagraph, reuse.MeasuredTable)
    fresh = _pdf(Paragraph, Table)
    assert len(PdfReader(io.BytesIO(reused)).pages) > 3  # long enough to split across pages
    assert reused == fresh


def test_every_right_to_left_character_is_in_a_right_to_left_block() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.bidirectional(char) in ("R", "AL"):
            assert bidi._RTL_BLOCKS.match(char), f"U+{code:04X}"


def test_the_attachment_is_json_and_the_identifier_follows_the_content() -> None:
    ws = demo_workshop()
    pdf = build_pdf(ws)
    reader = PdfReader(io.BytesIO(pdf))
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    stream = names[1].get_object()["/EF"]["/F"].get_object()
    assert stream["/Subtype"] == "/application/json"
    assert stream["/Params"]["/CreationDate"] == reader.metadata["/CreationDate"]
    first, second = (_id_bytes(part) for part in reader.trailer["/ID"])
    assert first == second and len(first) == 16
    ws.title = "Another title"
    other = PdfReader(io.BytesIO(build_pdf(ws))).trailer["/ID"]
    assert _id_bytes(other[0]) != first


def _id_bytes(part: object) -> bytes:
    """An identifier's 16 bytes: pypdf reads bytes that happen to begin with a UTF-16 byte-order
    mark as text, so ask for the bytes as written."""
    original = getattr(part, "original_bytes", part)
    assert isinstance(original, bytes)
    return original


class _Failing:
    """A document whose layout fails halfway."""

    def build(self, story: object, canvasmaker: object) -> None:
        raise RuntimeError("layout failed")


def test_the_garbage_collector_pauses_only_while_a_document_is_built() -> None:
    seen: list[bool] = []

    class _Recording:
        def build(self, story: object, canvasmaker: object) -> None:
            seen.append(gc.isenabled())

    assert gc.isenabled()
    reuse.build(_Recording(), [], None)
    assert seen == [False] and gc.isenabled()
    with pytest.raises(RuntimeError):
        reuse.build(_Failing(), [], None)
    assert gc.isenabled()  # back on, even after a failure
    gc.disable()
    try:
        reuse.build(_Recording(), [], None)
        assert not gc.isenabled()  # a caller that had paused it keeps it paused
    finally:
        gc.enable()
    build_pdf(demo_workshop())
    assert gc.isenabled()


def test_bounded_sharing_writes_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The caches start afresh at `_SHARED_LIMIT` entries, so a large workshop's unique
    paragraphs do not all stay in memory; the bytes do not depend on the limit."""
    unbounded = _pdf(reuse.SharedParagraph, reuse.MeasuredTable)
    sizes: list[int] = []
    memo_put = dict.__setitem__

    class _Memo(dict):  # type: ignore[type-arg]
        def __setitem__(self, key: object, value: object) -> None:
            memo_put(self, key, value)
            sizes.append(len(self))

    monkeypatch.setattr(reuse, "_SHARED_LIMIT", 3)
    original = layout._DeferredCanvas.__init__

    def with_memo(self: layout._DeferredCanvas, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.drawn = _Memo()

    monkeypatch.setattr(layout._DeferredCanvas, "__init__", with_memo)
    bounded = _pdf(reuse.SharedParagraph, reuse.MeasuredTable)
    assert bounded == unbounded
    assert sizes and max(sizes) <= 3


@pytest.mark.parametrize(
    "text",
    [
        "Owner",
        "  spaced   out\tand\nover lines  ",
        "Quotes \"', emoji 🙂 and 中文",
        "x",
        " ",
        "a <b>bold</b> word",
        "Tom &amp; Jerry &lt;3 &gt; x&amp;y",
        '<font color="rgb(120,113,108)">Asked by</font> Ann · <b><i>Due</i></b> <font '
        'name="WorkshopCJK">中文</font><br/>next line &amp;<br/><br/>',
        "<b></b><i> </i>",
        "&amp;",
        "A &nbsp; non-breaking space, &#169; a numbered one",  # entities left to the parser
        "R&D and a lone & sign",  # not markup reportlab reads; left to it
        "\ue000 and \ue001 in the text itself",
        "no\xa0break, ideographic\u3000space, zero\u200bwidth, trailing ",
        " leading and  double",
        "a > sign",
    ],
)
def test_markup_gives_the_fragments_the_parser_gives(text: str) -> None:
    """Markup is parsed once per skeleton (its tags and entities) and style; each paragraph's
    fragments are the very ones the parser makes of it, in every style of the summary and in
    one that changes the case."""
    fonts.coverage(fonts.CJK)  # registers the fallback the markup names
    styles = [*t.styles().values(), ParagraphStyle("upper", textTransform="uppercase")]
    try:
        for paragraph_style in styles:
            for _ in range(2):  # the skeleton parsed, then reused
                shared = reuse.SharedParagraph(text, paragraph_style)
                fresh = Paragraph(text, paragraph_style)
                assert shared.text == fresh.text
                assert [f.__dict__ for f in shared.frags] == [f.__dict__ for f in fresh.frags]
                reuse._parsed.clear()  # only the skeletons stay
    finally:
        reuse.clear_caches()


def test_a_frame_copies_deeply_what_is_not_a_plain_value() -> None:
    """The summary's frames copy faster when platypus measures a group kept together: the copy
    holds the same values, and its own list of backgrounds."""
    doc = layout.SummaryDocTemplate(io.BytesIO(), draft=True)
    frame = doc.pageTemplates[1].frames[0]
    frame._frameBGs = [(0, 0, 0, [1, 2])]  # as the layout sets it
    frame.extra = {"nested": [1]}
    clone = copy.deepcopy(frame)
    assert type(clone) is type(frame)
    assert clone.__dict__ == frame.__dict__
    for name in ("_frameBGs", "extra"):
        assert getattr(clone, name) is not getattr(frame, name)
    assert clone._frameBGs[0][3] is not frame._frameBGs[0][3]
    assert clone.extra["nested"] is not frame.extra["nested"]


def test_words_are_measured_once_per_layout_and_as_reportlab_measures_them() -> None:
    """While a document is laid out, paragraphs measure words with remembered widths (the same
    numbers as reportlab's); before and after, and after a failed layout, with reportlab's."""
    fonts.register_fonts()
    seen: list[object] = []

    class _Measuring:
        def build(self, story: object, canvasmaker: object) -> None:
            measure = platypus_paragraph.stringWidth
            seen.append(measure)
            for word in ("alignment", "alignment", "中文", " "):
                for font in (fonts.SANS, fonts.SANS_BOLD):
                    assert measure(word, font, 9.2) == stringWidth(word, font, 9.2)
            heights = platypus_paragraph.getAscentDescent
            seen.append(heights)
            for size in (9.2, 9.2, None):
                assert heights(fonts.SANS, size) == getAscentDescent(fonts.SANS, size)

    reuse.build(_Measuring(), [], None)
    assert seen[0] is not stringWidth and seen[1] is not getAscentDescent
    assert platypus_paragraph.stringWidth is stringWidth
    assert platypus_paragraph.getAscentDescent is getAscentDescent
    assert not reuse._widths and not reuse._ascents  # forgotten with the rest
    with pytest.raises(RuntimeError):
        reuse.build(_Failing(), [], None)
    assert platypus_paragraph.stringWidth is stringWidth
    assert platypus_paragraph.getAscentDescent is getAscentDescent


def test_drawn_paragraphs_leave_no_cycles_for_the_collector() -> None:
    """A paragraph of several fragments draws through a text object bound to itself; once
    drawn, it no longer waits for the garbage collector (nor do the lines it drew)."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        build_pdf(demo_workshop())
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert "PDFTextObject" not in left
    assert "FragLine" not in left


def test_a_summary_canvas_saves_and_restores_its_graphics_state_as_reportlab_does() -> None:
    from reportlab.pdfgen.canvas import Canvas

    fonts.register_fonts()
    decoration = layout.Decoration("State", "footer", draft=True, status_tag="")
    ours = layout.canvas_maker(decoration)(io.BytesIO())
    theirs = Canvas(io.BytesIO())
    for canvas in (ours, theirs):
        canvas.setFont(fonts.SANS, 9)
        canvas.setFillColor(t.ACCENT)
        canvas.saveState()
        before = {name: canvas.__dict__[name] for name in Canvas.STATE_ATTRIBUTES}
        canvas.saveState()
        canvas.setFont(fonts.SANS_BOLD, 12)
        canvas.setFillAlpha(0.5)
        canvas.translate(10, 20)
        canvas.restoreState()
        assert {name: canvas.__dict__[name] for name in Canvas.STATE_ATTRIBUTES} == before
        canvas.restoreState()
    assert ours._code == theirs._code


def test_a_summary_table_styles_its_cells_as_reportlab_does() -> None:
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *reuse.padding(4, 4, 4, 5),
        ("TOPPADDING", (0, 0), (0, -1), 3.3),
        ("BOTTOMPADDING", (1, 1), (5, 9), 1),  # beyond the table: cut to it
        ("LEFTPADDING", (-2, -2), (-1, -1), 9),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("ALIGNMENT", (0, 2), (0, 2), "CENTER"),
        ("RIGHTPADDING", (2, 0), (1, -1), 7),  # an empty range
        ("LEFTPADDING", (0, "splitfirst"), (-1, "splitfirst"), 2),
        ("FONT", (0, 0), (-1, 0), fonts.SANS_BOLD, 8),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, t.RULE),
        ("BACKGROUND", (0, 0), (-1, 0), t.FILL),
    ]
    rows = [[f"{r}:{c}" for c in range(3)] for r in range(4)]
    ours = reuse.MeasuredTable([list(r) for r in rows], colWidths=[50, 60, 70])
    theirs = Table([list(r) for r in rows], colWidths=[50, 60, 70])
    for tbl in (ours, theirs):
        tbl.setStyle(TableStyle(commands))
    assert [[c.__dict__ for c in row] for row in ours._cellStyles] == [
        [c.__dict__ for c in row] for row in theirs._cellStyles
    ]
    for name in ("_bkgrndcmds", "_linecmds", "_srflcmds", "_sircmds", "_spanCmds"):
        assert getattr(ours, name) == getattr(theirs, name)


def test_settling_leaves_what_was_made_while_paused_to_the_full_collections() -> None:
    """A command that imports the report machinery and writes a summary resumes the collector
    without a collection walking all it made: what is still alive counts as old."""
    with collector.paused(settle=True):
        made = [[index] for index in range(20_000)]
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000  # not the 20,000 allocations: no young collection owed
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(made) in oldest and id(made[-1]) in oldest
    gc.disable()
    try:
        with collector.paused(settle=True):
            pass
        assert not gc.isenabled()  # a caller that had paused it keeps it paused
    finally:
        gc.enable()
