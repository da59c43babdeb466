"""The Python API: what the CLI (and later the HTTP API) call.

Everything takes its collaborators as arguments (a `Coder`, a `Store`); `Coder.default()` and
`Store.open()` build the usual ones.

    >>> from frontlines import api
    >>> coder = api.default_coder()
    >>> doc = api.code_text("Rebels seized the town of Manbij on Monday.", published="2014-01-08", coder=coder)
    >>> [(e.sub_event_type, e.location) for e in doc.events]
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from frontlines.records import (
    AliasFix,
    Article,
    CodedDocument,
    CodingOverrides,
    ControlFact,
    ControlStatement,
    Event,
    IngestFailure,
    PlaceFix,
    Relation,
    RelationStatement,
)

if TYPE_CHECKING:  # heavy imports only where used
    from frontlines.derive import Affiliations
    from frontlines.geo.gazetteer import Gazetteer
    from frontlines.knowledge.actors import ActorDictionary
    from frontlines.nlp.classifier import SubtypeClassifier
    from frontlines.nlp.pipeline import Coder
    from frontlines.store import Store
    from frontlines.store.corrections import Correction
    from frontlines.store.results import StoredEvent


def default_coder(model: str | Path | None = None, overrides: CodingOverrides | None = None) -> Coder:
    """The shipped coder: spaCy English, the GeoNames gazetteer, the actor dictionary, the lexicon;
    with `model`, also the sub-type classifier trained by `frontlines train` into that folder;
    with `overrides` (`coding_overrides(store)`), the analyst's alias and place fixes."""
    from frontlines.nlp.pipeline import Coder

    return Coder.default(classifier=load_model(model) if model else None, overrides=overrides)


def load_model(path: str | Path) -> SubtypeClassifier:
    """A model folder written by `frontlines train`; `ModelError` when it is missing, corrupt or
    was trained for another coder version."""
    from frontlines.nlp.classifier import SubtypeClassifier
    from frontlines.nlp.pipeline import CODER_VERSION

    return SubtypeClassifier.load(path, CODER_VERSION)


def as_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ValueError(f"not a YYYY-MM-DD date: {value!r}") from exc


def code_text(text: str, *, coder: Coder, published: str | date | None = None,
              title: str | None = None, doc_id: str = "text") -> CodedDocument:
    """Code one text (no store): the events it reports and the places it names."""
    return coder.code(Article(text=text, title=title, published=as_date(published), doc_id=doc_id),
                      doc_id=doc_id)


def code_articles(articles: Iterable[Article], *, coder: Coder, batch_size: int = 32) -> Iterator[CodedDocument]:
    """Code many documents in input order, batching the NLP work."""
    return coder.code_many(articles, batch_size=batch_size)


@dataclass
class IngestSummary:
    ingested: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    failures: list[IngestFailure] = field(default_factory=list)


ProgressHook = Callable[[str, str], None]  # (status, origin) after each document


def ingest(inputs: Iterable[str], *, store: Store, coder: Coder,
           on_document: ProgressHook | None = None, fetcher=None) -> IngestSummary:
    """Read, code and store documents. A bad document is recorded and skipped; identical content
    under the same URL (or both without one) is stored once, while the same text under another
    URL is another report whose events merge with the stored ones; each new document is stored
    with its events in one transaction, so an interrupted run re-run with the same input ends as
    an uninterrupted one. ``coder`` is anything with `Coder.code_many` that yields in input
    order: a `Coder`, or `nlp.distributed.DaskCoder` to code on a Dask cluster."""
    from frontlines.ingest import article_key, read_sources
    from frontlines.nlp.pipeline import CODER_VERSION

    summary = IngestSummary()
    seen: set[tuple[str, str]] = set()  # (content key, URL or "")

    def new_articles() -> Iterator[tuple[str, Article]]:
        for item in read_sources(inputs, fetcher=fetcher):
            if isinstance(item, IngestFailure):
                store.record_failure(item.origin, item.reason)
                summary.failed += 1
                summary.failures.append(item)
                _notify(on_document, "failed", item.origin)
                continue
            key = article_key(item)
            if (key, item.url or "") in seen or store.has_article(key, item.url):
                summary.duplicates += 1
                _notify(on_document, "duplicate", item.origin or "")
                continue
            seen.add((key, item.url or ""))
            yield key, item

    pending: list[tuple[str, Article]] = []

    def articles() -> Iterator[Article]:
        for key, article in new_articles():
            pending.append((key, article))
            yield article

    for coded in coder.code_many(articles()):
        key, article = pending.pop(0)
        store.save_article_coded(article, key, coded, CODER_VERSION)
        summary.ingested += 1
        summary.events += len(coded.events)
        _notify(on_document, "ingested", article.origin or "")
    return summary


@dataclass
class RecodeSummary:
    articles: int = 0
    events_before: int = 0
    events_after: int = 0
    mentions: int = 0


def recode(store: Store, coder: Coder, *, on_document: ProgressHook | None = None,
           batch_size: int = 32) -> RecodeSummary:
    """Code every stored article again (a new coder version, a trained model, new alias or
    place fixes) through the same save path as ingest: each article's codings find their
    mentions again, so events keep their ids, are never duplicated, and analyst corrections
    and merges stay applied. ``on_document("recoded", origin)`` after each article."""
    from frontlines.nlp.pipeline import CODER_VERSION

    summary = RecodeSummary(events_before=store.counts()["events"])
    pending: list[int] = []

    def articles() -> Iterator[Article]:
        for article_id in store.article_ids():  # a snapshot: the loop writes while it walks
            stored = store.get_article(article_id)
            if stored is not None:
                pending.append(article_id)
                yield stored.article

    for coded in coder.code_many(articles(), batch_size=batch_size):
        article_id = pending.pop(0)
        store.save_coded(article_id, coded, CODER_VERSION)
        summary.articles += 1
        summary.mentions += len(coded.events)
        _notify(on_document, "recoded", str(article_id))
    summary.events_after = store.counts()["events"]
    return summary


def _notify(hook: ProgressHook | None, status: str, origin: str) -> None:
    if hook is not None:
        hook(status, origin)


# ---------------------------------------------------------------- the derived picture


def relations(store: Store, as_of: str | date | None = None,
              affiliations: Affiliations | None = None) -> list[Relation]:
    """The alliance / hostility / membership network of the store's events and relation
    statements, one record per period of each pair's relation (``derive.relations``); with
    ``as_of``, only the periods holding on that day. ``affiliations`` defaults to the actor
    dictionary's (member_of)."""
    from frontlines.derive import derive_relations, relations_as_of

    if affiliations is None:
        from frontlines.knowledge.actors import load_actor_dictionary

        affiliations = load_actor_dictionary().affiliations_of
    found = derive_relations(store.iter_events(), affiliations,
                             statements=relation_statements(store))
    day = as_date(as_of)
    return relations_as_of(found, day.isoformat()) if day else found


def control(store: Store, as_of: str | date | None = None) -> list[ControlFact]:
    """Who holds which place since when, from the store's territory events and control
    statements (``derive.control``); with ``as_of``, who held each place on that day."""
    from frontlines.derive import control_as_of, derive_control

    events = list(store.iter_events())
    found = derive_control(events, statements=control_statements(store), named=_place_named(store, events))
    day = as_date(as_of)
    return control_as_of(found, day.isoformat()) if day else found


def _place_named(store: Store, events: list[StoredEvent]) -> Callable[[Event], bool]:
    """A taking counts on the map only when its sentence names the place (derive.control)."""
    from frontlines.derive.control import TAKEOVER_SUB_EVENT_TYPES, place_named_reader
    from frontlines.knowledge.territory import load_territory_cues

    articles = {ev.article_id for e in events if e.sub_event_type in TAKEOVER_SUB_EVENT_TYPES
                for ev in e.evidence if getattr(ev, "article_id", None) is not None}
    return place_named_reader(store.place_spans(articles), load_territory_cues())


def relation_statements(store: Store) -> list[RelationStatement]:
    return [s for s in _statements(store, "relation") if isinstance(s, RelationStatement)]


def control_statements(store: Store) -> list[ControlStatement]:
    return [s for s in _statements(store, "control") if isinstance(s, ControlStatement)]


def _statements(store: Store, kind: str) -> list[object]:
    return list(store.iter_statements(kind))


# ---------------------------------------------------------------- analyst corrections
# Each keeps who (`author`), why (`reason`) and when; a bad one raises
# `frontlines.store.corrections.CorrectionError` and stores nothing.


def correct_event(store: Store, event_id: str, field: str, value: object, *, author: str,
                  reason: str) -> Correction:
    """Set one field of a stored event ("fatalities" := 12, "sub_event_type" := "Air/drone
    strike", ...); it holds across re-coding until withdrawn (`undo_correction`)."""
    return store.correct_event(event_id, field, value, author=author, reason=reason)


def merge_events(store: Store, target_id: str, other_ids: list[str], *, author: str,
                 reason: str) -> str:
    """Fold events the coder kept apart into ``target_id`` (their reports move with them and
    stay there across re-coding); returns ``target_id``."""
    from frontlines.store.corrections import CorrectionError

    try:
        return store.merge_events(target_id, other_ids, author, reason)
    except (KeyError, ValueError) as exc:
        raise CorrectionError(str(exc).strip("'\"")) from exc


def split_event(store: Store, event_id: str, mention_ids: list[str], *, author: str,
                reason: str) -> str:
    """Move some of an event's mentions (one article's coding each, `Store.iter_mentions`) to
    a new event that re-coding keeps apart; returns the new event's id."""
    from frontlines.store.corrections import CorrectionError

    try:
        return store.split_event(event_id, mention_ids, author, reason)
    except (KeyError, ValueError) as exc:
        raise CorrectionError(str(exc).strip("'\"")) from exc


def mark_false(store: Store, event_id: str, *, author: str, reason: str) -> Correction:
    """Mark an event as not having happened (status "false"); `restore_event` undoes it."""
    return store.mark_false(event_id, author=author, reason=reason)


def restore_event(store: Store, event_id: str, *, author: str, reason: str) -> Correction:
    return store.restore_event(event_id, author=author, reason=reason)


def undo_correction(store: Store, correction_id: int, *, author: str, reason: str) -> Correction:
    """Withdraw a correction: it stays on record, inactive, and what it changed is recomputed."""
    return store.withdraw_correction(correction_id, author=author, reason=reason)


def fix_actor_alias(store: Store, alias: str, actor: str, *, author: str, reason: str,
                    inter: int | None = None, kind: str | None = None,
                    dictionary: ActorDictionary | None = None) -> Correction:
    """From now on the coder reads `alias` as the canonical `actor` ("Black Banner Brigade" ->
    "Islamic State (Syria)"). An actor the dictionary does not know needs its ACLED `inter`
    code (its kind follows from the taxonomy unless given)."""
    from frontlines.knowledge.actors import ActorDataError, load_actor_dictionary
    from frontlines.store.corrections import CorrectionError, check_actor_alias

    alias, actor = check_actor_alias(alias, actor)
    if inter is not None and kind is None:
        kind = _kind_of_inter(inter)
    fix = AliasFix(alias=alias, actor=actor, inter=inter, kind=kind)
    try:
        (dictionary or load_actor_dictionary()).with_aliases([fix])  # the coder must be able to use it
    except ActorDataError as exc:
        raise CorrectionError(str(exc)) from exc
    return store.add_alias_fix(fix, author=author, reason=reason)


def _kind_of_inter(inter: int) -> str | None:
    """The actor kind ACLED's taxonomy gives an inter code (the first listed for it)."""
    from frontlines.knowledge.taxonomy import load_taxonomy

    return next((k for k, v in load_taxonomy().kind_inter.items() if v == inter), None)


def fix_place(store: Store, name: str, latitude: float, longitude: float, *, author: str, reason: str,
              country: str | None = None, admin1: str | None = None, precision: int = 1,
              gazetteer: Gazetteer | None = None) -> Correction:
    """From now on the coder resolves the place name `name` to this point. The country is
    checked against the gazetteer (and spelt as ACLED does); a missing country or admin1 is
    filled by reverse geocoding the point."""
    from frontlines.store.corrections import CorrectionError, place_value

    name, value = place_value(name, latitude, longitude, country, admin1, precision)
    if gazetteer is None:
        from frontlines.geo.gazetteer import Gazetteer

        gazetteer = Gazetteer.load()
    if value["country"] is not None:
        known = gazetteer.country(value["country"])
        if known is None:
            raise CorrectionError(f"unknown country {value['country']!r}")
        value["country"] = known.country
    if value["country"] is None or value["admin1"] is None:
        found_country, found_admin1, _ = gazetteer.reverse(value["latitude"], value["longitude"])
        if value["country"] in (None, found_country):  # an admin1 of another country is no help
            value["country"] = found_country
            value["admin1"] = value["admin1"] or found_admin1
    fix = PlaceFix(name=name, **value)
    gazetteer.with_places([fix])  # the coder must be able to use it (raises on a bad admin1 country)
    return store.add_place_fix(fix, author=author, reason=reason)


def list_corrections(store: Store, *, target: str | None = None, target_id: str | None = None,
                     active_only: bool = False) -> list[Correction]:
    return store.iter_corrections(target=target, target_id=target_id, active_only=active_only)


def coding_overrides(store: Store) -> CodingOverrides:
    """The store's alias and place fixes, for `default_coder(overrides=...)`."""
    return store.coding_overrides()
