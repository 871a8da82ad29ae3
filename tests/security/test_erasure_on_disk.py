"""Issue 22 row 7: after a seeker deletes, no byte of the résumé remains in any file we write.

The seeker's unique name, phone and text (UTF-8 Chinese and ASCII) are searched for, as raw
bytes, in every file under the test's folder: the SQLite database, its WAL and shared memory,
the search index (tantivy segments, the column snapshot) and the exports.
"""

from __future__ import annotations

import json
from pathlib import Path

from search.types import IndexName, SearchFilters
from services.config import Settings
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume
from tests.support.sqlite_only import database_url  # noqa: F401 - SQLite only

NAME = "鄢鋆翀"
PHONE = "13987650432"
TEXT = "甲乙丙丁独特经历戊己庚辛"
MARKER = "zqxjv-erase-marker"
OTHER = "邬其他"


def _tombstones(root: Path) -> dict[str, int]:
    """Deleted documents tantivy still keeps per index (their stored source, compressed, and
    their terms stay in the segment files until the segment is rewritten)."""
    counts = {}
    for meta in root.rglob("meta.json"):
        segments = json.loads(meta.read_text()).get("segments")
        if isinstance(segments, list):
            deleted = sum((s.get("deletes") or {}).get("num_deleted_docs", 0) for s in segments)
            counts[meta.parent.parent.name.split("-")[0]] = deleted
    return counts


def _holders(root: Path, needles: list[str]) -> dict[str, list[str]]:
    """Which files hold which of the needles (as UTF-8 bytes)."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        hits = [needle for needle in needles if needle.encode() in data]
        if hits:
            found[str(path.relative_to(root))] = hits
    return found


async def test_a_deleted_resume_leaves_no_byte_on_disk(
    api: Api, settings: Settings, tmp_path: Path
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    others = [await make_resume(api, name=OTHER, experience="其他人的经历") for _ in range(3)]
    seeker = await make_resume(
        api,
        name=NAME,
        phone=PHONE,
        experience=f"{TEXT} {MARKER}",
        skills=f"{TEXT} 数控车床",
        fair_id=fair_id,
    )
    applied = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting["id"]}
    )
    assert applied.status_code == 201
    ids = [other["id"] for other in others] + [seeker["id"]]
    # One batch, one segment: as in any index that has merged, the résumé shares its segment
    # with others, so deleting it leaves a tombstone instead of dropping a whole segment.
    await api.runtime.queue.enqueue("index.upsert", index=IndexName.resumes.value, ids=ids)
    await api.settle()
    needles = [NAME, PHONE, TEXT, MARKER]
    assert _holders(tmp_path, needles), "the résumé was written somewhere to begin with"
    assert _tombstones(settings.data_dir)["resumes"] == 0

    gone = await api.request("DELETE", f"/api/resumes/{seeker['id']}", token=seeker["token"])
    assert gone.status_code == 204
    await api.settle()  # the deletion's `resume.erase` task ran

    assert _holders(tmp_path, needles) == {}
    assert _tombstones(settings.data_dir)["resumes"] == 0
    assert not list(settings.data_dir.rglob("*.del")), "no tombstone file is left"
    left = await api.runtime.search.all_ids(IndexName.resumes)
    assert left == {other["id"] for other in others}, "the other résumés are kept"
    found = await api.runtime.search.search_text(
        IndexName.resumes, "其他人的经历", SearchFilters(), limit=10
    )
    assert {hit.id for hit in found.hits} == left, "and still found"
    assert settings.data_dir.is_relative_to(tmp_path)
