"""Reciprocal rank fusion, shared by the embedded engine and the Elasticsearch fallback."""

from __future__ import annotations

from collections.abc import Sequence

from search.types import SearchHit, SearchResult

RRF_RANK_CONSTANT = 60


def rank_window(k: int) -> int:
    """How many candidates each list contributes before fusion (ES `rank_window_size`).

    Twice k, at least 50, and no more than 10,000 (Elasticsearch's kNN limit) unless k is larger.
    """
    return max(min(2 * k, 10_000), k, 50)


def reciprocal_rank_fusion(
    ranked_lists: Sequence[Sequence[SearchHit]], *, k: int, rank_constant: int = RRF_RANK_CONSTANT
) -> SearchResult:
    """Fuse ranked lists: score(d) = sum of 1 / (rank_constant + rank), ranks counted from 1.

    Ties keep the order in which documents were first seen (text list first), so the result is
    deterministic. `total` is the number of distinct candidates fused.
    """
    scores: dict[int, float] = {}
    for hits in ranked_lists:
        for rank, hit in enumerate(hits, start=1):
            scores[hit.id] = scores.get(hit.id, 0.0) + 1.0 / (rank_constant + rank)
    first_seen = {doc_id: order for order, doc_id in enumerate(scores)}
    fused = sorted(scores.items(), key=lambda item: (-item[1], first_seen[item[0]]))
    return SearchResult(
        hits=[SearchHit(id=doc_id, score=score) for doc_id, score in fused[:k]],
        total=len(fused),
    )
