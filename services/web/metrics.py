"""Prometheus metrics: request latency, queue depth, index lag and fair event counters."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response
from sqlalchemy import func, select
from starlette.datastructures import State

from search.types import IndexName, SearchFilters
from services.deps import RuntimeDep
from services.models import Posting, Resume
from services.web.observability import INDEX_LAG, QUEUE_DEPTH, metrics_payload

if TYPE_CHECKING:
    from services.runtime import Runtime

router = APIRouter(tags=["health"])

LAG_REFRESH_SECONDS = 15.0
log = logging.getLogger("fairmatch.metrics")


async def _refresh_gauges(runtime: Runtime, state: State) -> None:
    """Queue depth on every scrape; index lag (two counts each side) at most every 15 s."""
    QUEUE_DEPTH.set(await runtime.queue.depth())
    now = time.monotonic()
    if now - getattr(state, "lag_refreshed_at", -LAG_REFRESH_SECONDS) < LAG_REFRESH_SECONDS:
        return
    state.lag_refreshed_at = now
    async with runtime.sessions() as session:
        rows = {
            IndexName.postings: await session.scalar(select(func.count(Posting.id))) or 0,
            IndexName.resumes: await session.scalar(select(func.count(Resume.id))) or 0,
        }
    for index, count in rows.items():
        try:
            indexed = await runtime.search.count(index, SearchFilters())
        except Exception as exc:
            log.warning("index lag unknown for %s: %r", index.value, exc)
            continue
        INDEX_LAG.labels(index=index.value).set(max(0, count - indexed))


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request, runtime: RuntimeDep) -> Response:
    """Prometheus exposition format."""
    await _refresh_gauges(runtime, request.app.state)
    body, content_type = metrics_payload()
    return Response(content=body, media_type=content_type)
