"""The company goal library: versions, retirement, periods, matching by id then name, picking,
imports that never duplicate, template placeholders, the migration and the command line."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.storage_helpers import database_at
from workshop_app.cli import main
from workshop_app.core import company_goals as cg
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import NotFoundError, UserError, ValidationError
from workshop_app.core.kind import Kind
from workshop_app.core.workflow import sign_off_blockers
from workshop_app.services.importing import import_file
from workshop_app.storage import migrate
from workshop_app.storage.company_goals import (
    add_company_goal,
    company_goals,
    edit_company_goal,
    keep_our_words,
    kept_words,
    pick_company_goal,
    place_workshop_goals,
    retire_company_goal,
)
from workshop_app.storage.operations import Library
from workshop_app.storage.templates import available_templates, create_from_template

COMPANY, DIVISION = m.GoalLevel.COMPANY, m.GoalLevel.DIVISION


def _goal(title: str, **values: object) -> m.StrategicGoal:
    return m.StrategicGoal(title, **values)  # type: ignore[arg-type]


# -- core rules ---------------------------------------------------------------------------------
def test_an_edit_adds_a_version_and_keeps_every_earlier_one() -> None:
    goal = cg.new_goal("Grow revenue 15%", measure="ARR", period="2027", at="t1")
    same = cg.edited(goal, "t2", title="  Grow   revenue 15%  ")
    assert same is goal  # the same words: no new version
    changed = cg.edited(goal, "t3", title="Grow revenue 20%")
    assert [v.version for v in changed.versions] == [1, 2]
    assert changed.versions[0].title == "Grow revenue 15%"
    assert changed.current.measure == "ARR" and changed.current.period == "2027"
    assert changed.current.changed_at == "t3" and changed.id == goal.id
    gone = cg.retired(changed, "t4")
    assert gone.retired and cg.offered([gone]) == []
    with pytest.raises(ValidationError):
        cg.edited(gone, title="Again")
    with pytest.raises(ValidationError):
        cg.new_goal("   ")


def test_offered_goals_hold_for_the_period_and_match_every_word_searched() -> None:
    any_year = cg.new_goal("Customers stay and buy more")
    this_year = cg.new_goal("Grow mid-market revenue", period="2027")
    last_year = cg.new_goal("Cut cost 5%", period="2026")
    goals = [any_year, this_year, last_year]
    assert cg.offered(goals, "2027") == [any_year, this_year]
    assert cg.offered(goals, " 2026 ") == [any_year, last_year]
    assert cg.offered(goals) == goals
    assert cg.offered(goals, search="REVENUE mid") == [this_year]
    assert cg.offered(goals, search="2026") == [last_year]


def test_matching_goes_by_id_then_by_name_ignoring_case_spacing_and_end_punctuation() -> None:
    revenue = cg.new_goal("Grow revenue 15%")
    old = cg.retired(cg.new_goal("Grow revenue 15 %"), "t")
    goals = [old, revenue]
    by_id = cg.find(goals, old.id, "Something else")
    assert by_id is not None and by_id.goal is old and by_id.by is cg.MatchedBy.ID
    by_name = cg.find(goals, "", "  grow REVENUE   15%.")
    assert by_name is not None and by_name.goal is revenue and by_name.by is cg.MatchedBy.NAME
    assert cg.find(goals, "unknown", "Hire well") is None
    # An earlier version's name still finds the goal.
    renamed = cg.edited(revenue, title="Grow revenue 20%")
    found = cg.find([renamed], "", "grow revenue 15%")
    assert found is not None and found.goal.id == revenue.id


titles = st.sampled_from(
    ["Grow revenue", "grow  REVENUE", "Cut cost", "Cut cost.", "Hire", "É", "...", " ... "]
)


@given(
    library=st.lists(titles, max_size=4, unique_by=cg.normalise),
    incoming=st.lists(st.tuples(titles, st.booleans()), max_size=8),
)
def test_matching_never_duplicates_a_goal(
    library: list[str], incoming: list[tuple[str, bool]]
) -> None:
    known = [cg.new_goal(t) for t in library]
    goals = [
        _goal(t, library_goal_id=known[i % len(known)].id if use_id and known else "")
        for i, (t, use_id) in enumerate(incoming)
    ]
    placements = cg.place(known, goals)
    added = [p.library_goal for p in placements if p.added]
    after = known + added
    names = [cg.normalise(g.title) for g in after]
    assert len(names) == len(set(names))  # one library goal per name, whatever came in
    assert len({g.id for g in after}) == len(after)
    for goal, placement in zip(goals, placements, strict=True):
        if goal.library_goal_id:
            assert placement.library_goal.id == goal.library_goal_id
        else:
            assert cg.normalise(placement.library_goal.title) == cg.normalise(goal.title)
    # Placing the same goals again adds nothing.
    assert not any(p.added for p in cg.place(after, goals))


@given(
    edits=st.lists(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
            str.strip
        ),
        max_size=6,
    )
)
def test_a_picked_version_is_unchanged_by_later_library_edits(edits: list[str]) -> None:
    goal = cg.new_goal("Grow revenue", description="Mid-market", period="2027")
    taken = cg.picked(goal)
    for at, title in enumerate(edits):
        goal = cg.edited(goal, str(at), title=title, description=title * 2)
    assert cg.picked(goal, version=1) == taken  # the version the workshop took never changes
    ws_goal = _goal(**{k: v for k, v in taken.items()})  # type: ignore[arg-type]
    assert (cg.newer(ws_goal, [goal]) is not None) == (goal.current.version > 1)


def test_a_name_match_with_other_words_is_reported_not_duplicated() -> None:
    revenue = cg.new_goal("Grow revenue 15%", measure="ARR")
    goals = [_goal("grow revenue 15%", measure="Bookings"), _goal("Hire well", level=DIVISION)]
    (placement,) = cg.place([revenue], goals)
    assert not placement.added and placement.differs and placement.library_goal is revenue
    assert "in other words" in placement.note("grow revenue 15%")


def test_template_placeholders_do_not_count_as_recorded_goals() -> None:
    ws = m.Workshop("W", goals=[_goal("Grow", placeholder=True)])
    assert cg.recorded_goals(ws.goals) == []
    messages = [b.message for b in sign_off_blockers(ws) if b.stage == "goals"]
    assert messages[0] == "Record at least one strategic goal."
    assert "template's wording" in messages[1]
    ws.goals.append(_goal("Our own"))
    messages = [b.message for b in sign_off_blockers(ws) if b.stage == "goals"]
    assert len(messages) == 1 and "template's wording" in messages[0]


def test_the_new_goal_fields_keep_old_digests_and_round_trip() -> None:
    ws = demo_workshop()
    digest = interchange.content_digest(ws)
    assert interchange.content_digest(interchange.loads(interchange.dumps(ws))) == digest
    ws.goals[0] = replace(
        ws.goals[0], library_goal_id="abc", library_version=2, library_period="2027"
    )
    back = interchange.loads(interchange.dumps(ws))
    assert back.goals[0].library_version == 2 and back.goals[0].library_period == "2027"
    assert interchange.content_digest(back) != digest


# -- the library ----------------------------------------------------------------------------------
def test_the_library_keeps_versions_retires_and_audits(library: Library) -> None:
    goal = add_company_goal(library, "Grow revenue 15%", "Mid-market", "ARR", "2027")
    with pytest.raises(UserError, match="already has the goal"):
        add_company_goal(library, "grow revenue   15%")
    other = add_company_goal(library, "Cut cost")
    with pytest.raises(UserError, match="already has the goal"):
        edit_company_goal(library, other.id, title="GROW revenue 15%")
    changed = edit_company_goal(library, goal.id, title="Grow revenue 20%", period="2028")
    assert changed.current.version == 2
    assert edit_company_goal(library, goal.id, title="Grow revenue 20%").current.version == 2
    stored = company_goals(library)
    assert [g.id for g in stored] == [goal.id, other.id]
    assert [v.title for v in stored[0].versions] == ["Grow revenue 15%", "Grow revenue 20%"]
    retire_company_goal(library, other.id)
    assert company_goals(library)[1].retired
    add_company_goal(library, "Cut cost")  # a retired goal's name may be used again
    with pytest.raises(NotFoundError):
        edit_company_goal(library, "nope", title="x")
    actions = [(a.action, a.kind) for a in library.audit_log("")]
    assert actions.count(("add company goal", "company_goal")) == 3
    assert ("edit company goal", "company_goal") in actions
    assert ("retire company goal", "company_goal") in actions


def test_a_workshop_keeps_the_version_it_picked(library: Library) -> None:
    goal = add_company_goal(library, "Grow revenue 15%", measure="ARR", period="2027")
    ws_id = library.create_workshop("Sales")
    picked_id = library.add_item(ws_id, Kind.GOAL, pick_company_goal(library, ws_id, goal.id, 4))
    with pytest.raises(UserError, match="already has"):
        pick_company_goal(library, ws_id, goal.id)
    edit_company_goal(library, goal.id, title="Grow revenue 20%")
    kept = library.workshop(ws_id).goal(picked_id)
    assert kept is not None
    assert (kept.title, kept.library_version, kept.library_period, kept.weight) == (
        "Grow revenue 15%", 1, "2027", 4,
    )  # fmt: skip
    newer = cg.newer(kept, company_goals(library))
    assert newer is not None and newer.title == "Grow revenue 20%"
    assert library.content_problem(ws_id) is None
    retire_company_goal(library, goal.id)
    with pytest.raises(UserError, match="retired"):
        pick_company_goal(library, library.create_workshop("Other"), goal.id)


def test_rewording_a_template_goal_makes_it_the_rooms_own(library: Library) -> None:
    ws_id = create_from_template(library, available_templates()[0])
    ws = library.workshop(ws_id)
    assert ws.goals and all(g.placeholder for g in ws.goals)
    assert not cg.recorded_goals(ws.goals)
    library.set_field(Kind.GOAL, ws.goals[0].id, "weight", 2)
    assert library.workshop(ws_id).goals[0].placeholder  # a weight is not a rewording
    library.set_field(Kind.GOAL, ws.goals[0].id, "title", "Grow revenue in DACH")
    assert not library.workshop(ws_id).goals[0].placeholder
    assert company_goals(library) == []  # a template's goals never enter the library


def test_undoing_a_rewording_stores_the_template_wording_again(library: Library) -> None:
    ws_id = create_from_template(library, available_templates()[0])
    before = library.workshop(ws_id).goals[0]
    library.set_field(Kind.GOAL, before.id, "measure", "ARR +10%")
    library.set_field(Kind.GOAL, before.id, "measure", before.measure, placeholder=True)
    assert library.workshop(ws_id).goals[0] == before
    assert [e.field for e in library.audit_log(ws_id)[-2:]] == ["measure", "placeholder"]


def test_migration_0014_keeps_ours_beside_the_revision(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    signed = demo_workshop()
    signed.status = m.Status.SIGNED_OFF
    digest = interchange.content_digest(signed)
    database_at(path, "0013", [signed])
    library = Library(path)
    try:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        goal = add_company_goal(library, "Grow revenue 15%")
        edit_company_goal(library, goal.id, title="Grow revenue 20%")
        keep_our_words(library, signed.id, goal.id, 2)
        assert kept_words(library, signed.id) == {(goal.id, 2)}
        assert interchange.content_digest(library.workshop(signed.id)) == digest
        assert library.content_problem(signed.id) is None
        with pytest.raises(NotFoundError):
            keep_our_words(library, signed.id, "no-such-goal", 2)
    finally:
        library.close()


# -- imports --------------------------------------------------------------------------------------
def _file(tmp_path: Path, ws: m.Workshop) -> tuple[bytes, Path]:
    path = tmp_path / "in.json"
    path.write_text(interchange.dumps(ws), encoding="utf-8")
    return path.read_bytes(), path


def test_an_import_matches_by_id_else_by_name_and_reports_other_words(
    library: Library, tmp_path: Path
) -> None:
    revenue = add_company_goal(library, "Grow revenue 15%", measure="ARR", period="2027")
    cost = add_company_goal(library, "Cut cost")
    ws = m.Workshop(
        "Imported",
        goals=[
            _goal("A renamed copy", library_goal_id=cost.id, library_version=1),
            _goal("grow revenue 15%", measure="Bookings"),
            _goal("Brand new goal"),
            _goal("brand NEW goal"),
            _goal("Division only", level=DIVISION),
        ],
    )
    raw, path = _file(tmp_path, ws)
    imported = import_file(library, raw, path)
    assert imported.note.count("in other words") == 2  # the renamed copy and the measure
    goals = company_goals(library)
    assert [g.title for g in goals] == ["Grow revenue 15%", "Cut cost", "Brand new goal"]
    assert revenue.id in {g.id for g in goals}
    # The workshop is stored as it came: the file round-trips.
    assert library.export_json(imported.workshop_id) == interchange.dumps(ws)
    # Importing the same file again adds nothing to the library.
    import_file(library, raw, path)
    assert len(company_goals(library)) == 3
    # A goal naming a library goal this library lacks brings it in under that id.
    travelled = m.Workshop("From afar", goals=[_goal("Go far", library_goal_id="abc123")])
    raw, path = _file(tmp_path, travelled)
    import_file(library, raw, path)
    assert company_goals(library)[-1].id == "abc123"


def test_a_signed_workshops_goals_stay_as_signed(library: Library) -> None:
    ws = demo_workshop()
    ws.status = m.Status.SIGNED_OFF
    digest = interchange.content_digest(ws)
    with library.edit(Kind.WORKSHOP, None) as e:
        notes = place_workshop_goals(e, ws)
    assert notes == []
    assert interchange.content_digest(library.workshop(library.add_workshop(ws))) == digest
    company = [g for g in ws.goals if g.level is COMPANY]
    assert len(company_goals(library)) == len(company)


# -- the migration --------------------------------------------------------------------------------
def test_migration_0010_seeds_the_library_once_per_name_and_keeps_every_workshop(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    signed = demo_workshop()
    signed.status = m.Status.SIGNED_OFF
    draft = demo_workshop()
    draft.title = "Draft"
    company = [g for g in signed.goals if g.level is COMPANY]
    first = next(i for i, g in enumerate(draft.goals) if g.title == company[0].title)
    # The same name in other words (and spacing): one library goal all the same.
    draft.goals[first] = replace(
        draft.goals[first], title=f"  {company[0].title.upper()} ", measure="Other words"
    )
    digests = {w.id: interchange.content_digest(w) for w in (signed, draft)}
    database_at(path, "0009", [signed, draft])
    library = Library(path)
    try:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        for ws_id, digest in digests.items():
            assert library.content_problem(ws_id) is None
            assert interchange.content_digest(library.workshop(ws_id)) == digest
        goals = company_goals(library)
        assert sorted(g.title.casefold() for g in goals) == sorted(
            g.title.casefold() for g in company
        )
        assert all(len(g.versions) == 1 and not g.retired for g in goals)
        goal_id = library.workshop(draft.id).goals[1].id
        library.set_field(Kind.GOAL, goal_id, "library_version", 3)
        assert library.content_problem(draft.id) is None
    finally:
        library.close()
    connection = sqlite3.connect(path)
    try:  # the seal covers the new columns
        with connection:
            connection.execute("DROP TRIGGER seal_goal_au")
            connection.execute("UPDATE goal SET library_version = 7 WHERE library_version = 3")
    finally:
        connection.close()
    library = Library(path)
    try:
        assert library.content_problem(draft.id) is not None
    finally:
        library.close()


# -- the command line -----------------------------------------------------------------------------
def test_the_command_line_adds_edits_retires_and_picks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "cli.sqlite3")
    run = lambda *a: main(["--db", db, "company-goals", *a])  # noqa: E731
    assert run("list") == 0
    assert "No company goals yet" in capsys.readouterr().out
    assert run("add", "Grow revenue <b>15%</b> 🚀", "--period", "2027", "--measure", "ARR") == 0
    goal_id = capsys.readouterr().out.strip()
    assert run("add", "grow revenue <b>15%</b> 🚀") == 1
    err = capsys.readouterr().err
    assert "already has the goal" in err and "Traceback" not in err
    assert run("edit", goal_id[:8], "--title", "Grow revenue 20%") == 0
    assert "version 2" in capsys.readouterr().out
    assert run("edit", goal_id[:8]) == 2
    assert run("edit", "nothing like it", "--title", "x") == 1
    assert "No company goal" in capsys.readouterr().err
    assert run("list", "--period", "2026") == 0
    assert "No current company goals" in capsys.readouterr().out
    assert run("list", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [v["version"] for v in data[0]["versions"]] == [1, 2]
    library = Library(Path(db))
    ws_id = library.create_workshop("Sales")
    library.close()
    assert run("pick", ws_id[:8], "Grow revenue 20%", "--weight", "5") == 0
    capsys.readouterr()
    assert run("pick", ws_id[:8], goal_id) == 1
    assert run("retire", "grow revenue 20%") == 0
    assert "retired" in capsys.readouterr().out
    assert run("list") == 0
    assert "No current company goals" in capsys.readouterr().out
    assert run("list", "--all") == 0
    assert "(retired)" in capsys.readouterr().out
    assert run("add", "") == 1
    with pytest.raises(SystemExit) as usage:
        run()
    assert usage.value.code == 2


def test_the_summary_names_the_company_goal_version_and_period() -> None:
    import io

    from pypdf import PdfReader

    from workshop_app.report.export import build_pdf

    ws = demo_workshop()
    ws.goals[0] = replace(
        ws.goals[0], library_goal_id="abc", library_version=2, library_period="2027 <b>H1</b>"
    )
    ws.goals[1] = replace(ws.goals[1], placeholder=True)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(build_pdf(ws))).pages)
    text = " ".join(text.split())
    assert "Company goal, version 2 · 2027 <b>H1</b>" in text
    assert "Template wording, not reworded" in text
