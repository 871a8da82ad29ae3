"""Encoders compared on the real-title ranking benchmark and on résumé-length text.

`python -m bench.encoders [spec ...]` (default: use minilm e5) prints one JSON object: for each
encoder, nDCG@10 / MRR of embedding cosine alone and of the fused matcher on the real-title
pool (matcher/eval/title_ranking.py), and embedding throughput on ≈ 300-char résumé texts with
the configured threads (FAIRMATCH_EMBED_THREADS), plus the embedding share of the ingest budget
(2,000 résumés embedded and indexed ≤ 60 s).
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from matcher.embedding import EmbedderUnavailableError, embed_threads, load_embedder
from matcher.eval.occupation_cv import cross_validated_predictions
from matcher.eval.ranking_eval import load_ranking_set
from matcher.eval.title_ranking import evaluate_title_ranking
from matcher.texts import resume_text

RESUME_TEXTS = 120
RESUME_CHARS = 300


def resume_length_texts() -> list[str]:
    """Deterministic résumé-like texts of about RESUME_CHARS characters."""
    parts = [resume_text(r) for _, graded in load_ranking_set() for r, _ in graded]
    texts, current = [], ""
    for part in parts:
        current = f"{current}；{part}" if current else part
        if len(current) >= RESUME_CHARS:
            texts.append(current[:RESUME_CHARS])
            current = ""
        if len(texts) == RESUME_TEXTS:
            break
    return texts


def run(specs: list[str]) -> dict[str, object]:
    """Every encoder's figures, by spec."""
    rows, distributions = cross_validated_predictions()
    texts = resume_length_texts()
    out: dict[str, object] = {
        "threads": embed_threads(),
        "resume_texts": len(texts),
        "mean_chars": round(sum(map(len, texts)) / len(texts), 1),
    }
    for spec in specs:
        try:
            embedder = load_embedder(spec)
        except EmbedderUnavailableError as exc:
            out[spec] = {"unavailable": str(exc)}
            continue
        embedder.encode(texts[:4])
        started = time.perf_counter()
        embedder.encode(texts)
        per_second = len(texts) / (time.perf_counter() - started)
        ranking = evaluate_title_ranking(rows=rows, distributions=distributions, embedder=embedder)
        out[spec] = {
            "texts_per_s": round(per_second, 1),
            "embed_2000_resumes_s": round(2000 / per_second, 1),
            "cosine_only": ranking[f"baseline_{embedder.name}_cosine"],
            # matcher: production weights (TEXT_FUSION was fitted on USE cosines);
            # text_fusion_only: the fusion refitted on this encoder's cosines.
            "matcher": ranking["matcher"],
            "text_fusion_only": ranking["text_fusion_only"],
            "baseline_char_tfidf": ranking["baseline_char_tfidf"],
        }
    return out


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1:] or ["use", "minilm", "e5"]), ensure_ascii=False))
