"""The appendix: the audit summary, when the export asks for it."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from workshop_app.report.blocks import opening
from workshop_app.report.reuse import para, rich
from workshop_app.report.sections.context import Context


def appendix_section(ctx: Context) -> list[Flowable]:
    lines = ctx.audit_lines or []
    story: list[Flowable] = [
        PageBreak(),
        *opening(
            "Appendix: audit summary",
            "What changed in this workshop and when, from the app's append-only audit log.",
            4 * mm,
        ),
    ]
    if not lines:
        story.append(rich("The audit log has no entries for this revision.", "dash"))
    story += [para(line, "small") for line in lines]
    return story
