"""Recompute the stored occupation columns after the model changed (`fairmatch occupations
reclassify`, run after `fairmatch occupations train`).

Résumés: the code and the distribution follow the model (`resume_occupation`).

Postings: a code the model chose (occupation_code_source 'model', or no code) follows the new
model. A code the firm set ('firm') is never changed, even when it equals the model's answer;
only its distribution is recomputed, by the rule a new posting gets (`posting_occupation`), so
ranking reads what it would read from a live classification. The source itself never changes
here: only a firm's edit moves a posting between the two.

Titles are classified in batches (one transaction each); rows whose code changed are re-indexed,
as their search documents carry the code and its group.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update

from search.types import IndexName
from services.matching.documents import (
    posting_occupation,
    resume_occupation,
    resume_title,
)
from services.models import OccupationSource, Posting, Resume

if TYPE_CHECKING:
    from services.runtime import Runtime

BATCH = 256
Progress = Callable[[IndexName, int, int], None]  # table, rows done, rows in all
Columns = tuple[str | None, list[list[str | float]]]


@dataclass(frozen=True, slots=True)
class Reclassified:
    """What one table's pass did."""

    rows: int = 0
    changed: int = 0  # rows whose code or distribution was rewritten
    recoded: int = 0  # rows whose code changed (and were re-indexed)

    def plus(self, *, rows: int, changed: int, recoded: int) -> Reclassified:
        return Reclassified(self.rows + rows, self.changed + changed, self.recoded + recoded)


def _posting_columns(row: Any, found: list[tuple[str, float]]) -> Columns:
    kept = row.occupation_code if row.occupation_code_source == OccupationSource.firm else None
    chosen = posting_occupation(found, code=kept)
    return chosen.code, chosen.probs


@dataclass(frozen=True, slots=True)
class _Table:
    index: IndexName
    model: type[Posting] | type[Resume]
    read: tuple[Any, ...]  # the columns the classified text is made of, and what `columns` reads
    text: Callable[[Any], str]
    columns: Callable[[Any, list[tuple[str, float]]], Columns]


_TABLES = (
    _Table(
        IndexName.postings,
        Posting,
        (Posting.title, Posting.occupation_code_source),
        lambda row: str(row.title),
        _posting_columns,
    ),
    _Table(
        IndexName.resumes,
        Resume,
        (Resume.desired_title, Resume.major),
        lambda row: resume_title(row.desired_title, row.major),
        lambda _row, found: resume_occupation(found),
    ),
)


async def _pass(
    runtime: Runtime, table: _Table, batch: int, progress: Progress | None
) -> Reclassified:
    model = table.model
    read = select(
        model.id,
        *table.read,
        model.occupation_code,
        model.occupation_probs,
    ).order_by(model.id)
    async with runtime.sessions() as session:
        total = await session.scalar(select(func.count(model.id))) or 0
    done, last = Reclassified(), 0
    while True:
        async with runtime.sessions() as session:
            rows: Sequence[Any] = (
                await session.execute(read.where(model.id > last).limit(batch))
            ).all()
            if not rows:
                break
            texts = [table.text(row) for row in rows]
            found = await asyncio.to_thread(runtime.classifier.probabilities_many, texts)
            changes, recoded = [], []
            for row, distribution in zip(rows, found, strict=True):
                code, probs = table.columns(row, distribution)
                if (code, probs) != (row.occupation_code, row.occupation_probs):
                    changes.append(
                        {"id": row.id, "occupation_code": code, "occupation_probs": probs}
                    )
                if code != row.occupation_code:
                    recoded.append(row.id)
            if changes:
                await session.execute(update(model), changes)
            await session.commit()
        if recoded:
            await runtime.queue.enqueue("index.upsert", index=table.index.value, ids=recoded)
        last = rows[-1].id
        done = done.plus(rows=len(rows), changed=len(changes), recoded=len(recoded))
        if progress is not None:
            progress(table.index, done.rows, total)
    return done


async def reclassify(
    runtime: Runtime, *, batch: int = BATCH, progress: Progress | None = None
) -> dict[str, Reclassified]:
    """Rewrite every posting's and résumé's stored occupation columns from the current model."""
    return {table.index.value: await _pass(runtime, table, batch, progress) for table in _TABLES}
