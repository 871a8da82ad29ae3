"""Choosing a backend from configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.elastic import ElasticsearchBackend
from search.embedded import EmbeddedBackend
from search.factory import create_backend


async def test_embedded_is_built_under_the_data_dir(tmp_path: Path) -> None:
    backend = create_backend(kind="embedded", data_dir=tmp_path, es_url=None, dim=16)
    assert isinstance(backend, EmbeddedBackend)
    assert backend.dim == 16
    await backend.ensure_indices()
    assert (tmp_path / "postings-v1" / "text").is_dir()
    await backend.close()


async def test_elasticsearch_needs_a_url(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="es_url"):
        create_backend(kind="elasticsearch", data_dir=tmp_path, es_url=None, dim=16)
    backend = create_backend(
        kind="elasticsearch", data_dir=tmp_path, es_url="http://127.0.0.1:9200", dim=16
    )
    assert isinstance(backend, ElasticsearchBackend)
    await backend.close()


def test_unknown_kind_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown search backend 'solr'"):
        create_backend(kind="solr", data_dir=tmp_path, es_url=None, dim=16)
