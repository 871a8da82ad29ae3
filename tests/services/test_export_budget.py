"""Issue 22 row 3: exports have a budget, their own queue, and their old files are purged."""

from __future__ import annotations

import asyncio
import os
import time
from datetime import datetime, timedelta
from typing import Any

import pytest

from services.db import utcnow
from services.exports.build import ExportFile, build_export
from services.exports.jobs import (
    ORPHAN_GRACE,
    ExportJob,
    exports_dir,
    purge_expired,
    purge_on_schedule,
)
from tests.services.conftest import Api
from tests.services.factories import make_resume
from tests.services.test_exports import _downloads, _export_a
from tests.support.portal import hiring_scene

ZIP: dict[str, object] = {"format": "zip", "background": "true"}


@pytest.fixture
def slow_exports(monkeypatch: pytest.MonkeyPatch) -> None:
    """Background builds take seconds, as a large ZIP of PDFs does (the scenes here are small)."""

    async def slow_build(**kwargs: Any) -> ExportFile:
        await asyncio.sleep(3)
        return await build_export(**kwargs)

    monkeypatch.setattr("services.exports.jobs.build_export", slow_build)


@pytest.mark.usefixtures("slow_exports")
async def test_a_firm_cannot_pile_up_background_exports(api: Api) -> None:
    scene = await hiring_scene(api)
    answers = [await _export_a(api, scene, ZIP) for _ in range(12)]
    codes = [a.status_code for a in answers]
    print(f"12 background ZIP exports asked at once: {codes.count(202)} queued")
    assert codes == [202, 202] + [429] * 10
    assert all(int(a.headers["Retry-After"]) >= 1 for a in answers[2:])
    await api.settle()
    files = list(exports_dir(api.runtime.settings.data_dir).glob("*.bin"))
    assert len(files) == 2


async def test_starting_an_export_counts_toward_the_hourly_quota(api: Api) -> None:
    scene = await hiring_scene(api)
    api.runtime.settings.download_limit_per_hour = 3
    started = []
    for _ in range(3):
        queued = await _export_a(api, scene, ZIP)
        assert queued.status_code == 202
        started.append(queued.json()["id"])
        await api.settle()
    assert (await _export_a(api, scene, ZIP)).status_code == 429, "three starts fill the quota"
    assert (await _export_a(api, scene, {"format": "xlsx"})).status_code == 429
    got = await api.request("GET", f"/api/exports/{started[0]}/file", token=scene.a)
    assert got.status_code == 200, "fetching a started export is already paid for"
    again = await api.request("GET", f"/api/exports/{started[0]}/file", token=scene.a)
    assert again.status_code == 429, "a second fetch is a new download"
    assert len(await _downloads(api)) == 1


@pytest.mark.usefixtures("slow_exports")
async def test_indexing_does_not_wait_behind_exports(api: Api) -> None:
    scene = await hiring_scene(api)
    await api.settle()
    for _ in range(2):
        assert (await _export_a(api, scene, ZIP)).status_code == 202
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await make_resume(api, name="李新来")
    await api.runtime.queue.drain("indexing")
    waited = time.monotonic() - started
    print(f"a new résumé indexed after {waited:.2f} s while 2 exports build")
    assert waited < 1.0
    assert await api.runtime.queue.depth() >= 1, "the exports are still queued or building"
    await api.settle()


def _xlsx_job(export_id: str, *, created_at: datetime) -> ExportJob:
    """The manifest of a firm's XLSX export, expiring a day after it was started."""
    return ExportJob(
        id=export_id,
        enterprise_id=1,
        posting_id=1,
        format="xlsx",
        limit=10,
        created_at=created_at,
        expires_at=created_at + timedelta(hours=24),
    )


async def test_expired_export_files_are_purged_on_schedule(api: Api) -> None:
    data_dir = api.runtime.settings.data_dir
    job = _xlsx_job("a" * 32, created_at=utcnow() - timedelta(hours=30))
    folder = exports_dir(data_dir)
    # Data first, manifest last, as a writer must: the app's own purger (started with it) may
    # already be running, and a manifest without its data would be purged alone, orphaning it.
    (folder / f"{job.id}.bin").write_bytes(b"old candidate list")
    (folder / f"{job.id}.json").write_text(job.model_dump_json())
    purging = asyncio.create_task(purge_on_schedule(data_dir, every_seconds=0.05))
    try:
        # Poll for up to 30 s (not a fixed sleep: a loaded machine runs the purge thread late).
        for _ in range(600):
            if not any(folder.iterdir()):
                break
            await asyncio.sleep(0.05)
    finally:
        purging.cancel()
        await asyncio.gather(purging, return_exceptions=True)
    assert list(folder.iterdir()) == []


async def test_orphaned_export_files_are_purged_after_a_grace(api: Api) -> None:
    """A data or half-written file whose manifest is gone (a crash, a purge racing a writer)
    holds personal data nobody can reach: it goes once it is older than the grace."""
    data_dir = api.runtime.settings.data_dir
    folder = exports_dir(data_dir)
    for leftover in folder.iterdir():
        leftover.unlink()
    old = time.time() - ORPHAN_GRACE.total_seconds() - 60
    orphans = [folder / name for name in ("b" * 32 + ".bin", "c" * 32 + ".part", "d" * 32 + ".tmp")]
    for path in orphans:
        path.write_bytes(b"candidate list")
        os.utime(path, (old, old))
    fresh = folder / ("e" * 32 + ".bin")  # a writer between its data file and its manifest
    fresh.write_bytes(b"candidate list")
    job = _xlsx_job("f" * 32, created_at=utcnow())
    kept = folder / f"{job.id}.bin"
    kept.write_bytes(b"candidate list")
    (folder / f"{job.id}.json").write_text(job.model_dump_json())
    os.utime(kept, (old, old))

    # The app's own purger (started with it) may take some of them first: check what is left.
    purge_expired(data_dir)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [fresh.name, kept.name, f"{job.id}.json"]
    )
