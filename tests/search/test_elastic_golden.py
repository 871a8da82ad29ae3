"""Exact Elasticsearch request bodies, compared as JSON with tests/search/golden/*.json.

Regenerate after an intended change with
`UPDATE_GOLDEN=1 pytest tests/search/test_elastic_golden.py` and review the diff: these files are
what a real cluster receives.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from search.elastic import queries
from search.elastic.mappings import alias_name, index_mappings, physical_name
from search.types import AggField, IndexDoc, IndexName, SearchFilters

GOLDEN = Path(__file__).parent / "golden"
VECTOR = np.array([0.5, -0.5, 0.25, 0.0], dtype=np.float32)
FILTERS = SearchFilters(
    fair_id=3,
    occupation_prefix="6-18",
    skill_level_min=2,
    skill_level_max=5,
    district="武进区",
    salary_min=6000,
    salary_max=9000,
    status="open",
    open_to_recommendations=True,
    ids=frozenset({3, 1, 2}),
)

CASES: dict[str, Any] = {
    "mappings": lambda: index_mappings(dim=4),
    "mappings_without_vectors": lambda: index_mappings(dim=4, vectors=False),
    "text_query_with_filters": lambda: queries.text_search_body(
        '数控车工 "(AND*', FILTERS, limit=20, offset=40
    ),
    "empty_query_listing": lambda: queries.text_search_body("", SearchFilters(fair_id=3), limit=10),
    "knn_with_filters": lambda: queries.knn_search_body(VECTOR, FILTERS, k=10),
    "hybrid_rrf_retriever": lambda: queries.hybrid_rrf_body("氩弧焊 焊工", VECTOR, FILTERS, k=10),
    "aggregation": lambda: queries.aggregation_body(
        AggField.district, SearchFilters(fair_id=3), size=50
    ),
    "count": lambda: queries.count_body(SearchFilters(skill_level_min=3)),
    "document": lambda: queries.document_body(
        IndexDoc(
            id=9,
            title="数控车工",
            body="会立加和PLC",
            vector=VECTOR,
            fair_id=3,
            occupation_code="6-18-01-01",
            skill_level=3,
        )
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_request_body_matches_golden(name: str) -> None:
    body = json.loads(json.dumps(CASES[name]()))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert body == json.loads(path.read_text(encoding="utf-8"))


def test_index_names_carry_a_version_behind_an_alias() -> None:
    assert alias_name(IndexName.postings) == "fairmatch-postings"
    assert physical_name(IndexName.postings) == "fairmatch-postings-v1"
    assert physical_name(IndexName.resumes, prefix="t", version=2) == "t-resumes-v2"
