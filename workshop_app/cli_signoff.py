"""The command line's sign-off steps: the signing identity, and the room's discussion of an unclear
alignment. With them a headless machine or a script goes from `import` to a signed, verified
summary: `identity create`, `blockers`, `unclear`, `discussed`, `serves`, `sign`,
`export-pdf --sign`, `verify`.

Passphrases come from the terminal without echo, or line by line from standard input when it is
piped; never from the command line, where other users of the machine could read them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workshop_app.cli import EXIT_OK
from workshop_app.cli import _open_library as open_library  # the one way commands open it
from workshop_app.core import model as m
from workshop_app.core.errors import UserError
from workshop_app.core.kind import Kind
from workshop_app.core.text import clip
from workshop_app.terminal import say

Add = Callable[[str, Callable[[argparse.Namespace], int], str], Any]


def read_passphrase(prompt: str, *, confirm: bool = False) -> str:
    """One passphrase: asked on the terminal without echo (twice with `confirm`), or the next
    line of standard input when it is piped."""
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        passphrase = getpass.getpass(prompt)
        if confirm and getpass.getpass("Type it again: ") != passphrase:
            raise UserError("The two passphrases differ; nothing was changed.")
        return passphrase
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise UserError(
            "No passphrase: standard input ended. Type it when asked, or give it as a line on "
            "standard input."
        )
    return line.rstrip("\r\n")


# -- identity ----------------------------------------------------------------------------------
def cmd_identity_show(_args: argparse.Namespace) -> int:
    from workshop_app.report import identity as ids

    identity = ids.current_identity()
    if identity is None:
        raise UserError(NO_IDENTITY)
    kind = "self-signed" if identity.self_signed else "issued by your organisation"
    say(f"Signing identity: {identity.description}")
    say(f"Certificate SHA-256 fingerprint: {identity.fingerprint}")
    say(f"Valid until {identity.valid_until} ({kind}).")
    say(f"Stored encrypted in {identity.path}")
    say(f"Certificate for readers (verify --trust): {identity.certificate_path}")
    return EXIT_OK


def cmd_identity_create(args: argparse.Namespace) -> int:
    from workshop_app.report import identity as ids

    _refuse_silent_replacement(args.replace)
    passphrase = read_passphrase(
        f"New passphrase (at least {ids.MIN_PASSPHRASE} characters): ", confirm=True
    )
    made = ids.create_identity(
        args.name, args.organisation or "", args.email or "", passphrase, replace=args.replace
    )
    return _stored("Created", made)


def cmd_identity_import(args: argparse.Namespace) -> int:
    from workshop_app.report import identity as ids

    _refuse_silent_replacement(args.replace)
    source = Path(args.file)
    passphrase = read_passphrase(f"Passphrase of {source.name}: ")
    new = (
        read_passphrase("New passphrase to store it under: ", confirm=True)
        if args.new_passphrase
        else None
    )
    made = ids.import_identity(source, passphrase, new_passphrase=new, replace=args.replace)
    return _stored("Imported", made)


def _stored(verb: str, made: Any) -> int:
    say(f"{verb} the signing identity {made.description}.")
    say(f"Certificate SHA-256 fingerprint: {made.fingerprint}")
    say(f"Give readers {made.certificate_path} to check your signatures with verify --trust.")
    return EXIT_OK


NO_IDENTITY = (
    "There is no signing identity yet. Create one with `workshop-app identity create --name "
    "NAME`, or import your PKCS#12 file with `workshop-app identity import FILE.p12`."
)


def _refuse_silent_replacement(replace: bool) -> None:
    """Before any passphrase is asked: an existing identity is only replaced on request."""
    from workshop_app.report import identity as ids

    existing = ids.current_identity()
    if existing is not None and not replace:
        raise UserError(
            f"A signing identity already exists ({existing.description}); add --replace to "
            "replace it. Documents signed with it remain verifiable."
        )


# -- the unclear alignment, discussed ----------------------------------------------------------
def cmd_unclear(args: argparse.Namespace) -> int:
    workshop = open_library(args).workshop(args.id)
    listed = _unclear_needs(workshop)
    if not listed:
        say("No need has an unclear alignment.")
    for code, need in listed:
        say(f"{code}  {_state(workshop, need):<10}  “{_statement(need)}”")
    return EXIT_OK


def _state(workshop: m.Workshop, need: m.Need) -> str:
    from workshop_app.core.scoring import alignment

    result = alignment(workshop, need)
    if result.division_only:
        return "division only: how does it serve the company?"
    if not need.alignment_acknowledged:
        return "to discuss"
    agreed = clip(need.alignment_note, 80)
    return f"discussed, agreed: {agreed}" if agreed else "discussed"


def cmd_discussed(args: argparse.Namespace) -> int:
    from workshop_app.core.scoring import alignment

    library = open_library(args)
    workshop = library.workshop(args.id)
    chosen = [_find_need(workshop, wanted) for wanted in args.need]
    note = " ".join((args.note or "").split())
    if not args.reopen and not note:
        raise UserError(
            'Say what the room agreed: add --note "…" (for a need linked only to division '
            "goals, how it serves the company)."
        )
    for code, need in chosen:
        if args.reopen:
            library.set_field(Kind.NEED, need.id, "alignment_acknowledged", False)
            library.set_field(Kind.NEED, need.id, "alignment_note", "")
            say(f"{code} “{_statement(need)}”: its unclear alignment is to be discussed again.")
        elif alignment(workshop, need).division_only:
            library.set_field(Kind.NEED, need.id, "company_note", note)
            say(f"{code} “{_statement(need)}”: how it serves the company is noted.")
        else:
            library.set_field(Kind.NEED, need.id, "alignment_note", note)
            library.set_field(Kind.NEED, need.id, "alignment_acknowledged", True)
            say(f"{code} “{_statement(need)}”: the room discussed its unclear alignment.")
    after = library.workshop(args.id)
    from workshop_app.core.purpose import pending_discussions  # alignment scoring: when used

    left = [code for code, need in _unclear_needs(after) if need in pending_discussions(after)]
    if left:
        say(f"Still to discuss: {', '.join(left)}.")
    else:
        say("Every unclear alignment has been discussed.")
    return EXIT_OK


def _unclear_needs(workshop: m.Workshop) -> list[tuple[str, m.Need]]:
    from workshop_app.core.scoring import alignment

    return [
        (f"N{number}", need)
        for number, need in enumerate(workshop.needs, start=1)
        if alignment(workshop, need).unclear
    ]


# -- what keeps a revision from sign-off -------------------------------------------------------
def cmd_blockers(args: argparse.Namespace) -> int:
    """Everything to settle before anyone signs, one line each, with where it is settled."""
    from workshop_app.core.workflow import sign_off_blockers

    workshop = open_library(args).workshop(args.id)
    if workshop.is_locked:
        say("This revision is signed off.")
        return EXIT_OK
    blockers = sign_off_blockers(workshop)
    codes = {n.id: f"N{i}" for i, n in enumerate(workshop.needs, start=1)}
    codes.update({r.id: f"R{i}" for i, r in enumerate(workshop.requests, start=1)})
    for blocker in blockers:
        where = blocker.stage.capitalize()
        if blocker.item_id in codes:
            where += f" {codes[blocker.item_id]}"
        say(f"{where:<12}  {blocker.message}")
    if not blockers:
        say("Ready for sign-off.")
    return EXIT_OK


# -- whether a request serves a need ---------------------------------------------------------
def cmd_serves(args: argparse.Namespace) -> int:
    library = open_library(args)
    workshop = library.workshop(args.id)
    code, need = _any_need(workshop, args.need)
    number = _request_number(workshop, args.request)
    request = workshop.requests[number - 1]
    if request.id not in need.request_ids:
        raise UserError(f"R{number} is not one of the requests behind {code}.")
    answer = None if args.answer == "none" else m.Serves(args.answer)
    library.set_serves(need.id, request.id, answer)
    said = answer.label.lower() if answer is not None else "not judged"
    say(f"R{number} serves {code} “{_statement(need)}”: {said}.")
    return EXIT_OK


def _any_need(workshop: m.Workshop, wanted: str) -> tuple[str, m.Need]:
    key = " ".join(wanted.split()).casefold()
    for number, need in enumerate(workshop.needs, start=1):
        code = f"N{number}"
        if key in (code.casefold(), need.id):
            return code, need
    raise UserError(f"This workshop has no need “{clip(wanted, 80)}”; name it N1, N2 …")


def _request_number(workshop: m.Workshop, wanted: str) -> int:
    text = wanted.strip().upper().removeprefix("R")
    if text.isdigit() and 1 <= int(text) <= len(workshop.requests):
        return int(text)
    raise UserError(f"This workshop has no request “{clip(wanted, 80)}”; name it R1, R2 …")


def _find_need(workshop: m.Workshop, wanted: str) -> tuple[str, m.Need]:
    """A need by its code in the summary (N2), its id, or its whole statement."""
    key = " ".join(wanted.split()).casefold()
    for number, need in enumerate(workshop.needs, start=1):
        code = f"N{number}"
        if key in (code.casefold(), need.id, " ".join(need.statement.split()).casefold()):
            if (code, need) not in _unclear_needs(workshop):
                raise UserError(f"The alignment of {code} is clear; there is nothing to discuss.")
            return code, need
    raise UserError(
        f"This workshop has no need “{clip(wanted, 80)}”; `workshop-app unclear {workshop.id}` "
        "lists the needs whose alignment is unclear."
    )


def _statement(need: m.Need) -> str:
    return clip(need.statement or "a need without a statement", 80)


def add_commands(add: Add) -> None:
    """The identity and alignment commands, added to the `workshop-app` parser."""
    identity = add(
        "identity", cmd_identity_show, "show (the default), create or import your signing identity"
    )
    actions = identity.add_subparsers(dest="action", parser_class=type(identity))
    show = actions.add_parser("show", help="who signs: name, fingerprint, certificate file")
    show.set_defaults(handler=cmd_identity_show)
    create = actions.add_parser(
        "create",
        help="make a new key and self-signed certificate, offline; the passphrase is asked "
        "for, or read from standard input",
    )
    create.set_defaults(handler=cmd_identity_create)
    create.add_argument("--name", required=True, help="your name as signers should see it")
    create.add_argument("--organisation", help="your organisation")
    create.add_argument("--email", help="your email address (ASCII)")
    create.add_argument("--replace", action="store_true", help="replace an existing identity")
    imported = actions.add_parser(
        "import",
        help="take over a PKCS#12 file (.p12/.pfx) from your organisation; its passphrase is "
        "asked for, or read from standard input",
    )
    imported.set_defaults(handler=cmd_identity_import)
    imported.add_argument("file")
    imported.add_argument(
        "--new-passphrase",
        action="store_true",
        help="store it under a new passphrase (asked for, or the next line of standard input)",
    )
    imported.add_argument("--replace", action="store_true", help="replace an existing identity")

    p = add("unclear", cmd_unclear, "list the needs whose alignment is unclear, and if discussed")
    p.add_argument("id")
    p = add(
        "discussed",
        cmd_discussed,
        "record that the room discussed the unclear alignment of one or more needs",
    )
    p.add_argument("id")
    p.add_argument(
        "need", nargs="+", help="N1, N2 … as in the summary, a need id, or its statement"
    )
    p.add_argument("--reopen", action="store_true", help="mark them as still to discuss")
    p.add_argument(
        "--note",
        help="what the room agreed (for a need linked only to division goals: how it serves "
        "the company); needed unless --reopen",
    )
    p = add("blockers", cmd_blockers, "list what keeps a revision from sign-off, and where")
    p.add_argument("id")
    p = add("serves", cmd_serves, "record whether a request serves a need it sits under")
    p.add_argument("id")
    p.add_argument("need", help="N1, N2 … as in the summary, or a need id")
    p.add_argument("request", help="R1, R2 … as in the summary")
    p.add_argument("answer", choices=["fully", "partly", "not_at_all", "none"])
