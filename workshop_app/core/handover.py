"""Handing a workshop over to the systems of record: its decisions and action items as rows that
Jira's and ServiceNow's importers accept, and the views of an Excel workbook (decisions, action
items, needs and scores, and the roadmap of `core.roadmap`).

Pure Python: rows of plain values; `report.handover` writes them as CSV or as a workbook.

- **Jira** (Cloud CSV importer): a header row with the importer's own field names, so columns
  map themselves: Summary (required, at most 255 characters), Issue Type, Description, Assignee,
  Due date (written YYYY-MM-DD: choose the date format "yyyy-MM-dd" in the importer), and Labels,
  repeated for several labels (a label holds no spaces). Every row is a Task, which every Jira
  project has.
- **ServiceNow** (an import set loaded from the CSV; a transform map onto a task table such as
  Demand or Project task maps matching column names by itself): short_description (at most 160
  characters), description, assigned_to, due_date (YYYY-MM-DD), state (the task table's values:
  1 Open, -5 Pending, 3 Closed Complete, 7 Closed Skipped) and correlation_id, the item's stable id
  here, so that a second import can update instead of duplicating.

Both carry the decision's estimate (its needs' person-days and money summed, with the least sure
confidence): Jira as its Original Estimate (in seconds, a person-day counted as 8 hours) and
as Person-days, Cost and Estimate confidence columns a custom field can take; ServiceNow as
person_days, cost and estimate_confidence (an import set's columns, mapped in the transform).

Decisions become rows only once made; declined and deferred requests go over too, with their
reasons: the system of record should know what was not taken on and why.

User text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) is neutralised: in a CSV with a leading apostrophe (`cell`); in the workbook every text
is stored as text with Excel's quote prefix, so it shows exactly as typed and is never
calculated. Control characters that neither CSV readers nor Excel accept become spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from workshop_app.core import model as m
from workshop_app.core.capacity import Estimate, estimate_of
from workshop_app.core.roadmap import roadmap
from workshop_app.core.scoring import alignment, need_quadrant, priority, ranked_needs
from workshop_app.core.text import clip
from workshop_app.core.titles import need_title


class HandoverFormat(StrEnum):
    JIRA = "jira"
    SERVICENOW = "servicenow"
    XLSX = "xlsx"

    @property
    def label(self) -> str:
        return {
            "jira": "Jira (CSV)",
            "servicenow": "ServiceNow (CSV)",
            "xlsx": "Excel workbook",
        }[self.value]

    @property
    def suffix(self) -> str:
        return ".xlsx" if self is HandoverFormat.XLSX else ".csv"


Value = str | int | float


@dataclass(frozen=True)
class Sheet:
    """One table: a title (a workbook sheet's name), a header row and rows of plain values."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]


#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def cell(text: str) -> str:
    """User text safe for a CSV cell: no control characters (other than line breaks), and a
    leading apostrophe when it would otherwise start a formula."""
    text = plain(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plain(text: str) -> str:
    """User text for a workbook cell: no control characters (other than line breaks), which the
    file format cannot hold. The writer stores every text as text, never as a formula."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def _label(text: str) -> str:
    """A Jira label: no spaces (they would split it), neutralised like any other cell."""
    return cell("-".join(text.split())[:255])


JIRA_HEADER = (
    "Summary",
    "Issue Type",
    "Description",
    "Assignee",
    "Due date",
    "Labels",
    "Labels",
    "Labels",
    "Original Estimate",
    "Person-days",
    "Cost",
    "Estimate confidence",
)
SERVICENOW_HEADER = (
    "short_description",
    "description",
    "assigned_to",
    "due_date",
    "state",
    "correlation_id",
    "person_days",
    "cost",
    "estimate_confidence",
)
#: Jira's Original Estimate is imported in seconds; a person-day counts as 8 hours.
SECONDS_PER_DAY = 8 * 60 * 60
#: ServiceNow task states used for each kind of decision.
_STATES = {
    m.DecisionKind.PROCEED: 1,
    m.DecisionKind.RESHAPE: 1,
    m.DecisionKind.DEFER: -5,
    m.DecisionKind.NEEDS_INFORMATION: -5,
    m.DecisionKind.DECLINE: 7,
}
_OPEN, _DONE = 1, 3


@dataclass(frozen=True)
class _Item:
    """A decision or an action item, in the words both systems receive."""

    summary: str
    description: str
    owner: str
    due_date: str
    labels: tuple[str, ...]
    state: int
    correlation_id: str
    estimate: Estimate = field(default_factory=Estimate)


def _origin(ws: m.Workshop) -> str:
    where = ", ".join(p for p in (ws.division.strip(), ws.date) if p)
    return (
        f"From the workshop “{clip(ws.title, 200)}”"
        + (f" ({where})" if where else "")
        + (f", revision {ws.revision} ({ws.status.label.lower()}).")
    )


def _decision_items(ws: m.Workshop) -> list[_Item]:
    items = []
    decisions = ws.decisions_by_request()
    needs_by_request = ws.needs_by_request()
    for number, request in enumerate(ws.requests, start=1):
        decision = decisions.get(request.id)
        if decision is None or decision.kind is None:
            continue
        lines = [f"Request {number}: {request.text}"]
        if request.requested_by.strip():
            lines.append(f"Asked by: {request.requested_by}")
        for need in needs_by_request.get(request.id, []):
            result, prio = alignment(ws, need), priority(ws, need)
            lines.append(f"Need: {need_title(ws, need, 2000)}")
            lines.append(
                f"Alignment {result.score_text}; priority {prio.score:g} ({prio.framework.label})"
            )
        lines.append(f"Decision: {decision.kind.label}")
        for caption, text in (("Rationale", decision.rationale), ("Next step", decision.next_step)):
            if text.strip():
                lines.append(f"{caption}: {text}")
        lines.append(_origin(ws))
        items.append(
            _Item(
                summary=f"{decision.kind.label}: {clip(request.text, 200)}",
                description="\n".join(lines),
                owner=decision.owner,
                due_date=decision.due_date,
                labels=("decision", decision.kind.value.replace("_", "-")),
                state=_STATES[decision.kind],
                correlation_id=f"workshop-{ws.lineage_id}-decision-{request.id}",
                estimate=estimate_of(needs_by_request.get(request.id, [])),
            )
        )
    return items


def _action_items(ws: m.Workshop) -> list[_Item]:
    items = []
    for action in ws.actions:
        lines = [action.text]
        request = ws.request(action.request_id) if action.request_id else None
        if request is not None:
            lines.append(f"For the request: {request.text}")
        lines.append("Done in the workshop." if action.done else "Open.")
        lines.append(_origin(ws))
        items.append(
            _Item(
                summary=clip(action.text, 250),
                description="\n".join(lines),
                owner=action.owner,
                due_date=action.due_date,
                labels=("action-item", "done" if action.done else "open"),
                state=_DONE if action.done else _OPEN,
                correlation_id=f"workshop-{ws.lineage_id}-action-{action.id}",
            )
        )
    return items


def _items(ws: m.Workshop) -> list[_Item]:
    return _decision_items(ws) + _action_items(ws)


def jira_sheet(ws: m.Workshop) -> Sheet:
    """Decisions made and action items, one Jira Task each."""
    division = _label(ws.division) or "workshop"
    rows = tuple(
        (
            cell(clip(item.summary, 255)),
            "Task",
            cell(item.description),
            cell(item.owner),
            item.due_date,
            _label(item.labels[0]),
            _label(item.labels[1]),
            division,
            "" if item.estimate.days is None else item.estimate.days * SECONDS_PER_DAY,
            *item.estimate.cells(),
        )
        for item in _items(ws)
    )
    return Sheet("Jira", JIRA_HEADER, rows)


def servicenow_sheet(ws: m.Workshop) -> Sheet:
    """Decisions made and action items, one task record each."""
    rows = tuple(
        (
            cell(clip(item.summary, 160)),
            cell(item.description),
            cell(item.owner),
            item.due_date,
            item.state,
            item.correlation_id,
            *item.estimate.cells(),
        )
        for item in _items(ws)
    )
    return Sheet("ServiceNow", SERVICENOW_HEADER, rows)


def workbook_sheets(ws: m.Workshop) -> list[Sheet]:
    """One sheet per view: decisions, action items, needs and their scores, the roadmap."""
    return [_decisions_sheet(ws), _actions_sheet(ws), _needs_sheet(ws), roadmap_sheet([ws])]


def roadmap_sheet(workshops: list[m.Workshop]) -> Sheet:
    """The commitments on a timeline (`core.roadmap`), for one workshop or many."""
    rows = tuple(
        (
            entry.due_date,
            entry.quarter,
            plain(entry.division),
            plain(entry.what),
            plain(entry.owner),
            entry.kind,
            "done" if entry.done else "open",
            plain(entry.workshop),
        )
        for entry in roadmap(workshops)
    )
    header = ("Due date", "Quarter", "Division", "What", "Owner", "From", "Status", "Workshop")
    return Sheet("Roadmap", header, rows)


_DECISION_COLUMNS = (
    "Request #",
    "Request",
    "Asked by",
    "Decision",
    "Rationale",
    "Owner",
    "Next step",
    "Due date",
    "Needs",
    "Person-days",
    "Money",
    "Estimate confidence",
)
_NEED_COLUMNS = (
    "Position",
    "Need",
    "Alignment score",
    "Alignment points",
    "Alignment unclear",
    "Priority",
    "Framework",
    "Value",
    "Value / effort",
    "Person-days",
    "Money",
    "Estimate confidence",
)


def _decisions_sheet(ws: m.Workshop) -> Sheet:
    """Every request with its decision, made or not yet."""
    decisions = ws.decisions_by_request()
    needs_by_request = ws.needs_by_request()
    rows = []
    for number, request in enumerate(ws.requests, start=1):
        decision = decisions.get(request.id) or m.Decision(request.id)
        needs = needs_by_request.get(request.id, [])
        rows.append(
            (
                number,
                plain(request.text),
                plain(request.requested_by),
                decision.kind.label if decision.kind else "Not decided yet",
                plain(decision.rationale),
                plain(decision.owner),
                plain(decision.next_step),
                decision.due_date,
                plain("\n".join(need_title(ws, n, 2000) for n in needs)),
                *estimate_of(needs).cells(),
            )
        )
    return Sheet("Decisions", _DECISION_COLUMNS, tuple(rows))


def _actions_sheet(ws: m.Workshop) -> Sheet:
    numbers = {r.id: i for i, r in enumerate(ws.requests, start=1)}
    rows = tuple(
        (
            plain(a.text),
            plain(a.owner),
            a.due_date,
            "yes" if a.done else "no",
            numbers.get(a.request_id or "", ""),
        )
        for a in ws.actions
    )
    return Sheet("Actions", ("Action", "Owner", "Due date", "Done", "For request #"), rows)


def _needs_sheet(ws: m.Workshop) -> Sheet:
    """The needs in priority order, with the alignment points under the capped score."""
    rows = []
    for position, (need, prio) in enumerate(ranked_needs(ws), start=1):
        result = alignment(ws, need)
        rows.append(
            (
                position,
                plain(need_title(ws, need, 2000)),
                result.score,
                round(result.points, 1),
                "yes" if result.unclear else "no",
                prio.score,
                prio.framework.label,
                "rated" if need.assessment.value is not None else "from alignment",
                need_quadrant(ws, need).label,
                *estimate_of([need]).cells(),
            )
        )
    return Sheet("Needs & scores", _NEED_COLUMNS, tuple(rows))
