"""The learned occupation classifier: title → CSCO codes with calibrated probabilities.

The fitted model ships as matcher/data/occupation_model.npz (built by `fairmatch occupations
train`, see matcher/occupation_training.py) and is loaded once per process. A title's candidates
come from matcher/occupation_features.py; a linear ranker (a conditional logit) scores them and a
softmax over the candidates and a "none" option turns scores into probabilities. Group codes
(6-18-01-00) are candidates like any occupation, so a vague title ("技术员") is answered with
the group it supports.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from matcher.csco import occupations_by_code
from matcher.occupation_features import FEATURE_NAMES, EvidenceIndex, Similarities
from matcher.occupations import OccupationCandidate, OccupationClassifier, clean_title
from matcher.title_heads import HeadCounts
from matcher.title_linear import TitleLinearModel
from matcher.title_semantic import SemanticEvidence, TitleSemantics, dequantize, encoder, quantize
from matcher.title_vectors import CharNgramVectorizer

MODEL_FILE = "data/occupation_model.npz"
FORMAT_VERSION = 3
REBUILD_COMMAND = "fairmatch occupations train"
# The ranker's scores are divided by this before the softmax. Fitted (log-loss) on the 5-fold
# out-of-fold scores of the dev titles: `calibration.temperature_refit` in python -m
# matcher.eval; copy it here when the model changes. At 1.0 answers given at 0.8–0.9 were right
# 74 %, at 1.11 79 %.
PROBABILITY_TEMPERATURE = 1.11
_CHUNK = 128  # titles per batch of matrix products in probabilities_many


class OccupationModelError(RuntimeError):
    """The model file is missing or unreadable; the message names the command that rebuilds it."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(
            f"occupation model {path} {reason}; rebuild it with `{REBUILD_COMMAND}` "
            f"/ 职业分类模型不可用，请运行 `{REBUILD_COMMAND}` 重新生成"
        )


@dataclass(frozen=True, slots=True)
class LogisticRanker:
    """Standardized features → one linear score per candidate."""

    mean: NDArray[np.float64]
    scale: NDArray[np.float64]
    coef: NDArray[np.float64]
    intercept: float

    def scores(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """Linear score of each feature row."""
        result: NDArray[np.float64] = ((features - self.mean) / self.scale) @ self.coef
        return result + self.intercept


def softmax_with_none(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """Probabilities over candidates plus an implicit "none of them" option scored 0.

    Garbage titles, whose candidates all score low, thus get low probabilities everywhere.
    """
    top = max(0.0, float(scores.max()))
    shifted = np.exp(scores - top)
    result: NDArray[np.float64] = shifted / (shifted.sum() + np.exp(-top))
    return result


class OccupationModel:
    """Title → ranked CSCO codes with probabilities; build with `load()` once and share."""

    def __init__(
        self,
        *,
        vectorizer: CharNgramVectorizer,
        index: EvidenceIndex,
        entry_vectors: sparse.csr_matrix,
        ranker: LogisticRanker,
    ) -> None:
        self.vectorizer = vectorizer
        self.index = index
        self.ranker = ranker
        self._entry_vectors = entry_vectors

    @classmethod
    def load(cls, path: Path | str | None = None) -> OccupationModel:
        """The model from a file (default: the one shipped in the package)."""
        if path is None:
            return _shipped_model()
        return _read_model(Path(path))

    def probabilities(self, title: str) -> list[tuple[str, float]]:
        """Every candidate code of a title with its probability, most likely first."""
        return self.probabilities_many([title])[0]

    def probabilities_many(
        self, titles: list[str] | tuple[str, ...]
    ) -> list[list[tuple[str, float]]]:
        """`probabilities` for each title, in order.

        The titles are embedded, and their embeddings compared, in batches: each answer is
        within ~4e-7 of `probabilities(title)` (a batch's float32 products add up in another
        order), with the same codes in the same order on all 2,944 dev titles. 500 dev titles,
        best of 3: one call per title 5.2 s, batched 1.8 s.
        """
        texts = [clean_title(t) if isinstance(t, str) else "" for t in titles]
        known = [i for i, t in enumerate(texts) if t]
        out: list[list[tuple[str, float]]] = [[] for _ in texts]
        evidence = self.index.semantics.evidence_many(
            encoder().encode([texts[i] for i in known], batch_size=64)
        )
        queries = self.vectorizer.transform([texts[i] for i in known])
        has_ngrams = np.diff(queries.indptr) > 0  # a title with no known n-gram gets []
        for start in range(0, len(known), _CHUNK):
            chunk = queries[start : start + _CHUNK]
            similarities = self.index.similarities_many(
                chunk, [texts[i] for i in known[start : start + _CHUNK]]
            )
            for j, found in enumerate(similarities):
                if has_ngrams[start + j]:
                    i = known[start + j]
                    out[i] = self._probabilities(texts[i], evidence[start + j], found)
        return out

    def _probabilities(
        self, text: str, semantic: SemanticEvidence, known: Similarities
    ) -> list[tuple[str, float]]:
        found = self.index.candidates(text=text, query=None, semantic=semantic, known=known)
        if not found.codes:
            return []
        probs = softmax_with_none(self.ranker.scores(found.features) / PROBABILITY_TEMPERATURE)
        order = np.argsort(-probs, kind="stable")
        return [(found.codes[i], float(probs[i])) for i in order]

    def classify(self, title: str, *, k: int = 5) -> list[OccupationCandidate]:
        """Top-k codes for a job title, score = probability; [] for empty or unknown input."""
        known = occupations_by_code()
        return [
            OccupationCandidate(
                code=code, name=known[code].display_name if code in known else code, score=p
            )
            for code, p in self.probabilities(title)[: max(0, k)]
        ]

    def classify_many(
        self, titles: list[str] | tuple[str, ...], *, k: int = 5
    ) -> list[list[OccupationCandidate]]:
        """`classify` for each title, in order."""
        known = occupations_by_code()
        return [
            [
                OccupationCandidate(
                    code=code, name=known[code].display_name if code in known else code, score=p
                )
                for code, p in probs[: max(0, k)]
            ]
            for probs in self.probabilities_many(titles)
        ]

    def save(self, path: Path | str) -> None:
        """Write the model as one .npz file (no pickled objects)."""
        m = self._entry_vectors
        w = self.index.linear.weights
        head_kinds, head_keys, head_codes, head_counts = self.index.heads.rows()
        semantics = self.index.semantics
        title_rows, title_scale = quantize(semantics.title_vectors)
        name_rows, name_scale = quantize(semantics.name_vectors)
        np.savez_compressed(
            Path(path),
            version=np.array([FORMAT_VERSION]),
            feature_names=np.array(FEATURE_NAMES),
            vocabulary=np.array(self.vectorizer.vocabulary),
            idf=self.vectorizer.idf,
            data=m.data.astype(np.float32),
            indices=m.indices.astype(np.int32),
            indptr=m.indptr.astype(np.int64),
            shape=np.array(m.shape),
            codes=np.array(self.index.codes),
            kinds=self.index.kinds,
            mean=self.ranker.mean,
            scale=self.ranker.scale,
            coef=self.ranker.coef,
            intercept=np.array([self.ranker.intercept]),
            linear_classes=np.array(self.index.linear.classes),
            linear_data=w.data.astype(np.float32),
            linear_indices=w.indices.astype(np.int32),
            linear_indptr=w.indptr.astype(np.int64),
            linear_intercept=self.index.linear.intercept,
            head_kinds=np.array(head_kinds, dtype=np.int8),
            head_keys=np.array(head_keys, dtype=str),
            head_codes=np.array(head_codes, dtype=str),
            head_counts=np.array(head_counts, dtype=np.int32),
            semantic_title_rows=title_rows,
            semantic_title_scale=title_scale,
            semantic_title_codes=np.array(semantics.title_codes, dtype=str),
            semantic_name_rows=name_rows,
            semantic_name_scale=name_scale,
            semantic_name_codes=np.array(semantics.name_codes, dtype=str),
        )


def _read_model(path: Path) -> OccupationModel:
    if not path.is_file():
        raise OccupationModelError(path, "is missing")
    try:
        with np.load(path, allow_pickle=False) as f:
            if int(f["version"][0]) != FORMAT_VERSION:
                raise OccupationModelError(path, "has an unknown format version")
            if tuple(str(n) for n in f["feature_names"]) != FEATURE_NAMES:
                raise OccupationModelError(path, "was built for other features")
            vectorizer = CharNgramVectorizer([str(v) for v in f["vocabulary"]], f["idf"])
            vectors = sparse.csr_matrix(
                (f["data"].astype(np.float64), f["indices"], f["indptr"]),
                shape=tuple(int(s) for s in f["shape"]),
            )
            codes = [str(c) for c in f["codes"]]
            kinds = f["kinds"].astype(np.int8)
            ranker = LogisticRanker(
                mean=f["mean"], scale=f["scale"], coef=f["coef"], intercept=float(f["intercept"][0])
            )
            classes = tuple(str(c) for c in f["linear_classes"])
            linear = TitleLinearModel(
                classes=classes,
                weights=sparse.csr_matrix(
                    (f["linear_data"].astype(np.float64), f["linear_indices"], f["linear_indptr"]),
                    shape=(len(vectorizer.vocabulary), len(classes)),
                ),
                intercept=f["linear_intercept"].astype(np.float64),
            )
            heads = HeadCounts.from_rows(
                f["head_kinds"].tolist(),
                [str(k) for k in f["head_keys"]],
                [str(c) for c in f["head_codes"]],
                f["head_counts"].tolist(),
            )
            semantics = TitleSemantics(
                title_vectors=dequantize(f["semantic_title_rows"], f["semantic_title_scale"]),
                title_codes=[str(c) for c in f["semantic_title_codes"]],
                name_vectors=dequantize(f["semantic_name_rows"], f["semantic_name_scale"]),
                name_codes=[str(c) for c in f["semantic_name_codes"]],
            )
    except OccupationModelError:
        raise
    except (OSError, KeyError, ValueError, IndexError, zipfile.BadZipFile, EOFError) as exc:
        raise OccupationModelError(path, f"is corrupt ({type(exc).__name__})") from exc
    if (
        vectors.shape != (len(codes), len(vectorizer.vocabulary))
        or len(kinds) != len(codes)
        or len(linear.intercept) != len(linear.classes)
        or len(semantics.title_vectors) != len(semantics.title_codes)
        or len(semantics.name_vectors) != len(semantics.name_codes)
    ):
        raise OccupationModelError(path, "is inconsistent")
    index = EvidenceIndex(
        vectors=vectors,
        codes=codes,
        kinds=kinds,
        dictionary=OccupationClassifier.load(),
        linear=linear,
        heads=heads,
        semantics=semantics,
    )
    return OccupationModel(vectorizer=vectorizer, index=index, entry_vectors=vectors, ranker=ranker)


def shipped_model_path() -> Path:
    """Where the packaged model file lives."""
    return Path(str(resources.files("matcher").joinpath(MODEL_FILE)))


@cache
def _shipped_model() -> OccupationModel:
    return _read_model(shipped_model_path())
