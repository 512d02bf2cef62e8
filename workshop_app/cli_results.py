"""The command line's impact commands: record a result against a need's measure (`result`), list
the commitments with their results (`results`), and start a follow-up workshop (`follow-up`).

Results are recorded after sign-off too: they are not part of the signed revision
(storage/results.py).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date as day
from typing import Any

from workshop_app.cli import EXIT_OK
from workshop_app.cli import _open_library as open_library  # the one way commands open it
from workshop_app.core import model as m
from workshop_app.core import results as r
from workshop_app.core.errors import UserError
from workshop_app.core.text import clip
from workshop_app.terminal import say

Add = Callable[[str, Callable[[argparse.Namespace], int], str], Any]


def cmd_result(args: argparse.Namespace) -> int:
    from workshop_app.storage import results as stored

    library = open_library(args)
    workshop = library.workshop(args.id)
    code, need = find_need(workshop, args.need)
    when = day.today().isoformat() if args.on is None else args.on
    values: dict[str, Any] = {"date": when, "note": args.note or ""}
    if args.verdict:
        values["verdict"] = args.verdict
    stored.record(library, need.id, args.value, **values)
    after = library.workshop(workshop.id)
    history = r.results_for(after, need.id)
    trend = r.trend(need, history)
    target = f"target {need.target.strip()}; " if need.target.strip() else ""
    say(
        f"{code} “{_statement(need)}”: {r.result_line(history[-1])} recorded "
        f"({target}{trend.label.lower()})."
    )
    return EXIT_OK


def cmd_results(args: argparse.Namespace) -> int:
    workshop = open_library(args).workshop(args.id)
    codes = {need.id: f"N{number}" for number, need in enumerate(workshop.needs, start=1)}
    found = r.commitments(workshop)
    if not found:
        say("No commitment yet: no request is decided proceed or reshape.")
    for item in found:
        say(f"{codes[item.need.id]}  “{_statement(item.need)}”")
        say(f"    measure: {r.measure_line(item.need) or 'none recorded'}")
        say(f"    latest:  {r.result_line(item.latest)} · {item.trend.label.lower()}")
    return EXIT_OK


def cmd_follow_up(args: argparse.Namespace) -> int:
    from workshop_app.storage.portfolio import start_follow_up

    say(start_follow_up(open_library(args), args.id))
    return EXIT_OK


def find_need(workshop: m.Workshop, wanted: str) -> tuple[str, m.Need]:
    """A need by its code in the summary (N2), its id, or its whole statement."""
    key = " ".join(wanted.split()).casefold()
    for number, need in enumerate(workshop.needs, start=1):
        code = f"N{number}"
        if key in (code.casefold(), need.id, " ".join(need.statement.split()).casefold()):
            return code, need
    raise UserError(
        f"This workshop has no need “{clip(wanted, 80)}”; `workshop-app results {workshop.id}` "
        "lists its commitments, and the summary numbers its needs N1, N2 …"
    )


def _statement(need: m.Need) -> str:
    return clip(need.statement or "a need without a statement", 80)


def add_commands(add: Add) -> None:
    p = add("result", cmd_result, "record a result against a need's measure (after sign-off too)")
    p.add_argument("id")
    p.add_argument("need", help="N1, N2 … as in the summary, a need id, or its statement")
    p.add_argument("--value", required=True, help="the value measured, e.g. '2 days'")
    p.add_argument("--on", help="the day it was measured, YYYY-MM-DD (default: today)")
    p.add_argument("--note", help="a remark on the result")
    p.add_argument(
        "--verdict",
        choices=[v.value for v in m.Verdict],
        help="the room's verdict on the commitment",
    )
    p = add("results", cmd_results, "list a workshop's commitments with their latest results")
    p.add_argument("id")
    p = add(
        "follow-up",
        cmd_follow_up,
        "start a follow-up workshop carrying every commitment, open request and open action; "
        "print its id",
    )
    p.add_argument("id")
