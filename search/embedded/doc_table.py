"""In-memory columns of one embedded index: filter fields, unit vectors and the HNSW graph.

Rows are assigned per document id and never move; a deleted row is only marked dead. Filters are
evaluated as numpy masks, so vector search, count and aggregations see exactly the filtered set
(no over-fetching). Vector search is exact (one matrix-vector product) while the candidate set is
small and uses hnswlib with a row filter above `exact_max`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import hnswlib
import numpy as np
from numpy.typing import NDArray
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

from search.documents import as_vector, unit
from search.types import AggField, IndexDoc, SearchFilters, SearchHit, Vector

EXACT_SEARCH_MAX = 10_000
"""Candidate sets up to this size are searched exactly; measured with bench/search_bench.py."""

_MISSING = np.iinfo(np.int64).min
_HIGH = np.iinfo(np.int64).max
_INT_FIELDS = ("fair_id", "enterprise_id", "skill_level")
_CAT_FIELDS = ("occupation_code", "occupation_group", "district", "status")
_HNSW_M = 16
_HNSW_EF_CONSTRUCTION = 100
_HNSW_EF_SEARCH = 96

BoolArray = NDArray[np.bool_]


class _BlasPin:
    """Pins BLAS to one thread while any query runs; restores the setting after the last one."""

    def __init__(self) -> None:
        self._controller = ThreadpoolController()
        self._lock = threading.Lock()
        self._active = 0
        self._restore: Any = None

    def __enter__(self) -> None:
        with self._lock:
            if self._active == 0:
                self._restore = self._controller.limit(limits=1, user_api="blas")
            self._active += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._active -= 1
            if self._active == 0 and self._restore is not None:
                self._restore.restore_original_limits()
                self._restore = None


_blas_pin = _BlasPin()


class DocTable:
    """Filterable columns and vectors for one index. Callers serialise writers against readers."""

    def __init__(self, dim: int, *, exact_max: int = EXACT_SEARCH_MAX) -> None:
        self.dim = dim
        self.exact_max = exact_max
        self._row_of: dict[int, int] = {}
        self._n = 0
        self._cols: dict[str, NDArray[Any]] = {}
        self._vectors: NDArray[np.float32] = np.zeros((0, dim), dtype=np.float32)
        self._vocab: dict[str, dict[str, int]] = {name: {} for name in _CAT_FIELDS}
        self._hnsw: Any = None
        self._hnsw_stale = False  # the graph still holds vectors of deleted rows
        self._grow(0)

    # ----- writing -------------------------------------------------------------------------

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        """Insert or replace rows for these documents and keep the HNSW graph in step."""
        vectors = [None if d.vector is None else unit(as_vector(d.vector, self.dim)) for d in docs]
        new = sum(1 for d in docs if d.id not in self._row_of)
        if self._n + new > len(self._cols["id"]):
            self._grow(max(1024, 2 * (self._n + new)))
        rows = np.empty(len(docs), dtype=np.int64)
        for i, (doc, vector) in enumerate(zip(docs, vectors, strict=True)):
            row = self._row_of.get(doc.id)
            if row is None:
                row = self._row_of[doc.id] = self._n
                self._n += 1
            rows[i] = row
            self._write_row(row, doc, vector)
        self._sync_hnsw(rows)

    def delete(self, ids: Iterable[int]) -> None:
        """Mark the rows of these ids dead; unknown ids are ignored."""
        for doc_id in ids:
            row = self._row_of.get(doc_id)
            if row is None or not self._cols["alive"][row]:
                continue
            self._cols["alive"][row] = False
            self._vectors[row] = 0.0  # the vector goes with the document, not only its row
            self._unlink_hnsw(row)

    def _write_row(self, row: int, doc: IndexDoc, vector: Vector | None) -> None:
        cols = self._cols
        cols["id"][row] = doc.id
        cols["alive"][row] = True
        for name in _INT_FIELDS:
            value = getattr(doc, name)
            cols[name][row] = _MISSING if value is None else value
        cols["salary_min"][row] = _MISSING if doc.salary_min is None else doc.salary_min
        cols["salary_max"][row] = _HIGH if doc.salary_max is None else doc.salary_max
        cols["open"][row] = doc.open_to_recommendations
        for name in _CAT_FIELDS:
            value = getattr(doc, name)
            vocab = self._vocab[name]
            cols[name][row] = -1 if value is None else vocab.setdefault(value, len(vocab))
        cols["has_vector"][row] = vector is not None
        self._vectors[row] = 0.0 if vector is None else vector

    def _grow(self, capacity: int) -> None:
        fills: dict[str, tuple[Any, Any]] = {
            "id": (np.int64, 0),
            "alive": (np.bool_, False),
            "has_vector": (np.bool_, False),
            "in_hnsw": (np.bool_, False),
            "open": (np.bool_, True),
            "salary_min": (np.int64, _MISSING),
            "salary_max": (np.int64, _HIGH),
            **{name: (np.int64, _MISSING) for name in _INT_FIELDS},
            **{name: (np.int32, -1) for name in _CAT_FIELDS},
        }
        for name, (dtype, fill) in fills.items():
            column = np.full(capacity, fill, dtype=dtype)
            if name in self._cols:
                column[: self._n] = self._cols[name][: self._n]
            self._cols[name] = column
        vectors = np.zeros((capacity, self.dim), dtype=np.float32)
        vectors[: self._n] = self._vectors[: self._n]
        self._vectors = vectors
        if self._hnsw is not None:
            self._hnsw.resize_index(capacity)

    # ----- HNSW ----------------------------------------------------------------------------

    def _sync_hnsw(self, rows: NDArray[np.int64]) -> None:
        cols = self._cols
        if self._hnsw is None:
            if int(np.count_nonzero(self._live_vectors())) > self.exact_max:
                self._build_hnsw()
            return
        with_vector = rows[cols["has_vector"][rows]]
        for row in rows[~cols["has_vector"][rows]]:
            self._unlink_hnsw(int(row))
        if len(with_vector):
            self._hnsw.add_items(self._vectors[with_vector], with_vector)
            cols["in_hnsw"][with_vector] = True

    def _build_hnsw(self) -> None:
        index = hnswlib.Index(space="ip", dim=self.dim)
        index.init_index(
            max_elements=len(self._cols["id"]), M=_HNSW_M, ef_construction=_HNSW_EF_CONSTRUCTION
        )
        index.set_ef(_HNSW_EF_SEARCH)
        rows = np.flatnonzero(self._live_vectors())
        index.add_items(self._vectors[rows], rows)
        self._cols["in_hnsw"][:] = False
        self._cols["in_hnsw"][rows] = True
        self._hnsw = index
        self._hnsw_stale = False

    def _unlink_hnsw(self, row: int) -> None:
        if self._hnsw is not None and self._cols["in_hnsw"][row]:
            self._hnsw.mark_deleted(row)  # hnswlib keeps the vector: the graph is now stale
            self._cols["in_hnsw"][row] = False
            self._hnsw_stale = True

    def _live_vectors(self) -> BoolArray:
        n = self._n
        live: BoolArray = self._cols["alive"][:n] & self._cols["has_vector"][:n]
        return live

    # ----- reading -------------------------------------------------------------------------

    @property
    def uses_hnsw(self) -> bool:
        """True once the index is large enough to keep an HNSW graph."""
        return self._hnsw is not None

    def ids(self) -> set[int]:
        """Every live document id."""
        n = self._n
        return set(self._cols["id"][:n][self._cols["alive"][:n]].tolist())

    def mask(self, filters: SearchFilters) -> BoolArray:
        """Live rows matching the filters (same semantics as the tantivy and ES filters)."""
        n, cols, f = self._n, self._cols, filters
        mask: BoolArray = np.array(cols["alive"][:n], dtype=np.bool_)
        for name in ("fair_id", "enterprise_id"):
            value = getattr(f, name)
            if value is not None:
                mask &= cols[name][:n] == value
        if f.skill_level_min is not None or f.skill_level_max is not None:
            level = cols["skill_level"][:n]
            mask &= level != _MISSING
            if f.skill_level_min is not None:
                mask &= level >= f.skill_level_min
            if f.skill_level_max is not None:
                mask &= level <= f.skill_level_max
        if f.salary_min is not None:
            mask &= cols["salary_max"][:n] >= f.salary_min
        if f.salary_max is not None:
            mask &= cols["salary_min"][:n] <= f.salary_max
        for name, value in (("district", f.district), ("status", f.status)):
            if value is not None:
                mask &= cols[name][:n] == self._vocab[name].get(value, -2)
        if f.occupation_prefix is not None:
            prefix = f.occupation_prefix
            codes = [c for v, c in self._vocab["occupation_code"].items() if v.startswith(prefix)]
            mask &= np.isin(cols["occupation_code"][:n], np.asarray(codes, dtype=np.int32))
        if f.open_to_recommendations is not None:
            mask &= cols["open"][:n] == f.open_to_recommendations
        if f.ids is not None:
            rows = [self._row_of[i] for i in f.ids if i in self._row_of]
            allowed = np.zeros(n, dtype=np.bool_)
            allowed[rows] = True
            mask &= allowed
        return mask

    def aggregate(self, field: AggField, mask: BoolArray, size: int) -> dict[str, int]:
        """Counts per value among masked rows, largest first, ties by value ascending."""
        column = self._cols[field.value][: self._n][mask]
        if field.value in _CAT_FIELDS:
            names = list(self._vocab[field.value])
            counts = np.bincount(column[column >= 0], minlength=len(names))
            pairs = [(names[c], int(counts[c])) for c in np.flatnonzero(counts)]
            pairs.sort(key=lambda p: (-p[1], p[0]))
        else:
            values, counts = np.unique(column[column != _MISSING], return_counts=True)
            pairs_int = sorted(zip(values.tolist(), counts.tolist(), strict=True))
            pairs_int.sort(key=lambda p: -p[1])
            pairs = [(str(v), c) for v, c in pairs_int]
        return dict(pairs[:size])

    def knn(self, vector: Vector, mask: BoolArray, k: int) -> list[SearchHit]:
        """The k rows with the highest cosine similarity among masked rows that have a vector."""
        query = unit(as_vector(vector, self.dim))
        candidates = mask & self._cols["has_vector"][: self._n]
        m = int(np.count_nonzero(candidates))
        if m == 0 or k <= 0:
            return []
        if self._hnsw is not None and m > self.exact_max:
            try:
                return self._knn_hnsw(query, candidates, min(k, m))
            except RuntimeError:  # the filtered graph walk found fewer than k rows
                pass
        return self._knn_exact(query, candidates, min(k, m))

    def _knn_exact(self, query: Vector, candidates: BoolArray, k: int) -> list[SearchHit]:
        with _blas_pin:
            if np.count_nonzero(candidates) * 4 > len(candidates):
                rows = np.arange(len(candidates))
                scores = self._vectors[: len(candidates)] @ query
                scores[~candidates] = -np.inf
            else:
                rows = np.flatnonzero(candidates)
                scores = self._vectors[rows] @ query
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        ids = self._cols["id"][rows[top]]
        return [SearchHit(id=int(i), score=float(s)) for i, s in zip(ids, scores[top], strict=True)]

    def _knn_hnsw(self, query: Vector, candidates: BoolArray, k: int) -> list[SearchHit]:
        everything = np.array_equal(candidates, self._cols["in_hnsw"][: self._n])
        allowed = None if everything else candidates.tolist()
        labels, distances = self._hnsw.knn_query(
            query, k=k, num_threads=1, filter=None if allowed is None else allowed.__getitem__
        )
        ids = self._cols["id"][labels[0]]
        return [
            SearchHit(id=int(i), score=float(1.0 - d))
            for i, d in zip(ids, distances[0], strict=True)
        ]

    # ----- persistence ---------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write columns, vectors and the HNSW graph to `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        n = self._n
        arrays = {name: col[:n] for name, col in self._cols.items()}
        arrays["vectors"] = self._vectors[:n]
        np.savez(folder / "columns.npz", **arrays)  # type: ignore[arg-type]
        meta = {"dim": self.dim, "n": n, "vocab": {k: list(v) for k, v in self._vocab.items()}}
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        hnsw_path = folder / "hnsw.bin"
        if self._hnsw is not None and not self._hnsw_stale:
            self._hnsw.save_index(str(hnsw_path))
        else:  # a graph holding deleted vectors is not written: `load` builds a clean one
            hnsw_path.unlink(missing_ok=True)

    @classmethod
    def load(cls, folder: Path, *, exact_max: int = EXACT_SEARCH_MAX) -> DocTable:
        """Read a table written by `save`."""
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        table = cls(int(meta["dim"]), exact_max=exact_max)
        n = int(meta["n"])
        with np.load(folder / "columns.npz") as data:
            table._n = 0
            table._grow(max(1024, 2 * n))
            table._n = n
            for name in table._cols:
                table._cols[name][:n] = data[name]
            table._vectors[:n] = data["vectors"]
        table._vocab = {k: {v: i for i, v in enumerate(vs)} for k, vs in meta["vocab"].items()}
        table._row_of = {int(i): row for row, i in enumerate(table._cols["id"][:n].tolist())}
        hnsw_path = folder / "hnsw.bin"
        if hnsw_path.exists():
            index = hnswlib.Index(space="ip", dim=table.dim)
            index.load_index(str(hnsw_path), max_elements=len(table._cols["id"]))
            index.set_ef(_HNSW_EF_SEARCH)
            table._hnsw = index
        elif int(np.count_nonzero(table._live_vectors())) > exact_max:
            table._build_hnsw()
        return table
