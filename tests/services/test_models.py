"""`services.models` exports every model its modules define: importing it registers every table."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import services.models as models
from services.db import Base
from tests.services.conftest import migrated


def _public_classes_of_the_package() -> set[str]:
    names: set[str] = set()
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"{models.__name__}.{info.name}")
        names |= {
            name
            for name, value in vars(module).items()
            if inspect.isclass(value)
            and value.__module__ == module.__name__
            and not name.startswith("_")
        }
    return names


def test_the_package_exports_every_class_its_modules_define() -> None:
    assert sorted(models.__all__) == sorted(_public_classes_of_the_package())
    assert all(hasattr(models, name) for name in models.__all__)


def test_every_table_on_the_metadata_is_an_exported_model() -> None:
    exported = {getattr(models, name) for name in models.__all__}
    tables = {cls.__table__.name for cls in exported if hasattr(cls, "__table__")}
    assert tables == set(Base.metadata.tables)
    assert len(tables) == 20


def test_the_migrations_build_the_schema_the_models_declare(empty_database: str) -> None:
    """A database migrated to head has every table, column, type, index and server default
    the models declare, and nothing else (alembic's autogenerate finds nothing to do)."""
    with migrated(empty_database) as (connection, _):
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": _other_default}
        )
        drift = compare_metadata(context, Base.metadata)
    assert drift == []


def _bare(default: str | None) -> str | None:
    """A server default as SQL text without the casts and parentheses a database adds."""
    if default is None:
        return None
    return re.sub(r"::[a-z ]+$", "", default.strip().strip("()")).lower()


def _other_default(
    _context: object,
    _inspected: object,
    _declared: object,
    inspected: str | None,
    _default: object,
    rendered: str | None,
) -> bool:
    """Whether the database's default differs from the model's, compared as text (PostgreSQL
    cannot compare JSON defaults by value: json has no = operator)."""
    return _bare(inspected) != _bare(rendered)
