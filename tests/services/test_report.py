"""The fair report: XLSX checked cell by cell, PDF with an embedded CJK font, the CLI command."""

from __future__ import annotations

import asyncio
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from services.cli import app as cli
from services.config import Settings, get_settings
from services.fairs.qr import find_cjk_font
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.test_counters import build_fair, burst
from tests.support.pdf_contrast import contrast_ratio, word_contrasts


async def report_fair(api: Api) -> int:
    fair = await build_fair(api)
    await burst(api, fair, seekers=4)
    return fair.fair_id


def rows(book_bytes: bytes, sheet: str) -> list[tuple[object, ...]]:
    book = load_workbook(io.BytesIO(book_bytes), read_only=True)
    return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]


async def test_xlsx_report_cell_by_cell(api: Api) -> None:
    fair_id = await report_fair(api)
    response = await api.request("GET", f"/api/fairs/{fair_id}/report.xlsx", token=ADMIN_TOKEN)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    body = response.content
    book = load_workbook(io.BytesIO(body), read_only=True)
    assert book.sheetnames == ["概览", "按企业", "按工种", "按技能等级", "分时段", "意向名单"]

    summary = rows(body, "概览")
    assert summary[0] == ("指标", "数值")
    assert summary[1] == ("招聘会", "常州市武进区春季技能人才招聘会")
    assert summary[2] == ("地点", "武进人力资源市场")
    assert summary[3] == ("时间", "2025-03-01 08:30 – 2025-03-01 12:00")
    assert summary[4:] == [
        ("参会企业", 3),
        ("招聘人数", 14),
        ("扫码", 10),
        ("浏览", 20),
        ("简历", 4),
        ("投递", 7),
        ("简历下载", 6),
        ("初步就业意向", 7),
        ("人均投递", 1.75),
        ("意向率（意向÷简历）", 1.75),
        ("意向÷投递", 1.0),
    ]

    rates = load_workbook(io.BytesIO(body))["概览"]
    shown = {row[0].value: (row[1].number_format, row[1].value) for row in rates.iter_rows()}
    assert shown["人均投递"] == ("0.00", 1.75)  # an average per résumé
    assert shown["意向÷投递"] == ("0.0%", 1.0)  # a share: Excel shows 100.0%
    assert rates.auto_filter.ref == "A1:B15"

    firms = rows(body, "按企业")
    assert firms[0] == (
        "展位", "企业", "行业", "岗位数", "招聘人数",
        "扫码", "浏览", "简历", "投递", "简历下载", "初步就业意向",
    )  # fmt: skip
    # Seekers 0..3 apply to postings[:1], [:2], [:3], [:1]: firm 1 holds postings 0 and 1.
    assert [r[1:] for r in firms[1:]] == [
        ("常州第1机械有限公司", "装备制造", 2, 8, 10, 0, 0, 6, 3, 6),
        ("常州第2机械有限公司", "装备制造", 1, 4, 0, 10, 0, 1, 1, 1),
        ("常州第3机械有限公司", "装备制造", 1, 2, 0, 10, 0, 0, 2, 0),
    ]

    levels_sheet = rows(body, "按技能等级")
    assert levels_sheet[0][:2] == ("等级代码", "技能等级")  # not 职业编码 over skill levels
    levels = {r[0]: r for r in levels_sheet[1:]}
    assert levels["junior"] == ("junior", "初级工(五级)", 4, 2, -2, 1, 1)
    assert levels["intermediate"] == ("intermediate", "中级工(四级)", 5, 0, -5, 4, 4)
    assert levels["senior"] == ("senior", "高级工(三级)", 3, 2, -1, 2, 2)
    assert levels["technician"][2:] == (2, 0, -2, 0, 0)

    trades = rows(body, "按工种")
    assert trades[0][:5] == (
        "职业编码",
        "工种",
        "需求（招聘人数）",
        "供给（简历）",
        "缺口（供给−需求）",
    )
    assert sum(r[2] for r in trades[1:]) == 14  # type: ignore[misc]
    assert sum(r[5] for r in trades[1:]) == 7  # type: ignore[misc]

    hours = rows(body, "分时段")
    assert sum(r[4] for r in hours[1:]) == 7  # type: ignore[misc]

    intentions = rows(body, "意向名单")
    assert intentions[0] == (
        "时间",
        "展位",
        "企业",
        "岗位",
        "工种",
        "技能等级",
        "求职者编号",
        "学历",
    )
    assert len(intentions) == 1 + 7
    flat = " ".join(str(cell) for row in intentions for cell in row)
    assert "王建国" not in flat and "138" not in flat  # no names, no phone numbers
    assert all(str(row[6]).startswith("R") for row in intentions[1:])


async def test_english_xlsx_and_pdf_reports(api: Api) -> None:
    fair_id = await report_fair(api)
    english = await api.request(
        "GET", f"/api/fairs/{fair_id}/report.xlsx", token=ADMIN_TOKEN, params={"lang": "en"}
    )
    assert rows(english.content, "Summary")[9] == ("Applications", 7)
    if find_cjk_font() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
    pdf = await api.request("GET", f"/api/fairs/{fair_id}/report.pdf", token=ADMIN_TOKEN)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"FontFile2" in pdf.content  # the CJK font is embedded
    denied = await api.request("GET", f"/api/fairs/{fair_id}/report.pdf")
    assert denied.status_code == 401


async def test_report_command_writes_xlsx_and_pdf(
    api: Api, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fair_id = await report_fair(api)
    monkeypatch.setenv("FAIRMATCH_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("FAIRMATCH_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        for name in ("report.xlsx", "report.pdf"):
            out = tmp_path / name
            result = await _invoke(runner, ["report", "--fair", str(fair_id), "--out", str(out)])
            assert result.exit_code == 0, result.output
            assert out.stat().st_size > 1000
        assert rows((tmp_path / "report.xlsx").read_bytes(), "概览")[9] == ("投递", 7)
        result = await _invoke(runner, ["stats", "rebuild", "--fair", str(fair_id)])
        assert result.exit_code == 0, result.output
        assert '"application": 7' in result.stdout
    finally:
        get_settings.cache_clear()


async def _invoke(runner: CliRunner, args: list[str]) -> Result:
    return await asyncio.to_thread(lambda: runner.invoke(cli, args))


async def test_every_word_of_the_pdf_report_is_readable(api: Api, tmp_path: Path) -> None:
    """Table text keeps ≥ 4.5:1 contrast with its cell (a chart fill colour once leaked)."""
    if find_cjk_font() is None or shutil.which("pdftoppm") is None:
        pytest.skip("needs a CJK font and poppler-utils (pdftoppm, pdftotext)")
    fair_id = await report_fair(api)
    pdf = await api.request("GET", f"/api/fairs/{fair_id}/report.pdf", token=ADMIN_TOKEN)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.content)
    words = word_contrasts(path, tmp_path)
    assert len({w.page for w in words}) >= 2 and len(words) > 100
    texts = [w.text for w in words]
    assert "175.0" in texts and "1.75" in texts  # 意向率 7÷4 as a share, 人均投递 as an average
    faint = [f"p{w.page} {w.text!r} {w.ratio:.2f}:1" for w in words if w.ratio < 4.5]
    assert faint == []


def test_contrast_ratio_of_known_colours() -> None:
    assert round(contrast_ratio((0, 0, 0), (255, 255, 255)), 1) == 21.0
    assert 4.2 < contrast_ratio((217, 72, 15), (255, 255, 255)) < 4.5  # orange on white fails AA
