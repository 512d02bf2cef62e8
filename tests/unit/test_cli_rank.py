"""`priorities`, `sensitivity` and `handover` end to end: the real command on a real library file,
its output parsed back (JSON, the csv module, openpyxl)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from workshop_app.cli import main
from workshop_app.core.kind import Kind
from workshop_app.storage.operations import Library


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "rank.sqlite3")


@pytest.fixture
def demo(capsys: pytest.CaptureFixture[str], db: str) -> str:
    code, out, err = run(capsys, "--db", db, "demo")
    assert (code, err) == (0, "")
    return out.strip()


def priorities(capsys: pytest.CaptureFixture[str], db: str, workshop: str) -> dict:
    code, out, err = run(capsys, "--db", db, "priorities", workshop, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def test_priorities_lists_the_ranked_needs_with_their_scores(
    capsys: pytest.CaptureFixture[str], db: str, demo: str
) -> None:
    library = Library(Path(db))
    try:  # the payroll need also serves the cost goal strongly: two needs now score 100
        sample = library.workshop(demo)
        library.set_strength(sample.needs[1].id, sample.goals[2].id, "strong")
    finally:
        library.close()
    report = priorities(capsys, db, demo)
    assert report["framework"] == "weighted" and report["formula"].startswith("Weighted")
    scores = [row["score"] for row in report["needs"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 5
    assert [row["position"] for row in report["needs"]] == [1, 2, 3, 4, 5]
    top = report["needs"][0]
    assert {"need", "need_id", "alignment", "alignment_points", "parts"} <= set(top)
    # Two needs both score 100 for alignment; the points underneath tell them apart.
    capped = [row for row in report["needs"] if row["alignment"] == 100]
    assert len(capped) == 2 and len({row["alignment_points"] for row in capped}) == 2

    code, out, err = run(capsys, "--db", db, "priorities", demo[:8])
    assert (code, err) == (0, "")
    assert "Weighted score" in out and " 1. " in out and "(125 points)" in out


def test_a_reported_swap_applied_really_swaps_the_two_needs(
    capsys: pytest.CaptureFixture[str], db: str, demo: str
) -> None:
    code, out, err = run(capsys, "--db", db, "sensitivity", demo, "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["depends_on_weights"] is True
    assert report["top"]["verdict"] in ("robust", "fragile")
    assert report["swaps"], report
    before = [row["need_id"] for row in priorities(capsys, db, demo)["needs"]]
    swap = report["swaps"][0]
    assert set(swap) >= {"goal", "weight_from", "weight_to", "swaps"}
    upper, lower = swap["need_ids"]
    assert before.index(upper) < before.index(lower)
    assert swap["swaps"] == [
        next(r["need"] for r in priorities(capsys, db, demo)["needs"] if r["need_id"] == n)
        for n in (upper, lower)
    ]
    library = Library(Path(db))
    try:
        library.set_field(Kind.GOAL, swap["goal_id"], "weight", swap["weight_to"])
    finally:
        library.close()
    after = [row["need_id"] for row in priorities(capsys, db, demo)["needs"]]
    assert after.index(lower) < after.index(upper)


def test_sensitivity_in_words(capsys: pytest.CaptureFixture[str], db: str, demo: str) -> None:
    code, out, err = run(capsys, "--db", db, "sensitivity", demo)
    assert (code, err) == (0, "")
    assert "How robust is the ranking" in out
    assert "Robust" in out or "Fragile" in out
    assert "→" in out and "no single weight change swaps them" in out
    assert "goal weights reach the priority only through business value" in out


def test_sensitivity_of_an_unknown_workshop_is_one_line(
    capsys: pytest.CaptureFixture[str], db: str, demo: str
) -> None:
    code, out, err = run(capsys, "--db", db, "sensitivity", "feedbeef")
    assert code == 1 and out == "" and err.count("\n") == 1 and "no workshop" in err


HOSTILE = '=HYPERLINK("http://evil","x")'


def make_hostile(db: str, workshop: str) -> None:
    library = Library(Path(db))
    try:
        ws = library.workshop(workshop)
        library.set_field(Kind.ACTION, ws.actions[0].id, "text", HOSTILE)
        library.set_field(Kind.ACTION, ws.actions[0].id, "owner", "@owner\x07")
        library.set_field(Kind.REQUEST, ws.requests[0].id, "text", "+1 <b>CRM</b> 客户 😀")
        library.set_field(Kind.DECISION, ws.requests[0].id, "owner", "-Priya")
    finally:
        library.close()


def test_handover_for_jira_is_a_csv_its_importer_maps(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, tmp_path: Path
) -> None:
    make_hostile(db, demo)
    out_file = tmp_path / "jira.csv"
    code, out, _err = run(
        capsys, "--db", db, "handover", demo, "--format", "jira", "--out", str(out_file)
    )
    assert code == 0 and out.strip() == str(out_file.resolve())
    raw = out_file.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte-order mark before "Summary"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows[0] == [
        "Summary",
        "Issue Type",
        "Description",
        "Assignee",
        "Due date",
        "Labels",
        "Labels",
        "Labels",
        "Original Estimate",
        "Person-days",
        "Cost",
        "Estimate confidence",
    ]
    body = rows[1:]
    assert all(row[1] == "Task" for row in body)
    assert all(len(row[0]) <= 255 and " " not in "".join(row[5:8]) for row in body)
    summaries = [row[0] for row in body]
    assert f"'{HOSTILE}" in summaries  # neutralised, and still readable
    assert "Reshape: +1 <b>CRM</b> 客户 😀" in summaries
    assignees = {row[3] for row in body}
    assert "'-Priya" in assignees and "'@owner " in assignees
    for row in body:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@")), value
    assert {"decision", "action-item"} <= {row[5] for row in body}
    assert any(row[4] == "2026-10-02" for row in body)


def test_handover_for_servicenow_uses_its_field_names(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, tmp_path: Path
) -> None:
    make_hostile(db, demo)
    code, out, _err = run(
        capsys, "--db", db, "handover", demo, "--format", "servicenow", "--out", str(tmp_path)
    )
    assert code == 0
    path = Path(out.strip())
    assert path.parent == tmp_path.resolve() and path.name.endswith(" - servicenow.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "short_description",
        "description",
        "assigned_to",
        "due_date",
        "state",
        "correlation_id",
        "person_days",
        "cost",
        "estimate_confidence",
    ]
    assert all(len(row["short_description"]) <= 160 for row in rows)
    assert {row["state"] for row in rows} <= {"1", "-5", "3", "7"}
    assert len({row["correlation_id"] for row in rows}) == len(rows)
    assert any(row["short_description"] == f"'{HOSTILE}" for row in rows)
    for row in rows:
        for key, value in row.items():
            if key != "state":
                assert not value.startswith(("=", "+", "-", "@")), value


def test_handover_workbook_has_one_sheet_per_view_and_no_formulas(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, tmp_path: Path
) -> None:
    make_hostile(db, demo)
    out_file = tmp_path / "handover.xlsx"
    code, _out, err = run(
        capsys, "--db", db, "handover", demo, "--format", "xlsx", "--out", str(out_file)
    )
    assert (code, err) == (0, "")
    book = openpyxl.load_workbook(out_file)
    assert book.sheetnames == ["Decisions", "Actions", "Needs & scores", "Roadmap"]
    actions = book["Actions"]
    assert [c.value for c in actions[1]] == ["Action", "Owner", "Due date", "Done", "For request #"]
    hostile = actions["A2"]
    assert hostile.value == HOSTILE and hostile.data_type == "s" and hostile.quotePrefix
    assert actions["B2"].value == "@owner "
    for sheet in book:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)
    with zipfile.ZipFile(out_file) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)
    decisions = book["Decisions"]
    assert decisions["B2"].value == "+1 <b>CRM</b> 客户 😀"
    assert decisions.max_row == 1 + 7  # every request, decided or not
    needs = book["Needs & scores"]
    header = [c.value for c in needs[1]]
    assert header[:4] == ["Position", "Need", "Alignment score", "Alignment points"]
    points = [row[3].value for row in needs.iter_rows(min_row=2)]
    assert all(isinstance(p, float | int) for p in points) and max(points) > 100


def test_handover_refuses_a_file_of_another_kind(
    capsys: pytest.CaptureFixture[str], db: str, demo: str, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    code, out, err = run(
        capsys, "--db", db, "handover", demo, "--format", "xlsx", "--out", str(notes)
    )
    assert code == 1 and out == "" and err.count("\n") == 1 and ".xlsx" in err
    assert notes.read_text() == "mine"
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "handover", demo, "--format", "pdf", "--out", "x"])
    assert exit_info.value.code == 2 and "invalid choice" in capsys.readouterr().err
