"""A tiny Okapi BM25 over character bigrams, the lexical ranking baseline (no import of search)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


def char_bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of the whitespace-free, lower-cased text."""
    s = "".join(text.lower().split())
    return [s[i : i + 2] for i in range(len(s) - 1)] or ([s] if s else [])


class BM25:
    """BM25 scores of one query against a fixed list of documents."""

    def __init__(self, documents: Sequence[str], *, k1: float = 1.2, b: float = 0.75) -> None:
        self._docs = [Counter(char_bigrams(d)) for d in documents]
        self._lengths = [sum(c.values()) for c in self._docs]
        self._avg = (sum(self._lengths) / len(self._lengths)) if self._lengths else 0.0
        df: Counter[str] = Counter()
        for c in self._docs:
            df.update(c.keys())
        n = len(self._docs)
        self._idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.k1, self.b = k1, b

    def scores(self, query: str) -> list[float]:
        """The BM25 score of each document for the query."""
        terms = [t for t in set(char_bigrams(query)) if t in self._idf]
        out = []
        for counts, length in zip(self._docs, self._lengths, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / (self._avg or 1.0))
            out.append(
                sum(
                    self._idf[t] * counts[t] * (self.k1 + 1) / (counts[t] + norm)
                    for t in terms
                    if t in counts
                )
            )
        return out
