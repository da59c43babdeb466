"""The HTTP API's reads, in SQL over the store's engine: filtered event pages, per-period
aggregates, article search. Every list is one bounded query (LIMIT/OFFSET) plus a count, and
aggregates are grouped in the database, so a page costs the same with 1k or 1M events."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import (
    Integer,
    Select,
    Text,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import TextClause

from frontlines.store.models import (
    PG_SEARCH_CONFIG, PG_SEARCH_VECTOR, SEARCH_TABLE, ActorRow, ArticleRow, EventReportRow, EventRow,
)

Interval = Literal["day", "week"]

SUMMARY_COLUMNS = (
    "id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "fatalities", "notes", "confidence", "sources", "status",
)

# FTS5 snippet markers around each match (plain text; see schemas.ArticleHit.snippet).
MATCH_OPEN, MATCH_CLOSE = "[[", "]]"


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


@dataclass(frozen=True)
class EventQuery:
    """Event filters shared by the list, its exports and the timeline; None means any."""

    date_from: date | None = None
    date_to: date | None = None
    bbox: BBox | None = None
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    q: str | None = None
    include_false: bool = False


def _like_pattern(value: str) -> str:
    """``%value%`` with LIKE's own wildcards taken literally (escape character: backslash)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _event_conditions(f: EventQuery) -> list[Any]:
    e = EventRow
    found: list[Any] = []
    if not f.include_false:
        found.append(e.status != "false")
    if f.date_from is not None:
        found.append(e.event_date >= f.date_from)
    if f.date_to is not None:
        found.append(e.event_date <= f.date_to)
    if f.bbox is not None:
        found += [e.longitude.between(f.bbox.min_lon, f.bbox.max_lon),
                  e.latitude.between(f.bbox.min_lat, f.bbox.max_lat)]
    for column, value in ((e.country, f.country), (e.admin1, f.admin1),
                          (e.event_type, f.event_type), (e.sub_event_type, f.sub_event_type)):
        if value is not None:
            found.append(column == value)
    if f.actor is not None:
        found.append(or_(e.actor1 == f.actor, e.actor2 == f.actor))
    if f.q:
        found.append(e.notes.ilike(_like_pattern(f.q), escape="\\"))
    return found


# Counting a million matches costs more than the page itself; past this many the count stops
# and the page says "at least" (``Page.total_exact``). The timeline gives exact totals cheaply.
COUNT_CAP = 10_000


def _count(conn: Connection, stmt: Select[Any], cap: int | None = None) -> tuple[int, bool]:
    """(number of rows ``stmt`` selects, exact?); with ``cap``, counting stops past ``cap``."""
    if cap is not None:
        stmt = stmt.limit(cap + 1)
    n = int(conn.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    if cap is not None and n > cap:
        return cap, False
    return n, True


def event_page(engine: Engine, f: EventQuery, limit: int, offset: int) -> tuple[int, bool, list[dict[str, Any]]]:
    """(total, total exact?, one page of event summaries), newest first.

    The page's ids are chosen first, from indexes alone where they cover the filters, and only
    those rows are read: sorting whole rows would read every matching event."""
    cap = max(COUNT_CAP, offset + limit)
    with engine.connect() as conn:
        if f.actor is None:
            conditions = _event_conditions(f)
            total, exact = _count(conn, select(EventRow.id).where(*conditions), cap)
            page = _newest_ids(conditions, limit, offset).subquery()
        else:
            total, exact, page = _actor_page_ids(conn, f, limit, offset, cap)
        columns = [getattr(EventRow, c) for c in SUMMARY_COLUMNS]
        rows = conn.execute(select(*columns).join(page, EventRow.id == page.c.id)
                            .order_by(page.c.event_date.desc(), page.c.id.desc())).all()
    return total, exact, [dict(r._mapping) for r in rows]


def _newest_ids(conditions: list[Any], limit: int, offset: int) -> Select[Any]:
    return (select(EventRow.id, EventRow.event_date).where(*conditions)
            .order_by(EventRow.event_date.desc(), EventRow.id.desc()).limit(limit).offset(offset))


def _actor_page_ids(conn: Connection, f: EventQuery, limit: int, offset: int,
                    cap: int) -> tuple[int, bool, Any]:
    """Events with the actor as actor1 or as actor2. "actor1 = x OR actor2 = x" would fetch and
    sort every event of a busy actor; instead each side reads its newest ``offset + limit``
    from its own (actor, date) index and only those are merged."""
    others = _event_conditions(replace(f, actor=None))
    as_actor1 = others + [EventRow.actor1 == f.actor]
    # an event with the actor on both sides is counted once, on the actor1 side
    as_actor2 = others + [EventRow.actor2 == f.actor,
                          or_(EventRow.actor1.is_(None), EventRow.actor1 != f.actor)]
    both = union_all(*(_newest_ids(c, offset + limit, 0).subquery().select()
                       for c in (as_actor1, as_actor2))).subquery()
    page = (select(both.c.id, both.c.event_date)
            .order_by(both.c.event_date.desc(), both.c.id.desc()).limit(limit).offset(offset))
    total, exact = 0, True
    for conditions in (as_actor1, as_actor2):
        n, side_exact = _count(conn, select(EventRow.id).where(*conditions), cap)
        total, exact = total + n, exact and side_exact
    if total > cap:
        total, exact = cap, False
    return total, exact, page.subquery()


def event_detail(engine: Engine, event_id: str) -> dict[str, Any] | None:
    """Every field of one event with its evidence spans and reporting articles, or None."""
    columns = [getattr(EventRow, c) for c in SUMMARY_COLUMNS]
    a, r = ArticleRow, EventReportRow
    with engine.connect() as conn:
        row = conn.execute(select(*columns, EventRow.created_at, EventRow.updated_at)
                           .where(EventRow.id == event_id)).first()
        if row is None:
            return None
        spans = conn.execute(
            select(r.article_id, a.url, r.start, r.end, r.text, r.section, r.sentence_index,
                   a.title, a.source, a.published)
            .join(a, a.id == r.article_id).where(r.event_id == event_id)
            .order_by(r.article_id, r.position)
        ).all()
    found = dict(row._mapping)
    found["evidence"] = [dict(s._mapping) for s in spans]
    reports: dict[int, dict[str, Any]] = {}
    for s in spans:
        reports.setdefault(s.article_id, {"article_id": s.article_id, "url": s.url, "title": s.title,
                                          "source": s.source, "published": s.published})
    found["reports"] = list(reports.values())
    return found


# The per-day counts tables of migration 0003 (SQLite; kept by triggers on events). ``day`` is
# read as the text SQLite stores ('YYYY-MM-DD'): parsing 30k dates in Python costs more than the
# query.
def _day_counts_table(name: str, *dims: str) -> Any:
    return table(name, column("day", Text), column("event_type", Text), column("status", Text),
                 *(column(d, Text) for d in dims), column("events", Integer), column("fatalities", Integer))


DAY_COUNTS = _day_counts_table("event_day_counts", "country")
DAY_TYPE_COUNTS = _day_counts_table("event_day_type_counts")


def _day_counts_answer(engine: Engine, f: EventQuery) -> bool:
    """True when the per-day counts hold every filter of ``f`` (date, country, type, status)."""
    other = (f.bbox, f.admin1, f.actor, f.sub_event_type, f.q)
    return engine.dialect.name == "sqlite" and all(v is None or v == "" for v in other)


def _from_counts(f: EventQuery, interval: Interval) -> Select[Any]:
    """Per (period, type) from the per-day counts (SQLite), from the smaller table unless a
    country is asked for; weeks are grouped in SQL too ('weekday 0' moves to the next Sunday,
    or stays on one; six days back is its Monday)."""
    counts = DAY_TYPE_COUNTS if f.country is None else DAY_COUNTS
    d = counts.c
    found = [] if f.include_false else [d.status != "false"]
    if f.date_from is not None:
        found.append(d.day >= f.date_from.isoformat())
    if f.date_to is not None:
        found.append(d.day <= f.date_to.isoformat())
    if f.country is not None:
        found.append(d.country == f.country)
    if f.event_type is not None:
        found.append(d.event_type == f.event_type)
    period = d.day if interval == "day" else func.date(d.day, "weekday 0", "-6 days")
    return (select(period, d.event_type, func.sum(d.events), func.sum(d.fatalities))
            .where(*found).group_by(period, d.event_type))


def _daily_from_events(f: EventQuery) -> Select[Any]:
    return (select(EventRow.event_date, EventRow.event_type, func.count(),
                   func.coalesce(func.sum(EventRow.fatalities), 0))
            .where(EventRow.event_date.is_not(None), *_event_conditions(f))
            .group_by(EventRow.event_date, EventRow.event_type))


def timeline(engine: Engine, f: EventQuery, interval: Interval) -> list[dict[str, Any]]:
    """Events and fatalities per period and event type, grouped in SQL: from the per-day counts
    when they hold every filter, else per day from the events (the timeline index covers that)
    with weeks summed from those daily rows, never from the events themselves."""
    stmt = _from_counts(f, interval) if _day_counts_answer(engine, f) else _daily_from_events(f)
    totals: dict[tuple[date, str], list[int]] = {}
    with engine.connect() as conn:
        for day, event_type, n, deaths in conn.execute(stmt):
            period = _as_date(day)
            if interval == "week":
                period -= timedelta(days=period.weekday())  # its Monday
            bucket = totals.setdefault((period, event_type), [0, 0])
            bucket[0] += int(n)
            bucket[1] += int(deaths or 0)
    return [{"period": p, "event_type": t, "events": n, "fatalities": d}
            for (p, t), (n, d) in sorted(totals.items()) if n > 0]


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def actor_page(engine: Engine, q: str | None, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """Actors by name (``q``: part of the name), each with its number of events."""
    stmt = select(ActorRow.name, ActorRow.inter, ActorRow.country, ActorRow.kind, ActorRow.known)
    if q:
        stmt = stmt.where(ActorRow.name.ilike(_like_pattern(q), escape="\\"))
    with engine.connect() as conn:
        total, _ = _count(conn, stmt)
        rows = [dict(r._mapping) for r in conn.execute(
            stmt.order_by(ActorRow.name).limit(limit).offset(offset))]
        counts = _actor_event_counts(conn, [r["name"] for r in rows])
    for row in rows:
        row["events"] = counts.get(row["name"], 0)
    return total, rows


def _actor_event_counts(conn: Connection, names: list[str]) -> dict[str, int]:
    """Events per actor name as actor1 plus as actor2 (both columns indexed)."""
    counts: dict[str, int] = {}
    if not names:
        return counts
    for column in (EventRow.actor1, EventRow.actor2):
        stmt = select(column, func.count()).where(column.in_(names)).group_by(column)
        for name, n in conn.execute(stmt):
            counts[name] = counts.get(name, 0) + int(n)
    return counts


def fts_query(q: str) -> str | None:
    """An FTS5 query matching every word of ``q`` (each quoted, so no character of the user's
    text is FTS syntax); None when ``q`` has no word to search for."""
    words = re.findall(r"\w+", q)
    return " ".join(f'"{w}"' for w in words) or None


def article_page(engine: Engine, q: str | None, limit: int, offset: int) -> tuple[int, bool, list[dict[str, Any]]]:
    """(total, total exact?, one page of articles): those matching every word of ``q`` (best
    first), or all articles (newest first)."""
    if q is None:
        return _recent_articles(engine, limit, offset)
    if engine.dialect.name == "sqlite":
        return _fts_articles(engine, q, limit, offset)
    if engine.dialect.name == "postgresql":
        return _pg_search_articles(engine, q, limit, offset)
    return _ilike_articles(engine, q, limit, offset)


_HIT_COLUMNS = (ArticleRow.id, ArticleRow.title, ArticleRow.url, ArticleRow.source, ArticleRow.published)


def _recent_articles(engine: Engine, limit: int, offset: int) -> tuple[int, bool, list[dict[str, Any]]]:
    stmt = select(*_HIT_COLUMNS, literal_column("NULL").label("snippet"))
    with engine.connect() as conn:
        total = int(conn.scalar(select(func.count()).select_from(ArticleRow)) or 0)
        rows = conn.execute(stmt.order_by(ArticleRow.id.desc()).limit(limit).offset(offset)).all()
    return total, True, [dict(r._mapping) for r in rows]


def _fts_articles(engine: Engine, q: str, limit: int, offset: int) -> tuple[int, bool, list[dict[str, Any]]]:
    match = fts_query(q)
    if match is None:
        return 0, True, []
    fts = SEARCH_TABLE
    hits = text(
        f"SELECT a.id, a.title, a.url, a.source, a.published, "
        f"snippet({fts}, 1, :open, :close, '…', 16) AS snippet "
        f"FROM {fts} JOIN articles a ON a.id = {fts}.rowid "
        f"WHERE {fts} MATCH :match ORDER BY rank LIMIT :limit OFFSET :offset"
    ).columns(*_HIT_COLUMNS)
    count = text(f"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH :match LIMIT :cap)")
    return _search_page(engine, count, {"match": match},
                        hits, {"match": match, "open": MATCH_OPEN, "close": MATCH_CLOSE}, limit, offset)


def _search_page(engine: Engine, count: TextClause, count_params: dict[str, Any], hits: TextClause,
                 hit_params: dict[str, Any], limit: int, offset: int) -> tuple[int, bool, list[dict[str, Any]]]:
    """A page of full-text hits with the number of matches, counted only up to ``COUNT_CAP`` (or
    the page's end), like the event pages: a common word matches most articles. ``count`` takes
    the bound ``:cap``, ``hits`` ``:limit`` and ``:offset``."""
    cap = max(COUNT_CAP, offset + limit)
    with engine.connect() as conn:
        counted = int(conn.scalar(count, {**count_params, "cap": cap + 1}) or 0)
        rows = conn.execute(hits, {**hit_params, "limit": limit, "offset": offset}).all()
    return min(counted, cap), counted <= cap, [dict(r._mapping) for r in rows]


# ts_headline's options: the FTS5 snippet's markers and about its length (16 words), one fragment.
_PG_HEADLINE = (f'StartSel="{MATCH_OPEN}", StopSel="{MATCH_CLOSE}", MaxWords=16, MinWords=6, '
                'MaxFragments=1, FragmentDelimiter="…"')


def _pg_search_articles(engine: Engine, q: str, limit: int, offset: int) -> tuple[int, bool, list[dict[str, Any]]]:
    """PostgreSQL full-text search (the GIN index of migration 0004): every word of ``q``, best
    ranked first. The words are rejoined so no character of the user's text is query syntax
    (plainto_tsquery takes none anyway). Like the index, it reads '<' and '>' as spaces (the
    parser would drop anything shaped like an HTML tag, words and all). The config is spelled
    in the SQL, not bound: only the indexed expression written out the same way uses the index."""
    words = re.findall(r"\w+", q)
    if not words:
        return 0, True, []
    vector, config = PG_SEARCH_VECTOR, PG_SEARCH_CONFIG
    found = f"FROM articles a WHERE {vector} @@ plainto_tsquery('{config}', :q)"
    hits = text(
        f"SELECT a.id, a.title, a.url, a.source, a.published, "
        f"ts_headline('{config}', translate(a.text, '<>', '  '), plainto_tsquery('{config}', :q), "
        f":options) AS snippet "
        f"{found} ORDER BY ts_rank({vector}, plainto_tsquery('{config}', :q)) DESC, a.id DESC "
        f"LIMIT :limit OFFSET :offset"
    ).columns(*_HIT_COLUMNS)
    count = text(f"SELECT count(*) FROM (SELECT 1 {found} LIMIT :cap) AS found")
    query = " ".join(words)
    return _search_page(engine, count, {"q": query}, hits, {"q": query, "options": _PG_HEADLINE}, limit, offset)


def _ilike_articles(engine: Engine, q: str, limit: int, offset: int) -> tuple[int, bool, list[dict[str, Any]]]:
    """Databases with neither FTS5 nor PostgreSQL's search: every word in the title or text, case-insensitive."""
    words = re.findall(r"\w+", q)
    if not words:
        return 0, True, []
    conditions = [or_(ArticleRow.title.ilike(_like_pattern(w), escape="\\"),
                      ArticleRow.text.ilike(_like_pattern(w), escape="\\")) for w in words]
    stmt = select(*_HIT_COLUMNS, literal_column("NULL").label("snippet")).where(and_(*conditions))
    with engine.connect() as conn:
        total, exact = _count(conn, stmt, COUNT_CAP)
        rows = conn.execute(stmt.order_by(ArticleRow.id.desc()).limit(limit).offset(offset)).all()
    return total, exact, [dict(r._mapping) for r in rows]


def article_detail(engine: Engine, article_id: int) -> dict[str, Any] | None:
    """One article's text, captions and the events it reports with their evidence offsets."""
    a, r, e = ArticleRow, EventReportRow, EventRow
    with engine.connect() as conn:
        row = conn.execute(select(a.id, a.title, a.url, a.source, a.published, a.language,
                                  a.ingested_at, a.text, a.captions).where(a.id == article_id)).first()
        if row is None:
            return None
        events = conn.execute(
            select(r.event_id, e.event_date, e.event_type, e.sub_event_type, r.start, r.end,
                   r.text, r.section)
            .join(e, e.id == r.event_id).where(r.article_id == article_id)
            .order_by(r.start, r.event_id)
        ).all()
    found = dict(row._mapping)
    found["captions"] = [tuple(c) for c in found["captions"] or []]
    found["events"] = [dict(ev._mapping) for ev in events]
    return found
