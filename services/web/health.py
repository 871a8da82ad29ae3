"""Liveness and readiness probes."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from services.deps import RuntimeDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


async def _database_ok(runtime: RuntimeDep) -> bool:
    try:
        async with runtime.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


async def _search_ok(runtime: RuntimeDep) -> bool:
    try:
        return await runtime.search.health()
    except Exception:
        return False


@router.get("/readyz")
async def readyz(runtime: RuntimeDep) -> JSONResponse:
    """Database, search and queue all answer: 200, otherwise 503 naming what is down."""
    database, search = await asyncio.gather(_database_ok(runtime), _search_ok(runtime))
    queue = await runtime.queue.healthy()
    checks = {"database": database, "search": search, "queue": queue}
    ok = all(checks.values())
    return JSONResponse(
        status_code=200 if ok else 503,
        content={"status": "ok" if ok else "unavailable", "checks": checks},
    )
