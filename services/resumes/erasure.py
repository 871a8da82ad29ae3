"""After a seeker deletes, no byte of the résumé is left in any file we write (issue 22, row 7).

Deleting the row and the index document is not enough on disk: the search index keeps deleted
documents as tombstones until it rewrites its segments, and SQLite's write-ahead log keeps old
page images until a checkpoint. The `resume.erase` task, enqueued by every deletion, rewrites the
résumé index without them and checkpoints (TRUNCATE) the WAL; SQLite runs with secure_delete, so
the freed pages hold zeros. Exports naming the résumé are deleted with it (exports/jobs.py).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from search.types import IndexName
from services.db import checkpoint_wal
from services.tasks.registry import task

if TYPE_CHECKING:
    from services.runtime import Runtime

log = logging.getLogger("fairmatch.erasure")


async def erase_deleted(runtime: Runtime) -> dict[str, float]:
    """Rewrite the résumé index without deleted documents, then checkpoint the database."""
    started = time.perf_counter()
    await runtime.search.purge_deleted(IndexName.resumes)
    index_s = time.perf_counter() - started
    wal = await checkpoint_wal(runtime.engine)
    busy = float(wal[0]) if wal is not None else 0.0
    if busy:
        log.warning("WAL checkpoint was busy; the next erase checkpoints again")
    return {"index_s": round(index_s, 3), "total_s": round(time.perf_counter() - started, 3)}


@task("resume.erase")
async def erase_task(runtime: Runtime, payload: dict[str, Any]) -> None:
    """The queued form of erase_deleted (no arguments: it erases whatever was deleted)."""
    await erase_deleted(runtime)
