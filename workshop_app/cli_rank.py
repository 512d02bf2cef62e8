"""The command line's ranking and hand-over: `priorities` (the ranked needs with their scores),
`sensitivity` (what change of one goal's weight would swap each pair of neighbours, and whether
the top of the ranking is robust) and `handover` (decisions and action items for Jira, ServiceNow
or an Excel workbook). Each prints lines for people, or JSON with `--json`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from workshop_app import terminal
from workshop_app.cli import EXIT_OK
from workshop_app.cli import _open_library as open_library  # the one way commands open it
from workshop_app.core.text import clip
from workshop_app.terminal import say

Add = Any  # the `add` of `cli._add_commands`


def _json(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    terminal.write(terminal.json_visible(text) + "\n")


def _number(value: float) -> str:
    return f"{value:g}"


# -- priorities --------------------------------------------------------------------------------
def cmd_priorities(args: argparse.Namespace) -> int:
    from workshop_app.core.scoring import alignment, ranked_needs
    from workshop_app.core.titles import need_title

    workshop = open_library(args).workshop(args.id)
    ranked = ranked_needs(workshop)
    rows: list[dict[str, Any]] = []
    for position, (need, prio) in enumerate(ranked, start=1):
        result = alignment(workshop, need)
        rows.append(
            {
                "position": position,
                "need_id": need.id,
                "need": need_title(workshop, need, 500),
                "score": prio.score,
                "complete": prio.complete,
                "alignment": result.score,
                "alignment_points": round(result.points, 1),
                "alignment_unclear": result.unclear,
                "value_from": "rated" if need.assessment.value is not None else "alignment",
                "parts": [
                    {"name": part.name, "value": round(part.value, 2), "note": part.note}
                    for part in prio.parts
                ],
            }
        )
    if args.json:
        _json(
            {
                "workshop": workshop.id,
                "title": workshop.title,
                "framework": workshop.framework.value,
                "formula": ranked[0][1].formula if ranked else "",
                "needs": rows,
            }
        )
        return EXIT_OK
    say(f"Priorities of “{clip(workshop.title, 80)}” — {workshop.framework.label}")
    if not rows:
        say("No needs yet: find the need behind each request first.")
        return EXIT_OK
    say(ranked[0][1].formula)
    for row in rows:
        points = (
            f" ({row['alignment_points']:.0f} points)"
            if round(row["alignment_points"]) > 100
            else ""
        )
        flags = "" if row["complete"] else "  · some ratings assumed"
        say(
            f"{row['position']:>3}. {_number(row['score']):>7}  {clip(row['need'], 70)}"
            f"  · alignment {row['alignment']}{points}{flags}"
        )
    return EXIT_OK


# -- sensitivity -------------------------------------------------------------------------------
def cmd_sensitivity(args: argparse.Namespace) -> int:
    from workshop_app.core.sensitivity import WEIGHT_RANGE, workshop_sensitivity

    workshop = open_library(args).workshop(args.id)
    result = workshop_sensitivity(workshop, top=args.top)
    if args.json:
        _json({"workshop": workshop.id, "title": workshop.title, **result.as_json()})
        return EXIT_OK
    say(f"How robust is the ranking of “{clip(workshop.title, 80)}” — {result.framework.label}")
    say(result.verdict_text)
    if result.pairs:
        say("")
        say(
            "What would change the order (the smallest change of one goal's weight, "
            f"{WEIGHT_RANGE[0]}–{WEIGHT_RANGE[1]}):"
        )
    for pair in result.pairs:
        names = f"{clip(pair.upper.label, 40)} ↔ {clip(pair.lower.label, 40)}"
        where = f"{pair.upper.position:>3}–{pair.lower.position:<3}"
        if pair.swap is None:
            say(f"{where} {names}: no single weight change swaps them")
        else:
            say(
                f"{where} {names}: weight of “{clip(pair.swap.goal_title, 50)}” "
                f"{pair.swap.weight_from} → {pair.swap.weight_to}"
            )
    say("")
    for note in result.notes:
        say(f"· {note}")
    return EXIT_OK


# -- handover ----------------------------------------------------------------------------------
def cmd_handover(args: argparse.Namespace) -> int:
    from workshop_app.core.handover import HandoverFormat
    from workshop_app.report.handover import export_handover

    fmt = HandoverFormat(args.format)
    workshop = open_library(args).workshop(args.id)
    path = export_handover(workshop, fmt, Path(args.out))
    say(path.resolve())
    undecided = sum(
        1 for request in workshop.requests if workshop.decision_for(request.id).kind is None
    )
    if undecided and fmt is not HandoverFormat.XLSX:
        say(
            f"workshop-app: {undecided} request{'' if undecided == 1 else 's'} without a "
            "decision yet stayed out of the file.",
            err=True,
        )
    return EXIT_OK


def add_commands(add: Add) -> None:
    p = add("priorities", cmd_priorities, "the needs of a workshop, ranked, with their scores")
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help="print JSON instead of lines")
    p = add(
        "sensitivity",
        cmd_sensitivity,
        "how robust a workshop's ranking is: the smallest change of one goal's weight that "
        "swaps each pair of neighbours",
    )
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help="print JSON instead of lines")
    p.add_argument(
        "--top",
        type=int,
        default=3,
        choices=range(1, 21),
        metavar="N",
        help="how many needs at the top are judged robust or fragile (default 3)",
    )
    p = add(
        "handover",
        cmd_handover,
        "write decisions and action items for Jira or ServiceNow (CSV), or an Excel workbook",
    )
    p.add_argument("id")
    p.add_argument("--format", required=True, choices=["jira", "servicenow", "xlsx"])
    p.add_argument("--out", required=True, help="file (.csv or .xlsx) or folder to write into")
