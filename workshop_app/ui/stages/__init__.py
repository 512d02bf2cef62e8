"""The stages of a workshop, in the order the method follows."""

from workshop_app.ui.stages.align import AlignStage
from workshop_app.ui.stages.decide import DecideStage
from workshop_app.ui.stages.export import ExportStage
from workshop_app.ui.stages.goals import GoalsStage
from workshop_app.ui.stages.needs import NeedsStage
from workshop_app.ui.stages.requests import RequestsStage
from workshop_app.ui.stages.setup import SetupStage
from workshop_app.ui.stages.signoff import SignoffStage

STAGE_CLASSES = (
    SetupStage,
    GoalsStage,
    RequestsStage,
    NeedsStage,
    AlignStage,
    DecideStage,
    SignoffStage,
    ExportStage,
)
