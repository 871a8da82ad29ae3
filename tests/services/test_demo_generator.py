"""The demo fair generator: deterministic, realistic in shape, internally consistent."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from matcher.csco import occupations_by_code
from services.demo.generator import DemoFair, generate_demo_fair
from services.demo.postings import booth_number
from services.demo.sampling import apportion

MOBILE = re.compile(r"^1[3-9]\d{9}$")


@pytest.fixture(scope="module")
def fair() -> DemoFair:
    return generate_demo_fair()


def test_same_arguments_give_the_same_fair(fair: DemoFair) -> None:
    assert generate_demo_fair() == fair


def test_another_seed_gives_another_fair(fair: DemoFair) -> None:
    other = generate_demo_fair(resumes=200, seed=7)
    assert other.enterprises != fair.enterprises
    assert other.postings != fair.postings
    assert other.resumes != fair.resumes[:200]


def test_default_sizes_and_fair_times(fair: DemoFair) -> None:
    assert (len(fair.enterprises), len(fair.postings), len(fair.resumes)) == (80, 2300, 2000)
    assert 4000 <= len(fair.applications) <= 5000
    assert 900 <= len(fair.intentions) <= 1300
    assert fair.starts_at.utcoffset() is not None
    assert fair.starts_at.isoformat() == "2025-03-01T08:30:00+08:00"
    assert fair.ends_at.isoformat() == "2025-03-01T12:00:00+08:00"


def test_occupation_codes_are_real_and_varied(fair: DemoFair) -> None:
    table = occupations_by_code()
    posting_codes = {p.occupation_code for p in fair.postings}
    resume_codes = {r.true_occupation_code for r in fair.resumes}
    assert len(posting_codes) >= 50
    assert posting_codes | resume_codes <= table.keys()
    assert all(code.startswith(("6-", "2-")) for code in posting_codes)


def test_phones_are_valid_mainland_mobiles_and_unique(fair: DemoFair) -> None:
    phones = [e.contact_phone for e in fair.enterprises] + [r.phone for r in fair.resumes]
    assert all(MOBILE.match(phone) for phone in phones)
    assert len(set(phones)) == len(phones)


def test_enterprise_logins_booths_and_names_are_unique(fair: DemoFair) -> None:
    enterprises = fair.enterprises
    for field in ("username", "booth", "name"):
        values = [getattr(e, field) for e in enterprises]
        assert len(set(values)) == len(values), field
    assert all(e.username.isascii() and e.username.isalnum() for e in enterprises)
    assert {e.booth for e in enterprises} == {booth_number(i) for i in range(80)}
    assert booth_number(0) == "A01" and booth_number(79) == "H10"


def test_postings_are_well_formed(fair: DemoFair) -> None:
    enterprise_keys = {e.key for e in fair.enterprises}
    assert [p.key for p in fair.postings] == list(range(1, 2301))
    for p in fair.postings:
        assert p.enterprise_key in enterprise_keys
        assert 3000 <= p.salary_min <= p.salary_max <= 30000
        assert 1 <= p.headcount <= 20
        assert p.min_years >= 0
    # Permits the law requires appear on every posting of those trades.
    for p in fair.postings:
        if p.occupation_code in {"6-31-01-03", "6-18-02-04", "6-30-05-01"}:
            assert p.certificates, p.title
    # Every enterprise exhibits something.
    assert {p.enterprise_key for p in fair.postings} == enterprise_keys


def test_resumes_are_consistent(fair: DemoFair) -> None:
    languages = Counter(r.language for r in fair.resumes)
    assert 0.02 < languages["en"] / len(fair.resumes) < 0.09
    open_share = sum(r.open_to_recommendations for r in fair.resumes) / len(fair.resumes)
    assert 0.75 < open_share < 0.85
    for r in fair.resumes:
        age = 2025 - r.birth_year
        assert 15 <= age <= 60
        assert r.years_experience <= age - 15
        assert r.gender in {"male", "female", None}
        assert r.expected_salary > 0
        if r.language == "en":
            assert r.name.isascii() and r.experience.isascii()
        else:
            assert not r.name.isascii()
        if r.skill_level is None:
            assert not any("职业技能等级证书" in c for c in r.certificates)


def test_applications_and_intentions_are_consistent(fair: DemoFair) -> None:
    pairs = [(a.resume_key, a.posting_key) for a in fair.applications]
    assert len(set(pairs)) == len(pairs)
    applied = {pair: a.minutes_after_open for pair, a in zip(pairs, fair.applications, strict=True)}
    intended = [(i.resume_key, i.posting_key) for i in fair.intentions]
    assert len(set(intended)) == len(intended)
    for i in fair.intentions:
        assert (i.resume_key, i.posting_key) in applied
        assert i.minutes_after_open >= applied[i.resume_key, i.posting_key]
        assert i.note
    minutes = [a.minutes_after_open for a in fair.applications] + [
        i.minutes_after_open for i in fair.intentions
    ]
    assert min(minutes) >= 0 and max(minutes) < 210
    first_hour = sum(a.minutes_after_open < 60 for a in fair.applications)
    assert first_hour / len(fair.applications) > 60 / 210  # skewed towards the opening


def test_applications_mostly_go_to_the_seekers_trade(fair: DemoFair) -> None:
    code_of_posting = {p.key: p.occupation_code for p in fair.postings}
    code_of_resume = {r.key: r.true_occupation_code for r in fair.resumes}
    own = sum(
        code_of_posting[a.posting_key] == code_of_resume[a.resume_key] for a in fair.applications
    )
    assert own / len(fair.applications) > 0.5


def test_more_resumes_scale_visits_but_keep_the_floor(fair: DemoFair) -> None:
    bigger = generate_demo_fair(resumes=5000)
    assert len(bigger.resumes) == 5000
    assert bigger.enterprises == fair.enterprises
    assert bigger.postings == fair.postings
    assert bigger.resumes[:2000] == fair.resumes
    ratio = len(bigger.applications) / len(fair.applications)
    assert 2.3 < ratio < 2.7
    assert len({r.phone for r in bigger.resumes}) == 5000


def test_small_and_empty_fairs_still_work() -> None:
    tiny = generate_demo_fair(resumes=10, enterprises=3, postings=2)
    assert len(tiny.enterprises) == 3 and len(tiny.postings) == 2
    assert all(a.posting_key in {1, 2} for a in tiny.applications)
    empty = generate_demo_fair(resumes=0, enterprises=0, postings=0)
    assert (empty.enterprises, empty.postings, empty.applications) == ([], [], [])
    with pytest.raises(ValueError):
        generate_demo_fair(resumes=-1)


def test_apportion_keeps_the_total_and_the_floor() -> None:
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(apportion(2300, [0.5, 2.5, 1.0] * 20, minimum=1)) == 2300
    assert min(apportion(100, [0.001, 50.0], minimum=1)) == 1
    assert apportion(2, [1, 1, 1], minimum=1) == [1, 1, 0]
