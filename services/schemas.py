"""Field types shared by the request and response bodies of every domain (each domain's
bodies live in its own schemas.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from frontend.i18n import bilingual
from matcher.csco import occupations_by_code

MOBILE_PATTERN = r"^1[3-9]\d{9}$"
FIRST_YEAR, LAST_YEAR = 2000, 2099  # dates of fairs; anything else is a typo or an attack

# No control characters in stored text (issue 22, row 4): C0 controls other than tab, line feed
# and carriage return, DEL, the C1 block, lone surrogates and U+FFFE/U+FFFF are refused in every
# field (request bodies, page forms, Excel rows) and dropped from text read out of uploaded files.
# They break spreadsheets, terminals and logs, and no keyboard types them.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
LINE_BREAKS = re.compile("[\t\n\r\x85\u2028\u2029]")


def holds_control_characters(value: object) -> bool:
    """True when a string, or any string inside a list, tuple, set or dict, holds one."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, list | tuple | set | frozenset):
        return any(holds_control_characters(item) for item in value)
    if isinstance(value, dict):
        return any(holds_control_characters(item) for item in (*value.keys(), *value.values()))
    return False


def strip_control_characters(text: str) -> str:
    """The text without control characters (for text read from files, where refusing loses it)."""
    return CONTROL_CHARACTERS.sub("", text)


def _one_line(value: str) -> str:
    if LINE_BREAKS.search(value):
        raise ValueError(bilingual("api.single_line"))
    return value


OneLine = AfterValidator(_one_line)
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=MOBILE_PATTERN)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100), OneLine]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), OneLine
]
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine
]
LongText = Annotated[str, StringConstraints(max_length=5000)]
Salary = Annotated[int, Field(ge=0, le=1_000_000)]
Certificate = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), OneLine
]
Certificates = Annotated[list[Certificate], Field(max_length=20)]


def _known_occupation(code: str | None) -> str | None:
    if code is not None and code not in occupations_by_code():
        raise ValueError(f"{bilingual('api.unknown_occupation')}: {code}")
    return code


OccupationCode = Annotated[str | None, AfterValidator(_known_occupation)]


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(bilingual("api.naive_datetime"))
    try:
        year = value.astimezone(UTC).year
    except OverflowError:  # 9999-12-31 west of UTC, 0001-01-01 east of it
        year = value.year
    if not FIRST_YEAR <= year <= LAST_YEAR or not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(bilingual("api.date_out_of_range", first=FIRST_YEAR, last=LAST_YEAR))
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


class Strict(BaseModel):
    """A request body: unknown fields and control characters in any text are refused."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: object) -> object:
        if holds_control_characters(value):
            raise ValueError(bilingual("api.control_characters"))
        return value
