from __future__ import annotations

import gc
import sys
from dataclasses import replace

from matcher.domain import PostingProfile, ResumeProfile, SkillLevel
from matcher.ranking import rank_candidates, rank_postings, score_match
from matcher.texts import posting_text, resume_text

POSTING = PostingProfile(
    id=1,
    title="普通车工",
    requirements="要求：熟悉FANUC系统，会看图纸，3年以上经验，持焊工证者优先",
    occupation_code="6-18-01-01",
    skill_level=SkillLevel.senior,
    certificates=("焊工证",),
    salary_min=7000,
    salary_max=10000,
    location="武进区",
)
QUALIFIED = ResumeProfile(
    id=10,
    desired_title="CNC车工",
    skills="FANUC系统编程，看图纸",
    experience="五年数控车床经验",
    skill_level=SkillLevel.senior,
    certificates=("熔化焊接与热切割作业证",),
    years_experience=5,
    occupation_code="6-18-01-01",
    desired_location="武进",
    expected_salary=9000,
)
NO_CERT = replace(QUALIFIED, id=11, certificates=())
UNRELATED = ResumeProfile(
    id=12, desired_title="厨师", skills="川菜", experience="八年厨师", occupation_code="4-03-02-01"
)


def test_qualified_same_occupation_ranks_above_unrelated() -> None:
    ranked = rank_candidates(posting=POSTING, candidates=[(UNRELATED, 0.3), (QUALIFIED, 0.7)])
    assert [r.id for r in ranked] == [10, 12]
    assert ranked[0].score > ranked[1].score
    best, other = ranked[0].explanation, ranked[1].explanation
    assert best.occupation_probability is not None and other.occupation_probability is not None
    assert best.occupation_probability > 0.5 > other.occupation_probability
    assert (
        f"职业相同的可能性 {round(100 * best.occupation_probability)}%（车工）" in best.summary_zh
    )
    assert "likely the same occupation (车工)" in best.summary_en
    assert other.occupation_depth == 0


def test_missing_certificate_shows_and_costs() -> None:
    held = score_match(posting=POSTING, resume=QUALIFIED, similarity=0.7)
    lacking = score_match(posting=POSTING, resume=NO_CERT, similarity=0.7)
    assert held.explanation.matched_certificates == ("熔化焊接与热切割作业证",)
    assert lacking.explanation.missing_certificates == ("熔化焊接与热切割作业证",)
    assert "缺少证书：熔化焊接与热切割作业证" in lacking.explanation.summary_zh
    assert "missing certificates" in lacking.explanation.summary_en
    assert lacking.score < held.score


def test_skill_level_under_penalized_more_than_over() -> None:
    def at(level: SkillLevel) -> float:
        resume = replace(QUALIFIED, skill_level=level)
        return score_match(posting=POSTING, resume=resume, similarity=0.7).score

    exact, over, under = (
        at(SkillLevel.senior),
        at(SkillLevel.technician),
        at(SkillLevel.intermediate),
    )
    assert exact >= over > under
    assert exact - over < exact - under
    over_resume = replace(QUALIFIED, skill_level=SkillLevel.technician)
    gap = score_match(posting=POSTING, resume=over_resume, similarity=0.7).explanation
    assert gap.level_gap == 1 and "高于要求一级" in gap.summary_zh
    words = gap.to_dict()
    assert words["level_gap_zh"] == "高于要求一级"
    assert words["level_gap_en"] == "1 level above the requirement"


def test_applied_bonus_only_for_applicants() -> None:
    twin = replace(QUALIFIED, id=20)
    ranked = rank_candidates(
        posting=POSTING, candidates=[(QUALIFIED, 0.7), (twin, 0.7)], applied_ids={20}
    )
    assert [(r.id, r.applied) for r in ranked] == [(20, True), (10, False)]
    applied_factor = next(f for f in ranked[0].explanation.factors if f.name == "applied")
    assert applied_factor.contribution > 0


def test_explanation_is_json_ready_and_adds_up() -> None:
    match = score_match(posting=POSTING, resume=QUALIFIED, similarity=0.7)
    data = match.explanation.to_dict()
    assert {"factors", "summary_zh", "summary_en", "missing_certificates", "level_gap"} <= set(data)
    assert abs(sum(f.contribution for f in match.explanation.factors) - match.score) < 1e-9
    assert 0.0 <= match.score <= 1.0
    assert "fanuc" in match.explanation.matched_skills


def test_rank_postings_for_seeker() -> None:
    other = PostingProfile(id=2, title="保安", occupation_code="4-07-05-01")
    ranked = rank_postings(resume=QUALIFIED, postings=[(other, 0.2), (POSTING, 0.6)], limit=1)
    assert [r.id for r in ranked] == [1]


def test_texts_contain_the_parts() -> None:
    assert posting_text(POSTING).startswith("普通车工；车工；要求")
    assert "CNC车工" in resume_text(QUALIFIED) and "车工" in resume_text(QUALIFIED)


def memoized_arguments() -> str:
    """What every memoized function of the matcher holds, as text."""
    held: list[str] = []
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] != "matcher":
            continue
        for value in vars(module).values():
            if hasattr(value, "cache_info"):
                held += (repr(list(r)) for r in gc.get_referents(value) if isinstance(r, dict))
    return "".join(held)


def test_ranking_keeps_no_resume_text_in_memory() -> None:
    private = replace(
        QUALIFIED,
        id=99,
        skills="FANUC系统编程，私密技能XJ7",
        experience="曾在常州精工机械任班组长",
        certificates=("焊工证", "私人证书Q9"),
    )
    ranked = rank_candidates(posting=POSTING, candidates=[(private, 0.7)])
    assert ranked[0].explanation.matched_certificates == ("熔化焊接与热切割作业证",)
    held = memoized_arguments()
    assert POSTING.requirements in held  # the posting's parsing is remembered: we look there
    for secret in ("私密技能XJ7", "常州精工机械", "私人证书Q9"):
        assert secret not in held  # a deleted seeker's words would outlive the deletion
