"""The frontlines store: articles, coded events with their evidence, places, actors, failures.

One document = one transaction: ``save_coded`` replaces everything an article contributed at
once or not at all. Event ids are stable (see ``event_id_for``), so re-coding an article updates
its events in place instead of duplicating them.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.pool import StaticPool

from frontlines.knowledge.taxonomy import Taxonomy
from frontlines.records import (
    Actor, AliasFix, Article, CodedDocument, CodingOverrides, Event, PlaceFix, PlaceMention, Span,
    event_contract,
)
from frontlines.store.corrections import (
    FIELD_KINDS, Correction, CorrectionError, apply_corrections, coding_overrides, parse_field_value,
)
from frontlines.store.migrate import migrate
from frontlines.store.models import (
    ActorRow,
    ArticlePlaceRow,
    ArticleRow,
    CorrectionRow,
    EventMentionRow,
    EventReportRow,
    EventRow,
    IngestFailureRow,
    PlaceRow,
    RunRow,
)
from frontlines.store.results import SaveResult, StoredArticle, StoredEvent, StoredEvidence

DEFAULT_URL = "sqlite:///frontlines.db"
ENV_VAR = "FRONTLINES_DB"

# Event columns copied one to one between ``Event`` and ``EventRow`` (event_date converts).
_EVENT_COLUMNS = (
    "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
    "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "fatalities",
    "notes", "confidence",
)


def default_url() -> str:
    """``$FRONTLINES_DB`` if set, else ``sqlite:///frontlines.db`` in the current directory."""
    return os.environ.get(ENV_VAR) or DEFAULT_URL


def content_hash(text: str) -> str:
    """A convenience content hash (sha256 of the text); callers may use their own."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_id_for(article_hash: str, ev: Event) -> str:
    """Stable id from the article's content hash, the evidence offsets and the sub-event type.

    Re-coding the same text finds the same sentences, so the id survives re-coding. Events
    without evidence fall back to their date, actors and location to stay distinct.
    """
    spans = sorted({(e.start, e.end) for e in ev.evidence})
    key = f"{article_hash}|{spans}|{ev.sub_event_type}"
    if not spans:
        key += f"|{ev.event_date}|{ev.actor1}|{ev.actor2}|{ev.location}"
    return "fl-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def assign_event_ids(article_hash: str, events: Iterable[Event]) -> list[str]:
    """``event_id_for`` each event; repeats within one document get ``-2``, ``-3``, ..."""
    ids: list[str] = []
    seen: dict[str, int] = {}
    for ev in events:
        base = event_id_for(article_hash, ev)
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def split_actors(value: str | None) -> list[str]:
    """ACLED joins several associated actors with "; "."""
    return [a.strip() for a in (value or "").split(";") if a.strip()]


@dataclass
class EventFilter:
    """Filters for ``Store.iter_events``; ``None`` means any."""

    country: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None  # actor1 or actor2
    date_from: date | str | None = None  # inclusive
    date_to: date | str | None = None  # inclusive
    article_id: int | None = None


class Store:
    """A conflict-event store on any SQLAlchemy URL (SQLite default, PostgreSQL-ready)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True) -> Store:
        """Open (and by default migrate to the newest schema) the store at ``url``.

        ``url`` defaults to the environment variable ``FRONTLINES_DB`` and, when that is unset,
        to ``sqlite:///frontlines.db`` in the current directory. SQLite databases run in WAL
        mode with foreign keys enforced; ``sqlite://`` (in memory) keeps a single connection so
        the schema survives. Alembic migrations run to head on open unless ``upgrade=False``.
        """
        engine = make_engine(url or default_url())
        if upgrade:
            migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # ------------------------------------------------------------ articles

    def add_article(self, article: Article, content_hash: str) -> tuple[int, bool]:
        """Store ``article`` once per ``content_hash``; returns (id, created)."""
        found = self.find_article(content_hash)
        if found is not None:
            return found, False
        try:
            with self._session() as s, s.begin():
                row = _article_row(article, content_hash)
                s.add(row)
                s.flush()
                return row.id, True
        except IntegrityError:
            # Another writer stored the same content between our look-up and insert.
            found = self.find_article(content_hash)
            if found is None:
                raise
            return found, False

    def has_article(self, content_hash: str) -> bool:
        return self.find_article(content_hash) is not None

    def find_article(self, content_hash: str) -> int | None:
        with self._session() as s:
            return s.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))

    def get_article(self, article_id: int) -> StoredArticle | None:
        with self._session() as s:
            row = s.get(ArticleRow, article_id)
            return _stored_article(row) if row is not None else None

    def iter_articles(self, batch_size: int = 200) -> Iterator[StoredArticle]:
        with self._session() as s:
            stmt = select(ArticleRow).order_by(ArticleRow.id).execution_options(yield_per=batch_size)
            for row in s.scalars(stmt):
                yield _stored_article(row)

    # ------------------------------------------------------------ coded output

    def save_coded(
        self, article_id: int, coded: CodedDocument, coder_version: str | None = None
    ) -> SaveResult:
        """Replace everything ``article_id`` contributed with ``coded``, in one transaction.

        Events keep their ids across re-coding (``event_id_for``) and their ``created_at``;
        ``updated_at`` moves only when a field changed. Events this article reported before
        and no longer reports are removed unless another article still reports them.
        """
        with self._session() as s, s.begin():
            article = s.get(ArticleRow, article_id)
            if article is None:
                raise KeyError(f"no article with id {article_id}")
            return self._save_coded(s, article, coded, coder_version)

    def save_article_coded(
        self, article: Article, content_hash: str, coded: CodedDocument,
        coder_version: str | None = None,
    ) -> SaveResult:
        """``add_article`` and ``save_coded`` in one transaction: the document with its events
        is stored whole or not at all (an interrupted batch re-runs cleanly)."""
        with self._session() as s, s.begin():
            row = s.scalar(select(ArticleRow).where(ArticleRow.content_hash == content_hash))
            if row is None:
                row = _article_row(article, content_hash)
                s.add(row)
                s.flush()
            return self._save_coded(s, row, coded, coder_version)

    def _save_coded(
        self, s: Session, article: ArticleRow, coded: CodedDocument, coder_version: str | None
    ) -> SaveResult:
        now = _now()
        article_id = article.id
        old_ids = set(
            s.scalars(
                select(EventReportRow.event_id).where(EventReportRow.article_id == article_id)
            )
        )
        s.execute(delete(EventReportRow).where(EventReportRow.article_id == article_id))
        s.execute(delete(ArticlePlaceRow).where(ArticlePlaceRow.article_id == article_id))
        s.execute(delete(EventMentionRow).where(EventMentionRow.article_id == article_id))
        ids = assign_event_ids(article.content_hash, coded.events)
        places = _PlaceCache(s)
        actors = _ActorCache(s)
        for position, (event_id, ev) in enumerate(zip(ids, coded.events)):
            self._write_event(s, event_id, ev, now, places)
            _write_mention(s, event_id, article_id, position, ev)
            self._write_reports(s, event_id, article_id, ev)
            actors.register(ev)
        for mention in coded.places:
            _write_place_mention(s, article_id, mention, places)
        s.flush()
        removed = _remove_orphans(s, old_ids - set(ids))
        _mark_coded(article, coded, coder_version, now)
        return SaveResult(article_id=article_id, event_ids=ids, removed_event_ids=removed)

    def _write_event(
        self, s: Session, event_id: str, ev: Event, now: datetime, places: _PlaceCache
    ) -> None:
        values = _event_values(ev)
        values = apply_corrections(values, _event_corrections(s, event_id))  # analyst's on top
        values["place_id"] = places.for_event(ev)
        row = s.get(EventRow, event_id)
        if row is None:
            s.add(EventRow(id=event_id, created_at=now, updated_at=now, **values))
            return
        if any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.updated_at = now

    def _write_reports(self, s: Session, event_id: str, article_id: int, ev: Event) -> None:
        seen: set[tuple[int, int]] = set()
        for position, evidence in enumerate(ev.evidence):
            if (evidence.start, evidence.end) in seen:
                continue  # the unique key is the span; a repeated span adds nothing
            seen.add((evidence.start, evidence.end))
            s.add(
                EventReportRow(
                    event_id=event_id, article_id=article_id, position=position,
                    start=evidence.start, end=evidence.end, text=evidence.text,
                    section=evidence.section or "body", sentence_index=evidence.sentence_index,
                )
            )

    def iter_events(
        self, filters: EventFilter | None = None, batch_size: int = 500, **kwargs: Any
    ) -> Iterator[StoredEvent]:
        """Events (with evidence, article ids and URLs) ordered by date then id.

        Filter with an ``EventFilter`` or its fields as keywords, e.g.
        ``iter_events(country="Syria", date_from="2024-01-01")``.
        """
        f = filters or EventFilter(**kwargs)
        stmt = (
            _filtered(select(EventRow), f)
            .options(
                selectinload(EventRow.reports)
                .joinedload(EventReportRow.article)
                .load_only(ArticleRow.id, ArticleRow.url, ArticleRow.source)
            )
            .order_by(EventRow.event_date, EventRow.id)
            .execution_options(yield_per=batch_size)
        )
        with self._session() as s:
            for row in s.scalars(stmt):
                yield _stored_event(row)

    def event_type_totals(self) -> list[tuple[str, str, int, int]]:
        """(event_type, sub_event_type, events, fatalities) per sub-event type, counted in SQL so
        that a summary of a large store stays cheap."""
        stmt = (
            select(EventRow.event_type, EventRow.sub_event_type, func.count(),
                   func.coalesce(func.sum(EventRow.fatalities), 0))
            .group_by(EventRow.event_type, EventRow.sub_event_type)
            .order_by(EventRow.event_type, EventRow.sub_event_type)
        )
        with self._session() as s:
            return [(t, sub, int(n), int(d)) for t, sub, n, d in s.execute(stmt)]

    def get_event(self, event_id: str) -> StoredEvent | None:
        with self._session() as s:
            options = [selectinload(EventRow.reports).joinedload(EventReportRow.article)]
            row = s.get(EventRow, event_id, options=options)
            return _stored_event(row) if row is not None else None

    # ------------------------------------------------------------ actors

    def upsert_actors(self, actors: Iterable[Actor]) -> int:
        """Record dictionary actors (inter, country, kind, known, affiliations); returns count."""
        n = 0
        with self._session() as s, s.begin():
            cache = _ActorCache(s)
            for actor in actors:
                row = cache.get_or_add(actor.name, actor.inter)
                row.inter = actor.inter
                row.country = actor.country
                row.kind = actor.kind
                row.known = actor.known
                row.affiliations = list(actor.affiliations)
                n += 1
        return n

    def affiliations(self, actor: str) -> list[str]:
        """Parent groups of ``actor`` as recorded by ``upsert_actors`` (the derive hook)."""
        with self._session() as s:
            found = s.scalar(select(ActorRow.affiliations).where(ActorRow.name == actor))
            return list(found or [])

    def iter_actors(self) -> Iterator[Actor]:
        with self._session() as s:
            for row in s.scalars(select(ActorRow).order_by(ActorRow.name)):
                yield Actor(
                    name=row.name, inter=row.inter, country=row.country, kind=row.kind,
                    affiliations=tuple(row.affiliations or ()), known=bool(row.known),
                )

    # ------------------------------------------------------------ failures, runs, counts

    def record_failure(self, origin: str, reason: str) -> int:
        with self._session() as s, s.begin():
            row = IngestFailureRow(origin=origin, reason=reason, at=_now())
            s.add(row)
            s.flush()
            return row.id

    def iter_failures(self) -> Iterator[tuple[str, str, datetime]]:
        with self._session() as s:
            for row in s.scalars(select(IngestFailureRow).order_by(IngestFailureRow.id)):
                yield row.origin, row.reason, _utc(row.at)

    def start_run(self, coder_version: str | None = None, note: str | None = None) -> int:
        with self._session() as s, s.begin():
            row = RunRow(started=_now(), counts={}, coder_version=coder_version, note=note)
            s.add(row)
            s.flush()
            return row.id

    def finish_run(self, run_id: int, counts: Mapping[str, int]) -> None:
        with self._session() as s, s.begin():
            row = s.get(RunRow, run_id)
            if row is None:
                raise KeyError(f"no run with id {run_id}")
            row.finished = _now()
            row.counts = dict(counts)

    def counts(self) -> dict[str, int]:
        """Rows per table, plus ``coded_articles`` (articles that went through the coder) and
        ``failures`` (same as ``ingest_failures``)."""
        tables = {
            "articles": ArticleRow, "events": EventRow, "event_reports": EventReportRow,
            "actors": ActorRow, "places": PlaceRow, "article_places": ArticlePlaceRow,
            "ingest_failures": IngestFailureRow, "runs": RunRow,
        }
        with self._session() as s:
            out = {
                name: s.scalar(select(func.count()).select_from(t)) or 0
                for name, t in tables.items()
            }
            out["coded_articles"] = s.scalar(
                select(func.count()).select_from(ArticleRow).where(ArticleRow.coded_at.is_not(None))
            ) or 0
            out["failures"] = out["ingest_failures"]
        return out

    # ------------------------------------------------------------ analyst corrections
    # Kept with who/when/why in ``corrections``; ``frontlines.store.corrections`` validates them
    # and lays them over the coded values each time an event's values are written.

    def correct_event(self, event_id: str, field: str, value: Any, *, author: str, reason: str,
                      taxonomy: Taxonomy | None = None) -> Correction:
        """Set one field of an event (``CorrectionError`` for an unknown event or field or a
        bad value, and nothing is stored). The value holds across re-coding."""
        with self._session() as s, s.begin():
            row = _event_row(s, event_id)
            current = {k: getattr(row, k) for k in FIELD_KINDS}
            stored = parse_field_value(field, value, current, taxonomy)
            return self._add_event_correction(s, row, "set", field, stored, author, reason)

    def mark_false(self, event_id: str, *, author: str, reason: str) -> Correction:
        """The event did not happen (a hoax, a misreading): its status becomes "false"."""
        with self._session() as s, s.begin():
            return self._add_event_correction(s, _event_row(s, event_id), "false", None, None, author, reason)

    def restore_event(self, event_id: str, *, author: str, reason: str) -> Correction:
        """Undo a "false" mark by a later correction (both stay on record)."""
        with self._session() as s, s.begin():
            return self._add_event_correction(s, _event_row(s, event_id), "restore", None, None, author, reason)

    def add_alias_fix(self, fix: AliasFix, *, author: str, reason: str) -> Correction:
        """Record that ``fix.alias`` names ``fix.actor`` (the coder reads it from
        ``coding_overrides``; stored events change when their articles are re-coded)."""
        value = {"alias": fix.alias, "inter": fix.inter, "kind": fix.kind}
        with self._session() as s, s.begin():
            return _correction(_add_correction(s, "actor", fix.actor, "alias", None, value, author, reason))

    def add_place_fix(self, fix: PlaceFix, *, author: str, reason: str) -> Correction:
        """Record that the name ``fix.name`` means the fix's point (see ``add_alias_fix``)."""
        value = {"latitude": fix.latitude, "longitude": fix.longitude, "country": fix.country,
                 "admin1": fix.admin1, "geo_precision": fix.geo_precision}
        with self._session() as s, s.begin():
            return _correction(_add_correction(s, "place", fix.name, "place", None, value, author, reason))

    def withdraw_correction(self, correction_id: int, *, author: str, reason: str) -> Correction:
        """Withdraw a correction (it stays on record, inactive) and recompute what it changed;
        the withdrawal itself is recorded (target "correction", action "withdraw")."""
        with self._session() as s, s.begin():
            row = s.get(CorrectionRow, correction_id)
            if row is None or row.target == "correction":
                raise CorrectionError(f"no correction with id {correction_id}")
            if not row.active:
                raise CorrectionError(f"correction {correction_id} is already withdrawn")
            row.active = False
            done = _add_correction(s, "correction", str(correction_id), "withdraw", None,
                                   correction_id, author, reason)
            if row.target == "event" and s.get(EventRow, row.target_id) is not None:
                self._reapply_corrections(s, row.target_id)
            return _correction(done)

    def iter_corrections(self, target: str | None = None, target_id: str | None = None,
                         active_only: bool = False) -> list[Correction]:
        """Corrections in the order they were made, optionally of one target kind / target."""
        stmt = select(CorrectionRow).order_by(CorrectionRow.at, CorrectionRow.id)
        if target is not None:
            stmt = stmt.where(CorrectionRow.target == target)
        if target_id is not None:
            stmt = stmt.where(CorrectionRow.target_id == target_id)
        if active_only:
            stmt = stmt.where(CorrectionRow.active.is_(True))
        with self._session() as s:
            return [_correction(r) for r in s.scalars(stmt)]

    def coding_overrides(self) -> CodingOverrides:
        """The active alias and place fixes, for ``Coder.default(overrides=...)``."""
        stmt = select(CorrectionRow).where(CorrectionRow.target.in_(("actor", "place")))
        with self._session() as s:
            return coding_overrides(s.scalars(stmt))

    def event_status(self, event_id: str) -> str | None:
        """"active", "false" (an analyst marked it so), or None for an unknown event."""
        with self._session() as s:
            return s.scalar(select(EventRow.status).where(EventRow.id == event_id))

    def _add_event_correction(self, s: Session, row: EventRow, action: str, field: str | None,
                              value: Any, author: str, reason: str) -> Correction:
        added = _add_correction(s, "event", row.id, action, field, value, author, reason)
        self._reapply_corrections(s, row.id)
        return _correction(added)

    def _reapply_corrections(self, s: Session, event_id: str) -> None:
        """Rewrite an event's values after its corrections changed: its uncorrected values
        (``_uncorrected_values``) with every active correction on top. Once events merge
        several mentions, their reconcile step does exactly this and replaces this method."""
        row = _event_row(s, event_id)
        values = apply_corrections(_uncorrected_values(s, row), _event_corrections(s, event_id))
        if any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.updated_at = _now()


# ---------------------------------------------------------------- engine


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL and foreign keys on every connection."""
    if not url.startswith("sqlite"):
        return create_engine(url)
    in_memory = url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url
    if in_memory:
        engine = create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    finally:
        cursor.close()


# ---------------------------------------------------------------- row <-> record


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(value: datetime) -> datetime:
    """SQLite drops the zone on the way back; everything is stored in UTC."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _parse_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _article_row(article: Article, content_hash: str) -> ArticleRow:
    return ArticleRow(
        content_hash=content_hash, url_key=article.url or "", doc_id=article.doc_id, url=article.url,
        origin=article.origin,
        title=article.title, source=article.source, published=article.published,
        text=article.text, captions=[[c.start, c.end] for c in article.captions],
        language=article.language, ingested_at=_now(),
    )


def _stored_article(row: ArticleRow) -> StoredArticle:
    article = Article(
        text=row.text, title=row.title, published=row.published, source=row.source,
        url=row.url, origin=row.origin, captions=[Span(a, b) for a, b in row.captions or []],
        language=row.language, doc_id=row.doc_id,
    )
    return StoredArticle(
        id=row.id, content_hash=row.content_hash, article=article,
        ingested_at=_utc(row.ingested_at),
        reference_date=row.reference_date.isoformat() if row.reference_date else None,
        reference_inferred=row.reference_inferred, coder_version=row.coder_version,
    )


def _event_values(ev: Event) -> dict[str, Any]:
    values = {k: getattr(ev, k) for k in _EVENT_COLUMNS}
    values["event_date"] = _parse_date(ev.event_date)
    values["notes"] = ev.notes or ""
    values["fatalities"] = ev.fatalities or 0
    return values


def _stored_event(row: EventRow) -> StoredEvent:
    evidence = [
        StoredEvidence(
            start=r.start, end=r.end, text=r.text, section=r.section,
            sentence_index=r.sentence_index, article_id=r.article_id, url=r.article.url,
        )
        for r in row.reports
    ]
    article_ids = list(dict.fromkeys(r.article_id for r in row.reports))
    urls = [r.article.url for r in row.reports if r.article.url]
    sources = list(dict.fromkeys(r.article.source for r in row.reports if r.article.source))
    return StoredEvent(
        event_date=row.event_date.isoformat() if row.event_date else None,
        **{k: getattr(row, k) for k in _EVENT_COLUMNS},
        evidence=evidence, event_id=row.id,
        article_url=urls[0] if urls else None, source="; ".join(sources) or None,
        created_at=_utc(row.created_at), updated_at=_utc(row.updated_at),
        article_ids=article_ids,
    )


def _filtered(stmt: Any, f: EventFilter) -> Any:
    if f.country is not None:
        stmt = stmt.where(EventRow.country == f.country)
    if f.event_type is not None:
        stmt = stmt.where(EventRow.event_type == f.event_type)
    if f.sub_event_type is not None:
        stmt = stmt.where(EventRow.sub_event_type == f.sub_event_type)
    if f.actor is not None:
        stmt = stmt.where((EventRow.actor1 == f.actor) | (EventRow.actor2 == f.actor))
    if f.date_from is not None:
        stmt = stmt.where(EventRow.event_date >= _parse_date(f.date_from))
    if f.date_to is not None:
        stmt = stmt.where(EventRow.event_date <= _parse_date(f.date_to))
    if f.article_id is not None:
        stmt = stmt.where(
            EventRow.id.in_(
                select(EventReportRow.event_id).where(EventReportRow.article_id == f.article_id)
            )
        )
    return stmt


def _remove_orphans(s: Session, candidate_ids: set[str]) -> list[str]:
    """Delete candidate events no article reports any more; returns their ids."""
    removed = []
    for event_id in sorted(candidate_ids):
        reported = s.scalar(select(exists().where(EventReportRow.event_id == event_id)))
        if not reported:
            s.execute(delete(EventRow).where(EventRow.id == event_id))
            removed.append(event_id)
    return removed


def _mark_coded(
    article: ArticleRow, coded: CodedDocument, coder_version: str | None, now: datetime
) -> None:
    article.reference_date = _parse_date(coded.published)
    article.reference_inferred = coded.reference_inferred
    article.reference_how = coded.reference_how or None
    article.coder_version = coder_version
    article.coded_at = now


def _write_place_mention(
    s: Session, article_id: int, mention: PlaceMention, places: _PlaceCache
) -> None:
    place_id = places.for_place(mention)
    s.add(
        ArticlePlaceRow(
            article_id=article_id, place_id=place_id, start=mention.start, end=mention.end,
            text=mention.text,
        )
    )


class _PlaceCache:
    """Get-or-create places by (name, latitude, longitude) within one transaction."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.ids: dict[tuple[str, float, float], int] = {}

    def _get_or_add(self, name: str, lat: float, lon: float, **fields: Any) -> int:
        key = (name, lat, lon)
        if key in self.ids:
            return self.ids[key]
        row = self.s.scalar(
            select(PlaceRow).where(
                PlaceRow.name == name, PlaceRow.latitude == lat, PlaceRow.longitude == lon
            )
        )
        if row is None:
            row = PlaceRow(name=name, latitude=lat, longitude=lon, **fields)
            self.s.add(row)
            self.s.flush()
        else:  # fill what an earlier, poorer mention left empty
            for k, v in fields.items():
                if v is not None and getattr(row, k) is None:
                    setattr(row, k, v)
        self.ids[key] = row.id
        return row.id

    def for_event(self, ev: Event) -> int | None:
        if ev.location is None or ev.latitude is None or ev.longitude is None:
            return None
        return self._get_or_add(
            ev.location, ev.latitude, ev.longitude, country=ev.country, admin1=ev.admin1,
            admin2=ev.admin2, precision=ev.geo_precision,
        )

    def for_place(self, mention: PlaceMention) -> int:
        p = mention.place
        return self._get_or_add(
            p.name, p.latitude, p.longitude, geonameid=p.geonameid, country=p.country,
            country_code=p.country_code, admin1=p.admin1, admin2=p.admin2,
            feature_code=p.feature_code, population=p.population, precision=p.geo_precision,
        )


class _ActorCache:
    """Get-or-create actor names within one transaction."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.rows: dict[str, ActorRow] = {}

    def get_or_add(self, name: str, inter: int | None) -> ActorRow:
        if name in self.rows:
            return self.rows[name]
        row = self.s.scalar(select(ActorRow).where(ActorRow.name == name))
        if row is None:
            # known stays None: only the actor dictionary (upsert_actors) can say.
            row = ActorRow(name=name, inter=inter, known=None, affiliations=[])
            self.s.add(row)
            self.s.flush()
        self.rows[name] = row
        return row

    def register(self, ev: Event) -> None:
        for name, inter in ((ev.actor1, ev.inter1), (ev.actor2, ev.inter2)):
            if name:
                self.get_or_add(name, inter)
        for name in split_actors(ev.assoc_actor_1) + split_actors(ev.assoc_actor_2):
            self.get_or_add(name, None)


# ---------------------------------------------------------------- corrections (rows <-> records)


def _event_row(s: Session, event_id: str) -> EventRow:
    row = s.get(EventRow, event_id)
    if row is None:
        raise CorrectionError(f"no event with id {event_id!r}")
    return row


def _add_correction(s: Session, target: str, target_id: str, action: str, field: str | None,
                    value: Any, author: str, reason: str) -> CorrectionRow:
    if not author.strip():
        raise CorrectionError("a correction needs its author (--by NAME)")
    row = CorrectionRow(target=target, target_id=target_id, action=action, field=field, value=value,
                        author=author.strip(), reason=reason.strip(), at=_now(), active=True)
    s.add(row)
    s.flush()
    return row


def _correction(row: CorrectionRow) -> Correction:
    return Correction(id=row.id, target=row.target, target_id=row.target_id, action=row.action,
                      field=row.field, value=row.value, author=row.author, reason=row.reason,
                      at=_utc(row.at), active=row.active)


# ---------------------------------------------------------------- corrections over one coding
# An event here is written from one article's coding at a time. Its mention row keeps those
# coded values, which a withdrawn correction falls back to. The reconcile step of merged events
# (values from all of an event's mentions, then corrections) supersedes this section.


def _event_corrections(s: Session, event_id: str) -> list[CorrectionRow]:
    """The event's active corrections (``apply_corrections`` orders them)."""
    return list(s.scalars(select(CorrectionRow).where(
        CorrectionRow.target == "event", CorrectionRow.target_id == event_id,
        CorrectionRow.active.is_(True))))


def _uncorrected_values(s: Session, row: EventRow) -> dict[str, Any]:
    """The event's values as coded: its first mention's (by article, then position in the
    article's coding)."""
    mention = s.scalars(select(EventMentionRow).where(EventMentionRow.event_id == row.id)
                        .order_by(EventMentionRow.article_id, EventMentionRow.position)).first()
    if mention is None:
        raise CorrectionError(f"event {row.id!r} has no coded mention to recompute it from")
    return _mention_values(mention.values)


def _mention_values(coded: Mapping[str, Any]) -> dict[str, Any]:
    """Event column values from a mention's coded fields (the ``frontlines code`` contract)."""
    values = {k: coded.get(k) for k in _EVENT_COLUMNS}
    values["event_date"] = _parse_date(coded.get("event_date"))
    values["notes"] = values["notes"] or ""
    values["fatalities"] = values["fatalities"] or 0
    return values


def _write_mention(s: Session, event_id: str, article_id: int, position: int, ev: Event) -> None:
    """Keep the article's coding of the event (its uncorrected values) as an event mention."""
    s.flush()  # the event row first: no ORM relationship orders the two inserts
    s.add(EventMentionRow(id=f"{event_id}@{article_id}", event_id=event_id, article_id=article_id,
                          position=position, values=event_contract(ev), self_claimed=ev.self_claimed))
