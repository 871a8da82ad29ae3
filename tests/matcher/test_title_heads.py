"""Head-word code counts: keys from jieba words, leave-one-out distributions, file round trip."""

from __future__ import annotations

import pytest

from matcher.title_heads import HeadCounts, head_keys

TITLES = [("物业 水电工", "6-31-01-10"), ("水电工", "6-31-01-10"), ("小区水电工", "6-29-03-00")]


def test_keys_are_last_word_last_two_words_and_first_word() -> None:
    last, last2, first = head_keys("汽车零部件焊工")
    assert last == "焊工" and last2 is not None and last2.endswith("焊工")
    assert first is not None and "汽车".startswith(first[:2])
    assert head_keys("焊工") == ("焊工", None, None)
    assert head_keys("   ") == (None, None, None)


def test_distribution_follows_the_titles_with_the_same_head() -> None:
    heads = HeadCounts.fit(TITLES)
    last = heads.distributions("某某公司水电工")[0]
    assert last["6-31-01-10"] == pytest.approx(2 / 5)
    assert last["6-29-03-00"] == pytest.approx(1 / 5)


def test_excluding_a_title_takes_it_out_of_the_counts() -> None:
    heads = HeadCounts.fit(TITLES)
    last = heads.distributions("水电工", exclude="6-29-03-00")[0]
    assert "6-29-03-00" not in last
    assert last["6-31-01-10"] == pytest.approx(2 / 4)


def test_unknown_heads_give_empty_distributions() -> None:
    heads = HeadCounts.fit(TITLES)
    assert heads.distributions("会计") == [{}, {}, {}]
    assert heads.distributions("") == [{}, {}, {}]


def test_rows_round_trip() -> None:
    heads = HeadCounts.fit(TITLES)
    again = HeadCounts.from_rows(*heads.rows())
    assert again.counts == heads.counts
