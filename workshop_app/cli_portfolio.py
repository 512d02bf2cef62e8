"""The command line's views across workshops: the request portfolio (filtered by lens, IT's own
ideas marked) and each division's phase history (`workshop-app phases Sales`)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workshop_app import terminal
from workshop_app.cli import EXIT_OK
from workshop_app.cli import _open_library as open_library  # the one way commands open it
from workshop_app.core import model as m
from workshop_app.core import phases
from workshop_app.core.origin import IT_MARK
from workshop_app.core.text import clip
from workshop_app.terminal import say

if TYPE_CHECKING:
    from workshop_app.core.comparable import Scoring
    from workshop_app.storage.operations import Library

Add = Callable[[str, Callable[[argparse.Namespace], int], str], Any]
LENS_CHOICES = {"internal": m.Lens.INTERNAL, "customer-facing": m.Lens.CUSTOMER_FACING}
LENS_CHOICES["both"] = m.Lens.BOTH


def _period_scoring(library: Library, period: str | None) -> tuple[str, Scoring | None]:
    """The period the portfolio compares under (by default the first), and its scoring."""
    from workshop_app.core.errors import UserError
    from workshop_app.storage.capacity import capacities, find_period

    capacity = find_period(capacities(library), period)
    if period is not None and capacity is None:
        raise UserError(f"No period “{clip(period, 60)}” is set in this library.")
    return (capacity.period, capacity.scoring) if capacity else ("", None)


def cmd_portfolio(args: argparse.Namespace) -> int:
    from workshop_app.core.comparable import scoring_note
    from workshop_app.storage.portfolio import latest_workshops, portfolio_rows

    lens = LENS_CHOICES[args.lens] if args.lens else None
    library = open_library(args)
    period, scoring = _period_scoring(library, args.period)
    rows = portfolio_rows(library, lens=lens, scoring=scoring)
    if args.it_only:
        rows = [r for r in rows if r.origin is m.Origin.IT]
    if args.json:
        data = [
            {
                "workshop_id": r.workshop_id,
                "workshop": r.workshop_title,
                "division": r.division,
                "date": r.date,
                "request_id": r.request_id,
                "request": r.request,
                "origin": r.origin.value,
                "lenses": [lens.value for lens in r.lenses if lens is not None],
                "alignment": r.alignment,
                "priority": r.priority,
                "framework": r.framework.value,
                "decision": r.decision.value if r.decision else None,
                "owner": r.owner,
            }
            for r in rows
        ]
        terminal.write(terminal.json_visible(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
        return EXIT_OK
    if not rows:
        say("No request matches." if lens or args.it_only else "No requests in any workshop yet.")
    elif scoring is not None:
        say(scoring_note(latest_workshops(library), scoring, period))
    for r in rows:
        mark = f"[{IT_MARK}] " if r.origin is m.Origin.IT else ""
        facts = [r.lens_words or "no lens yet"]
        if r.alignment is not None:
            facts.append(f"alignment {r.alignment}")
        if r.priority is not None:
            facts.append(f"priority {r.priority:g}")
        facts.append(r.decision.label if r.decision else "not decided")
        say(
            f"{clip(r.division, 30) or '—'} · {r.date or '----------'}  {mark}"
            f"“{clip(r.request, 80)}” — {', '.join(facts)}"
        )
    if rows and not lens and not args.it_only:
        _say_shared(library)
    return EXIT_OK


def _say_shared(library: Library) -> None:
    """Needs that several divisions share, after the requests: "Same need, other divisions"."""
    from workshop_app.storage.portfolio import portfolio_shared_needs

    groups = portfolio_shared_needs(library)
    if groups:
        say("")
        say("Same need, other divisions:")
    for group in groups:
        say(f"  {group.sentence()} {group.goal_words()}")


def cmd_phases(args: argparse.Namespace) -> int:
    from workshop_app.storage.phases import phase_history

    history = phase_history(open_library(args), args.division)
    if not history:
        say(f"No workshop with {clip(args.division, 60)} has recorded where IT stands yet.")
        return EXIT_OK
    for standing in history:
        day = standing.date or "----------"
        say(f"{day}  {standing.phase.label:<8}  {clip(standing.title, 80)}")
    if len(history) > 1:
        latest, before = history[0], history[1]
        moved = phases.movement_text(args.division, before.phase, latest.phase, before.date)
        if moved:
            say(moved)
    return EXIT_OK


def add_commands(add: Add) -> None:
    """The portfolio and phase-history commands, added to the `workshop-app` parser."""
    p = add("portfolio", cmd_portfolio, "list every request across workshops, newest first")
    p.add_argument(
        "--lens",
        choices=sorted(LENS_CHOICES),
        help="only requests with a need of this lens (internal and customer-facing each "
        "include needs that are both)",
    )
    p.add_argument("--it-only", action="store_true", help="only IT's own ideas")
    p.add_argument(
        "--period",
        help="compare priorities under this period's framework and weights (default: the "
        "first period set with `capacity --set`)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of lines")
    from workshop_app import cli_capacity  # what the commitments need against capacity

    cli_capacity.add_commands(add)
    p = add("phases", cmd_phases, "where IT stood with a division at each of its workshops")
    p.add_argument("division")
