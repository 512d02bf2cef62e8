"""The shapes a summary repeats from section to section: facts, callouts, chips, rules, number
tiles, rating dots, the title's masthead and the decisions chart with its heading."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from workshop_app.core import model as m
from workshop_app.report import charts, fonts
from workshop_app.report import theme as t
from workshop_app.report.reuse import ALL, coloured, grid, heading, padding, rich, style

#: The label column of `facts`; what is left is the width its values are set in.
FACT_LABEL_WIDTH = 38 * mm
FACT_VALUE_WIDTH = t.CONTENT_WIDTH - FACT_LABEL_WIDTH


def facts(rows: Sequence[tuple[str, Flowable]], label_width: float = FACT_LABEL_WIDTH) -> Table:
    """Label and value pairs, aligned, without rules: the facts of a need or a decision."""
    return grid(
        [[rich(label, "label"), value] for label, value in rows],
        [label_width, t.CONTENT_WIDTH - label_width],
        [
            ("VALIGN", *ALL, "TOP"),
            *padding(0, 6, 2.5, 3),
            # Labels are smaller than values: lower them so the baselines line up.
            ("TOPPADDING", (0, 0), (0, -1), 2.5 + t.BODY_SIZE - 7.4),
        ],
        splitInRow=1,
    )


def stack(flowables: list[Flowable]) -> Table:
    """Flowables one under the other in a facts value, splitting between them across pages."""
    return grid(
        [[f] for f in flowables],
        [FACT_VALUE_WIDTH],
        padding(0, 0, 0, 2),
        splitInRow=1,
        align="CENTER",
    )


def callout(flowables: list[Flowable], *, attention: bool = False) -> Table:
    """A shaded box with a coloured bar on the left: amber when it asks for attention."""
    return grid(
        [[flowables]],
        [t.CONTENT_WIDTH],
        [
            ("BACKGROUND", *ALL, t.AMBER_FILL if attention else t.FILL),
            ("LINEBEFORE", (0, 0), (0, -1), 2.2, t.AMBER_RULE if attention else t.ACCENT),
            *padding(9, 9, 7, 8),
        ],
        splitInRow=1,
    )


def chip(label: str, *, attention: bool = False) -> Table:
    """A small label with a tinted background (decision kinds, flags)."""
    style_name = "small_bold"
    width = stringWidth(label, fonts.SANS_BOLD, style(style_name).fontSize) + 13
    return grid(
        [[rich(coloured(label, t.AMBER if attention else t.ACCENT), style_name)]],
        [width],
        [
            ("BACKGROUND", *ALL, t.AMBER_FILL if attention else t.ACCENT_LIGHT),
            *padding(6, 6, 2, 3.5),
        ],
    )


def rule(width: float = t.CONTENT_WIDTH, colour: Any = t.RULE, thickness: float = 0.5) -> Table:
    """A horizontal line."""
    return grid(
        [[""]],
        [width],
        [
            ("LINEABOVE", (0, 0), (-1, 0), thickness, colour),
            ("TOPPADDING", *ALL, 0),
            ("BOTTOMPADDING", *ALL, 0),
        ],
        rowHeights=[thickness + 1],
    )


def opening(title: str, text: str, space: float) -> list[Flowable]:
    """A section's title and the sentence that says what it holds, then `space` before it."""
    return [heading(title), rich(text, "body"), Spacer(1, space)]


def masthead(eyebrow: str) -> list[Flowable]:
    """The small capitals and the short accent rule above a title page's title."""
    return [rich(eyebrow, "eyebrow"), Spacer(1, 2 * mm), rule(28 * mm, t.ACCENT, 2)]


def tiles(values: Sequence[tuple[int, str]]) -> Table:
    """Big numbers with a label under each, side by side across the page."""
    width = t.CONTENT_WIDTH / len(values)
    numbers = [rich(f"{n:,}", "kpi_number") for n, _ in values]
    labels = [rich(label, "kpi_label") for _, label in values]
    return grid(
        [numbers, labels],
        [width] * len(values),
        [
            ("LINEABOVE", (0, 0), (-1, 0), 0.9, t.ACCENT),
            ("LEFTPADDING", *ALL, 0),
            ("RIGHTPADDING", *ALL, 4),
            ("TOPPADDING", (0, 0), (-1, 0), 5),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 1),
            ("TOPPADDING", (0, 1), (-1, 1), 0),
            ("VALIGN", *ALL, "TOP"),
        ],
    )


def dots(filled: int, total: int, label: str) -> str:
    """A rating as markup: `filled` dots in the accent colour, the rest of `total` in grey,
    then its label."""
    return (
        coloured("●" * filled, t.ACCENT) + coloured("●" * (total - filled), t.RULE) + f"  {label}"
    )


def decisions_by_kind(counts: Counter[m.DecisionKind | None]) -> Flowable:
    """A bar per decision kind (and one for requests not decided yet), under its heading."""
    bars = [(kind.label, counts.get(kind, 0)) for kind in m.DecisionKind]
    if counts.get(None, 0):
        bars.append(("Not decided", counts[None]))
    return KeepTogether(
        [
            heading("Decisions by kind", "h2"),
            charts.decisions_chart(bars, t.CONTENT_WIDTH * 0.7),
        ]
    )
