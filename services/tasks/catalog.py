"""Every module that defines background tasks, imported so that their names are registered.

Only entry points import this module: the app, the Celery worker and the command line.
"""

from __future__ import annotations

from services.exports import jobs as export_tasks
from services.matching import indexing as index_tasks
from services.resumes import erasure as erasure_tasks

TASK_MODULES = (index_tasks, export_tasks, erasure_tasks)
