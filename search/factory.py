"""Build the configured search backend."""

from __future__ import annotations

from pathlib import Path

from search.elastic import ElasticsearchBackend
from search.elastic.compat_node import PlainJsonHttpxNode
from search.embedded import EmbeddedBackend
from search.types import SearchBackend

BACKEND_KINDS = ("embedded", "elasticsearch")


def create_backend(
    *, kind: str, data_dir: Path, es_url: str | None, dim: int, es_flavor: str = "elasticsearch"
) -> SearchBackend:
    """The backend for `kind`: "embedded" (files under data_dir) or "elasticsearch" (es_url).

    es_flavor "compatible" talks plain JSON to an OpenSearch-compatible server, text search only.
    """
    if kind == "embedded":
        return EmbeddedBackend(data_dir, dim=dim)
    if kind == "elasticsearch":
        if not es_url:
            raise ValueError("the elasticsearch search backend needs an es_url")
        if es_flavor == "compatible":
            return ElasticsearchBackend(
                es_url, dim=dim, vectors=False, node_class=PlainJsonHttpxNode
            )
        if es_flavor != "elasticsearch":
            raise ValueError(
                f"unknown es_flavor {es_flavor!r}; expected elasticsearch or compatible"
            )
        return ElasticsearchBackend(es_url, dim=dim)
    raise ValueError(f"unknown search backend {kind!r}; expected one of {', '.join(BACKEND_KINDS)}")
