"""The command line's offline commands: take a workshop from a team library to this laptop's
library (`check-out`), bring it back (`check-in`) and list what is taken (`checked-out`).

The library a workshop comes from is given as a path or a team library's address
(postgresql://…) and opened the way every command opens a library. The offline copy remembers
that address without any password; one typed in it goes to the system keyring, where bringing
the workshop back finds it (storage/credentials.py). Bringing it back merges
both sides (storage/offline.py); conflicts are listed and refused until `--take` settles them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workshop_app.cli import EXIT_OK
from workshop_app.cli import _open_library as open_library  # the one way commands open it
from workshop_app.core.errors import UserError
from workshop_app.core.merge import BOTH, CHOICES, MINE, THEIRS, Conflict, describe
from workshop_app.core.text import clip
from workshop_app.terminal import say

if TYPE_CHECKING:
    from workshop_app.storage.operations import Library

Add = Callable[[str, Callable[[argparse.Namespace], int], str], Any]


def open_at(
    args: argparse.Namespace, where: str, workshop_id: str | None = None
) -> tuple[Library, str]:
    """The library at `where` (a path or address), opened as `--db where` would open it, and
    the workshop id typed, completed there."""
    values = {**vars(args), "db": where, "id": workshop_id, "warn_if_offline": False}
    opening = argparse.Namespace(**values)
    return open_library(opening), opening.id or ""


def cmd_check_out(args: argparse.Namespace) -> int:
    from workshop_app.storage import offline

    source, ws_id = open_at(args, args.source, args.id)
    local, _ = open_at(args, args.to or args.db or "")  # "": the usual library
    who, place = offline.this_laptop()
    title = offline.check_out(source, local, ws_id, origin=args.source, who=who, place=place)
    kept = offline.keep_password(args.source)  # the stored origin never holds it
    if kept is not None:
        say(f"workshop-app: warning: {kept}", err=True)
    say(
        f"“{clip(title)}” is offline in {local.path}; "
        f"`workshop-app check-in {ws_id[:8]}` brings it back."
    )
    return EXIT_OK


def cmd_check_in(args: argparse.Namespace) -> int:
    from workshop_app.storage import offline

    local = open_library(args)
    origin = offline.origin_of(local, args.id)
    if origin is None:
        raise UserError(
            "That workshop is not an offline copy; `workshop-app checked-out` lists the ones in "
            "this library."
        )
    source, _ = open_at(args, origin)
    plan = offline.plan(local, source, args.id)
    choices = _choices(args.take or [], plan.merge.conflicts)
    if choices:
        plan = offline.plan(local, source, args.id, choices)
    if plan.merge.unresolved:
        say(f"“{clip(plan.title)}”: {plan.merge.summary()}")
        _list_conflicts(plan.merge.conflicts, plan.merge.choices)
        if plan.note:
            say(plan.note)
        raise UserError(
            f"{len(plan.merge.unresolved)} conflict{'s' if len(plan.merge.unresolved) != 1 else ''}"
            " to settle before it comes back: `--take mine` or `--take theirs` for all, "
            "`--take 2=theirs` for one (`both` keeps both texts); nothing was changed."
        )
    new_id = offline.check_in(local, source, plan)
    say(f"“{clip(plan.title)}” is back in {origin}: {plan.merge.summary()}")
    if plan.note:
        say(plan.note)
    if new_id is not None:
        say(f"The changes are revision {source.workshop(new_id).revision}: {new_id}")
    return EXIT_OK


def cmd_checked_out(args: argparse.Namespace) -> int:
    from workshop_app.storage import offline

    library = open_library(args)
    copies, marks = offline.offline_copies(library), offline.checked_out(library)
    for c in copies:
        say(
            f"{c.workshop_id[:8]}  {clip(c.title, 60)}  offline copy from {c.place} "
            f"since {_when(c.at)}"
        )
    for c in marks:
        say(f"{c.workshop_id[:8]}  {clip(c.title, 60)}  {c.sentence} ({c.who or 'someone'})")
    if not copies and not marks:
        say("No workshop is taken offline from or to this library.")
    return EXIT_OK


def _when(at: str) -> str:
    return at[:16].replace("T", " ")


def _choices(takes: list[str], conflicts: list[Conflict]) -> dict[str, str]:
    """`--take mine`, `--take theirs` (every conflict) and `--take N=CHOICE` (conflict N)."""
    choices: dict[str, str] = {}
    for take in takes:
        number, _, choice = take.rpartition("=")
        if choice not in CHOICES:
            raise UserError(f"--take expects mine, theirs or both, not “{clip(choice, 40)}”.")
        if not number:
            for c in conflicts:
                choices.setdefault(c.key, choice if choice != BOTH or c.text else MINE)
            continue
        if not number.isdigit() or not 1 <= int(number) <= len(conflicts):
            raise UserError(
                f"There is no conflict {clip(number, 20)}; they are numbered 1 to {len(conflicts)}."
            )
        conflict = conflicts[int(number) - 1]
        if choice == BOTH and not conflict.text:
            raise UserError(
                f"Conflict {number} is not text, so both cannot be kept; take mine or theirs."
            )
        choices[conflict.key] = choice
    return choices


def _list_conflicts(conflicts: list[Conflict], choices: dict[str, str]) -> None:
    for number, c in enumerate(conflicts, 1):
        settled = f"  (settled: {choices[c.key]})" if c.key in choices else ""
        say(f"{number}. {c.what}{settled}")
        mine, theirs = (
            (_side(c.mine), _side(c.theirs))
            if c.is_deletion
            else (
                describe(c.mine),
                describe(c.theirs),
            )
        )
        say(f"   {MINE} (offline):         {clip(mine, 200)}")
        say(f"   {THEIRS} (team library):  {clip(theirs, 200)}")


def _side(item: Any) -> str:
    return "deleted" if item is None else "kept and changed"


def add_commands(add: Add) -> None:
    p = add(
        "check-out",
        cmd_check_out,
        "take a workshop offline: copy it from a team library into this one and mark it there",
    )
    p.add_argument("id")
    p.add_argument(
        "--from",
        dest="source",
        required=True,
        help="the library it comes from (a file path or a database address)",
    )
    p.add_argument("--to", help="the library it goes to (default: --db or the usual one)")
    p = add(
        "check-in",
        cmd_check_in,
        "bring an offline workshop back, merging what changed on both sides; print what was "
        "taken from where",
    )
    p.add_argument("id")
    p.add_argument(
        "--take",
        action="append",
        metavar="[N=]mine|theirs|both",
        help="settle conflicts: every one, or conflict N as listed (repeatable)",
    )
    add("checked-out", cmd_checked_out, "list the workshops taken offline from or to this library")
