"""The shipped catalogue of Changzhou's industrial chains (data/chains.csv) and seeding it.

Seeding only adds chains whose slug is missing and assigns firms that belong to no chain yet:
it never changes what an organizer edited. It runs once in migration 0008 and again whenever
`fairmatch chains seed` is called. It works on a plain (sync) connection so the migration, the
CLI and the app (through `AsyncSession.run_sync`) share one implementation.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import sqlalchemy as sa
from sqlalchemy import Connection, func, insert, select

from services.db import UTCDateTime, utcnow
from services.models import Chain, Enterprise, EnterpriseChain

# The chains table as migration 0007 made it: seeding writes these columns only, so migration
# 0008 keeps working when later revisions add columns to the model.
_CHAINS = sa.table(
    "chains",
    sa.column("slug", sa.String),
    sa.column("name_zh", sa.String),
    sa.column("name_en", sa.String),
    sa.column("industries", sa.JSON),
    sa.column("occupation_codes", sa.JSON),
    sa.column("source", sa.Text),
    sa.column("position", sa.Integer),
    sa.column("created_at", UTCDateTime()),
)


@dataclass(frozen=True, slots=True)
class CatalogueChain:
    """One row of data/chains.csv."""

    slug: str
    name_zh: str
    name_en: str
    industries: tuple[str, ...]
    occupation_codes: tuple[str, ...]
    source: str


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


@cache
def catalogue() -> tuple[CatalogueChain, ...]:
    """Every chain of the shipped catalogue, in file order."""
    text = resources.files("services.insights").joinpath("data/chains.csv").read_text("utf-8")
    return tuple(
        CatalogueChain(
            slug=row["slug"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            industries=_split(row["industries"]),
            occupation_codes=_split(row["occupation_codes"]),
            source=row["source"].strip(),
        )
        for row in csv.DictReader(text.splitlines())
    )


def _normal(text: str) -> str:
    return "".join(text.split()).replace("（", "(").replace("）", ")")


def industry_matches(industry: str, terms: Iterable[str]) -> bool:
    """True when the firm's industry contains one of the chain's industry names, or is one's part
    ("装备制造" joins the chain of "智能装备制造"; "新能源(电池/光伏)" the chain of "电池")."""
    own = _normal(industry)
    if len(own) < 2:
        return False
    return any(len(term) >= 2 and (term in own or own in term) for term in map(_normal, terms))


def chains_for_industry(industry: str, chains: Sequence[tuple[int, Sequence[str]]]) -> list[int]:
    """The ids of the chains (id, industries) an enterprise of this industry belongs to."""
    return [chain_id for chain_id, terms in chains if industry_matches(industry, terms)]


def seed_chains(connection: Connection) -> int:
    """Add the catalogue's chains whose slug is not in the table; returns how many were added."""
    present = set(connection.scalars(select(Chain.slug)))
    last = connection.scalar(select(func.max(Chain.position)))
    first = 0 if last is None else last + 1
    rows = [
        {
            "slug": chain.slug,
            "name_zh": chain.name_zh,
            "name_en": chain.name_en,
            "industries": list(chain.industries),
            "occupation_codes": list(chain.occupation_codes),
            "source": chain.source,
            "position": first + index,
            "created_at": utcnow(),
        }
        for index, chain in enumerate(c for c in catalogue() if c.slug not in present)
    ]
    if rows:
        connection.execute(insert(_CHAINS), rows)
    return len(rows)


def assign_by_industry(connection: Connection, enterprise_ids: Sequence[int] | None = None) -> int:
    """Put each enterprise that belongs to no chain yet into the chains of its industry (all such
    enterprises, or only those listed); returns how many memberships were added. Firms an
    organizer already placed are left alone."""
    chains = [
        (row.id, row.industries) for row in connection.execute(select(Chain.id, Chain.industries))
    ]
    placed = select(EnterpriseChain.enterprise_id)
    query = select(Enterprise.id, Enterprise.industry).where(Enterprise.id.not_in(placed))
    if enterprise_ids is not None:
        query = query.where(Enterprise.id.in_(list(enterprise_ids)))
    rows = [
        {"enterprise_id": enterprise_id, "chain_id": chain_id}
        for enterprise_id, industry in connection.execute(query)
        for chain_id in chains_for_industry(industry, chains)
    ]
    if rows:
        connection.execute(insert(EnterpriseChain), rows)
    return len(rows)
