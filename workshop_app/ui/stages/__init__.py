"""The stages of a workshop, in the order the method follows.

A stage's module is imported when the stage is first needed: together they take longer to
import than the window takes to show, and the start screen (the library) needs none of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop_app.core import model as m
    from workshop_app.ui.stages.base import Stage

#: key → (module, class), in the order of the navigator.
STAGE_MODULES = {
    "setup": ("workshop_app.ui.stages.setup.page", "SetupStage"),
    "goals": ("workshop_app.ui.stages.goals.page", "GoalsStage"),
    "requests": ("workshop_app.ui.stages.requests.page", "RequestsStage"),
    "needs": ("workshop_app.ui.stages.needs.page", "NeedsStage"),
    "align": ("workshop_app.ui.stages.align.page", "AlignStage"),
    "decide": ("workshop_app.ui.stages.decide.page", "DecideStage"),
    "signoff": ("workshop_app.ui.stages.signoff.page", "SignoffStage"),
    "export": ("workshop_app.ui.stages.export.page", "ExportStage"),
}
#: Stages only some workshops have, shown before the others (numbered 0, Ctrl+0): the review
#: of results a follow-up opens with, which a signed-off workshop uses to record results.
REVIEW = "review"
EXTRA_STAGE_MODULES = {REVIEW: ("workshop_app.ui.stages.review.page", "ReviewStage")}


def stage_class(key: str) -> type[Stage]:
    module, name = STAGE_MODULES[key] if key in STAGE_MODULES else EXTRA_STAGE_MODULES[key]
    cls: type[Stage] = getattr(importlib.import_module(module), name)
    return cls


def stage_classes() -> list[type[Stage]]:
    return [stage_class(key) for key in STAGE_MODULES]


def stage_keys(workshop: m.Workshop | None) -> tuple[str, ...]:
    """The stages this workshop has, in navigator order."""
    from workshop_app.core.results import offers_review

    keys = tuple(STAGE_MODULES)
    return (REVIEW, *keys) if workshop is not None and offers_review(workshop) else keys


def stage_number(key: str) -> int:
    """The number a stage has in the navigator and its Ctrl+number shortcut (review: 0)."""
    return list(STAGE_MODULES).index(key) + 1 if key in STAGE_MODULES else 0
