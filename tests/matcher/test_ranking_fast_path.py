"""The ranking calls (memoized per call, explanations only for shown results) agree exactly
with scoring every pair on its own."""

from __future__ import annotations

import random

import pytest

from matcher.domain import PostingProfile, ResumeProfile, SkillLevel
from matcher.ranking import rank_candidates, rank_postings, score_match

TITLES = ("数控车工", "CNC车工", "车工", "焊工", "电焊工", "铣工", "厨师", "叉车司机", "", "普工")
CODES = ("6-18-01-01", "6-18-01-02", "6-18-02-04", "4-03-02-01", None)
CERTIFICATES = (
    (),
    ("焊工证",),
    ("熔化焊接与热切割作业证",),
    ("电工证", "焊工证"),
    ("车工职业技能等级证书（高级工）",),
    ("叉车证",),
)
PLACES = ("武进", "武进区", "新北区", "常州市", None)
LEVELS = (None, *SkillLevel)

POSTINGS = (
    PostingProfile(
        id=1,
        title="数控车工",
        requirements="要求：熟悉FANUC系统，会看图纸，3年以上经验，持焊工证者优先",
        occupation_code="6-18-01-01",
        skill_level=SkillLevel.senior,
        certificates=("焊工证", "车工职业技能等级证书（中级工）"),
        salary_min=7000,
        salary_max=10000,
        location="武进区",
    ),
    PostingProfile(
        id=2,
        title="电焊工 包吃住",
        description="氩弧焊、二保焊",
        certificates=("熔化焊接与热切割作业证",),
        location="新北区",
    ),
    PostingProfile(id=3, title="厨师", occupation_code="4-03-02-01"),
)


def _pool(size: int, seed: int) -> list[tuple[ResumeProfile, float]]:
    """Résumés that repeat titles, certificates and places, as a real pool does."""
    rng = random.Random(seed)
    pool = []
    for i in range(size):
        resume = ResumeProfile(
            id=1000 + i,
            desired_title=rng.choice(TITLES),
            skills=rng.choice(("FANUC系统编程，看图纸", "氩弧焊、二保焊", "川菜", "")),
            experience=rng.choice(("五年数控车床经验", "焊接八年", "")),
            skill_level=rng.choice(LEVELS),
            certificates=rng.choice(CERTIFICATES),
            years_experience=rng.choice((0.0, 1.0, 3.0, 8.0)),
            occupation_code=rng.choice(CODES),
            desired_location=rng.choice(PLACES),
            expected_salary=rng.choice((None, 6000, 9000, 12000)),
        )
        # Ties on purpose: equal similarities make equal scores that the id must order.
        pool.append((resume, rng.choice((0.2, 0.45, 0.6, 0.8))))
    return pool


@pytest.mark.parametrize("posting", POSTINGS, ids=lambda p: p.title)
def test_rank_candidates_equals_scoring_each_pair(posting: PostingProfile) -> None:
    pool = _pool(240, seed=posting.id)
    applied = {r.id for r, _ in pool[::7]}
    one_by_one = sorted(
        (
            (score_match(posting=posting, resume=r, similarity=s, applied=r.id in applied), r.id)
            for r, s in pool
        ),
        key=lambda item: (-item[0].score, item[1]),
    )
    ranked = rank_candidates(posting=posting, candidates=pool, applied_ids=applied, limit=50)
    assert [m.id for m in ranked] == [rid for _, rid in one_by_one[:50]]
    assert [m.score for m in ranked] == [m.score for m, _ in one_by_one[:50]]
    assert [m.explanation for m in ranked] == [m.explanation for m, _ in one_by_one[:50]]
    assert [m.applied for m in ranked] == [rid in applied for _, rid in one_by_one[:50]]


def test_one_call_per_posting_does_not_leak_into_the_next() -> None:
    pool = _pool(120, seed=9)
    first, second = POSTINGS[0], POSTINGS[1]
    rank_candidates(posting=first, candidates=pool, limit=10)
    again = rank_candidates(posting=second, candidates=pool, limit=120)
    alone = [score_match(posting=second, resume=r, similarity=s).score for r, s in pool]
    assert sorted((m.score for m in again), reverse=True) == sorted(alone, reverse=True)


def test_rank_postings_equals_scoring_each_pair() -> None:
    resume = _pool(1, seed=3)[0][0]
    postings = [(p, s) for p, s in zip(POSTINGS, (0.7, 0.5, 0.3), strict=True)]
    ranked = rank_postings(resume=resume, postings=postings, limit=3)
    alone = {p.id: score_match(posting=p, resume=resume, similarity=s) for p, s in postings}
    assert [m.score for m in ranked] == sorted((m.score for m in alone.values()), reverse=True)
    assert all(m.explanation == alone[m.id].explanation for m in ranked)
