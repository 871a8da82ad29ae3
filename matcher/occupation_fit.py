"""How likely two texts name the same occupation, and the learned fusion of the text factors.

Inputs are the occupation model's probability distributions (code → probability): a posting's
top-10, a résumé's stored top-5. A side known only by one code (a résumé stored before it kept
its distribution) is the distribution {code: 1.0}.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

FUSION_FEATURES = ("p_same_occupation", "p_same_minor_group", "lexical", "semantic")
Distribution = Sequence[tuple[str, float]]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


@cache
def minor_group(code: str) -> str:
    """The first three segments of a code ("6-18-01-01" → "6-18-01")."""
    return "-".join(code.split("-")[:3])


def same_occupation_probability(a: Distribution, b: Distribution) -> float:
    """P(both texts have the same code) if their distributions are independent."""
    pb = dict(b)
    return float(min(1.0, sum(p * pb.get(code, 0.0) for code, p in a)))


def same_minor_probability(a: Distribution, b: Distribution) -> float:
    """P(both texts fall in the same minor group)."""
    groups: dict[str, float] = defaultdict(float)
    for code, p in b:
        groups[minor_group(code)] += p
    return float(min(1.0, sum(p * groups.get(minor_group(code), 0.0) for code, p in a)))


@dataclass(frozen=True, slots=True)
class TextFusion:
    """Two logistic models over FUSION_FEATURES: P(same occupation), P(same minor group)."""

    occupation_coef: tuple[float, ...]
    occupation_intercept: float
    minor_coef: tuple[float, ...]
    minor_intercept: float
    pairs: int = 0

    def probabilities(self, features: Sequence[float]) -> tuple[float, float]:
        """(P(same occupation), P(same minor group or closer)) for one pair."""
        occ = sum(w * f for w, f in zip(self.occupation_coef, features, strict=True))
        minor = sum(w * f for w, f in zip(self.minor_coef, features, strict=True))
        p_occ = _sigmoid(occ + self.occupation_intercept)
        return p_occ, max(p_occ, _sigmoid(minor + self.minor_intercept))

    def relevance(self, features: Sequence[float]) -> float:
        """Expected nDCG gain: 3 for same occupation, 1 for same minor group only."""
        p_occ, p_minor = self.probabilities(features)
        return 3.0 * p_occ + (p_minor - p_occ)

    def relevance_matrix(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """`relevance` of every pair at once; features has FUSION_FEATURES on its last axis."""
        occ = features @ np.array(self.occupation_coef) + self.occupation_intercept
        minor = features @ np.array(self.minor_coef) + self.minor_intercept
        p_occ = 1.0 / (1.0 + np.exp(-np.clip(occ, -30.0, 30.0)))
        p_minor = np.maximum(p_occ, 1.0 / (1.0 + np.exp(-np.clip(minor, -30.0, 30.0))))
        result: NDArray[np.float64] = 2.0 * p_occ + p_minor
        return result

    def describe(self) -> dict[str, object]:
        """The weights, by feature name, JSON-ready."""
        return {
            "learner": "logistic regression ×2 (same occupation; same minor group)",
            "same_occupation": dict(
                zip(FUSION_FEATURES, [round(c, 3) for c in self.occupation_coef], strict=True)
            )
            | {"intercept": round(self.occupation_intercept, 3)},
            "same_minor_group": dict(
                zip(FUSION_FEATURES, [round(c, 3) for c in self.minor_coef], strict=True)
            )
            | {"intercept": round(self.minor_intercept, 3)},
        }


def fit_text_fusion(x: NDArray[np.float64], grades: NDArray[np.int64]) -> TextFusion:
    """Fit both logistic models on a feature matrix and the pairs' grades (0, 1, 2)."""
    from sklearn.linear_model import LogisticRegression

    occ = LogisticRegression(max_iter=1000).fit(x, grades == 2)
    minor = LogisticRegression(max_iter=1000).fit(x, grades >= 1)
    return TextFusion(
        occupation_coef=tuple(float(c) for c in occ.coef_[0]),
        occupation_intercept=float(occ.intercept_[0]),
        minor_coef=tuple(float(c) for c in minor.coef_[0]),
        minor_intercept=float(minor.intercept_[0]),
        pairs=len(grades),
    )
