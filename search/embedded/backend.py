"""The default search backend: tantivy + numpy/hnswlib in-process, persisted under a data dir."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Collection, Sequence
from pathlib import Path

from search.documents import as_vector
from search.embedded.doc_table import EXACT_SEARCH_MAX
from search.embedded.index import EmbeddedIndex
from search.rrf import rank_window, reciprocal_rank_fusion
from search.tokenize import query_terms
from search.types import (
    AggField,
    IndexDoc,
    IndexName,
    SearchFilters,
    SearchResult,
    SearchUnavailableError,
    Vector,
    check_result_window,
)

EMBEDDED_SCHEMA_VERSION = 1
"""Bump when the on-disk layout changes; a new version starts in a new sub-folder."""


class EmbeddedBackend:
    """SearchBackend with zero setup: one sub-folder per index under `data_dir`.

    Blocking work (tantivy, numpy, hnswlib) runs in worker threads so the event loop never waits
    on it. Only one process may open a data dir (tantivy holds a writer lock).
    """

    supports_vectors = True

    def __init__(self, data_dir: Path, *, dim: int, exact_max: int = EXACT_SEARCH_MAX) -> None:
        self.dim = dim
        self.data_dir = data_dir
        self._exact_max = exact_max
        self._indexes: dict[IndexName, EmbeddedIndex] = {}
        self._lock = threading.Lock()
        self._closed = False

    def folder(self, index: IndexName) -> Path:
        """Where one index lives on disk."""
        return self.data_dir / f"{index.value}-v{EMBEDDED_SCHEMA_VERSION}"

    def _index(self, index: IndexName) -> EmbeddedIndex:
        with self._lock:
            if self._closed:
                raise SearchUnavailableError("the embedded search backend is closed")
            opened = self._indexes.get(index)
            if opened is None:
                opened = EmbeddedIndex(self.folder(index), dim=self.dim, exact_max=self._exact_max)
                self._indexes[index] = opened
            return opened

    async def ensure_indices(self) -> None:
        """Open (creating if missing) every index folder."""
        for index in IndexName:
            await asyncio.to_thread(self._index, index)

    async def upsert(self, index: IndexName, docs: Sequence[IndexDoc]) -> None:
        """Insert or replace documents by id; visible to searches when this returns."""
        for doc in docs:
            if doc.vector is not None:
                as_vector(doc.vector, self.dim)
        await asyncio.to_thread(lambda: self._index(index).upsert(docs))

    async def delete(self, index: IndexName, ids: Sequence[int]) -> None:
        """Remove documents by id; unknown ids are ignored."""
        await asyncio.to_thread(lambda: self._index(index).delete(ids))

    async def purge_deleted(self, index: IndexName) -> None:
        """Rewrite the index folder so no byte of a deleted document remains on disk."""
        await asyncio.to_thread(lambda: self._index(index).purge_deleted())

    async def get(self, index: IndexName, doc_id: int) -> IndexDoc | None:
        """One stored document, or None."""
        return await asyncio.to_thread(lambda: self._index(index).get(doc_id))

    async def get_many(self, index: IndexName, doc_ids: Collection[int]) -> dict[int, IndexDoc]:
        """Stored documents by id (one thread hop); unknown ids are left out."""

        def read() -> dict[int, IndexDoc]:
            docs = (self._index(index).get(i) for i in doc_ids)
            return {doc.id: doc for doc in docs if doc is not None}

        return await asyncio.to_thread(read)

    async def all_ids(self, index: IndexName) -> set[int]:
        """Every id in the index."""
        return await asyncio.to_thread(lambda: self._index(index).all_ids())

    async def count(self, index: IndexName, filters: SearchFilters) -> int:
        """How many documents match the filters."""
        return await asyncio.to_thread(lambda: self._index(index).count(filters))

    async def search_text(
        self, index: IndexName, query: str, filters: SearchFilters, *, limit: int, offset: int = 0
    ) -> SearchResult:
        """BM25 over jieba tokens of title and body; an empty query lists by id descending."""
        check_result_window(offset=offset, limit=limit)
        return await asyncio.to_thread(
            lambda: self._index(index).search_text(query, filters, limit=limit, offset=offset)
        )

    async def search_vector(
        self, index: IndexName, vector: Vector, filters: SearchFilters, *, k: int
    ) -> SearchResult:
        """Nearest neighbours by cosine similarity among documents matching the filters."""
        opened = await asyncio.to_thread(self._index, index)
        hits = await asyncio.to_thread(opened.search_vector, vector, filters, k=k)
        return SearchResult(hits=hits, total=len(hits))

    async def search_hybrid(
        self, index: IndexName, query: str, vector: Vector, filters: SearchFilters, *, k: int
    ) -> SearchResult:
        """Text and vector results fused with reciprocal rank fusion (k=60)."""
        return await asyncio.to_thread(lambda: self._hybrid(index, query, vector, filters, k))

    def _hybrid(
        self, index: IndexName, query: str, vector: Vector, filters: SearchFilters, k: int
    ) -> SearchResult:
        opened, window = self._index(index), rank_window(k)
        vector_hits = opened.search_vector(vector, filters, k=window)
        if not query_terms(query):
            return SearchResult(hits=vector_hits[:k], total=len(vector_hits))
        text_hits = opened.search_text(query, filters, limit=window, offset=0).hits
        return reciprocal_rank_fusion([text_hits, vector_hits], k=k)

    async def aggregate(
        self, index: IndexName, field: AggField, filters: SearchFilters, *, size: int = 100
    ) -> dict[str, int]:
        """Document counts per value of a keyword field, largest first."""
        return await asyncio.to_thread(lambda: self._index(index).aggregate(field, filters, size))

    async def health(self) -> bool:
        """True while the backend is open."""
        return not self._closed

    async def close(self) -> None:
        """Snapshot the in-memory tables and release the index writers."""
        with self._lock:
            self._closed = True
            opened, self._indexes = list(self._indexes.values()), {}
        for index in opened:
            await asyncio.to_thread(index.close)
