"""Thin Qt table models for the library: workshops, and every request across them (portfolio).

Both adapt plain rows from the storage layer. Cells show one line of user text, elided by the
view; the full text is in the tooltip (escaped, so markup in a title is shown, not obeyed).
ID_ROLE gives the workshop id of a row.

Sorting happens in Python on the plain rows, once per click, with each column's own key (numbers
as numbers). A QSortFilterProxyModel would instead ask `data()` for both sides of every
comparison: about 74,000 calls into Python for a 20,000-workshop library at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from workshop_app.core.origin import IT_MARK
from workshop_app.core.terms import DecisionKind, Origin, Status
from workshop_app.storage.catalog import WorkshopSummary
from workshop_app.ui.theme import Colors, current_colors
from workshop_app.ui.widgets.header_fit import OPTIONAL_ROLE, SHORTENED_ROLE, TITLES_ROLE
from workshop_app.ui.widgets.text import one_line, tooltip

if TYPE_CHECKING:
    from workshop_app.core.portfolio import PortfolioRow

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
CELL_CHARS = 240  # more than any cell shows; keeps painting fast for a 20,000-character request

Row = TypeVar("Row")


def _cell(text: str) -> str:
    """User text for a table cell: one line, bounded length."""
    return one_line(text, CELL_CHARS)


def nice_date(iso: str) -> str:
    """'2026-09-15' → '15 Sep 2026'; anything else unchanged."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day.strftime('%b')} {day.year}"


def _utc_moment(stamp: str) -> datetime:
    """`stamp` read as strptime's "%Y-%m-%dT%H:%M:%SZ" reads it (ValueError if it cannot). The
    app's own stamps are read by position: the first strptime of a process loads its locale
    machinery and compiles its patterns, tens of milliseconds before the window's first paint."""
    fields = (stamp[:4], stamp[5:7], stamp[8:10], stamp[11:13], stamp[14:16], stamp[17:19])
    digits = "".join(fields)
    marks = stamp[4:5] + stamp[7:8] + stamp[10:11] + stamp[13:14] + stamp[16:17] + stamp[19:]
    if len(stamp) == 20 and marks == "--T::Z" and digits.isascii() and digits.isdigit():
        year, month, day, hour, minute, second = (int(field) for field in fields)
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def changed_text(updated_at: str, now: datetime | None = None) -> str:
    """When a workshop last changed, as people say it: 'today 14:05', 'yesterday', '3 Nov 2026'."""
    try:
        moment = _utc_moment(updated_at)
    except ValueError:
        return ""
    local = moment.astimezone()
    today = (now or datetime.now().astimezone()).date()
    if local.date() == today:
        return f"today {local:%H:%M}"
    if (today - local.date()).days == 1:
        return "yesterday"
    return nice_date(local.date().isoformat())


class Col(NamedTuple, Generic[Row]):
    header: str
    text: Callable[[Row], str]
    sort: Callable[[Row], Any] | None = None  # default: the text, case-folded
    tip: Callable[[Row], str] | None = None
    color: Callable[[Row, Colors], str | None] | None = None
    align_right: bool = False
    width: int = 0  # 0: stretches
    short: str = ""  # the title on a table too narrow for the whole one ("Rev.")
    optional: bool = False  # may step aside on a table too narrow even for the short titles


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over a list of plain rows; `row_id` names each row's workshop."""

    def __init__(self, columns: Sequence[Col[Row]], row_id: Callable[[Row], str]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[Row] = []
        self._row_id = row_id
        self._order: tuple[int, Qt.SortOrder] | None = None  # the last sort asked for
        self._shortened: set[int] = set()  # columns showing their short titles (header_fit)

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if self._order is not None:
            self.rows.sort(key=self._sort_key(self._order[0]), reverse=self._descending())
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by a column's key, keeping the selection on the same rows."""
        if not 0 <= column < len(self.columns):
            return
        self._order = (column, order)
        # No arguments: PySide6 6.12 crashes when the parents list is passed from Python.
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        kept_rows = [self.rows[index.row()] for index in kept]
        self.rows.sort(key=self._sort_key(column), reverse=self._descending())
        position = {id(row): number for number, row in enumerate(self.rows)}
        moved = [
            self.index(position[id(row)], i.column())
            for row, i in zip(kept_rows, kept, strict=True)
        ]
        self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()

    def _sort_key(self, column: int) -> Callable[[Row], Any]:
        col = self.columns[column]
        return col.sort or (lambda row: col.text(row).casefold())

    def _descending(self) -> bool:
        return self._order is not None and self._order[1] == Qt.SortOrder.DescendingOrder

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.short if section in self._shortened else column.header
        if role == Qt.ItemDataRole.ToolTipRole and section in self._shortened:
            return column.header
        if role == TITLES_ROLE and column.short:
            return (column.header, column.short)
        if role == OPTIONAL_ROLE:
            return column.optional
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setHeaderData(
        self, section: int, orientation: Qt.Orientation, value: Any, role: int = 2
    ) -> bool:
        """Only the view's choice of short titles (SHORTENED_ROLE) can be set."""
        if role != SHORTENED_ROLE or orientation != Qt.Orientation.Horizontal:
            return False
        if not 0 <= section < len(self.columns) or not self.columns[section].short:
            return False
        if bool(value) != (section in self._shortened):
            self._shortened ^= {section}
            self.headerDataChanged.emit(orientation, section, section)
        return True

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip(row) if column.tip else tooltip(column.text(row))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{column.header}: {column.text(row) or 'empty'}"
        if role == ID_ROLE:
            return self._row_id(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            color = column.color(row, current_colors())
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# -- workshops ----------------------------------------------------------------------------------


class WorkshopLine(NamedTuple):
    """A library line: the summary plus what the table says about its revisions.

    A named tuple: the window makes one per workshop on the main thread whenever the library
    is read, and a tuple is made several times faster than a frozen dataclass.
    """

    summary: WorkshopSummary
    revisions: int  # how many revisions of its lineage the library holds
    latest: bool


def workshop_lines(summaries: Sequence[WorkshopSummary]) -> list[WorkshopLine]:
    counts: dict[str, int] = {}
    newest: dict[str, int] = {}
    for s in summaries:
        lineage = s.lineage_id
        counts[lineage] = counts.get(lineage, 0) + 1
        if s.revision > newest.get(lineage, 0):
            newest[lineage] = s.revision
    return [
        WorkshopLine(s, counts[s.lineage_id], s.revision == newest[s.lineage_id]) for s in summaries
    ]


def _revision_text(line: WorkshopLine) -> str:
    if line.revisions == 1:
        return str(line.summary.revision)
    return f"{line.summary.revision} · {'latest' if line.latest else 'earlier'}"


def _status_color(line: WorkshopLine, c: Colors) -> str | None:
    return c.green if line.summary.status is Status.SIGNED_OFF else None


WORKSHOP_COLUMNS: list[Col[WorkshopLine]] = [
    Col("Workshop", lambda w: _cell(w.summary.title), tip=lambda w: tooltip(w.summary.title)),
    Col("Division", lambda w: _cell(w.summary.division), width=220),
    Col("Date", lambda w: nice_date(w.summary.date), sort=lambda w: w.summary.date, width=120),
    Col("Status", lambda w: w.summary.status.label, color=_status_color, width=150),
    Col(
        "Revision",
        _revision_text,
        sort=lambda w: (w.summary.lineage_id, w.summary.revision),
        width=110,
        short="Rev.",
        optional=True,
    ),
    Col(
        "Requests",
        lambda w: str(w.summary.request_count),
        sort=lambda w: w.summary.request_count,
        align_right=True,
        width=96,
        short="Req.",
        optional=True,
    ),
    Col(
        "Last changed",
        lambda w: changed_text(w.summary.updated_at),
        sort=lambda w: w.summary.updated_at,
        width=130,
        short="Changed",
    ),
]


class WorkshopsModel(RowTableModel[WorkshopLine]):
    def __init__(self) -> None:
        super().__init__(WORKSHOP_COLUMNS, lambda w: w.summary.id)


# -- portfolio ----------------------------------------------------------------------------------


def _needs_text(row: PortfolioRow) -> str:
    if not row.needs:
        return "No need found yet"
    return " · ".join(_cell(n) or "(need not worded yet)" for n in row.needs)


def _alignment_text(row: PortfolioRow) -> str:
    if row.alignment is None:
        return "—"
    return f"{row.alignment} · unclear" if row.alignment_unclear else str(row.alignment)


def _alignment_color(row: PortfolioRow, c: Colors) -> str | None:
    return c.amber if row.alignment_unclear else None


def _priority_text(row: PortfolioRow) -> str:
    return "—" if row.priority is None else f"{row.priority:g}"


def _decision_text(row: PortfolioRow) -> str:
    return row.decision.label if row.decision is not None else "Not decided"


def _decision_color(row: PortfolioRow, c: Colors) -> str | None:
    if row.decision is None:
        return c.muted
    if row.decision in (DecisionKind.PROCEED, DecisionKind.RESHAPE):
        return c.green
    return None


def _result_text(row: PortfolioRow) -> str:
    if row.trend is None:
        return ""
    return f"{row.trend.arrow} {_cell(row.result)}"


def _result_color(row: PortfolioRow, c: Colors) -> str | None:
    from workshop_app.core.results import Trend

    if row.trend is Trend.MET:
        return c.green
    return c.amber if row.trend in (Trend.AWAY, Trend.FLAT) else None


def _workshop_text(row: PortfolioRow) -> str:
    return _cell(row.workshop_title)


def _workshop_tip(row: PortfolioRow) -> str:
    when = f", {nice_date(row.date)}" if row.date else ""
    return tooltip(f"{row.workshop_title}{when} · revision {row.revision} · {row.status.label}")


def _request_cell(row: PortfolioRow) -> str:
    """The request, marked when it is one of IT's own ideas rather than the division's."""
    return f"{IT_MARK} · {_cell(row.request)}" if row.origin is Origin.IT else _cell(row.request)


PORTFOLIO_COLUMNS: list[Col[PortfolioRow]] = [
    Col("Request", _request_cell, tip=lambda r: tooltip(r.request)),
    Col("Need", _needs_text, tip=lambda r: tooltip("\n".join(r.needs))),
    Col("Division", lambda r: _cell(r.division), width=130),
    Col("Workshop", _workshop_text, tip=_workshop_tip, width=140),
    Col(
        "Alignment",
        _alignment_text,
        sort=lambda r: -1 if r.alignment is None else r.alignment,
        color=_alignment_color,
        width=108,
    ),
    Col(
        "Priority",
        _priority_text,
        sort=lambda r: -1.0 if r.priority is None else r.priority,
        tip=lambda r: tooltip(f"{r.framework.label}: higher means sooner"),
        align_right=True,
        width=84,
    ),
    Col("Decision", _decision_text, color=_decision_color, width=140),
    Col(
        "Result",
        _result_text,
        tip=lambda r: tooltip(f"{r.trend.label}: {r.result}") if r.trend else "",
        color=_result_color,
        width=170,
    ),
]


# A string: the row type comes from storage, which this start-up module must not import yet.
class PortfolioModel(RowTableModel["PortfolioRow"]):
    def __init__(self) -> None:
        super().__init__(PORTFOLIO_COLUMNS, lambda r: r.workshop_id)
