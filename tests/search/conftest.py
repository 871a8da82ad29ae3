"""One parametrized `backend` fixture so the same contract runs on every engine.

- embedded: EmbeddedBackend in a tmp dir.
- osmem: ElasticsearchBackend against an osmem-server clone (no dense_vector: vectors=False).
- es: ElasticsearchBackend against a real cluster at $ES_URL (marker `es`), skipped otherwise.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from search.elastic import ElasticsearchBackend
from search.elastic.compat_node import PlainJsonHttpxNode
from search.elastic.mappings import physical_name
from search.embedded import EmbeddedBackend
from search.types import IndexName, SearchBackend

DIM = 8
ES_URL = os.environ.get("ES_URL")

BACKEND_PARAMS = [
    pytest.param("embedded", id="embedded"),
    pytest.param("osmem", id="osmem"),
    pytest.param(
        "es",
        id="es",
        marks=[
            pytest.mark.es,
            pytest.mark.skipif(not ES_URL, reason="set ES_URL to run against a real Elasticsearch"),
        ],
    ),
]


async def _real_es_backend() -> ElasticsearchBackend:
    """A backend on a throw-away prefix, so a shared cluster's data is never touched.

    ES_USERNAME / ES_PASSWORD (or ES_API_KEY) authenticate; writes refresh so the contract's
    "searchable on return" holds.
    """
    assert ES_URL
    user, password = os.environ.get("ES_USERNAME"), os.environ.get("ES_PASSWORD")
    return ElasticsearchBackend(
        ES_URL,
        dim=DIM,
        prefix=f"fmtest-{uuid.uuid4().hex[:8]}",
        refresh="true",
        basic_auth=(user, password) if user and password else None,
        api_key=os.environ.get("ES_API_KEY") or None,
    )


async def drop_indices(backend: ElasticsearchBackend) -> None:
    """Delete the backend's indices by concrete name: Elasticsearch 8 refuses wildcard deletes
    (action.destructive_requires_name defaults to true). The aliases go with their indices."""
    names = ",".join(physical_name(index, prefix=backend.prefix) for index in IndexName)
    await backend._es.indices.delete(index=names, ignore_unavailable=True)


@pytest.fixture
def open_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], Any]:
    """Factory returning a fresh backend of the given kind (used by `backend`)."""

    async def make(kind: str) -> SearchBackend:
        if kind == "embedded":
            return EmbeddedBackend(tmp_path / "search", dim=DIM)
        if kind == "osmem":
            clone = request.getfixturevalue("osmem_clone")
            return ElasticsearchBackend(
                clone.url,
                dim=DIM,
                vectors=False,
                node_class=PlainJsonHttpxNode,
                max_retries=0,
                refresh="true",
            )
        return await _real_es_backend()

    return make


@pytest.fixture(params=BACKEND_PARAMS)
async def backend(
    request: pytest.FixtureRequest, open_backend: Callable[[str], Any]
) -> AsyncIterator[SearchBackend]:
    """A ready backend (indices ensured) of each kind, closed afterwards."""
    made: SearchBackend = await open_backend(request.param)
    await made.ensure_indices()
    try:
        yield made
    finally:
        if isinstance(made, ElasticsearchBackend) and request.param == "es":
            await drop_indices(made)
        await made.close()
