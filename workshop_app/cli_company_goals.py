"""`workshop-app company-goals`: the library's company goals (core/company_goals.py).

    company-goals list [--all] [--period P] [--json]     the goals workshops can pick
    company-goals add TITLE [--description D] [--measure M] [--period P]
    company-goals edit GOAL [--title T] [--description D] [--measure M] [--period P]
    company-goals retire GOAL
    company-goals pick WORKSHOP GOAL [--weight 1-5]     add it to a workshop's company goals

GOAL is a goal's id (its first characters are enough) or its name.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from workshop_app import terminal
from workshop_app.cli import EXIT_OK, EXIT_USAGE
from workshop_app.cli import _open_library as open_library  # the one way commands open it
from workshop_app.core import company_goals as cg
from workshop_app.core.text import clip
from workshop_app.terminal import say

Add = Callable[[str, Callable[[argparse.Namespace], int], str], Any]


def _json(goal: cg.CompanyGoal) -> dict[str, Any]:
    return {
        "id": goal.id,
        "retired_at": goal.retired_at or None,
        "versions": [
            {
                "version": v.version,
                "title": v.title,
                "description": v.description,
                "measure": v.measure,
                "period": v.period,
                "changed_at": v.changed_at,
            }
            for v in goal.versions
        ],
    }


def line(goal: cg.CompanyGoal) -> str:
    """“3f2a1b9c  Grow mid-market revenue 15% · 2027 · version 2 (retired)”."""
    current = goal.current
    parts = [clip(current.title, 70)]
    if current.period:
        parts.append(clip(current.period, 24))
    parts.append(f"version {current.version}")
    retired = " (retired)" if goal.retired else ""
    return f"{goal.id[:8]}  {' · '.join(parts)}{retired}"


def _list(args: argparse.Namespace) -> int:
    from workshop_app.storage.company_goals import company_goals

    goals = company_goals(open_library(args))
    shown = goals if args.all else cg.offered(goals, args.period or "")
    if args.json:
        text = json.dumps([_json(g) for g in shown], ensure_ascii=False, indent=2)
        terminal.write(terminal.json_visible(text) + "\n")
        return EXIT_OK
    if not shown:
        say(
            'No company goals yet: `workshop-app company-goals add "TITLE" --period 2027` adds one.'
            if not goals
            else "No current company goals for that period (`--all` lists retired ones too)."
        )
    for goal in shown:
        say(line(goal))
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    from workshop_app.storage.company_goals import add_company_goal

    goal = add_company_goal(
        open_library(args),
        args.title,
        args.description or "",
        args.measure or "",
        args.period or "",
    )
    say(goal.id)
    say(f"Company goal “{clip(goal.title, 60)}” added.", err=True)
    return EXIT_OK


def _edit(args: argparse.Namespace) -> int:
    from workshop_app.storage.company_goals import (
        company_goals,
        edit_company_goal,
        find_company_goal,
    )

    library = open_library(args)
    goal = find_company_goal(company_goals(library), args.goal)
    changes = {
        "title": args.title,
        "description": args.description,
        "measure": args.measure,
        "period": args.period,
    }
    if all(v is None for v in changes.values()):
        say(
            "workshop-app: say what changes: --title, --description, --measure or --period.",
            err=True,
        )
        return EXIT_USAGE
    changed = edit_company_goal(library, goal.id, **changes)
    if changed is goal or changed.current.version == goal.current.version:
        say(f"“{clip(goal.title, 60)}” already says that; nothing changed.")
    else:
        say(
            f"“{clip(changed.title, 60)}” is now at version {changed.current.version}; "
            "workshops that picked an earlier version keep it."
        )
    return EXIT_OK


def _retire(args: argparse.Namespace) -> int:
    from workshop_app.storage.company_goals import (
        company_goals,
        find_company_goal,
        retire_company_goal,
    )

    library = open_library(args)
    goal = find_company_goal(company_goals(library), args.goal)
    retire_company_goal(library, goal.id)
    say(
        f"“{clip(goal.title, 60)}” is retired: no longer offered to workshops; those that "
        "picked it keep it."
    )
    return EXIT_OK


def _pick(args: argparse.Namespace) -> int:
    from workshop_app.core.kind import Kind
    from workshop_app.storage.company_goals import (
        company_goals,
        find_company_goal,
        pick_company_goal,
    )

    library = open_library(args)  # checks the workshop id (args.id)
    goal = find_company_goal(company_goals(library), args.goal)
    values = pick_company_goal(library, args.id, goal.id, args.weight)
    say(library.add_item(args.id, Kind.GOAL, values))
    return EXIT_OK


def cmd_company_goals(args: argparse.Namespace) -> int:
    handler: Callable[[argparse.Namespace], int] = args.action
    return handler(args)


def add_commands(add: Add) -> None:
    """The company-goals command, added to the `workshop-app` parser."""
    p = add("company-goals", cmd_company_goals, "the company's goals that workshops pick from")
    sub = p.add_subparsers(
        dest="what", required=True, parser_class=type(p), metavar="{list,add,edit,retire,pick}"
    )

    def action(name: str, handler: Callable[[argparse.Namespace], int], text: str) -> Any:
        parser = sub.add_parser(name, help=text, description=text)
        parser.set_defaults(action=handler)
        return parser

    q = action("list", _list, "list the current company goals (for a period)")
    q.add_argument("--period", help='only goals that hold for this period, e.g. "2027"')
    q.add_argument("--all", action="store_true", help="retired goals and every period too")
    q.add_argument("--json", action="store_true", help="print JSON with every version")
    q = action("add", _add, "add a company goal; print its id")
    q.add_argument("title")
    for name in ("description", "measure", "period"):
        q.add_argument(f"--{name}")
    q = action("edit", _edit, "change a company goal: a new version; workshops keep theirs")
    q.add_argument("goal", help="the goal's id (its start is enough) or name")
    for name in ("title", "description", "measure", "period"):
        q.add_argument(f"--{name}")
    q = action("retire", _retire, "retire a company goal: no longer offered to workshops")
    q.add_argument("goal", help="the goal's id (its start is enough) or name")
    q = action("pick", _pick, "add a company goal to a workshop's goals; print the goal's id")
    q.add_argument("id", metavar="workshop")
    q.add_argument("goal", help="the goal's id (its start is enough) or name")
    q.add_argument("--weight", type=int, default=3, choices=range(1, 6), metavar="1-5")
