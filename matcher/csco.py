"""The national occupation classification (CSCO 2022) shipped in matcher/data/csco22.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Occupation:
    """One row of the classification: level 1 major group … level 4 occupation."""

    level: int
    code: str
    name: str
    definition: str
    tasks: str
    aliases: tuple[str, ...]

    @property
    def display_name(self) -> str:
        """The name without the digital (S) / green (L) markers."""
        return self.name.rstrip("LS/").rstrip("/") or self.name


@cache
def load_occupations() -> tuple[Occupation, ...]:
    """Every row of the shipped classification, in file order."""
    text = resources.files("matcher").joinpath("data/csco22.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        Occupation(
            level=int(row["level"]),
            code=row["code"],
            name=row["name"],
            definition=row["definition"],
            tasks=row["tasks"],
            aliases=tuple(a.strip() for a in row["alias"].split(",") if a.strip()),
        )
        for row in rows
    )


@cache
def occupations_by_code() -> dict[str, Occupation]:
    """Look-up table from code (e.g. "6-18-01-01") to its row."""
    return {occ.code: occ for occ in load_occupations()}


def code_parts(code: str) -> tuple[str, ...]:
    """Split "6-18-01-01" into its four segments."""
    return tuple(code.split("-"))


def shared_depth(code_a: str | None, code_b: str | None) -> int:
    """How many leading segments two codes share: 4 same occupation, 3 same minor group, 0 none."""
    if not code_a or not code_b:
        return 0
    depth = 0
    for a, b in zip(code_parts(code_a), code_parts(code_b), strict=False):
        if a != b:
            break
        depth += 1
    return depth
