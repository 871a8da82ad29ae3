"""Migration 0012: the indexes the demand map reads, up and down, and the plans that use them."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from tests.services.conftest import migrated

SUPPLY = (
    "SELECT fair_id, occupation_code, skill_level, count(*) FROM resumes"
    " WHERE fair_id IN (1, 2) GROUP BY fair_id, occupation_code, skill_level"
)
FLOW = (
    "SELECT posting_id, count(*) FROM applications WHERE status = 'submitted' GROUP BY posting_id"
)


def _indexes(connection: object, table: str) -> dict[str, list[str | None]]:
    found = inspect(connection).get_indexes(table)
    return {index["name"] or "": index["column_names"] for index in found}


def test_migration_0012_adds_the_demand_map_indexes_and_goes_back(empty_database: str) -> None:
    with migrated(empty_database) as (connection, config):
        resumes, applications = (_indexes(connection, t) for t in ("resumes", "applications"))
        assert resumes["ix_resumes_fair_occupation"] == [
            "fair_id",
            "occupation_code",
            "skill_level",
        ]
        assert applications["ix_applications_posting_status"] == ["posting_id", "status"]
        assert "ix_applications_posting_id" not in applications  # the new one serves it
        if connection.dialect.name == "sqlite":  # read from the indexes alone
            for query, index in (
                (SUPPLY, "COVERING INDEX ix_resumes_fair_occupation"),
                (FLOW, "COVERING INDEX ix_applications_posting_status"),
            ):
                plan = " ".join(
                    str(row[-1]) for row in connection.execute(text(f"EXPLAIN QUERY PLAN {query}"))
                )
                assert index in plan, plan
        command.downgrade(config, "0011")
        assert "ix_resumes_fair_occupation" not in _indexes(connection, "resumes")
        applications = _indexes(connection, "applications")
        assert applications["ix_applications_posting_id"] == ["posting_id"]
        assert "ix_applications_posting_status" not in applications
        command.upgrade(config, "head")
        assert "ix_applications_posting_status" in _indexes(connection, "applications")
