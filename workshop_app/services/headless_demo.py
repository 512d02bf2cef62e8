"""The headless demo: what `make run` does on a machine without a display.

It creates the sample workshop, has every participant sign it (one with a reservation, to show
that dissent is recorded), which signs the revision off, and exports its summary PDF signed with
a demo identity. With `follow_up` it then records the results the sample's commitments measured in
the months after (core/demo.py), starts the follow-up workshop, gives the room's verdicts in its
review, and exports the follow-up's summary too (a draft: nobody has signed it yet), which opens
with "Results since the last workshop".

The demo identity lives in the user data folder as `demo-identity.p12`, apart from the
facilitator's own identity, and is protected by a fixed passphrase: acceptable for a sample that
signs sample data, never for a real identity.
"""

from __future__ import annotations

import math
from pathlib import Path

from workshop_app.core import model as m
from workshop_app.core.demo import demo_results, demo_workshop
from workshop_app.core.errors import UserError
from workshop_app.core.results import to_review
from workshop_app.report import identity as ids
from workshop_app.report.export import export_pdf
from workshop_app.report.signing import export_signed_pdf
from workshop_app.storage import results, signoff
from workshop_app.storage.operations import Library
from workshop_app.storage.portfolio import start_follow_up

DEMO_IDENTITY_FILE = "demo-identity.p12"
DEMO_PASSPHRASE = "workshop-app demo only"
RESERVATIONS = {
    "Jonas Lindqvist": "Payroll fixes must not wait for the CRM budget; revisit in October.",
}


def run_headless_demo(db_path: Path, export_dir: Path) -> Path:
    """Create, sign off and export the sample workshop; returns the signed PDF's path."""
    return _run(db_path, export_dir, follow_up=False)[0]


def run_follow_up_demo(db_path: Path, export_dir: Path) -> tuple[Path, Path]:
    """The headless demo, then its follow-up with results: the signed PDF and the follow-up's."""
    signed, follow = _run(db_path, export_dir, follow_up=True)
    assert follow is not None
    return signed, follow


def _run(db_path: Path, export_dir: Path, *, follow_up: bool) -> tuple[Path, Path | None]:
    library = Library(db_path)
    follow: m.Workshop | None = None
    try:
        workshop_id = library.add_workshop(demo_workshop(), action="create demo workshop")
        participants = library.workshop(workshop_id).participants
        # Optional participants first: the last decision-maker's signature locks the revision.
        for person in sorted(participants, key=lambda p: p.decision_maker):
            note = RESERVATIONS.get(person.name, "")
            signoff.sign(
                library,
                workshop_id,
                person.id,
                person.name,
                m.Stance.AGREE_WITH_RESERVATION if note else m.Stance.AGREE,
                note=note,
                drawing=demo_drawing(person.name),
            )
        if follow_up:
            follow = library.workshop(_follow_up(library, workshop_id))
        workshop = library.workshop(workshop_id)
    finally:
        library.close()
    export_dir.mkdir(parents=True, exist_ok=True)
    signed = export_signed_pdf(workshop, export_dir, demo_identity(), DEMO_PASSPHRASE)
    return signed, None if follow is None else export_pdf(follow, export_dir)


#: The room's verdict on each commitment in the sample follow-up, by need statement.
VERDICTS = {
    "Quotes go out within a day, so reps spend their time selling": m.Verdict.MOVING,
    "Employees get a correct payslip every month without asking": m.Verdict.MOVING,
    "Sales leaders see pipeline risk early enough to act": m.Verdict.NOT_MOVED,
    "Integration failures are caught and fixed before Sales or People staff notice": (
        m.Verdict.MET
    ),
}


def _follow_up(library: Library, workshop_id: str) -> str:
    """Results recorded after sign-off, the follow-up started, each commitment reviewed."""
    for result in demo_results(library.workshop(workshop_id)):
        results.restore(library, result)
    follow_id = start_follow_up(library, workshop_id)
    follow = library.workshop(follow_id)
    for item in to_review(follow):
        verdict = VERDICTS.get(item.need.statement)
        if item.latest is not None and verdict is not None:
            results.set_verdict(library, item.latest.id, verdict)
    return follow_id


def demo_identity() -> ids.Identity:
    """The demo signing identity, created on first use and reused afterwards."""
    path = ids.identity_dir() / DEMO_IDENTITY_FILE
    existing = ids.current_identity(path) if path.exists() else None
    if existing is not None:
        try:
            if ids.check_passphrase(existing, DEMO_PASSPHRASE):
                return existing
        except UserError:
            pass  # damaged: make a fresh one below
    return ids.create_identity(
        "Alex Moreau (demo)",
        "Northwind Industries (sample data)",
        "alex.moreau@example.com",
        DEMO_PASSPHRASE,
        path=path,
        replace=True,
    )


def demo_drawing(name: str) -> str:
    """A made-up handwritten flourish, different for each name, in the stored stroke format."""
    seed = sum(ord(c) for c in name) % 97
    points = []
    for i in range(48):
        x = 60 + i * 18
        y = 500 + 220 * math.sin(i * 0.45 + seed) * math.exp(-i / 60)
        points.append(f"{x},{round(y)}")
    underline = f"80,{760 + seed % 40} 900,{740 + seed % 30}"
    return " ".join(points) + ";" + underline
