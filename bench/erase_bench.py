"""How long the erasure after a deletion takes: `python -m bench.erase_bench --docs 20000`.

Builds an embedded résumé index of `docs` documents with Chinese text and 512-d vectors, deletes
one, and times `purge_deleted` (the segment rewrite plus the column table rebuild) — the part of
`resume.erase` that grows with the index. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from search.embedded.index import EmbeddedIndex
from search.types import IndexDoc

_WORDS = "数控 车床 编程 焊接 氩弧焊 二保焊 模具 钳工 电工 叉车 装配 质检 看图 公差 FANUC 西门子"


def run_erase_bench(docs: int, *, dim: int = 512, seed: int = 7) -> dict[str, float]:
    """Seconds to build, delete one, and purge; documents kept and files left."""
    pick, rng, words = random.Random(seed), np.random.default_rng(seed), _WORDS.split()
    with tempfile.TemporaryDirectory(prefix="fairmatch-erase-") as tmp:
        index = EmbeddedIndex(Path(tmp) / "resumes", dim=dim)
        started = time.perf_counter()
        for first in range(1, docs + 1, 1000):
            index.upsert(
                [
                    IndexDoc(
                        id=i,
                        title=pick.choice(words) + "工",
                        body=" ".join(pick.choices(words, k=60)) + f" 经历{i}",
                        vector=rng.standard_normal(dim).astype(np.float32),
                        open_to_recommendations=True,
                    )
                    for i in range(first, min(first + 1000, docs + 1))
                ]
            )
        built = time.perf_counter() - started
        index.delete([docs // 2])
        started = time.perf_counter()
        kept = index.purge_deleted()
        purged = time.perf_counter() - started
        tombstones = len(list(Path(tmp).rglob("*.del")))
        index.close()
    return {
        "docs": float(docs),
        "build_s": round(built, 3),
        "purge_s": round(purged, 3),
        "kept": float(kept),
        "tombstone_files_after": float(tombstones),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=20_000)
    args = parser.parse_args()
    print(json.dumps(run_erase_bench(args.docs), ensure_ascii=False))


if __name__ == "__main__":
    main()
