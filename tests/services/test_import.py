"""Bulk posting import from the portal's Excel template: all rows or none."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from matcher.occupation_match import POSTING_CODES, posting_codes
from matcher.occupation_model import OccupationModel
from matcher.occupation_training import read_dev_titles
from services.models import OccupationSource, Posting
from services.postings.bulk_import import COLUMNS, header
from tests.services.conftest import Api
from tests.support.pages import browser, csrf_of
from tests.support.portal import hiring_scene, portal_login


def sheet_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([header(field) for field, _ in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(title: str = "装配钳工", **changes: object) -> list[object]:
    values = dict(COLUMNS) | {"title": title} | changes
    return [values[field] for field, _ in COLUMNS]


async def _count(api: Api) -> int:
    async with api.runtime.sessions() as session:
        return await session.scalar(select(func.count()).select_from(Posting)) or 0


async def _upload(api: Api, content: bytes, fair_id: int) -> tuple[int, str]:
    async with browser(api) as client:
        await portal_login(client)
        form = await client.get("/portal/postings/import")
        response = await client.post(
            "/portal/postings/import",
            data={"csrf": csrf_of(form.text), "fair_id": str(fair_id)},
            files={"file": ("postings.xlsx", content, "application/octet-stream")},
        )
        return response.status_code, response.text


async def test_template_has_headers_and_an_example(api: Api) -> None:
    await hiring_scene(api)
    async with browser(api) as client:
        await portal_login(client)
        response = await client.get("/portal/postings/template.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "岗位名称* Job title*"
    assert rows[0][7] == "最低月薪* Minimum pay*"
    assert rows[1][:3] == ("数控车工", None, "中级工")
    assert workbook.sheetnames[1] == "可选值"


async def test_valid_rows_are_all_imported_and_indexed(api: Api) -> None:
    scene = await hiring_scene(api)
    before = await _count(api)
    content = sheet_bytes(
        [row("装配钳工"), row("设备维修电工", skill_level="高级工", education="高职/大专")]
    )
    status, html = await _upload(api, content, scene.fair_id)
    assert status == 200, html
    assert "已导入 2 个岗位" in html
    assert await _count(api) == before + 2
    await api.settle()
    found = await api.request("GET", "/api/postings", params={"q": "维修电工"})
    item = next(i for i in found.json()["items"] if i["title"] == "设备维修电工")
    assert (item["skill_level"], item["education"]) == ("senior", "higher_vocational")
    assert item["occupation_code"], "the matcher filled in the occupation"


async def test_one_bad_row_imports_nothing_and_says_why(api: Api) -> None:
    scene = await hiring_scene(api)
    before = await _count(api)
    content = sheet_bytes(
        [
            row("装配钳工"),
            row("", salary_min="面议"),
            row("电工", skill_level="大师"),
            row("叉车司机", salary_min=9000, salary_max=8000),
        ]
    )
    status, html = await _upload(api, content, scene.fair_id)
    assert status == 422
    assert "本次未导入任何岗位" in html
    assert "<td>3</td><td>岗位名称* Job title*</td><td>必填 / required</td>" in html
    assert "<td>3</td><td>最低月薪* Minimum pay*</td><td>须为整数 / must be a whole number" in html
    assert "<td>4</td><td>技能等级 Skill level</td><td>不在可选值中" in html
    assert "<td>5</td><td></td><td>最低薪资不能高于最高薪资 / salary_min must not exceed" in html
    assert await _count(api) == before


async def test_not_a_spreadsheet(api: Api) -> None:
    scene = await hiring_scene(api)
    status, html = await _upload(api, b"%PDF-1.4 not excel", scene.fair_id)
    assert status == 422
    assert "无法读取文件" in html


async def test_imported_rows_store_the_distribution_ranking_reads(api: Api) -> None:
    scene = await hiring_scene(api)
    model = OccupationModel.load()
    found = model.probabilities("装配钳工")[:POSTING_CODES]
    by_hand = model.probabilities("中餐厨师")[0][0]
    content = sheet_bytes([row("装配钳工"), row("装配钳工", occupation_code=by_hand)])
    status, html = await _upload(api, content, scene.fair_id)
    assert status == 200, html
    async with api.runtime.sessions() as session:
        query = select(
            Posting.occupation_code, Posting.occupation_probs, Posting.occupation_code_source
        ).where(Posting.title == "装配钳工")
        rows = (await session.execute(query.order_by(Posting.id))).all()
    assert [tuple(r) for r in rows] == [
        (found[0][0], [[code, p] for code, p in found], OccupationSource.model),
        (by_hand, [[by_hand, 1.0]], OccupationSource.firm),
    ]


async def test_an_imported_batch_stores_the_distribution_of_each_title(api: Api) -> None:
    scene = await hiring_scene(api)
    titles = [title for title, _ in read_dev_titles()[:40]]
    by_hand = "4-03-02-01"
    sheet = [row(title) for title in titles] + [
        row(titles[0]),
        row(titles[1], occupation_code=by_hand),
    ]
    status, html = await _upload(api, sheet_bytes(sheet), scene.fair_id)
    assert status == 200, html
    async with api.runtime.sessions() as session:
        query = select(Posting.title, Posting.occupation_code, Posting.occupation_probs)
        stored = (
            await session.execute(
                query.where(Posting.fair_id == scene.fair_id).order_by(Posting.id)
            )
        ).all()
    imported = stored[-len(sheet) :]
    model = OccupationModel.load()
    rows = [(t, None) for t in titles] + [(titles[0], None), (titles[1], by_hand)]
    assert len(imported) == len(rows)
    for (title, code), got in zip(rows, imported, strict=True):
        found = posting_codes(model.probabilities(title), code)
        assert (got.title, got.occupation_code) == (title, code or found[0][0])
        assert [c for c, _ in got.occupation_probs] == [c for c, _ in found], title
        assert [p for _, p in got.occupation_probs] == pytest.approx(
            [p for _, p in found], abs=1e-6
        )
