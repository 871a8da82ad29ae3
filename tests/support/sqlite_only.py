"""A `database_url` override for test modules that need only SQLite (import it by that name)."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, database_url: str) -> str:
    """The SQLite variant of the services' database fixture only."""
    return database_url
