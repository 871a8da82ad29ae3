"""An app per test over a fresh database (SQLite always, PostgreSQL when reachable)."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from sqlalchemy import Connection, create_engine, text

from services.app import create_app
from services.config import Environment, SearchKind, Settings
from services.db import Base
from services.insights.chains_catalogue import seed_chains
from services.migrate import alembic_config, upgrade
from services.runtime import Runtime
from tests.conftest import POSTGRES_UP, POSTGRES_URL, SESSION_DATABASE
from tests.support.isolation import SessionDatabase

ADMIN_TOKEN = "fm_o_test-admin-token"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for every test (fast and isolated)."""
    path = tmp_path_factory.mktemp("db") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str:
    """This session's own database (tests/conftest.py), migrated once."""
    upgrade(POSTGRES_URL)
    return POSTGRES_URL


def _truncate_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        seed_chains(conn)  # what migration 0008 put there: the state of a fresh database
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """A clean database for one test; the PostgreSQL run skips visibly when it is absent."""
    if request.param == "sqlite":
        path = tmp_path / "fairmatch.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    if not POSTGRES_UP:
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    url: str = request.getfixturevalue("postgres_migrated")
    _truncate_postgres(url)
    yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own, not migrated (the session's PostgreSQL one is shared)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    if not POSTGRES_UP:
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    database = SessionDatabase.named_for(SESSION_DATABASE.admin_url, os.getpid())
    database.create()
    try:
        yield database.url
    finally:
        database.drop()


@contextmanager
def migrated(url: str) -> Iterator[tuple[Connection, Config]]:
    """A connection to `url` upgraded to head, with the alembic config that migrates it, all
    in one transaction (the test goes down and up inside it)."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            yield connection, config
    finally:
        engine.dispose()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment=Environment.test,
        database_url=database_url,
        data_dir=tmp_path / "data",
        admin_token=ADMIN_TOKEN,
        search_backend=SearchKind.embedded,
        redis_url=None,
        embedder="use",
    )


@dataclass
class Api:
    """An HTTP client on the app plus its runtime, with helpers for the common set-up."""

    client: httpx.AsyncClient
    app: FastAPI

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime

    async def settle(self) -> None:
        """Wait for background indexing to finish."""
        await self.runtime.queue.drain()

    async def request(
        self, method: str, url: str, *, token: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client.cookies.clear()  # each call authenticates only with the token it names
        return await self.client.request(method, url, headers=headers, **kwargs)


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[Api]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield Api(client=client, app=app)
