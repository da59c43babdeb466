"""The frontlines store: articles, coded events with their evidence, places, actors, failures.

One document = one transaction: ``save_coded`` replaces everything an article contributed at
once or not at all. Each coded event is a *mention* (``event_mentions``, id ``event_id_for``,
stable across re-coding) of a merged *event* (``events``): reports of one event by several
articles, or by several sentences of one, land on one event (rules: ``merge.py`` and
``knowledge/data/merge.yaml``) whose fields are reconciled from its mentions, then corrected by
analysts. Re-coding finds an article's mentions again, so it never duplicates events.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Engine, and_, create_engine, delete, event, exists, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.pool import StaticPool

from frontlines.knowledge.taxonomy import Taxonomy
from frontlines.records import (
    Actor,
    AliasFix,
    Article,
    CodedDocument,
    CodingOverrides,
    ControlStatement,
    Event,
    Evidence,
    PlaceFix,
    PlaceMention,
    RelationStatement,
    Span,
    event_contract,
)
from frontlines.store.corrections import (
    FIELD_KINDS, Correction, CorrectionError, apply_corrections, coding_overrides, parse_field_value,
)
from frontlines.store.merge import (
    Mention,
    MergeRules,
    compatible,
    load_merge_rules,
    match_score,
    reconcile,
    shares_evidence,
)
from frontlines.store.migrate import migrate, postgres_driver
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
    StatementRow,
)
from frontlines.store.results import SaveResult, StoredArticle, StoredEvent, StoredEvidence

DEFAULT_URL = "sqlite:///frontlines.db"
ENV_VAR = "FRONTLINES_DB"
ACTIVE_STATUS = "active"
FALSE_STATUS = "false"  # an analyst marked the event as not having happened
MENTION_ACTIONS = ("merge", "split")  # corrections that move mentions, not event fields
# PostgreSQL advisory lock taken by every coded-document write (``_lock_writers``).
WRITE_LOCK_KEY = 0x66726F6E  # "fron"

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
    include_false: bool = False  # also events an analyst marked false


class Store:
    """A conflict-event store on any SQLAlchemy URL (SQLite default, PostgreSQL-ready)."""

    def __init__(self, engine: Engine, merge_rules: MergeRules | None = None) -> None:
        self.engine = engine
        self._merge_rules = merge_rules  # None: knowledge/data/merge.yaml, read when first needed

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def open(
        cls, url: str | None = None, *, upgrade: bool = True, merge_rules: MergeRules | None = None
    ) -> Store:
        """Open (and by default migrate to the newest schema) the store at ``url``.

        ``url`` defaults to the environment variable ``FRONTLINES_DB`` and, when that is unset,
        to ``sqlite:///frontlines.db`` in the current directory. SQLite databases run in WAL
        mode with foreign keys enforced; ``sqlite://`` (in memory) keeps a single connection so
        the schema survives. Alembic migrations run to head on open unless ``upgrade=False``.
        """
        engine = make_engine(url or default_url())
        if upgrade:
            migrate(engine)
        return cls(engine, merge_rules)

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
        """Store ``article`` once per (``content_hash``, URL); returns (id, created).

        The same text under another URL is another report (a new row), the same text under the
        same URL (or both without one) the same document."""
        found = self.find_article(content_hash, article.url)
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
            found = self.find_article(content_hash, article.url)
            if found is None:
                raise
            return found, False

    def has_article(self, content_hash: str, url: str | None = None) -> bool:
        """Is this text already stored under this URL (``None``: stored without one)?"""
        return self.find_article(content_hash, url) is not None

    def find_article(self, content_hash: str, url: str | None = None) -> int | None:
        with self._session() as s:
            return s.scalar(_article_query(content_hash, url))

    def get_article(self, article_id: int) -> StoredArticle | None:
        with self._session() as s:
            row = s.get(ArticleRow, article_id)
            return _stored_article(row) if row is not None else None

    def article_ids(self) -> list[int]:
        """Every article id in insertion order (a snapshot: safe to write while walking it)."""
        with self._session() as s:
            return list(s.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))

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

        Each coded event is a mention (id ``event_id_for``, stable across re-coding) placed on
        the merged event it reports: the one it was on before (re-coding keeps it there), else a
        compatible stored event (``merge.compatible``), else a new event with the mention's id.
        Events are then reconciled from their mentions; ``updated_at`` moves only when a field
        changed. Mentions this article no longer reports are removed, and events left without
        any mention with them. The article's relation and control statements are replaced.
        """
        with self._session() as s, s.begin():
            _lock_writers(s)
            article = s.get(ArticleRow, article_id)
            if article is None:
                raise KeyError(f"no article with id {article_id}")
            return self._save_coded(s, article, coded, coder_version)

    def save_article_coded(
        self, article: Article, content_hash: str, coded: CodedDocument,
        coder_version: str | None = None,
    ) -> SaveResult:
        """``add_article`` and ``save_coded`` in one transaction: the document with its events
        is stored whole or not at all (an interrupted batch re-runs cleanly). When another
        writer stored the same article first, its coding is saved over that one (as a re-code)."""
        try:
            return self._save_article_coded(article, content_hash, coded, coder_version)
        except IntegrityError:
            # SQLite looks the article up before its write lock is taken (PostgreSQL under
            # ``_lock_writers``): a concurrent ingest may have inserted it meanwhile. The
            # transaction rolled back whole; the retry finds the article and re-saves it.
            return self._save_article_coded(article, content_hash, coded, coder_version)

    def _save_article_coded(
        self, article: Article, content_hash: str, coded: CodedDocument, coder_version: str | None,
    ) -> SaveResult:
        with self._session() as s, s.begin():
            _lock_writers(s)
            row = s.scalar(select(ArticleRow).where(_article_key(content_hash, article.url)))
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
        old = {m.id: m for m in s.scalars(
            select(EventMentionRow).where(EventMentionRow.article_id == article_id))}
        for table in (EventReportRow, ArticlePlaceRow, StatementRow):
            s.execute(delete(table).where(table.article_id == article_id))
        mention_ids = _mention_ids(s, article, coded.events)
        merger = _Merger(s, self.merge_rules, now)
        kept = set(mention_ids)
        merger.drop_mentions([row for mid, row in old.items() if mid not in kept])
        actors = _ActorCache(s)
        event_ids = []
        for position, (mention_id, ev) in enumerate(zip(mention_ids, coded.events)):
            event_id = merger.place(article_id, mention_id, position, ev, old.get(mention_id))
            self._write_reports(s, event_id, article_id, ev, mention_id)
            actors.register(ev)
            event_ids.append(event_id)
        places = merger.places
        for mention in coded.places:
            _write_place_mention(s, article_id, mention, places)
        _write_statements(s, article_id, coded)
        removed = merger.finish()
        _mark_coded(article, coded, coder_version, now)
        return SaveResult(article_id=article_id, event_ids=event_ids, removed_event_ids=removed,
                          mention_ids=mention_ids)

    def _write_reports(
        self, s: Session, event_id: str, article_id: int, ev: Event, mention_id: str | None = None
    ) -> None:
        s.flush()
        seen = {tuple(r) for r in s.execute(
            select(EventReportRow.start, EventReportRow.end).where(
                EventReportRow.event_id == event_id, EventReportRow.article_id == article_id)
        )}
        for position, evidence in enumerate(ev.evidence):
            if (evidence.start, evidence.end) in seen:
                continue  # the unique key is the span; a repeated span adds nothing
            seen.add((evidence.start, evidence.end))
            s.add(
                EventReportRow(
                    event_id=event_id, article_id=article_id, position=position,
                    start=evidence.start, end=evidence.end, text=evidence.text,
                    section=evidence.section or "body", sentence_index=evidence.sentence_index,
                    mention_id=mention_id,
                )
            )

    @property
    def merge_rules(self) -> MergeRules:
        """The rules of ``knowledge/data/merge.yaml`` unless others were given to the store."""
        if self._merge_rules is None:
            self._merge_rules = load_merge_rules()
        return self._merge_rules

    # ------------------------------------------------------------ events

    def iter_events(
        self, filters: EventFilter | None = None, batch_size: int = 500, **kwargs: Any
    ) -> Iterator[StoredEvent]:
        """Merged events (with evidence from every reporting article, article ids and URLs)
        ordered by date then id; events an analyst marked false are left out unless
        ``include_false``.

        Filter with an ``EventFilter`` or its fields as keywords, e.g.
        ``iter_events(country="Syria", date_from="2024-01-01")``.
        """
        f = filters or EventFilter(**kwargs)
        stmt = (
            _filtered(select(EventRow, _all_self_claimed()), f)
            .options(
                selectinload(EventRow.reports)
                .joinedload(EventReportRow.article)
                .load_only(ArticleRow.id, ArticleRow.url, ArticleRow.source)
            )
            .order_by(EventRow.event_date, EventRow.id)
            .execution_options(yield_per=batch_size)
        )
        with self._session() as s:
            for row, self_claimed in s.execute(stmt):
                yield _stored_event(row, bool(self_claimed))

    def event_type_totals(self) -> list[tuple[str, str, int, int]]:
        """(event_type, sub_event_type, events, fatalities) per sub-event type over the events
        not marked false, counted in SQL so that a summary of a large store stays cheap."""
        stmt = (
            select(EventRow.event_type, EventRow.sub_event_type, func.count(),
                   func.coalesce(func.sum(EventRow.fatalities), 0))
            .where(EventRow.status != FALSE_STATUS)
            .group_by(EventRow.event_type, EventRow.sub_event_type)
            .order_by(EventRow.event_type, EventRow.sub_event_type)
        )
        with self._session() as s:
            return [(t, sub, int(n), int(d)) for t, sub, n, d in s.execute(stmt)]

    def get_event(self, event_id: str) -> StoredEvent | None:
        """One event by id, whatever its status."""
        with self._session() as s:
            options = [selectinload(EventRow.reports).joinedload(EventReportRow.article)]
            row = s.get(EventRow, event_id, options=options)
            if row is None:
                return None
            return _stored_event(row, bool(s.scalar(select(_all_self_claimed(event_id)))))

    def iter_mentions(self, event_id: str) -> Iterator[Mention]:
        """The mentions (one article's coding each) an event is reconciled from, oldest first."""
        with self._session() as s:
            for row in s.scalars(_mentions_of(event_id)):
                yield _mention(row)

    def reconcile_event(self, event_id: str) -> bool:
        """Recompute one event from its mentions and corrections (after a correction was
        recorded, say); False when the event no longer exists."""
        with self._session() as s, s.begin():
            return _Merger(s, self.merge_rules, _now()).reconcile(event_id)

    # ------------------------------------------------------------ analyst merge / split

    def merge_events(self, target_id: str, other_ids: Sequence[str], author: str, reason: str) -> str:
        """Fold ``other_ids`` into ``target_id``: their mentions and reports move, every mention
        of the result is pinned (automatic matching and re-coding leave it there), the emptied
        events go, and a ``corrections`` row (event/merge) keeps who, when and why."""
        others = [i for i in dict.fromkeys(other_ids) if i != target_id]
        with self._session() as s, s.begin():
            for event_id in [target_id, *others]:
                if s.get(EventRow, event_id) is None:
                    raise KeyError(f"no event with id {event_id}")
            moved = list(s.scalars(select(EventMentionRow).where(EventMentionRow.event_id.in_(others))))
            merger = _Merger(s, self.merge_rules, _now())
            merger.move_mentions(moved, target_id)
            _pin(s, target_id)
            _record_correction(s, target_id, "merge", others, author, reason)
            merger.finish()
        return target_id

    def split_event(self, event_id: str, mention_ids: Sequence[str], author: str, reason: str) -> str:
        """Move ``mention_ids`` (and their reports) off ``event_id`` onto a new event; both
        events' mentions are pinned and a ``corrections`` row (event/split) is kept. Returns the
        new event's id."""
        wanted = list(dict.fromkeys(mention_ids))
        with self._session() as s, s.begin():
            rows = list(s.scalars(_mentions_of(event_id)))
            moving = [r for r in rows if r.id in set(wanted)]
            if len(moving) != len(wanted):
                raise KeyError(f"not mentions of {event_id}: {sorted(set(wanted) - {r.id for r in moving})}")
            if not moving or len(moving) == len(rows):
                raise ValueError("a split moves some, but not all, of an event's mentions")
            merger = _Merger(s, self.merge_rules, _now())
            new_id = merger.new_event(moving[0].id, moving[0].values).id
            merger.move_mentions(moving, new_id)
            _pin(s, event_id)
            _pin(s, new_id)
            _record_correction(s, event_id, "split", wanted, author, reason)
            merger.finish()
        return new_id

    # ------------------------------------------------------------ statements

    def iter_statements(
        self, kind: str, as_of: date | str | None = None
    ) -> Iterator[RelationStatement | ControlStatement]:
        """The relation (``kind="relation"``) or control (``"control"``) statements of every
        article, as ``RelationStatement`` / ``ControlStatement`` whose ``evidence`` is a
        ``StoredEvidence`` (article id and URL). ``as_of``: leave out statements dated after it
        (undated ones stay)."""
        if kind not in ("relation", "control"):
            raise ValueError(f"kind must be 'relation' or 'control', not {kind!r}")
        stmt = (
            select(StatementRow, ArticleRow.url).join(ArticleRow, ArticleRow.id == StatementRow.article_id)
            .where(StatementRow.kind == kind).order_by(StatementRow.date, StatementRow.id)
        )
        if as_of is not None:
            limit = _parse_date(as_of)
            stmt = stmt.where((StatementRow.date.is_(None)) | (StatementRow.date <= limit))
        with self._session() as s:
            for row, url in s.execute(stmt):
                yield _statement(row, url)

    def place_spans(self, article_ids: Iterable[int], chunk: int = 500) -> dict[int, list[tuple[int, int, float, float]]]:
        """Per article, its place mentions as (start, end, latitude, longitude)."""
        ids = sorted(set(article_ids))
        found: dict[int, list[tuple[int, int, float, float]]] = {}
        with self._session() as s:
            for i in range(0, len(ids), chunk):
                stmt = (select(ArticlePlaceRow.article_id, ArticlePlaceRow.start, ArticlePlaceRow.end,
                               PlaceRow.latitude, PlaceRow.longitude)
                        .join(PlaceRow, PlaceRow.id == ArticlePlaceRow.place_id)
                        .where(ArticlePlaceRow.article_id.in_(ids[i:i + chunk])))
                for article_id, start, end, lat, lon in s.execute(stmt):
                    found.setdefault(article_id, []).append((start, end, lat, lon))
        return found

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
            "event_mentions": EventMentionRow, "statements": StatementRow,
            "corrections": CorrectionRow,
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
        """Rewrite an event's values after its corrections changed: reconciled from its
        mentions, with every active correction on top."""
        _Merger(s, self.merge_rules, _now()).reconcile(event_id)


# ---------------------------------------------------------------- engine


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL and foreign keys on every connection."""
    if not url.startswith("sqlite"):
        return create_engine(postgres_driver(url))
    in_memory = url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url
    if in_memory:
        engine = create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _lock_writers(s: Session) -> None:
    """On PostgreSQL, wait for the store's write lock (held to commit or rollback, and dropped
    by the server when a killed writer's connection goes). Concurrent ingests then code in
    parallel but store one document at a time: each sees the articles and events the others
    committed, so none inserts an article another just stored (a unique-key error) or founds an
    event another just founded (merging reads many rows before it writes). SQLite lets one
    writer in at a time by itself (from a transaction's first write on)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


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


def _article_key(content_hash: str, url: str | None) -> Any:
    return (ArticleRow.content_hash == content_hash) & (ArticleRow.url_key == (url or ""))


def _article_query(content_hash: str, url: str | None) -> Any:
    return select(ArticleRow.id).where(_article_key(content_hash, url))


def _mention_values(ev: Event) -> dict[str, Any]:
    """What a mention keeps of the coded event: its contract fields without the id."""
    values = event_contract(ev)
    values.pop("event_id", None)
    return values


def _mention_ids(s: Session, article: ArticleRow, events: Sequence[Event]) -> list[str]:
    """``assign_event_ids`` for the article; the same text stored under another URL already owns
    those ids, so this copy's mentions get ``@<article id>`` (the migration's convention)."""
    base = assign_event_ids(article.content_hash, events)
    taken = set(s.scalars(select(EventMentionRow.id).where(
        EventMentionRow.id.in_(base), EventMentionRow.article_id != article.id)))
    return [f"{b}@{article.id}" if b in taken else b for b in base]


def _event_columns(values: Mapping[str, Any]) -> dict[str, Any]:
    """``EventRow`` column values from reconciled event values."""
    columns = {k: values.get(k) for k in _EVENT_COLUMNS}
    columns["event_date"] = _parse_date(values.get("event_date"))
    columns["notes"] = values.get("notes") or ""
    columns["fatalities"] = int(values.get("fatalities") or 0)
    columns["confidence"] = float(values.get("confidence") or 0.0)
    columns["status"] = values.get("status") or ACTIVE_STATUS
    return columns


def _row_values(row: EventRow) -> dict[str, Any]:
    """An event row as event values (the shape ``merge`` compares)."""
    values = {k: getattr(row, k) for k in _EVENT_COLUMNS}
    values["event_date"] = row.event_date.isoformat() if row.event_date else None
    return values


def _mention(row: EventMentionRow) -> Mention:
    return Mention(id=row.id, article_id=row.article_id, values=row.values,
                   self_claimed=bool(row.self_claimed))


def _mentions_of(event_id: str) -> Any:
    return (select(EventMentionRow).where(EventMentionRow.event_id == event_id)
            .order_by(EventMentionRow.article_id, EventMentionRow.position, EventMentionRow.id))


def _all_self_claimed(event_id: str | None = None) -> Any:
    """SQL: every mention of the event (``EventRow.id``, or ``event_id``) is self-claimed."""
    target = EventRow.id if event_id is None else event_id
    some = exists().where(EventMentionRow.event_id == target)
    independent = exists().where(EventMentionRow.event_id == target,
                                 EventMentionRow.self_claimed.is_(False))
    return and_(some, ~independent)


def _stored_event(row: EventRow, self_claimed: bool = False) -> StoredEvent:
    evidence = [
        StoredEvidence(
            start=r.start, end=r.end, text=r.text, section=r.section,
            sentence_index=r.sentence_index, article_id=r.article_id, url=r.article.url,
            mention_id=r.mention_id,
        )
        for r in row.reports
    ]
    article_ids = list(dict.fromkeys(r.article_id for r in row.reports))
    urls = [r.article.url for r in row.reports if r.article.url]
    sources = list(dict.fromkeys(r.article.source for r in row.reports if r.article.source))
    return StoredEvent(
        event_date=row.event_date.isoformat() if row.event_date else None,
        **{k: getattr(row, k) for k in _EVENT_COLUMNS},
        evidence=evidence, event_id=row.id, self_claimed=self_claimed,
        article_url=urls[0] if urls else None, source="; ".join(sources) or None,
        created_at=_utc(row.created_at), updated_at=_utc(row.updated_at),
        article_ids=article_ids, sources=row.sources, status=row.status,
        mention_ids=list(dict.fromkeys(r.mention_id for r in row.reports if r.mention_id)),
    )


def _filtered(stmt: Any, f: EventFilter) -> Any:
    if not f.include_false:
        stmt = stmt.where(EventRow.status != FALSE_STATUS)
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


def _corrected(s: Session, event_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Analyst corrections of the event (field fixes, marked false) applied on top of the
    values reconciled from its mentions."""
    rows = list(s.scalars(
        select(CorrectionRow).where(
            CorrectionRow.target == "event", CorrectionRow.target_id == event_id,
            CorrectionRow.active.is_(True), CorrectionRow.action.not_in(MENTION_ACTIONS),
        ).order_by(CorrectionRow.at, CorrectionRow.id)
    ))
    return apply_corrections(values, rows) if rows else values


def _record_correction(
    s: Session, event_id: str, action: str, value: Any, author: str, reason: str
) -> None:
    s.add(CorrectionRow(target="event", target_id=event_id, action=action, field=None,
                        value=value, author=author, reason=reason, at=_now(), active=True))


def _pin(s: Session, event_id: str) -> None:
    s.execute(update(EventMentionRow).where(EventMentionRow.event_id == event_id)
              .values(pinned=True))


class _Merger:
    """Puts mentions on merged events within one transaction, then reconciles what it touched.

    Events emptied by a re-code stay until ``finish``, so the article's new codings can still
    land on them (a re-coded event whose sub-type changed keeps its id)."""

    def __init__(self, s: Session, rules: MergeRules, now: datetime) -> None:
        self.s = s
        self.rules = rules
        self.now = now
        self.places = _PlaceCache(s)
        self.touched: set[str] = set()

    def place(
        self, article_id: int, mention_id: str, position: int, ev: Event,
        existing: EventMentionRow | None,
    ) -> str:
        """Store the mention and return the event it belongs to."""
        values = _mention_values(ev)
        if existing is None:
            target = self.match(values, article_id) or self.new_event(mention_id, values).id
            self.s.add(EventMentionRow(
                id=mention_id, event_id=target, article_id=article_id, position=position,
                values=values, self_claimed=ev.self_claimed, pinned=False))
        else:
            unchanged = existing.values == values
            existing.values, existing.position = values, position
            existing.self_claimed = ev.self_claimed
            target = existing.event_id
            if not unchanged and not self.keeps_event(existing, values):
                self.touched.add(target)
                target = (self.match(values, article_id, exclude=target)
                          or self.new_event(mention_id, values).id)
                existing.event_id = target
        self.s.flush()
        self.reconcile(target)
        return target

    def keeps_event(self, row: EventMentionRow, values: Mapping[str, Any]) -> bool:
        """A re-coded mention whose coding changed stays on its event when an analyst put it
        there, when it is the event's only mention, or when it still fits the event the other
        mentions make. (One coded as before always stays: re-coding must not regroup events
        that grew one report at a time.)"""
        if row.pinned:
            return True
        others = [_mention(r) for r in self.s.scalars(_mentions_of(row.event_id)) if r.id != row.id]
        return not others or compatible(values, reconcile(others, self.rules), self.rules)

    def match(self, values: Mapping[str, Any], article_id: int, exclude: str | None = None) -> str | None:
        """The stored event these values report, if any: compatible by the merge rules, not
        resting on the same text of the same article, the best by ``match_score``."""
        best: tuple[tuple, str] | None = None
        for row in self.s.scalars(self.candidates(values)):
            if row.id == exclude:
                continue
            event_values = _row_values(row)
            if not compatible(values, event_values, self.rules) or self.overlaps(row.id, article_id, values):
                continue
            score = (match_score(values, event_values, self.rules), row.id)
            if best is None or score < best:
                best = score
        return best[1] if best else None

    def candidates(self, values: Mapping[str, Any]) -> Any:
        """Events in the country and date window (the indexed columns); the rules decide."""
        stmt = select(EventRow)
        country = values.get("country")
        stmt = stmt.where(EventRow.country.is_(None) if country is None else EventRow.country == country)
        day = _parse_date(values.get("event_date"))
        if day is None:
            return stmt.where(EventRow.event_date.is_(None))
        windows = self.rules.date_window_days
        reach = timedelta(days=windows.get(values.get("time_precision") or 3, 0) + max(windows.values()))
        return stmt.where(EventRow.event_date.between(day - reach, day + reach))

    def overlaps(self, event_id: str, article_id: int, values: Mapping[str, Any]) -> bool:
        rows = self.s.scalars(select(EventMentionRow).where(
            EventMentionRow.event_id == event_id, EventMentionRow.article_id == article_id))
        return any(shares_evidence(values, r.values) for r in rows)

    def new_event(self, mention_id: str, values: Mapping[str, Any]) -> EventRow:
        """A new event named after the mention that founds it (or a variant of that name when
        an event already has it)."""
        event_id, n = mention_id, 1
        while self.s.get(EventRow, event_id) is not None:
            n += 1
            event_id = f"{mention_id}~{n}"
        row = EventRow(id=event_id, created_at=self.now, updated_at=self.now, sources=1,
                       **_event_columns(values))
        self.s.add(row)
        self.s.flush()
        self.touched.add(event_id)
        return row

    def drop_mentions(self, rows: Iterable[EventMentionRow]) -> None:
        for row in rows:
            self.touched.add(row.event_id)
            self.s.delete(row)
        self.s.flush()

    def move_mentions(self, rows: Iterable[EventMentionRow], target: str) -> None:
        """Put mentions (with their reports) on ``target`` and pin them there."""
        for row in rows:
            source = row.event_id
            self.touched.update((source, target))
            self._move_reports(row, source, target)
            row.event_id, row.pinned = target, True
        self.s.flush()

    def _move_reports(self, mention: EventMentionRow, source: str, target: str) -> None:
        reports = list(self.s.scalars(select(EventReportRow).where(
            EventReportRow.event_id == source, EventReportRow.mention_id == mention.id)))
        if not reports:  # reports from before mentions existed carry the event id instead
            reports = list(self.s.scalars(select(EventReportRow).where(
                EventReportRow.event_id == source, EventReportRow.article_id == mention.article_id)))
        held = {tuple(r) for r in self.s.execute(select(
            EventReportRow.article_id, EventReportRow.start, EventReportRow.end,
        ).where(EventReportRow.event_id == target))}
        for report in reports:
            if (report.article_id, report.start, report.end) in held:
                self.s.delete(report)  # the target already cites this span
            else:
                report.event_id, report.mention_id = target, mention.id
                held.add((report.article_id, report.start, report.end))

    def reconcile(self, event_id: str) -> bool:
        """Recompute an event from its mentions (then corrections); an event without mentions
        is deleted. Returns whether the event still exists."""
        self.touched.add(event_id)
        row = self.s.get(EventRow, event_id)
        if row is None:
            return False
        rows = list(self.s.scalars(_mentions_of(event_id)))
        if not rows:
            return False  # emptied: ``finish`` removes it unless a later mention lands here
        values = reconcile([_mention(r) for r in rows], self.rules) | {"status": ACTIVE_STATUS}
        values = _corrected(self.s, event_id, values)
        columns = _event_columns(values)
        columns["place_id"] = self.places.for_values(values)
        columns["sources"] = len({r.article_id for r in rows})
        if any(getattr(row, k) != v for k, v in columns.items()):
            for k, v in columns.items():
                setattr(row, k, v)
            row.updated_at = self.now
        return True

    def finish(self) -> list[str]:
        """Reconcile every touched event once more and delete those left without mentions;
        returns the deleted ids."""
        self.s.flush()
        removed = []
        for event_id in sorted(self.touched):
            if self.s.get(EventRow, event_id) is None:
                continue
            if not self.s.scalar(select(exists().where(EventMentionRow.event_id == event_id))):
                self.s.execute(delete(EventRow).where(EventRow.id == event_id))
                removed.append(event_id)
            else:
                self.reconcile(event_id)
        self.touched.clear()
        return removed


def _statement(row: StatementRow, url: str | None) -> RelationStatement | ControlStatement:
    evidence = StoredEvidence(start=row.start, end=row.end, text=row.text, section=row.section,
                              sentence_index=row.sentence_index, article_id=row.article_id, url=url)
    when = row.date.isoformat() if row.date else None
    if row.kind == "relation":
        return RelationStatement(actor_a=row.actor_a, actor_b=row.actor_b or "",
                                 relation=row.relation, date=when, evidence=evidence,  # type: ignore[arg-type]
                                 past=row.past, cue=row.cue or "")
    return ControlStatement(actor=row.actor_a, status=row.status, location=row.location or "",  # type: ignore[arg-type]
                            latitude=row.latitude, longitude=row.longitude, date=when,
                            evidence=evidence, country=row.country, admin1=row.admin1,
                            geo_precision=row.geo_precision, past=row.past, cue=row.cue or "")


def _write_statements(s: Session, article_id: int, coded: CodedDocument) -> None:
    """The article's relation and control statements (its old ones were deleted)."""
    for r in coded.relations:
        s.add(StatementRow(article_id=article_id, kind="relation", actor_a=r.actor_a,
                           actor_b=r.actor_b, relation=r.relation, date=_parse_date(r.date),
                           past=r.past, cue=r.cue or None, **_evidence_columns(r.evidence)))
    for c in coded.control:
        s.add(StatementRow(article_id=article_id, kind="control", actor_a=c.actor, status=c.status,
                           location=c.location, latitude=c.latitude, longitude=c.longitude,
                           country=c.country, admin1=c.admin1, geo_precision=c.geo_precision,
                           date=_parse_date(c.date), past=c.past, cue=c.cue or None,
                           **_evidence_columns(c.evidence)))


def _evidence_columns(e: Evidence) -> dict[str, Any]:
    return {"start": e.start, "end": e.end, "text": e.text, "section": e.section or "body",
            "sentence_index": e.sentence_index}


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

    def for_values(self, values: Mapping[str, Any]) -> int | None:
        """The place row of an event's location (none without a name and coordinates)."""
        name, lat, lon = values.get("location"), values.get("latitude"), values.get("longitude")
        if name is None or lat is None or lon is None:
            return None
        return self._get_or_add(
            name, lat, lon, country=values.get("country"), admin1=values.get("admin1"),
            admin2=values.get("admin2"), precision=values.get("geo_precision"),
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
