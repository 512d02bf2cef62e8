"""One wording for a workshop's status: the window says what `workshop-app list` says."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from workshop_app.cli import main
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.storage.operations import Library
from workshop_app.ui.stages.export.page import ExportStage


@pytest.mark.parametrize("status", [m.Status.DRAFT, m.Status.IN_PROGRESS])
def test_the_export_stage_words_the_status_as_list_does(
    qtbot: QtBot,
    capsys: pytest.CaptureFixture[str],
    library: Library,
    db_path: Path,
    tmp_path: Path,
    status: m.Status,
) -> None:
    workshop_id = library.add_workshop(replace(demo_workshop(), status=status, signatures=[]))
    assert main(["--db", str(db_path), "list"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    listed = line.split("  ")[3].strip()  # id, date, revision, status, title
    assert listed == status.label

    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.go_to_stage("export")
    stage = window.current_stage()
    assert isinstance(stage, ExportStage)
    assert stage.status.title.text() == f"{listed} · revision 1"
    qtbot.waitUntil(lambda: stage.idle, timeout=20_000)  # no preview thread outlives the test
