"""Alembic: upgrade head / downgrade base both work and the ORM matches the migrated schema."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from frontlines.store import downgrade, migrate
from frontlines.store.store import make_engine
from frontlines.store.models import Base, include_name


def test_upgrade_then_downgrade(store_url) -> None:
    url = store_url
    migrate(url)
    engine = make_engine(url)
    assert "events" in inspect(engine).get_table_names()
    downgrade(url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(url)  # and back up again
    assert "event_reports" in inspect(engine).get_table_names()
    engine.dispose()


def test_orm_metadata_matches_migrated_schema(store_url) -> None:
    url = store_url
    migrate(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def test_names_fit_postgres_limit() -> None:
    names = []
    for table in Base.metadata.sorted_tables:
        names.append(table.name)
        names += [c.name for c in table.columns]
        names += [i.name for i in table.indexes]
        names += [c.name for c in table.constraints if isinstance(c.name, str)]
    assert names and all(len(n) <= 63 for n in names)


def test_alembic_commands_with_packaged_config(store_url) -> None:
    # the same path the CLI takes: env.py builds its own engine from sqlalchemy.url
    from alembic import command

    from frontlines.store import alembic_config

    url = store_url
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    assert "articles" in inspect(engine).get_table_names()
    command.downgrade(alembic_config(url), "base")
    assert "articles" not in inspect(engine).get_table_names()
    engine.dispose()


def test_postgresql_ddl_renders(capsys) -> None:
    # offline mode renders the migration for PostgreSQL without a server
    from alembic import command

    from frontlines.store import alembic_config

    command.upgrade(alembic_config("postgresql://user@localhost/frontlines"), "head", sql=True)
    sql = capsys.readouterr().out
    assert "TIMESTAMP WITH TIME ZONE" in sql and "CREATE TABLE event_reports" in sql
    assert '"end" INTEGER NOT NULL' in sql


def test_plain_postgres_urls_use_psycopg() -> None:
    from frontlines.store.migrate import postgres_driver

    assert postgres_driver("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert postgres_driver("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert postgres_driver("postgresql+psycopg2://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert postgres_driver("sqlite:///x.db") == "sqlite:///x.db"
