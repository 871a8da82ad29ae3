"""The app the schemathesis modules fuzz: SQLite and an embedded index in a fresh temp folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import FastAPI

from services.app import create_app
from services.config import Environment, SearchKind, Settings
from services.migrate import upgrade
from tests.services.conftest import ADMIN_TOKEN


def fuzz_app(prefix: str) -> FastAPI:
    """A migrated app without rate limits (schemathesis runs its lifespan)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    database = f"sqlite:///{folder / 'fuzz.db'}"
    upgrade(database)
    return create_app(
        Settings(
            environment=Environment.test,
            database_url=database,
            data_dir=folder,
            admin_token=ADMIN_TOKEN,
            search_backend=SearchKind.embedded,
            rate_limit_enabled=False,
        )
    )
