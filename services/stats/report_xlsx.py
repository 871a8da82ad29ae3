"""The fair report as an Excel workbook: summary, enterprises, trades, levels, hours, intentions."""

from __future__ import annotations

from collections.abc import Sequence

from services.exports.xlsx import Formatted, Sheet, write_workbook
from services.stats.report import KINDS, PERCENT_RATES, FairReport, GapLine

Cell = str | int | float


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


def _gap_sheet(report: FairReport, title: str, lines: Sequence[GapLine]) -> Sheet:
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
    return Sheet(report.t(title), header, rows)


def _rate(value: Cell, name: str) -> Formatted:
    """A share shows as a percentage (55.7 %), an average with two decimals (1.75)."""
    return Formatted(float(value), "0.0%" if name in PERCENT_RATES else "0.00")


def report_xlsx(report: FairReport) -> bytes:
    """The workbook's bytes (services/exports/xlsx.py: no formula, no illegal character)."""
    kinds = [report.t(f"dash.kind.{kind}") for kind in KINDS]
    rates = {report.t(f"dash.rate.{name}"): name for name in report.rates}
    summary = Sheet(
        report.t("report.sheet.summary"),
        [report.t("dash.col.item"), report.t("dash.col.value")],
        [
            (item, _rate(value, rates[item]) if item in rates else value)
            for item, value in summary_rows(report)
        ],
    )
    enterprises = Sheet(
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
    hours = Sheet(
        report.t("report.sheet.hours"),
        [report.t("dash.col.hour"), *kinds],
        [(hour, *(counts[k] for k in KINDS)) for hour, counts in report.hours],
    )
    intentions = Sheet(
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
    return write_workbook(
        [
            summary,
            enterprises,
            _gap_sheet(report, "report.sheet.trades", report.trades),
            _gap_sheet(report, "report.sheet.levels", report.levels),
            hours,
            intentions,
        ]
    )
