"""Where Celery sends each task: one queue per kind of work, and the Celery app's settings.

Imports nothing of the runtime, so the API side can send tasks without loading the worker.
"""

from __future__ import annotations

from celery import Celery

RUN_TASK = "fairmatch.run"
# resume.erase rewrites the résumé index: it queues behind the index.delete it follows.
QUEUES = {"index": "indexing", "resume": "indexing", "export": "exports"}
QUEUE_NAMES = ("default", "indexing", "cpu", "exports")


def queue_for(name: str) -> str:
    """Route `domain.verb` tasks to a queue by domain."""
    return QUEUES.get(name.split(".", 1)[0], "default")


def make_celery(broker_url: str, *, visibility_timeout: int) -> Celery:
    """A Celery app whose single generic task runs any registered task function by name."""
    app = Celery("fairmatch", broker=broker_url, backend=None)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue="default",
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        broker_transport_options={"visibility_timeout": visibility_timeout},
    )
    return app
