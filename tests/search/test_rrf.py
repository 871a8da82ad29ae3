"""Reciprocal rank fusion."""

from __future__ import annotations

import pytest

from search.rrf import rank_window, reciprocal_rank_fusion
from search.types import SearchHit


def hits(*ids: int) -> list[SearchHit]:
    return [SearchHit(id=i, score=100.0 - n) for n, i in enumerate(ids)]


def test_document_in_both_lists_wins() -> None:
    fused = reciprocal_rank_fusion([hits(1, 2, 3), hits(4, 3, 5)], k=10)
    assert fused.hits[0].id == 3
    assert fused.hits[0].score == pytest.approx(1 / 63 + 1 / 62)
    assert fused.total == 5


def test_scores_follow_the_formula_and_k_truncates() -> None:
    fused = reciprocal_rank_fusion([hits(7, 8), hits(8)], k=1)
    assert [h.id for h in fused.hits] == [8]
    assert fused.hits[0].score == pytest.approx(1 / 62 + 1 / 61)
    assert fused.total == 2


def test_ties_keep_first_seen_order() -> None:
    fused = reciprocal_rank_fusion([hits(1), hits(2)], k=5)
    assert [h.id for h in fused.hits] == [1, 2]


def test_empty_lists() -> None:
    assert reciprocal_rank_fusion([[], []], k=5).hits == []


def test_rank_window_covers_k() -> None:
    assert rank_window(10) == 50
    assert rank_window(100) == 200
