"""The summary as a story of platypus flowables, section by section, in the method's own terms.

Each section is a module of `report.sections`; they share the `reuse` layer (styles, shared
paragraphs and tables) and the `blocks` a summary repeats. This module orders them into pages.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from workshop_app.core import model as m
from workshop_app.report import fonts, layout
from workshop_app.report.reuse import build
from workshop_app.report.sections.actions import actions_section
from workshop_app.report.sections.appendix import appendix_section
from workshop_app.report.sections.context import Context
from workshop_app.report.sections.cover import cover
from workshop_app.report.sections.glance import glance_section
from workshop_app.report.sections.goals import goals_section
from workshop_app.report.sections.needs import loose_needs_section
from workshop_app.report.sections.requests import requests_section
from workshop_app.report.sections.results import results_section, review_section
from workshop_app.report.sections.robustness import robustness_section
from workshop_app.report.sections.signoff import signoff_section
from workshop_app.report.sections.summary import executive_summary
from workshop_app.report.text import clean, plain


def render(
    ws: m.Workshop,
    *,
    signature_block: bool = False,
    audit_lines: list[str] | None = None,
    finish: Callable[[Canvas], None] | None = None,
    fingerprint: str = "",
) -> bytes:
    """The summary PDF as reportlab writes it; `finish` gets the canvas just before it saves
    (`export.build_pdf` attaches the workshop JSON there). `fingerprint` is the signer's
    certificate SHA-256, printed in full on the sign-off page of a signed export."""
    fonts.register_fonts()
    ctx = Context.of(
        ws, signature_block=signature_block, audit_lines=audit_lines, fingerprint=fingerprint
    )
    buffer = io.BytesIO()
    doc = layout.SummaryDocTemplate(
        buffer,
        draft=ctx.draft,
        title=clean(ws.title),
        author=clean(ws.facilitator),
        subject=_subject(ws),
        creator="Workshop App",
        keywords="",
    )
    build(doc, story(ctx), layout.canvas_maker(_decoration(ctx), finish))
    return buffer.getvalue()


def story(ctx: Context) -> list[Flowable]:
    """Every section in order: cover, the review of earlier commitments (a follow-up), summary,
    goals and charts, requests, actions, results, how robust the ranking is, the audit appendix
    (when there are audit lines), and the sign-off on its own page template."""
    flowables: list[Flowable] = [
        *cover(ctx),
        NextPageTemplate("body"),
        PageBreak(),
        *review_section(ctx),
        *executive_summary(ctx),
        PageBreak(),
        *goals_section(ctx),
        *glance_section(ctx),
        PageBreak(),
        *requests_section(ctx),
        *loose_needs_section(ctx),
        *actions_section(ctx),
        *results_section(ctx),
        *robustness_section(ctx),
    ]
    if ctx.audit_lines is not None:
        flowables += appendix_section(ctx)
    return [*flowables, NextPageTemplate("signoff"), PageBreak(), *signoff_section(ctx)]


def _subject(ws: m.Workshop) -> str:
    parts = ["Workshop summary"]
    if ws.division.strip():
        parts.append(clean(ws.division))
    if ws.date:
        parts.append(ws.date)
    parts.append(f"revision {ws.revision}")
    return " · ".join(parts)


def _decoration(ctx: Context) -> layout.Decoration:
    ws = ctx.ws
    header = plain(ws.title) or "Workshop summary"
    if ws.division.strip():
        header += " · " + plain(ws.division)
    if ctx.signature_block:
        caption = "Digital signature"
        note = (
            "This summary carries a digital signature.\n"
            "Anyone can check that nothing changed since it\n"
            "was signed: workshop-app verify FILE.pdf"
        )
    else:
        caption = ""
        note = (
            "Draft: not signed off, so not digitally signed.\n"
            "The summary of the signed-off revision always\n"
            "carries a digital signature in this space."
        )
    return layout.Decoration(
        header_title=header,
        footer_note=f"Document digest SHA-256 {ctx.document_digest}",
        draft=ctx.draft,
        status_tag=f"SIGNED OFF · REVISION {ws.revision}",
        signature_caption=caption,
        signature_note=note,
    )
