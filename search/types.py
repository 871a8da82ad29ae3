"""The SearchBackend protocol and the value types every backend speaks."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

Vector = NDArray[np.float32]


class IndexName(StrEnum):
    """The logical indices; backends map them to versioned physical names."""

    postings = "postings"
    resumes = "resumes"


class AggField(StrEnum):
    """Keyword fields that can be aggregated for the dashboard."""

    occupation_code = "occupation_code"
    occupation_group = "occupation_group"
    skill_level = "skill_level"
    district = "district"
    enterprise_id = "enterprise_id"


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """One posting or résumé as the index sees it (derived from the database row).

    `title` and `body` are plain text; backends tokenize them with search.tokenize (jieba) so the
    embedded engine and Elasticsearch see the same tokens. `skill_level` is the ladder rank (0..7).
    `occupation_group` is the middle group code prefix (e.g. "6-18"). Résumés carry no contact data.
    """

    id: int
    title: str
    body: str = ""
    vector: Vector | None = None
    fair_id: int | None = None
    enterprise_id: int | None = None
    occupation_code: str | None = None
    occupation_group: str | None = None
    skill_level: int | None = None
    district: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    status: str | None = None
    open_to_recommendations: bool = True


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Filters applied identically by every backend; None means no constraint.

    salary_min / salary_max select documents whose own [salary_min, salary_max] range overlaps the
    asked range. occupation_prefix matches codes starting with it ("6-18" matches "6-18-01-01").
    """

    fair_id: int | None = None
    enterprise_id: int | None = None
    occupation_prefix: str | None = None
    skill_level_min: int | None = None
    skill_level_max: int | None = None
    district: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    status: str | None = None
    open_to_recommendations: bool | None = None
    ids: frozenset[int] | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: int
    score: float


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits best first; total counts every matching document, not only those returned."""

    hits: list[SearchHit]
    total: int


class SearchUnavailableError(RuntimeError):
    """The search engine cannot be reached or answered with a server error."""


MAX_RESULT_WINDOW = 10_000
"""offset + limit of a text search stays within this (Elasticsearch's index.max_result_window);
every backend refuses deeper pages the same way."""


class ResultWindowError(ValueError):
    """A page lies beyond MAX_RESULT_WINDOW results."""


def check_result_window(*, offset: int, limit: int) -> None:
    """ResultWindowError when offset + limit exceeds MAX_RESULT_WINDOW (or either is negative)."""
    if offset < 0 or limit < 0 or offset + limit > MAX_RESULT_WINDOW:
        raise ResultWindowError(
            f"offset {offset} + limit {limit} exceeds the {MAX_RESULT_WINDOW}-result window"
        )


class SearchBackend(Protocol):
    """What services/ may ask of a search engine. Every method is safe to call concurrently."""

    dim: int
    supports_vectors: bool
    """False when the engine cannot store or search vectors (search_vector raises
    SearchUnavailableError; search_hybrid degrades to text only)."""

    async def ensure_indices(self) -> None:
        """Create missing indices with their mappings; never deletes data. Safe to re-run."""

    async def upsert(self, index: IndexName, docs: Sequence[IndexDoc]) -> None:
        """Insert or replace documents by id; visible to searches when this returns (Elasticsearch
        with refresh "false", the production setting: within its one-second refresh interval)."""

    async def delete(self, index: IndexName, ids: Sequence[int]) -> None:
        """Remove documents by id, gone from searches when this returns; unknown ids are ignored."""

    async def purge_deleted(self, index: IndexName) -> None:
        """Rewrite (merge) the index's storage so deleted documents leave no bytes behind."""

    async def get(self, index: IndexName, doc_id: int) -> IndexDoc | None:
        """One stored document, or None."""

    async def get_many(self, index: IndexName, doc_ids: Collection[int]) -> dict[int, IndexDoc]:
        """Stored documents by id in one round trip; unknown ids are left out."""

    async def all_ids(self, index: IndexName) -> set[int]:
        """Every id in the index (for drift reports)."""

    async def count(self, index: IndexName, filters: SearchFilters) -> int:
        """How many documents match the filters."""

    async def search_text(
        self, index: IndexName, query: str, filters: SearchFilters, *, limit: int, offset: int = 0
    ) -> SearchResult:
        """BM25 over jieba tokens of title and body; an empty query lists by id descending.

        offset + limit above MAX_RESULT_WINDOW raises ResultWindowError on every backend.
        """

    async def search_vector(
        self, index: IndexName, vector: Vector, filters: SearchFilters, *, k: int
    ) -> SearchResult:
        """Nearest neighbours by cosine similarity among documents matching the filters."""

    async def search_hybrid(
        self,
        index: IndexName,
        query: str,
        vector: Vector,
        filters: SearchFilters,
        *,
        k: int,
    ) -> SearchResult:
        """Text and vector results fused with reciprocal rank fusion (k=60)."""

    async def aggregate(
        self, index: IndexName, field: AggField, filters: SearchFilters, *, size: int = 100
    ) -> dict[str, int]:
        """Document counts per value of a keyword field, largest first."""

    async def health(self) -> bool:
        """True when the engine answers."""

    async def close(self) -> None:
        """Release files, threads and connections."""
