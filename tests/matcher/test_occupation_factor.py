"""The uncertainty-aware occupation factor and the skill hierarchy in explanations."""

from __future__ import annotations

from dataclasses import replace

import pytest

from matcher.domain import PostingProfile, ResumeProfile
from matcher.occupation_fit import same_minor_probability, same_occupation_probability
from matcher.occupation_match import occupation_evidence
from matcher.ranking import score_match
from matcher.skills import implied_skills

LATHE, MILLER, COOK = "6-18-01-01", "6-18-01-02", "4-03-02-01"
POSTING = PostingProfile(id=1, title="机加工操作工", requirements="要求：会焊接，能看图纸")
RESUME = ResumeProfile(id=5, desired_title="铣工", skills="铣床操作", occupation_code=MILLER)


def test_probabilities_of_sharing_codes() -> None:
    posting = [(LATHE, 0.6), (MILLER, 0.3)]
    assert same_occupation_probability(posting, [(MILLER, 1.0)]) == pytest.approx(0.3)
    assert same_minor_probability(posting, [(MILLER, 1.0)]) == pytest.approx(0.9)
    assert same_occupation_probability(posting, [(COOK, 1.0)]) == 0.0
    assert same_minor_probability(posting, []) == 0.0


def test_second_guess_of_an_uncertain_posting_still_counts() -> None:
    unsure = replace(POSTING, occupation_probs=((LATHE, 0.55), (MILLER, 0.4)))
    certain = replace(POSTING, occupation_probs=((LATHE, 1.0),))
    cook = replace(RESUME, desired_title="厨师", occupation_code=COOK)
    for_miller = occupation_evidence(posting=unsure, resume=RESUME, similarity=0.5)
    hard_miss = occupation_evidence(posting=certain, resume=RESUME, similarity=0.5)
    for_cook = occupation_evidence(posting=unsure, resume=cook, similarity=0.5)
    assert for_miller and hard_miss and for_cook
    assert for_miller.p_same_occupation > hard_miss.p_same_occupation
    assert for_miller.p_same_occupation > for_cook.p_same_occupation
    assert for_miller.value > for_cook.value
    assert for_miller.code == LATHE


def test_factor_is_bounded_and_grows_with_evidence() -> None:
    posting = replace(POSTING, title="铣工", occupation_probs=((MILLER, 0.9),))
    weak = occupation_evidence(posting=posting, resume=RESUME, similarity=0.1)
    strong = occupation_evidence(posting=posting, resume=RESUME, similarity=0.9)
    assert weak and strong
    assert 0.0 <= weak.value <= strong.value <= 1.0
    assert weak.p_same_occupation <= weak.p_same_minor_group


def test_no_occupation_on_either_side_is_unknown() -> None:
    posting = replace(POSTING, occupation_probs=((MILLER, 0.9),))
    uncoded = replace(RESUME, occupation_code=None)
    assert occupation_evidence(posting=posting, resume=uncoded, similarity=0.5) is None
    blank = PostingProfile(id=2, title="")
    assert occupation_evidence(posting=blank, resume=RESUME, similarity=0.5) is None


def test_title_of_the_posting_is_classified_when_no_distribution_is_stored() -> None:
    posting = PostingProfile(id=3, title="电焊工", requirements="焊接")
    welder = ResumeProfile(id=6, desired_title="焊工", occupation_code="6-18-02-04")
    cook = ResumeProfile(id=7, desired_title="厨师", occupation_code=COOK)
    a = occupation_evidence(posting=posting, resume=welder, similarity=0.5)
    b = occupation_evidence(posting=posting, resume=cook, similarity=0.5)
    assert a and b and a.p_same_occupation > 0.5 > b.p_same_occupation


def test_narrower_skills_and_synonyms_show_the_broader_skill() -> None:
    assert "焊接" in implied_skills("熟练氩弧焊、二保焊")
    assert "焊接" in implied_skills("CO2焊 五年")
    assert "fanuc" in implied_skills("发那科系统")
    assert implied_skills("川菜、家常菜") == frozenset()


def test_welder_is_not_told_welding_is_missing() -> None:
    welder = ResumeProfile(id=8, desired_title="焊工", skills="氩弧焊、二保焊，会看图")
    why = score_match(posting=POSTING, resume=welder, similarity=0.6).explanation
    assert "焊接" in why.matched_skills and "焊接" not in why.missing_skills
    assert "未体现技能：焊接" not in why.summary_zh
