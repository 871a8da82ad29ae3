"""Background tasks: named `domain.verb`, taking ids only, idempotent; in-process or Celery."""
