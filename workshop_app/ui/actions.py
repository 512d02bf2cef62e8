"""Every command of the app, declared once as data.

Menus, the toolbar, keyboard shortcuts and the command palette are all built from ACTIONS, so a
command has one name, one shortcut and one handler everywhere. The specs name their commands by
`ActionId`; the main window hands `create_actions` its handler for each id, so a missing or
misspelt handler fails when the window is built, not when the command is first used.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from workshop_app.ui.stages import EXTRA_STAGE_MODULES, STAGE_MODULES, stage_number

Shortcut = QKeySequence.StandardKey | str
Handler = Callable[[], object]


class ActionId(StrEnum):
    LIBRARY = "file.library"
    NEW = "file.new"
    EXPORT = "file.export"
    VERIFY = "file.verify"
    CHECK_DATABASE = "file.check_database"
    IMPORT = "file.import"
    EXPORT_JSON = "file.export_json"
    HANDOVER = "file.handover"
    BACKUPS = "file.backups"
    CONNECT = "file.connect"
    COMPANY_GOALS = "file.company_goals"
    QUIT = "file.quit"
    UNDO = "edit.undo"
    REDO = "edit.redo"
    PALETTE = "view.palette"
    PRESENTATION = "view.presentation"
    WALL = "view.wall"
    NEXT_STAGE = "view.next_stage"
    PREVIOUS_STAGE = "view.previous_stage"
    BIGGER = "view.bigger"
    SMALLER = "view.smaller"
    SETTINGS = "view.settings"
    TIMER = "workshop.timer"
    NEXT_AGENDA = "workshop.next_agenda"
    INVITE_ROOM = "workshop.invite_room"
    PICK_COMPANY_GOALS = "workshop.pick_company_goals"
    SHORTCUTS = "help.shortcuts"
    ABOUT = "help.about"
    STAGE_REVIEW = "stage.review"
    STAGE_SETUP = "stage.setup"
    STAGE_GOALS = "stage.goals"
    STAGE_REQUESTS = "stage.requests"
    STAGE_NEEDS = "stage.needs"
    STAGE_ALIGN = "stage.align"
    STAGE_DECIDE = "stage.decide"
    STAGE_SIGNOFF = "stage.signoff"
    STAGE_EXPORT = "stage.export"


def stage_action(key: str) -> ActionId:
    """The id of the command that jumps to a stage."""
    return ActionId(f"stage.{key}")


class ActionSpec(NamedTuple):
    id: ActionId
    text: str
    menu: str  # "File", "Edit", "View", "Go", "Workshop", "Help"
    shortcuts: tuple[Shortcut, ...] = ()
    needs_workshop: bool = True  # disabled until a workshop is open
    edits: bool = False  # changes the library: disabled in a viewer's window (ui/read_only.py)
    tip: str = ""
    toolbar: bool = False


STAGE_KEYS = tuple(STAGE_MODULES)

_COMMANDS: tuple[ActionSpec, ...] = (
    ActionSpec(
        id=ActionId.LIBRARY,
        text="Workshops…",
        menu="File",
        shortcuts=("Ctrl+O",),
        needs_workshop=False,
        tip="Open the workshops library",
        toolbar=True,
    ),
    ActionSpec(
        id=ActionId.NEW,
        text="New workshop",
        menu="File",
        shortcuts=("Ctrl+N",),
        needs_workshop=False,
        tip="Start a new blank workshop",
        edits=True,
    ),
    ActionSpec(
        id=ActionId.EXPORT,
        text="Export summary PDF…",
        menu="File",
        shortcuts=("Ctrl+E",),
        tip="Export the signed-off summary as PDF",
        toolbar=True,
    ),
    ActionSpec(
        id=ActionId.VERIFY,
        text="Verify a summary PDF…",
        menu="File",
        needs_workshop=False,
        tip="Check that a shared summary PDF is unchanged and see who signed it",
    ),
    ActionSpec(
        id=ActionId.CHECK_DATABASE,
        text="Check database…",
        menu="File",
        needs_workshop=False,
        tip="Check the whole workshop database for damage",
    ),
    ActionSpec(
        id=ActionId.IMPORT,
        text="Import…",
        menu="File",
        needs_workshop=False,
        tip="Import a workshop from a JSON file or a summary PDF",
        edits=True,
    ),
    ActionSpec(
        id=ActionId.EXPORT_JSON,
        text="Export JSON…",
        menu="File",
        tip="Save the workshop as an interchange JSON file",
    ),
    ActionSpec(
        id=ActionId.HANDOVER,
        text="Hand over to Jira, ServiceNow or Excel…",
        menu="File",
        tip="Save the decisions and action items as a CSV that Jira or ServiceNow imports, or "
        "as an Excel workbook",
    ),
    ActionSpec(
        id=ActionId.BACKUPS,
        text="Backups…",
        menu="File",
        needs_workshop=False,
        tip="See the automatic backups and restore one",
        edits=True,
    ),
    ActionSpec(
        id=ActionId.CONNECT,
        text="Connect to a team library…",
        menu="File",
        needs_workshop=False,
        tip="Open the library your CIO office shares on a server, or switch back to your own",
    ),
    ActionSpec(
        id=ActionId.COMPANY_GOALS,
        text="Company goals…",
        menu="File",
        needs_workshop=False,
        tip="The company's goals, kept once for every workshop: add, change or retire them",
    ),
    ActionSpec(
        id=ActionId.QUIT,
        text="Quit",
        menu="File",
        shortcuts=(QKeySequence.StandardKey.Quit,),
        needs_workshop=False,
    ),
    ActionSpec(
        id=ActionId.PALETTE,
        text="Command palette…",
        menu="View",
        shortcuts=("Ctrl+K", "Ctrl+Shift+P"),
        needs_workshop=False,
        tip="Find any command or request by name",
        toolbar=True,
    ),
    ActionSpec(
        id=ActionId.PRESENTATION,
        text="Presentation mode",
        menu="View",
        shortcuts=("F5",),
        tip="Full screen for the wall; Esc to leave",
        toolbar=True,
    ),
    ActionSpec(
        id=ActionId.WALL,
        text="Wall for the room",
        menu="View",
        shortcuts=("Shift+F5",),
        tip="The stage you are on, large, on a second screen, while you keep editing here",
    ),
    ActionSpec(id=ActionId.NEXT_STAGE, text="Next stage", menu="View", shortcuts=("Ctrl+PgDown",)),
    ActionSpec(
        id=ActionId.PREVIOUS_STAGE,
        text="Previous stage",
        menu="View",
        shortcuts=("Ctrl+PgUp",),
    ),
    ActionSpec(
        id=ActionId.BIGGER,
        text="Larger text",
        menu="View",
        shortcuts=(QKeySequence.StandardKey.ZoomIn, "Ctrl+="),
        needs_workshop=False,
    ),
    ActionSpec(
        id=ActionId.SMALLER,
        text="Smaller text",
        menu="View",
        shortcuts=(QKeySequence.StandardKey.ZoomOut,),
        needs_workshop=False,
    ),
    ActionSpec(
        id=ActionId.SETTINGS,
        text="Settings…",
        menu="View",
        shortcuts=(QKeySequence.StandardKey.Preferences,),
        needs_workshop=False,
    ),
    ActionSpec(
        id=ActionId.TIMER,
        text="Start or pause the timer",
        menu="Workshop",
        shortcuts=("Ctrl+T",),
        tip="Time the current agenda item",
    ),
    ActionSpec(
        id=ActionId.NEXT_AGENDA,
        text="Next agenda item",
        menu="Workshop",
        shortcuts=("Ctrl+Shift+T",),
    ),
    ActionSpec(
        id=ActionId.INVITE_ROOM,
        text="Invite the room…",
        menu="Workshop",
        shortcuts=("Ctrl+Shift+I",),
        tip="Participants join from their own phones on this network, rate privately and sign",
        edits=True,
    ),
    ActionSpec(
        id=ActionId.PICK_COMPANY_GOALS,
        text="Pick from the company goals…",
        menu="Workshop",
        shortcuts=("Ctrl+Shift+G",),
        tip="Add the company's goals, kept once for every workshop, to this workshop's goals",
        edits=True,
    ),
    ActionSpec(
        id=ActionId.SHORTCUTS,
        text="Keyboard shortcuts",
        menu="Help",
        shortcuts=(QKeySequence.StandardKey.HelpContents,),
        needs_workshop=False,
    ),
    ActionSpec(id=ActionId.ABOUT, text="About Workshop App", menu="Help", needs_workshop=False),
)
_STAGE_JUMPS = tuple(
    ActionSpec(
        id=stage_action(key),
        text=f"Go to {key.replace('signoff', 'sign-off').capitalize()}",
        menu="Go",
        shortcuts=(f"Ctrl+{stage_number(key)}",),
    )
    for key in (*EXTRA_STAGE_MODULES, *STAGE_KEYS)
)
ACTIONS: tuple[ActionSpec, ...] = (*_COMMANDS, *_STAGE_JUMPS)


def create_actions(
    owner: QWidget, handlers: Mapping[ActionId, Handler], specs: tuple[ActionSpec, ...] = ACTIONS
) -> dict[str, QAction]:
    """QActions for the specs, each triggering its handler (every spec must have one)."""
    actions: dict[str, QAction] = {}
    for spec in specs:
        action = QAction(spec.text, owner)
        action.setObjectName(spec.id)
        if spec.shortcuts:
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(
                f"{spec.text} ({_shortcut_text(spec)})" if spec.shortcuts else spec.tip
            )
        action.triggered.connect(_trigger(handlers[spec.id]))
        owner.addAction(action)
        actions[spec.id] = action
    return actions


def _trigger(handler: Handler) -> Callable[[], None]:
    """A slot that drops `triggered`'s `checked` argument, which no handler takes."""

    def trigger() -> None:
        handler()

    return trigger


def _shortcut_text(spec: ActionSpec) -> str:
    return QKeySequence(spec.shortcuts[0]).toString(QKeySequence.SequenceFormat.NativeText)


def redo_shortcuts() -> list[QKeySequence]:
    """The platform's redo keys plus Ctrl+Shift+Z and, off macOS, Ctrl+Y: people bring either
    habit into the room. Each key only once: a key bound twice to one action is "ambiguous" to
    Qt and does nothing at all."""
    keys = [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")]
    if sys.platform != "darwin":
        keys.append(QKeySequence("Ctrl+Y"))
    unique: list[QKeySequence] = []
    for key in keys:
        if key not in unique:
            unique.append(key)
    return unique
