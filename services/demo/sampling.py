"""Small seeded-sampling helpers shared by the demo generators (never the global random state)."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


def seeded(seed: int, section: str) -> random.Random:
    """A generator for one section of the demo, so sections do not shift each other's draws."""
    # Seeding with a str hashes it with SHA-512 (not hash()), so it is stable across runs.
    return random.Random(f"{seed}:{section}")  # noqa: S311 - demo data, not security


class Picker(Generic[T]):
    """Weighted choice over a fixed population, with cumulative weights computed once."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items or len(items) != len(weights):
            raise ValueError("Picker needs one weight per item and at least one item")
        self._items = list(items)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> T:
        """One item drawn with probability proportional to its weight."""
        return self._items[bisect(self._cum, rng.random() * self._total)]


# Plain float draws: several times faster than Random.choice/sample/randint, which matters
# when generating 50,000 résumés, and just as deterministic.
def one(rng: random.Random, items: Sequence[T]) -> T:
    """One item, uniformly."""
    return items[int(rng.random() * len(items))]


def some(rng: random.Random, items: Sequence[T], k: int) -> list[T]:
    """Up to k distinct items in random order (a partial Fisher-Yates shuffle)."""
    pool = list(items)
    k = min(k, len(pool))
    for i in range(k):
        j = i + int(rng.random() * (len(pool) - i))
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:k]


def between(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high], both ends included."""
    return low + int(rng.random() * (high - low + 1))


def apportion(total: int, weights: Sequence[float], *, minimum: int = 0) -> list[int]:
    """Split total into integer shares proportional to weights (largest remainder method)."""
    if not weights:
        return []
    floor = minimum if total >= minimum * len(weights) else 0
    rest = total - floor * len(weights)
    scale = sum(weights) or 1.0
    exact = [rest * w / scale for w in weights]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[: rest - sum(shares)]:
        shares[i] += 1
    return [floor + s for s in shares]


def round_to(value: float, step: int = 500) -> int:
    """Round a salary to the nearest step, never below one step."""
    return max(step, round(value / step) * step)
