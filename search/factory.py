"""Build the configured search backend."""

from __future__ import annotations

from pathlib import Path

from search.elastic import ElasticsearchBackend
from search.embedded import EmbeddedBackend
from search.types import SearchBackend

BACKEND_KINDS = ("embedded", "elasticsearch")


def create_backend(*, kind: str, data_dir: Path, es_url: str | None, dim: int) -> SearchBackend:
    """The backend for `kind`: "embedded" (files under data_dir) or "elasticsearch" (es_url)."""
    if kind == "embedded":
        return EmbeddedBackend(data_dir, dim=dim)
    if kind == "elasticsearch":
        if not es_url:
            raise ValueError("the elasticsearch search backend needs an es_url")
        return ElasticsearchBackend(es_url, dim=dim)
    raise ValueError(f"unknown search backend {kind!r}; expected one of {', '.join(BACKEND_KINDS)}")
