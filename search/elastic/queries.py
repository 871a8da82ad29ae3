"""Elasticsearch request bodies, built by pure functions (golden-tested in tests/search/golden)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from search.documents import doc_source
from search.rrf import RRF_RANK_CONSTANT, rank_window
from search.tokenize import query_terms, tokens_for_index
from search.types import AggField, IndexDoc, SearchFilters, Vector

Body = dict[str, Any]

TEXT_FIELDS: tuple[str, ...] = ("title_tokens^2", "body_tokens")
"""Same fields and title boost as the embedded engine."""

MAX_KNN_K = 10_000
"""Elasticsearch refuses a kNN k or num_candidates above 10,000."""


def document_body(doc: IndexDoc) -> Body:
    """The _source stored for a document: its fields, jieba tokens and vector."""
    body = doc_source(doc)
    body["title_tokens"] = tokens_for_index(doc.title)
    body["body_tokens"] = tokens_for_index(doc.body)
    if doc.vector is not None:
        body["vector"] = np.asarray(doc.vector, dtype=np.float32).tolist()
    return body


def _open_ended_range(field: str, op: str, value: int) -> Body:
    """`field op value`, where a document without the field counts as unbounded (matches)."""
    return {
        "bool": {
            "should": [
                {"range": {field: {op: value}}},
                {"bool": {"must_not": [{"exists": {"field": field}}]}},
            ],
            "minimum_should_match": 1,
        }
    }


def filter_clauses(filters: SearchFilters) -> list[Body]:
    """Filter context clauses; a document's missing salary bound is treated as open-ended."""
    f, out = filters, []
    for name in ("fair_id", "enterprise_id", "district", "status", "open_to_recommendations"):
        value = getattr(f, name)
        if value is not None:
            out.append({"term": {name: value}})
    if f.occupation_prefix is not None:
        out.append({"prefix": {"occupation_code": f.occupation_prefix}})
    if f.skill_level_min is not None or f.skill_level_max is not None:
        bounds = {"gte": f.skill_level_min, "lte": f.skill_level_max}
        out.append({"range": {"skill_level": {k: v for k, v in bounds.items() if v is not None}}})
    if f.salary_min is not None:
        out.append(_open_ended_range("salary_max", "gte", f.salary_min))
    if f.salary_max is not None:
        out.append(_open_ended_range("salary_min", "lte", f.salary_max))
    if f.ids is not None:
        out.append({"terms": {"id": sorted(f.ids)}})
    return out


def text_query(terms: list[str], filters: SearchFilters) -> Body:
    """BM25 over the jieba token fields (any term), restricted by the filters."""
    query: Body = {"filter": filter_clauses(filters)}
    if terms:
        query["must"] = [
            {
                "multi_match": {
                    "query": " ".join(terms),
                    "fields": list(TEXT_FIELDS),
                    "type": "most_fields",
                    "operator": "or",
                }
            }
        ]
    return {"bool": query}


def text_search_body(query: str, filters: SearchFilters, *, limit: int, offset: int = 0) -> Body:
    """Text search; a query without searchable tokens lists by id descending."""
    terms = query_terms(query)
    body: Body = {
        "query": text_query(terms, filters),
        "from": offset,
        "size": limit,
        "track_total_hits": True,
        "_source": False,
    }
    if not terms:
        body["sort"] = [{"id": {"order": "desc"}}]
    return body


def knn_clause(vector: Vector, filters: SearchFilters, *, k: int) -> Body:
    """Approximate kNN on `vector` with the filters applied during the graph search."""
    if not 1 <= k <= MAX_KNN_K:
        raise ValueError(f"kNN k must be between 1 and {MAX_KNN_K}, got {k}")
    return {
        "field": "vector",
        "query_vector": np.asarray(vector, dtype=np.float32).tolist(),
        "k": k,
        "num_candidates": min(max(2 * k, 100), MAX_KNN_K),
        "filter": {"bool": {"filter": filter_clauses(filters)}},
    }


def knn_search_body(vector: Vector, filters: SearchFilters, *, k: int) -> Body:
    """Vector search body (top-level knn)."""
    return {"knn": knn_clause(vector, filters, k=k), "size": k, "_source": False}


def hybrid_rrf_body(query: str, vector: Vector, filters: SearchFilters, *, k: int) -> Body:
    """Hybrid search fused server-side by the `rrf` retriever (Elasticsearch 8.14+)."""
    window = rank_window(k)
    return {
        "retriever": {
            "rrf": {
                "retrievers": [
                    {"standard": {"query": text_query(query_terms(query), filters)}},
                    {"knn": knn_clause(vector, filters, k=window)},
                ],
                "rank_constant": RRF_RANK_CONSTANT,
                "rank_window_size": window,
            }
        },
        "size": k,
        "_source": False,
    }


def count_body(filters: SearchFilters) -> Body:
    """Body for the _count API."""
    return {"query": {"bool": {"filter": filter_clauses(filters)}}}


def aggregation_body(field: AggField, filters: SearchFilters, *, size: int) -> Body:
    """Terms aggregation over a keyword field among filtered documents."""
    return {
        "size": 0,
        "track_total_hits": False,
        "query": {"bool": {"filter": filter_clauses(filters)}},
        "aggs": {"values": {"terms": {"field": field.value, "size": size}}},
    }


def id_chunks(ids: frozenset[int], *, size: int) -> Iterator[frozenset[int]]:
    """The ids in ascending chunks of at most `size` (kNN k and num_candidates stop at 10,000)."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), size):
        yield frozenset(ordered[start : start + size])


def ids_page_body(*, after: int | None, page_size: int) -> Body:
    """One page of ids sorted ascending, continuing after `after` (search_after)."""
    body: Body = {"size": page_size, "_source": False, "sort": [{"id": {"order": "asc"}}]}
    if after is not None:
        body["search_after"] = [after]
    return body
