"""SQLAlchemy ORM models: the store's schema.

Written to run on SQLite (the default) and PostgreSQL alike: only portable types (``Text``,
``Integer``, ``Float``, ``Boolean``, ``Date``, timezone-aware ``DateTime``, generic ``JSON``),
unbounded text, explicit indexes, and constraint names from a naming convention so that every
name is deterministic and shorter than PostgreSQL's 63-character limit.

The initial Alembic migration (``migrations/versions/0001_initial.py``) creates exactly this
schema; ``tests/test_store_migrations.py`` checks that they do not drift apart.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Deterministic constraint names: Alembic batch mode (SQLite) and PostgreSQL both need them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# SQLite-only tables of migration 0003, written by triggers, not by the ORM: the full-text index
# of articles (with the shadow tables FTS5 keeps for it) and the per-day event counts. The ORM
# does not map them, so schema comparisons skip them.
SEARCH_TABLE = "articles_fts"
# PostgreSQL's article search (migration 0004): the indexed expression, spelled as the index is.
PG_SEARCH_CONFIG = "simple"
PG_SEARCH_VECTOR = (f"to_tsvector('{PG_SEARCH_CONFIG}', "
                    "translate(coalesce(title, '') || ' ' || text, '<>', '  '))")
PG_SEARCH_INDEX = "ix_articles_search"
DAY_COUNTS_TABLES = ("event_day_counts", "event_day_type_counts")


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Alembic ``include_name`` hook: everything but the trigger-kept SQLite tables and
    PostgreSQL's search index (an expression index the ORM does not declare)."""
    if type_ == "index":
        return name != PG_SEARCH_INDEX
    if type_ != "table" or name is None:
        return True
    return not (name.startswith(SEARCH_TABLE) or name in DAY_COUNTS_TABLES)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ArticleRow(Base):
    """One ingested document. Identical content is stored once per URL (``url_key``: the URL,
    or "" when there is none): the same wire story at two outlets' URLs is two reports of its
    events, the same file read twice is one."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("content_hash", "url_key"),
        Index("ix_articles_url", "url"),
        Index("ix_articles_published", "published"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    content_hash: Mapped[str] = mapped_column(Text, nullable=False)
    url_key: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    doc_id: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    captions: Mapped[list[Any]] = mapped_column(JSON, nullable=False)  # [[start, end], ...]
    language: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    reference_date: Mapped[date | None] = mapped_column(Date)
    reference_inferred: Mapped[bool | None] = mapped_column(Boolean)
    reference_how: Mapped[str | None] = mapped_column(Text)
    coder_version: Mapped[str | None] = mapped_column(Text)
    coded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    reports: Mapped[list[EventReportRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class PlaceRow(Base):
    """A resolved place; one row per (name, latitude, longitude)."""

    __tablename__ = "places"
    __table_args__ = (
        UniqueConstraint("name", "latitude", "longitude"),
        Index("ix_places_geonameid", "geonameid"),
        Index("ix_places_country", "country"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    geonameid: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    latitude: Mapped[float] = mapped_column(Float, nullable=False)
    longitude: Mapped[float] = mapped_column(Float, nullable=False)
    country: Mapped[str | None] = mapped_column(Text)
    country_code: Mapped[str | None] = mapped_column(Text)
    admin1: Mapped[str | None] = mapped_column(Text)
    admin2: Mapped[str | None] = mapped_column(Text)
    feature_code: Mapped[str | None] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(Integer)
    precision: Mapped[int | None] = mapped_column(Integer)  # ACLED geo_precision 1-3


class EventRow(Base):
    """One real-world event, however many articles report it; ``id`` is stable (the id of the
    first mention that created it). Its fields are reconciled from its mentions
    (``event_mentions``) and then overridden by analyst corrections (``corrections``).
    ``status`` is "active", or "false" once an analyst marks the event as not having happened."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_event_date", "event_date"),
        Index("ix_events_country", "country"),
        Index("ix_events_event_type", "event_type"),
        Index("ix_events_actor1", "actor1"),
        Index("ix_events_actor2", "actor2"),
        Index("ix_events_place_id", "place_id"),
        # Serving (migration 0003): newest-first pages, the timeline, the map's bounding box.
        Index("ix_events_event_date_id", "event_date", "id"),
        Index("ix_events_timeline", "event_date", "event_type", "status", "fatalities"),
        Index("ix_events_lon_lat", "longitude", "latitude", "status", "event_date", "id"),
        Index("ix_events_admin1", "admin1"),
        Index("ix_events_actor1_date", "actor1", "event_date", "id"),
        Index("ix_events_actor2_date", "actor2", "event_date", "id"),
        Index("ix_events_sub_event_type", "sub_event_type"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    event_date: Mapped[date | None] = mapped_column(Date)
    time_precision: Mapped[int] = mapped_column(Integer, nullable=False)
    event_type: Mapped[str] = mapped_column(Text, nullable=False)
    sub_event_type: Mapped[str] = mapped_column(Text, nullable=False)
    actor1: Mapped[str | None] = mapped_column(Text)
    assoc_actor_1: Mapped[str | None] = mapped_column(Text)
    inter1: Mapped[int | None] = mapped_column(Integer)
    actor2: Mapped[str | None] = mapped_column(Text)
    assoc_actor_2: Mapped[str | None] = mapped_column(Text)
    inter2: Mapped[int | None] = mapped_column(Integer)
    interaction: Mapped[int | None] = mapped_column(Integer)
    civilian_targeting: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    admin1: Mapped[str | None] = mapped_column(Text)
    admin2: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int] = mapped_column(Integer, nullable=False)
    notes: Mapped[str] = mapped_column(Text, nullable=False)
    confidence: Mapped[float] = mapped_column(Float, nullable=False)
    place_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("places.id", ondelete="SET NULL")
    )
    sources: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    status: Mapped[str] = mapped_column(Text, nullable=False, server_default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)

    reports: Mapped[list[EventReportRow]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(EventReportRow.article_id, EventReportRow.position)",
    )


class EventReportRow(Base):
    """Evidence link event <-> article <-> sentence span (many-to-many: one event may later be
    supported by several articles, one article reports several events)."""

    __tablename__ = "event_reports"
    __table_args__ = (
        UniqueConstraint("event_id", "article_id", "start", "end"),
        Index("ix_event_reports_event_id", "event_id"),
        Index("ix_event_reports_article_id", "article_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(
        Text, ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    )
    article_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)  # order within the event
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    section: Mapped[str] = mapped_column(Text, nullable=False)
    sentence_index: Mapped[int | None] = mapped_column(Integer)
    mention_id: Mapped[str | None] = mapped_column(Text)  # the event_mentions row it came from

    event: Mapped[EventRow] = relationship(back_populates="reports")
    article: Mapped[ArticleRow] = relationship(back_populates="reports")


class EventMentionRow(Base):
    """One article's coding of one event (GDELT's Mentions): the coder's fields as coded
    (``values``, the ``frontlines code`` event contract), linked to the merged event.

    ``id`` is the per-article id the coder's output gives the event, so re-coding an article
    finds its mentions again. ``pinned`` is set when an analyst placed the mention on its
    event (merge / split): automatic merging never moves a pinned mention.
    """

    __tablename__ = "event_mentions"
    __table_args__ = (
        Index("ix_event_mentions_event_id", "event_id"),
        Index("ix_event_mentions_article_id", "article_id"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    event_id: Mapped[str] = mapped_column(
        Text, ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    )
    article_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)  # order in the article's coding
    values: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    self_claimed: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=false())
    pinned: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=false())


class StatementRow(Base):
    """A relation or control statement an article makes (``RelationStatement`` /
    ``ControlStatement``), with its evidence span; replaced whenever the article is re-coded."""

    __tablename__ = "statements"
    __table_args__ = (
        Index("ix_statements_article_id", "article_id"),
        Index("ix_statements_kind", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(Text, nullable=False)  # relation | control
    actor_a: Mapped[str] = mapped_column(Text, nullable=False)  # control: the holder
    actor_b: Mapped[str | None] = mapped_column(Text)
    relation: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(Text)
    admin1: Mapped[str | None] = mapped_column(Text)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[date | None] = mapped_column(Date)
    past: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=false())
    cue: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    section: Mapped[str] = mapped_column(Text, nullable=False, server_default="body")
    sentence_index: Mapped[int | None] = mapped_column(Integer)


class CorrectionRow(Base):
    """An analyst's correction, kept with who, when and why; re-coding never overwrites it.

    ``target``/``action``: event/set (``field`` := ``value``), event/false, event/restore,
    event/merge (``value``: the event ids merged into ``target_id``), event/split (``value``: the
    mention ids moved to a new event), actor/alias (``value``: {"alias": ...} for the canonical
    actor ``target_id``), place/place (``value``: the place a surface name ``target_id`` means).
    ``active`` turns False when a later correction withdraws it.
    """

    __tablename__ = "corrections"
    __table_args__ = (
        Index("ix_corrections_target_id", "target_id"),
        Index("ix_corrections_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target: Mapped[str] = mapped_column(Text, nullable=False)  # event | actor | place
    target_id: Mapped[str] = mapped_column(Text, nullable=False)
    action: Mapped[str] = mapped_column(Text, nullable=False)
    field: Mapped[str | None] = mapped_column(Text)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    author: Mapped[str] = mapped_column(Text, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=true())


class ActorRow(Base):
    """An actor name as coded (ACLED spelling); ``known`` is None until the dictionary says."""

    __tablename__ = "actors"
    __table_args__ = (UniqueConstraint("name"), Index("ix_actors_country", "country"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    inter: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(Text)
    known: Mapped[bool | None] = mapped_column(Boolean)
    affiliations: Mapped[list[Any]] = mapped_column(JSON, nullable=False)  # parent group names


class ArticlePlaceRow(Base):
    """A place mention in an article, with its character offsets."""

    __tablename__ = "article_places"
    __table_args__ = (
        UniqueConstraint("article_id", "start", "end", "place_id"),
        Index("ix_article_places_article_id", "article_id"),
        Index("ix_article_places_place_id", "place_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )
    place_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("places.id", ondelete="CASCADE"), nullable=False
    )
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)

    place: Mapped[PlaceRow] = relationship()


class IngestFailureRow(Base):
    __tablename__ = "ingest_failures"
    __table_args__ = (Index("ix_ingest_failures_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin: Mapped[str] = mapped_column(Text, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class RunRow(Base):
    """One batch run (ingest + code); ``counts`` holds what the run did."""

    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_started", "started"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    finished: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    coder_version: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
