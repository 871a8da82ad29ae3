"""Char n-gram TF-IDF vectors of short texts (job titles), as sparse rows that can be saved."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

NGRAM_SIZES = (1, 2, 3)


def char_ngrams(text: str, sizes: Sequence[int] = NGRAM_SIZES) -> Counter[str]:
    """Counts of the char n-grams inside each whitespace-separated chunk of the text."""
    grams: Counter[str] = Counter()
    for chunk in text.split():
        for n in sizes:
            grams.update(chunk[i : i + n] for i in range(max(0, len(chunk) - n + 1)))
    return grams


class CharNgramVectorizer:
    """Sublinear TF-IDF over char 1–3-grams, rows L2-normalized; unseen n-grams are ignored."""

    def __init__(self, vocabulary: Sequence[str], idf: NDArray[np.float64]) -> None:
        self.vocabulary = list(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float64)
        weights = zip(self.vocabulary, self.idf.tolist(), strict=True)
        self._column = {gram: (i, w) for i, (gram, w) in enumerate(weights)}

    @classmethod
    def fit(cls, texts: Sequence[str], *, min_df: int = 1) -> CharNgramVectorizer:
        """Vocabulary (sorted, so fitting is deterministic) and smoothed idf of the texts."""
        df: Counter[str] = Counter()
        for text in texts:
            df.update(char_ngrams(text).keys())
        vocabulary = sorted(g for g, f in df.items() if f >= min_df)
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[g])) + 1.0 for g in vocabulary])
        return cls(vocabulary, idf)

    def weights(self, text: str) -> dict[int, float]:
        """The L2-normalized TF-IDF weights of one text, by column ({} when nothing is known)."""
        row: dict[int, float] = {}
        column = self._column
        for gram, tf in char_ngrams(text).items():
            found = column.get(gram)
            if found is not None:
                row[found[0]] = (1.0 + math.log(tf)) * found[1] if tf > 1 else found[1]
        norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
        return {col: v / norm for col, v in row.items()}

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """One L2-normalized row per text (an all-zero row when no n-gram is known)."""
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            row = self.weights(text)
            for col in sorted(row):
                indices.append(col)
                data.append(row[col])
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.array(data), np.array(indices, dtype=np.int32), np.array(indptr, dtype=np.int64)),
            shape=(len(texts), len(self.vocabulary)),
        )


def cosine(a: dict[int, float], b: dict[int, float]) -> float:
    """Cosine of two normalized weight dicts."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(col, 0.0) for col, v in a.items())
