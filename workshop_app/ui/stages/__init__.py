"""The stages of a workshop, in the order the method follows.

A stage's module is imported when the stage is first needed: together they take longer to
import than the window takes to show, and the start screen (the library) needs none of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


def stage_class(key: str) -> type[Stage]:
    module, name = STAGE_MODULES[key]
    cls: type[Stage] = getattr(importlib.import_module(module), name)
    return cls


def stage_classes() -> list[type[Stage]]:
    return [stage_class(key) for key in STAGE_MODULES]
