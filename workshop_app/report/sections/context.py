"""What the sections share: the workshop and what is computed from it once per export."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from workshop_app.core import model as m
from workshop_app.core.interchange import digests
from workshop_app.core.scoring import AlignmentResult, Priority, alignment, priority


@dataclass
class Context:
    """Everything computed once per export and shared by the sections."""

    ws: m.Workshop
    digest: str  # what participants sign (the content)
    signature_block: bool
    audit_lines: list[str] | None
    need_codes: dict[str, str] = field(default_factory=dict)
    goal_codes: dict[str, str] = field(default_factory=dict)
    request_numbers: dict[str, int] = field(default_factory=dict)
    alignments: dict[str, AlignmentResult] = field(default_factory=dict)
    priorities: dict[str, Priority] = field(default_factory=dict)
    ranked: list[m.Need] = field(default_factory=list)
    document_digest: str = ""  # content and sign-off record: printed on every page
    fingerprint: str = ""  # the signer's certificate SHA-256, when the export is signed

    @classmethod
    def of(
        cls,
        ws: m.Workshop,
        *,
        signature_block: bool,
        audit_lines: list[str] | None,
        fingerprint: str = "",
    ) -> Context:
        # A signed-off summary is always digitally signed, so it always has room for the stamp.
        signature_block = signature_block or ws.status is m.Status.SIGNED_OFF
        content, document = digests(ws)  # the workshop's fields gathered once for both
        ctx = cls(ws, content, signature_block, audit_lines)
        ctx.document_digest = document
        ctx.fingerprint = fingerprint
        ctx.need_codes = {n.id: f"N{i}" for i, n in enumerate(ws.needs, start=1)}
        ctx.goal_codes = {g.id: f"G{i}" for i, g in enumerate(ws.goals, start=1)}
        ctx.request_numbers = {r.id: i for i, r in enumerate(ws.requests, start=1)}
        ctx.alignments = {n.id: alignment(ws, n) for n in ws.needs}
        ctx.priorities = {n.id: priority(ws, n) for n in ws.needs}
        ctx.ranked = sorted(ws.needs, key=lambda n: -ctx.priorities[n.id].score)
        return ctx

    @property
    def draft(self) -> bool:
        return self.ws.status is not m.Status.SIGNED_OFF

    def decision_counts(self) -> Counter[m.DecisionKind | None]:
        """How many requests got each kind of decision; None counts those not decided yet."""
        return Counter(self.ws.decision_for(r.id).kind for r in self.ws.requests)


def decision_label(decision: m.Decision) -> str:
    return decision.kind.label if decision.kind is not None else "Not decided yet"
