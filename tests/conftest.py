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


# ---------------------------------------------------------------- stores on SQLite and PostgreSQL

PG_ENV = "FRONTLINES_TEST_PG"  # set by scripts/with-postgres (scripts/test runs the suite in it)


def _pg_skip_reason() -> str:
    import os

    return os.environ.get("FRONTLINES_TEST_PG_SKIP") or (
        f"${PG_ENV} is unset: run the suite through scripts/test (or scripts/with-postgres) "
        "to test the PostgreSQL store")


@pytest.fixture(scope="session")
def pg_admin():
    """An AUTOCOMMIT engine on the test server's database (creates and drops per-test ones)."""
    import os

    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(_pg_skip_reason())
    from sqlalchemy import create_engine

    engine = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1)
    yield engine
    engine.dispose()


def fresh_pg_database(admin) -> tuple[str, str]:
    """A new empty database on the test server: (its name, its URL)."""
    import uuid

    from sqlalchemy import text

    name = f"fl_{uuid.uuid4().hex[:16]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return name, admin.url.set(database=name).render_as_string(hide_password=False)


def drop_pg_database(admin, name: str) -> None:
    from sqlalchemy import text

    with admin.connect() as conn:  # FORCE: a test may leave a store open
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _store_urls(request, folder):
    """Yields the URL of a fresh, empty store of the backend ``request.param``."""
    yield from fresh_store_url(request, request.param, folder / "store.db")


def fresh_store_url(request, backend: str, sqlite_file: Path):
    """Yields the URL of a fresh, empty store on ``backend`` ("sqlite": ``sqlite_file``;
    otherwise a new database on the test PostgreSQL server, dropped afterwards)."""
    if backend == "sqlite":
        yield f"sqlite:///{sqlite_file}"
        return
    admin = request.getfixturevalue("pg_admin")
    name, url = fresh_pg_database(admin)
    yield url
    drop_pg_database(admin, name)


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """The URL of a fresh, empty store for one test: a SQLite file, then a new database on the
    PostgreSQL test server (skipped when there is none)."""
    yield from _store_urls(request, tmp_path)


@pytest.fixture(scope="module", params=BACKENDS)
def module_store_url(request, tmp_path_factory):
    """``store_url`` shared by a module's tests (a store filled once, then only read)."""
    yield from _store_urls(request, tmp_path_factory.mktemp("store"))
