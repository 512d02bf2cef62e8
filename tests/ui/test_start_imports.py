"""The window shows before the database opens, so nothing on the way to it may import what the
worker thread loads meanwhile (ui/opening.py, benchmarks/ measures the start)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

#: Too slow to import before the window shows (SQLAlchemy and sqlmodel alone take a third of a
#: second), or not needed until a workshop is open.
HEAVY = (
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "reportlab",
    "pypdf",
    "pypdfium2",
    "pyhanko",
    "cryptography",
    "workshop_app.storage.operations",
    "workshop_app.report",
    "workshop_app.ui.stages.setup.page",
    "workshop_app.ui.stages.export.page",
    # Not on the start screen: imported on first use or with the first workshop opened.
    "workshop_app.core.fields",
    "workshop_app.core.interchange",
    "workshop_app.core.model",
    "workshop_app.core.purpose",
    "workshop_app.core.roadmap",
    "workshop_app.core.scoring",
    "workshop_app.ui.library.conflicts",
    "workshop_app.ui.library.roadmap_view",
    "workshop_app.ui.commands",
    "workshop_app.ui.read_only",
    "workshop_app.ui.session",
    "workshop_app.ui.settings_dialog",
    "workshop_app.ui.status_words",
    "workshop_app.ui.team_dialog",
    "uuid",
    # Each a millisecond or more of the start (benchmarks/README.md, "Where the cold start goes").
    "dataclasses",  # records the start defines are named tuples
    "html",
    "socket",  # the termination handler is installed once the window has painted
    "workshop_app.storage.team",
    "workshop_app.ui.library.portfolio_filter",
    "workshop_app.ui.widgets.fields",
    "workshop_app.ui.widgets.navigator",  # the stage list is made with the first workshop
)

_PROBE = """
import json, sys
from workshop_app.cli import build_parser
from workshop_app.ui import app, errors, main_window, opening, settings
print(json.dumps(sorted(sys.modules)))
"""


def test_the_way_to_the_window_imports_nothing_heavy() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, check=True
    ).stdout
    loaded = json.loads(out)
    heavy = [m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert heavy == []
    assert "workshop_app.storage.catalog" in loaded  # the list read at start is there
