"""File → Hand over to Jira, ServiceNow or Excel…: the save dialog (patched) chooses the system,
the file is written and read back, and a refusal is one sentence, never a traceback."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from workshop_app.storage.operations import Library
from workshop_app.ui import dialogs


def test_the_file_menu_hands_over_to_each_system(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, library, tmp_path)
    action = window.actions_by_id["file.handover"]
    assert not action.isEnabled()  # no workshop open
    window.open_workshop(demo_id)
    assert action.isEnabled()
    suggestions: list[Path] = []

    def choose(system: str, name: str) -> None:
        def factory(_window: object, suggested: Path) -> tuple[Path, str]:
            suggestions.append(suggested)
            return tmp_path / name, system

        monkeypatch.setattr(dialogs, "choose_handover_target", factory)

    choose("jira", "jira.csv")
    action.trigger()
    with (tmp_path / "jira.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Summary", "Issue Type", "Description"] and len(rows) > 6
    assert suggestions[0].name.endswith(" - jira.csv")
    assert "Jira (CSV): saved to" in window.statusBar().currentMessage()

    choose("servicenow", "servicenow.csv")
    action.trigger()
    with (tmp_path / "servicenow.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle))[0] == "short_description"

    # Excel chosen over the suggested Jira name: the name follows the system.
    choose("xlsx", suggestions[0].name)
    action.trigger()
    written = tmp_path / suggestions[0].name.replace(" - jira.csv", " - xlsx.xlsx")
    assert openpyxl.load_workbook(written).sheetnames == [
        "Decisions",
        "Actions",
        "Needs & scores",
        "Roadmap",
    ]


def test_a_refused_hand_over_is_one_sentence(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    missing = tmp_path / "no such folder" / "out.csv"
    monkeypatch.setattr(dialogs, "choose_handover_target", lambda _w, _s: (missing, "jira"))
    shown: list[QMessageBox] = []
    real_notice = dialogs.notice

    def notice(parent: QWidget, title: str, text: str) -> QMessageBox:
        shown.append(real_notice(parent, title, text))
        return shown[-1]

    monkeypatch.setattr(dialogs, "notice", notice)
    window.hand_over()
    (box,) = shown
    assert box.isVisible() and box.windowTitle() == "Nothing was handed over"
    assert "does not exist" in box.text() and "Traceback" not in box.text()
    box.close()


def test_the_save_dialog_maps_its_filter_to_the_system(
    qtbot: QtBot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, library, tmp_path)
    for system, label in dialogs.HANDOVER_FILTERS.items():
        monkeypatch.setattr(
            QFileDialog,
            "getSaveFileName",
            staticmethod(lambda *_a, _label=label, **_k: (str(tmp_path / "x"), _label)),
        )
        assert dialogs.choose_handover_target(window, tmp_path / "s.csv") == (
            tmp_path / "x",
            system,
        )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: ("", "")))
    assert dialogs.choose_handover_target(window, tmp_path / "s.csv") is None
