"""IndexDoc to and from the JSON-able source both engines store."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

import numpy as np

from search.types import IndexDoc, Vector

_SOURCE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(IndexDoc) if f.name != "vector")


def doc_source(doc: IndexDoc) -> dict[str, Any]:
    """Every field of the document except its vector, as plain JSON values."""
    source = asdict(doc)
    source.pop("vector")
    return source


def doc_from_source(source: dict[str, Any], vector: Vector | None) -> IndexDoc:
    """Rebuild an IndexDoc from a stored source (unknown keys are ignored)."""
    known = {name: source[name] for name in _SOURCE_FIELDS if name in source}
    return IndexDoc(vector=vector, **known)


def as_vector(values: Any, dim: int) -> Vector:
    """A float32 vector of the expected dimension, or ValueError."""
    vector = np.asarray(values, dtype=np.float32).reshape(-1)
    if vector.shape[0] != dim:
        raise ValueError(f"vector has {vector.shape[0]} dimensions, the index expects {dim}")
    return vector


def unit(vector: Vector) -> Vector:
    """The vector scaled to length 1 (zero stays zero), so a dot product is the cosine."""
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector
