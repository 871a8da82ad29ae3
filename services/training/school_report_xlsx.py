"""A school's report as an Excel workbook: outcomes at each fair, then the gap report."""

from __future__ import annotations

from fastapi import Response

from frontend.i18n import EN, t
from services.exports.xlsx import Formatted, Sheet, write_workbook
from services.training.schemas import SchoolReport


def _percent(share: float) -> Formatted:
    return Formatted(share, "0.0%")


def school_report_xlsx(report: SchoolReport, lang: str) -> bytes:
    """The workbook's bytes (services/exports/xlsx.py: no formula, no illegal character)."""
    outcomes = Sheet(
        t("school.sheet.outcomes", lang),
        [
            t("school.col.fair", lang),
            t("school.col.date", lang),
            t("school.col.major", lang),
            t("school.col.students", lang),
            t("school.col.applications", lang),
            t("school.col.intentions", lang),
        ],
        [
            (
                row.fair_name,
                row.starts_at.date().isoformat(),
                row.major,
                row.students,
                row.applications,
                row.intentions,
            )
            for row in report.outcomes
        ],
    )
    gaps = Sheet(
        t("school.sheet.gaps", lang),
        [
            t("school.col.kind", lang),
            t("school.col.item", lang),
            t("school.col.postings", lang),
            t("school.col.posting_share", lang),
            t("school.col.students_showing", lang),
            t("school.col.student_share", lang),
        ],
        [
            (
                t(f"school.kind.{line.kind}", lang),
                line.label_en if lang == EN else line.label_zh,
                line.postings,
                _percent(line.posting_share),
                line.students,
                _percent(line.student_share),
            )
            for line in report.gaps
        ],
    )
    return write_workbook([outcomes, gaps], title=f"{report.name} {t('school.title', lang)}")


def workbook_response(body: bytes, school_id: int) -> Response:
    """The workbook as a download nobody caches (it describes students)."""
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f"attachment; filename=school-{school_id}-report.xlsx",
            "Cache-Control": "private, no-store",
        },
    )
