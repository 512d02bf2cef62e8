"""Starting the window on a Linux desktop that lacks Qt's X11 libraries: one clear line."""

from __future__ import annotations

import ctypes.util

import pytest

from workshop_app.cli import main
from workshop_app.ui import app


def test_missing_x11_libraries_are_named_with_the_command_to_install_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda name: None if name == "xcb-icccm" else f"lib{name}.so"
    )
    assert app.missing_x11_libraries() == ["libxcb-icccm4"]
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install libxcb-icccm4" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_nothing_is_missing_under_wayland_or_offscreen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.missing_x11_libraries() == []
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert app.missing_x11_libraries() == []


def test_a_display_nobody_answers_on_gets_one_sentence_instead_of_qts_abort(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if ctypes.util.find_library("xcb") is None:
        pytest.skip("libxcb is not installed, so an X display cannot be tried")
    monkeypatch.setenv("DISPLAY", ":7913")  # no X server listens there
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(app, "missing_x11_libraries", lambda: [])
    assert app.unreachable_x11_display() == ":7913"
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "The display :7913 does not answer" in err
    assert err.count("\n") == 1 and "Traceback" not in err
