"""The embedded search engine: tantivy for text, numpy and hnswlib for vectors."""

from search.embedded.backend import EmbeddedBackend

__all__ = ["EmbeddedBackend"]
