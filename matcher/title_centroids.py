"""Class centroids of labelled title vectors (char n-gram TF-IDF), for the occupation model.

A title's cosine to the sum of every entry labelled with a code says how typical it is of the
code as a whole, where its nearest neighbours say only what the closest few look like.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse


class Centroids:
    """Class centroids of the masked entries, with leave-one-out similarity for training."""

    def __init__(
        self,
        vectors: sparse.csr_matrix,
        codes: Sequence[str],
        mask: NDArray[np.bool_],
        row: dict[str, int],
    ) -> None:
        picked = np.flatnonzero(mask)
        assign = sparse.csr_matrix(
            (np.ones(len(picked)), ([row[codes[int(i)]] for i in picked], picked)),
            shape=(len(row), vectors.shape[0]),
        )
        sums = (assign @ vectors).tocsr()
        self._norms = np.sqrt(np.asarray(sums.multiply(sums).sum(axis=1)).ravel())
        self._sums_t = sums.T.tocsr()
        self._vectors = vectors
        self._mask = mask
        self._row = row
        self._codes = codes

    def similarities(self, query: sparse.csr_matrix, exclude: int | None) -> NDArray[np.float64]:
        """Cosine of the query to every centroid, the excluded entry taken out of its class."""
        dots = np.asarray((query @ self._sums_t).todense()).ravel()
        norms = self._norms.copy()
        if exclude is not None and self._mask[exclude]:
            k = self._row[self._codes[exclude]]
            entry = self._vectors[exclude]
            dots[k] -= float((query @ entry.T).toarray()[0, 0])
            own = float((entry @ self._sums_t[:, k]).toarray()[0, 0])
            norms[k] = np.sqrt(max(0.0, norms[k] ** 2 - 2 * own + 1.0))
        norms[norms < 1e-9] = np.inf
        result: NDArray[np.float64] = dots / norms
        return result

    def similarities_many(self, queries: sparse.csr_matrix) -> NDArray[np.float64]:
        """`similarities` of each query row (nothing excluded), one row per query."""
        dots = np.asarray((queries @ self._sums_t).todense())
        norms = self._norms.copy()
        norms[norms < 1e-9] = np.inf
        result: NDArray[np.float64] = dots / norms
        return result
