"""The fair report as an A4 PDF with bar charts drawn from fpdf2 primitives, CJK font embedded."""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from frontend.i18n import bilingual
from services.errors import ServiceUnavailable
from services.fairs.qr import find_cjk_font
from services.stats.report import FairReport, rate_text
from services.stats.report_xlsx import summary_rows

INK = (28, 36, 48)
MUTED = (85, 85, 85)  # 7.5:1 on white: footers and dates stay readable
BLUE = (11, 79, 156)
ORANGE = (230, 126, 34)
MARGIN = 15.0


class ReportPdf(FPDF):
    """A4 portrait with the CJK font registered as "cjk" and page numbers in the footer."""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("cjk", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"FairMatch · {self.page_no()}", align="C")


def _heading(pdf: FPDF, text: str) -> None:
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font("cjk", size=13)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)


def bar_chart(
    pdf: FPDF,
    title: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    legend: Sequence[str] = (),
) -> None:
    """Horizontal bars, one row per label and one bar per series (at most two series)."""
    _heading(pdf, title)
    if not rows:
        return
    label_width, row_height = 62.0, 5.0 * max(1, len(rows[0][1])) + 2
    scale_width = pdf.w - 2 * MARGIN - label_width - 14
    top = max(max(values) for _, values in rows) or 1
    pdf.set_font("cjk", size=8)
    for label, values in rows:
        if pdf.get_y() + row_height > pdf.h - 18:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_xy(MARGIN, y)
        pdf.cell(label_width - 2, row_height, label[:22], align="R")
        for index, value in enumerate(values):
            pdf.set_fill_color(*(BLUE, ORANGE)[index % 2])
            bar_y = y + 1 + index * 5.0
            pdf.rect(MARGIN + label_width, bar_y, max(0.3, scale_width * value / top), 4, "F")
            pdf.set_xy(MARGIN + label_width + scale_width * value / top + 1, bar_y)
            pdf.cell(12, 4, str(value))
        pdf.set_y(y + row_height)
    if legend:
        pdf.set_x(MARGIN + label_width)
        for index, name in enumerate(legend):
            pdf.set_fill_color(*(BLUE, ORANGE)[index % 2])
            pdf.rect(pdf.get_x(), pdf.get_y() + 1, 4, 3, "F")
            pdf.set_x(pdf.get_x() + 5)
            pdf.cell(40, 5, name)
        pdf.ln(6)


def pdf_table(
    pdf: FPDF,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float] | None = None,
) -> None:
    """A table with a tinted heading row; `widths` are relative column widths (default equal)."""
    pdf.set_font("cjk", size=8)
    # fpdf2 fills body cells with the current fill colour: the bar charts leave theirs set.
    pdf.set_fill_color(255, 255, 255)
    heading = FontFace(emphasis=None, color=BLUE, fill_color=(232, 240, 250))
    with pdf.table(
        headings_style=heading,
        line_height=5,
        text_align="LEFT",
        first_row_as_headings=True,
        col_widths=tuple(widths) if widths else None,
    ) as table:
        for row in (header, *rows):
            cells = table.row()
            for value in row:
                cells.cell(str(value))


def report_pdf(report: FairReport) -> bytes:
    """The PDF's bytes: summary, charts (top enterprises, trades, levels, hours), intentions."""
    font = find_cjk_font()
    if font is None:
        raise ServiceUnavailable(bilingual("api.no_cjk_font"))
    pdf = ReportPdf(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("cjk", fname=str(font))
    pdf.set_title(f"{report.fair_name} · {report.t('report.title')}")
    pdf.add_page()
    pdf.set_font("cjk", size=18)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 9, f"{report.fair_name}\n{report.t('report.title')}", align="C")
    pdf.set_font("cjk", size=9)
    pdf.set_text_color(*MUTED)
    pdf.set_x(MARGIN)
    pdf.cell(0, 6, report.t("report.generated", at=report.generated_at), align="C")
    pdf.ln(8)
    pdf.set_text_color(*INK)
    summary = summary_rows(report)
    shown = len(summary) - len(report.rates)
    summary[shown:] = [
        (label, rate_text(name, float(value)))
        for (label, value), name in zip(summary[shown:], report.rates, strict=True)
    ]
    pdf_table(pdf, (report.t("dash.col.item"), report.t("dash.col.value")), summary)
    by_applications = sorted(report.enterprises, key=lambda e: -e.counts["application"])[:10]
    bar_chart(
        pdf,
        report.t("dash.top_applications"),
        [(e.name, (e.counts["application"], e.counts["intention"])) for e in by_applications],
        (report.t("dash.kind.application"), report.t("dash.kind.intention")),
    )
    trades = sorted(report.trades, key=lambda line: -line.applications)[:12]
    bar_chart(
        pdf, report.t("dash.by_trade"), [(line.label, (line.applications,)) for line in trades]
    )
    bar_chart(
        pdf,
        report.t("report.chart.levels"),
        [(line.label, (line.demand, line.supply)) for line in report.levels],
        (report.t("dash.col.demand"), report.t("dash.col.supply")),
    )
    bar_chart(
        pdf,
        report.t("dash.timeline"),
        [
            (hour[-2:] + ":00 " + hour[5:10], (counts["application"],))
            for hour, counts in report.hours
        ],
    )
    _heading(pdf, report.t("report.sheet.enterprises"))
    kinds = [report.t(f"dash.kind.{kind}") for kind in ("scan", "application", "download")]
    pdf_table(
        pdf,
        (
            report.t("dash.col.booth"),
            report.t("dash.col.enterprise"),
            *kinds,
            report.t("dash.kind.intention"),
        ),
        [
            (
                e.booth,
                e.name,
                e.counts["scan"],
                e.counts["application"],
                e.counts["download"],
                e.counts["intention"],
            )
            for e in report.enterprises
        ],
    )
    _heading(pdf, report.t("report.sheet.intentions"))
    pdf.set_font("cjk", size=8)
    pdf.cell(0, 5, report.t("report.privacy"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if report.intentions:
        pdf_table(
            pdf,
            (
                report.t("dash.col.date"),
                report.t("dash.col.enterprise"),
                report.t("dash.col.posting"),
                report.t("dash.col.level"),
                report.t("dash.col.candidate"),
            ),
            [(i.at, i.enterprise, i.posting, i.level, i.candidate) for i in report.intentions],
        )
    return bytes(pdf.output())
