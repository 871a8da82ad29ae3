"""Task queues: an in-process asyncio worker (embedded default) or Celery over Redis."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Protocol

from services.config import Settings
from services.tasks.registry import TaskFn, get_task
from services.tasks.routing import QUEUE_NAMES, RUN_TASK, make_celery, queue_for

if TYPE_CHECKING:
    from services.runtime import Runtime

log = logging.getLogger("fairmatch.tasks")

MAX_ATTEMPTS = 4


class TaskQueue(Protocol):
    """Where services enqueue work after their transaction committed."""

    async def start(self, runtime: Runtime) -> None: ...

    async def stop(self) -> None: ...

    async def enqueue(self, name: str, **kwargs: Any) -> None: ...

    async def drain(self, queue: str | None = None) -> None:
        """Wait until every task enqueued so far (on one queue, or all) has finished
        (in-process only)."""

    def pending(self) -> int: ...

    async def depth(self) -> int:
        """Tasks waiting to run (in-process queue or the broker's queues)."""

    async def healthy(self) -> bool: ...


class InProcessQueue:
    """Runs the registered task functions on this event loop with retries: one worker per queue
    (the queues Celery would use), so indexing never waits behind a long export."""

    def __init__(self) -> None:
        self._queues: dict[str, asyncio.Queue[tuple[str, dict[str, Any]]]] = {
            name: asyncio.Queue() for name in QUEUE_NAMES
        }
        self._workers: list[asyncio.Task[None]] = []
        self._runtime: Runtime | None = None
        self.failed: list[tuple[str, dict[str, Any], str]] = []

    async def start(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._workers = [
            asyncio.create_task(self._run(queue), name=f"fairmatch-tasks-{name}")
            for name, queue in self._queues.items()
        ]

    async def stop(self) -> None:
        if self._workers:
            await self.drain()
            for worker in self._workers:
                worker.cancel()
            await asyncio.gather(*self._workers, return_exceptions=True)
            self._workers = []

    async def enqueue(self, name: str, **kwargs: Any) -> None:
        get_task(name)  # unknown names fail at the call site, not later in the worker
        await self._queues[queue_for(name)].put((name, kwargs))

    async def drain(self, queue: str | None = None) -> None:
        """Wait until every task enqueued so far (on one queue, or all) has finished."""
        # Two passes: a task on a later queue may enqueue on an earlier one (exports never do).
        for _ in range(2 if self._workers else 0):
            for name, waiting in self._queues.items():
                if queue is None or name == queue:
                    await waiting.join()

    def pending(self) -> int:
        return sum(queue.qsize() for queue in self._queues.values())

    async def depth(self) -> int:
        return self.pending()

    async def healthy(self) -> bool:
        return bool(self._workers) and not any(worker.done() for worker in self._workers)

    async def _run(self, queue: asyncio.Queue[tuple[str, dict[str, Any]]]) -> None:
        assert self._runtime is not None
        while True:
            name, kwargs = await queue.get()
            try:
                await self._execute(self._runtime, name, kwargs)
            finally:
                queue.task_done()

    async def _execute(self, runtime: Runtime, name: str, kwargs: dict[str, Any]) -> None:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                await get_task(name)(runtime, kwargs)
                return
            except Exception as exc:
                if attempt == MAX_ATTEMPTS:
                    log.exception("task %s failed for good: %s", name, kwargs)
                    self.failed.append((name, kwargs, repr(exc)))
                    return
                log.warning("task %s attempt %d failed: %r; retrying", name, attempt, exc)
                await asyncio.sleep(0.2 * 2**attempt)


class CeleryQueue:
    """Sends tasks to Celery workers through Redis; the workers run the same task functions."""

    def __init__(self, redis_url: str, *, visibility_timeout: int) -> None:
        self._redis_url = redis_url
        self._app = make_celery(redis_url, visibility_timeout=visibility_timeout)
        self._runtime: Runtime | None = None
        self._fallbacks: set[asyncio.Task[None]] = set()

    async def start(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def stop(self) -> None:
        await asyncio.gather(*self._fallbacks, return_exceptions=True)
        await asyncio.to_thread(self._app.close)

    async def enqueue(self, name: str, **kwargs: Any) -> None:
        task = get_task(name)
        try:
            await asyncio.to_thread(
                self._app.send_task, RUN_TASK, args=(name, kwargs), queue=queue_for(name)
            )
        except Exception as exc:
            # The caller's transaction has committed: never turn that into an error. Run the
            # task here instead (tasks are idempotent); `fairmatch reindex` heals if that fails.
            log.warning("broker unavailable (%r); running %s in-process", exc, name)
            if self._runtime is not None:
                fallback = asyncio.create_task(self._run_here(task, kwargs, name))
                self._fallbacks.add(fallback)
                fallback.add_done_callback(self._fallbacks.discard)

    async def _run_here(self, task: TaskFn, kwargs: dict[str, Any], name: str) -> None:
        assert self._runtime is not None
        try:
            await task(self._runtime, kwargs)
        except Exception:
            log.exception("task %s failed in-process; `fairmatch reindex` will heal it", name)

    async def drain(self, queue: str | None = None) -> None:
        return None

    def pending(self) -> int:
        return 0

    async def depth(self) -> int:
        from redis.asyncio import Redis

        client = Redis.from_url(self._redis_url, socket_connect_timeout=2, socket_timeout=2)
        try:
            return sum([int(await client.llen(name)) for name in QUEUE_NAMES])
        except Exception:
            return -1
        finally:
            await client.aclose()

    async def healthy(self) -> bool:
        from redis.asyncio import Redis

        client = Redis.from_url(self._redis_url, socket_connect_timeout=2, socket_timeout=2)
        try:
            return bool(await client.ping())
        except Exception:
            return False
        finally:
            await client.aclose()


def create_queue(settings: Settings) -> TaskQueue:
    """Celery when FAIRMATCH_REDIS_URL is set, otherwise the in-process queue."""
    if settings.redis_url:
        return CeleryQueue(
            settings.redis_url, visibility_timeout=settings.celery_visibility_timeout
        )
    return InProcessQueue()
