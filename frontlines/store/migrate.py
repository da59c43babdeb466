"""Alembic migrations, configured from the package (no alembic.ini needed).

``migrate(url)`` brings a database to the newest schema; ``downgrade(url, "base")`` removes it.
Both also accept an open SQLAlchemy ``Engine`` or ``Connection`` (needed for in-memory SQLite,
where every new connection would otherwise see an empty database).

From a shell: ``python -m frontlines.store.migrate [URL]`` (default: ``Store``'s default URL).
"""
from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def postgres_driver(url: str) -> str:
    """``postgresql://`` and ``postgres://`` URLs use psycopg 3 (the ``postgres`` extra), not
    SQLAlchemy's default psycopg2, which the project does not install."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic ``Config`` pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        # ConfigParser treats '%' as interpolation; URLs may contain encoded passwords.
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _run(target: str | Engine | Connection, action: str, revision: str) -> None:
    if isinstance(target, Connection):
        getattr(command, action)(alembic_config(connection=target), revision)
        return
    engine = create_engine(postgres_driver(target)) if isinstance(target, str) else target
    try:
        with engine.begin() as conn:
            getattr(command, action)(alembic_config(connection=conn), revision)
    finally:
        if isinstance(target, str):
            engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The revision the database at ``engine`` is at (None: never migrated)."""
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(target: str | Engine | Connection, revision: str = "head") -> None:
    """Upgrade the database at ``target`` (URL, engine or connection) to ``revision``."""
    _run(target, "upgrade", revision)


def downgrade(target: str | Engine | Connection, revision: str = "base") -> None:
    """Downgrade the database at ``target`` to ``revision`` (``"base"``: drop everything)."""
    _run(target, "downgrade", revision)


if __name__ == "__main__":  # python -m frontlines.store.migrate [URL]
    from frontlines.store.store import default_url

    migrate(sys.argv[1] if len(sys.argv) > 1 else default_url())
