"""The headless demo: what `make run` does on a machine without a display.

It creates the sample workshop, has every participant sign it (one with a reservation, to show
that dissent is recorded), which signs the revision off, and exports its summary PDF signed with
a demo identity. The demo identity lives in the user data folder as `demo-identity.p12`, apart
from the facilitator's own identity, and is protected by a fixed passphrase: acceptable for a
sample that signs sample data, never for a real identity.
"""

from __future__ import annotations

import math
from pathlib import Path

from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import UserError
from workshop_app.report import identity as ids
from workshop_app.report.signing import export_signed_pdf
from workshop_app.storage import signoff
from workshop_app.storage.operations import Library

DEMO_IDENTITY_FILE = "demo-identity.p12"
DEMO_PASSPHRASE = "workshop-app demo only"
RESERVATIONS = {
    "Jonas Lindqvist": "Payroll fixes must not wait for the CRM budget; revisit in October.",
}


def run_headless_demo(db_path: Path, export_dir: Path) -> Path:
    """Create, sign off and export the sample workshop; returns the signed PDF's path."""
    library = Library(db_path)
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
        workshop = library.workshop(workshop_id)
    finally:
        library.close()
    export_dir.mkdir(parents=True, exist_ok=True)
    return export_signed_pdf(workshop, export_dir, demo_identity(), DEMO_PASSPHRASE)


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
