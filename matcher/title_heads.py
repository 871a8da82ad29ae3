"""Which codes the labelled titles sharing a title's head word carry, and its first word.

A Chinese job title names its trade in its last word ("…水电工", "生产组长") and narrows it with
its first ("电气…", "数控…"). For each such key (last word, last two words, first word; jieba
segmentation) the model keeps how often each code labels the titles that have it, so a title is
answered the way the labelled data answer titles with the same head, whatever the other words.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

import rjieba

KINDS = ("last", "last2", "first")
_SMOOTHING = 2.0  # P(code | key) = count / (titles with the key + this): one title is weak evidence


def head_keys(text: str) -> tuple[str | None, str | None, str | None]:
    """The last word, last two words and first word of a cleaned title (None when absent)."""
    words = _words(text)
    if not words:
        return None, None, None
    last2 = "".join(words[-2:]) if len(words) >= 2 else None
    first = words[0] if len(words) >= 2 else None
    return words[-1], last2, first


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in rjieba.cut(text) if w.strip())


class HeadCounts:
    """Counts of codes per (key kind, key) over labelled titles."""

    def __init__(self, counts: dict[tuple[int, str], Counter[str]]) -> None:
        self.counts = counts
        self._totals = {key: sum(c.values()) for key, c in counts.items()}

    @classmethod
    def fit(cls, titles: Iterable[tuple[str, str]]) -> HeadCounts:
        """Counts over (cleaned title, code) rows."""
        counts: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
        for text, code in titles:
            for kind, key in enumerate(head_keys(text)):
                if key is not None:
                    counts[(kind, key)][code] += 1
        return cls(dict(counts))

    def distributions(self, text: str, exclude: str | None = None) -> list[dict[str, float]]:
        """P(code | key) for each key kind of a title; `exclude` takes out one title of that
        code (the title itself, when training)."""
        out: list[dict[str, float]] = []
        for kind, key in enumerate(head_keys(text)):
            found = self.counts.get((kind, key), Counter()) if key is not None else Counter()
            total = self._totals.get((kind, key), 0) if key is not None else 0
            if exclude is not None and found.get(exclude, 0) > 0:
                found = found.copy()
                found[exclude] -= 1
                total -= 1
            out.append({code: n / (total + _SMOOTHING) for code, n in found.items() if n > 0})
        return out

    def rows(self) -> tuple[list[int], list[str], list[str], list[int]]:
        """(kind, key, code, count) columns, sorted: the form the model file stores."""
        items = sorted(
            (kind, key, code, n)
            for (kind, key), codes in self.counts.items()
            for code, n in codes.items()
        )
        return (
            [i[0] for i in items],
            [i[1] for i in items],
            [i[2] for i in items],
            [i[3] for i in items],
        )

    @classmethod
    def from_rows(
        cls, kinds: Sequence[int], keys: Sequence[str], codes: Sequence[str], counts: Sequence[int]
    ) -> HeadCounts:
        """Inverse of `rows`."""
        table: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
        for kind, key, code, n in zip(kinds, keys, codes, counts, strict=True):
            table[(int(kind), key)][code] = int(n)
        return cls(dict(table))
