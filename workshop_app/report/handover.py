"""Writing the hand-over to the systems of record: a CSV for Jira or ServiceNow, or an Excel
workbook with one sheet per view. The rows come from `core.handover`; this module only writes.

CSV files are UTF-8 without a byte-order mark (both importers read UTF-8, and a mark would become
part of the first column's name), comma-separated, every field quoted, lines ending in CRLF.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

from workshop_app.core import model as m
from workshop_app.core.errors import UserError
from workshop_app.core.files import write_atomically
from workshop_app.core.handover import (
    HandoverFormat,
    Sheet,
    jira_sheet,
    servicenow_sheet,
    workbook_sheets,
)
from workshop_app.report.export import created_at, default_file_name, write_new


def csv_text(sheet: Sheet) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(sheet.header)
    writer.writerows(sheet.rows)
    return buffer.getvalue()


def workbook_bytes(sheets: list[Sheet], when: datetime | None = None) -> bytes:
    """An .xlsx with one sheet per view: a bold, frozen header row, sensible widths, wrapped text.
    Every text cell is stored as text (never as a formula) and marked with Excel's quote prefix,
    so a value such as "=1+1" shows as typed and is never calculated."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    if when is not None:
        book.properties.created = book.properties.modified = when.replace(tzinfo=None)
    book.properties.creator = "Workshop App"
    for sheet in sheets:
        page = book.create_sheet(sheet.title)
        page.append(list(sheet.header))
        for cell in page[1]:
            cell.font = Font(bold=True)
        widths = [len(title) for title in sheet.header]
        for row_number, row in enumerate(sheet.rows, start=2):
            for column, value in enumerate(row, start=1):
                if value == "":
                    continue  # an empty cell, not an empty text
                target = page.cell(row=row_number, column=column)
                target.value = value[:_EXCEL_CELL_LIMIT] if isinstance(value, str) else value
                if isinstance(value, str):
                    target.data_type = "s"  # text, whatever it starts with
                    target.quotePrefix = True
                    target.alignment = Alignment(wrap_text=True, vertical="top")
                else:
                    target.alignment = Alignment(vertical="top")
                longest = max((len(line) for line in str(value).split("\n")), default=0)
                widths[column - 1] = max(widths[column - 1], min(longest, 60))
        for column, width in enumerate(widths, start=1):
            page.column_dimensions[_column_letter(column)].width = width + 2
        page.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


#: The most characters an Excel cell holds.
_EXCEL_CELL_LIMIT = 32_767


def _column_letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def handover_bytes(workshop: m.Workshop, fmt: HandoverFormat) -> bytes:
    if fmt is HandoverFormat.JIRA:
        return csv_text(jira_sheet(workshop)).encode("utf-8")
    if fmt is HandoverFormat.SERVICENOW:
        return csv_text(servicenow_sheet(workshop)).encode("utf-8")
    return workbook_bytes(workbook_sheets(workshop), created_at(workshop))


def handover_file_name(workshop: m.Workshop, fmt: HandoverFormat) -> str:
    """The summary's file name with the system's name: "… - rev 1 draft - jira.csv"."""
    stem = re.sub(r"\.pdf\Z", "", default_file_name(workshop))
    return f"{stem} - {fmt.value}{fmt.suffix}"


def export_handover(workshop: m.Workshop, fmt: HandoverFormat, out: Path) -> Path:
    """Write the hand-over file: into a folder under a fresh name, or to the file `out`.

    An existing file is replaced only when it is of the same kind (a .csv for CSV, an .xlsx for
    the workbook): anything else is someone's data and is left alone."""
    data = handover_bytes(workshop, fmt)
    out = out.expanduser()
    if out.is_dir():
        return write_new(data, out, handover_file_name(workshop, fmt))
    if out.suffix.lower() != fmt.suffix:
        raise UserError(
            f"A {fmt.label} file ends in {fmt.suffix}: choose a name like "
            f"“{out.stem}{fmt.suffix}”, or a folder."
        )
    if not out.parent.is_dir():
        raise UserError(f"The folder {out.parent} does not exist. Create it or choose another one.")
    return write_atomically(out, data)
