"""`services.models` exports every model its modules define: importing it registers every table."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import services.models as models
from services.db import Base


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
