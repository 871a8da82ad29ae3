"""Speed and size of the learned occupation classifier on one core.

`python -m bench.occupation_classify` prints one JSON object: model file bytes, load seconds
(once per process), and titles classified per wall and per CPU second (top-5, every real dev
title, after a short warm-up) with BLAS pinned to one thread. The goal is ≥ 500 titles/s; run it
under `taskset -c 0` to keep it on one core.
"""

from __future__ import annotations

import json
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from matcher.occupation_model import OccupationModel, shipped_model_path
from matcher.occupation_training import read_dev_titles

GOAL_TITLES_PER_SECOND = 500


def run() -> dict[str, object]:
    """Load the shipped model once, then time classify() over the dev titles."""
    started = time.perf_counter()
    model = OccupationModel.load()
    load_seconds = time.perf_counter() - started
    titles = [title for title, _ in read_dev_titles()]
    model.classify_many(["焊工", "会计", "数控车床操作工"], k=5)  # jieba and the code tables load
    started, cpu_started = time.perf_counter(), time.process_time()
    model.classify_many(titles, k=5)
    per_second = len(titles) / (time.perf_counter() - started)
    # CPU time is what one core spends; wall time also counts waiting for a shared machine.
    per_cpu_second = len(titles) / (time.process_time() - cpu_started)
    return {
        "model_bytes": shipped_model_path().stat().st_size,
        "load_seconds": round(load_seconds, 2),
        "titles": len(titles),
        "titles_per_second": round(per_second, 1),
        "titles_per_cpu_second": round(per_cpu_second, 1),
        "goal_titles_per_second": GOAL_TITLES_PER_SECOND,
        "meets_goal": per_cpu_second >= GOAL_TITLES_PER_SECOND,
    }


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False))
