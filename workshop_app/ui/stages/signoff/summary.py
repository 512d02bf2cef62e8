"""What the participants are signing: the decisions as the summary PDF records them.

A read-only document view: each request in quotes, the need beneath it, then the decision with its
reason, owner, next step and due date; then the action items. User text goes in as text, never
as markup, and very long words get break opportunities, so nothing spills out.

The document is written block by block through a text cursor, with the formats Qt's HTML reader
made of the markup this view was once given: at 2,000 requests that markup was 2 MB, and
writing and parsing it took most of the stage's first visit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from workshop_app.core import model as m
from workshop_app.ui.dates import nice_date
from workshop_app.ui.theme import current_colors
from workshop_app.ui.widgets.text import plural, wrappable

#: A run of text in one style ("" plain, "muted", "bold", "attention", and in a request's
#: heading "heading", "heading_muted", "heading_asked").
Run = tuple[str, str]
#: A paragraph: its style (see _block_formats) and its runs.
Block = tuple[str, tuple[Run, ...]]

NBSP = "\u00a0"
_SEPARATOR = f" {NBSP}·{NBSP} "
#: Runs of spaces (a single plain space stands as it is: most texts have only those).
_SPACES = re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]")


def _t(text: str, limit: int = 4000) -> str:
    """User text, wrappable, runs of spaces shown as one (as markup showed them), line breaks
    kept as breaks within the paragraph."""
    return _SPACES.sub(" ", wrappable(text, limit)).replace("\n", "\u2028")


def summary_blocks(ws: m.Workshop) -> list[Block]:
    """The summary as paragraphs of styled text runs."""
    facts = [f"Revision {ws.revision}"]
    if ws.date:
        facts.append(nice_date(ws.date))
    if ws.location:
        facts.append(ws.location)
    if ws.facilitator:
        facts.append(f"facilitated by {ws.facilitator}")
    # Looked up in dicts built once: a lookup per request grows with the square of the list.
    decisions, needs = ws.decisions_by_request(), ws.needs_by_request()
    decided = sum(1 for r in ws.requests if _decision(decisions, r).kind is not None)
    blocks: list[Block] = [("p", (("muted", _t(" · ".join(facts), 600)),))]
    if ws.requests:
        blocks.append(
            (
                "p",
                (
                    (
                        "",
                        f"{plural(len(ws.requests), 'request')}, {decided} decided · "
                        f"{plural(len(ws.goals), 'strategic goal')} · "
                        f"{plural(len(ws.actions), 'action item')}",
                    ),
                ),
            )
        )
    else:
        blocks.append(("p", (("muted", "No requests have been captured yet."),)))
    for number, request in enumerate(ws.requests, start=1):
        blocks += _request_blocks(
            request, number, needs.get(request.id, []), _decision(decisions, request)
        )
    if ws.actions:
        blocks.append(("actions", (("heading", f"Action items ({len(ws.actions)})"),)))
        for action in ws.actions:
            mark = "✓" if action.done else "○"
            extra = " · ".join(
                p
                for p in (
                    _t(action.owner, 300) or "no owner",
                    f"due {nice_date(action.due_date)}" if action.due_date else "",
                )
                if p
            )
            blocks.append(
                (
                    "action",
                    (("", f"{mark}{NBSP} {_t(action.text) or '—'} "), ("muted", f"· {extra}")),
                )
            )
    blocks.append(
        (
            "note",
            (
                (
                    "muted",
                    "The full summary, with needs, alignment and priorities, is in the exported "
                    "PDF. Every signature records this revision's content digest; any later "
                    "change makes the signatures void.",
                ),
            ),
        )
    )
    return blocks


def _decision(decisions: dict[str, m.Decision], request: m.Request) -> m.Decision:
    return decisions.get(request.id) or m.Decision(request_id=request.id)


def _request_blocks(
    request: m.Request, number: int, needs: list[m.Need], decision: m.Decision
) -> Iterator[Block]:
    heading: list[Run] = [
        ("heading_muted", str(number)),
        ("heading", f"{NBSP} “{_t(request.text)}”"),
    ]
    if request.requested_by:
        heading[-1] = ("heading", heading[-1][1] + " ")
        heading.append(("heading_asked", f"— {_t(request.requested_by, 300)}"))
    yield "heading", tuple(heading)
    statements = [n.statement for n in needs if n.statement.strip()]
    if statements:
        label = "Need:" if len(statements) == 1 else "Needs:"
        yield "need", (("muted", label), ("", " " + "; ".join(_t(s, 1000) for s in statements)))
    if decision.kind is None:
        yield "detail", (("attention", "Not decided yet"),)
        return
    reason = f" {_t(decision.rationale)}" if decision.rationale.strip() else ""
    yield "detail", (("bold", f"{decision.kind.label}."), *((("", reason),) if reason else ()))
    details: list[list[Run]] = []
    if decision.owner:
        details.append([("muted", "Owner"), ("", f" {_t(decision.owner, 300)}")])
    if decision.next_step:
        details.append([("muted", "Next step"), ("", f" {_t(decision.next_step, 1000)}")])
    if decision.due_date:
        details.append([("muted", "Due"), ("", f" {nice_date(decision.due_date)}")])
    if details:
        runs: list[Run] = []
        for i, detail in enumerate(details):
            if i:
                runs[-1] = (runs[-1][0], runs[-1][1] + _SEPARATOR)
            runs += detail
        yield "detail", tuple(runs)


def _block_formats() -> dict[str, QTextBlockFormat]:
    """Paragraph styles: margins as the markup had them (a paragraph 12 px above and below, a
    request's heading 18 above and 4 below, its lines indented 22 px)."""

    def block(top: float, bottom: float, left: float = 0, heading: int = 0) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setTopMargin(top)
        fmt.setBottomMargin(bottom)
        if left:
            fmt.setLeftMargin(left)
        if heading:
            fmt.setHeadingLevel(heading)
        return fmt

    return {
        "p": block(12, 12),
        "heading": block(18, 4, heading=4),
        "need": block(0, 12, 22),
        "detail": block(12, 12, 22),
        "actions": block(18, 12, heading=4),
        "action": block(12, 12, 6),
        "note": block(18, 12),
    }


def _char_formats() -> dict[str, QTextCharFormat]:
    c = current_colors()

    def char(
        color: str | None = None, weight: int | None = None, heading: bool = False
    ) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if color is not None:
            fmt.setForeground(QBrush(QColor(color)))
        if heading:
            fmt.setProperty(QTextCharFormat.Property.FontSizeAdjustment, 0)
        if weight is not None:
            fmt.setFontWeight(weight)
        return fmt

    bold, normal = QFont.Weight.Bold.value, QFont.Weight.Normal.value
    return {
        "": char(),
        "muted": char(c.muted),
        "bold": char(weight=bold),
        "attention": char(c.amber, weight=bold),
        "heading": char(weight=bold, heading=True),
        "heading_muted": char(c.muted, weight=bold, heading=True),
        "heading_asked": char(c.muted, weight=normal, heading=True),
    }


class SummaryView(QTextBrowser):
    """The decisions being signed, as a calm read-only document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signoffSummary")
        self.setAccessibleName("What is being signed")
        self.setOpenLinks(False)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.document().setDocumentMargin(16)
        self.document().setUndoRedoEnabled(False)  # read-only: nothing to undo
        self._workshop: m.Workshop | None = None
        self._shown: tuple[object, list[Block]] | None = None

    def show_workshop(self, ws: m.Workshop) -> None:
        self._workshop = ws
        blocks = summary_blocks(ws)
        colors = current_colors()
        if self._shown == (colors, blocks):
            return  # a refresh that changed nothing shown here
        self._shown = (colors, blocks)
        bar = self.verticalScrollBar()
        keep = bar.value()
        self._write(blocks)
        bar.setValue(keep)

    def _write(self, blocks: list[Block]) -> None:
        document = self.document()
        block_formats, char_formats = _block_formats(), _char_formats()
        cursor = QTextCursor(document)
        # As setHtml does: cleared and written in one edit that only inserts, so the view lays
        # the document out lazily (what is on screen first, the rest when idle), not at once.
        cursor.beginEditBlock()
        document.clear()
        cursor = QTextCursor(document)
        for i, (style, runs) in enumerate(blocks):
            if i:
                cursor.insertBlock(block_formats[style], char_formats[""])
            for run_style, text in runs:
                cursor.insertText(text, char_formats[run_style])
            if not i:
                cursor.setBlockFormat(block_formats[style])  # once it holds text (see above)
        cursor.endEditBlock()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._workshop is not None:
            self.show_workshop(self._workshop)  # the colours follow the theme
