"""Reliability tests reuse the service fixtures: an app per test over a fresh database."""

from __future__ import annotations

from tests.services.conftest import (  # noqa: F401 - fixtures
    api,
    database_url,
    postgres_migrated,
    settings,
    sqlite_template,
)
