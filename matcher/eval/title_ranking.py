"""Candidate ranking measured on real job-board titles (the dev half), with baselines.

Built the way issue 23's table was: 80 postings, each one real title of an occupation; the pool
(≈ 1,000 résumés, all ranked for every posting) holds the other titles of those occupations plus
distractor titles. Relevance 2 = same occupation code, 1 = same minor group, 0 otherwise.
Occupation probabilities are out-of-fold (the model never saw the title it classifies). The
résumés carry only a title: every structured factor (level, certificates, years, place, salary)
is the same for all of them, so only the text factors can move the ranking.

`matcher` is the production path: `rank_candidates` with MatchWeights, the posting's top-10
codes and each résumé's stored top-5 (as the résumés table keeps them). The text fusion
(two logistic regressions: P(same occupation), P(same minor group)) is fitted on pairs of dev
titles whose codes are neither postings nor in the pool, so no scored pair or code was seen by
it. Logistic regression, not LambdaRank: four features, a few thousand pairs, a probability a
recruiter can read ("职业相同的可能性 86%"); gradient boosting on the same features ranked worse
on a tuning split built from the training titles only.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from matcher.csco import shared_depth
from matcher.domain import PostingProfile, ResumeProfile
from matcher.embedding import Embedder
from matcher.eval.ranking_eval import ndcg_at, reciprocal_rank
from matcher.occupation_fit import TextFusion, fit_text_fusion, minor_group
from matcher.occupation_match import POSTING_CODES, RESUME_CODES, title_vectorizer
from matcher.occupations import clean_title
from matcher.ranking import rank_candidates

POSTINGS = 80
POOL = 1000
SEED = 23
Distribution = list[tuple[str, float]]
Matrix = NDArray[np.float64]


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
    pool_codes = {rows[i][1] for i in distractors}
    anchors = [i for i in others if rows[i][1] not in pool_codes]
    return postings, sorted(relevant + distractors), anchors


def _per_posting(scores: Matrix, grades: NDArray[np.int64]) -> tuple[Matrix, Matrix]:
    ndcgs, rrs = [], []
    for row, g in zip(scores, grades, strict=True):
        order = np.lexsort((np.arange(len(row)), -row))
        ranked = [int(x) for x in g[order]]
        ndcgs.append(ndcg_at(ranked))
        rrs.append(reciprocal_rank(ranked))
    return np.array(ndcgs), np.array(rrs)


def _metrics(scores: Matrix, grades: NDArray[np.int64]) -> dict[str, float]:
    ndcgs, rrs = _per_posting(scores, grades)
    return {"ndcg@10": round(float(ndcgs.mean()), 4), "mrr": round(float(rrs.mean()), 4)}


class _CodeSpace:
    """Distributions as sparse rows over codes and over minor groups, for all pairs at once."""

    def __init__(self, distributions: Sequence[Sequence[tuple[str, float]]]) -> None:
        codes = sorted({c for d in distributions for c, _ in d})
        groups = sorted({minor_group(c) for c in codes})
        self._code = {c: i for i, c in enumerate(codes)}
        self._group = {g: i for i, g in enumerate(groups)}

    def rows(
        self, distributions: Sequence[Sequence[tuple[str, float]]]
    ) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """(rows over codes, rows over minor groups); unknown codes are dropped."""
        by_code: list[tuple[int, int, float]] = []
        by_group: dict[tuple[int, int], float] = defaultdict(float)
        for i, dist in enumerate(distributions):
            for code, p in dist:
                if code in self._code:
                    by_code.append((i, self._code[code], p))
                    by_group[i, self._group[minor_group(code)]] += p
        n = len(distributions)
        return (
            _csr([(i, j, p) for i, j, p in by_code], (n, len(self._code))),
            _csr([(i, j, p) for (i, j), p in by_group.items()], (n, len(self._group))),
        )


def _csr(entries: list[tuple[int, int, float]], shape: tuple[int, int]) -> sparse.csr_matrix:
    if not entries:
        return sparse.csr_matrix(shape)
    i, j, v = zip(*entries, strict=True)
    return sparse.csr_matrix((v, (i, j)), shape=shape)


def _pair_features(
    posting_rows: tuple[sparse.csr_matrix, sparse.csr_matrix],
    resume_rows: tuple[sparse.csr_matrix, sparse.csr_matrix],
    lexical: Matrix,
    semantic: Matrix,
) -> Matrix:
    """FUSION_FEATURES of every posting × résumé pair: shape (postings, résumés, 4)."""
    same = np.asarray((posting_rows[0] @ resume_rows[0].T).todense())
    minor = np.asarray((posting_rows[1] @ resume_rows[1].T).todense())
    return np.stack([np.minimum(same, 1.0), np.minimum(minor, 1.0), lexical, semantic], axis=-1)


def _fit_fusion(
    anchors: Sequence[int],
    codes: Sequence[str],
    space: _CodeSpace,
    sides: tuple[Sequence[Distribution], Sequence[Distribution]],
    lexical: Matrix,
    semantic: Matrix,
) -> TextFusion:
    pairs = _training_pairs(anchors, codes)
    left = space.rows([sides[0][a] for a, _ in pairs])
    right = space.rows([sides[1][b] for _, b in pairs])
    a_idx = np.array([a for a, _ in pairs])
    b_idx = np.array([b for _, b in pairs])
    features = np.column_stack(
        [
            np.minimum(np.asarray(left[0].multiply(right[0]).sum(axis=1)).ravel(), 1.0),
            np.minimum(np.asarray(left[1].multiply(right[1]).sum(axis=1)).ravel(), 1.0),
            lexical[a_idx, b_idx],
            semantic[a_idx, b_idx],
        ]
    )
    grades = np.array([grade(codes[a], codes[b]) for a, b in pairs])
    return fit_text_fusion(features, grades)


def _production_scores(
    rows: Sequence[tuple[str, str]],
    posts: Sequence[int],
    pool: Sequence[int],
    sides: tuple[Sequence[Distribution], Sequence[Distribution]],
    semantic: Matrix,
) -> Matrix:
    """Scores from `rank_candidates`, the function the services call."""
    resumes = [
        ResumeProfile(
            id=r,
            desired_title=rows[r][0],
            occupation_code=sides[1][r][0][0] if sides[1][r] else None,
            occupation_probs=tuple(sides[1][r]),
        )
        for r in pool
    ]
    column = {r: j for j, r in enumerate(pool)}
    out = np.zeros((len(posts), len(pool)))
    for a, p in enumerate(posts):
        posting = PostingProfile(id=p, title=rows[p][0], occupation_probs=tuple(sides[0][p]))
        ranked = rank_candidates(
            posting=posting,
            candidates=[(r, float(semantic[p, r.id])) for r in resumes],
            limit=len(resumes),
        )
        for m in ranked:
            out[a, column[m.id]] = m.score
    return out


def evaluate_title_ranking(
    *,
    rows: Sequence[tuple[str, str]],
    distributions: Sequence[Distribution],
    embedder: Embedder,
) -> dict[str, object]:
    """nDCG@10 and MRR of the matcher vs char TF-IDF and embedding cosine baselines."""
    posts, pool, anchors = _split(rows)
    texts = [clean_title(t) or t for t, _ in rows]
    vectors = title_vectorizer().transform(texts)
    lexical = np.asarray((vectors @ vectors.T).todense())
    embedded = embedder.encode([t for t, _ in rows])
    semantic = (embedded @ embedded.T).astype(np.float64)
    codes = [c for _, c in rows]
    grades = np.array([[grade(codes[p], codes[r]) for r in pool] for p in posts])
    space = _CodeSpace(distributions)
    # What production keeps: the posting's top-10 codes, each résumé's stored top-5.
    stored = ([d[:POSTING_CODES] for d in distributions], [d[:RESUME_CODES] for d in distributions])
    fusion = _fit_fusion(anchors, codes, space, stored, lexical, semantic)
    block = np.ix_(posts, pool)
    posting_rows = space.rows([stored[0][p] for p in posts])

    def fused(
        resume_side: Sequence[Distribution], posting: tuple[sparse.csr_matrix, ...]
    ) -> Matrix:
        feats = _pair_features(
            (posting[0], posting[1]),
            space.rows([resume_side[r] for r in pool]),
            lexical[block],
            semantic[block],
        )
        return fusion.relevance_matrix(feats)

    text_only = fused(stored[1], posting_rows)
    top1 = [d[:1] and [(d[0][0], 1.0)] for d in distributions]
    oracle = space.rows([[(codes[p], 1.0)] for p in posts])
    ndcgs, _ = _per_posting(text_only, grades)
    right = np.array([bool(distributions[p]) and distributions[p][0][0] == codes[p] for p in posts])
    return {
        "postings": len(posts),
        "pool": len(pool),
        "relevant_per_posting": round(float((grades > 0).sum(axis=1).mean()), 1),
        "matcher": _metrics(_production_scores(rows, posts, pool, stored, semantic), grades),
        "text_fusion_only": _metrics(text_only, grades),
        "text_fusion_resume_top1_only": _metrics(fused(top1, posting_rows), grades),
        "baseline_char_tfidf": _metrics(lexical[block], grades),
        f"baseline_{embedder.name}_cosine": _metrics(semantic[block], grades),
        "diagnosis": {
            "posting_top1_correct": round(float(right.mean()), 4),
            "text_fusion_ndcg@10_posting_top1_correct": round(float(ndcgs[right].mean()), 4),
            "text_fusion_ndcg@10_posting_top1_wrong": round(float(ndcgs[~right].mean()), 4),
            "ceiling_posting_code_known": _metrics(fused(stored[1], oracle), grades),
        },
        "fusion": fusion.describe(),
        "fusion_training_pairs": fusion.pairs,
    }


def _training_pairs(anchors: Sequence[int], codes: Sequence[str]) -> list[tuple[int, int]]:
    rng = random.Random(SEED + 1)  # noqa: S311 - reproducible sampling
    picked = rng.sample(list(anchors), min(300, len(anchors)))
    pairs = []
    for a in picked:
        related = [b for b in anchors if b != a and shared_depth(codes[a], codes[b]) >= 3]
        pairs += [(a, b) for b in related[:30]]
        pairs += [(a, b) for b in rng.sample(list(anchors), 30) if b != a]
    return pairs
