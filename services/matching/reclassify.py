"""Recompute the stored occupation columns after the model changed (`fairmatch occupations
reclassify`, run after `fairmatch occupations train`).

Résumés: the code and the distribution follow the model (`resume_occupation`).

Postings: whether a code was set by hand is not recorded, so it is read from the stored columns.
A code follows the new model when the posting has none, or when its stored distribution is the
model's answer for it: a distribution whose most likely code is the posting's code and which is
not the single certain entry a hand-set code the title does not support is stored as. Every other
code (set by hand, or stored before migration 0010 left an empty distribution) is kept, and only
its distribution is recomputed, by the rule a new posting gets (`posting_occupation`); ranking then
reads what it read before from a live classification. A hand-set code that was also the title's
most likely one cannot be told apart and follows the model.

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
    stored_distribution,
)
from services.models import Posting, Resume

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


def follows_model(code: str | None, probs: object) -> bool:
    """Whether a posting's code came from the classifier, as far as its columns tell."""
    stored = stored_distribution(probs)
    if code is None:
        return True
    return bool(stored) and stored[0][0] == code and stored != ((code, 1.0),)


def _posting_columns(row: Any, found: list[tuple[str, float]]) -> Columns:
    kept = None if follows_model(row.occupation_code, row.occupation_probs) else row.occupation_code
    return posting_occupation(found, code=kept)


@dataclass(frozen=True, slots=True)
class _Table:
    index: IndexName
    model: type[Posting] | type[Resume]
    read: tuple[Any, ...]  # the columns the classified text is made of
    text: Callable[[Any], str]
    columns: Callable[[Any, list[tuple[str, float]]], Columns]


_TABLES = (
    _Table(
        IndexName.postings,
        Posting,
        (Posting.title,),
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
