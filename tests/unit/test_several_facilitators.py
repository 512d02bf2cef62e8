"""Several facilitators on one library: a write based on a view another facilitator has since
changed is refused in one sentence and writes nothing; different workshops never get in each
other's way; a watcher notices other writers."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from workshop_app.core.kind import Kind
from workshop_app.storage import versions, watch
from workshop_app.storage.operations import Library, write_field
from workshop_app.storage.versions import STALE, StaleWriteError

TYPED = "Quotes within a day — 見積もりは一日で <b>שלום</b> 🙂"


@pytest.fixture
def two(library_target: Path | str) -> Iterator[tuple[Library, Library]]:
    """Two facilitators' apps on one library: a file, then a team library on a server."""
    first = Library(library_target)
    second = Library(library_target, make_backup=False)
    yield first, second
    second.close()
    first.close()


def _workshop_with_request(library: Library) -> tuple[str, str]:
    workshop_id = library.create_workshop("Sales — Q3 alignment")
    request_id = library.add_item(workshop_id, Kind.REQUEST, {"text": "A new CRM by March"})
    return workshop_id, request_id


def _text(library: Library, workshop_id: str, request_id: str) -> str:
    return next(r.text for r in library.workshop(workshop_id).requests if r.id == request_id)


def test_the_stale_write_is_refused_in_one_sentence_and_nothing_is_lost(
    two: tuple[Library, Library],
) -> None:
    mine, theirs = two
    workshop_id, request_id = _workshop_with_request(mine)
    mine.workshop(workshop_id, remember=True)
    theirs.workshop(workshop_id, remember=True)

    theirs.set_field(Kind.REQUEST, request_id, "text", "Their words")
    with pytest.raises(StaleWriteError) as refused:
        mine.set_field(Kind.REQUEST, request_id, "text", TYPED)

    assert refused.value.message == STALE
    assert STALE == (
        "Changed by another facilitator a moment ago — your view is refreshed; "
        "type it again if still needed."
    )
    assert (refused.value.kind, refused.value.item_id) == (Kind.REQUEST.value, request_id)
    assert _text(mine, workshop_id, request_id) == "Their words"  # never silently overwritten
    log = [(e.action, e.after) for e in mine.audit_log(workshop_id) if e.entity_id == request_id]
    assert log[-1] == ("edit", '"Their words"')  # the refused write left no trace

    # Read again for the view, the facilitator types it again, and it is kept.
    mine.workshop(workshop_id, remember=True)
    mine.set_field(Kind.REQUEST, request_id, "text", TYPED)
    assert _text(theirs, workshop_id, request_id) == TYPED
    with pytest.raises(StaleWriteError):  # now the other one's view is the stale one
        theirs.set_field(Kind.REQUEST, request_id, "text", "Their second thought")


def test_a_first_change_and_a_delete_are_refused_against_a_stale_view_too(
    two: tuple[Library, Library],
) -> None:
    mine, theirs = two
    workshop_id, request_id = _workshop_with_request(mine)
    goal_id = mine.add_item(workshop_id, Kind.GOAL, {"title": "Grow revenue"})
    mine.workshop(workshop_id, remember=True)
    theirs.workshop(workshop_id, remember=True)

    theirs.set_field(Kind.GOAL, goal_id, "title", "Grow revenue by 10%")  # its first change
    with pytest.raises(StaleWriteError):
        mine.set_field(Kind.GOAL, goal_id, "title", "Grow margin")
    theirs.set_field(Kind.REQUEST, request_id, "deadline", "June")
    with pytest.raises(StaleWriteError):
        mine.delete_item(Kind.REQUEST, request_id)
    theirs.set_field(Kind.WORKSHOP, workshop_id, "location", "Lisbon")
    with pytest.raises(StaleWriteError):
        mine.set_field(Kind.WORKSHOP, workshop_id, "location", "Porto")

    ws = mine.workshop(workshop_id)
    assert ws.goals[0].title == "Grow revenue by 10%"
    assert [r.deadline for r in ws.requests] == ["June"]
    assert ws.location == "Lisbon"


def test_different_items_and_additions_do_not_conflict(two: tuple[Library, Library]) -> None:
    mine, theirs = two
    workshop_id, request_id = _workshop_with_request(mine)
    other_id = mine.add_item(workshop_id, Kind.REQUEST, {"text": "Faster laptops"})
    mine.workshop(workshop_id, remember=True)
    theirs.workshop(workshop_id, remember=True)

    theirs.set_field(Kind.REQUEST, other_id, "text", "Faster laptops for sales")
    theirs.add_item(workshop_id, Kind.REQUEST, {"text": "A shared quoting tool"})
    mine.set_field(Kind.REQUEST, request_id, "text", "A CRM the reps like")
    added = mine.add_item(workshop_id, Kind.GOAL, {"title": "Win more deals"})
    mine.set_field(Kind.REQUEST, request_id, "deadline", "March")  # its own last write: current
    mine.set_field(Kind.GOAL, added, "title", "Win more deals in Q3")  # added by this view

    texts = sorted(r.text for r in theirs.workshop(workshop_id).requests)
    assert texts == ["A CRM the reps like", "A shared quoting tool", "Faster laptops for sales"]


def test_an_item_added_by_this_view_is_guarded_from_its_first_version(
    two: tuple[Library, Library],
) -> None:
    mine, theirs = two
    workshop_id, _request_id = _workshop_with_request(mine)
    mine.workshop(workshop_id, remember=True)
    added = mine.add_item(workshop_id, Kind.REQUEST, {"text": "Mine"})
    theirs.set_field(Kind.REQUEST, added, "text", "Theirs")  # never read for a view: no check
    with pytest.raises(StaleWriteError):
        mine.set_field(Kind.REQUEST, added, "text", "Mine, longer")
    assert _text(theirs, workshop_id, added) == "Theirs"


def test_a_write_that_failed_leaves_the_view_current(library: Library) -> None:
    workshop_id, request_id = _workshop_with_request(library)
    library.workshop(workshop_id, remember=True)
    seen = library.seen.version(Kind.REQUEST, request_id)
    with pytest.raises(ValueError), library.edit(Kind.REQUEST, request_id) as e:
        e.item.text = "half-way"
        raise ValueError("a bug in the middle of an edit")
    assert library.seen.version(Kind.REQUEST, request_id) == seen  # rolled back, so unchanged
    library.set_field(Kind.REQUEST, request_id, "text", "After all")
    assert _text(library, workshop_id, request_id) == "After all"


# -- two processes -------------------------------------------------------------------------------
_OTHER_FACILITATOR = """
import sys
from workshop_app.core.kind import Kind
from workshop_app.storage.operations import Library, write_field
from workshop_app.storage.versions import StaleWriteError

path, workshop_id, request_id = sys.argv[1:4]
library = Library(path, make_backup=False)
try:
    library.workshop(workshop_id, remember=True)
    print("read", flush=True)
    sys.stdin.readline()  # go
    try:
        library.set_field(Kind.REQUEST, request_id, "text", "From the other laptop")
        print("saved", flush=True)
    except StaleWriteError as exc:
        print(exc.message, flush=True)
finally:
    library.close()
"""


def _other_facilitator(
    target: Path | str, workshop_id: str, request_id: str
) -> subprocess.Popen[str]:
    """A second process: reads the workshop for its view, waits for a line, then types into
    the request and prints what happened."""
    return subprocess.Popen(
        [sys.executable, "-c", _OTHER_FACILITATOR, str(target), workshop_id, request_id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )


def _told(other: subprocess.Popen[str], go: bool = False) -> str:
    assert other.stdin is not None and other.stdout is not None
    if go:
        other.stdin.write("go\n")
        other.stdin.flush()
    return other.stdout.readline().strip()


def test_two_processes_editing_the_same_workshop(
    two: tuple[Library, Library], library_target: Path | str
) -> None:
    """On a file, then on a team library: each process has its own connections, so only the
    versions in the rows tell them apart."""
    library, _second = two
    workshop_id, request_id = _workshop_with_request(library)
    library.workshop(workshop_id, remember=True)
    with _other_facilitator(library_target, workshop_id, request_id) as other:
        assert _told(other) == "read"
        library.set_field(Kind.REQUEST, request_id, "text", TYPED)  # this process first
        assert _told(other, go=True) == STALE  # the other one's view was stale
    assert other.returncode == 0
    assert _text(library, workshop_id, request_id) == TYPED

    # And the other way round: the other process writes, this one's view is now stale.
    with _other_facilitator(library_target, workshop_id, request_id) as other:
        assert _told(other) == "read"
        assert _told(other, go=True) == "saved"
    assert other.returncode == 0
    with pytest.raises(StaleWriteError):
        library.set_field(Kind.REQUEST, request_id, "text", "My older view")
    assert _text(library, workshop_id, request_id) == "From the other laptop"


def test_twenty_writers_on_different_workshops_never_fail(library_target: Path | str) -> None:
    """Twenty facilitators, each with a library of their own on the same database (a file, then
    a team library), each typing into their own workshop at the same moment: every write is
    kept, none is refused. (SQLite takes the writes one after another; the server takes them
    side by side.)"""
    Library(library_target).close()
    libraries = [Library(library_target, make_backup=False) for _ in range(20)]
    opened = [(library, *_workshop_with_request(library)) for library in libraries]
    errors: list[BaseException] = []
    start = threading.Barrier(20)

    def write(library: Library, workshop_id: str, request_id: str, number: int) -> None:
        try:
            library.workshop(workshop_id, remember=True)
            start.wait(30)
            for turn in range(3):
                library.set_field(Kind.REQUEST, request_id, "text", f"Writer {number}, {turn}")
            library.add_item(workshop_id, Kind.GOAL, {"title": f"Goal of writer {number}"})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(*o, n)) for n, o in enumerate(opened)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    try:
        assert errors == []
        for number, (_library, workshop_id, _request_id) in enumerate(opened):
            ws = libraries[0].workshop(workshop_id)
            assert [g.title for g in ws.goals] == [f"Goal of writer {number}"]
            assert [r.text for r in ws.requests] == [f"Writer {number}, 2"]
    finally:
        for library in libraries:
            library.close()


# -- noticing other writers ----------------------------------------------------------------------
def test_the_watcher_reports_another_writers_change(two: tuple[Library, Library]) -> None:
    mine, theirs = two
    workshop_id, request_id = _workshop_with_request(mine)
    mark = mine.workshop_mark(workshop_id)
    noticed: list[int] = []
    moved = threading.Event()

    def on_change(count: int) -> None:
        noticed.append(count)
        moved.set()

    watcher = watch.Watcher(mine, on_change, interval=0.05)
    watcher.start()
    try:
        assert not moved.wait(0.3)  # nothing written: nothing reported
        theirs.set_field(Kind.REQUEST, request_id, "text", "Changed elsewhere")
        assert moved.wait(10)
    finally:
        watcher.stop()
    assert not watcher.running
    assert noticed == [theirs.change_count()]
    assert mine.workshop_mark(workshop_id) > mark


def test_a_watcher_stops_at_once_while_waiting() -> None:
    class Never:
        def change_count(self) -> int:
            return 1

        def change_feed(self) -> watch.ChangeFeed:
            return watch.PollingFeed()

    watcher = watch.Watcher(Never(), lambda _count: None, interval=3600)
    watcher.start()
    assert watcher.running
    watcher.stop()  # does not wait out the hour
    assert not watcher.running


def test_every_row_of_a_workshop_has_a_version_key(library: Library, demo_id: str) -> None:
    ws = library.workshop(demo_id, remember=True)
    keys = list(versions.items_of(ws))
    assert len(keys) == len(set(keys))
    assert all(library.seen.version(kind, item_id) == 0 for kind, item_id in keys)
    assert (Kind.DECISION.value, ws.requests[0].id) in keys


def test_a_write_that_changes_nothing_leaves_every_view_current(
    two: tuple[Library, Library],
) -> None:
    mine, theirs = two
    workshop_id, request_id = _workshop_with_request(mine)
    mine.workshop(workshop_id, remember=True)
    theirs.workshop(workshop_id, remember=True)
    theirs.set_field(Kind.REQUEST, request_id, "text", "A new CRM by March")  # the same value
    mine.set_field(Kind.REQUEST, request_id, "text", "A CRM by June")  # so mine is not stale
    assert _text(theirs, workshop_id, request_id) == "A CRM by June"


def test_a_row_written_by_an_edit_opened_elsewhere_is_versioned_too(
    two: tuple[Library, Library],
) -> None:
    """A value adopted from the room is written by an edit opened on the workshop: the row it
    writes still moves on, so a view that read the row before is stale."""
    mine, theirs = two
    workshop_id, request_id = _workshop_with_request(mine)
    mine.workshop(workshop_id, remember=True)
    theirs.workshop(workshop_id, remember=True)
    with theirs.edit(Kind.WORKSHOP, workshop_id) as e:
        row = e.row(Kind.REQUEST, request_id)
        write_field(e, row, Kind.REQUEST, request_id, "text", "Adopted from the room")
    with pytest.raises(StaleWriteError):
        mine.set_field(Kind.REQUEST, request_id, "text", "Mine")
    theirs.set_field(Kind.REQUEST, request_id, "text", "Theirs, still current")
    assert _text(mine, workshop_id, request_id) == "Theirs, still current"


def test_a_team_librarys_watcher_hears_of_a_change_at_once(
    two: tuple[Library, Library], library_target: Path | str
) -> None:
    """On a server the news is pushed (LISTEN/NOTIFY): the watcher wakes long before its
    next look would be due. On a file the feed only waits, so this is the server's half."""
    if isinstance(library_target, Path):
        pytest.skip("a file has nothing to listen to; its watcher polls (test above)")
    mine, theirs = two
    _workshop_id, request_id = _workshop_with_request(mine)
    heard = threading.Event()
    watcher = watch.Watcher(mine, lambda _count: heard.set(), interval=300)
    watcher.start()
    try:
        assert not heard.is_set()
        theirs.set_field(Kind.REQUEST, request_id, "text", TYPED)
        assert heard.wait(20), "no notification arrived"
    finally:
        watcher.stop()
    assert not watcher.running
