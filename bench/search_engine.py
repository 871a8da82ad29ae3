"""Latency benchmark of the embedded backend on synthetic résumé-like documents."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from search.embedded import EmbeddedBackend
from search.types import IndexDoc, IndexName, SearchFilters, Vector

DIM = 512
_BATCH = 2_000
_TRADES_TEXT = (
    "数控车工 数控铣工 加工中心 立加 车床 钳工 模具钳工 装配钳工 焊工 氩弧焊 二保焊 注塑 注塑模具 "
    "冲压模具 叉车 电工 维修电工 PLC 工业机器人 钣金 质检 品管 CAD 机修 电焊 磨工 铣工"
)
_TRADES = _TRADES_TEXT.split(" ")
_PHRASES = (
    "熟练操作",
    "能看懂图纸",
    "有汽车零部件加工经验",
    "持有中级证书",
    "能吃苦耐劳",
    "服从安排",
    "会编程调试",
    "懂设备保养",
    "做过小批量试制",
    "适应两班倒",
    "熟悉质量体系",
    "在常州工作多年",
)
_DISTRICTS = ("武进区", "新北区", "天宁区", "钟楼区", "经开区", "金坛区", "溧阳市")


def unit_rows(matrix: NDArray[np.float32]) -> NDArray[np.float32]:
    """Rows scaled to length 1."""
    scaled: NDArray[np.float32] = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    return scaled


def synthetic_vectors(n: int, *, seed: int = 7, topics: int = 300) -> NDArray[np.float32]:
    """Seeded random unit vectors grouped around random topic centres, as real embeddings are.

    Uniform random 512-d vectors have no neighbourhood structure (every point is almost equally
    far from every other), which no ANN index, nor any real embedder, produces.
    """
    rng = np.random.default_rng(seed)
    centres = unit_rows(rng.standard_normal((topics, DIM), dtype=np.float32))
    noise = rng.standard_normal((n, DIM), dtype=np.float32) * (0.9 / np.sqrt(DIM))
    return unit_rows(centres[rng.integers(0, topics, size=n)] + noise).astype(np.float32)


def synthetic_docs(n: int, *, seed: int = 7) -> list[IndexDoc]:
    """n seeded résumé-like documents with clustered random unit 512-d vectors."""
    rng = np.random.default_rng(seed)
    vectors = synthetic_vectors(n, seed=seed)
    docs = []
    for i in range(n):
        trades = rng.choice(len(_TRADES), size=3, replace=False)
        phrases = rng.choice(len(_PHRASES), size=4, replace=False)
        body = "，".join(
            [f"{_TRADES[t]}{int(rng.integers(1, 15))}年" for t in trades]
            + [_PHRASES[p] for p in phrases]
        )
        salary = int(rng.integers(35, 150)) * 100
        docs.append(
            IndexDoc(
                id=i + 1,
                title=_TRADES[trades[0]],
                body=body,
                vector=vectors[i],
                fair_id=int(rng.integers(1, 21)),
                enterprise_id=None,
                occupation_code=f"6-{int(rng.integers(1, 32)):02d}-0{int(rng.integers(1, 9))}-01",
                occupation_group=None,
                skill_level=int(rng.integers(0, 8)),
                district=_DISTRICTS[int(rng.integers(0, len(_DISTRICTS)))],
                salary_min=salary,
                salary_max=salary + 2000,
                status="open",
                open_to_recommendations=bool(rng.random() < 0.9),
            )
        )
    return docs


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 3)

    return {"p50": round(statistics.median(ordered), 3), "p95": at(0.95), "p99": at(0.99)}


async def _time_calls(calls: list[Callable[[], Awaitable[Any]]]) -> dict[str, float]:
    samples = []
    for call in calls:
        start = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - start) * 1000)
    return _percentiles(samples)


def _time_sync(calls: list[Callable[[], Any]]) -> dict[str, float]:
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return _percentiles(samples)


def _query_vectors(docs: list[IndexDoc], count: int, rng: np.random.Generator) -> list[Vector]:
    """Vectors near randomly chosen documents (same topic, fresh noise)."""
    picked = np.stack([docs[int(i)].vector for i in rng.integers(0, len(docs), size=count)])  # type: ignore[misc]
    noise = rng.standard_normal((count, DIM)).astype(np.float32) * (0.9 / np.sqrt(DIM))
    return list(unit_rows(picked + noise).astype(np.float32))


async def _bench(backend: EmbeddedBackend, docs: list[IndexDoc], queries: int) -> dict[str, object]:
    rng = np.random.default_rng(11)
    index = IndexName.resumes
    start = time.perf_counter()
    for at in range(0, len(docs), _BATCH):
        await backend.upsert(index, docs[at : at + _BATCH])
    build_s = time.perf_counter() - start

    texts = [" ".join(rng.choice(_TRADES, size=int(rng.integers(1, 4)))) for _ in range(queries)]
    vectors = _query_vectors(docs, queries, rng)
    none = SearchFilters()
    narrow = [SearchFilters(fair_id=int(rng.integers(1, 21))) for _ in range(queries)]
    broad = SearchFilters(open_to_recommendations=True)
    opened = backend._index(index)
    table = opened._table
    threshold = table.exact_max

    def nearest(exact: bool) -> list[set[int]]:
        table.exact_max = 10**12 if exact else threshold
        found = [{h.id for h in opened.search_vector(v, none, k=10)} for v in vectors]
        table.exact_max = threshold
        return found

    recall = statistics.mean(
        len(a & b) / 10 for a, b in zip(nearest(False), nearest(True), strict=True)
    )
    vector_hnsw = await _time_calls(
        [partial(backend.search_vector, index, v, none, k=10) for v in vectors]
    )
    table.exact_max = 10**12
    vector_exact = await _time_calls(
        [partial(backend.search_vector, index, v, none, k=10) for v in vectors]
    )
    exact_by_candidates: dict[str, float] = {}
    for size in (5_000, 10_000, 20_000, 50_000):
        if size <= len(docs):
            mask = np.zeros(len(docs), dtype=np.bool_)
            mask[:size] = True
            timing = _time_sync([partial(table.knn, v, mask, 10) for v in vectors[:100]])
            exact_by_candidates[str(size)] = timing["p50"]
    table.exact_max = threshold
    hybrid = partial(backend.search_hybrid, index, k=10)

    return {
        "docs": len(docs),
        "dim": DIM,
        "queries": queries,
        "build_s": round(build_s, 2),
        "uses_hnsw": opened.uses_hnsw,
        "exact_max": threshold,
        "text_ms": await _time_calls(
            [partial(backend.search_text, index, q, none, limit=20) for q in texts]
        ),
        "text_inline_no_thread_ms": _time_sync(
            [partial(opened.search_text, q, none, limit=20, offset=0) for q in texts]
        ),
        "vector_hnsw_ms": vector_hnsw,
        "vector_exact_numpy_ms": vector_exact,
        "exact_numpy_p50_ms_by_candidates": exact_by_candidates,
        "hnsw_recall_at_10": round(recall, 3),
        "vector_narrow_filter_ms": await _time_calls(
            [
                partial(backend.search_vector, index, v, f, k=10)
                for v, f in zip(vectors, narrow, strict=True)
            ]
        ),
        "hybrid_ms": await _time_calls(
            [partial(hybrid, q, v, none) for q, v in zip(texts, vectors, strict=True)]
        ),
        "hybrid_filtered_narrow_ms": await _time_calls(
            [partial(hybrid, q, v, f) for q, v, f in zip(texts, vectors, narrow, strict=True)]
        ),
        "hybrid_filtered_broad_ms": await _time_calls(
            [partial(hybrid, q, v, broad) for q, v in zip(texts, vectors, strict=True)]
        ),
    }


def run_search_bench(n_docs: int, queries: int = 300) -> dict[str, object]:
    """Build an embedded index of n_docs synthetic résumés in a temp dir and time searches (ms)."""
    docs = synthetic_docs(n_docs)
    with tempfile.TemporaryDirectory(prefix="fairmatch-bench-") as folder:

        async def run() -> dict[str, object]:
            backend = EmbeddedBackend(Path(folder), dim=DIM)
            try:
                result = await _bench(backend, docs, queries)
            finally:
                start = time.perf_counter()
                await backend.close()
            result["close_snapshot_s"] = round(time.perf_counter() - start, 2)
            return result

        return asyncio.run(run())
