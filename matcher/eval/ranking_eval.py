"""nDCG@10 and MRR of candidate ranking on ranking_dev.json, vs BM25 and semantic-only baselines."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib import resources
from typing import Any

import numpy as np

from matcher.domain import PostingProfile, ResumeProfile, SkillLevel
from matcher.embedding import Embedder
from matcher.eval.bm25 import BM25
from matcher.ranking import rank_candidates
from matcher.texts import posting_text, resume_text
from matcher.weights import DEFAULT_WEIGHTS, MatchWeights


def ndcg_at(grades: Sequence[int], k: int = 10) -> float:
    """Normalized discounted cumulative gain of grades in ranked order (gain 2^g - 1)."""

    def dcg(gs: Sequence[int]) -> float:
        return float(sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gs[:k])))

    ideal = dcg(sorted(grades, reverse=True))
    return dcg(grades) / ideal if ideal > 0 else 0.0


def reciprocal_rank(grades: Sequence[int], *, relevant: int = 2) -> float:
    """1 / rank of the first result graded ≥ `relevant` (0 if none)."""
    return next((1.0 / (i + 1) for i, g in enumerate(grades) if g >= relevant), 0.0)


def load_ranking_set() -> list[tuple[PostingProfile, list[tuple[ResumeProfile, int]]]]:
    """Postings with their graded résumés from data/eval/ranking_dev.json."""
    raw = (
        resources.files("matcher")
        .joinpath("data/eval/ranking_dev.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(raw)
    out = []
    for p in data["postings"]:
        posting = PostingProfile(
            id=p["id"],
            title=p["title"],
            requirements=p["requirements"],
            occupation_code=p["occupation_code"],
            skill_level=SkillLevel(p["skill_level"]) if p["skill_level"] else None,
            certificates=tuple(p["certificates"]),
            salary_min=p["salary_min"],
            salary_max=p["salary_max"],
            location=p["location"],
        )
        resumes = [
            (
                ResumeProfile(
                    id=r["id"],
                    desired_title=r["desired_title"],
                    skills=r["skills"],
                    experience=r["experience"],
                    skill_level=SkillLevel(r["skill_level"]) if r["skill_level"] else None,
                    certificates=tuple(r["certificates"]),
                    years_experience=r["years_experience"],
                    occupation_code=r["occupation_code"],
                    desired_location=r["desired_location"],
                    expected_salary=r["expected_salary"],
                ),
                int(r["grade"]),
            )
            for r in p["resumes"]
        ]
        out.append((posting, resumes))
    return out


Ranker = Callable[[PostingProfile, list[ResumeProfile], np.ndarray], list[int]]


def _metrics(ranker: Ranker, data: list[Any], sims: list[np.ndarray]) -> dict[str, float]:
    ndcgs, rrs = [], []
    for (posting, graded), sim in zip(data, sims, strict=True):
        resumes = [r for r, _ in graded]
        grade_of = {r.id: g for r, g in graded}
        order = ranker(posting, resumes, sim)
        grades = [grade_of[i] for i in order]
        ndcgs.append(ndcg_at(grades))
        rrs.append(reciprocal_rank(grades))
    return {"ndcg@10": round(float(np.mean(ndcgs)), 4), "mrr": round(float(np.mean(rrs)), 4)}


def _by_scores(resumes: list[ResumeProfile], scores: Sequence[float]) -> list[int]:
    return [
        resumes[i].id
        for i in sorted(range(len(resumes)), key=lambda i: (-scores[i], resumes[i].id))
    ]


def _matcher(weights: MatchWeights) -> Ranker:
    def rank(posting: PostingProfile, resumes: list[ResumeProfile], sim: np.ndarray) -> list[int]:
        pairs = [(r, float(s)) for r, s in zip(resumes, sim, strict=True)]
        ranked = rank_candidates(
            posting=posting, candidates=pairs, limit=len(pairs), weights=weights
        )
        return [m.id for m in ranked]

    return rank


def _bm25(posting: PostingProfile, resumes: list[ResumeProfile], sim: np.ndarray) -> list[int]:
    return _by_scores(
        resumes, BM25([resume_text(r) for r in resumes]).scores(posting_text(posting))
    )


def _semantic(posting: PostingProfile, resumes: list[ResumeProfile], sim: np.ndarray) -> list[int]:
    return _by_scores(resumes, [float(s) for s in sim])


def evaluate_ranking(
    embedder: Embedder, weights: MatchWeights = DEFAULT_WEIGHTS
) -> dict[str, object]:
    """Matcher vs baselines (BM25 over char bigrams, embedding cosine only) and two ablations."""
    data = load_ranking_set()
    sims = []
    for posting, graded in data:
        vectors = embedder.encode([posting_text(posting), *(resume_text(r) for r, _ in graded)])
        sims.append(vectors[1:] @ vectors[0])
    no_semantic = replace(weights, semantic=0.0)
    semantic_heavy = replace(weights, semantic=0.6, occupation=0.1)
    return {
        "postings": len(data),
        "resumes": sum(len(g) for _, g in data),
        "matcher": _metrics(_matcher(weights), data, sims),
        "baseline_bm25": _metrics(_bm25, data, sims),
        "baseline_semantic_only": _metrics(_semantic, data, sims),
        "ablation_no_semantic": _metrics(_matcher(no_semantic), data, sims),
        "ablation_semantic_heavy": _metrics(_matcher(semantic_heavy), data, sims),
    }
