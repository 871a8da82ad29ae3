"""matcher/what_if.py on the demo fair's profiles: the vectorised re-scoring agrees with scoring
every upgraded profile in full."""

from __future__ import annotations

import dataclasses
import random

import numpy as np

from matcher.domain import PostingProfile, ResumeProfile, SkillLevel
from matcher.ranking import assess_match
from matcher.what_if import Upgrade, WhatIf, is_match
from services.demo.generator import generate_demo_fair


def _profiles() -> tuple[list[PostingProfile], list[ResumeProfile]]:
    demo = generate_demo_fair(resumes=12, enterprises=10, postings=300, seed=7)
    postings = [
        PostingProfile(
            id=p.key,
            title=p.title,
            description=p.description,
            requirements=p.requirements,
            occupation_code=p.occupation_code,
            skill_level=p.skill_level,
            certificates=p.certificates,
            salary_min=p.salary_min,
            salary_max=p.salary_max,
            location=p.location,
        )
        for p in demo.postings
    ]
    resumes = [
        ResumeProfile(
            id=r.key,
            desired_title=r.desired_title,
            skills=r.skills,
            experience=r.experience,
            education=r.education,
            major=r.major,
            skill_level=r.skill_level,
            certificates=r.certificates,
            years_experience=r.years_experience,
            occupation_code=r.true_occupation_code,
            desired_location=r.desired_location,
            expected_salary=r.expected_salary,
        )
        for r in demo.resumes
    ]
    return postings, resumes


def test_every_upgrade_matches_what_a_full_re_score_says() -> None:
    postings, resumes = _profiles()
    rng = random.Random(11)
    required = sorted({c for p in postings for c in p.certificates})
    checked = 0
    for resume in resumes:
        pairs = [(p, rng.uniform(0.2, 0.9)) for p in postings]
        what_if = WhatIf(resume=resume, postings=pairs)
        upgrades = [Upgrade(), *(Upgrade(skill_level=level) for level in SkillLevel)]
        upgrades += [Upgrade(certificate=name) for name in rng.sample(required, 5)]
        upgrades += [Upgrade(certificate=name) for name in what_if.certificate_candidates()]
        for upgrade in upgrades:
            profile = resume
            if upgrade.skill_level is not None:
                profile = dataclasses.replace(profile, skill_level=upgrade.skill_level)
            if upgrade.certificate is not None:
                certificates = (*profile.certificates, upgrade.certificate)
                profile = dataclasses.replace(profile, certificates=certificates)
            direct = [
                is_match(p, assess_match(posting=p, resume=profile, similarity=sim))
                for p, sim in pairs
            ]
            assert what_if.matches(upgrade).tolist() == direct, (resume.id, upgrade)
            checked += sum(direct)
    assert checked > 100, "the comparison covered real matches"


def test_certificate_candidates_miss_nothing_a_certificate_could_unlock() -> None:
    postings, resumes = _profiles()
    required = sorted({c for p in postings for c in p.certificates})
    for resume in resumes[:4]:
        what_if = WhatIf(resume=resume, postings=[(p, 0.6) for p in postings])
        now = what_if.matches()
        candidates = set(what_if.certificate_candidates())
        for name in required:
            unlocks = bool((what_if.matches(Upgrade(certificate=name)) & ~now).any())
            if unlocks and name in what_if.missing_names:
                assert name in candidates, (resume.id, name)


def test_no_postings_no_matches() -> None:
    _, resumes = _profiles()
    what_if = WhatIf(resume=resumes[0], postings=[])
    assert what_if.matches().shape == (0,) and what_if.certificate_candidates() == []
    assert not np.any(what_if.matches(Upgrade(skill_level=SkillLevel.senior)))
