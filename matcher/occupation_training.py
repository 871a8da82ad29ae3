"""Deterministic training of the occupation model from shipped data (no network, no randomness).

Training data: the CSCO 2022 names and job-board aliases of every occupation and group, the
trade-term dictionary (data/trade_terms.csv) and the real job-board titles in
data/occupation_titles_dev.csv. The ranker is a logistic regression over candidate features,
fitted on the titles with each title's own entry hidden (leave-one-out), so that it learns how
much to trust neighbours it will really have at prediction time.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]

from matcher.csco import load_occupations
from matcher.occupation_features import TITLE, VOCABULARY, EvidenceIndex
from matcher.occupation_model import LogisticRanker, OccupationModel
from matcher.occupations import OccupationClassifier, _short_name, clean_title, read_trade_terms
from matcher.title_vectors import CharNgramVectorizer

DEV_TITLES_FILE = "data/occupation_titles_dev.csv"
_RANKER_C = 1.0


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
        vectors=vectors, codes=codes, kinds=kinds, dictionary=OccupationClassifier.load()
    )
    return vectorizer, vectors, index, len(vocab)


def _training_rows(
    index: EvidenceIndex,
    vectorizer: CharNgramVectorizer,
    titles: Sequence[tuple[str, str]],
    offset: int,
) -> tuple[NDArray[np.float64], NDArray[np.int8]]:
    features, labels = [], []
    for j, (title, code) in enumerate(titles):
        text = clean_title(title)
        query = vectorizer.transform([text])
        if not text or query.nnz == 0:
            continue
        found = index.candidates(text=text, query=query, exclude=offset + j)
        features.append(found.features)
        labels.append(np.array([c == code for c in found.codes], dtype=np.int8))
    return np.vstack(features), np.concatenate(labels)


def fit_ranker(features: NDArray[np.float64], labels: NDArray[np.int8]) -> LogisticRanker:
    """Logistic regression on standardized candidate features (lbfgs: deterministic)."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=_RANKER_C, max_iter=2000)
    model.fit((features - mean) / scale, labels)
    return LogisticRanker(
        mean=mean,
        scale=scale,
        coef=model.coef_[0].astype(np.float64),
        intercept=float(model.intercept_[0]),
    )


def train_model(titles: Sequence[tuple[str, str]] | None = None) -> OccupationModel:
    """Fit the model on labelled titles (default: all shipped dev titles) and the vocabulary."""
    rows = list(read_dev_titles() if titles is None else titles)
    vectorizer, vectors, index, offset = _evidence(rows)
    features, labels = _training_rows(index, vectorizer, rows, offset)
    return OccupationModel(
        vectorizer=vectorizer,
        index=index,
        entry_vectors=vectors,
        ranker=fit_ranker(features, labels),
    )
