"""Deterministic training of the occupation model from shipped data (no network, no randomness).

Training data: the CSCO 2022 names and job-board aliases of every occupation and group, the
trade-term dictionary (data/trade_terms.csv) and the real job-board titles in
data/occupation_titles_dev.csv. The ranker is a conditional logit over candidate features,
fitted on the titles with each title's own entry hidden (leave-one-out) and with linear-SVM
margins from inner folds that did not see the title, so that it learns how much to trust
evidence it will really have at prediction time.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from matcher.csco import load_occupations, occupations_by_code
from matcher.occupation_features import TITLE, VOCABULARY, EvidenceIndex
from matcher.occupation_model import LogisticRanker, OccupationModel
from matcher.occupations import OccupationClassifier, _short_name, clean_title, read_trade_terms
from matcher.title_heads import HeadCounts
from matcher.title_linear import fit_title_linear
from matcher.title_semantic import TitleSemantics, dequantize, encoder, quantize
from matcher.title_vectors import CharNgramVectorizer

DEV_TITLES_FILE = "data/occupation_titles_dev.csv"
_RANKER_L2 = 1.0
INNER_FOLDS = (
    5  # the linear classifier's training-time margins come from models that never saw the title
)


@cache
def read_dev_titles() -> tuple[tuple[str, str], ...]:
    """(job title, CSCO code) rows of the shipped real job-board titles."""
    text = resources.files("matcher").joinpath(DEV_TITLES_FILE).read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        (row["job_name"], row["expected_code"].strip())
        for row in rows
        if row["expected_code"].strip()
    )


@cache
def vocabulary_entries() -> tuple[tuple[str, str], ...]:
    """(cleaned text, code) for CSCO names, short names, aliases and trade terms."""
    entries: dict[tuple[str, str], None] = {}
    for occ in load_occupations():
        for name in (occ.display_name, _short_name(occ.display_name), *occ.aliases):
            text = clean_title(name)
            if text:
                entries[(text, occ.code)] = None
    for term, code in read_trade_terms():
        text = clean_title(term)
        if text:
            entries[(text, code)] = None
    return tuple(entries)


@cache
def _name_semantics() -> tuple[tuple[str, ...], NDArray[np.float32]]:
    """Every CSCO code and the (quantized, as stored) USE vector of its display name."""
    known = occupations_by_code()
    codes = tuple(sorted(known))
    vectors = encoder().encode([known[c].display_name for c in codes], batch_size=64)
    return codes, dequantize(*quantize(vectors))


def _semantics(texts: Sequence[str], codes: Sequence[str]) -> TitleSemantics:
    """USE vectors of the cleaned labelled titles (round-tripped through the stored int8 form)."""
    name_codes, name_vectors = _name_semantics()
    vectors = encoder().encode(list(texts), batch_size=64)
    return TitleSemantics(
        title_vectors=dequantize(*quantize(vectors)),
        title_codes=codes,
        name_vectors=name_vectors,
        name_codes=name_codes,
    )


def _evidence(
    titles: Sequence[tuple[str, str]],
) -> tuple[CharNgramVectorizer, sparse.csr_matrix, EvidenceIndex, int]:
    vocab = vocabulary_entries()
    texts = [t for t, _ in vocab] + [clean_title(t) for t, _ in titles]
    codes = [c for _, c in vocab] + [c for _, c in titles]
    kinds = np.array([VOCABULARY] * len(vocab) + [TITLE] * len(titles), dtype=np.int8)
    vectorizer = CharNgramVectorizer.fit(texts)
    vectors = vectorizer.transform(texts)
    index = EvidenceIndex(
        vectors=vectors,
        codes=codes,
        kinds=kinds,
        dictionary=OccupationClassifier.load(),
        linear=fit_title_linear(vectors[len(vocab) :], codes[len(vocab) :]),
        heads=HeadCounts.fit(zip(texts[len(vocab) :], codes[len(vocab) :], strict=True)),
        semantics=_semantics(texts[len(vocab) :], codes[len(vocab) :]),
    )
    return vectorizer, vectors, index, len(vocab)


def _held_out_margins(
    vectors: sparse.csr_matrix, codes: Sequence[str], offset: int
) -> list[dict[str, float]]:
    """Each title's linear margins from a classifier fitted on the other inner folds.

    (Adding the vocabulary entries to the linear classifier's training rows, down-weighted,
    gained < 1 point on one fold and made training 7× slower: the ranker has them already.)
    """
    n_titles = len(codes) - offset
    folds = np.arange(n_titles) % INNER_FOLDS
    margins: list[dict[str, float]] = [{} for _ in range(n_titles)]
    for fold in range(INNER_FOLDS):
        inside = offset + np.flatnonzero(folds != fold)
        model = fit_title_linear(vectors[inside], [codes[int(i)] for i in inside])
        for j in np.flatnonzero(folds == fold):
            margins[j] = model.margins(vectors[offset + j])
    return margins


def _training_rows(
    index: EvidenceIndex,
    vectors: sparse.csr_matrix,
    titles: Sequence[tuple[str, str]],
    offset: int,
) -> tuple[NDArray[np.float64], NDArray[np.int8], NDArray[np.int64]]:
    features: list[NDArray[np.float64]] = []
    labels: list[NDArray[np.int8]] = []
    groups: list[NDArray[np.int64]] = []
    margins = _held_out_margins(vectors, index.codes, offset)
    for j, (title, code) in enumerate(titles):
        text = clean_title(title)
        query = vectors[offset + j]
        if not text or query.nnz == 0:
            continue
        semantic = index.semantics.evidence(index.semantics.title_vectors[j], exclude=j)
        found = index.candidates(
            text=text, query=query, exclude=offset + j, margins=margins[j], semantic=semantic
        )
        features.append(found.features)
        labels.append(np.array([c == code for c in found.codes], dtype=np.int8))
        groups.append(np.full(len(found.codes), len(groups), dtype=np.int64))
    return np.vstack(features), np.concatenate(labels), np.concatenate(groups)


def fit_ranker(
    features: NDArray[np.float64], labels: NDArray[np.int8], groups: NDArray[np.int64]
) -> LogisticRanker:
    """Conditional logit over each title's candidates plus a "none" option scored 0.

    The objective is the softmax the model predicts with (softmax_with_none), so its
    probabilities are calibrated on the training titles; a title whose code is not among its
    candidates teaches the none option. L-BFGS from zeros with an L2 penalty: deterministic.
    """
    from scipy.optimize import minimize

    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    x = np.hstack([(features - mean) / scale, np.ones((len(features), 1))])
    y = labels.astype(np.float64)
    _, group = np.unique(groups, return_inverse=True)
    n_groups = int(group.max()) + 1

    def loss(w: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        s = x @ w
        top = np.zeros(n_groups)
        np.maximum.at(top, group, s)
        e = np.exp(s - top[group])
        z = np.bincount(group, e, n_groups) + np.exp(-top)
        log_likelihood = float((s * y).sum() - (top + np.log(z)).sum())
        gradient = x.T @ (y - e / z[group])
        return -log_likelihood + _RANKER_L2 * float(w @ w), -gradient + 2 * _RANKER_L2 * w

    fitted = minimize(
        loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 1000}
    )
    return LogisticRanker(
        mean=mean, scale=scale, coef=fitted.x[:-1].astype(np.float64), intercept=float(fitted.x[-1])
    )


def train_model(titles: Sequence[tuple[str, str]] | None = None) -> OccupationModel:
    """Fit the model on labelled titles (default: all shipped dev titles) and the vocabulary."""
    rows = list(read_dev_titles() if titles is None else titles)
    vectorizer, vectors, index, offset = _evidence(rows)
    features, labels, groups = _training_rows(index, vectors, rows, offset)
    return OccupationModel(
        vectorizer=vectorizer,
        index=index,
        entry_vectors=vectors,
        ranker=fit_ranker(features, labels, groups),
    )
