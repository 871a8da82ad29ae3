"""The fair report as an Excel workbook: summary, enterprises, trades, levels, hours, intentions."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from services.stats.report import KINDS, PERCENT_RATES, FairReport, GapLine

Cell = str | int | float


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> Worksheet:
    """A sheet with a bold, frozen, filterable header row and columns as wide as their text."""
    sheet: Worksheet = book.create_sheet(title[:31])
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        longest = max([len(str(name))] + [len(str(row[index - 1])) for row in rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, 4 + 1.6 * longest)
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


def summary_rows(report: FairReport) -> list[tuple[str, Cell]]:
    """The summary sheet's (measure, value) rows; the PDF shows the same."""
    rows: list[tuple[str, Cell]] = [
        (report.t("report.fair"), report.fair_name),
        (report.t("report.venue_label"), report.venue),
        (report.t("dash.col.date"), f"{report.period[0]} – {report.period[1]}"),
        (report.t("dash.enterprises"), report.enterprises_count),
        (report.t("dash.openings"), report.openings),
    ]
    rows += [(report.t(f"dash.kind.{kind}"), report.totals[kind]) for kind in KINDS]
    rows += [(report.t(f"dash.rate.{name}"), value) for name, value in report.rates.items()]
    return rows


def _gap_sheet(book: Workbook, report: FairReport, title: str, lines: Sequence[GapLine]) -> None:
    by_trade = title == "report.sheet.trades"
    header = [
        report.t("dash.col.code" if by_trade else "dash.col.level_code"),
        report.t("dash.col.trade" if by_trade else "dash.col.level"),
        report.t("dash.col.demand"),
        report.t("dash.col.supply"),
        report.t("dash.col.gap"),
        report.t("dash.kind.application"),
        report.t("dash.kind.intention"),
    ]
    rows = [
        (
            line.key,
            line.label,
            line.demand,
            line.supply,
            line.gap,
            line.applications,
            line.intentions,
        )
        for line in lines
    ]
    _sheet(book, report.t(title), header, rows)


def report_xlsx(report: FairReport) -> bytes:
    """The workbook's bytes."""
    book = Workbook()
    book.remove(book.active)
    summary = _sheet(
        book,
        report.t("report.sheet.summary"),
        [report.t("dash.col.item"), report.t("dash.col.value")],
        summary_rows(report),
    )
    first_rate = summary.max_row - len(report.rates) + 1
    for offset, name in enumerate(report.rates):
        summary.cell(row=first_rate + offset, column=2).number_format = (
            "0.0%" if name in PERCENT_RATES else "0.00"
        )
    kinds = [report.t(f"dash.kind.{kind}") for kind in KINDS]
    _sheet(
        book,
        report.t("report.sheet.enterprises"),
        [
            report.t("dash.col.booth"),
            report.t("dash.col.enterprise"),
            report.t("dash.col.industry"),
            report.t("dash.col.postings"),
            report.t("dash.col.openings"),
            *kinds,
        ],
        [
            (e.booth, e.name, e.industry, e.postings, e.openings, *(e.counts[k] for k in KINDS))
            for e in report.enterprises
        ],
    )
    _gap_sheet(book, report, "report.sheet.trades", report.trades)
    _gap_sheet(book, report, "report.sheet.levels", report.levels)
    _sheet(
        book,
        report.t("report.sheet.hours"),
        [report.t("dash.col.hour"), *kinds],
        [(hour, *(counts[k] for k in KINDS)) for hour, counts in report.hours],
    )
    _sheet(
        book,
        report.t("report.sheet.intentions"),
        [
            report.t("dash.col.date"),
            report.t("dash.col.booth"),
            report.t("dash.col.enterprise"),
            report.t("dash.col.posting"),
            report.t("dash.col.trade"),
            report.t("dash.col.level"),
            report.t("dash.col.candidate"),
            report.t("dash.col.education"),
        ],
        [
            (i.at, i.booth, i.enterprise, i.posting, i.trade, i.level, i.candidate, i.education)
            for i in report.intentions
        ],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
