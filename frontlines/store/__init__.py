"""store stage: SQLAlchemy store (SQLite default, PostgreSQL-ready) with Alembic migrations.

    store = Store.open()          # $FRONTLINES_DB or sqlite:///frontlines.db, migrated to head
    article_id, created = store.add_article(article, content_hash(article.text))
    store.save_coded(article_id, coded, coder_version="0.1.0")
    for event in store.iter_events(country="Syria"): ...
"""
from frontlines.store.migrate import alembic_config, downgrade, migrate
from frontlines.store.results import SaveResult, StoredArticle, StoredEvent, StoredEvidence
from frontlines.store.store import (
    DEFAULT_URL,
    ENV_VAR,
    EventFilter,
    Store,
    assign_event_ids,
    content_hash,
    default_url,
    event_id_for,
    make_engine,
)

__all__ = [
    "DEFAULT_URL", "ENV_VAR", "EventFilter", "SaveResult", "Store", "StoredArticle",
    "StoredEvent", "StoredEvidence", "alembic_config", "assign_event_ids", "content_hash",
    "default_url", "downgrade", "event_id_for", "make_engine", "migrate",
]
