"""The Celery worker process: one event loop and one runtime reused by every task it runs."""

from __future__ import annotations

import asyncio
import atexit
import logging
import threading
from typing import Any

from celery import Task
from celery.signals import worker_process_shutdown

from services.config import get_settings
from services.runtime import Runtime, open_runtime
from services.tasks import catalog  # noqa: F401  (registers every task)
from services.tasks.registry import get_task
from services.tasks.routing import RUN_TASK, make_celery

log = logging.getLogger("fairmatch.worker")

_settings = get_settings()
celery_app = make_celery(
    _settings.redis_url or "redis://127.0.0.1:6379/0",
    visibility_timeout=_settings.celery_visibility_timeout,
)


class _WorkerLoop:
    """One event loop and one runtime per worker process, reused by every task."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runtime: Runtime | None = None
        self._closer: Any = None
        self._lock = threading.Lock()

    def run(self, name: str, kwargs: dict[str, Any]) -> None:
        with self._lock:
            loop = self._ensure_loop()
            loop.run_until_complete(self._call(name, kwargs))

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop

    async def _call(self, name: str, kwargs: dict[str, Any]) -> None:
        if self._runtime is None:
            self._closer = open_runtime(get_settings(), start_queue=False)
            self._runtime = await self._closer.__aenter__()
        await get_task(name)(self._runtime, kwargs)

    def close(self) -> None:
        if self._loop is not None and self._closer is not None:
            self._loop.run_until_complete(self._closer.__aexit__(None, None, None))
            self._runtime = None
            self._closer = None


_worker_loop = _WorkerLoop()
atexit.register(_worker_loop.close)


@worker_process_shutdown.connect  # type: ignore[untyped-decorator]
def _shutdown(**_kwargs: Any) -> None:
    _worker_loop.close()


@celery_app.task(  # type: ignore[untyped-decorator]
    name=RUN_TASK,
    bind=True,
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=8,
)
def run_task(self: Task, name: str, kwargs: dict[str, Any]) -> None:
    """Run the registered task `name`; retried with backoff, idempotent by design."""
    log.info("running %s %s (attempt %s)", name, kwargs, self.request.retries + 1)
    _worker_loop.run(name, kwargs)
