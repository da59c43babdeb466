"""Small result records the store returns next to the shared records of ``frontlines.records``.

``StoredEvent`` / ``StoredEvidence`` are ``Event`` / ``Evidence`` (subclasses, so every stage
that takes an ``Event`` takes them) plus the provenance only a store knows: which article each
evidence span comes from, its URL and outlet, and when the event was last updated.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from frontlines.records import Article, Event, Evidence


@dataclass
class StoredEvidence(Evidence):
    article_id: int | None = None
    url: str | None = None
    mention_id: str | None = None  # the article's coding of the event this span supports


@dataclass
class StoredEvent(Event):
    article_url: str | None = None  # URL of the first reporting article
    source: str | None = None  # outlet(s) of the reporting articles, "; "-joined (ACLED `source`)
    created_at: datetime | None = None
    updated_at: datetime | None = None  # ACLED `timestamp` is its unix time
    article_ids: list[int] = field(default_factory=list)
    sources: int = 1  # distinct articles reporting the event
    status: str = "active"  # "false" once an analyst marks it as not having happened
    mention_ids: list[str] = field(default_factory=list)  # the codings it was reconciled from


@dataclass
class StoredArticle:
    id: int
    content_hash: str
    article: Article
    ingested_at: datetime
    reference_date: str | None = None  # YYYY-MM-DD used when coding
    reference_inferred: bool | None = None
    coder_version: str | None = None


@dataclass
class SaveResult:
    """What ``Store.save_coded`` did. ``event_ids`` parallels ``CodedDocument.events``: the merged
    event each coded event landed on (two codings of one event share it); ``mention_ids`` the
    per-article id of each coding (``event_id_for``)."""

    article_id: int
    event_ids: list[str]
    removed_event_ids: list[str] = field(default_factory=list)  # events no article reports any more
    mention_ids: list[str] = field(default_factory=list)
