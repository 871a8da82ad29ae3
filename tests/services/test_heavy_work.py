"""Issue 22 rows 1 and 2: a hostile spreadsheet or résumé never freezes anyone else's request."""

from __future__ import annotations

import asyncio
import os
import threading

import httpx
import pytest

from services.errors import Busy
from services.postings.bulk_import import COLUMNS, IMPORT_POOL, header
from services.web.capacity import WorkPool
from tests.services.conftest import Api
from tests.support.attacks import empty_rows_xlsx, slow_pdf, timed_while
from tests.support.pages import browser, csrf_of, small_fair
from tests.support.portal import hiring_scene, portal_login


async def _search(api: Api) -> httpx.Response:
    return await api.client.get("/api/postings", params={"q": "数控车工 焊工"})


async def _upload_resume(api: Api, data: bytes) -> httpx.Response:
    async with browser(api) as phone:
        form = await phone.get("/resume")
        return await phone.post(
            "/resume/upload",
            data={"csrf": csrf_of(form.text)},
            files={"file": ("cv.pdf", data, "application/pdf")},
        )


async def test_slow_resume_uploads_leave_search_answering_within_a_second(api: Api) -> None:
    await small_fair(api)
    pdf = slow_pdf(300_000)
    probe, answers = await timed_while(
        [_upload_resume(api, pdf) for _ in range(8)], lambda: _search(api)
    )
    print(f"anonymous search during 8 slow uploads: {probe.seconds:.2f} s")
    assert probe.status == 200
    assert probe.seconds < 1.0
    refused = [a for a in answers if a.status_code == 503]
    assert refused, "a full upload pool must refuse, not queue"
    assert all(int(a.headers["Retry-After"]) >= 1 for a in refused)
    assert {a.status_code for a in answers} <= {200, 422, 503}


async def test_a_sheet_of_empty_rows_is_refused_without_freezing_anyone(api: Api) -> None:
    scene = await hiring_scene(api)
    await api.settle()
    bomb = empty_rows_xlsx(1_000_000, header=[header(field) for field, _ in COLUMNS])
    assert len(bomb) < 50_000
    async with browser(api) as firm:
        await portal_login(firm)
        form = await firm.get("/portal/postings/import")
        fields = {"csrf": csrf_of(form.text), "fair_id": str(scene.fair_id)}
        upload = {"file": ("postings.xlsx", bomb, "application/octet-stream")}
        probe, answers = await timed_while(
            [firm.post("/portal/postings/import", data=fields, files=upload) for _ in range(3)],
            lambda: api.client.get(f"/api/fairs/{scene.fair_id}"),
            head_start=0.3,
        )
    print(f"anonymous request during 3 empty-row imports: {probe.seconds:.2f} s")
    assert probe.status == 200
    assert probe.seconds < 1.0
    assert {a.status_code for a in answers} <= {422, 503}
    refused = [a for a in answers if a.status_code == 422]
    assert refused and all("1000000" not in a.text for a in refused)
    assert all("At most" in a.text or "一次最多" in a.text for a in refused)
    assert all(int(a.headers["Retry-After"]) >= 1 for a in answers if a.status_code == 503)


async def test_a_full_pool_refuses_at_once_with_retry_after() -> None:
    pool = WorkPool("test", size=1, queue=1, retry_after=7)
    release = asyncio.Event()

    async def hold() -> None:
        async with pool.slot():
            await release.wait()

    holders = [asyncio.create_task(hold()) for _ in range(2)]
    await asyncio.sleep(0)
    with pytest.raises(Busy) as refused:
        await pool.run(sum, [1, 2])
    assert (refused.value.status_code, refused.value.retry_after) == (503, 7)
    release.set()
    await asyncio.gather(*holders)
    assert await pool.run(sum, [1, 2]) == 3


async def test_an_import_while_the_import_pool_is_full_answers_503_with_retry_after(
    api: Api,
) -> None:
    scene = await hiring_scene(api)
    sheet = empty_rows_xlsx(3, header=[header(field) for field, _ in COLUMNS])
    async with browser(api) as firm:
        await portal_login(firm)
        form = await firm.get("/portal/postings/import")
        fields = {"csrf": csrf_of(form.text), "fair_id": str(scene.fair_id)}
        upload = {"file": ("postings.xlsx", sheet, "application/octet-stream")}
        async with IMPORT_POOL.slot():
            busy = await firm.post("/portal/postings/import", data=fields, files=upload)
        assert busy.status_code == 503 and int(busy.headers["Retry-After"]) >= 1
        free = await firm.post("/portal/postings/import", data=fields, files=upload)
    assert free.status_code == 422, "an empty sheet is refused as such once the pool is free"


def _thread_niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


async def test_pool_threads_run_below_the_event_loop() -> None:
    pool = WorkPool("test-nice", size=1, niceness=10)
    assert await pool.run(_thread_niceness) == _thread_niceness() + 10
