"""Field types shared by the request and response bodies of every domain (each domain's
bodies live in its own schemas.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from frontend.i18n import bilingual
from matcher.csco import occupations_by_code

MOBILE_PATTERN = r"^1[3-9]\d{9}$"

Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=MOBILE_PATTERN)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
LongText = Annotated[str, StringConstraints(max_length=5000)]
Salary = Annotated[int, Field(ge=0, le=1_000_000)]
Certificate = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Certificates = Annotated[list[Certificate], Field(max_length=20)]


def _known_occupation(code: str | None) -> str | None:
    if code is not None and code not in occupations_by_code():
        raise ValueError(f"{bilingual('api.unknown_occupation')}: {code}")
    return code


OccupationCode = Annotated[str | None, AfterValidator(_known_occupation)]


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(bilingual("api.naive_datetime"))
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
