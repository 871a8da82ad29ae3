"""Search queries expanded with the occupation vocabulary."""

from __future__ import annotations

import pytest

from matcher.domain import PostingProfile
from matcher.query_expansion import (
    MAX_EXTRA_TERMS,
    expand_query,
    expansion_terms,
    retrieval_query,
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("电焊", "焊工"),
        ("CNC", "数控"),
        ("welder", "焊工"),
        ("Welder wanted", "焊工"),
        ("叉车", "叉车司机"),
    ],
)
def test_trade_words_ask_for_their_occupation(query: str, expected: str) -> None:
    assert expected in expansion_terms(query)


def test_original_query_comes_first_and_terms_are_not_repeated() -> None:
    expanded = expand_query("电焊 包吃住")
    assert expanded.startswith("电焊 包吃住 ")
    extra = expansion_terms("电焊 包吃住")
    assert len(extra) == len(set(extra)) and "电焊" not in extra


def test_ascii_terms_match_whole_words_only() -> None:
    assert "焊工" not in expansion_terms("weldering")
    assert "数控" not in expansion_terms("acncb")


@pytest.mark.parametrize("query", ["", "   ", "!!!", "x" * 10_000, "包吃住 五险一金"])
def test_nothing_to_expand_returns_the_query(query: str) -> None:
    assert expand_query(query) == query


def test_expansion_is_bounded() -> None:
    assert (
        len(expansion_terms("电焊 车工 铣工 叉车 保安 厨师 会计 电工 钳工 CNC PLC"))
        <= MAX_EXTRA_TERMS
    )


def test_retrieval_asks_for_likely_occupations_not_only_the_top_one() -> None:
    unsure = PostingProfile(
        id=1, title="机加工师傅", occupation_probs=(("6-18-01-01", 0.5), ("6-18-01-02", 0.3))
    )
    query = retrieval_query(unsure)
    assert query.startswith("机加工师傅")
    assert "车工" in query and "铣工" in query
    certain = PostingProfile(id=2, title="机加工师傅", occupation_probs=(("6-18-01-01", 0.9),))
    assert "铣工" not in retrieval_query(certain)
