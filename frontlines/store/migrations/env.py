"""Alembic environment for the frontlines store.

Configured programmatically by ``frontlines.store.migrate`` (no alembic.ini needed, so an
installed package can migrate itself). When the caller hands over an open connection in
``config.attributes["connection"]`` it is used as is (this is how in-memory SQLite databases and
tests migrate); otherwise an engine is built from the ``sqlalchemy.url`` option, falling back to
the store's default URL (``$FRONTLINES_DB`` or ``sqlite:///frontlines.db``) so that the plain
``alembic upgrade head`` CLI with the repository's ``alembic.ini`` works too.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from frontlines.store.migrate import postgres_driver
from frontlines.store.models import Base, include_name
from frontlines.store.store import default_url

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode recreates tables when a later migration needs it.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,  # the FTS5 tables are not in the ORM metadata
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or default_url()


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = create_engine(postgres_driver(_url()))
    try:
        with engine.connect() as conn:
            _configure(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
