"""The sign-off page: what participants confirm, who signed which revision, and how anyone can
check the summary later."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from workshop_app.core import model as m
from workshop_app.report import charts, fonts, howto
from workshop_app.report import theme as t
from workshop_app.report.formats import plural, timestamp
from workshop_app.report.reuse import (
    bold,
    coloured,
    columns,
    header_row,
    heading,
    para,
    rich,
    table,
)
from workshop_app.report.sections.context import Context
from workshop_app.report.text import DASH, markup

_Row = list[Flowable | list[Flowable] | str]


def signoff_section(ctx: Context) -> list[Flowable]:
    ws = ctx.ws
    latest: dict[str, m.Signature] = {}
    for given in ws.signatures:
        latest[given.participant_id] = given  # the most recent one counts
    story: list[Flowable] = [
        heading("Sign-off"),
        rich(
            f"By signing, participants confirm that this summary records the workshop's "
            f"requests, needs, priorities and decisions as agreed. They sign revision "
            f"{ws.revision}, identified by its content digest:",
            "body",
        ),
        Spacer(1, 1.5 * mm),
        rich(f'<font size="7.4">{ctx.digest}</font>', "small_bold"),
        Spacer(1, 5 * mm),
        rich(bold(_how_many_signed(ctx, latest)), "body"),
        Spacer(1, 3 * mm),
        _signatures(ctx, latest),
        Spacer(1, 6 * mm),
        heading(howto.TITLE, "h3"),
        Spacer(1, 1.5 * mm),
    ]
    for paragraph in howto.how_to_check(signed_off=not ctx.draft, fingerprint=ctx.fingerprint):
        story += [rich(paragraph, "small"), Spacer(1, 1.5 * mm)]
    return story


def _how_many_signed(ctx: Context, latest: dict[str, m.Signature]) -> str:
    makers = [p for p in ctx.ws.participants if p.decision_maker]
    signed_makers = [
        p for p in makers if p.id in latest and latest[p.id].content_digest == ctx.digest
    ]
    return (
        f"{len(signed_makers)} of {plural(len(makers), 'decision-maker')} "
        f"{'has' if len(signed_makers) == 1 else 'have'} signed this revision."
    )


def _signatures(ctx: Context, latest: dict[str, m.Signature]) -> Flowable:
    rows: list[_Row] = [
        header_row("Participant", "Decision-maker", "Signature", "Stance", "Signed")
    ]
    for p in ctx.ws.participants:
        name_cell = [para(p.name, "cell_bold"), para(p.role, "cell_muted")]
        maker = rich("Yes", "cell") if p.decision_maker else rich(DASH, "cell_dash")
        signature = latest.get(p.id)
        if signature is None:
            rows.append([name_cell, maker, *_not_signed(p)])
        else:
            rows.append([name_cell, maker, *_signed(ctx, signature)])
    if not ctx.ws.participants:
        rows.append([rich("No participants recorded.", "cell_muted"), "", "", "", ""])
    return table(rows, columns(36 * mm, 27 * mm, 40 * mm, None, 31 * mm))


def _not_signed(p: m.Participant) -> _Row:
    """Signature, stance and time of someone who has not signed: amber for a decision-maker."""
    waiting = "Not signed"
    return [
        rich(coloured(waiting, t.AMBER) if p.decision_maker else waiting, "cell_muted"),
        rich(DASH, "cell_dash"),
        rich(DASH, "cell_dash"),
    ]


def _signed(ctx: Context, signature: m.Signature) -> _Row:
    """The drawn and typed signature (void if the content changed since), stance and time."""
    sig_cell: list[Flowable] = []
    drawing = charts.signature_drawing(signature.drawing, 40 * mm, 11 * mm)
    if drawing is not None:
        sig_cell.append(drawing)
    sig_cell.append(rich(f"<i>{markup(signature.typed_name, fonts.SANS_ITALIC)}</i>", "cell"))
    if signature.content_digest != ctx.digest:
        sig_cell.append(
            rich(coloured("Void: the content changed after this signature.", t.AMBER), "cell")
        )
    stance: list[Flowable] = [rich(signature.stance.label, "cell")]
    if signature.note.strip():
        stance.append(para(signature.note, "cell_muted"))
    return [sig_cell, stance, para(timestamp(signature.signed_at), "cell")]
