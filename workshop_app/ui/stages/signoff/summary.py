"""What the participants are signing: the decisions as the summary PDF records them.

A read-only document view: each request in quotes, the need beneath it, then the decision with its
reason, owner, next step and due date; then the action items. Every user string is escaped before
it enters the HTML, and very long words get break opportunities, so nothing spills out.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QTextBrowser, QWidget

from workshop_app.core import model as m
from workshop_app.ui.dates import nice_date
from workshop_app.ui.theme import current_colors
from workshop_app.ui.widgets.text import plural, wrappable


def _t(text: str, limit: int = 4000) -> str:
    """User text, escaped and wrappable, line breaks kept."""
    return escape(wrappable(text, limit)).replace("\n", "<br>")


def summary_html(ws: m.Workshop) -> str:
    c = current_colors()
    muted = f'style="color:{c.muted}"'
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
    parts = [f"<p {muted}>{_t(' · '.join(facts), 600)}</p>"]
    if ws.requests:
        parts.append(
            f"<p>{plural(len(ws.requests), 'request')}, {decided} decided · "
            f"{plural(len(ws.goals), 'strategic goal')} · "
            f"{plural(len(ws.actions), 'action item')}</p>"
        )
    else:
        parts.append(f"<p {muted}>No requests have been captured yet.</p>")
    for number, request in enumerate(ws.requests, start=1):
        parts.append(
            _request_html(request, number, needs.get(request.id, []), _decision(decisions, request))
        )
    if ws.actions:
        parts.append(f'<h4 style="margin-top:18px">Action items ({len(ws.actions)})</h4>')
        for action in ws.actions:
            mark = "✓" if action.done else "○"
            extra = " · ".join(
                p
                for p in (
                    _t(action.owner, 300) or "no owner",
                    f"due {escape(nice_date(action.due_date))}" if action.due_date else "",
                )
                if p
            )
            parts.append(
                f'<p style="margin-left:6px">{mark}&nbsp; {_t(action.text) or "—"} '
                f"<span {muted}>· {extra}</span></p>"
            )
    parts.append(
        f'<p style="margin-top:18px; color:{c.muted}">The full summary, with needs, alignment and '
        "priorities, is in the exported PDF. Every signature records this revision's content "
        "digest; any later change makes the signatures void.</p>"
    )
    return "\n".join(parts)


def _decision(decisions: dict[str, m.Decision], request: m.Request) -> m.Decision:
    return decisions.get(request.id) or m.Decision(request_id=request.id)


def _request_html(
    request: m.Request, number: int, needs: list[m.Need], decision: m.Decision
) -> str:
    c = current_colors()
    muted = f'style="color:{c.muted}"'
    asked = (
        f' <span style="color:{c.muted}; font-weight:normal">— {_t(request.requested_by, 300)}'
        "</span>"
        if request.requested_by
        else ""
    )
    html = [
        f'<h4 style="margin-top:18px; margin-bottom:4px">'
        f"<span {muted}>{number}</span>&nbsp; “{_t(request.text)}”{asked}</h4>"
    ]
    statements = [n.statement for n in needs if n.statement.strip()]
    if statements:
        label = "Need" if len(statements) == 1 else "Needs"
        html.append(
            f'<p style="margin-left:22px; margin-top:0"><span {muted}>{label}:</span> '
            + "; ".join(_t(s, 1000) for s in statements)
            + "</p>"
        )
    if decision.kind is None:
        html.append(
            f'<p style="margin-left:22px"><b style="color:{c.amber}">Not decided yet</b></p>'
        )
        return "".join(html)
    reason = f" {_t(decision.rationale)}" if decision.rationale.strip() else ""
    html.append(f'<p style="margin-left:22px"><b>{decision.kind.label}.</b>{reason}</p>')
    details = []
    if decision.owner:
        details.append(f"<span {muted}>Owner</span> {_t(decision.owner, 300)}")
    if decision.next_step:
        details.append(f"<span {muted}>Next step</span> {_t(decision.next_step, 1000)}")
    if decision.due_date:
        details.append(f"<span {muted}>Due</span> {escape(nice_date(decision.due_date))}")
    if details:
        html.append(f'<p style="margin-left:22px">{" &nbsp;·&nbsp; ".join(details)}</p>')
    return "".join(html)


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
        self._workshop: m.Workshop | None = None

    def show_workshop(self, ws: m.Workshop) -> None:
        self._workshop = ws
        bar = self.verticalScrollBar()
        keep = bar.value()
        self.setHtml(summary_html(ws))
        bar.setValue(keep)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._workshop is not None:
            self.show_workshop(self._workshop)  # the colours in the HTML follow the theme
