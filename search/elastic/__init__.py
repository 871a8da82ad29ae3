"""The Elasticsearch backend: mappings, query bodies and the async client wrapper."""

from search.elastic.backend import ElasticsearchBackend

__all__ = ["ElasticsearchBackend"]
