"""The hand-over rows: any text a facilitator typed is neutralised for a spreadsheet, survives a
CSV and a workbook round trip, and the rows follow the decisions and action items."""

from __future__ import annotations

import csv
import io

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.handover import (
    FORMULA_STARTS,
    HandoverFormat,
    Sheet,
    cell,
    jira_sheet,
    plain,
    servicenow_sheet,
)
from workshop_app.report.handover import csv_text, handover_bytes, workbook_bytes

TEXT = st.text(max_size=60) | st.sampled_from(["=1+1", "+SUM(A1)", "-2", "@cmd", "\t=x", "\r=x"])


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_a_cell_never_starts_a_formula_and_keeps_the_text(text: str) -> None:
    safe = cell(text)
    assert not safe.startswith(FORMULA_STARTS)
    assert safe in (plain(text), "'" + plain(text))
    assert all(c in "\n\t" or ord(c) >= 32 for c in plain(text) if ord(c) < 127)


@given(st.lists(TEXT, min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_csv_and_workbook_round_trip_every_text(texts: list[str]) -> None:
    sheet = Sheet("Texts", tuple(f"c{i}" for i in range(len(texts))), (tuple(texts),))
    safe = Sheet(sheet.title, sheet.header, (tuple(cell(t) for t in texts),))
    (row,) = list(csv.reader(io.StringIO(csv_text(safe), newline="")))[1:]
    assert row == [cell(t).replace("\r\n", "\n") for t in texts]
    stored = Sheet(sheet.title, sheet.header, (tuple(plain(t) for t in texts),))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes([stored])))
    values = [c.value for c in book["Texts"][2]]
    assert values == [plain(t) or None for t in texts]
    assert all(c.data_type in ("s", "n") for c in book["Texts"][2])


def test_rows_follow_the_decisions_made_and_every_action_item() -> None:
    ws = demo_workshop()
    decided = [r for r in ws.requests if ws.decision_for(r.id).kind is not None]
    ws.decision_for(decided[0].id).kind = None  # one not decided yet stays out
    jira, servicenow = jira_sheet(ws), servicenow_sheet(ws)
    assert len(jira.rows) == len(servicenow.rows) == len(decided) - 1 + len(ws.actions)
    declined = [r for r in jira.rows if r[0].startswith("Decline")]
    assert all(row[6] == "decline" for row in declined)
    states = {row[4] for row in servicenow.rows}
    assert states <= {1, -5, 3, 7}


def test_a_workshop_without_decisions_or_actions_still_writes_headers() -> None:
    ws = m.Workshop("Empty")
    for fmt in (HandoverFormat.JIRA, HandoverFormat.SERVICENOW):
        text = handover_bytes(ws, fmt).decode("utf-8")
        assert text.count("\r\n") == 1
    book = openpyxl.load_workbook(io.BytesIO(handover_bytes(ws, HandoverFormat.XLSX)))
    assert [s.max_row for s in book] == [1, 1, 1, 1]


def test_the_roadmap_orders_commitments_by_date_and_leaves_out_declines() -> None:
    from workshop_app.core.roadmap import roadmap

    ws = demo_workshop()
    other = demo_workshop()
    other.division = "Finance"
    other.actions[0].due_date = "2020-01-15"
    entries = roadmap([ws, other])
    dated = [e.due_date for e in entries if e.due_date]
    assert dated == sorted(dated) and entries[0].division == "Finance"
    assert entries[0].quarter == "2020 Q1"
    assert all(not e.due_date for e in entries[len(dated) :])  # the undated last
    declined = [r.text for r in ws.requests if ws.decision_for(r.id).kind is m.DecisionKind.DECLINE]
    assert declined and not any(e.what in declined for e in entries)
    decided = sum(
        1 for r in ws.requests if ws.decision_for(r.id).kind not in (None, m.DecisionKind.DECLINE)
    )
    assert len(entries) == 2 * (decided + len(ws.actions))
    book = openpyxl.load_workbook(io.BytesIO(handover_bytes(ws, HandoverFormat.XLSX)))
    sheet = book["Roadmap"]
    assert [c.value for c in sheet[1]][:4] == ["Due date", "Quarter", "Division", "What"]
    assert sheet.max_row == 1 + decided + len(ws.actions)
