"""Every request body the Elasticsearch backend builds, checked against the 8.15 specification
(tests/search/es_spec, a vendored subset) and the server's own limits, plus a mutation self-test
showing the checks catch broken bodies, and the golden bodies checked for validity."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from search.elastic import backend as backend_module
from search.elastic import queries
from search.elastic.backend import ElasticsearchBackend
from search.elastic.mappings import alias_name, index_mappings, index_settings
from search.types import AggField, IndexDoc, IndexName, SearchFilters
from tests.search.corpus import CORPUS, DIM
from tests.search.es_spec.checks import request_errors
from tests.search.fake_es import FakeElasticsearch
from tests.search.test_elastic_golden import FILTERS

GOLDEN = Path(__file__).parent / "golden"
ALL_FILTERS = replace(FILTERS, enterprise_id=10)
FILTER_NAMES = [name for name in SearchFilters.__slots__ if getattr(ALL_FILTERS, name) is not None]


def _vector(seed: int) -> Any:
    return np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)


def _filters(names: tuple[str, ...]) -> SearchFilters:
    return SearchFilters(**{name: getattr(ALL_FILTERS, name) for name in names})


FILTER_SETS = [_filters(())] + [_filters((n,)) for n in FILTER_NAMES] + [ALL_FILTERS]
FILTER_SETS += [_filters(pair) for pair in combinations(("skill_level_min", "salary_max"), 2)]


def _docs() -> list[IndexDoc]:
    return [*CORPUS, replace(CORPUS[0], id=7, vector=None)]


async def _exercise(backend: ElasticsearchBackend) -> None:
    """Call every backend method with every filter, so the fake node records every body."""
    await backend.ensure_indices()
    await backend.upsert(IndexName.postings, _docs())
    await backend.upsert(IndexName.resumes, _docs())
    await backend.get(IndexName.postings, 1)
    await backend.get_many(IndexName.postings, {1, 2, 99})
    await backend.all_ids(IndexName.postings)  # _IDS_PAGE patched to 2: search_after pages
    for filters in FILTER_SETS:
        await backend.count(IndexName.postings, filters)
        for query in ("数控车工 焊工", "", '"(AND* ^~'):
            await backend.search_text(IndexName.postings, query, filters, limit=20, offset=40)
        await backend.search_vector(IndexName.resumes, _vector(5), filters, k=10)
        await backend.search_hybrid(IndexName.resumes, "焊工", _vector(6), filters, k=10)
    for field in AggField:
        await backend.aggregate(IndexName.postings, field, ALL_FILTERS, size=50)
    await backend.search_text(IndexName.postings, "焊工", ALL_FILTERS, limit=100, offset=9_900)
    await backend.search_vector(IndexName.resumes, _vector(7), SearchFilters(), k=10_000)
    await backend.search_hybrid(IndexName.resumes, "焊工", _vector(8), SearchFilters(), k=2_000)
    await backend.delete(IndexName.postings, [1, 404])


@pytest.mark.parametrize("licence", ["basic", "enterprise"])
async def test_every_body_the_backend_sends_is_valid(
    licence: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backend_module, "_IDS_PAGE", 2)
    fake = FakeElasticsearch(license_type=licence)
    backend = ElasticsearchBackend(
        "http://es.test:9200", dim=DIM, node_class=fake.node_class(), max_retries=0
    )
    await _exercise(backend)
    await backend.close()
    assert fake.refused == []
    mappings = index_mappings(dim=DIM)
    endpoints = {"_search": "search", "_count": "count", "_mget": "mget", "_bulk": "bulk"}
    seen: set[str] = set()
    for request in fake.requests:
        last = request.path.rsplit("/", 1)[-1]
        endpoint = endpoints.get(last, "indices.create" if request.method == "PUT" else None)
        if endpoint is None or request.body is None:
            continue
        seen.add(endpoint)
        assert request_errors(endpoint, request.body, mappings) == [], request.body
    assert seen == {"search", "count", "mget", "bulk", "indices.create"}
    searches = fake.searches()
    assert any("search_after" in body for body in searches)
    assert any("aggs" in body for body in searches)
    assert any("knn" in body for body in searches)
    assert any("retriever" in body for body in searches) == (licence == "enterprise")


def _golden(name: str) -> Any:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_bodies_are_valid(path: Path) -> None:
    body = _golden(path.stem)
    if path.stem.startswith("mappings"):
        create = {"settings": index_settings(), "mappings": body, "aliases": {"a": {}}}
        errors = request_errors("indices.create", create)
    elif path.stem == "document":
        operations = [{"index": {"_index": "fairmatch-postings", "_id": "9"}}, body]
        errors = request_errors("bulk", operations, index_mappings(dim=len(body["vector"])))
    else:
        errors = request_errors("count" if path.stem == "count" else "search", body)
    assert errors == []


# ---- mutation self-test: each broken body must be flagged ---------------------------------

Mutation = Callable[[dict[str, Any]], Any]


def _text() -> dict[str, Any]:
    return queries.text_search_body("数控车工", ALL_FILTERS, limit=20, offset=40)


def _knn() -> dict[str, Any]:
    return queries.knn_search_body(_vector(1), ALL_FILTERS, k=10)


def _rrf() -> dict[str, Any]:
    return queries.hybrid_rrf_body("焊工", _vector(1), ALL_FILTERS, k=10)


def _set(path: str, value: Any) -> Mutation:
    def mutate(body: dict[str, Any]) -> Any:
        *parents, last = path.split(".")
        node: Any = body
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
        return body

    return mutate


def _drop(path: str) -> Mutation:
    def mutate(body: dict[str, Any]) -> Any:
        *parents, last = path.split(".")
        node: Any = body
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[last]
        return body

    return mutate


SEARCH_MUTATIONS: dict[str, tuple[Callable[[], dict[str, Any]], Mutation]] = {
    "unknown top-level key": (_text, _set("sizes", 10)),
    "unknown key in bool": (_text, _set("query.bool.must_all", [])),
    "wrong type: size as text": (_text, _set("size", "20")),
    "wrong type: track_total_hits": (_text, _set("track_total_hits", "yes")),
    "enum: multi_match type": (_text, _set("query.bool.must.0.multi_match.type", "most")),
    "enum: operator": (_text, _set("query.bool.must.0.multi_match.operator", "xor")),
    "enum: sort order": (
        lambda: queries.text_search_body("", SearchFilters(), limit=5),
        _set("sort.0.id.order", "descending"),
    ),
    "two queries in one container": (_text, _set("query.term", {"fair_id": 3})),
    "required: prefix value": (_text, _set("query.bool.filter.5", {"prefix": {"x": {}}})),
    "required: knn field": (_knn, _drop("knn.field")),
    "wrong type: knn vector": (_knn, _set("knn.query_vector", "0.5,0.5")),
    "wrong type: rrf rank_constant": (_rrf, _set("retriever.rrf.rank_constant", "60")),
    "unknown retriever": (_rrf, _set("retriever.rrf.retrievers.0", {"bm25": {}})),
    "from + size beyond 10,000": (_text, _set("from", 9_990)),
    "kNN k above 10,000": (_knn, _set("knn.k", 10_001)),
    "num_candidates below k": (_knn, _set("knn.num_candidates", 5)),
    "num_candidates above 10,000": (_knn, _set("knn.num_candidates", 10_001)),
    "rank_window_size below size": (_rrf, _set("retriever.rrf.rank_window_size", 5)),
    "search_after with from": (
        lambda: queries.ids_page_body(after=7, page_size=10),
        _set("from", 10),
    ),
    "terms beyond max_terms_count": (_text, _set("query.bool.filter.9.terms.id", [1] * 70_000)),
    "aggregation beyond max_buckets": (
        lambda: queries.aggregation_body(AggField.district, SearchFilters(), size=10),
        _set("aggs.values.terms.size", 70_000),
    ),
}


@pytest.mark.parametrize("name", sorted(SEARCH_MUTATIONS))
def test_broken_search_bodies_are_flagged(name: str) -> None:
    build, mutate = SEARCH_MUTATIONS[name]
    body = build()
    assert request_errors("search", body) == []
    assert request_errors("search", mutate(copy.deepcopy(body))) != []


MAPPING_MUTATIONS: dict[str, Mutation] = {
    "unknown field type": _set("properties.district.type", "keywrd"),
    "dims as text": _set("properties.vector.dims", "4"),
    "unknown parameter": _set("properties.title.analyser", "cjk"),
    "dynamic enum": _set("dynamic", "sometimes"),
}


@pytest.mark.parametrize("name", sorted(MAPPING_MUTATIONS))
def test_broken_mappings_are_flagged(name: str) -> None:
    mappings = index_mappings(dim=DIM)
    body = {"settings": index_settings(), "aliases": {alias_name(IndexName.postings): {}}}
    assert request_errors("indices.create", body | {"mappings": mappings}) == []
    broken = MAPPING_MUTATIONS[name](copy.deepcopy(mappings))
    assert request_errors("indices.create", body | {"mappings": broken}) != []


DOCUMENT_MUTATIONS: dict[str, Mutation] = {
    "unknown field (dynamic strict)": _set("phone", "13800000000"),
    "text in a long field": _set("fair_id", "three"),
    "boolean in an integer field": _set("skill_level", True),
    "vector of the wrong length": _set("vector", [0.1, 0.2]),
    "number in a keyword field (a node would coerce it)": _set("district", 5),
    "integer overflow": _set("salary_min", 2**31),
}


@pytest.mark.parametrize("name", sorted(DOCUMENT_MUTATIONS))
def test_broken_documents_and_bulk_lines_are_flagged(name: str) -> None:
    mappings = index_mappings(dim=DIM)
    action = {"index": {"_index": "fairmatch-postings", "_id": "1"}}
    document = queries.document_body(_docs()[0])
    assert request_errors("bulk", [action, document], mappings) == []
    broken = DOCUMENT_MUTATIONS[name](copy.deepcopy(document))
    assert request_errors("bulk", [action, broken], mappings) != []
    two_actions = {"index": action["index"], "delete": {"_id": "2"}}
    assert request_errors("bulk", [two_actions, document], mappings) != []


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        ({"sort": [{"_score": {"order": "desc"}}, "id", {"id": "asc"}]}, True),
        ({"sort": [{"_score": {"order": "desc"}, "id": {"order": "asc"}}]}, False),
        ({"query": {"terms": {"id": [1], "boost": 2}}}, True),
        ({"query": {"terms": {"id": [1], "fair_id": [2]}}}, False),
        ({"query": {"term": {"district": "武进区"}}}, True),
        ({"query": {"term": {"district": {"value": "武进区", "case_insensitive": True}}}}, True),
        ({"query": {"term": {"district": "a", "status": "b"}}}, False),
        (
            {
                "aggs": {
                    "v": {"terms": {"field": "district"}, "aggs": {"w": {"max": {"field": "id"}}}}
                }
            },
            True,
        ),
        ({"_source": {"includes": ["id"]}, "track_total_hits": 10_000}, True),
    ],
)
def test_the_validator_reads_the_specification_as_elasticsearch_does(
    body: Any, valid: bool
) -> None:
    assert (request_errors("search", body) == []) is valid
