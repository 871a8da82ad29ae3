"""Candidate codes for a job title and the evidence features the learned ranker weighs.

Evidence comes from five places: labelled real job-board titles (nearest neighbours and class
centroids by char n-gram TF-IDF), a linear SVM over the titles' n-grams (matcher/title_linear.py),
the codes of titles sharing the head words (matcher/title_heads.py), the occupation vocabulary
(CSCO names, aliases and the trade-term dictionary, as separate labelled entries; plus the
characters a title shares with a code's CSCO name) and the dictionary classifier in
matcher/occupations.py. A candidate is any code those sources name, plus the minor, middle and
major groups above them and every major group, so that the ranker can answer with a group code
when the title only supports the group.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from matcher.occupation_codes import (
    code_prefix,
    csco_name_chars,
    is_group_code,
    major_groups,
    name_grams,
    parent_codes,
)
from matcher.occupations import OccupationClassifier, top_k_stable
from matcher.title_centroids import Centroids
from matcher.title_heads import KINDS, HeadCounts
from matcher.title_linear import MISSING_MARGIN, TitleLinearModel
from matcher.title_semantic import NO_EVIDENCE, SemanticEvidence, TitleSemantics

TITLE, VOCABULARY = 0, 1
_TOP_ENTRIES = 40
_DICTIONARY_K = 10
_LINEAR_K = 5  # the linear classifier's best codes join the candidates
_margin = itemgetter(1)
_HEAD_K = 3  # ... and so do the codes most titles with the same head words carry
_LINEAR_SUBTREE_K = 30  # ... and its best 30 give each group its best margin
_SEMANTIC_K = 3  # ... and the codes the semantic neighbours vote for / whose names are closest
_NAME_JACCARD_K = 5  # ... and the codes whose CSCO name shares the most characters (Jaccard)
_BASE_FEATURES = (
    "title_max",
    "title_top3",
    "title_count_05",
    "vocab_max",
    "subtree_sum",
    "subtree_max",
    "dictionary",
    "dictionary_top1",
    "is_group",
    "group_level_minor",
    "group_level_middle",
    "group_level_major",
    "prior",
    "group_title_max",
    "centroid_title",
    "centroid_all",
    "centroid_title_rank1",
    "linear_margin",
    "linear_top1",
    "linear_subtree_max",
    *(f"head_{kind}{part}" for kind in KINDS for part in ("", "_subtree")),
    "name_chars",
    "name_bigrams",
    "title_chars_in_name",
    "name_jaccard",
    "name_jaccard_top",
    "semantic_vote",
    "semantic_best",
    "semantic_name",
    "semantic_vote_top1",
    "semantic_name_top1",
    # Title-level: the same for every candidate, they set how sure the model is (vs "none") and,
    # times is_group, how much a vague or unfamiliar title leans to group codes.
    "title_length",
    "title_best_neighbour",
    "title_best_margin",
    "title_semantic_best",
)
_IS_GROUP = _BASE_FEATURES.index("is_group")
_CENTROID_TITLE = _BASE_FEATURES.index("centroid_title")
_CENTROID_ALL = _BASE_FEATURES.index("centroid_all")
_NAME_JACCARD = _BASE_FEATURES.index("name_jaccard")
_SEMANTIC_NAME = _BASE_FEATURES.index("semantic_name")
# Evidence means different things for a group code and an occupation (a vague title's neighbours
# spread over the group), so each evidence feature also enters multiplied by is_group.
_INTERACTING = [i for i, n in enumerate(_BASE_FEATURES) if not n.startswith(("is_", "group_level"))]
FEATURE_NAMES = _BASE_FEATURES + tuple(f"{_BASE_FEATURES[i]}*is_group" for i in _INTERACTING)


def _gather(values: NDArray[np.floating[Any]], columns: NDArray[np.int64]) -> NDArray[np.float64]:
    """values[columns], 0 where the column is -1."""
    result: NDArray[np.float64] = np.where(columns >= 0, values[columns], 0.0)
    return result


@cache
def _segments(code: str) -> tuple[str, ...]:
    return tuple(code.split("-"))


def _subtree_sims(
    titles: Sequence[tuple[str, float]],
) -> tuple[dict[tuple[str, ...], list[float]], dict[tuple[str, ...], float]]:
    """Neighbour similarities under every code prefix, and the best group-coded one per prefix."""
    inside: dict[tuple[str, ...], list[float]] = defaultdict(list)
    near: dict[tuple[str, ...], float] = {}
    for code, sim in titles:
        parts = _segments(code)
        group = is_group_code(code)
        for depth in range(1, 5):
            inside[parts[:depth]].append(sim)
            if group and depth < 4:
                near[parts[:depth]] = max(near.get(parts[:depth], 0.0), sim)
    return inside, near


def _best_under_prefixes(
    margins: dict[str, float], codes: Sequence[str]
) -> dict[tuple[str, ...], float]:
    """The best margin among the given codes under every code prefix (group) they fall in."""
    best: dict[tuple[str, ...], float] = {}
    for code in codes:
        parts = _segments(code)
        for depth in range(1, 5):
            key = parts[:depth]
            best[key] = max(best.get(key, MISSING_MARGIN), margins[code])
    return best


def _sum_under_prefixes(probabilities: dict[str, float]) -> dict[tuple[str, ...], float]:
    """The probability mass under every group prefix (a code counts for its own prefix too)."""
    sums: dict[tuple[str, ...], float] = defaultdict(float)
    for code, p in probabilities.items():
        prefix = code_prefix(code)
        for depth in range(1, len(prefix) + 1):
            sums[prefix[:depth]] += p
    return sums


def _top(values: NDArray[np.float64], k: int) -> list[int]:
    """Indices of the k largest values, largest first (ties by index: deterministic)."""
    part = np.argpartition(-values, k)[:k] if len(values) > k else np.arange(len(values))
    return [int(i) for i in part[np.lexsort((part, -values[part]))]]


def _row(query: sparse.csr_matrix | None) -> sparse.csr_matrix:
    """The query row, which `candidates` needs unless given its `Similarities`."""
    if query is None:
        raise ValueError("candidates() needs the query row or its precomputed Similarities")
    return query


# A code's prefix and minor group, its level flags, its CSCO name's characters and bigrams (with
# their counts), log(1 + labelled titles), its centroid row and its column in NameChars.
_CodeStatic = tuple[
    tuple[str, ...],
    tuple[str, ...],
    tuple[float, float, float, float],
    frozenset[str],
    int,
    frozenset[str],
    int,
    float,
    int,
    int,
]


@dataclass(frozen=True, slots=True)
class Similarities:
    """What a title's candidates start from: its cosines to the entries and centroids, and the
    linear margins (computed for many titles at once by `EvidenceIndex.similarities_many`)."""

    entries: NDArray[np.float64]
    title_centroids: NDArray[np.float64]
    all_centroids: NDArray[np.float64]
    margins: dict[str, float]
    margin_values: NDArray[np.float64]  # the same margins in the linear model's class order
    dictionary: dict[str, float]  # the dictionary classifier's best codes and scores


@dataclass(frozen=True, slots=True)
class Candidates:
    """The candidate codes of one title and their feature rows (same order)."""

    codes: list[str]
    features: NDArray[np.float64]


class EvidenceIndex:
    """Labelled entries (titles and vocabulary) as TF-IDF rows, searched by sparse dot product."""

    def __init__(
        self,
        *,
        vectors: sparse.csr_matrix,
        codes: Sequence[str],
        kinds: NDArray[np.int8],
        dictionary: OccupationClassifier,
        linear: TitleLinearModel,
        heads: HeadCounts,
        semantics: TitleSemantics,
    ) -> None:
        self.semantics = semantics
        self.linear = linear
        self.heads = heads
        self._matrix_t = vectors.T.tocsr()
        self.codes = list(codes)
        self.kinds = np.asarray(kinds, dtype=np.int8)
        self._dictionary = dictionary
        counts: dict[str, int] = defaultdict(int)
        for code, kind in zip(self.codes, self.kinds, strict=True):
            if kind == TITLE:
                counts[code] += 1
        self._title_counts = dict(counts)
        self._centroid_codes = sorted(set(self.codes))
        self._centroid_row = {c: i for i, c in enumerate(self._centroid_codes)}
        self._title_centroids = Centroids(
            vectors, self.codes, self.kinds == TITLE, self._centroid_row
        )
        self._all_centroids = Centroids(
            vectors, self.codes, np.ones(len(self.codes), dtype=bool), self._centroid_row
        )
        self._static: dict[str, _CodeStatic] = {}

    def _code_static(self, code: str) -> _CodeStatic:
        """What a candidate's feature row needs of its code alone, computed once per code."""
        group = code_prefix(code)
        level = len(group)
        static = (
            group,
            group[:3],
            (float(level < 4), float(level == 3), float(level == 2), float(level == 1)),
            *name_grams(code),
            math.log1p(self._title_counts.get(code, 0)),
            self._centroid_row.get(code, -1),
            csco_name_chars().column(code),
        )
        self._static[code] = static
        return static

    def similarities(self, query: sparse.csr_matrix) -> NDArray[np.float64]:
        """Cosine of one query row to every entry."""
        return np.asarray((query @ self._matrix_t).todense()).ravel()

    def similarities_many(
        self, queries: sparse.csr_matrix, texts: Sequence[str]
    ) -> list[Similarities]:
        """The `Similarities` of each query row (the cleaned `texts`, same order), from matrix
        products over all rows."""
        entries = np.asarray((queries @ self._matrix_t).todense())
        by_title = self._title_centroids.similarities_many(queries)
        by_all = self._all_centroids.similarities_many(queries)
        values = self.linear.margin_values(queries)
        classes = self.linear.classes
        dictionary = self._dictionary.classify_many(texts, k=_DICTIONARY_K)
        return [
            Similarities(
                entries[i],
                by_title[i],
                by_all[i],
                dict(zip(classes, values[i].tolist(), strict=True)),
                values[i],
                {c.code: c.score for c in dictionary[i]},
            )
            for i in range(queries.shape[0])
        ]

    def candidates(
        self,
        *,
        text: str,
        query: sparse.csr_matrix | None,
        exclude: int | None = None,
        margins: dict[str, float] | None = None,
        semantic: SemanticEvidence | None = None,
        known: Similarities | None = None,
    ) -> Candidates:
        """Candidate codes for a cleaned title and their features.

        For training, `exclude` hides the title's own entry and `margins` replaces the linear
        classifier's margins with those of one that never saw the title.
        """
        # Ties keep the classes' (sorted) order, as in a stable sort by descending margin.
        if margins is None and known is not None:
            margins = known.margins
            classes = self.linear.classes
            ranked = [classes[i] for i in top_k_stable(known.margin_values, _LINEAR_SUBTREE_K)]
        else:
            if margins is None:
                margins = self.linear.margins(_row(query))
            ranked = [c for c, _ in heapq.nlargest(_LINEAR_SUBTREE_K, margins.items(), key=_margin)]
        linear_top = ranked[:_LINEAR_K]
        linear_best = _best_under_prefixes(margins, ranked)
        own_code = (
            self.codes[exclude] if exclude is not None and self.kinds[exclude] == TITLE else None
        )
        heads = self.heads.distributions(text, exclude=own_code)
        head_sums = [_sum_under_prefixes(d) for d in heads]
        head_top = [c for d in heads[:2] for c in sorted(d, key=lambda c: (-d[c], c))[:_HEAD_K]]
        sims = known.entries if known is not None else self.similarities(_row(query))
        if exclude is not None:
            sims[exclude] = 0.0
        top = [i for i in _top(sims, _TOP_ENTRIES * 2) if sims[i] > 0]
        title_sims: dict[str, list[float]] = defaultdict(list)
        vocab_max: dict[str, float] = defaultdict(float)
        titles: list[tuple[str, float]] = []
        for i in top:
            code, sim = self.codes[i], float(sims[i])
            if self.kinds[i] == TITLE:
                title_sims[code].append(sim)
                titles.append((code, sim))
            else:
                vocab_max[code] = max(vocab_max[code], sim)
        if known is not None and exclude is None:
            by_title, by_all = known.title_centroids, known.all_centroids
        else:
            by_title = self._title_centroids.similarities(_row(query), exclude)
            by_all = self._all_centroids.similarities(_row(query), exclude)
        centroid_top = [self._centroid_codes[i] for i in _top(by_title, 10)]
        centroid_top += [self._centroid_codes[i] for i in _top(by_all, 5)]
        if known is not None:
            dictionary = known.dictionary
        else:
            dictionary = {c.code: c.score for c in self._dictionary.classify(text, k=_DICTIONARY_K)}
        dictionary_top = next(iter(dictionary), None)
        direct = list(dict.fromkeys([*title_sims, *vocab_max, *dictionary]))[:_TOP_ENTRIES]
        title_chars = frozenset(text.replace(" ", ""))
        name_index = csco_name_chars()
        jaccard = name_index.jaccard(title_chars)
        jaccard_top = [name_index.codes[i] for i in _top(jaccard, _NAME_JACCARD_K)]
        direct = list(dict.fromkeys([*direct, *centroid_top, *linear_top, *head_top]))
        if semantic is None:
            semantic = NO_EVIDENCE
        vote_top = sorted(semantic.votes, key=lambda c: (-semantic.votes[c], c))[:_SEMANTIC_K]
        name_top = semantic.name_top[:_SEMANTIC_K]
        direct = list(dict.fromkeys([*direct, *jaccard_top, *vote_top, *name_top]))
        parents = (p for c in direct for p in parent_codes(c))
        codes = list(dict.fromkeys([*direct, *parents, *major_groups()]))
        inside_by, near_by = _subtree_sims(titles)
        context = (
            min(len(text.replace(" ", "")), 20) / 20,
            max((s for _, s in titles), default=0.0),
            margins[linear_top[0]] if linear_top else MISSING_MARGIN,
            semantic.best_neighbour,
        )
        n_title_chars = max(1, len(title_chars))
        title_bigrams = frozenset(text[i : i + 2] for i in range(len(text) - 1))
        (head_last, sums_last), (head_last2, sums_last2), (head_first, sums_first) = zip(
            heads, head_sums, strict=True
        )
        rows: list[tuple[float, ...]] = []
        centroid: list[int] = []
        name_column: list[int] = []
        for code in codes:
            static = self._static.get(code) or self._code_static(code)
            (group, minor, level, name_chars, n_chars, name_bigrams, n_bigrams, prior) = static[:8]
            centroid.append(static[8])
            name_column.append(static[9])
            own = title_sims.get(code)  # neighbours come most similar first
            inside = inside_by.get(group)
            shared_chars = len(title_chars & name_chars)
            rows.append(
                (
                    own[0] if own else 0.0,
                    sum(own[:3]) if own else 0.0,
                    sum(1 for s in own if s >= 0.5) if own else 0,
                    vocab_max.get(code, 0.0),
                    sum(inside[:10]) if inside else 0.0,
                    inside[0] if inside else 0.0,  # most similar first
                    dictionary.get(code, 0.0),
                    float(code == dictionary_top),
                    *level,
                    prior,
                    near_by.get(minor, 0.0),
                    0.0,  # centroid_title, centroid_all and the columns below that say
                    0.0,  # "(gathered)" are filled from their arrays after the loop
                    float(code == centroid_top[0]),
                    margins.get(code, MISSING_MARGIN),
                    float(bool(linear_top) and code == linear_top[0]),
                    linear_best.get(group, MISSING_MARGIN),
                    head_last.get(code, 0.0),
                    sums_last.get(group, 0.0),
                    head_last2.get(code, 0.0),
                    sums_last2.get(group, 0.0),
                    head_first.get(code, 0.0),
                    sums_first.get(group, 0.0),
                    shared_chars / n_chars,
                    len(title_bigrams & name_bigrams) / n_bigrams,
                    shared_chars / n_title_chars,
                    0.0,  # (gathered)
                    float(bool(jaccard_top) and code == jaccard_top[0]),
                    semantic.votes.get(code, 0.0),
                    semantic.best.get(code, 0.0),
                    0.0,  # (gathered)
                    float(bool(vote_top) and code == vote_top[0]),
                    float(bool(name_top) and code == name_top[0]),
                    *context,
                )
            )
        base = np.array(rows, dtype=np.float64).reshape(len(codes), len(_BASE_FEATURES))
        centroids = np.array(centroid, dtype=np.int64)
        base[:, _CENTROID_TITLE] = _gather(by_title, centroids)
        base[:, _CENTROID_ALL] = _gather(by_all, centroids)
        names = np.array(name_column, dtype=np.int64)
        base[:, _NAME_JACCARD] = _gather(jaccard, names)
        if len(semantic.name_cosines):
            base[:, _SEMANTIC_NAME] = _gather(semantic.name_cosines, names)
        interactions = base[:, _INTERACTING] * base[:, _IS_GROUP : _IS_GROUP + 1]
        return Candidates(codes=codes, features=np.hstack([base, interactions]))
