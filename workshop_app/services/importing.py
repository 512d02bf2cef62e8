"""Importing a workshop from a file, trusting only what the file can prove.

- **A summary PDF** goes through exactly the checks of `verify` first. A summary that fails them
  (tampered, damaged, a second embedded workshop, a decompression bomb) is refused with the
  reason in one sentence; nothing is written.
- **A sign-off is accepted only with its proof.** A summary whose digital signature verifies
  keeps its status and signatures (it is as trustworthy as its signer, named in the note). An
  interchange JSON or an unsigned summary proves nothing about sign-off: anyone can type
  ``"status": "signed_off"``. Such a file that claims a sign-off (or carries a complete set of
  signatures) imports as a draft without those signatures, and the note says why; the
  participants confirm it again, or the signed summary PDF is imported instead.
- **Company goals are matched to the library's** (storage/company_goals.py): by the library
  goal's id, else by name; one the library lacks is added to it once. The workshop is stored
  as it came; a match whose words differ is said in the note, never added a second time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.errors import UserError
from workshop_app.core.signoff import is_fully_signed
from workshop_app.storage.company_goals import add_matched
from workshop_app.storage.operations import Library


@dataclass(frozen=True)
class Imported:
    workshop_id: str
    note: str = ""  # one sentence: why it is a draft, or whose signature vouches for it


def import_file(library: Library, raw: bytes, path: Path) -> Imported:
    """Import interchange JSON or a summary PDF (by its content, not its name).

    Raises UserError for a summary that fails verification, ValidationError for invalid JSON.
    """
    if b"%PDF-" in raw[:1024]:
        return _from_pdf(library, raw, path)
    workshop, note = unproven(interchange.loads(raw), "a workshop file (JSON)")
    return _add(library, workshop, note)


def _add(library: Library, workshop: m.Workshop, note: str) -> Imported:
    """Store the workshop after matching its company goals to the library's."""
    workshop_id, goal_notes = add_matched(library, workshop)
    if len(goal_notes) > 3:
        goal_notes = [
            f"{len(goal_notes)} company goals match the library's in other words: the "
            "workshop keeps its own, the library keeps one goal each."
        ]
    return Imported(workshop_id, " ".join([note, *goal_notes]).strip())


def _from_pdf(library: Library, raw: bytes, path: Path) -> Imported:
    from workshop_app.report.verify import verify_pdf

    verdict = verify_pdf(raw)
    if not verdict.ok or verdict.workshop is None:
        problems = verdict.problems or ["it could not be checked"]
        more = (
            f" ({len(problems) - 1} more problems; `workshop-app verify` lists them)"
            if len(problems) > 1
            else ""
        )
        raise UserError(f"{path} was not imported: {_sentence(problems[0])}{more}.")
    if verdict.signed:
        status = verdict.workshop.status.label.lower()
        return _add(
            library,
            verdict.workshop,
            f"Imported {status}: the digital signature of {verdict.signer} is intact "
            "(`workshop-app verify --trust CERT` checks whose certificate it is).",
        )
    workshop, note = unproven(verdict.workshop, "an unsigned summary")
    return _add(library, workshop, note)


def unproven(workshop: m.Workshop, source: str) -> tuple[m.Workshop, str]:
    """The workshop as a file without a digital signature may bring it in, and why, if changed.

    A claimed sign-off becomes a draft without its signatures: nothing in such a file proves
    that the participants confirmed it."""
    if workshop.status is not m.Status.SIGNED_OFF and not is_fully_signed(workshop):
        return workshop, ""
    count = len(workshop.signatures)
    draft = replace(workshop, status=m.Status.DRAFT, signatures=[])
    return draft, (
        f"Imported as a draft without its {count} signature{'s' if count != 1 else ''}: "
        f"{source} cannot prove a sign-off, only a digitally signed summary PDF can. The "
        "participants confirm it again, or import the signed summary PDF instead."
    )


def _sentence(problem: str) -> str:
    problem = problem.rstrip(".")
    return problem[:1].lower() + problem[1:]
