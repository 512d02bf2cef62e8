"""Cost and capacity: estimates on needs, the library's capacity per period, the cut line."""

from __future__ import annotations

import copy
import io
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.unit.storage_helpers import database_at
from workshop_app.cli import main
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.capacity import Capacity, capacity_items, cut_line
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import UserError, ValidationError
from workshop_app.core.kind import Kind
from workshop_app.report.portfolio import build_portfolio_pdf
from workshop_app.storage import migrate
from workshop_app.storage.capacity import (
    capacities,
    library_cut_line,
    remove_capacity,
    set_capacity,
)
from workshop_app.storage.operations import Library


def _workshop(
    division: str, *needs: tuple[str, m.DecisionKind | None, int, int | None]
) -> m.Workshop:
    """Needs as (statement, decision, value rating, person-days)."""
    ws = m.Workshop(title=f"{division} workshop", division=division)
    for text, kind, value, days in needs:
        request = m.Request(f"Asked: {text}")
        need = m.Need(statement=text, request_ids=[request.id], estimate_days=days)
        need.assessment.value = value
        ws.requests.append(request)
        ws.needs.append(need)
        ws.decisions.append(m.Decision(request.id, kind))
    return ws


P, R, D = m.DecisionKind.PROCEED, m.DecisionKind.RESHAPE, m.DecisionKind.DEFER


def test_commitments_are_ranked_and_cut_where_the_capacity_runs_out() -> None:
    sales = _workshop("Sales", ("Quotes in a day", P, 9, 40), ("Pipeline seen early", R, 7, 50))
    hr = _workshop("HR", ("Correct payslips", P, 8, 30), ("Chatbot", D, 10, 10))
    items = capacity_items([sales, hr])
    line = cut_line(items, Capacity("2027 Q1", person_days=80))
    assert [i.statement for i in line.items] == [
        "Quotes in a day", "Correct payslips", "Pipeline seen early"
    ]  # fmt: skip
    assert line.fits == (True, True, False)
    assert (line.days_needed, line.days_fitting) == (120, 70)
    assert line.summary() == (
        "The commitments need 120 person-days against 2027 Q1's 80 person-days: "
        "2 of 3 fit above the cut line."
    )
    # What-if: the chatbot in, the payslips out; the decisions stay as they were.
    before = copy.deepcopy([sales, hr])
    chatbot = next(i for i in items if i.statement == "Chatbot")
    payslips = next(i for i in items if i.statement == "Correct payslips")
    what_if = cut_line(items, Capacity("2027 Q1", person_days=80), {chatbot.key}, {payslips.key})
    assert [i.statement for i in what_if.items] == [
        "Chatbot", "Quotes in a day", "Pipeline seen early"
    ]  # fmt: skip
    assert what_if.fits == (True, True, False)
    assert "the recorded decisions stay as they are" in what_if.summary()
    assert [sales, hr] == before


def test_an_item_without_an_estimate_fits_but_is_said_to_be_unestimated() -> None:
    ws = _workshop("Sales", ("Quotes in a day", P, 9, None), ("Pipeline", R, 7, 10))
    line = cut_line(capacity_items([ws]), Capacity("Q1", person_days=5))
    assert line.fits == (True, False)
    assert "1 item has no estimate yet." in line.summary()
    assert "no capacity is set" in cut_line(capacity_items([ws]), None).summary()


_item = st.tuples(
    st.sampled_from([P, R, D, m.DecisionKind.DECLINE, None]),
    st.integers(1, 10),
    st.none() | st.integers(0, 200),
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(_item, max_size=12),
    st.none() | st.integers(0, 500),
    st.sets(st.integers(0, 11)),
    st.sets(st.integers(0, 11)),
)
def test_capacity_sums_match(
    specs: list[tuple[m.DecisionKind | None, int, int | None]],
    limit: int | None,
    ins: set[int],
    outs: set[int],
) -> None:
    ws = _workshop("Div", *((f"need {i}", k, v, d) for i, (k, v, d) in enumerate(specs)))
    items = capacity_items([ws])
    keys = [i.key for i in items]
    moved_in = {keys[i] for i in ins if i < len(keys)}
    moved_out = {keys[i] for i in outs if i < len(keys)}
    line = cut_line(items, Capacity("P", person_days=limit), moved_in, moved_out)
    assert line.days_needed == sum(i.days or 0 for i in line.items)
    assert line.days_fitting + sum(i.days or 0 for i in line.waiting) == line.days_needed
    if limit is not None:
        assert line.days_fitting <= limit
    assert list(line.fits) == sorted(line.fits, reverse=True)  # one cut line, nothing after
    counted = {i.key for i in line.items}
    assert counted == {i.key for i in items if i.committed or i.key in moved_in} - moved_out
    priorities = [i.priority for i in line.items]
    assert priorities == sorted(priorities, reverse=True)


def test_a_need_carries_its_estimate_through_the_library_and_the_file(library: Library) -> None:
    ws = demo_workshop()
    digest = interchange.content_digest(ws)
    workshop_id = library.add_workshop(ws)
    need = ws.needs[0].id
    library.set_field(Kind.NEED, need, "estimate_days", 40)
    library.set_field(Kind.NEED, need, "estimate_money", 25_000)
    library.set_field(Kind.NEED, need, "estimate_confidence", "medium")
    with pytest.raises(ValidationError):
        library.set_field(Kind.NEED, need, "estimate_days", -1)
    with pytest.raises(ValidationError):
        library.set_field(Kind.NEED, need, "estimate_confidence", "certain")
    stored = library.workshop(workshop_id)
    assert library.content_problem(workshop_id) is None
    got = stored.needs[0]
    assert (got.estimate_days, got.estimate_money) == (40, 25_000)
    assert got.estimate_confidence is m.Confidence.MEDIUM
    again = interchange.from_dict(json.loads(json.dumps(interchange.to_dict(stored))))
    assert again.needs[0].estimate_confidence is m.Confidence.MEDIUM
    assert interchange.content_digest(again) != digest
    library.set_field(Kind.NEED, need, "estimate_days", None)
    library.set_field(Kind.NEED, need, "estimate_money", None)
    library.set_field(Kind.NEED, need, "estimate_confidence", None)
    assert interchange.content_digest(library.workshop(workshop_id)) == digest


def test_the_library_keeps_a_capacity_per_period(library: Library) -> None:
    set_capacity(library, "2027  Q1", 120, 100_000)
    set_capacity(library, "2027 Q2", 80, None)
    set_capacity(library, "2027 q1", 100, None)  # the same period, changed
    found = capacities(library)
    assert [(c.period, c.person_days, c.money) for c in found] == [
        ("2027 Q1", 100, None), ("2027 Q2", 80, None)
    ]  # fmt: skip
    with pytest.raises(ValidationError):
        set_capacity(library, "", 1)
    with pytest.raises(ValidationError):
        set_capacity(library, "Q3", -5)
    with pytest.raises(UserError):
        library_cut_line(library, "2031 Q4")
    remove_capacity(library, found[1].id)
    assert [c.period for c in capacities(library)] == ["2027 Q1"]


def test_migration_0009_adds_estimates_and_capacity_and_reseals(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    ws = demo_workshop()
    digest = interchange.content_digest(ws)
    database_at(path, "0008", [ws])  # the revision before estimates and capacity
    library = Library(path)
    try:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        assert library.content_problem(ws.id) is None
        assert interchange.content_digest(library.workshop(ws.id)) == digest
        library.set_field(Kind.NEED, ws.needs[0].id, "estimate_days", 12)
        assert library.content_problem(ws.id) is None
    finally:
        library.close()
    connection = sqlite3.connect(path)
    try:  # the seal covers the new column: changing it behind the app's back is noticed
        with connection:
            connection.execute("DROP TRIGGER seal_need_au")
            connection.execute("UPDATE need SET estimate_days = 13 WHERE estimate_days = 12")
    finally:
        connection.close()
    library = Library(path)
    try:
        assert library.content_problem(ws.id) is not None
    finally:
        library.close()


def test_the_command_line_sets_capacity_and_shows_the_cut_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "cli.sqlite3"
    library = Library(db)
    library.add_workshop(
        _workshop("Sales", ("Quotes in a day", P, 9, 40), ("Pipeline seen early", R, 7, 50))
    )
    library.close()
    assert main(["--db", str(db), "capacity"]) == 0
    assert "no capacity is set" in capsys.readouterr().out
    assert main(["--db", str(db), "capacity", "--set", "2027 Q1", "--days", "60"]) == 0
    out = capsys.readouterr().out
    assert "Capacity for 2027 Q1 set." in out
    assert "1 of 2 fit above the cut line" in out
    assert out.index("Quotes in a day") < out.index("cut line: below") < out.index("Pipeline")
    assert main(["--db", str(db), "capacity", "--period", "2027 q1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == "2027 Q1" and data["capacity"]["person_days"] == 60
    assert data["needed"]["person_days"] == 90 and data["fitting"]["person_days"] == 40
    assert [i["fits"] for i in data["items"]] == [True, False]
    assert main(["--db", str(db), "capacity", "--period", "2031 Q4"]) == 1
    err = capsys.readouterr().err
    assert "2031 Q4" in err and "Traceback" not in err


def test_the_portfolio_pdf_shows_the_capacity_and_the_cut_line() -> None:
    sales = _workshop(
        "Sales", ("Quotes in a day", P, 9, 40), ("Pipeline <b>seen</b> early", R, 7, 50)
    )
    sales.needs[0].estimate_confidence = m.Confidence.HIGH
    data = build_portfolio_pdf([sales], None, [Capacity("2027 Q1", 60, 10_000)])
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    assert "Cost and capacity" in text
    assert "against 2027 Q1's 60 person-days and 10,000 in money: 1 of 2 fit" in text
    section = text[text.index("Cost and capacity") :]
    assert (
        section.index("Quotes in a day")
        < section.index("Cut line")
        < section.index("Pipeline <b>seen</b> early")
    )
    assert "High" in section
    plain = " ".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(build_portfolio_pdf([m.Workshop("x")]))).pages
    )
    assert "Cost and capacity" not in plain
