"""The roadmap: what was committed to, and by when, across one or many workshops.

Each decision that goes ahead or comes back (proceed, reshape, defer, needs information) with its
next step, and each action item, on one timeline ordered by due date; the undated come last,
since a commitment without a date is worth seeing too. Declined requests are not on it: nothing
follows from them. Pure Python, so the workbook, a portfolio PDF and the app's roadmap
(ui/library/roadmap_view.py) all show it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workshop_app.core import model as m

#: The decisions that put something on the roadmap.
ON_THE_ROADMAP = (
    m.DecisionKind.PROCEED,
    m.DecisionKind.RESHAPE,
    m.DecisionKind.DEFER,
    m.DecisionKind.NEEDS_INFORMATION,
)


@dataclass(frozen=True)
class Entry:
    due_date: str  # YYYY-MM-DD, or "" when none was agreed
    kind: str  # "Proceed", "Reshape", … or "Action item"
    what: str
    owner: str
    division: str
    workshop: str
    done: bool = False
    workshop_id: str = ""  # the revision it comes from, for the app to open

    def overdue(self, today: str) -> bool:
        """Due before `today` (YYYY-MM-DD) and not done."""
        return bool(self.due_date) and self.due_date < today and not self.done

    @property
    def quarter(self) -> str:
        """ "2026 Q4" for a due date in October to December; "" when undated."""
        if not self.due_date:
            return ""
        year, month = self.due_date[:4], int(self.due_date[5:7])
        return f"{year} Q{(month - 1) // 3 + 1}"


def roadmap(workshops: Iterable[m.Workshop]) -> list[Entry]:
    """Every commitment of the workshops, the dated ones first by date, then the undated."""
    entries = []
    for ws in workshops:
        decisions = ws.decisions_by_request()
        for request in ws.requests:
            decision = decisions.get(request.id)
            if decision is None or decision.kind not in ON_THE_ROADMAP:
                continue
            assert decision.kind is not None
            what = decision.next_step.strip() or request.text
            entries.append(
                Entry(
                    decision.due_date,
                    decision.kind.label,
                    what,
                    decision.owner,
                    ws.division,
                    ws.title,
                    workshop_id=ws.id,
                )
            )
        entries += [
            Entry(a.due_date, "Action item", a.text, a.owner, ws.division, ws.title, a.done, ws.id)
            for a in ws.actions
        ]
    # A stable sort: on the same day, the workshops' own order.
    return sorted(entries, key=lambda e: (not e.due_date, e.due_date))


def by_quarter(entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
    """The entries in their quarters, in date order ("" last: the undated)."""
    quarters: dict[str, list[Entry]] = {}
    for entry in entries:
        quarters.setdefault(entry.quarter, []).append(entry)
    return sorted(quarters.items(), key=lambda pair: (not pair[0], pair[0]))
