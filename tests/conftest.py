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


@pytest.fixture(scope="session")
def nlp():
    """The shipped spaCy pipeline, loaded once per test session."""
    from frontlines.nlp.model import shared_nlp

    return shared_nlp()


@pytest.fixture(scope="session")
def gazetteer():
    """The shipped gazetteer, loaded once per test session."""
    from frontlines.geo.gazetteer import Gazetteer

    return Gazetteer.load()


@pytest.fixture(scope="session")
def coder():
    """The shipped coder, built once per test session (spaCy model + gazetteer + dictionaries)."""
    from frontlines.nlp.pipeline import Coder

    return Coder.default()


@pytest.fixture
def cli_coder(coder, monkeypatch):
    """Make CLI commands reuse the session's coder instead of loading a new one (with the
    store's alias and place fixes laid over it when a command passes them)."""
    from frontlines import api

    monkeypatch.setattr(api, "default_coder", lambda overrides=None: coder.with_overrides(overrides) if overrides else coder)
    return coder
