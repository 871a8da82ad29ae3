"""Benchmark the embedded search backend: `python bench/search_bench.py --docs 50000`."""

from __future__ import annotations

import argparse
import json
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from bench.search_engine import run_search_bench


def main() -> None:
    """Parse arguments, run the benchmark, print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    print(json.dumps(run_search_bench(args.docs, args.queries), ensure_ascii=False))


if __name__ == "__main__":
    main()
