"""One embedded index on disk: the tantivy text index plus the in-memory column table.

tantivy is the durable copy (every upsert is committed). The column table (filters, vectors, HNSW)
is rebuilt from it on open, unless a snapshot written by a clean `close()` is present; the snapshot
is invalidated by the first write after opening, so a crash never leaves a stale table behind.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from search.embedded.doc_table import EXACT_SEARCH_MAX, DocTable
from search.embedded.rwlock import ReadWriteLock
from search.embedded.text_index import TextIndex
from search.tokenize import query_terms
from search.types import AggField, IndexDoc, SearchFilters, SearchHit, SearchResult, Vector

_REBUILD_BATCH = 5_000


class EmbeddedIndex:
    """Text and vector search over one folder; one writer at a time, concurrent readers."""

    def __init__(self, folder: Path, *, dim: int, exact_max: int = EXACT_SEARCH_MAX) -> None:
        self.folder = folder
        self._text = TextIndex(folder / "text")
        self._snapshot = folder / "table"
        self._clean_marker = self._snapshot / "CLEAN"
        self._write_lock = threading.Lock()
        self._table_lock = ReadWriteLock()
        self._table = self._load_table(dim, exact_max)
        self._tombstones = True  # unknown after opening: the first purge rewrites anyway

    def _load_table(self, dim: int, exact_max: int) -> DocTable:
        if self._clean_marker.exists():
            table = DocTable.load(self._snapshot, exact_max=exact_max)
            if table.dim == dim and len(table.ids()) == self._text.num_docs():
                return table
        return self._table_of(self._text.iter_docs(), dim, exact_max)

    @staticmethod
    def _table_of(docs: Iterable[IndexDoc], dim: int, exact_max: int) -> DocTable:
        table = DocTable(dim, exact_max=exact_max)
        rest = iter(docs)
        while batch := list(itertools.islice(rest, _REBUILD_BATCH)):
            table.upsert(batch)
        return table

    def _invalidate_snapshot(self) -> None:
        """The first write after opening makes the snapshot stale: delete it (it may hold
        vectors of documents deleted since), not only its CLEAN marker."""
        self._clean_marker.unlink(missing_ok=True)
        for name in ("columns.npz", "meta.json", "hnsw.bin"):
            (self._snapshot / name).unlink(missing_ok=True)

    # ----- writing -------------------------------------------------------------------------

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        """Insert or replace documents (one commit); visible to searches on return."""
        if not docs:
            return
        latest = list({doc.id: doc for doc in docs}.values())
        with self._write_lock:
            self._invalidate_snapshot()
            self._text.upsert(latest)
            with self._table_lock.write():
                self._table.upsert(latest)

    def delete(self, ids: Sequence[int]) -> None:
        """Remove documents by id; unknown ids are ignored."""
        if not ids:
            return
        with self._write_lock:
            self._invalidate_snapshot()
            self._text.delete(ids)
            with self._table_lock.write():
                self._table.delete(ids)
            self._tombstones = True

    def purge_deleted(self) -> int:
        """Rewrite the folder without a byte of deleted documents: the text index's segments
        (tombstoned documents stay readable in them until then) and the stale snapshot. The
        in-memory table zeroed their vectors at deletion and never writes a graph that still
        holds them (DocTable.save). Returns the documents kept; -1 when nothing was deleted
        since the last purge."""
        with self._write_lock:
            if not self._tombstones:
                return -1
            docs = list(self._text.iter_docs())
            self._invalidate_snapshot()
            self._text.rewrite(docs)
            self._tombstones = False
            return len(docs)

    # ----- reading -------------------------------------------------------------------------

    def get(self, doc_id: int) -> IndexDoc | None:
        """The stored document, or None."""
        return self._text.get(doc_id)

    def all_ids(self) -> set[int]:
        """Every live id."""
        with self._table_lock.read():
            return self._table.ids()

    def count(self, filters: SearchFilters) -> int:
        """Documents matching the filters."""
        with self._table_lock.read():
            return int(self._table.mask(filters).sum())

    def aggregate(self, field: AggField, filters: SearchFilters, size: int) -> dict[str, int]:
        """Counts per keyword value among filtered documents."""
        with self._table_lock.read():
            return self._table.aggregate(field, self._table.mask(filters), size)

    def search_text(
        self, query: str, filters: SearchFilters, *, limit: int, offset: int
    ) -> SearchResult:
        """BM25 search; a query without searchable tokens lists by id descending."""
        return self._text.search(query_terms(query), filters, limit=limit, offset=offset)

    def search_vector(self, vector: Vector, filters: SearchFilters, *, k: int) -> list[SearchHit]:
        """Cosine nearest neighbours among filtered documents."""
        with self._table_lock.read():
            return self._table.knn(vector, self._table.mask(filters), k)

    @property
    def uses_hnsw(self) -> bool:
        """True once vector search goes through the HNSW graph."""
        return self._table.uses_hnsw

    def close(self) -> None:
        """Snapshot the table for a fast next open and release the tantivy writer."""
        with self._write_lock, self._table_lock.write():
            self._table.save(self._snapshot)
            self._clean_marker.touch()
            self._text.close()
