"""Workshop templates: interchange JSON files in resources/templates/, added with fresh ids.

A template is an ordinary exported workshop (docs: the interchange format) holding the parts that
repeat from one workshop to the next — goals to start from, an agenda with planned minutes — and
no requests. Files are read in name order, so a numeric prefix sets the order of the menu.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.errors import ValidationError
from workshop_app.paths import resources_dir

if TYPE_CHECKING:
    from workshop_app.storage.operations import Library


def templates_dir() -> Path:
    return resources_dir() / "templates"


@dataclass(frozen=True)
class Template:
    path: Path
    title: str
    goal_count: int
    agenda_count: int
    minutes: int

    @property
    def summary(self) -> str:
        """“5 goals · 6 agenda items · 2 h”."""
        goals = f"{self.goal_count} goal{'s' if self.goal_count != 1 else ''}"
        items = f"{self.agenda_count} agenda item{'s' if self.agenda_count != 1 else ''}"
        hours, minutes = divmod(self.minutes, 60)
        parts = ([f"{hours} h"] if hours else []) + ([f"{minutes} min"] if minutes else [])
        return f"{goals} · {items} · {' '.join(parts) or '0 min'}"


def load_template(path: Path) -> m.Workshop:
    """Read and check one template. Raises ValidationError naming the file and the problem."""
    try:
        workshop = interchange.loads(path.read_bytes())
    except ValidationError as exc:
        raise ValidationError(f"{path.name}: {exc.path}", exc.problem) from None
    if workshop.requests or workshop.needs or workshop.signatures:
        raise ValidationError(path.name, "a template holds no requests, needs or signatures")
    return workshop


def available_templates(folder: Path | None = None) -> list[Template]:
    """The templates that load cleanly, in file-name order. A broken file is skipped."""
    folder = folder or templates_dir()
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            ws = load_template(path)
        except (ValidationError, OSError):
            continue
        found.append(
            Template(
                path=path,
                title=ws.title,
                goal_count=len(ws.goals),
                agenda_count=len(ws.agenda),
                minutes=sum(a.planned_minutes for a in ws.agenda),
            )
        )
    return found


def create_from_template(library: Library, template: Template | Path) -> str:
    """Add a new draft workshop made from a template; returns its id."""
    from workshop_app.storage.operations import fresh_ids, now_iso

    path = template.path if isinstance(template, Template) else template
    workshop = fresh_ids(load_template(path))
    workshop = replace(
        workshop,
        status=m.Status.DRAFT,
        revision=1,
        created_at=now_iso(),
        decisions=[],
        actions=[],
    )
    return library.add_workshop(workshop, action="create workshop from template")
