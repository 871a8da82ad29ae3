"""Elasticsearch-backend behaviour beyond the contract: aliases, failures, capability detection."""

from __future__ import annotations

from typing import Any

import pytest

from search.elastic import ElasticsearchBackend
from search.elastic.compat_node import PlainJsonHttpxNode
from search.elastic.mappings import alias_name, index_mappings, physical_name
from search.types import IndexName, SearchFilters, SearchUnavailableError
from tests.search.conftest import DIM


def osmem_backend(url: str) -> ElasticsearchBackend:
    return ElasticsearchBackend(
        url, dim=DIM, vectors=False, node_class=PlainJsonHttpxNode, refresh="true"
    )


async def test_unreachable_cluster_raises_search_unavailable() -> None:
    backend = ElasticsearchBackend(
        "http://127.0.0.1:9", dim=DIM, max_retries=0, request_timeout=1.0
    )
    with pytest.raises(SearchUnavailableError):
        await backend.count(IndexName.postings, SearchFilters())
    with pytest.raises(SearchUnavailableError):
        await backend.ensure_indices()
    assert await backend.health() is False
    await backend.close()


async def test_ensure_indices_adds_a_missing_alias_without_recreating(osmem_clone: Any) -> None:
    backend = osmem_backend(osmem_clone.url)
    physical = physical_name(IndexName.postings)
    await backend._es.indices.create(
        index=physical, mappings=index_mappings(dim=DIM, vectors=False)
    )
    await backend._es.index(
        index=physical, id="5", document={"id": 5, "title": "焊工"}, refresh=True
    )
    await backend.ensure_indices()
    aliases = await backend._es.indices.get_alias(name=alias_name(IndexName.postings))
    assert set(aliases.body) == {physical}
    assert await backend.all_ids(IndexName.postings) == {5}
    assert await backend.health() is True
    await backend.close()


async def test_server_side_rrf_is_not_assumed_on_other_engines(osmem_clone: Any) -> None:
    backend = osmem_backend(osmem_clone.url)
    assert await backend._server_rrf() is False
    await backend.close()


def test_backend_needs_an_address() -> None:
    with pytest.raises(ValueError, match="url"):
        ElasticsearchBackend(None, dim=DIM)
