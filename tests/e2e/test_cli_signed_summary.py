"""A script on a machine without a display goes from an interchange file to a signed, verified
summary with the command line alone: each step is a separate `python -m workshop_app` process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from workshop_app.core import interchange
from workshop_app.core.demo import demo_workshop

PASSPHRASE = "a long enough passphrase"


def workshop_app(*argv: str, stdin: str = "", expect: int = 0) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "workshop_app", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == expect, (argv, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert PASSPHRASE not in result.stdout + result.stderr  # never echoed
    return result


def test_from_import_to_a_signed_verified_summary(tmp_path: Path) -> None:
    workshop = demo_workshop()
    for need in workshop.needs:
        need.alignment_acknowledged = False  # the room has yet to discuss the unclear one
    source = tmp_path / "workshop.json"
    source.write_text(interchange.dumps(workshop), encoding="utf-8")
    db = ("--db", str(tmp_path / "script.sqlite3"))

    workshop_app(
        "identity", "create", "--name", "Yossi יוסי", "--organisation", "Acme شركة",
        "--email", "yossi@example.com", stdin=f"{PASSPHRASE}\n",
    )  # fmt: skip
    shown = workshop_app("identity", "show").stdout
    assert "Signing identity: Yossi יוסי, Acme شركة <yossi@example.com>" in shown
    certificate = shown.rsplit("(verify --trust): ", 1)[1].strip()

    workshop_id = workshop_app(*db, "import", str(source)).stdout.strip()
    unclear = workshop_app(*db, "unclear", workshop_id).stdout
    assert "to discuss" in unclear
    code = unclear.split()[0]  # "N4"

    discussed = workshop_app(*db, "discussed", workshop_id, code, "--note", "Pilot first").stdout
    assert "Every unclear alignment has been discussed." in discussed
    for person in (p for p in workshop.participants if p.decision_maker):
        signed = workshop_app(*db, "sign", workshop_id, person.name, "--name", person.name)
    assert "signed off and locked" in signed.stdout

    out = tmp_path / "summary.pdf"
    workshop_app(*db, "export-pdf", workshop_id, "--sign", "--out", str(out), stdin=PASSPHRASE)

    verified = workshop_app("verify", str(out), "--trust", certificate).stdout
    assert verified.startswith("VERIFIED: the signature is intact")
    assert "Signature: signed by Yossi יוסי, Acme شركة <yossi@example.com>." in verified
