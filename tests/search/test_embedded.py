"""Embedded-engine behaviour beyond the shared contract: persistence, HNSW, filter agreement."""

from __future__ import annotations

import asyncio
import gc
import random
from pathlib import Path

import numpy as np
import pytest

from search.embedded import EmbeddedBackend
from search.types import AggField, IndexDoc, IndexName, SearchFilters
from tests.search.corpus import CORPUS, DIM, axis

R = IndexName.resumes
ALL = SearchFilters()


def random_docs(n: int, dim: int, seed: int) -> list[IndexDoc]:
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    docs = []
    for i in range(1, n + 1):
        salary = pick.choice([None, 4000, 6000, 9000])
        docs.append(
            IndexDoc(
                id=i,
                title=pick.choice(["焊工", "钳工", "数控车工", "电工"]),
                body=pick.choice(["氩弧焊", "模具", "叉车证", ""]),
                vector=rng.standard_normal(dim).astype(np.float32) if i % 17 else None,
                fair_id=pick.choice([None, 1, 2, 3]),
                occupation_code=pick.choice([None, "6-18-01-01", "6-18-02-04", "6-31-01-03"]),
                skill_level=pick.choice([None, 0, 2, 4, 7]),
                district=pick.choice([None, "武进区", "新北区"]),
                salary_min=salary,
                salary_max=None if salary is None or i % 3 == 0 else salary + 3000,
                status=pick.choice(["open", "closed"]),
                open_to_recommendations=pick.random() < 0.8,
            )
        )
    return docs


def matches(doc: IndexDoc, f: SearchFilters) -> bool:
    """An independent oracle for the filter semantics documented in search/types.py."""
    low = doc.salary_min if doc.salary_min is not None else -(10**18)
    high = doc.salary_max if doc.salary_max is not None else 10**18
    level = doc.skill_level
    checks = [
        f.fair_id is None or doc.fair_id == f.fair_id,
        f.occupation_prefix is None
        or (doc.occupation_code or "\0").startswith(f.occupation_prefix),
        f.skill_level_min is None or (level is not None and level >= f.skill_level_min),
        f.skill_level_max is None or (level is not None and level <= f.skill_level_max),
        f.district is None or doc.district == f.district,
        f.salary_min is None or high >= f.salary_min,
        f.salary_max is None or low <= f.salary_max,
        f.status is None or doc.status == f.status,
        f.open_to_recommendations is None
        or doc.open_to_recommendations == f.open_to_recommendations,
        f.ids is None or doc.id in f.ids,
    ]
    return all(checks)


def random_filters(pick: random.Random) -> SearchFilters:
    return SearchFilters(
        fair_id=pick.choice([None, None, 1, 2]),
        occupation_prefix=pick.choice([None, None, "6-18", "6-31-01", "6-1"]),
        skill_level_min=pick.choice([None, 2, 4]),
        skill_level_max=pick.choice([None, 2, 4, 6]),
        district=pick.choice([None, "武进区"]),
        salary_min=pick.choice([None, 5000, 7000, 9000]),
        salary_max=pick.choice([None, 4000, 6000, 7000]),
        status=pick.choice([None, "open"]),
        open_to_recommendations=pick.choice([None, True, False]),
        ids=pick.choice([None, None, frozenset(range(1, 400, 3))]),
    )


async def test_filters_agree_with_an_independent_oracle(tmp_path: Path) -> None:
    docs = random_docs(300, DIM, seed=3)
    backend = EmbeddedBackend(tmp_path, dim=DIM)
    await backend.upsert(R, docs)
    pick = random.Random(5)
    for _ in range(60):
        filters = random_filters(pick)
        expected = {d.id for d in docs if matches(d, filters)}
        assert await backend.count(R, filters) == len(expected)  # numpy columns
        listed = await backend.search_text(R, "", filters, limit=400)  # tantivy filters
        assert {h.id for h in listed.hits} == expected
        found = await backend.search_vector(R, axis(0), filters, k=400)
        assert {h.id for h in found.hits} == {d.id for d in docs if d.vector is not None} & expected
    await backend.close()


async def test_data_survives_close_and_reopen(tmp_path: Path) -> None:
    backend = EmbeddedBackend(tmp_path, dim=DIM)
    await backend.upsert(R, CORPUS)
    await backend.close()
    assert not await backend.health()

    reopened = EmbeddedBackend(tmp_path, dim=DIM)
    assert await reopened.all_ids(R) == {d.id for d in CORPUS}
    assert [h.id for h in (await reopened.search_text(R, "数控", ALL, limit=5)).hits] == [1]
    assert [h.id for h in (await reopened.search_vector(R, axis(0), ALL, k=2)).hits] == [1, 3]
    assert await reopened.aggregate(R, AggField.district, ALL) == {
        "武进区": 3,
        "新北区": 2,
        "天宁区": 1,
    }
    await reopened.close()


async def test_unclean_shutdown_rebuilds_from_the_text_index(tmp_path: Path) -> None:
    backend = EmbeddedBackend(tmp_path, dim=DIM)
    await backend.upsert(R, CORPUS)
    await backend.close()  # leaves a snapshot of six documents
    crashed = EmbeddedBackend(tmp_path, dim=DIM)
    late = IndexDoc(id=42, title="叉车司机", vector=axis(5), district="武进区")
    await crashed.upsert(R, [late])
    await crashed.delete(R, [2])
    del crashed  # no close(): the snapshot is stale and must not be trusted
    gc.collect()

    reopened = EmbeddedBackend(tmp_path, dim=DIM)
    assert await reopened.all_ids(R) == {1, 3, 4, 5, 6, 42}
    assert await reopened.count(R, SearchFilters(district="武进区")) == 4
    assert [h.id for h in (await reopened.search_vector(R, axis(5), ALL, k=1)).hits] == [42]
    await reopened.close()


async def test_hnsw_path_matches_exact_search_and_honours_filters(tmp_path: Path) -> None:
    dim = 16
    docs = random_docs(900, dim, seed=9)
    backend = EmbeddedBackend(tmp_path, dim=dim, exact_max=100)
    for at in range(0, len(docs), 250):
        await backend.upsert(R, docs[at : at + 250])
    table = backend._index(R)._table
    assert table.uses_hnsw
    rng = np.random.default_rng(1)
    broad = SearchFilters(open_to_recommendations=True)
    recalls = []
    for _ in range(20):
        query = rng.standard_normal(dim).astype(np.float32)
        approx = await backend.search_vector(R, query, broad, k=10)
        table.exact_max = 10**9
        exact = await backend.search_vector(R, query, broad, k=10)
        table.exact_max = 100
        allowed = {d.id for d in docs if d.open_to_recommendations}
        assert {h.id for h in approx.hits} <= allowed
        recalls.append(len({h.id for h in approx.hits} & {h.id for h in exact.hits}) / 10)
    assert np.mean(recalls) >= 0.9

    first = docs[0]
    assert first.vector is not None
    best = (await backend.search_vector(R, first.vector, ALL, k=1)).hits[0]
    assert best.id == first.id and best.score == pytest.approx(1.0, abs=1e-3)
    await backend.delete(R, [first.id])
    after_delete = await backend.search_vector(R, first.vector, ALL, k=5)
    assert first.id not in {h.id for h in after_delete.hits}
    await backend.upsert(R, [first])
    await backend.close()

    reopened = EmbeddedBackend(tmp_path, dim=dim, exact_max=100)
    hit = (await reopened.search_vector(R, first.vector, ALL, k=1)).hits[0]
    assert hit.id == docs[0].id
    assert reopened._index(R).uses_hnsw
    await reopened.close()


async def test_concurrent_searches_during_upserts(tmp_path: Path) -> None:
    backend = EmbeddedBackend(tmp_path, dim=DIM)
    await backend.upsert(R, CORPUS)
    extra = [IndexDoc(id=100 + i, title="焊工", vector=axis(1)) for i in range(40)]

    async def writer() -> None:
        for at in range(0, len(extra), 5):
            await backend.upsert(R, extra[at : at + 5])

    async def reader() -> int:
        found = await backend.search_hybrid(R, "焊工", axis(1), ALL, k=5)
        return len(found.hits)

    writing = asyncio.create_task(writer())
    found = await asyncio.gather(*[reader() for _ in range(30)])
    await writing
    assert all(n > 0 for n in found)
    assert await backend.count(R, ALL) == len(CORPUS) + len(extra)
    await backend.close()


async def test_closed_backend_refuses_work(tmp_path: Path) -> None:
    from search.types import SearchUnavailableError

    backend = EmbeddedBackend(tmp_path, dim=DIM)
    await backend.ensure_indices()
    await backend.close()
    with pytest.raises(SearchUnavailableError):
        await backend.count(R, ALL)


def _tombstone_files(root: Path) -> list[Path]:
    return list(root.rglob("*.del"))


async def test_purge_rewrites_segments_and_graph_without_deleted_documents(tmp_path: Path) -> None:
    backend = EmbeddedBackend(tmp_path, dim=DIM, exact_max=10)
    docs = random_docs(60, DIM, seed=5)
    await backend.upsert(R, docs)
    await backend.delete(R, [7, 8])
    assert _tombstone_files(tmp_path), "tantivy keeps deleted documents as tombstones"
    await backend.purge_deleted(R)
    assert not _tombstone_files(tmp_path)
    kept = {doc.id for doc in docs} - {7, 8}
    assert await backend.all_ids(R) == kept
    await backend.delete(R, [9])  # deleting still works on the rewritten segment
    await backend.purge_deleted(R)
    assert await backend.all_ids(R) == kept - {9}
    found = await backend.search_text(R, "焊工", ALL, limit=100)
    assert found.hits and not {7, 8, 9} & {hit.id for hit in found.hits}
    vector = next(d.vector for d in docs if d.id == 7)
    assert vector is not None
    near = await backend.search_vector(R, vector, ALL, k=5)
    assert 7 not in {hit.id for hit in near.hits}
    await backend.close()
    reopened = EmbeddedBackend(tmp_path, dim=DIM, exact_max=10)
    assert await reopened.all_ids(R) == kept - {9}
    await reopened.close()
