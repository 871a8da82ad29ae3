from __future__ import annotations

import numpy as np
import pytest

from matcher.embedding import Embedder
from matcher.eval import title_ranking
from matcher.eval.bm25 import BM25
from matcher.eval.occupation_eval import evaluate_occupations
from matcher.eval.ranking_eval import evaluate_ranking, ndcg_at, reciprocal_rank
from matcher.weights import TEXT_FUSION


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


def _title_rows() -> list[tuple[str, str]]:
    """A synthetic dev set: 100 occupations × 4 titles plus 1,200 titles of 300 others."""
    rows = [(f"t{c}-{k}", f"6-{c // 10:02d}-{c % 10:02d}-01") for c in range(100) for k in range(4)]
    rows += [
        (f"d{c}-{k}", f"4-{c // 10:02d}-{c % 10:02d}-02") for c in range(300) for k in range(4)
    ]
    return rows


def test_title_benchmark_never_trains_the_fusion_on_scored_codes() -> None:
    rows = _title_rows()
    posts, pool, anchors = title_ranking._split(rows)
    assert len(posts) == title_ranking.POSTINGS and len(pool) == title_ranking.POOL
    scored_codes = {rows[i][1] for i in posts} | {rows[i][1] for i in pool}
    assert not scored_codes & {rows[i][1] for i in anchors}
    assert not set(posts) & set(pool)
    posting_codes = {rows[p][1] for p in posts}
    same = {i for i, (_, code) in enumerate(rows) if code in posting_codes} - set(posts)
    assert same <= set(pool)


def test_fusion_scores_all_pairs_at_once_as_one_by_one() -> None:
    space = title_ranking._CodeSpace([[("6-18-01-01", 0.6), ("6-18-01-02", 0.3)]])
    posting = space.rows([[("6-18-01-01", 0.6), ("6-18-01-02", 0.3)]])
    resumes = space.rows([[("6-18-01-02", 1.0)], [("6-18-01-01", 0.5)], []])
    lexical = np.array([[0.2, 0.4, 0.0]])
    semantic = np.array([[0.5, 0.1, 0.9]])
    features = title_ranking._pair_features(posting, resumes, lexical, semantic)
    assert features[0, 0, :2] == pytest.approx([0.3, 0.9])
    assert features[0, 1, :2] == pytest.approx([0.3, 0.45])
    assert features[0, 2, :2] == pytest.approx([0.0, 0.0])
    together = TEXT_FUSION.relevance_matrix(features)
    alone = [TEXT_FUSION.relevance(tuple(features[0, j])) for j in range(3)]
    assert together[0] == pytest.approx(alone)


def test_temperature_refit_cools_overconfident_predictions() -> None:
    from matcher.eval.occupation_cv import refit_temperature
    from matcher.occupation_model import PROBABILITY_TEMPERATURE

    # Top answers given at 0.9 but right only half the time: a higher temperature fits better.
    gold = ["a", "b"] * 50
    predictions = [[("a", 0.9), ("b", 0.05)]] * 100
    assert refit_temperature(gold, predictions) > PROBABILITY_TEMPERATURE
    # Right every time: a lower one.
    assert refit_temperature(["a"] * 100, predictions) < PROBABILITY_TEMPERATURE
