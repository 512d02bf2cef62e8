"""Files written by earlier versions of the interchange format still read, and what their
participants signed still verifies after fields were added to the format."""

from __future__ import annotations

import json
from pathlib import Path

from workshop_app.core import interchange

SIGNED_V1 = Path(__file__).parent / "data" / "signed_schema_v1.json"


def test_a_version_1_file_reads_as_the_current_version() -> None:
    workshop = interchange.loads(SIGNED_V1.read_bytes())
    assert json.loads(interchange.dumps(workshop))["schema_version"] == interchange.SCHEMA_VERSION
    assert workshop.requests and workshop.needs and workshop.signatures


def test_signatures_made_before_later_fields_existed_still_match_the_content() -> None:
    # Each signature holds the digest computed when it was made, by the version 1 code.
    workshop = interchange.loads(SIGNED_V1.read_bytes())
    signed = {s.content_digest for s in workshop.signatures}
    assert signed == {interchange.content_digest(workshop)}


def test_a_version_1_file_written_again_keeps_its_document_digest() -> None:
    workshop = interchange.loads(SIGNED_V1.read_bytes())
    again = interchange.loads(interchange.dumps(workshop))
    assert interchange.document_digest(again) == interchange.document_digest(workshop)
