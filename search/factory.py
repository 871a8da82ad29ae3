"""Build the configured search backend."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from search.elastic import ElasticsearchBackend
from search.elastic.backend import Refresh
from search.elastic.compat_node import PlainJsonHttpxNode
from search.embedded import EmbeddedBackend
from search.types import SearchBackend

BACKEND_KINDS = ("embedded", "elasticsearch")


@dataclass(frozen=True, slots=True)
class ElasticCredentials:
    """How the client authenticates: a user and password, an API key, or nothing.

    Kept apart from the URL, so a password with `/`, `#` or `%` reaches the server unchanged.
    """

    username: str | None = None
    password: str | None = None
    api_key: str | None = None

    def __post_init__(self) -> None:
        if self.api_key and (self.username or self.password):
            raise ValueError("give an Elasticsearch API key or a username and password, not both")
        if bool(self.username) != bool(self.password):
            raise ValueError("an Elasticsearch username needs its password and the other way round")

    @property
    def basic_auth(self) -> tuple[str, str] | None:
        return (self.username, self.password) if self.username and self.password else None


def _check_url(es_url: str) -> None:
    """Refuse credentials in the URL: they would be parsed and %-decoded there."""
    parts = urlsplit(es_url)
    if parts.username or parts.password or "@" in parts.netloc:
        raise ValueError(
            "put Elasticsearch credentials in FAIRMATCH_ES_USERNAME / FAIRMATCH_ES_PASSWORD "
            "(or FAIRMATCH_ES_API_KEY), not in the URL"
        )


def create_backend(
    *,
    kind: str,
    data_dir: Path,
    es_url: str | None,
    dim: int,
    es_flavor: str = "elasticsearch",
    es_credentials: ElasticCredentials | None = None,
    es_refresh: Refresh = "false",
) -> SearchBackend:
    """The backend for `kind`: "embedded" (files under data_dir) or "elasticsearch" (es_url).

    es_flavor "compatible" talks plain JSON to an OpenSearch-compatible server, text search only.
    es_refresh is the bulk refresh policy of upserts ("false" in production).
    """
    if kind == "embedded":
        return EmbeddedBackend(data_dir, dim=dim)
    if kind == "elasticsearch":
        if not es_url:
            raise ValueError("the elasticsearch search backend needs an es_url")
        _check_url(es_url)
        if es_flavor not in ("elasticsearch", "compatible"):
            raise ValueError(
                f"unknown es_flavor {es_flavor!r}; expected elasticsearch or compatible"
            )
        credentials = es_credentials or ElasticCredentials()
        compatible = es_flavor == "compatible"
        return ElasticsearchBackend(
            es_url,
            dim=dim,
            vectors=not compatible,
            node_class=PlainJsonHttpxNode if compatible else "httpxasync",
            basic_auth=credentials.basic_auth,
            api_key=credentials.api_key,
            refresh=es_refresh,
        )
    raise ValueError(f"unknown search backend {kind!r}; expected one of {', '.join(BACKEND_KINDS)}")
