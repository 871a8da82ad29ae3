"""Tokenization shared by both engines."""

from __future__ import annotations

import pytest

from search.tokenize import (
    MAX_QUERY_TOKENS,
    query_terms,
    tokenize,
    tokenize_for_index,
    tokens_for_index,
)


@pytest.mark.parametrize(
    "term", ["数控车工", "氩弧焊", "二保焊", "注塑模具", "立加", "加工中心", "电工证", "模具钳工"]
)
def test_trade_terms_stay_whole(term: str) -> None:
    assert term in tokenize(f"本人从事{term}工作三年")
    assert term in tokenize_for_index(f"本人从事{term}工作三年")


def test_index_tokens_include_sub_words_so_short_queries_match() -> None:
    tokens = tokenize_for_index("数控车工")
    assert {"数控", "车工", "数控车工"} <= set(tokens)
    assert tokenize("数控车工") == ["数控车工"]


def test_ascii_is_lowercased_and_full_width_folded() -> None:
    assert tokenize("PLC编程") == ["plc", "编程"]
    assert tokenize("ＣＮＣ") == ["cnc"]


def test_punctuation_and_stop_words_are_dropped() -> None:
    assert tokenize('我的，技能：焊工！ "(*:~^ \\ AND') == ["技能", "焊工"]
    assert tokenize("   ") == []


def test_tokens_for_index_is_space_joined() -> None:
    assert tokens_for_index("焊工、叉车") == "焊工 叉车"


def test_query_terms_are_distinct_and_capped() -> None:
    assert query_terms("焊工 焊工 叉车") == ["焊工", "叉车"]
    essay = "".join(f"零件{i}号" for i in range(2000))
    assert len(query_terms(essay)) == MAX_QUERY_TOKENS
