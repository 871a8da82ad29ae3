"""The one XLSX writer: every workbook FairMatch hands out is built here.

Cells pass `safe_cell` on the way in: text a spreadsheet would run as a formula (= + - @, a
leading tab or carriage return) is kept as plain text behind an apostrophe, and characters a
worksheet may not hold (C0 controls but tab and line breaks, C1 controls, lone surrogates,
U+FFFE/U+FFFF) are dropped, so text someone typed can neither run nor break the file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from services.schemas import strip_control_characters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_MAX = 31

Cell = str | int | float | bool | datetime | None


def neutralize(value: object) -> object:
    """Text that a spreadsheet would run as a formula (= + - @) is kept as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_cell(value: Cell) -> Cell:
    """A value a worksheet holds as inert data: no formula, no illegal character."""
    if isinstance(value, str):
        return str(neutralize(strip_control_characters(value)))
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)  # Excel has no time zones
    return value


def sheet_title(title: str) -> str:
    """A legal, non-empty worksheet name (31 characters, none of []:*?/\\)."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", strip_control_characters(title)).strip(" '")
    return cleaned[:_SHEET_TITLE_MAX] or "Sheet"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: a bold header row, data rows, frozen panes and column widths."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    freeze: str = "A2"
    widths: Sequence[float] | None = None  # None: fitted to the longest value (at most 60)


def _fitted_widths(sheet: Sheet) -> list[float]:
    widths = []
    for index, name in enumerate(sheet.header):
        longest = max(
            [len(str(name))]
            + [len(str(row[index])) for row in sheet.rows if index < len(row) and row[index]]
        )
        widths.append(min(60.0, 4 + 1.6 * longest))
    return widths


def write_workbook(sheets: Sequence[Sheet], *, title: str | None = None) -> bytes:
    """The workbook's bytes; sheets in order, each cell through `safe_cell`."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for spec in sheets:
        name = sheet_title(spec.title)
        while name in used:
            name = sheet_title(f"{name[:27]} ({len(used)})")
        used.add(name)
        sheet = book.create_sheet(title=name)
        sheet.freeze_panes = spec.freeze
        widths = spec.widths if spec.widths is not None else _fitted_widths(spec)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        header = []
        for text in spec.header:
            cell = WriteOnlyCell(sheet, value=safe_cell(text))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            sheet.append([safe_cell(value) for value in row])
    if title is not None:
        book.properties.title = str(safe_cell(title))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
