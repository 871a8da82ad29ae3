"""Candidate ranking measured on real job-board titles (the dev half), with baselines.

Built the way issue 23's table was: 80 postings, each one real title of an occupation; the pool
(≈ 1,000 résumés, all ranked for every posting) holds the other titles of those occupations plus
distractor titles. Relevance 2 = same occupation code, 1 = same minor group, 0 otherwise.
Occupation probabilities are out-of-fold (the model never saw the title it classifies).

The text factors are fused by two logistic regressions (P(same occupation), P(same minor group))
fitted on pairs of dev titles whose codes are not benchmark postings; the score is the expected
nDCG gain 3·P(same occupation) + 1·P(same minor only). Logistic regression, not LambdaRank: four
features, a few thousand pairs, and weights a recruiter-facing explanation can cite.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from matcher.csco import shared_depth
from matcher.embedding import Embedder
from matcher.eval.ranking_eval import ndcg_at, reciprocal_rank
from matcher.occupation_fit import TextFusion, fit_text_fusion, pair_features
from matcher.occupation_match import title_vectorizer
from matcher.occupations import clean_title

POSTINGS = 80
POOL = 1000
SEED = 23
Distribution = list[tuple[str, float]]


def grade(a: str, b: str) -> int:
    """2 same occupation, 1 same minor group, 0 otherwise."""
    depth = shared_depth(a, b)
    return 2 if depth == 4 else 1 if depth == 3 else 0


def _split(
    rows: Sequence[tuple[str, str]],
) -> tuple[list[int], list[int], list[int]]:
    """Posting indices, pool indices and fusion-training anchor indices (disjoint codes)."""
    rng = random.Random(SEED)  # noqa: S311 - a reproducible benchmark, not security
    by_code: dict[str, list[int]] = defaultdict(list)
    for i, (_, code) in enumerate(rows):
        by_code[code].append(i)
    eligible = sorted(c for c, ids in by_code.items() if len(ids) >= 3 and not c.endswith("-00"))
    chosen = rng.sample(eligible, POSTINGS)
    postings = [rng.choice(by_code[c]) for c in chosen]
    taken = set(postings)
    relevant = [i for c in chosen for i in by_code[c] if i not in taken]
    others = [i for i in range(len(rows)) if i not in taken and rows[i][1] not in set(chosen)]
    distractors = rng.sample(others, max(0, POOL - len(relevant)))
    anchors = [i for i in others if i not in set(distractors)]
    return postings, sorted(relevant + distractors), anchors


def _metrics(scores: NDArray[np.float64], grades: NDArray[np.int64]) -> dict[str, float]:
    ndcgs, rrs = [], []
    for row, g in zip(scores, grades, strict=True):
        order = np.lexsort((np.arange(len(row)), -row))
        ranked = [int(x) for x in g[order]]
        ndcgs.append(ndcg_at(ranked))
        rrs.append(reciprocal_rank(ranked))
    return {"ndcg@10": round(float(np.mean(ndcgs)), 4), "mrr": round(float(np.mean(rrs)), 4)}


def _score(
    fusion: TextFusion,
    posts: Sequence[int],
    pool: Sequence[int],
    dists: Sequence[Distribution],
    lexical: NDArray[np.float64],
    semantic: NDArray[np.float64],
) -> NDArray[np.float64]:
    out = np.zeros((len(posts), len(pool)))
    for a, p in enumerate(posts):
        for b, r in enumerate(pool):
            feats = pair_features(dists[p], dists[r], float(lexical[p, r]), float(semantic[p, r]))
            out[a, b] = fusion.relevance(feats)
    return out


def evaluate_title_ranking(
    *,
    rows: Sequence[tuple[str, str]],
    distributions: Sequence[Distribution],
    embedder: Embedder,
) -> dict[str, object]:
    """nDCG@10 and MRR of the fused matcher vs char TF-IDF and embedding cosine baselines."""
    posts, pool, anchors = _split(rows)
    texts = [clean_title(t) or t for t, _ in rows]
    vectors = title_vectorizer().transform(texts)
    lexical = np.asarray((vectors @ vectors.T).todense())
    embedded = embedder.encode([t for t, _ in rows])
    semantic = (embedded @ embedded.T).astype(np.float64)
    codes = [c for _, c in rows]
    grades = np.array([[grade(codes[p], codes[r]) for r in pool] for p in posts])
    fusion = fit_text_fusion(
        pairs=_training_pairs(anchors, codes),
        features=lambda a, b: pair_features(
            distributions[a], distributions[b], float(lexical[a, b]), float(semantic[a, b])
        ),
        grade_of=lambda a, b: grade(codes[a], codes[b]),
    )
    hard = [d[:1] and [(d[0][0], 1.0)] for d in distributions]
    return {
        "postings": len(posts),
        "pool": len(pool),
        "relevant_per_posting": round(float((grades > 0).sum(axis=1).mean()), 1),
        "matcher": _metrics(_score(fusion, posts, pool, distributions, lexical, semantic), grades),
        "matcher_resume_top1_only": _metrics(
            _score(fusion, posts, pool, _mixed(distributions, hard, set(posts)), lexical, semantic),
            grades,
        ),
        "baseline_char_tfidf": _metrics(lexical[np.ix_(posts, pool)], grades),
        f"baseline_{embedder.name}_cosine": _metrics(semantic[np.ix_(posts, pool)], grades),
        "fusion": fusion.describe(),
        "fusion_training_pairs": fusion.pairs,
    }


def _mixed(
    soft: Sequence[Distribution], hard: Sequence[Distribution], keep_soft: set[int]
) -> list[Distribution]:
    """Postings keep their distribution, résumés only their top-1 code (as production stores)."""
    return [soft[i] if i in keep_soft else hard[i] for i in range(len(soft))]


def _training_pairs(anchors: Sequence[int], codes: Sequence[str]) -> list[tuple[int, int]]:
    rng = random.Random(SEED + 1)  # noqa: S311 - reproducible sampling
    picked = rng.sample(list(anchors), min(300, len(anchors)))
    pairs = []
    for a in picked:
        related = [b for b in anchors if b != a and shared_depth(codes[a], codes[b]) >= 3]
        pairs += [(a, b) for b in related[:30]]
        pairs += [(a, b) for b in rng.sample(list(anchors), 30) if b != a]
    return pairs
