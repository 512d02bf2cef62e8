"""The five decisions, their single-key shortcuts, colours and the guidance each one carries.

Colour carries meaning only: proceed is green (go), needs information is amber (needs attention),
reshape uses the accent. Defer and decline are calm neutrals, because a clear "not now" or "no"
is a good outcome that saves the organisation waste, not an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from workshop_app.core.model import DecisionKind
from workshop_app.ui.theme import Colors, current_colors


@dataclass(frozen=True)
class KindInfo:
    kind: DecisionKind
    key: str  # the single-key shortcut on a focused card
    role: str  # which theme colour: "green", "accent", "muted", "text", "amber"
    guidance: str  # one line under the buttons once chosen


KINDS: tuple[KindInfo, ...] = (
    KindInfo(
        DecisionKind.PROCEED,
        "P",
        "green",
        "Go ahead as asked. Name the owner and the first step.",
    ),
    KindInfo(
        DecisionKind.RESHAPE,
        "R",
        "accent",
        "Serve the need another way. Say how in the next step.",
    ),
    KindInfo(
        DecisionKind.DEFER,
        "D",
        "muted",
        "Not now. Say when to revisit it and what would change the answer.",
    ),
    KindInfo(
        DecisionKind.DECLINE,
        "X",
        "text",
        "A clear no saves the organisation effort that would not serve its goals. "
        "Record the reason as carefully as an approval.",
    ),
    KindInfo(
        DecisionKind.NEEDS_INFORMATION,
        "N",
        "amber",
        "Say what is missing and who brings it back, by when.",
    ),
)
BY_KIND = {info.kind: info for info in KINDS}


def kind_color(kind: DecisionKind | None, colors: Colors | None = None) -> QColor:
    c = colors or current_colors()
    if kind is None:
        return QColor(c.muted)
    return QColor(getattr(c, BY_KIND[kind].role))


def tint(color: QColor, background: QColor, amount: float) -> QColor:
    """`amount` of `color` over `background`: a soft fill that keeps text readable."""
    return QColor(
        round(color.red() * amount + background.red() * (1 - amount)),
        round(color.green() * amount + background.green() * (1 - amount)),
        round(color.blue() * amount + background.blue() * (1 - amount)),
    )
