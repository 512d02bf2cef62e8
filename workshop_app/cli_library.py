"""The command line's library commands: `copy-library FROM TO` moves a whole library between a
file and a team library on PostgreSQL (either way), storage/copying.py."""

from __future__ import annotations

import argparse
from typing import Any

from workshop_app.cli import EXIT_OK
from workshop_app.terminal import say

Add = Any  # the `add` of `cli._add_commands`


def cmd_copy_library(args: argparse.Namespace) -> int:
    from workshop_app.storage import location
    from workshop_app.storage.copying import copy_library
    from workshop_app.storage.operations import Library

    source = Library(location.resolve(args.source), make_backup=False)
    args.opened.append(source)  # closed when the command is done (see cli.run)
    target = Library(location.resolve(args.target), make_backup=False)
    args.opened.append(target)
    if source.location == target.location:
        say("workshop-app: a library cannot be copied into itself; name another one.", err=True)
        return 1
    copied = copy_library(source, target)
    plural = "" if copied.workshops == 1 else "s"
    say(f"Copied {copied.workshops} workshop{plural} from {source.location} to {target.location}.")
    return EXIT_OK


def add_commands(add: Add) -> None:
    p = add(
        "copy-library",
        cmd_copy_library,
        "copy a whole library into a new, empty one: a file into a team library "
        "(postgresql://USER@HOST/DATABASE) or back",
    )
    p.add_argument("source", metavar="FROM", help="a library file or a postgresql:// address")
    p.add_argument("target", metavar="TO", help="a new library file or an empty team library")
