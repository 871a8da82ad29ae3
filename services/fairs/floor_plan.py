"""A fair's floor-plan image, uploaded by the organizer to show instead of the drawn hall map.

The upload is decoded and re-encoded (JPEG, at most 2,000 px a side): what is served is pixels
only, no camera metadata or location, and a file that is not a picture is refused.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from frontend.i18n import bilingual
from services.errors import InvalidInput

MAX_FLOOR_PLAN_BYTES = 1_900_000  # under the default request body limit
MAX_SIDE = 2000
MAX_PIXELS = 40_000_000
ACCEPTED = {"PNG", "JPEG", "WEBP"}


def floor_plan_path(data_dir: Path, fair_id: int) -> Path:
    """Where a fair's floor plan is kept (it may not exist)."""
    return data_dir / "floor_plans" / f"fair-{fair_id}.jpg"


def store_floor_plan(*, data_dir: Path, fair_id: int, data: bytes) -> tuple[int, int]:
    """Check, shrink and keep the image; its stored size. InvalidInput when it is no picture."""
    if not data or len(data) > MAX_FLOOR_PLAN_BYTES:
        raise InvalidInput(bilingual("api.floor_plan_invalid"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED or probe.width * probe.height > MAX_PIXELS:
                    raise InvalidInput(bilingual("api.floor_plan_invalid"))
                picture = probe.convert("RGB")
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise InvalidInput(bilingual("api.floor_plan_invalid")) from exc
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    target = floor_plan_path(data_dir, fair_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    picture.save(partial, format="JPEG", quality=85, optimize=True)
    partial.replace(target)  # readers never see half a file
    return picture.size
