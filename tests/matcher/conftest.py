"""Session-scoped models for the matcher tests: each is loaded once per test run."""

from __future__ import annotations

import pytest

from matcher.embedding import Embedder, load_embedder
from matcher.occupations import OccupationClassifier


@pytest.fixture(scope="session")
def classifier() -> OccupationClassifier:
    return OccupationClassifier.load()


@pytest.fixture(scope="session")
def use_embedder() -> Embedder:
    return load_embedder("use")


@pytest.fixture(scope="session")
def minilm_embedder() -> Embedder:
    return load_embedder("minilm")
