"""Offline evaluation: `python -m matcher.eval` prints one JSON object.

Real data first: occupation top-1/top-5 cross-validated on the real job-board titles (dev half)
and candidate ranking on a pool built from those titles, each with baselines. The project's
self-written sets come after, as regression checks.
"""

from __future__ import annotations

import time

from matcher.embedding import load_embedder


def run_eval(embedder_spec: str = "use") -> dict[str, object]:
    """Every metric as one JSON-ready dict, real-data figures first."""
    from matcher.eval.occupation_cv import evaluate_occupations_cv
    from matcher.eval.occupation_eval import evaluate_occupations
    from matcher.eval.ranking_eval import evaluate_ranking
    from matcher.eval.title_ranking import evaluate_title_ranking

    started = time.perf_counter()
    embedder = load_embedder(embedder_spec)
    occupations, rows, distributions = evaluate_occupations_cv()
    result: dict[str, object] = {
        "real_occupations_cv": occupations,
        "real_title_ranking": evaluate_title_ranking(
            rows=rows, distributions=distributions, embedder=embedder
        ),
        "self_written": {
            "occupation_dev": evaluate_occupations("occupation_dev.csv"),
            "occupation_test": evaluate_occupations("occupation_test.csv"),
            "ranking_dev": evaluate_ranking(embedder),
        },
        "embedder": embedder_spec,
    }
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result
