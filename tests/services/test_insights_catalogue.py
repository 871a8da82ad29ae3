"""The shortage catalogue: API rows, XLSX, PDF and `fairmatch catalogue` agree with the tables."""

from __future__ import annotations

import asyncio
import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image
from typer.testing import CliRunner

from frontend import CHINA
from services.cli import app as cli
from services.config import Settings, get_settings
from services.fairs.qr import find_cjk_font
from services.insights.shortages import MIN_OPENINGS
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.insights_city import (
    ELECTRICIAN,
    FITTER,
    LATHE,
    PERIOD_2025,
    build_city,
    read_rows,
)

HEADER = (
    "序号",
    "职业编码",
    "职业（工种）",
    "技能等级",
    "紧缺程度",
    "需求人数",
    "求职人数",
    "求人倍率",
    "意向率",
    "月薪中位数（元）",
    "月薪 P25–P75（元）",
)


def rule_cells(row: dict[str, Any]) -> tuple[Any, ...]:
    """An API shortage row as `expected_rows` gives it: (code, level, grade, openings, seekers,
    ratio)."""
    return (
        row["occupation_code"],
        row["level"],
        row["grade_label"],
        row["openings"],
        row["seekers"],
        row["ratio"],
    )


def expected_rows(lines: dict[tuple[str, str], dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(code, level, grade, openings, seekers, ratio) by the documented rule, ranked."""
    rows = []
    for (code, level), line in lines.items():
        if line["seekers"] < 5 or line["openings"] < MIN_OPENINGS or code == "-":
            continue
        rows.append((code, level, line["openings"], line["seekers"]))
    # Graded against the market: Σ openings ÷ Σ seekers of the listed rows.
    market = round(sum(r[2] for r in rows) / sum(r[3] for r in rows), 2)
    graded = []
    for code, level, openings, seekers in rows:
        ratio = round(openings / seekers, 2)
        relative = round(ratio / market, 2)
        grade = "紧缺" if relative >= 2 else "较紧缺" if relative >= 1.25 else "一般"
        graded.append((code, level, grade, openings, seekers, ratio))
    return sorted(graded, key=lambda r: (-r[5], -r[3], r[0], r[1]))


async def _period_lines(
    api: Api, fair_ids: set[int] | None = None
) -> dict[tuple[str, str], dict[str, Any]]:
    """Openings and per-fair-counted seekers of 2025 (of those fairs only, when named) by
    occupation × level, from the rows."""
    rows = await read_rows(api)
    fairs = {fid for fid, starts in rows.fairs if starts.astimezone(CHINA).year == 2025}
    fairs &= fair_ids or fairs
    per_fair = Counter((f, code, level.value) for f, code, level in rows.resumes if f in fairs)
    lines: dict[tuple[str, str], dict[str, Any]] = {}
    for (_, code, level), n in per_fair.items():
        line = lines.setdefault((code, level), {"openings": 0, "seekers": 0})
        line["seekers"] += n if n >= 5 else 0
    for _, fair, _, code, level, headcount, *_ in rows.postings:
        if fair in fairs:
            line = lines.setdefault((code, level.value), {"openings": 0, "seekers": 0})
            line["openings"] += headcount
    return lines


async def test_shortage_rows_follow_the_rule(api: Api) -> None:
    await build_city(api)
    body = (await api.request("GET", "/api/insights/shortages", params=PERIOD_2025)).json()
    got = [rule_cells(r) for r in body["rows"]]
    assert got == expected_rows(await _period_lines(api))
    # The market: 43 openings for 21 seekers (2.05); lathe 2.73 is 1.33 times that.
    assert body["rules"]["market_ratio"] == 2.05
    assert got == [
        (LATHE, "intermediate", "较紧缺", 30, 11, 2.73),
        (ELECTRICIAN, "junior", "一般", 8, 5, 1.6),
        (FITTER, "senior", "一般", 5, 5, 1.0),
    ]
    assert [r["relative_index"] for r in body["rows"]] == [1.33, 0.78, 0.49]
    assert [r["rank"] for r in body["rows"]] == [1, 2, 3]
    lathe = body["rows"][0]
    assert lathe["occupation_name"] == "车工"
    assert lathe["intention_rate"] == round(1 / 30, 3)
    # Offers by opening: 8 at 7,000, 12 at 8,000, 10 at 8,500; the 8th, 15th and 23rd of 30.
    assert lathe["salary"] == {"p25": 7000.0, "median": 8000.0, "p75": 8500.0}
    organizer = await api.request(
        "GET", "/api/insights/shortages", token=ADMIN_TOKEN, params=PERIOD_2025
    )
    assert organizer.json()["rows"] == body["rows"]  # a public document: the same for all


async def test_one_fairs_catalogue_keeps_the_k_rule(api: Api) -> None:
    city = await build_city(api)
    only_b = PERIOD_2025 | {"fair_id": city.fairs["B"]}
    body = (await api.request("GET", "/api/insights/shortages", params=only_b)).json()
    got = [rule_cells(r) for r in body["rows"]]
    assert got == expected_rows(await _period_lines(api, {city.fairs["B"]}))
    # Fair B alone: welders (3 seekers, 4 openings) and electricians (1 seeker) stay out,
    # though the organizer's map shows them; the market is 15 openings for 10 seekers.
    assert got == [
        (LATHE, "intermediate", "较紧缺", 10, 5, 2.0),
        (FITTER, "senior", "一般", 5, 5, 1.0),
    ]
    assert body["rules"]["market_ratio"] == 1.5
    assert [fair["id"] for fair in body["fairs"]] == [city.fairs["B"]]
    xlsx = (await api.request("GET", "/api/insights/shortages.xlsx", params=only_b)).content
    assert [(r[1], r[6]) for r in sheet_rows(xlsx)[1:]] == [(r[0], r[4]) for r in got]
    about = sheet_rows(xlsx, 1)  # title, period, rule, then the fairs counted
    assert about[3:] == [("2025 秋季招聘会 (2025-09-06)",)]


def sheet_rows(body: bytes, sheet: int = 0) -> list[tuple[Any, ...]]:
    """One sheet of an XLSX file (the first unless told), row by row."""
    book = load_workbook(io.BytesIO(body), read_only=True)
    return [tuple(row) for row in book[book.sheetnames[sheet]].iter_rows(values_only=True)]


def catalogue_cells(row: dict[str, Any]) -> tuple[Any, ...]:
    """An API shortage row as the catalogue's first seven columns show it."""
    return (
        row["rank"],
        row["occupation_code"],
        row["occupation_name"],
        row["level_label"],
        row["grade_label"],
        row["openings"],
        row["seekers"],
    )


async def test_xlsx_and_pdf_downloads_hold_the_api_rows(api: Api) -> None:
    await build_city(api)
    rows = (await api.request("GET", "/api/insights/shortages", params=PERIOD_2025)).json()["rows"]
    first = await api.request("GET", "/api/insights/shortages.xlsx", params=PERIOD_2025)
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = sheet_rows(first.content)
    assert sheet[0] == HEADER
    assert [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in sheet[1:]] == [
        catalogue_cells(r) for r in rows
    ]
    assert [row[7] for row in sheet[1:]] == [r["ratio"] for r in rows]
    assert [row[9] for row in sheet[1:]] == [r["salary"]["median"] for r in rows]
    again = await api.request("GET", "/api/insights/shortages.xlsx", params=PERIOD_2025)
    assert sheet_rows(again.content) == sheet
    if find_cjk_font() is None:
        pytest.skip("needs a CJK font")
    pdf = await api.request("GET", "/api/insights/shortages.pdf", params=PERIOD_2025)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    same = await api.request("GET", "/api/insights/shortages.pdf", params=PERIOD_2025)
    assert same.content == pdf.content  # reproducible: no time of generation inside


async def test_catalogue_command_writes_xlsx_and_pdf(
    api: Api, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    city = await build_city(api)
    api_rows = (await api.request("GET", "/api/insights/shortages", params=PERIOD_2025)).json()
    only_b = PERIOD_2025 | {"fair_id": city.fairs["B"]}
    b_rows = (await api.request("GET", "/api/insights/shortages", params=only_b)).json()["rows"]
    monkeypatch.setenv("FAIRMATCH_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("FAIRMATCH_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(
            cli, ["catalogue", "--from", "2025-01-01", "--to", "2025-12-31", *args]
        )

    try:
        out = tmp_path / "catalogue.xlsx"
        result = await asyncio.to_thread(run, "--format", "xlsx", "--output", str(out))
        assert result.exit_code == 0, result.output
        sheet = sheet_rows(out.read_bytes())
        assert [row[1] for row in sheet[1:]] == [r["occupation_code"] for r in api_rows["rows"]]
        assert [row[6] for row in sheet[1:]] == [r["seekers"] for r in api_rows["rows"]]
        one_fair = tmp_path / "fair-b.xlsx"
        fair_b = str(city.fairs["B"])
        result = await asyncio.to_thread(run, "--fair", fair_b, "--output", str(one_fair))
        assert result.exit_code == 0, result.output
        sheet = sheet_rows(one_fair.read_bytes())
        assert [(row[1], row[6]) for row in sheet[1:]] == [
            (r["occupation_code"], r["seekers"]) for r in b_rows
        ], "one fair's catalogue, its small groups left out as on the page"
        assert sheet_rows(one_fair.read_bytes(), 1)[3:] == [("2025 秋季招聘会 (2025-09-06)",)]
        bad = await asyncio.to_thread(
            lambda: runner.invoke(cli, ["catalogue", "--from", "2025-02-30", "--to", "2025-12-31"])
        )
        assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
        docx = await asyncio.to_thread(run, "--format", "docx")
        assert docx.exit_code == 2 and "xlsx" in docx.output
        if find_cjk_font() is None or shutil.which("pdftoppm") is None:
            pytest.skip("needs a CJK font and poppler-utils (pdftoppm)")
        pdf = tmp_path / "catalogue.pdf"
        result = await asyncio.to_thread(run, "--format", "pdf", "--output", str(pdf))
        assert result.exit_code == 0, result.output
    finally:
        get_settings.cache_clear()
    await asyncio.to_thread(
        check_pdf, pdf, [(r["occupation_name"], r["grade_label"]) for r in api_rows["rows"]]
    )


def check_pdf(pdf: Path, rows: list[tuple[str, str]]) -> None:
    """The PDF's text holds the title, period and rows; its first page renders, not blank."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "紧缺职业（工种）目录" in text and "2025-01-01" in text
    for name, grade in rows:
        assert name in text and grade in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(pdf.parent / "page")],
        check=True,
    )
    png = next(pdf.parent.glob("page*.png"))
    with Image.open(png) as image:
        assert image.width > image.height  # landscape A4
        low, high = image.convert("L").getextrema()
        assert isinstance(low, int) and isinstance(high, int)
        assert low < 80 and high > 240  # dark text on a white page, not blank
    shutil.copy(png, Path("/tmp") / "insights-catalogue-page.png")
