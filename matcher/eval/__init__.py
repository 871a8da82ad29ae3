"""Offline eval of occupation normalization and candidate ranking: `python -m matcher.eval`."""

from __future__ import annotations

import time

from matcher.embedding import load_embedder


def run_eval(embedder_spec: str = "use") -> dict[str, object]:
    """Every metric as one JSON-ready dict: occupations (dev, test) and ranking (dev)."""
    from matcher.eval.occupation_eval import evaluate_occupations
    from matcher.eval.ranking_eval import evaluate_ranking

    started = time.perf_counter()
    result: dict[str, object] = {
        "occupation_dev": evaluate_occupations("occupation_dev.csv"),
        "occupation_test": evaluate_occupations("occupation_test.csv"),
        "ranking_dev": evaluate_ranking(load_embedder(embedder_spec)),
        "embedder": embedder_spec,
    }
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result
