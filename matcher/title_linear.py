"""A linear one-vs-rest classifier over the labelled titles' char n-grams: one margin per code.

It complements the nearest-neighbour evidence in matcher/occupation_features.py: a linear SVM
learns which n-grams decide a code ("运维" vs "测试" inside "工程师") instead of weighing every
shared n-gram by its idf. The weights are pruned to a sparse matrix so the model file stays small
and a title is scored with one sparse product.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

SVM_C = 0.5
PRUNE_BELOW = 0.03  # |weight| under this is dropped: ≈ 20× fewer weights, same accuracy
MISSING_MARGIN = -1.0  # margin of a code the classifier has no class for (a typical negative)


@dataclass(frozen=True, slots=True)
class TitleLinearModel:
    """Codes, sparse weights (n-gram columns × codes) and intercepts of a one-vs-rest SVM."""

    classes: tuple[str, ...]
    weights: sparse.csr_matrix
    intercept: NDArray[np.float64]

    def margins(self, query: sparse.csr_matrix) -> dict[str, float]:
        """Margin of every known code for one query row."""
        if not self.classes:
            return {}
        values = np.asarray((query @ self.weights).todense()).ravel() + self.intercept
        return dict(zip(self.classes, values.tolist(), strict=True))

    def margin_values(self, queries: sparse.csr_matrix) -> NDArray[np.float64]:
        """Margins of each query row (rows) for every class (columns), in one sparse product."""
        if not self.classes:
            return np.zeros((queries.shape[0], 0))
        values: NDArray[np.float64] = (
            np.asarray((queries @ self.weights).todense()) + self.intercept
        )
        return values


def fit_title_linear(vectors: sparse.csr_matrix, codes: Sequence[str]) -> TitleLinearModel:
    """A linear SVM (liblinear, deterministic) over the title rows; empty when < 2 codes."""
    known = sorted(set(codes))
    if len(known) < 2:
        return TitleLinearModel(
            classes=tuple(known),
            weights=sparse.csr_matrix((vectors.shape[1], len(known))),
            intercept=np.zeros(len(known)),
        )
    from sklearn.svm import LinearSVC

    svm = LinearSVC(C=SVM_C, random_state=0)
    with warnings.catch_warnings():
        # Most codes label one or two titles: sklearn takes that for a regression target.
        warnings.filterwarnings(
            "ignore", message="The number of unique classes", category=UserWarning
        )
        svm.fit(vectors, list(codes))
    coef = np.asarray(svm.coef_, dtype=np.float64)
    intercept = np.asarray(svm.intercept_, dtype=np.float64)
    if len(known) == 2:  # binary liblinear returns one row for the second class
        coef = np.vstack([-coef, coef])
        intercept = np.concatenate([-intercept, intercept])
    coef[np.abs(coef) < PRUNE_BELOW] = 0.0
    return TitleLinearModel(
        classes=tuple(str(c) for c in svm.classes_),
        weights=sparse.csr_matrix(coef.T),
        intercept=intercept,
    )
