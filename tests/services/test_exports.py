"""Ranked-list exports: XLSX cell by cell, ZIP of PDFs, background builds, records, limits."""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections.abc import Sequence

import httpx
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.exports import jobs
from services.exports.build import xlsx_header
from services.exports.jobs import purge_exports_for_resume
from services.exports.xlsx import neutralize
from services.models import DownloadEvent, Resume
from services.resumes.service import delete_resume
from services.stats.events import Broadcaster, EventKind
from tests.services.conftest import Api
from tests.services.factories import make_resume
from tests.support.portal import Scene, hiring_scene, pdf_text


def test_formula_cells_are_neutralized() -> None:
    for risky in ("=1+1", "+86 138", "-2", "@SUM(A1)", "\t=x"):
        assert neutralize(risky) == "'" + risky
    assert neutralize("王建国") == "王建国"
    assert neutralize(-2) == -2


async def _downloads(api: Api) -> list[DownloadEvent]:
    async with api.runtime.sessions() as session:
        return list((await session.scalars(select(DownloadEvent).order_by(DownloadEvent.id))).all())


async def _export_a(api: Api, scene: Scene, params: dict[str, object]) -> httpx.Response:
    """Firm A asks for the candidate list of its posting as a file."""
    return await api.request(
        "GET",
        f"/api/postings/{scene.posting_a['id']}/candidates/export",
        token=scene.a,
        params=params,
    )


async def test_xlsx_has_one_row_per_ranked_candidate(api: Api) -> None:
    scene = await hiring_scene(api)
    await make_resume(api, name="钱多多", desired_title='=HYPERLINK("http://x")')
    await api.settle()
    events = api.runtime.events
    assert isinstance(events, Broadcaster)
    stream = events.subscribe()
    response = await _export_a(api, scene, {"format": "xlsx", "order": "applied"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert header == xlsx_header()
    assert header[:5] == ["排名 Rank", "姓名 Name", "电话 Phone", "已投递 Applied", "匹配度 Score"]
    body = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert [row["排名 Rank"] for row in body] == list(range(1, len(body) + 1))
    first = body[0]
    assert first["姓名 Name"] == "王建国"
    assert first["电话 Phone"] == scene.applicant["phone"]
    assert first["已投递 Applied"] == "是 Yes"
    assert 0 < first["匹配度 Score"] <= 1
    assert first["职业匹配 Occupation"] is not None
    assert first["匹配理由 Reason (zh)"]
    assert first["匹配理由（英文） Reason (en)"]
    assert first["进度 Stage"] == "新投递 New"  # a label, not the code "new"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}{len(rows)}"
    assert sheet.freeze_panes == "C2"
    width = {
        name: sheet.column_dimensions[get_column_letter(index)].width
        for index, name in enumerate(header, start=1)
    }
    assert width["排名 Rank"] == 11 < width["匹配理由 Reason (zh)"]  # as wide as its text
    assert width["匹配理由（英文） Reason (en)"] == 48  # long text: capped
    others = {row["姓名 Name"]: row for row in body[1:]}
    assert "李**" in others, "an opted-in non-applicant is listed with a masked name"
    masked = others["李**"]
    assert (
        masked["电话 Phone"]
        == scene.recommended["phone"][:3] + "****" + scene.recommended["phone"][-4:]
    )
    assert masked["已投递 Applied"] == "否 No"
    assert "赵小燕" not in str(rows) and "赵**" not in others, "private seekers never appear"
    formula = others["钱**"]["期望岗位 Desired job"]
    assert formula == '\'=HYPERLINK("http://x")', "formula text is kept as inert text"
    assert sheet.cell(row=2, column=2).data_type == "s"
    (event,) = await _downloads(api)
    assert (event.enterprise_id, event.posting_id, event.format) == (
        scene.firm_a["id"],
        scene.posting_a["id"],
        "xlsx",
    )
    assert event.resume_count == len(body)
    published = await asyncio.wait_for(stream.get(), timeout=2)
    assert (published.kind, published.count) == (EventKind.download, len(body))
    file_event = await asyncio.wait_for(stream.get(), timeout=2)
    assert (file_event.kind, file_event.count) == (EventKind.download_file, 1)


async def test_zip_holds_a_pdf_per_candidate_with_chinese_text(api: Api) -> None:
    scene = await hiring_scene(api)
    response = await _export_a(api, scene, {"format": "zip"})
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names[0].startswith("001-王建国-")
    texts = {name: pdf_text(archive.read(name)) for name in names}
    first = texts[names[0]]
    assert "王建国" in first and scene.applicant["phone"] in first
    assert "常州技师学院" in first and "数控车工" in first
    masked = next(text for name, text in texts.items() if "李" in name)
    assert "李明华" not in masked and "李**" in masked
    assert scene.recommended["phone"] not in masked
    (event,) = await _downloads(api)
    assert (event.format, event.resume_count) == ("zip", len(names))


async def test_large_exports_build_in_the_background(api: Api) -> None:
    scene = await hiring_scene(api)
    queued = await _export_a(api, scene, {"format": "zip", "limit": 500})
    assert queued.status_code == 202, queued.text
    export_id = queued.json()["id"]
    assert queued.headers["location"] == f"/api/exports/{export_id}"
    await api.settle()
    status = await api.request("GET", f"/api/exports/{export_id}", token=scene.a)
    assert status.json()["status"] == "ready" and status.json()["progress"] == 1.0
    assert await _downloads(api) == [], "building is not downloading"
    assert (await api.request("GET", f"/api/exports/{export_id}", token=scene.b)).status_code == 404
    blocked = await api.request("GET", f"/api/exports/{export_id}/file", token=scene.b)
    assert blocked.status_code == 404
    got = await api.request("GET", status.json()["file_url"], token=scene.a)
    assert got.status_code == 200
    assert len(zipfile.ZipFile(io.BytesIO(got.content)).namelist()) == status.json()["resume_count"]
    assert [e.format for e in await _downloads(api)] == ["zip"]
    data_dir = api.runtime.settings.data_dir
    assert purge_exports_for_resume(data_dir, scene.recommended["id"]) == 1
    gone = await api.request("GET", f"/api/exports/{export_id}/file", token=scene.a)
    assert gone.status_code == 404 and gone.json()["error"] == "ExportNotFound"


async def test_a_prepared_export_is_withdrawn_when_a_seeker_in_it_deletes_their_data(
    api: Api,
) -> None:
    scene = await hiring_scene(api)
    queued = await _export_a(api, scene, {"format": "xlsx", "background": "true"})
    await api.settle()
    status = await api.request("GET", f"/api/exports/{queued.json()['id']}", token=scene.a)
    assert status.json()["status"] == "ready"
    seeker = scene.applicant
    deleted = await api.request("DELETE", f"/api/resumes/{seeker['id']}", token=seeker["token"])
    assert deleted.status_code == 204
    gone = await api.request("GET", status.json()["file_url"], token=scene.a)
    assert gone.status_code == 404 and gone.json()["error"] == "ExportNotFound"
    again = await _export_a(api, scene, {"format": "xlsx"})
    assert again.status_code == 200
    sheet = load_workbook(io.BytesIO(again.content)).worksheets[0]
    cells = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row}
    assert seeker["phone"] not in cells and seeker["name"] not in cells


async def test_building_twice_is_harmless(api: Api) -> None:
    scene = await hiring_scene(api)
    queued = await _export_a(api, scene, {"format": "xlsx", "background": "true"})
    export_id = queued.json()["id"]
    await api.settle()
    await api.runtime.queue.enqueue("export.build", export_id=export_id)
    await api.runtime.queue.enqueue("export.build", export_id="0" * 32)
    await api.settle()
    status = await api.request("GET", f"/api/exports/{export_id}", token=scene.a)
    assert status.json()["status"] == "ready"


async def test_download_limit_answers_429(api: Api) -> None:
    scene = await hiring_scene(api)
    api.runtime.settings.download_limit_per_hour = 2
    url = f"/api/resumes/{scene.applicant['id']}/pdf"
    for _ in range(2):
        assert (await api.request("GET", url, token=scene.a)).status_code == 200
    refused = await api.request("GET", url, token=scene.a)
    assert refused.status_code == 429
    assert refused.json()["error"] == "TooManyRequests"
    assert "每小时" in refused.json()["detail"] and "per hour" in refused.json()["detail"]
    export = await _export_a(api, scene, {})
    assert export.status_code == 429
    assert len(await _downloads(api)) == 2
    other = await api.request(
        "GET", f"/api/postings/{scene.posting_b['id']}/candidates/export", token=scene.b
    )
    assert other.status_code == 200, "limits are per account"


async def test_resume_limit_counts_resumes_not_requests(api: Api) -> None:
    scene = await hiring_scene(api)
    api.runtime.settings.download_resume_limit_per_hour = 1
    export = await _export_a(api, scene, {})
    assert export.status_code == 429
    assert "份简历" in export.json()["detail"]


async def test_a_seeker_deleting_at_the_end_of_a_build_is_not_in_the_file(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seeker deletes right after the build looked their résumé up, before the file is
    saved: the file must not keep them (the export is built again without them)."""
    scene = await hiring_scene(api)
    seeker = scene.applicant
    real_lookup = jobs.existing_resume_ids
    deleted: list[int] = []

    async def lookup_then_delete(session: AsyncSession, ids: Sequence[int]) -> set[int]:
        found = await real_lookup(session, ids)
        if not deleted:
            async with api.runtime.sessions() as other:
                resume = await other.get(Resume, seeker["id"])
                assert resume is not None
                await delete_resume(runtime=api.runtime, session=other, resume=resume)
            deleted.append(seeker["id"])
        return found

    monkeypatch.setattr(jobs, "existing_resume_ids", lookup_then_delete)
    queued = await _export_a(api, scene, {"format": "xlsx", "background": "true"})
    await api.settle()
    assert deleted == [seeker["id"]]
    # Withdrawn with the seeker's data, or built again without them; either way no file holds them.
    status = await api.request("GET", f"/api/exports/{queued.json()['id']}", token=scene.a)
    assert status.status_code == 404 or status.json()["status"] == "ready", status.text
    files = list(jobs.exports_dir(api.runtime.settings.data_dir).glob("*.bin"))
    assert len(files) == (0 if status.status_code == 404 else 1)
    for path in files:
        sheet = load_workbook(io.BytesIO(path.read_bytes())).worksheets[0]
        cells = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row}
        assert seeker["phone"] not in cells and seeker["name"] not in cells
