"""Rebuild the search indices from the database and report drift between the two."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.progress import Progress
from sqlalchemy import select

from search.types import IndexName
from services.matching.indexing import upsert_postings, upsert_resumes
from services.models import Posting, Resume

if TYPE_CHECKING:
    from services.runtime import Runtime

BATCH = 128


@dataclass(frozen=True, slots=True)
class Drift:
    """Rows missing from the index, and index documents with no row behind them."""

    index: IndexName
    database: int
    indexed: int
    missing_from_index: list[int]
    orphaned_in_index: list[int]

    def to_dict(self) -> dict[str, object]:
        return {
            "index": self.index.value,
            "database_rows": self.database,
            "indexed_docs": self.indexed,
            "missing_from_index": len(self.missing_from_index),
            "orphaned_in_index": len(self.orphaned_in_index),
        }


_MODELS: dict[IndexName, type[Posting] | type[Resume]] = {
    IndexName.postings: Posting,
    IndexName.resumes: Resume,
}
_UPSERT: dict[IndexName, Callable[[Runtime, Sequence[int]], Awaitable[None]]] = {
    IndexName.postings: upsert_postings,
    IndexName.resumes: upsert_resumes,
}


async def measure_drift(runtime: Runtime, index: IndexName) -> Drift:
    """Compare the ids in the database with the ids in the index."""
    model = _MODELS[index]
    async with runtime.sessions() as session:
        db_ids = set((await session.scalars(select(model.id))).all())
    indexed = await runtime.search.all_ids(index)
    return Drift(
        index=index,
        database=len(db_ids),
        indexed=len(indexed),
        missing_from_index=sorted(db_ids - indexed),
        orphaned_in_index=sorted(indexed - db_ids),
    )


async def reindex(
    runtime: Runtime, *, full: bool, progress: Progress | None = None
) -> dict[str, object]:
    """Re-embed and upsert every row (full) or only the missing ones; delete orphans.

    Returns the drift found before and after, per index.
    """
    report: dict[str, object] = {}
    for index in IndexName:
        before = await measure_drift(runtime, index)
        if full:
            async with runtime.sessions() as session:
                todo = sorted((await session.scalars(select(_MODELS[index].id))).all())
        else:
            todo = before.missing_from_index
        task = progress.add_task(f"{index.value}", total=len(todo)) if progress else None
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            await _UPSERT[index](runtime, batch)
            if progress is not None and task is not None:
                progress.advance(task, len(batch))
        if before.orphaned_in_index:
            await runtime.search.delete(index, before.orphaned_in_index)
        after = await measure_drift(runtime, index)
        report[index.value] = {"before": before.to_dict(), "after": after.to_dict()}
    return report
