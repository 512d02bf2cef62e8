"""Every command of the app, declared once as data.

Menus, the toolbar, keyboard shortcuts and the command palette are all built from ACTIONS, so a
command has one name, one shortcut and one handler everywhere. Handlers are method names on the
main window, looked up when the actions are created.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from workshop_app.ui.stages import STAGE_MODULES

Shortcut = QKeySequence.StandardKey | str


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    handler: str  # method name on the main window
    menu: str  # "File", "Edit", "View", "Workshop", "Help"
    shortcuts: tuple[Shortcut, ...] = ()
    needs_workshop: bool = True  # disabled until a workshop is open
    tip: str = ""
    toolbar: bool = False
    checkable: bool = False
    args: tuple[object, ...] = field(default_factory=tuple)


STAGE_KEYS = tuple(STAGE_MODULES)

_COMMANDS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "file.library",
        "Workshops…",
        "show_library",
        "File",
        ("Ctrl+O",),
        False,
        "Open the workshops library",
        toolbar=True,
    ),
    ActionSpec(
        "file.new",
        "New workshop",
        "new_workshop",
        "File",
        ("Ctrl+N",),
        False,
        "Start a new blank workshop",
    ),
    ActionSpec(
        "file.export",
        "Export summary PDF…",
        "show_export",
        "File",
        ("Ctrl+E",),
        tip="Export the signed-off summary as PDF",
        toolbar=True,
    ),
    ActionSpec(
        "file.verify",
        "Verify a summary PDF…",
        "verify_summary_pdf",
        "File",
        (),
        False,
        "Check that a shared summary PDF is unchanged and see who signed it",
    ),
    ActionSpec(
        "file.check_database",
        "Check database…",
        "check_database",
        "File",
        (),
        False,
        "Check the whole workshop database for damage",
    ),
    ActionSpec(
        "file.import",
        "Import…",
        "import_workshop",
        "File",
        (),
        False,
        "Import a workshop from a JSON file or a summary PDF",
    ),
    ActionSpec(
        "file.export_json",
        "Export JSON…",
        "export_workshop_json",
        "File",
        (),
        tip="Save the workshop as an interchange JSON file",
    ),
    ActionSpec(
        "file.backups",
        "Backups…",
        "show_backups",
        "File",
        (),
        False,
        "See the automatic backups and restore one",
    ),
    ActionSpec("file.quit", "Quit", "close", "File", (QKeySequence.StandardKey.Quit,), False),
    ActionSpec(
        "view.palette",
        "Command palette…",
        "show_palette",
        "View",
        ("Ctrl+K", "Ctrl+Shift+P"),
        False,
        "Find any command or request by name",
        toolbar=True,
    ),
    ActionSpec(
        "view.presentation",
        "Presentation mode",
        "toggle_presentation",
        "View",
        ("F5",),
        tip="Full screen for the wall; Esc to leave",
        toolbar=True,
    ),
    ActionSpec("view.next_stage", "Next stage", "next_stage", "View", ("Ctrl+PgDown",)),
    ActionSpec("view.previous_stage", "Previous stage", "previous_stage", "View", ("Ctrl+PgUp",)),
    ActionSpec(
        "view.bigger",
        "Larger text",
        "bigger_text",
        "View",
        (QKeySequence.StandardKey.ZoomIn, "Ctrl+="),
        False,
    ),
    ActionSpec(
        "view.smaller",
        "Smaller text",
        "smaller_text",
        "View",
        (QKeySequence.StandardKey.ZoomOut,),
        False,
    ),
    ActionSpec(
        "view.settings",
        "Settings…",
        "show_settings",
        "View",
        (QKeySequence.StandardKey.Preferences,),
        False,
    ),
    ActionSpec(
        "workshop.timer",
        "Start or pause the timer",
        "toggle_timer",
        "Workshop",
        ("Ctrl+T",),
        tip="Time the current agenda item",
    ),
    ActionSpec(
        "workshop.next_agenda",
        "Next agenda item",
        "next_agenda_item",
        "Workshop",
        ("Ctrl+Shift+T",),
    ),
    ActionSpec(
        "help.shortcuts",
        "Keyboard shortcuts",
        "show_shortcuts",
        "Help",
        (QKeySequence.StandardKey.HelpContents,),
        False,
    ),
    ActionSpec("help.about", "About Workshop App", "show_about", "Help", (), False),
)
_STAGE_JUMPS = tuple(
    ActionSpec(
        f"stage.{key}",
        f"Go to {key.replace('signoff', 'sign-off').capitalize()}",
        "go_to_stage",
        "Go",
        (f"Ctrl+{number}",),
        args=(key,),
    )
    for number, key in enumerate(STAGE_KEYS, start=1)
)
ACTIONS: tuple[ActionSpec, ...] = (*_COMMANDS, *_STAGE_JUMPS)


def create_actions(owner: QWidget, specs: tuple[ActionSpec, ...] = ACTIONS) -> dict[str, QAction]:
    """QActions for the specs, triggering the owner's handler methods."""
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
        action.setCheckable(spec.checkable)
        handler: Callable[..., object] = getattr(owner, spec.handler)
        action.triggered.connect(_bind(handler, spec.args))
        owner.addAction(action)
        actions[spec.id] = action
    return actions


def _bind(handler: Callable[..., object], args: tuple[object, ...]) -> Callable[[], None]:
    def trigger() -> None:
        handler(*args)

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
