"""`workshop-app capacity`: what the commitments across workshops need against a period's
capacity, where the cut line falls, and setting a period's capacity (core/capacity.py)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workshop_app import terminal
from workshop_app.cli import EXIT_OK
from workshop_app.cli import _open_library as open_library  # the one way commands open it
from workshop_app.core.text import clip
from workshop_app.terminal import say

if TYPE_CHECKING:  # the parser is built at every start: the rules load when a command runs
    from workshop_app.core.capacity import CapacityItem, CutLine
    from workshop_app.core.comparable import Scoring

Add = Callable[[str, Callable[[argparse.Namespace], int], str], Any]


def _item(item: CapacityItem, fits: bool) -> dict[str, Any]:
    return {
        "workshop_id": item.workshop_id,
        "need_id": item.need_id,
        "division": item.division,
        "need": item.statement,
        "decision": item.decision.value if item.decision else None,
        "priority": item.priority,
        "person_days": item.days,
        "money": item.money,
        "confidence": item.confidence.value if item.confidence else None,
        "fits": fits,
    }


def as_json(line: CutLine) -> dict[str, Any]:
    cap = line.capacity
    return {
        "period": cap.period if cap else None,
        "capacity": {"person_days": cap.person_days, "money": cap.money} if cap else None,
        "framework": cap.scoring.framework.value if cap else None,
        "weights": cap.scoring.weights.text() if cap else None,
        "needed": {"person_days": line.days_needed, "money": line.money_needed},
        "fitting": {"person_days": line.days_fitting, "money": line.money_fitting},
        "items": [_item(i, f) for i, f in zip(line.items, line.fits, strict=True)],
    }


def _estimate(item: CapacityItem) -> str:
    parts = []
    if item.days is not None:
        parts.append(f"{item.days:,} d")
    if item.money is not None:
        parts.append(f"{item.money:,}")
    if not parts:
        return "no estimate"
    sure = f" ({item.confidence.label.lower()} confidence)" if item.confidence else ""
    return " + ".join(parts) + sure


def _scoring(args: argparse.Namespace) -> Scoring | None:
    """--framework and --weights as the period's scoring; None when neither is given."""
    from workshop_app.core import model as m
    from workshop_app.core.comparable import Scoring
    from workshop_app.core.errors import ValidationError
    from workshop_app.core.scoring import DEFAULT_WEIGHTS, Weights

    if args.framework is None and args.weights is None:
        return None
    framework = m.Framework(args.framework or "weighted")
    try:
        weights = Weights.parse(args.weights) if args.weights else DEFAULT_WEIGHTS
    except ValueError as error:
        raise ValidationError("weights", f"should be {error}") from error
    return Scoring(framework, weights)


def cmd_capacity(args: argparse.Namespace) -> int:
    from workshop_app.storage.capacity import library_cut_line, set_capacity

    library = open_library(args)
    if args.set is not None:
        cap = set_capacity(library, args.set, args.days, args.money, scoring=_scoring(args))
        if not args.json:
            say(f"Capacity for {clip(cap.period, 40)} set.")
    line = library_cut_line(library, args.period if args.set is None else args.set)
    if args.json:
        text = json.dumps(as_json(line), ensure_ascii=False, indent=2)
        terminal.write(terminal.json_visible(text) + "\n")
        return EXIT_OK
    say(line.summary())
    cut_shown = False
    for rank, (item, fits) in enumerate(zip(line.items, line.fits, strict=True), start=1):
        if not fits and not cut_shown:
            say("—— cut line: below it waits ——")
            cut_shown = True
        decision = item.decision.label if item.decision else "not decided"
        say(
            f"{rank:>3}. {clip(item.division, 24) or '—'} · priority {item.priority:g} · "
            f"{_estimate(item)} · {decision}: {clip(item.statement, 70) or '(not worded yet)'}"
        )
    return EXIT_OK


def add_commands(add: Add) -> None:
    """The capacity command, added to the `workshop-app` parser."""
    from workshop_app.core.model import Framework

    p = add(
        "capacity",
        cmd_capacity,
        "what the commitments need against a period's capacity, and the cut line",
    )
    p.add_argument("--period", help='the period to compare against, e.g. "2027 Q1" (default: '
                   "the first one set)")  # fmt: skip
    p.add_argument("--set", metavar="PERIOD", help="set this period's capacity first")
    p.add_argument("--days", type=int, help="with --set: the period's person-days")
    p.add_argument("--money", type=int, help="with --set: the period's money")
    p.add_argument(
        "--framework",
        choices=[f.value for f in Framework],
        help="with --set: how the portfolio scores every need for the period",
    )
    p.add_argument(
        "--weights", help='with --set: the weighted score\'s weights, e.g. "50/20/20/10"'
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of lines")
