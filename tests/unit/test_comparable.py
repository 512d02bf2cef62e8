"""Comparable priorities per portfolio period, estimates in the spreadsheets, and what-if."""

from __future__ import annotations

import copy
import csv
import io
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.unit.storage_helpers import database_at
from workshop_app.cli import main
from workshop_app.core import model as m
from workshop_app.core.capacity import Capacity, capacity_items, cut_line, estimate_of
from workshop_app.core.comparable import Scoring, portfolio_priority, scoring_note
from workshop_app.core.demo import demo_workshop
from workshop_app.core.handover import jira_sheet, servicenow_sheet, workbook_sheets
from workshop_app.core.portfolio import workshop_rows
from workshop_app.core.roadmap import roadmap
from workshop_app.core.scoring import DEFAULT_WEIGHTS, Weights, priority
from workshop_app.core.what_if import (
    BANNER,
    WhatIf,
    banner,
    goal_choices,
    what_if_items,
    what_if_line,
    with_weights,
)
from workshop_app.report.portfolio import build_portfolio_pdf
from workshop_app.report.portfolio_csv import portfolio_csv
from workshop_app.storage import migrate
from workshop_app.storage.capacity import (
    capacities,
    library_audit_log,
    remove_capacity,
    set_capacity,
    set_scoring,
)
from workshop_app.storage.operations import Library

P, R, D = m.DecisionKind.PROCEED, m.DecisionKind.RESHAPE, m.DecisionKind.DEFER
WSJF = Scoring(m.Framework.WSJF)


def _workshop(
    division: str,
    framework: m.Framework,
    *needs: tuple[str, m.DecisionKind | None, int, int | None],
    goal: tuple[str, int] = ("Grow mid-market revenue 15%", 5),
) -> m.Workshop:
    """Needs as (statement, decision, urgency, person-days), each linked to one company goal
    with a strength that falls with its position."""
    ws = m.Workshop(title=f"{division} workshop", division=division, framework=framework)
    target = m.StrategicGoal(title=goal[0], level=m.GoalLevel.COMPANY, weight=goal[1])
    other = m.StrategicGoal(title="Keep payroll right", level=m.GoalLevel.COMPANY, weight=2)
    ws.goals += [target, other]
    for position, (text, kind, urgency, days) in enumerate(needs):
        request = m.Request(f"Asked: {text}")
        need = m.Need(statement=text, request_ids=[request.id], estimate_days=days)
        need.assessment.urgency, need.assessment.effort = urgency, 3
        ws.requests.append(request)
        ws.needs.append(need)
        ws.decisions.append(m.Decision(request.id, kind))
        strong, weak = (m.Strength.STRONG, m.Strength.WEAK)
        ws.links.append(m.AlignmentLink(need.id, target.id, strong if position % 2 else weak))
        ws.links.append(m.AlignmentLink(need.id, other.id, weak if position % 2 else strong))
    return ws


def test_the_usual_weights_score_exactly_as_before() -> None:
    ws = demo_workshop()
    for need in ws.needs:
        before = priority(ws, need, m.Framework.WEIGHTED)
        assert priority(ws, need, m.Framework.WEIGHTED, DEFAULT_WEIGHTS) == before
        assert before.formula.startswith("Weighted = (40% value + 25% urgency + 20% ease")
    assert Weights.parse(" 50 / 20, 20;10 ") == Weights(50, 20, 20, 10)
    for bad in ("40/25/20", "a/b/c/d", "0/0/0/0", "200/0/0/0", "40/25/20/-5"):
        with pytest.raises(ValueError):
            Weights.parse(bad)


def test_the_portfolio_compares_every_workshop_under_the_periods_framework() -> None:
    sales = _workshop("Sales", m.Framework.WEIGHTED, ("Quotes in a day", P, 8, 20))
    hr = _workshop("HR", m.Framework.WSJF, ("Correct payslips", P, 3, 10))
    own = {r.request: (r.priority, r.framework) for ws in (sales, hr) for r in workshop_rows(ws)}
    assert own["Asked: Correct payslips"][1] is m.Framework.WSJF
    alike = {
        r.request: (r.priority, r.framework)
        for ws in (sales, hr)
        for r in workshop_rows(ws, Scoring())
    }
    assert {f for _p, f in alike.values()} == {m.Framework.WEIGHTED}
    assert alike["Asked: Quotes in a day"] == own["Asked: Quotes in a day"]
    need = hr.needs[0]
    assert alike["Asked: Correct payslips"][0] == priority(hr, need, m.Framework.WEIGHTED).score
    assert alike["Asked: Correct payslips"][0] != own["Asked: Correct payslips"][0]
    assert hr.framework is m.Framework.WSJF  # the workshop keeps its own
    (payslips,) = workshop_rows(hr, Scoring())
    assert payslips.own_framework is m.Framework.WSJF
    assert payslips.own_priority == own["Asked: Correct payslips"][0]
    assert workshop_rows(sales, Scoring())[0].own_framework is None  # compared as it is
    note = scoring_note([sales, hr], Scoring(), "2027 Q1")
    assert note == (
        "Priorities compared under 2027 Q1's Weighted score: 1 workshop scored with another "
        "framework is re-scored here (each still shows its own when opened)."
    )
    heavy = Scoring(m.Framework.WEIGHTED, Weights(70, 10, 10, 10))
    assert "70% value, 10% urgency" in scoring_note([sales], heavy, "Q1")
    assert "1 with the usual weights is re-weighted" in scoring_note([sales], heavy, "Q1")
    assert "every workshop was scored this way" in scoring_note([hr], WSJF, "Q1")
    assert (
        portfolio_priority(sales, sales.needs[0], heavy).score != alike["Asked: Quotes in a day"][0]
    )


def test_a_period_keeps_its_scoring_and_every_capacity_change_is_audited(
    library: Library,
) -> None:
    q1 = set_capacity(library, "2027 Q1", 100, None)
    assert q1.scoring == Scoring()
    set_scoring(library, q1.id, Scoring(m.Framework.WEIGHTED, Weights(50, 20, 20, 10)))
    set_capacity(library, "2027 q1", 120, 5000)  # the scoring stays
    set_capacity(library, "2027 Q2", scoring=WSJF)
    found = {c.period: c for c in capacities(library)}
    assert found["2027 Q1"].scoring.weights == Weights(50, 20, 20, 10)
    assert (found["2027 Q1"].person_days, found["2027 Q1"].money) == (120, 5000)
    assert found["2027 Q2"].scoring == WSJF
    remove_capacity(library, found["2027 Q2"].id)
    log = [
        (e.action, e.field, e.before, e.after)
        for e in library_audit_log(library)
    ]  # fmt: skip
    assert log == [
        ("add period · 2027 Q1", "period", "", '"2027 Q1"'),
        ("set capacity · 2027 Q1", "person_days", "", "100"),
        ("set scoring · 2027 Q1", "weights", '"40/25/20/15"', '"50/20/20/10"'),
        ("set capacity · 2027 Q1", "person_days", "100", "120"),
        ("set capacity · 2027 Q1", "money", "", "5000"),
        ("add period · 2027 Q2", "period", "", '"2027 Q2"'),
        ("set scoring · 2027 Q2", "framework", '"weighted"', '"wsjf"'),
        ("remove period · 2027 Q2", "period", '"2027 Q2"', ""),
    ]


def test_migration_0011_adds_the_period_scoring(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    database_at(path, "0009", [demo_workshop()])
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO capacity (id, position, period, person_days) VALUES ('c', 1, 'Q1', 9)"
        )
    connection.close()
    library = Library(path)
    try:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        (q1,) = capacities(library)
        assert (q1.period, q1.person_days, q1.scoring) == ("Q1", 9, Scoring())
        set_scoring(library, q1.id, WSJF)
        assert capacities(library)[0].scoring == WSJF
    finally:
        library.close()


def _estimated() -> tuple[m.Workshop, m.Workshop]:
    sales = _workshop(
        "Sales", m.Framework.WEIGHTED, ("Quotes in a day", P, 8, 20), ("=Pipeline", D, 5, None)
    )
    sales.needs[0].estimate_money = 30_000
    sales.needs[0].estimate_confidence = m.Confidence.MEDIUM
    hr = _workshop("HR", m.Framework.WSJF, ("Correct payslips", P, 3, 10))
    hr.needs[0].estimate_confidence = m.Confidence.LOW
    return sales, hr


def test_the_portfolio_csv_carries_estimates_and_the_periods_framework() -> None:
    sales, hr = _estimated()
    text = portfolio_csv([sales, hr], None, Scoring())
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    by_request = {r["Request"]: r for r in rows}
    quotes = by_request["Asked: Quotes in a day"]
    assert (quotes["Person-days"], quotes["Money"], quotes["Estimate confidence"]) == (
        "20", "30000", "Medium"
    )  # fmt: skip
    payslips = by_request["Asked: Correct payslips"]
    assert payslips["Framework"] == "Weighted score"
    assert payslips["Workshop's own framework"] == "WSJF"
    assert float(payslips["Priority"]) == priority(hr, hr.needs[0], m.Framework.WEIGHTED).score
    pipeline = by_request["Asked: =Pipeline"]
    assert (pipeline["Person-days"], pipeline["Money"], pipeline["Estimate confidence"]) == (
        "", "", ""
    )  # fmt: skip
    assert estimate_of(sales.needs + hr.needs).confidence is m.Confidence.LOW
    assert estimate_of(sales.needs).days == 20


def test_the_hand_over_carries_each_decisions_estimate() -> None:
    sales, _hr = _estimated()
    jira = jira_sheet(sales)
    header = list(jira.header)
    quotes = next(r for r in jira.rows if "Quotes" in str(r[0]))
    assert quotes[header.index("Original Estimate")] == 20 * 8 * 3600
    assert quotes[header.index("Person-days")] == 20
    assert quotes[header.index("Cost")] == 30_000
    assert quotes[header.index("Estimate confidence")] == "Medium"
    now = servicenow_sheet(sales)
    row = dict(zip(now.header, next(r for r in now.rows if "Quotes" in str(r[0])), strict=True))
    assert (row["person_days"], row["cost"], row["estimate_confidence"]) == (20, 30_000, "Medium")
    sheets = {s.title: s for s in workbook_sheets(sales)}
    decisions = sheets["Decisions"]
    first = dict(zip(decisions.header, decisions.rows[0], strict=True))
    assert (first["Person-days"], first["Money"], first["Estimate confidence"]) == (
        20, 30_000, "Medium"
    )  # fmt: skip
    needs = sheets["Needs & scores"]
    assert "Person-days" in needs.header


def test_the_hand_over_files_carry_estimates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "handover.sqlite3"
    library = Library(db)
    sales, _hr = _estimated()
    library.add_workshop(sales)
    library.close()
    jira, book = tmp_path / "jira.csv", tmp_path / "book.xlsx"
    assert (
        main(["--db", str(db), "handover", sales.id, "--format", "jira", "--out", str(jira)]) == 0
    )
    assert (
        main(["--db", str(db), "handover", sales.id, "--format", "xlsx", "--out", str(book)]) == 0
    )
    capsys.readouterr()
    with jira.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    quotes = next(r for r in rows if "Quotes" in r["Summary"])
    assert (quotes["Person-days"], quotes["Cost"], quotes["Original Estimate"]) == (
        "20", "30000", str(20 * 8 * 3600)
    )  # fmt: skip
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Decisions"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("Person-days") + 1).value == 20
    workbook.close()


def test_the_portfolio_command_and_pdf_say_how_they_compare(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "portfolio.sqlite3"
    library = Library(db)
    sales, hr = _estimated()
    library.add_workshop(sales)
    library.add_workshop(hr)
    library.close()
    argv = ["--db", str(db)]
    assert main([*argv, "capacity", "--set", "2027 Q1", "--days", "25", "--framework", "wsjf"]) == 0
    capsys.readouterr()
    assert main([*argv, "portfolio"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Priorities compared under 2027 Q1's WSJF: 1 workshop")
    assert main([*argv, "portfolio", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {row["framework"] for row in data} == {"wsjf"}
    assert main([*argv, "portfolio", "--period", "2031 Q4"]) == 1
    assert "2031 Q4" in capsys.readouterr().err
    assert main([*argv, "capacity", "--set", "2027 Q1", "--weights", "50/x"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    library = Library(db)
    try:
        data_pdf = build_portfolio_pdf([sales, hr], None, capacities(library))
    finally:
        library.close()
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data_pdf)).pages
    )
    assert "Priorities compared under 2027 Q1's WSJF" in text
    assert "Scored with" in text


def test_the_portfolio_pdf_prints_the_roadmap_by_quarter() -> None:
    ws = demo_workshop()
    other = m.Workshop(title="Finance", division="Finance")
    request = m.Request("A <b>ledger</b> 😀")
    other.requests.append(request)
    other.decisions.append(m.Decision(request.id, D, next_step="Revisit the <ledger>", due_date=""))
    data = build_portfolio_pdf([ws, other])
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    section = text[text.index("Roadmap: next steps across divisions") :]
    entries = roadmap([ws, other])
    assert f"{len(entries)} steps across 2 divisions" in section
    assert section.index("2026 Q3") < section.index("2026 Q4") < section.index("No date agreed")
    assert section.index("No date agreed") < section.index("Revisit the <ledger>")
    assert "Send this summary to the CEO" in section


# -- what-if ----------------------------------------------------------------------------------

_need = st.tuples(
    st.sampled_from([P, R, D, m.DecisionKind.DECLINE, None]),
    st.integers(1, 10),
    st.none() | st.integers(0, 200),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_need, max_size=10),
    st.none() | st.integers(0, 400),
    st.lists(st.tuples(st.integers(0, 9), st.booleans()), max_size=6),
    st.lists(st.tuples(st.integers(0, 2), st.integers(1, 5)), max_size=4),
)
def test_what_if_sums_match_and_reset_restores(
    specs: list[tuple[m.DecisionKind | None, int, int | None]],
    limit: int | None,
    moves: list[tuple[int, bool]],
    weighs: list[tuple[int, int]],
) -> None:
    ws = _workshop("Div", m.Framework.WEIGHTED, *((f"n{i}", *s) for i, s in enumerate(specs)))
    before = copy.deepcopy(ws)
    capacity = Capacity("P", person_days=limit)
    recorded = cut_line(capacity_items([ws]), capacity)
    goals = goal_choices([ws])
    state = WhatIf()
    for index, counted in moves:
        items = what_if_items([ws], state)
        if index < len(items):
            state = state.move(items[index], counted)
    for index, weight in weighs:
        if index < len(goals):
            state = state.weigh(goals[index], weight)
    line = what_if_line([ws], capacity, state)
    assert line.days_needed == sum(i.days or 0 for i in line.items)
    assert line.days_fitting + sum(i.days or 0 for i in line.waiting) == line.days_needed
    if limit is not None:
        assert line.days_fitting <= limit
    counted_keys = {i.key for i in line.items}
    items = what_if_items([ws], state)
    expected = {i.key for i in items if i.committed or i.key in state.moved_in} - state.moved_out
    assert counted_keys == expected
    assert (banner(state) != "") == state.active
    assert ws == before  # nothing recorded
    assert what_if_line([ws], capacity, WhatIf()) == recorded  # reset restores


def test_a_goal_weight_what_if_moves_the_ranking_and_the_cut_line() -> None:
    ws = _workshop(
        "Sales",
        m.Framework.WEIGHTED,
        ("Weak to revenue", P, 5, 10),
        ("Strong to revenue", P, 5, 10),
    )
    capacity = Capacity("Q1", person_days=10)
    recorded = what_if_line([ws], capacity, WhatIf())
    assert [i.statement for i in recorded.fitting] == ["Strong to revenue"]
    revenue, payroll = goal_choices([ws])
    assert revenue.title.startswith("Grow") and revenue.weight == 5
    tried = WhatIf().weigh(revenue, 1).weigh(payroll, 5)
    line = what_if_line([ws], capacity, tried)
    assert [i.statement for i in line.fitting] == ["Weak to revenue"]
    assert [i.statement for i in line.waiting] == ["Strong to revenue"]
    assert banner(tried, goal_choices([ws])) == (
        f"{BANNER}: the weight of “Grow mid-market revenue 15%” 5 → 1, the weight of “Keep "
        "payroll right” 2 → 5. The recorded decisions stay as they are."
    )
    tried = tried.weigh(revenue, 5)
    assert tried.weigh(payroll, 2) == WhatIf()  # back to the recorded weights: nothing tried
    assert with_weights([ws], {})[0] is ws
    assert ws.goals[1].weight == 2
