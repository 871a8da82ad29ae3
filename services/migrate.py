"""Run Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(sync_url: str) -> Config:
    """An Alembic config pointing at services/migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", sync_url)
    return cfg


def upgrade(sync_url: str) -> None:
    """Bring the database schema to the latest revision (safe to re-run)."""
    if sync_url.startswith("sqlite:///"):
        Path(sync_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(sync_url)
    try:
        with engine.begin() as connection:
            cfg = alembic_config(sync_url)
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()
