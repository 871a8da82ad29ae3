from __future__ import annotations

import pytest

from matcher.embedding import Embedder
from matcher.eval.bm25 import BM25
from matcher.eval.occupation_eval import evaluate_occupations
from matcher.eval.ranking_eval import evaluate_ranking, ndcg_at, reciprocal_rank


def test_metrics() -> None:
    assert ndcg_at([3, 2, 0]) == pytest.approx(1.0)
    assert ndcg_at([0, 2, 3]) < 1.0
    assert reciprocal_rank([0, 1, 3]) == pytest.approx(1 / 3)
    assert reciprocal_rank([0, 0]) == 0.0


def test_bm25_prefers_overlap() -> None:
    scores = BM25(["数控车床操作", "食堂厨师", "车床"]).scores("数控车床")
    assert scores[0] > scores[2] > scores[1] == 0.0


@pytest.mark.parametrize("file_name", ["occupation_dev.csv", "occupation_test.csv"])
def test_occupation_eval_beats_baseline(file_name: str) -> None:
    result = evaluate_occupations(file_name)
    ours, base = result["dictionary"], result["baseline_tfidf"]
    assert ours["n"] >= 200
    assert ours["top1"] >= 0.6 and ours["top5"] >= 0.85
    assert ours["top1"] > base["top1"] and ours["top5"] > base["top5"]


def test_ranking_eval_beats_baselines(use_embedder: Embedder) -> None:
    result = evaluate_ranking(use_embedder)
    ours = result["matcher"]
    assert isinstance(ours, dict)
    for baseline in ("baseline_bm25", "baseline_semantic_only"):
        other = result[baseline]
        assert isinstance(other, dict)
        assert ours["ndcg@10"] > other["ndcg@10"]
