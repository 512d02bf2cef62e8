"""The agenda timer: counts down, warns once and gently when time runs out, and is tested with
an injected clock instead of waiting."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.storage.operations import Library
from workshop_app.ui.timer import AgendaTimer, format_left

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _timer(qtbot: QtBot, *items: tuple[str, int]) -> tuple[AgendaTimer, FakeClock, list]:
    clock = FakeClock()
    timer = AgendaTimer(clock=clock)
    shown: list[tuple[str, bool]] = []
    timer.ticked.connect(lambda text, over: shown.append((text, over)))
    timer.set_agenda([m.AgendaItem(title, minutes) for title, minutes in items])
    return timer, clock, shown


def test_counts_down_warns_once_and_turns_to_overtime(qtbot: QtBot) -> None:
    timer, clock, shown = _timer(qtbot, ("Needs", 2), ("Decide", 1))
    warnings: list[str] = []
    timer.overran.connect(warnings.append)
    assert shown[-1] == ("", False)  # idle: nothing in the header
    timer.toggle()
    assert shown[-1] == ("Needs: 2:00 left", False)
    clock.advance(75)
    timer.refresh()
    assert shown[-1] == ("Needs: 0:45 left", False)
    assert not warnings
    clock.advance(50)
    with qtbot.waitSignal(timer.overran, timeout=1000):
        timer.refresh()
    assert shown[-1] == ("Needs: 0:05 over", True)
    assert len(warnings) == 1 and "Time is up for “Needs”" in warnings[0]
    clock.advance(30)
    timer.refresh()
    assert shown[-1] == ("Needs: 0:35 over", True)
    assert len(warnings) == 1  # once per item, never nagging

    timer.next_item()  # keeps running, fresh time for the next item
    assert shown[-1] == ("Decide: 1:00 left", False)
    clock.advance(61)
    timer.refresh()
    assert shown[-1][1] is True
    assert len(warnings) == 2
    timer.next_item()  # already the last item: stays there
    assert timer.current_item() is not None and timer.current_item().title == "Decide"


def test_pause_and_resume_keep_the_time_used(qtbot: QtBot) -> None:
    timer, clock, shown = _timer(qtbot, ("Goals", 10))
    timer.toggle()
    clock.advance(60)
    timer.toggle()  # pause
    assert shown[-1] == ("Goals: 9:00 left · paused", False)
    clock.advance(600)  # time passes while paused: not counted
    timer.refresh()
    assert shown[-1] == ("Goals: 9:00 left · paused", False)
    timer.toggle()
    clock.advance(30)
    timer.refresh()
    assert shown[-1] == ("Goals: 8:30 left", False)
    assert timer.current() == shown[-1]


def test_editing_the_agenda_keeps_timing_the_current_item(qtbot: QtBot) -> None:
    clock = FakeClock()
    timer = AgendaTimer(clock=clock)
    goals, needs = m.AgendaItem("Goals", 10), m.AgendaItem("Needs", 20)
    timer.set_agenda([goals, needs])
    timer.toggle()
    timer.next_item()
    clock.advance(60)
    needs.planned_minutes = 30  # edited in Setup while running
    timer.set_agenda([m.AgendaItem("Welcome", 5), goals, needs])
    assert timer.current_item() is needs
    assert timer.current() == ("Needs: 29:00 left", False)
    timer.set_agenda([goals])  # the current item was deleted: start over, quietly
    assert not timer.running
    assert timer.current() == ("", False)


def test_without_an_agenda_it_says_where_to_add_one(qtbot: QtBot) -> None:
    timer, _clock, shown = _timer(qtbot)
    timer.toggle()
    assert shown[-1] == ("No agenda items to time — add them in Setup", False)
    assert not timer.running


def test_format_left() -> None:
    assert format_left(0) == "0:00"
    assert format_left(59.9) == "0:59"
    assert format_left(-61) == "1:01"
    assert format_left(3725) == "1:02:05"


def test_header_turns_amber_and_the_status_bar_says_so_once(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    clock = FakeClock()
    window.timer.clock = clock
    assert window.timer_label.isHidden()
    press(qtbot, window, Qt.Key.Key_T, CTRL)  # start
    assert window.timer_label.isVisible()
    assert window.timer_label.text() == "Goals and where IT stands: 15:00 left"
    assert window.timer_label.icon_name() == "timer"
    assert not window.timer_label.property("overtime")
    clock.advance(15 * 60 + 1)
    window.timer.refresh()
    assert window.timer_label.property("overtime") is True
    assert "Time is up for “Goals and where IT stands”" in window.statusBar().currentMessage()
    press(qtbot, window, Qt.Key.Key_T, CTRL | SHIFT)  # next agenda item
    assert window.timer_label.text() == "Requests: what are we asked for?: 20:00 left"
    assert window.timer_label.property("overtime") is False
    press(qtbot, window, Qt.Key.Key_T, CTRL)  # pause
    assert window.timer_label.text().endswith("· paused")
