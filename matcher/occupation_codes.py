"""CSCO 2022 codes as a tree (prefixes, group codes, parents) and their names' characters.

Helpers of the occupation model's candidates and features (matcher/occupation_features.py).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import NDArray

from matcher.csco import occupations_by_code


@cache
def code_prefix(code: str) -> tuple[str, ...]:
    """The segments of a code before its first 00 ("6-18-01-00" → ("6", "18", "01"))."""
    parts = code.split("-")
    for i, part in enumerate(parts[1:], start=1):
        if part == "00":
            return tuple(parts[:i])
    return tuple(parts)


def is_group_code(code: str) -> bool:
    """True for a group code such as 6-18-01-00 (ends in 00), false for an occupation."""
    return len(code_prefix(code)) < 4


@cache
def parent_codes(code: str) -> tuple[str, ...]:
    """Existing group codes above a code: minor, middle, major."""
    known = occupations_by_code()
    parts = code.split("-")
    out = []
    for depth in (3, 2, 1):
        parent = "-".join(parts[:depth] + ["00"] * (4 - depth))
        if parent != code and parent in known and len(code_prefix(code)) > depth:
            out.append(parent)
    return tuple(out)


@cache
def major_groups() -> tuple[str, ...]:
    """The major groups (6-00-00-00, 8-00-00-00 "不便分类"…): always candidates, for titles that
    are all benefits and no trade."""
    return tuple(sorted(c for c in occupations_by_code() if len(code_prefix(c)) == 1))


@cache
def name_grams(code: str) -> tuple[frozenset[str], int, frozenset[str], int]:
    """The characters and bigrams of a code's CSCO display name, with their counts (≥ 1)."""
    occupation = occupations_by_code().get(code)
    name = occupation.display_name if occupation else ""
    chars, bigrams = frozenset(name), frozenset(name[i : i + 2] for i in range(len(name) - 1))
    return chars, max(1, len(chars)), bigrams, max(1, len(bigrams))


class NameChars:
    """Every CSCO code's display-name characters, for the Jaccard overlap with a title.

    Many real labels look like a character match between the title and a CSCO name, which none of
    the other sources proposes when the name is far from the title's meaning.
    """

    def __init__(self) -> None:
        known = occupations_by_code()
        self.codes = sorted(known)
        names = [frozenset(known[c].display_name) for c in self.codes]
        self._column = {ch: i for i, ch in enumerate(sorted(set().union(*names)))}
        rows = [self._column[ch] for name in names for ch in sorted(name)]
        cols = [j for j, name in enumerate(names) for _ in name]
        self._incidence = np.zeros((len(self._column), len(self.codes)), dtype=np.float32)
        self._incidence[rows, cols] = 1.0
        self._code_column = {c: i for i, c in enumerate(self.codes)}
        self._sizes = np.array([len(n) for n in names], dtype=np.float64)

    def jaccard(self, chars: frozenset[str]) -> NDArray[np.float64]:
        """|title chars ∩ name chars| / |union| for every code (order of `codes`)."""
        hits = sorted(self._column[ch] for ch in chars if ch in self._column)
        inter = self._incidence[hits].sum(axis=0, dtype=np.float64)
        result: NDArray[np.float64] = inter / np.maximum(1.0, self._sizes + len(chars) - inter)
        return result

    def column(self, code: str) -> int:
        """A code's column in `jaccard` results (-1 for a code CSCO does not name)."""
        return self._code_column.get(code, -1)


@cache
def csco_name_chars() -> NameChars:
    return NameChars()
