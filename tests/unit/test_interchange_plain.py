"""The plain data behind the digests and the JSON is what the first, simple walk made of a
workshop, byte for byte: the digests of signed revisions must never change."""

from __future__ import annotations

from dataclasses import fields
from enum import StrEnum
from typing import Any

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop


def plain_as_first_written(obj: Any) -> Any:
    if isinstance(obj, StrEnum):
        return obj.value
    if hasattr(obj, "__dataclass_fields__"):
        return {f.name: plain_as_first_written(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, list):
        return [plain_as_first_written(v) for v in obj]
    return obj


def test_the_demo_and_a_signed_odd_workshop_give_the_same_bytes() -> None:
    ws = demo_workshop()
    ws.it_phase = m.Phase.RUN
    ws.needs[0].assessment.reach = 10**12
    ws.needs[0].why_ladder = ["Ä", "", "😀"]
    ws.signatures.append(
        m.Signature(ws.participants[0].id, "Ana", m.Stance.AGREE, content_digest="x" * 64)
    )
    for workshop in (ws, m.Workshop("Empty")):
        expected = plain_as_first_written(workshop)
        assert interchange._plain(workshop) == expected
        assert interchange.canonical_bytes(interchange._plain(workshop)) == (
            interchange.canonical_bytes(expected)
        )


def test_both_digests_at_once_are_the_two_digests() -> None:
    """`digests` encodes the workshop once for both (verify needs both); it must give exactly
    `content_digest` and `document_digest`, whatever the text holds."""
    for title in ("Q3", 'Zoë 🚀 "quotes" \\ back <b> שלום 販売 \u2028 \x7f', ""):
        ws = demo_workshop()
        ws.title = title
        assert interchange.digests(ws) == (
            interchange.content_digest(ws),
            interchange.document_digest(ws),
        )
        participant = ws.participants[0]
        ws.signatures.append(
            m.Signature(
                participant_id=participant.id,
                typed_name=participant.name,
                stance=m.Stance.AGREE_WITH_RESERVATION,
                note="ok ✓",
            )
        )
        assert interchange.digests(ws) == (
            interchange.content_digest(ws),
            interchange.document_digest(ws),
        )
