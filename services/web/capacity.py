"""Bounded pools for heavy work: each kind of work has its own cap and its own threads.

Spreadsheet imports, résumé files, exports and password hashing never borrow the default
thread pool that searches and classification use, and never queue without end: when a pool is
full the request is refused at once (503 + Retry-After) instead of stalling everyone behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import ParamSpec, TypeVar

from services.errors import Busy

P = ParamSpec("P")
T = TypeVar("T")


def _lower_priority(niceness: int) -> None:
    """Lower this worker thread's CPU priority (Linux nice values are per thread, and threads it
    starts, such as argon2's lanes, inherit it): the event loop's thread comes first."""
    if niceness > 0 and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)


class WorkPool:
    """At most `size` jobs of one kind at a time on threads of their own, `queue` more waiting
    for a thread; beyond that, refused."""

    def __init__(
        self, name: str, *, size: int, queue: int = 0, retry_after: int = 5, niceness: int = 0
    ) -> None:
        self.name = name
        self.size = size
        self.queue = queue
        self.retry_after = retry_after
        self.running = 0
        self._executor = ThreadPoolExecutor(
            max_workers=size,
            thread_name_prefix=f"fm-{name}",
            initializer=_lower_priority,
            initargs=(niceness,),
        )

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the pool's places for a job; Busy (503 + Retry-After) when none is free."""
        if self.running >= self.size + self.queue:
            raise Busy(self.retry_after)
        self.running += 1
        try:
            yield
        finally:
            self.running -= 1

    async def call(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a blocking function on this pool's threads (the caller holds a slot)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: function(*args, **kwargs))

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Take a slot, run the function on this pool's threads, give the slot back."""
        async with self.slot():
            return await self.call(function, *args, **kwargs)
