"""Read résumé files in a child process, on a pool of their own, with a time and a memory limit.

Uploads never borrow the default thread pool that logins, searches and classification use; at
most `UPLOAD_POOL.size` files are read at once per process and a further upload is refused
(503 + Retry-After) rather than queued (services.web.isolation: the child-process mechanics).
"""

from __future__ import annotations

from collections.abc import Callable

from services.resumes.uploads import ResumeDraft, UploadProblem, UploadRejected, read_resume_upload
from services.web.capacity import WorkPool
from services.web.isolation import ChildDied, ChildTimedOut, run_isolated

PARSE_SECONDS = 10.0
PARSE_MEMORY_BYTES = 1024 * 1024 * 1024

UPLOAD_POOL = WorkPool("uploads", size=2, retry_after=10)

Reader = Callable[[bytes], ResumeDraft]


def _draft_or_problem(reader: Reader, data: bytes) -> ResumeDraft | UploadProblem:
    try:
        return reader(data)
    except UploadRejected as exc:
        return exc.problem


class _Reading:
    """A picklable `data -> draft or problem` for the child (a closure cannot be sent)."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def __call__(self, data: bytes) -> ResumeDraft | UploadProblem:
        return _draft_or_problem(self.reader, data)


async def read_upload_isolated(
    data: bytes,
    *,
    seconds: float = PARSE_SECONDS,
    memory: int = PARSE_MEMORY_BYTES,
    reader: Reader = read_resume_upload,
    pool: WorkPool = UPLOAD_POOL,
) -> ResumeDraft:
    """`reader(data)` in a child process; UploadRejected (too_slow, unreadable, ...) or Busy."""
    try:
        answer = await run_isolated(
            _Reading(reader), data, pool=pool, seconds=seconds, memory=memory
        )
    except ChildTimedOut:
        raise UploadRejected(UploadProblem.too_slow) from None
    except ChildDied:
        raise UploadRejected(UploadProblem.unreadable) from None
    if isinstance(answer, UploadProblem):
        raise UploadRejected(answer)
    return answer
