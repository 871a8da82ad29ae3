"""Semantic evidence for a job title: USE vectors of the labelled titles and of the CSCO names.

Char n-grams miss titles that share a meaning but few characters ("理财规划师" / 资产管理师). The
shipped USE multilingual encoder (matcher/embedding.py) embeds a title; its nearest labelled
titles vote for their codes (weight cosine⁴) and every CSCO name gets its cosine. The vectors are
stored as int8 with one scale per row, which keeps the model file small and the cosines within
≈ 0.01 of the float ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.embedding import Embedder, load_embedder

ENCODER = "use"
NEIGHBOURS = 20
_VOTE_POWER = 4
_CHUNK = 256  # titles per matrix product when classifying many


def encoder() -> Embedder:
    """The encoder the semantic evidence was built with (loaded once per process)."""
    return load_embedder(ENCODER)


def quantize(vectors: NDArray[np.float32]) -> tuple[NDArray[np.int8], NDArray[np.float32]]:
    """Rows as int8 and one float scale per row (row ≈ int8 · scale)."""
    scale = np.maximum(np.abs(vectors).max(axis=1), 1e-12) / 127.0
    return np.round(vectors / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def dequantize(rows: NDArray[np.int8], scale: NDArray[np.float32]) -> NDArray[np.float32]:
    """Inverse of `quantize`, rows re-normalized to unit length."""
    out = rows.astype(np.float32) * scale[:, None]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    result: NDArray[np.float32] = out / np.maximum(norms, 1e-12)
    return result


@dataclass(frozen=True, slots=True)
class SemanticEvidence:
    """One title's semantic evidence: kNN vote share and best cosine per code, name cosines."""

    votes: dict[str, float]
    best: dict[str, float]
    name_cosines: NDArray[np.float32]  # one per CSCO code, columns as in `name_column`
    name_column: dict[str, int]
    best_neighbour: float
    name_top: tuple[str, ...] = ()

    def name_cosine(self, code: str) -> float:
        """Cosine of the title to a code's CSCO name (0 for an unknown code)."""
        column = self.name_column.get(code)
        return 0.0 if column is None else float(self.name_cosines[column])


NO_EVIDENCE = SemanticEvidence({}, {}, np.zeros(0, dtype=np.float32), {}, 0.0)


class TitleSemantics:
    """Unit vectors of labelled titles (with their codes) and of CSCO names (with theirs)."""

    def __init__(
        self,
        *,
        title_vectors: NDArray[np.float32],
        title_codes: Sequence[str],
        name_vectors: NDArray[np.float32],
        name_codes: Sequence[str],
    ) -> None:
        self.title_vectors = np.asarray(title_vectors, dtype=np.float32)
        self.title_codes = list(title_codes)
        self.name_vectors = np.asarray(name_vectors, dtype=np.float32)
        self.name_codes = list(name_codes)
        self.name_column = {c: i for i, c in enumerate(self.name_codes)}

    def evidence(
        self, vector: NDArray[np.float32], exclude: int | None = None, *, names_k: int = 5
    ) -> SemanticEvidence:
        """Evidence for one title vector; `exclude` hides one labelled title (training)."""
        names = self.name_vectors @ vector
        sims = self.title_vectors @ vector
        return self._evidence(names, sims, exclude, names_k)

    def evidence_many(
        self, vectors: NDArray[np.float32], *, names_k: int = 5
    ) -> list[SemanticEvidence]:
        """`evidence` for each row, the cosines computed as matrix products in chunks."""
        out: list[SemanticEvidence] = []
        for start in range(0, len(vectors), _CHUNK):
            chunk = vectors[start : start + _CHUNK]
            names = chunk @ self.name_vectors.T
            sims = chunk @ self.title_vectors.T
            out.extend(self._evidence(names[i], sims[i], None, names_k) for i in range(len(chunk)))
        return out

    def _evidence(
        self,
        names: NDArray[np.float32],
        sims: NDArray[np.float32],
        exclude: int | None,
        names_k: int,
    ) -> SemanticEvidence:
        name_top = tuple(self.name_codes[i] for i in _top(names, names_k))
        if not self.title_codes:
            return SemanticEvidence({}, {}, names, self.name_column, 0.0, name_top)
        if exclude is not None:
            sims[exclude] = -1.0
        order = _top(sims, NEIGHBOURS)
        votes: dict[str, float] = defaultdict(float)
        best: dict[str, float] = {}
        codes = self.title_codes
        for i, sim in zip(order, sims[order].tolist(), strict=True):
            code = codes[i]
            votes[code] += max(0.0, sim) ** _VOTE_POWER
            best.setdefault(code, sim)
        total = sum(votes.values()) or 1.0
        return SemanticEvidence(
            {c: v / total for c, v in votes.items()},
            best,
            names,
            self.name_column,
            float(sims[order[0]]),
            name_top,
        )


def _top(values: NDArray[np.float32], k: int) -> list[int]:
    """Indices of the k largest values, largest first, ties by index (deterministic)."""
    k = min(k, len(values))
    if k <= 0:
        return []
    part = np.argpartition(-values, k - 1)[:k]
    return [int(i) for i in part[np.lexsort((part, -values[part]))]]
