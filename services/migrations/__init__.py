"""Alembic migrations for the FairMatch schema."""
