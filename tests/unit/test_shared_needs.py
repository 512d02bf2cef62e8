"""Same need, other divisions: needs that serve one company goal with similar wording."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from workshop_app.cli import main
from workshop_app.core import model as m
from workshop_app.core import portfolio as pf
from workshop_app.report.portfolio import build_portfolio_pdf
from workshop_app.report.portfolio_csv import portfolio_csv
from workshop_app.storage.operations import Library
from workshop_app.storage.portfolio import portfolio_shared_needs


def _workshop(
    division: str, goal: str, *needs: str, strength: m.Strength = m.Strength.STRONG
) -> m.Workshop:
    ws = m.Workshop(title=f"{division} workshop", division=division, date="2026-05-04")
    ws.goals = [m.StrategicGoal(goal), m.StrategicGoal("Division only", m.GoalLevel.DIVISION)]
    for text in needs:
        request = m.Request(f"Ask about {text}")
        need = m.Need(statement=text, request_ids=[request.id])
        ws.requests.append(request)
        ws.needs.append(need)
        ws.links.append(m.AlignmentLink(need.id, ws.goals[0].id, strength))
    return ws


def test_two_divisions_needing_the_same_for_one_goal_are_grouped_and_said_so() -> None:
    sales = _workshop("Sales", "Grow mid-market revenue 15%", "Quotes out within a day")
    finance = _workshop(
        "Finance", "  grow MID-market   revenue 15% ", "Quotes go out within one day"
    )
    hr = _workshop("HR", "Grow mid-market revenue 15%", "Fewer payroll questions")
    [group] = pf.shared_needs([sales, finance, hr])
    assert group.divisions == ("Sales", "Finance")
    assert group.goals == ("Grow mid-market revenue 15%",)
    assert "quote" in group.shared
    assert group.sentence() == (
        "Sales and Finance both need “Quotes out within a day” — one solution may serve both."
    )
    assert group.goal_words() == "Serving the company goal “Grow mid-market revenue 15%”."
    assert {m_.need_id for m_ in group.members} == {sales.needs[0].id, finance.needs[0].id}


def test_three_divisions_are_one_group() -> None:
    groups = pf.shared_needs(
        [
            _workshop("Sales", "Faster cash", "Quotes out within a day"),
            _workshop("Finance", "faster cash", "Quotes out within a day, signed"),
            _workshop("Legal", "Faster Cash", "Quotes reviewed within a day"),
        ]
    )
    assert len(groups) == 1
    assert groups[0].sentence().startswith("Sales, Finance and Legal all need")
    assert groups[0].sentence().endswith("one solution may serve them all.")


def test_no_group_without_a_shared_company_goal_a_real_link_or_another_division() -> None:
    quotes = "Quotes out within a day"
    assert (
        pf.shared_needs([_workshop("Sales", "A", quotes), _workshop("Finance", "B", quotes)]) == []
    )
    weak = _workshop("Finance", "A", quotes, strength=m.Strength.WEAK)
    assert pf.shared_needs([_workshop("Sales", "A", quotes), weak]) == []
    same = [_workshop("Sales", "A", quotes), _workshop(" sales ", "A", quotes)]
    assert pf.shared_needs(same) == []
    nameless = [_workshop("Sales", "A", quotes), _workshop("", "A", quotes)]
    assert pf.shared_needs(nameless) == []
    division_goal = _workshop("Finance", "A", quotes)
    division_goal.goals[0].level = m.GoalLevel.DIVISION
    assert pf.shared_needs([_workshop("Sales", "A", quotes), division_goal]) == []
    other = [_workshop("Sales", "A", quotes), _workshop("Finance", "A", "Payroll without errors")]
    assert pf.shared_needs(other) == []


def test_any_text_is_grouped_and_told_safely() -> None:
    long_word = "x" * 5000
    a = _workshop("<b>Sales</b> 販売", "目標 🎯", f"مبيعات {long_word} <i>")
    b = _workshop("Finance", "目標 🎯", f"مبيعات {long_word}")
    [group] = pf.shared_needs([a, b])
    assert len(group.sentence()) < 300
    assert "<b>Sales</b> 販売 and Finance" in group.sentence()


def test_the_library_groups_the_latest_revision_of_every_workshop(library: Library) -> None:
    library.add_workshop(_workshop("Sales", "Grow", "Quotes out within a day"))
    library.add_workshop(_workshop("Finance", "grow", "Quotes out within one day"))
    [group] = portfolio_shared_needs(library)
    assert set(group.divisions) == {"Sales", "Finance"}


_WORDS = ["quote", "day", "invoice", "payroll", "report", "pipeline", "cash", "ticket"]
_needs = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join)
_one = st.tuples(
    st.sampled_from(["Sales", "Finance", "HR", "sales"]),
    st.sampled_from(["Grow", "grow ", "Cash"]),
    st.lists(_needs, min_size=1, max_size=3),
)


def _key(groups: list[pf.SharedNeed]) -> set[frozenset[str]]:
    return {frozenset(member.need_id for member in g.members) for g in groups}


@settings(max_examples=60, deadline=None)
@given(st.lists(_one, min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_groups_do_not_depend_on_order_and_always_span_divisions(
    specs: list[tuple[str, str, list[str]]], rnd: random.Random
) -> None:
    workshops = [_workshop(division, goal, *needs) for division, goal, needs in specs]
    groups = pf.shared_needs(workshops)
    shuffled = workshops[:]
    rnd.shuffle(shuffled)
    assert _key(pf.shared_needs(shuffled)) == _key(groups)
    seen: set[str] = set()
    for group in groups:
        assert len({pf.goal_key(d) for d in group.divisions}) >= 2
        ids = {member.need_id for member in group.members}
        assert not ids & seen  # a need belongs to one group at most
        seen |= ids
        same = pf._SameGoal(workshops)
        keys = {same.root(f"title:{pf.goal_key(g)}") for g in group.goals}
        assert keys and all(
            keys & set(pf._served_goals(ws, n, same))
            for ws in workshops
            for n in ws.needs
            if n.id in ids
        )


def _from_library(ws: m.Workshop, library_goal_id: str, version: int) -> m.Workshop:
    ws.goals[0].library_goal_id, ws.goals[0].library_version = library_goal_id, version
    return ws


def test_needs_serving_one_library_goal_are_grouped_whatever_words_each_workshop_took() -> None:
    sales = _from_library(_workshop("Sales", "Grow revenue 15%", "Quotes out within a day"), "g", 1)
    finance = _from_library(_workshop("Finance", "Grow revenue 20%", "Quotes out in a day"), "g", 2)
    [group] = pf.shared_needs([sales, finance])
    assert group.library and group.goals == ("Grow revenue 20%",)  # the newer version's words
    assert group.goal_words() == (
        "Serving the company goal “Grow revenue 20%”, picked from the company's goals."
    )
    other = _from_library(_workshop("Finance", "Grow revenue 20%", "Quotes out in a day"), "h", 1)
    assert pf.shared_needs([sales, other]) == []  # another library goal of other words
    # A workshop from before the library reaches its goal by name, and through it the others.
    hr = _workshop("HR", "  grow REVENUE 15% ", "Quotes out within a day, for HR too")
    assert pf.shared_needs([hr, finance]) == []  # “15%” and “20%” alone are two goals
    [group] = pf.shared_needs([hr, finance, sales])
    assert set(group.divisions) == {"HR", "Finance", "Sales"} and group.library
    typed = [_workshop("Sales", "Grow", "Quotes out"), _workshop("Finance", "Grow", "Quotes out")]
    [group] = pf.shared_needs(typed)
    assert not group.library and group.goal_words() == "Serving the company goal “Grow”."


def test_a_templates_goal_not_yet_reworded_groups_nothing() -> None:
    sales, finance = (
        _workshop("Sales", "Grow", "Quotes out"),
        _workshop("Finance", "Grow", "Quotes out"),
    )
    finance.goals[0].placeholder = True
    assert pf.shared_needs([sales, finance]) == []


def test_the_portfolio_pdf_has_a_section_for_shared_needs() -> None:
    sales = _workshop("Sales", "Grow mid-market revenue 15%", "Quotes out within a day")
    finance = _workshop("Finance <R&D>", "grow mid-market revenue 15%", "Quotes out in one day")
    reader = PdfReader(io.BytesIO(build_portfolio_pdf([sales, finance])))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Same need, other divisions" in text
    assert "Sales and Finance <R&D> both need “Quotes out within a day”" in text
    assert "one solution may serve both." in text
    assert "Serving the company goal “Grow mid-market revenue 15%”." in text
    picked = [_from_library(sales, "g", 1), _from_library(finance, "g", 1)]
    reader = PdfReader(io.BytesIO(build_portfolio_pdf(picked)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "15%”, picked from the company's goals." in text
    rows = list(csv.DictReader(io.StringIO(portfolio_csv(picked))))
    assert rows[0]["Same need, other divisions"] == (
        "Finance <R&D>: Quotes out in one day. Serving the company goal “Grow mid-market revenue "
        "15%”, picked from the company's goals."
    )
    alone_csv = list(csv.DictReader(io.StringIO(portfolio_csv([sales]))))
    assert alone_csv[0]["Same need, other divisions"] == ""
    alone = PdfReader(io.BytesIO(build_portfolio_pdf([sales])))
    assert "Same need" not in " ".join(page.extract_text() for page in alone.pages)


def test_the_command_line_says_which_divisions_share_a_need(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "cli.sqlite3"
    library = Library(db)
    library.add_workshop(_workshop("Sales", "Grow", "Quotes out within a day"))
    library.add_workshop(_workshop("Finance", "grow", "Quotes out within one day"))
    library.close()
    assert main(["--db", str(db), "portfolio"]) == 0
    out = capsys.readouterr().out
    assert "Same need, other divisions:" in out
    assert "both need" in out and "one solution may serve both." in out
