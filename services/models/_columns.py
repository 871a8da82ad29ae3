"""The column type the models share: an enum stored as its values in a string column."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum as SAEnum


def _enum(cls: type[StrEnum], name: str) -> SAEnum:
    return SAEnum(
        cls, name=name, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e]
    )
