"""The demo's history: five earlier fairs of the same firms, firm grades, schools; and what the
loader writes (chains, mappings, levels, consent) checked against the database."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.domain import Education
from services.demo.generator import generate_demo_fair
from services.demo.loader import DEMO_NAME_CHAINS, store_series
from services.demo.records import DemoSeries
from services.demo.series import generate_demo_series
from services.insights.chains_catalogue import industry_matches
from services.models import (
    Chain,
    Enterprise,
    EnterpriseChain,
    Fair,
    GradeMapping,
    GradeSource,
    Posting,
    PostingStatus,
    Resume,
    School,
    TrainingProvider,
)
from tests.services.conftest import Api

VOCATIONAL = {Education.secondary_vocational, Education.higher_vocational}


@pytest.fixture(scope="module")
def series() -> DemoSeries:
    return generate_demo_series()


def test_five_earlier_fairs_over_two_years_then_the_unchanged_main_fair(series: DemoSeries) -> None:
    fairs = series.fairs
    assert len(fairs) >= 6
    starts = [f.starts_at for f in fairs]
    assert starts == sorted(starts)
    assert starts[-1] - starts[0] >= timedelta(days=18 * 30)
    assert _same_but_grades(series), "the main fair is the demo fair, graded"
    assert all(f.closed for f in fairs[:-1]) and not fairs[-1].closed
    assert len({(len(f.enterprises), len(f.postings)) for f in fairs}) == len(fairs)
    assert {f.starts_at.month for f in fairs} >= {3, 9, 10}  # spring and autumn
    assert generate_demo_series() == series


def _same_but_grades(series: DemoSeries) -> bool:
    plain, main = generate_demo_fair(), series.fairs[-1]
    return (
        plain.enterprises == main.enterprises
        and [p.title for p in plain.postings] == [p.title for p in main.postings]
        and [r.phone for r in plain.resumes] == [r.phone for r in main.resumes]
        and plain.applications == main.applications
    )


def test_firms_come_back_and_everyone_is_unique_where_it_must_be(series: DemoSeries) -> None:
    visits = Counter(e.key for f in series.fairs for e in f.enterprises)
    assert sum(1 for n in visits.values() if n >= 3) >= 30
    assert any(key > 80 for key in visits), "some firms came only in earlier years"
    for fair in series.fairs:
        assert len({e.key for e in fair.enterprises}) == len(fair.enterprises)
        assert len({e.booth for e in fair.enterprises}) == len(fair.enterprises)
        keys = {e.key for e in fair.enterprises}
        assert all(p.enterprise_key in keys for p in fair.postings)
    firms = {e.key: e for f in series.fairs for e in f.enterprises}
    assert len({e.username for e in firms.values()}) == len(firms)
    assert len({e.name for e in firms.values()}) == len(firms)
    phones = [r.phone for f in series.fairs for r in f.resumes]
    phones += [e.contact_phone for e in firms.values()]
    assert len(set(phones)) == len(phones)


def test_a_fifth_of_firms_name_grades_their_own_way(series: DemoSeries) -> None:
    firms = {e.key for f in series.fairs for e in f.enterprises}
    graded = {p.enterprise_key for f in series.fairs for p in f.postings if p.firm_grade}
    assert 0.15 <= len(graded) / len(firms) <= 0.25
    mapping = {(m.enterprise_key, m.grade_name): m for m in series.grade_mappings}
    used = {
        (p.enterprise_key, p.firm_grade) for f in series.fairs for p in f.postings if p.firm_grade
    }
    assert used == set(mapping)
    for fair in series.fairs:
        for p in fair.postings:
            if p.firm_grade and mapping[p.enterprise_key, p.firm_grade].skill_level:
                assert p.skill_level == mapping[p.enterprise_key, p.firm_grade].skill_level
    names = {m.grade_name for m in series.grade_mappings}
    assert {"T3", "技术员A级", "高级技工"} & names
    confirmed = [m.confirmed for m in series.grade_mappings]
    assert any(confirmed) and not all(confirmed)
    assert any(m.skill_level is None for m in series.grade_mappings if not m.confirmed)


def test_about_a_third_of_vocational_students_share_with_their_school(series: DemoSeries) -> None:
    vocational = [r for f in series.fairs for r in f.resumes if r.education in VOCATIONAL]
    shared = sum(r.share_with_school for r in vocational)
    assert 0.2 <= shared / len(vocational) <= 0.4
    names = {s.name for s in series.schools}
    assert all(r.school in names for f in series.fairs for r in f.resumes if r.share_with_school)
    assert all(s.majors and s.occupation_codes for s in series.schools)
    assert len(series.providers) >= 2


async def test_the_loader_writes_chains_grades_and_schools_consistently(api: Api) -> None:
    series = generate_demo_series(resumes=60, scale=0.1)
    stored = await store_series(api.runtime, series)
    async with api.runtime.sessions() as session:
        fairs = list(await session.scalars(select(Fair).order_by(Fair.starts_at)))
        assert [f.id for f in fairs] == stored.fair_ids and len(fairs) == len(series.fairs)
        assert fairs[-1].starts_at - fairs[0].starts_at >= timedelta(days=18 * 30)
        ends = {f.id: (f.starts_at, f.ends_at, f is fairs[-1]) for f in fairs}
        for fair_id, created, status in await session.execute(
            select(Posting.fair_id, Posting.created_at, Posting.status)
        ):
            start, end, newest = ends[fair_id]
            assert start <= created <= end
            assert status == (PostingStatus.open if newest else PostingStatus.closed)
        # Every firm sits in the chains of its industry (plus the demo's name-based extras).
        chains = {c.id: c for c in await session.scalars(select(Chain))}
        members = {
            (e, c)
            for e, c in await session.execute(
                select(EnterpriseChain.enterprise_id, EnterpriseChain.chain_id)
            )
        }
        expected = set()
        for firm in await session.scalars(select(Enterprise)):
            for chain in chains.values():
                by_name = any(
                    slug == chain.slug and word in firm.name for slug, word in DEMO_NAME_CHAINS
                )
                if industry_matches(firm.industry, chain.industries) or by_name:
                    expected.add((firm.id, chain.id))
        assert members == expected and len({c for _, c in members}) >= 10
        # Grade mappings as generated; every graded posting's level follows its mapping.
        mappings = {
            (m.enterprise_id, m.grade_name): m for m in await session.scalars(select(GradeMapping))
        }
        assert len(mappings) == len(series.grade_mappings)
        assert {m.source for m in mappings.values()} == {GradeSource.firm, GradeSource.guess}
        graded = 0
        for owner, grade, level in await session.execute(
            select(Posting.enterprise_id, Posting.firm_grade, Posting.skill_level).where(
                Posting.firm_grade != ""
            )
        ):
            graded += 1
            mapped = mappings[owner, grade].skill_level
            assert mapped is None or mapped == level
        assert graded > 0
        schools = {s.name: s for s in await session.scalars(select(School))}
        assert all(re.fullmatch(r"[0-9a-f]{64}", s.token_hash) for s in schools.values())
        assert set(stored.school_tokens) == set(schools)
        for school_id, school, shared in await session.execute(
            select(Resume.school_id, Resume.school, Resume.share_with_school)
        ):
            assert school_id == (schools[school].id if school in schools else None)
            assert not shared or school_id is not None
        assert await session.scalar(select(TrainingProvider.id).limit(1)) is not None
