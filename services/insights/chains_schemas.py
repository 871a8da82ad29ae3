"""Request and response bodies of industrial chains and chain membership."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from frontend.i18n import bilingual
from matcher.csco import occupations_by_code
from services.schemas import OneLine, Strict

Slug = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{1,39}$")
]
ChainName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine
]
IndustryName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine
]


def _code_prefix(prefix: str) -> str:
    """A CSCO code or a prefix of one ("6-22", "6-18-01-01")."""
    if not any(code.startswith(prefix) for code in occupations_by_code()):
        raise ValueError(f"{bilingual('api.unknown_occupation')}: {prefix}")
    return prefix


CodePrefix = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\d(-\d{2}){0,3}$"),
    AfterValidator(_code_prefix),
]
Industries = Annotated[list[IndustryName], Field(max_length=50)]
CodePrefixes = Annotated[list[CodePrefix], Field(max_length=200)]
Source = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class ChainCreate(Strict):
    slug: Slug
    name_zh: ChainName
    name_en: ChainName
    industries: Industries = Field(default_factory=list)
    occupation_codes: CodePrefixes = Field(default_factory=list)
    source: Source = ""
    position: Annotated[int, Field(ge=0, le=10_000)] | None = None


class ChainUpdate(Strict):
    name_zh: ChainName | None = None
    name_en: ChainName | None = None
    industries: Industries | None = None
    occupation_codes: CodePrefixes | None = None
    source: Source | None = None
    position: Annotated[int, Field(ge=0, le=10_000)] | None = None


class ChainRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    slug: str
    name_zh: str
    name_en: str
    industries: list[str]
    occupation_codes: list[str]
    source: str
    position: int
    enterprises: int = 0


class EnterpriseChainsSet(Strict):
    chain_ids: Annotated[list[int], Field(max_length=100)]


class EnterpriseChainsRead(BaseModel):
    enterprise_id: int
    chain_ids: list[int]
