"""MAPPING_VERSION moves with everything that shapes an indexed document: the mappings, the
index settings and the tokenizer (trade terms, stop words, rjieba and its dictionary)."""

from __future__ import annotations

from unittest import mock

from search import tokenize
from search.elastic.mappings import (
    MAPPING_FINGERPRINTS,
    MAPPING_VERSION,
    index_fingerprint,
    physical_name,
)
from search.types import IndexName


def test_the_current_mapping_version_was_built_with_this_tokenizer_and_mapping() -> None:
    assert MAPPING_FINGERPRINTS.get(MAPPING_VERSION) == index_fingerprint(), (
        "the mappings, trade terms or tokenizer changed: Elasticsearch indices need a rebuild. "
        "Bump MAPPING_VERSION and add its index_fingerprint() to MAPPING_FINGERPRINTS."
    )
    assert len(set(MAPPING_FINGERPRINTS.values())) == len(MAPPING_FINGERPRINTS)
    assert physical_name(IndexName.postings).endswith(f"-v{MAPPING_VERSION}")


def test_the_fingerprint_sees_a_new_trade_term_and_a_new_rjieba() -> None:
    before = index_fingerprint()
    with mock.patch.object(tokenize, "TRADE_TERMS", (*tokenize.TRADE_TERMS, "激光切割")):
        assert index_fingerprint() != before
    with mock.patch.object(tokenize, "version", lambda _name: "99.0"):
        assert index_fingerprint() != before
    with mock.patch.object(tokenize, "STOP_WORDS", tokenize.STOP_WORDS - {"的"}):
        assert index_fingerprint() != before
    assert index_fingerprint() == before
