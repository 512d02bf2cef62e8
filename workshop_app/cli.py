"""The `workshop-app` command line. Same operations as the GUI, plain output, no tracebacks.

Exit codes: 0 success, 1 bad data or circumstances (one line on stderr), 2 bad usage; the
command's own outcome, whoever reads standard output. Everything written goes through
`terminal`, which shows control characters in user text instead of letting the terminal obey
them. The sign-off commands (identity, unclear, discussed) live in `cli_signoff`; the impact
commands (result, results, follow-up) in `cli_results`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workshop_app import paths, terminal
from workshop_app.core.errors import NotFoundError, UserError
from workshop_app.core.text import clip
from workshop_app.terminal import say

if TYPE_CHECKING:
    from workshop_app.core.model import Workshop
    from workshop_app.storage.operations import Library

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line, instead of a usage dump on stderr."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"workshop-app: {message} (see `workshop-app --help`)\n")

    def _print_message(self, message: str, file: Any = None) -> None:
        # Help and usage errors too: an unknown argument is repeated as typed.
        if message:
            terminal.write(terminal.visible(message, keep_newlines=True), err=file is sys.stderr)


def _db_target(args: argparse.Namespace) -> str | Path:
    """The library a command works on: --db, else WORKSHOP_APP_DB, else the default file; a
    postgresql:// address names a team library on a server."""
    from workshop_app.storage import location

    return location.resolve(args.db or paths.db_target())


def _db_path(args: argparse.Namespace) -> Path:
    """The library file a command about files works on (backups, restore); a team library has
    none, which the command says in one sentence."""
    from workshop_app.storage import location

    target = _db_target(args)
    if isinstance(target, str):
        raise UserError(location.SERVER_BACKUPS)
    return target


def _open_library(args: argparse.Namespace) -> Library:
    from workshop_app.storage.operations import Library

    library = Library(_db_target(args))
    args.opened.append(library)  # closed when the command is done (see run)
    warnings = list(library.warnings)
    workshop_id = getattr(args, "id", None)
    if workshop_id is not None:  # a command about one workshop: check it against its seals
        args.id = workshop_id = _whole_id(library, workshop_id)
        warnings.append(library.content_problem(workshop_id) or "")
        if getattr(args, "warn_if_offline", True):  # not when taking it offline itself
            warnings.append(_taken_offline(library, workshop_id))
    for warning in filter(None, warnings):
        say(f"workshop-app: warning: {warning}", err=True)
    return library


def _taken_offline(library: Library, workshop_id: str) -> str:
    """A warning, never a refusal, for a workshop taken offline from this library."""
    from workshop_app.storage import offline

    taken = offline.mark(library, workshop_id)
    if taken is None:
        return ""
    return f"{taken.sentence}; changes here meet the offline copy when it comes back."


def _read_workshop(args: argparse.Namespace) -> Workshop:
    """The workshop export-pdf reads: straight from the file when it stands closed, current
    and intact (storage/reading.py, no SQLAlchemy), else through the full open, which says
    what is wrong or owed in its own words."""
    from workshop_app.storage.reading import peek_workshop

    target = _db_target(args)
    workshop = None if isinstance(target, str) else peek_workshop(target, args.id)
    if workshop is not None:
        args.id = workshop.id
        return workshop
    return _open_library(args).workshop(args.id)


def _whole_id(library: Library, typed: str) -> str:
    """The workshop id that `typed` begins (the first characters `list` shows are enough); an
    unknown one is returned as typed, for the command's own "no such workshop" sentence."""
    matches = library.ids_starting_with(typed) if typed else []
    if len(matches) > 1:
        raise UserError(
            f"{len(matches)} workshop ids begin with “{clip(typed, 80)}”; type more of the "
            "id (`workshop-app list` shows them)."
        )
    return matches[0] if matches else typed


def _write_output(text: str, out: str | None) -> None:
    if out is None:
        terminal.write(terminal.json_visible(text))
        return
    from workshop_app.core.files import write_atomically

    write_atomically(Path(out), text.encode("utf-8"))
    say(Path(out).resolve())


def cmd_demo(args: argparse.Namespace) -> int:
    from workshop_app.core.demo import demo_workshop

    library = _open_library(args)
    say(library.add_workshop(demo_workshop(), action="create demo workshop"))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from workshop_app.storage import catalog

    # A list is a read: straight from the file with Python's sqlite3 (a tenth of the time of
    # importing SQLAlchemy), unless the file needs the full open's care (new, older, damaged).
    target = _db_target(args)
    summaries = None if isinstance(target, str) else catalog.peek(target, args.search or "")
    if summaries is None:
        summaries = _open_library(args).workshops(args.search or "")
    if args.json:
        rows = [
            {
                "id": w.id,
                "title": w.title,
                "division": w.division,
                "date": w.date,
                "status": w.status.value,
                "revision": w.revision,
                "requests": w.request_count,
                "updated_at": w.updated_at,
            }
            for w in summaries
        ]
        import json

        terminal.write(terminal.json_visible(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")
        return EXIT_OK
    if not summaries and (args.search or "").strip():
        say(f"No workshop matches “{clip(args.search, 80)}”.")
    elif not summaries:
        say("No workshops yet. Create the sample with `workshop-app demo`.")
    for w in summaries:
        say(
            f"{w.id}  {w.date or '----------'}  rev {w.revision}  {w.status.label:<18}  "
            f"{w.title}" + (f" — {w.division}" if w.division else "")
        )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from workshop_app.services import workshop_file

    path = Path(args.file)
    raw = workshop_file.read_workshop_file(path)  # a bad file is refused before the database opens
    imported = workshop_file.import_file(_open_library(args), path, raw)
    say(imported.workshop_id)  # alone on standard output, for scripts
    if imported.note:
        say(f"workshop-app: {imported.note}", err=True)
    return EXIT_OK


def cmd_export_json(args: argparse.Namespace) -> int:
    library = _open_library(args)
    _write_output(library.export_json(args.id), args.out)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from workshop_app.storage.backup import restore

    db_path = _db_path(args)
    backup = _backup_path(args.backup, db_path)
    safety = restore(backup, db_path)
    say(f"Restored {db_path} from {backup.resolve()}.")
    if safety is not None:
        say(f"What was there before is kept in {safety}.")
    return EXIT_OK


def _backup_path(typed: str, db_path: Path) -> Path:
    """The file as typed; or, when nothing is there and it is a bare file name, that file in the
    backups folder (`backups` prints the names)."""
    from workshop_app.storage.backup import backup_dir

    path = Path(typed)
    in_folder = backup_dir(db_path) / typed
    if not path.exists() and path.name == typed and in_folder.is_file():
        return in_folder
    return path


def cmd_backups(args: argparse.Namespace) -> int:
    from workshop_app.storage.backup import backup_dir
    from workshop_app.storage.backup_list import list_backups, size_text

    db_path = _db_path(args)
    found = list_backups(db_path)
    if not found:
        say(f"No backups yet in {backup_dir(db_path)}.")
        return EXIT_OK
    say(f"Backups in {backup_dir(db_path)}, newest first (restore one with `restore NAME`):")
    for info in found:
        count = (
            "unreadable"
            if info.workshops is None
            else f"{info.workshops} workshop{'' if info.workshops == 1 else 's'}"
        )
        kept = "  kept from before a restore" if info.before_restore else ""
        taken = f"{info.taken_at.astimezone():%Y-%m-%d %H:%M:%S}"
        say(f"{info.path.name}  {taken}  {size_text(info.size):>8}  {count}{kept}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    library = _open_library(args)
    problem = library.check_database()
    if problem is not None:
        raise UserError(problem)
    if library.backend.server:
        say(
            f"The team library {library.location} answers. The server checks its own storage; "
            "its backups are the server's own (pg_dump, docs/team-library.md)."
        )
        return EXIT_OK
    say("The workshop database is intact: SQLite's full integrity check found nothing wrong.")
    return EXIT_OK


def cmd_export_pdf(args: argparse.Namespace) -> int:
    from workshop_app import collector

    # One summary written, then the process ends: the collector's passes over the report
    # machinery as it is imported and the summary as it is made would add a fortieth.
    with collector.paused(settle=True):
        return _export_pdf(args)


def _export_pdf(args: argparse.Namespace) -> int:
    from workshop_app.core.model import Status
    from workshop_app.report.export import check_pdf_target, export_pdf

    workshop = _read_workshop(args)
    out = Path(args.out) if args.out else paths.default_export_dir()
    check_pdf_target(out)  # before any work, and before asking for a passphrase
    # A summary that says "signed off" is always signed: --sign is implied for one.
    if args.sign or workshop.status is Status.SIGNED_OFF:
        from workshop_app.cli_signoff import NO_IDENTITY, read_passphrase
        from workshop_app.report.identity import current_identity
        from workshop_app.report.signing import ensure_signable, export_signed_pdf
        from workshop_app.report.timestamps import configured_url

        timestamp_url = configured_url(args.timestamp_url)  # a bad address: before any prompt
        ensure_signable(workshop)
        identity = current_identity()
        if identity is None:
            raise UserError(f"A signed-off summary is always digitally signed. {NO_IDENTITY}")
        passphrase = read_passphrase("Passphrase of the signing identity: ")

        def no_timestamp(reason: str) -> None:
            say(
                f"workshop-app: signed without trusted time: {reason}; the signing time is "
                "your own clock (PAdES B-B).",
                err=True,
            )

        path = export_signed_pdf(
            workshop,
            out,
            identity,
            passphrase,
            timestamp_url=timestamp_url,
            no_timestamp=no_timestamp,
        )
        say(path)
        return EXIT_OK
    audit = None
    if args.audit:  # the appendix: who changed what and when
        from workshop_app.storage.audit import summary_lines

        audit = summary_lines(_open_library(args).audit_log(workshop.id))
    say(export_pdf(workshop, out, audit_lines=audit))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from workshop_app import collector
    from workshop_app.services.workshop_file import read_input_file

    path = Path(args.file)
    raw = read_input_file(path, "a summary PDF")
    # One file checked, then the process ends: the collector's full passes over everything
    # pyHanko and the checks load and allocate would only add a tenth to the time.
    with collector.paused():
        from workshop_app.report.verify import verify_pdf

        verdict = verify_pdf(raw, trust=Path(args.trust) if args.trust else None)
    for line in verdict.lines:
        say(line)
    return EXIT_OK if verdict.ok else EXIT_DATA


def cmd_screenshots(args: argparse.Namespace) -> int:
    from workshop_app.ui.screenshots import render_screenshots

    if args.id is not None:
        _open_library(args)  # a unique prefix names the workshop, as for every other command
    for path in render_screenshots(Path(args.dir), args.db, args.id):
        say(path)
    return EXIT_OK


def cmd_sign(args: argparse.Namespace) -> int:
    from workshop_app.core.model import Stance, Status
    from workshop_app.core.signoff import names_match
    from workshop_app.storage import signoff

    library = _open_library(args)
    workshop = library.workshop(args.id)
    person = next(
        (
            p
            for p in workshop.participants
            if args.participant == p.id or names_match(args.participant, p.name)
        ),
        None,
    )
    if person is None:
        raise UserError(f"“{args.participant}” is not a participant of this workshop.")
    stance = Stance.AGREE_WITH_RESERVATION if args.reservation else Stance.AGREE
    signoff.sign(library, args.id, person.id, args.name, stance, note=args.reservation or "")
    say(f"{person.name} signed revision {workshop.revision} of “{workshop.title}”.")
    if library.workshop(args.id).status is Status.SIGNED_OFF:
        say("Every decision-maker has signed: the revision is signed off and locked.")
    return EXIT_OK


def cmd_reopen(args: argparse.Namespace) -> int:
    from workshop_app.storage import signoff

    say(signoff.reopen(_open_library(args), args.id))
    return EXIT_OK


def cmd_headless_demo(args: argparse.Namespace) -> int:
    from workshop_app.services.headless_demo import run_follow_up_demo, run_headless_demo

    db_path = Path(args.db) if args.db else paths.demo_db_path()
    if args.follow_up:
        for path in run_follow_up_demo(db_path, paths.default_export_dir()):
            say(path)
        return EXIT_OK
    say(run_headless_demo(db_path, paths.default_export_dir()))
    return EXIT_OK


#: `add(name, handler, help)` of `_add_commands`: a command's parser.
_Add = Callable[[str, Callable[[argparse.Namespace], int], str], "_Parser"]


def _add_summary_commands(add: _Add) -> None:
    """export-pdf and verify."""
    p = add("export-pdf", cmd_export_pdf, "write a workshop's summary PDF; print its path")
    p.add_argument("id")
    p.add_argument("--out", help="file or folder (default: the exports folder)")
    p.add_argument(
        "--sign",
        action="store_true",
        help="sign the PDF with your signing identity (signed-off revisions only, and always "
        "done for them); the passphrase is asked for, or read from standard input",
    )
    p.add_argument("--audit", action="store_true", help="add the audit log as an appendix")
    p.add_argument(
        "--timestamp-url",
        help="an RFC 3161 timestamp service for trusted signing time (default: "
        "$WORKSHOP_APP_TSA_URL; none: the signer's clock). Unreachable: signed without it",
    )
    p = add("verify", cmd_verify, "check a summary PDF's sign-off and integrity")
    p.description = (
        "Check a summary PDF: digital signature intact, nothing changed or appended after "
        "signing, embedded workshop data matching the digest printed on its pages, and the "
        "sign-off list. Exit 0 when all of that holds, 1 otherwise. Without --trust the "
        "signer's certificate (often self-signed) is named but not checked, and exit 0 then "
        "means 'unchanged since it was signed', not 'signed by the right person'. A summary "
        "that says signed off without a digital signature fails. An unsigned draft is checked "
        "by its digest and for damage to the file only, and the verdict says so."
    )
    p.add_argument("file")
    p.add_argument(
        "--trust",
        help="the signer's certificate (PEM or DER, e.g. identity.crt); the signature must "
        "chain to it, else exit 1 (an unsigned summary fails too)",
    )


def _add_commands(sub: argparse._SubParsersAction, command: str | None) -> None:
    """Every command, or where `command` is one of this module's own, only those: the other
    command modules import what their commands need (about 40 ms that `verify`, `list` or
    `export-pdf` would wait for)."""

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> _Parser:
        parser: _Parser = sub.add_parser(name, help=help_text, description=help_text)
        parser.set_defaults(handler=handler)
        # `--db` after the command means the same as before it; SUPPRESS keeps one given before.
        parser.add_argument("--db", default=argparse.SUPPRESS, help=_DB_HELP)
        return parser

    add("demo", cmd_demo, "create the sample workshop and print its id")
    p = add("list", cmd_list, "list workshops, newest first")
    p.add_argument("--json", action="store_true", help="print JSON instead of lines")
    p.add_argument("--search", help="only workshops whose title, division or text match")
    p = add("import", cmd_import, "import a workshop (.json, or a summary .pdf); print its id")
    p.add_argument("file")
    p = add("export-json", cmd_export_json, "write a workshop as interchange JSON")
    p.add_argument("id")
    p.add_argument("--out", help="file to write (default: standard output)")
    p = add("restore", cmd_restore, "replace the database with a backup (current one kept)")
    p.add_argument("backup")
    add("backups", cmd_backups, "list the automatic backups of the database")
    add("check", cmd_check, "check the whole database for damage (SQLite's integrity check)")
    _add_summary_commands(add)
    p = add("sign", cmd_sign, "record a participant's sign-off of a workshop revision")
    p.add_argument("id")
    p.add_argument("participant", help="the participant's id or full name")
    p.add_argument("--name", required=True, help="the name as the participant types it")
    p.add_argument("--reservation", help="agree with this reservation (recorded as a note)")
    p = add("reopen", cmd_reopen, "start the next revision of a signed-off workshop; print its id")
    p.add_argument("id")
    p = add("screenshots", cmd_screenshots, "render every stage of a workshop to PNG files")
    p.add_argument("dir")
    p.add_argument("--workshop", dest="id", help="workshop id (default: the sample workshop)")
    p = add(
        "headless-demo",
        cmd_headless_demo,
        "without a display: create the sample workshop, sign it off, export its PDF",
    )
    p.add_argument(
        "--follow-up",
        action="store_true",
        help="then record results, start the follow-up workshop, review it and export its PDF "
        "too (printed on a second line)",
    )
    if command in sub.choices:
        return
    from importlib import import_module

    for name in COMMAND_MODULES:
        import_module(f"workshop_app.cli_{name}").add_commands(add)


#: The modules whose `add_commands` add the rest of the commands (after this module's own).
COMMAND_MODULES = (
    *("signoff", "rank", "portfolio", "results", "room"),
    *("library", "offline", "company_goals"),
)


_DB_HELP = (
    "workshop database file, or a team library's postgresql://USER@HOST/DATABASE "
    f"(default: ${paths.DB_ENV} or the user data folder)"
)


def build_parser(command: str | None = None) -> _Parser:
    """The command line's parser: every command, or only what `command` needs to be parsed
    (`_add_commands`)."""
    parser = _Parser(
        prog="workshop-app",
        description="Workshop App: align division requests with strategy, decide, sign off.",
    )
    parser.add_argument("--db", help=_DB_HELP)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    _add_commands(sub, command)
    return parser


def _command_named(argv: Sequence[str]) -> str | None:
    """The command argv names (its first word that is not `--db` or its value), if any."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _window_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments when they only start the window (`workshop-app [--db DB]`), else None.

    Building the whole parser imports every command's module (about 60 ms), and even a parser
    of this one option looks up argparse's translations (a few milliseconds); the window's
    start needs neither before its first paint. Anything else goes to the full parser, which
    says in its own words what is wrong."""
    match list(argv):
        case []:
            db = None
        case ["--db", value] if not value.startswith("-"):
            db = value
        case [option] if option.startswith("--db="):
            db = option.removeprefix("--db=")
        case _:
            return None
    return argparse.Namespace(db=db, command=None)


def run(argv: Sequence[str]) -> int:
    args = _window_only(argv) or build_parser(_command_named(argv)).parse_args(argv)
    from workshop_app.storage.schema_version import require_head

    require_head()  # refuse to start an incomplete installation, before any database opens
    if args.command is None:
        return gui(args)
    args.opened = []
    try:
        return int(args.handler(args))
    except NotFoundError:
        workshop_id = getattr(args, "id", None)
        if workshop_id is None:
            raise
        raise UserError(
            f"There is no workshop with the id “{clip(workshop_id, 80)}” in this database; "
            "`workshop-app list` shows the ids."
        ) from None
    finally:
        # Closing lets go of the file at once (a restore or another window may be waiting for
        # it) and folds the WAL back into the database.
        for library in args.opened:
            library.close()


def gui(args: argparse.Namespace) -> int:
    from workshop_app.ui.app import run_gui

    return run_gui(args.db)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: runs a command and turns every failure into one line and an exit code.

    The exit code is the command's own outcome: output that a reader stopped reading (`| head`,
    `| true`, a closed standard output) is dropped and changes nothing (see `terminal.write`).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    terminal.prepare_streams()
    try:
        return _run_reporting_failures(argv)
    finally:
        terminal.flush_all()


def _run_reporting_failures(argv: list[str]) -> int:
    try:
        return run(argv)
    except UserError as exc:
        say(f"workshop-app: {exc.message}", err=True)
        return EXIT_DATA
    except KeyboardInterrupt:
        say("workshop-app: interrupted.", err=True)
        return 130
    except Exception:
        from workshop_app import crashlog

        log_path, _details = crashlog.record(*sys.exc_info())
        where = f" Details were written to {log_path}." if log_path else ""
        say(
            "workshop-app: something unexpected went wrong; saved workshops are unaffected."
            + where,
            err=True,
        )
        return EXIT_DATA


def gui_main() -> int:
    return main([])
