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
from typing import Any

from services.schemas import strip_control_characters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_MAX = 31


@dataclass(frozen=True, slots=True)
class Formatted:
    """A number shown with an Excel number format: a share as "0.0%", an average as "0.00"."""

    value: float
    number_format: str


Cell = str | int | float | bool | datetime | Formatted | None


def neutralize(value: object) -> object:
    """Text that a spreadsheet would run as a formula (= + - @) is kept as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_cell(value: Cell) -> Cell:
    """A value a worksheet holds as inert data: no formula, no illegal character."""
    if isinstance(value, Formatted):
        return value
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
    """One worksheet: a bold header row that filters and stays put, then the data rows."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    freeze: str = "A2"
    widest: int = 48  # columns are as wide as their longest text, up to this


def display_width(value: object) -> int:
    """Columns a value takes in a spreadsheet: Chinese characters are two wide."""
    if isinstance(value, Formatted):
        value = value.value
    text = "" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _fitted_widths(sheet: Sheet) -> list[int]:
    """Widths that fit each column's longest line (header included), up to `sheet.widest`."""
    widths = []
    for index, name in enumerate(sheet.header):
        values = [row[index] for row in sheet.rows if index < len(row)]
        longest = max([display_width(name)] + [display_width(value) for value in values])
        widths.append(min(sheet.widest, 2 + longest))
    return widths


def _written(sheet: Any, value: Cell) -> object:
    """What a write-only sheet appends: formatted numbers as cells that carry their format."""
    if not isinstance(value, Formatted):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value.value)
    cell.number_format = value.number_format
    return cell


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
        for index, width in enumerate(_fitted_widths(spec), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        last_column = get_column_letter(max(1, len(spec.header)))
        sheet.auto_filter.ref = f"A1:{last_column}{len(spec.rows) + 1}"
        header = []
        for text in spec.header:
            cell = WriteOnlyCell(sheet, value=safe_cell(text))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            sheet.append([_written(sheet, safe_cell(value)) for value in row])
    if title is not None:
        book.properties.title = str(safe_cell(title))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
