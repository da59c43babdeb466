"""Shared test fixtures. Heavy resources (spaCy model, gazetteer) are built once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout: seeds and evaluation data; absent on a user's fresh machine.
SHARED = ROOT.parent / "shared"
SEED_TEXT = SHARED / "seeds" / "asharq-2014-01-aleppo.txt"
SEED_GOLD = SHARED / "seeds" / "asharq-2014-01-aleppo.gold.json"


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared (seeds / evaluation data) is not on this machine")
    return path
