"""The SearchBackend contract, run against every engine by the parametrized `backend` fixture."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from search.types import (
    MAX_RESULT_WINDOW,
    AggField,
    IndexDoc,
    IndexName,
    ResultWindowError,
    SearchBackend,
    SearchFilters,
    SearchUnavailableError,
)
from tests.search.corpus import CORPUS, axis, by_id

R = IndexName.resumes
ALL = SearchFilters()


@pytest.fixture
async def loaded(backend: SearchBackend) -> SearchBackend:
    """The backend with the corpus in the résumé index."""
    await backend.upsert(R, CORPUS)
    return backend


def ids(result: object) -> list[int]:
    return [hit.id for hit in result.hits]  # type: ignore[attr-defined]


def needs_vectors(backend: SearchBackend) -> None:
    if not backend.supports_vectors:
        pytest.skip("this engine has no dense_vector / kNN support")


async def test_ensure_indices_twice_keeps_data(loaded: SearchBackend) -> None:
    await loaded.ensure_indices()
    await loaded.ensure_indices()
    assert await loaded.count(R, ALL) == len(CORPUS)
    assert await loaded.health() is True


async def test_indices_are_separate(loaded: SearchBackend) -> None:
    assert await loaded.count(IndexName.postings, ALL) == 0
    assert await loaded.all_ids(IndexName.postings) == set()


async def test_upsert_then_get_and_count(loaded: SearchBackend) -> None:
    assert await loaded.count(R, ALL) == 6
    stored = await loaded.get(R, 1)
    assert stored is not None
    expected = by_id(1)
    assert dataclasses.replace(stored, vector=None) == dataclasses.replace(expected, vector=None)
    assert stored.vector is not None and expected.vector is not None
    np.testing.assert_allclose(stored.vector, expected.vector, rtol=1e-6)
    assert await loaded.get(R, 999) is None


async def test_get_many_returns_stored_documents_and_skips_unknown_ids(
    loaded: SearchBackend,
) -> None:
    found = await loaded.get_many(R, [2, 999, 5])
    assert set(found) == {2, 5}
    for doc_id, stored in found.items():
        expected = by_id(doc_id)
        assert stored.title == expected.title
        assert stored.vector is not None and expected.vector is not None
        np.testing.assert_allclose(stored.vector, expected.vector, rtol=1e-6)
    assert await loaded.get_many(R, []) == {}


async def test_upsert_replaces_by_id(loaded: SearchBackend) -> None:
    changed = dataclasses.replace(by_id(1), title="注塑工", body="注塑机操作，上下料")
    await loaded.upsert(R, [changed])
    assert await loaded.count(R, ALL) == 6
    assert 1 not in ids(await loaded.search_text(R, "数控", ALL, limit=10))
    assert ids(await loaded.search_text(R, "注塑机", ALL, limit=10)) == [1]
    stored = await loaded.get(R, 1)
    assert stored is not None and stored.title == "注塑工"


async def test_delete_ignores_unknown_ids(loaded: SearchBackend) -> None:
    await loaded.delete(R, [1, 999])
    assert await loaded.get(R, 1) is None
    assert await loaded.all_ids(R) == {2, 3, 4, 5, 6}
    assert 1 not in ids(await loaded.search_text(R, "数控", ALL, limit=10))
    assert await loaded.count(R, ALL) == 5


async def test_all_ids(loaded: SearchBackend) -> None:
    assert await loaded.all_ids(R) == {doc.id for doc in CORPUS}


FILTER_CASES = [
    (SearchFilters(fair_id=1), {1, 2, 6}),
    (SearchFilters(enterprise_id=10), {1, 3}),
    (SearchFilters(occupation_prefix="6-18"), {1, 2, 3, 6}),
    (SearchFilters(occupation_prefix="6-18-04"), {3, 6}),
    (SearchFilters(skill_level_min=3), {1, 3, 4}),
    (SearchFilters(skill_level_max=2), {2, 6}),
    (SearchFilters(skill_level_min=2, skill_level_max=4), {1, 2, 3}),
    (SearchFilters(district="武进区"), {1, 3, 6}),
    (SearchFilters(district="溧阳市"), set()),
    # Salary ranges overlap; a missing bound on a document is open-ended.
    (SearchFilters(salary_min=8500, salary_max=10000), {1, 3, 4, 5}),
    (SearchFilters(salary_min=10000), {3, 4, 5}),
    (SearchFilters(salary_min=9000), {1, 3, 4, 5}),
    (SearchFilters(salary_max=5000), {2, 4, 5, 6}),
    (SearchFilters(status="closed"), {3}),
    (SearchFilters(open_to_recommendations=False), {4}),
    (SearchFilters(open_to_recommendations=True), {1, 2, 3, 5, 6}),
    (SearchFilters(ids=frozenset({2, 5, 99})), {2, 5}),
    (SearchFilters(ids=frozenset()), set()),
    (SearchFilters(fair_id=1, district="武进区", skill_level_min=1), {1, 6}),
]


@pytest.mark.parametrize(("filters", "expected"), FILTER_CASES)
async def test_filters_in_count_and_listing(
    loaded: SearchBackend, filters: SearchFilters, expected: set[int]
) -> None:
    assert await loaded.count(R, filters) == len(expected)
    listed = await loaded.search_text(R, "", filters, limit=50)
    assert set(ids(listed)) == expected
    assert listed.total == len(expected)


@pytest.mark.parametrize(("filters", "expected"), FILTER_CASES)
async def test_filters_in_vector_search(
    loaded: SearchBackend, filters: SearchFilters, expected: set[int]
) -> None:
    needs_vectors(loaded)
    found = await loaded.search_vector(R, axis(0), filters, k=50)
    assert set(ids(found)) == expected


async def test_text_filters_apply_to_matches(loaded: SearchBackend) -> None:
    assert set(ids(await loaded.search_text(R, "钳工", ALL, limit=10))) == {3, 6}
    only_open = await loaded.search_text(R, "钳工", SearchFilters(status="open"), limit=10)
    assert ids(only_open) == [6]
    assert only_open.total == 1


async def test_chinese_prefix_word_finds_trade_term(loaded: SearchBackend) -> None:
    found = await loaded.search_text(R, "数控", ALL, limit=10)
    assert ids(found)[0] == 1
    assert found.total == 1


async def test_trade_term_is_kept_whole(loaded: SearchBackend) -> None:
    # "模具钳工" is one term: the document that only says "钳工" must not match.
    assert ids(await loaded.search_text(R, "模具钳工", ALL, limit=10)) == [3]
    assert ids(await loaded.search_text(R, "二保焊", ALL, limit=10)) == [2]


async def test_ascii_terms_are_case_insensitive(loaded: SearchBackend) -> None:
    assert ids(await loaded.search_text(R, "plc", ALL, limit=10)) == [4]
    assert ids(await loaded.search_text(R, "ＰＬＣ", ALL, limit=10)) == [4]


async def test_title_matches_rank_above_body_matches(backend: SearchBackend) -> None:
    await backend.upsert(
        R,
        [
            IndexDoc(id=20, title="车间主任", body="管过钣金车间，二十人"),
            IndexDoc(id=21, title="钣金工", body="车间"),
        ],
    )
    assert ids(await backend.search_text(R, "钣金", ALL, limit=10)) == [21, 20]
    assert ids(await backend.search_text(R, "钳工 电工证", ALL, limit=10)) == []


async def test_empty_query_lists_by_id_descending_with_paging(loaded: SearchBackend) -> None:
    first = await loaded.search_text(R, "", ALL, limit=3)
    second = await loaded.search_text(R, "   ", ALL, limit=3, offset=3)
    assert ids(first) == [6, 5, 4]
    assert ids(second) == [3, 2, 1]
    assert first.total == second.total == 6


async def test_text_paging(loaded: SearchBackend) -> None:
    everything = ids(await loaded.search_text(R, "钳工 焊工 数控", ALL, limit=10))
    page = await loaded.search_text(R, "钳工 焊工 数控", ALL, limit=2, offset=1)
    assert ids(page) == everything[1:3]
    assert page.total == len(everything)


@pytest.mark.parametrize(
    "query",
    [
        '"(*:~^',
        "AND OR",
        "\\",
        "数控 AND (焊工 OR",
        "title:数控 OR id:1",
        "/[a-z]+/",
        "~!@#$%^&*()",
    ],
)
async def test_query_syntax_characters_are_harmless(loaded: SearchBackend, query: str) -> None:
    result = await loaded.search_text(R, query, ALL, limit=10)
    assert result.total >= len(result.hits)
    if "数控" in query:
        assert 1 in ids(result)


async def test_very_long_query_does_not_raise(loaded: SearchBackend) -> None:
    query = ("数控车工氩弧焊钳工模具叉车电工证PLC机器人" * 500)[:10_000]
    result = await loaded.search_text(R, query, ALL, limit=10)
    assert {1, 2, 3, 4, 5} <= set(ids(result))


async def test_vector_search_orders_by_cosine(loaded: SearchBackend) -> None:
    needs_vectors(loaded)
    found = await loaded.search_vector(R, axis(0), ALL, k=3)
    assert ids(found) == [1, 3, 6]
    scores = [hit.score for hit in found.hits]
    np.testing.assert_allclose(scores, [1.0, 1 / np.sqrt(1.25), 1 / np.sqrt(2)], atol=0.02)


async def test_vector_search_with_filters(loaded: SearchBackend) -> None:
    needs_vectors(loaded)
    found = await loaded.search_vector(R, axis(0), SearchFilters(fair_id=1), k=2)
    assert ids(found) == [1, 6]


async def test_hybrid_puts_document_found_by_both_first(loaded: SearchBackend) -> None:
    needs_vectors(loaded)
    # Text finds only doc 3; vectors rank 1 then 3. RRF: 1/61 + 1/62 beats 1/61.
    found = await loaded.search_hybrid(R, "模具钳工", axis(0), ALL, k=3)
    assert ids(found)[:2] == [3, 1]


async def test_hybrid_respects_filters(loaded: SearchBackend) -> None:
    needs_vectors(loaded)
    found = await loaded.search_hybrid(R, "钳工", axis(0), SearchFilters(status="open"), k=10)
    assert ids(found)[0] == 6
    assert 3 not in ids(found)


async def test_without_vectors_hybrid_is_text_and_vector_search_unavailable(
    loaded: SearchBackend,
) -> None:
    if loaded.supports_vectors:
        pytest.skip("engine supports vectors")
    assert ids(await loaded.search_hybrid(R, "模具钳工", axis(0), ALL, k=3)) == [3]
    with pytest.raises(SearchUnavailableError):
        await loaded.search_vector(R, axis(0), ALL, k=3)


async def test_aggregations(loaded: SearchBackend) -> None:
    districts = await loaded.aggregate(R, AggField.district, ALL)
    assert list(districts.items()) == [("武进区", 3), ("新北区", 2), ("天宁区", 1)]
    groups = await loaded.aggregate(R, AggField.occupation_group, ALL)
    assert list(groups.items()) == [("6-18", 4), ("4-02", 1), ("6-31", 1)]
    levels = await loaded.aggregate(R, AggField.skill_level, ALL)
    assert list(levels.items()) == [("1", 1), ("2", 1), ("3", 1), ("4", 1), ("5", 1)]
    by_fair = await loaded.aggregate(R, AggField.district, SearchFilters(fair_id=1))
    assert by_fair == {"武进区": 2, "新北区": 1}
    assert list(await loaded.aggregate(R, AggField.occupation_group, ALL, size=1)) == ["6-18"]
    enterprises = await loaded.aggregate(R, AggField.enterprise_id, ALL)
    assert list(enterprises.items()) == [("10", 2), ("11", 2), ("12", 1)]


async def test_wrong_vector_dimension_is_refused(backend: SearchBackend) -> None:
    bad = IndexDoc(id=7, title="x", vector=np.ones(backend.dim + 1, dtype=np.float32))
    with pytest.raises(ValueError, match="dimensions"):
        await backend.upsert(R, [bad])
    assert await backend.get(R, 7) is None


async def test_pages_stop_at_the_result_window_on_every_engine(loaded: SearchBackend) -> None:
    edge = await loaded.search_text(R, "焊工", ALL, limit=100, offset=MAX_RESULT_WINDOW - 100)
    assert edge.hits == [] and edge.total >= 1
    with pytest.raises(ResultWindowError):
        await loaded.search_text(R, "焊工", ALL, limit=100, offset=MAX_RESULT_WINDOW - 99)
    with pytest.raises(ResultWindowError):
        await loaded.search_text(R, "", ALL, limit=MAX_RESULT_WINDOW + 1)
