"""Pydantic models of the HTTP API's requests and responses (they document the OpenAPI spec)."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, field_validator, model_validator

from frontlines.web.safety import has_lone_surrogate

# The largest text POST /api/ingest takes, in characters (the ingest limit for one document).
MAX_TEXT_CHARS = 5 * 1024 * 1024


def _as_utc(value: datetime) -> datetime:
    """The store keeps UTC; SQLite hands it back without the zone, RFC 3339 needs one."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD: pydantic would also read 0 or 1700000000 as a unix time."""
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"not a YYYY-MM-DD date: {value!r}")
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise ValueError("a date must be written YYYY-MM-DD")


# A request's date, as YYYY-MM-DD only.
IsoDate = Annotated[date, BeforeValidator(_iso_day)]


class EventSummary(BaseModel):
    """One event as listed: its ACLED fields plus id, number of reporting sources and status."""

    id: str
    event_date: date | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str | None
    inter1: int | None
    actor2: str | None
    assoc_actor_2: str | None
    inter2: int | None
    interaction: int | None
    civilian_targeting: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int
    notes: str
    confidence: float
    sources: int
    status: str


class Page(BaseModel):
    total: int = Field(description="items matching the query, all pages together")
    total_exact: bool = Field(
        default=True, description="false when more items match than were counted (10,000 events or "
                                  "search hits): total is then a lower bound; the timeline has exact counts")
    limit: int
    offset: int


class EventPage(Page):
    items: list[EventSummary]


class EvidenceSpan(BaseModel):
    """A sentence that reports the event: character offsets into the article's text."""

    article_id: int
    url: str | None
    start: int
    end: int
    text: str
    section: str
    sentence_index: int | None


class Report(BaseModel):
    """An article that reports the event."""

    article_id: int
    url: str | None
    title: str | None
    source: str | None
    published: date | None


class EventDetail(EventSummary):
    created_at: UtcDatetime
    updated_at: UtcDatetime
    evidence: list[EvidenceSpan]
    reports: list[Report]


class ArticleHit(BaseModel):
    id: int
    title: str | None
    url: str | None
    source: str | None
    published: date | None
    snippet: str | None = Field(
        description="text around the matches, each match between [[ and ]] (plain text: "
                    "render it as text, never as HTML)")


class ArticlePage(Page):
    items: list[ArticleHit]


class ArticleEvent(BaseModel):
    """An event the article reports, with the span of its evidence in the article's text."""

    event_id: str
    event_date: date | None
    event_type: str
    sub_event_type: str
    start: int
    end: int
    text: str
    section: str


class ArticleDetail(BaseModel):
    id: int
    title: str | None
    url: str | None
    source: str | None
    published: date | None
    language: str | None
    ingested_at: UtcDatetime
    text: str
    captions: list[tuple[int, int]] = Field(description="[start, end) of each photo caption in text")
    events: list[ArticleEvent]


class TimelineBucket(BaseModel):
    period: date = Field(description="the day, or the Monday that starts the week")
    event_type: str
    events: int
    fatalities: int


class Timeline(BaseModel):
    interval: Literal["day", "week"]
    buckets: list[TimelineBucket]


class ActorItem(BaseModel):
    name: str
    inter: int | None
    country: str | None
    kind: str | None
    known: bool | None
    events: int = Field(description="events with this actor as actor1 or actor2")


class ActorPage(Page):
    items: list[ActorItem]


class RecordPage(Page):
    """Relations or control facts in the ``frontlines export`` contract, one object each."""

    as_of: date | None
    items: list[dict[str, Any]]


def _no_lone_surrogates(value: str | None) -> str | None:
    if value is not None and has_lone_surrogate(value):
        raise ValueError("text contains a lone UTF-16 surrogate")
    return value


class IngestRequest(BaseModel):
    """Exactly one of ``text`` (coded as given) or ``url`` (fetched, then coded). ``title``,
    ``published`` and ``source`` describe a text; a URL's page supplies its own."""

    text: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT_CHARS)
    url: str | None = Field(default=None, min_length=1, max_length=2048)
    title: str | None = Field(default=None, max_length=1000)
    published: IsoDate | None = None
    source: str | None = Field(default=None, max_length=200)

    _checked = field_validator("text", "url", "title", "source")(_no_lone_surrogates)

    @model_validator(mode="after")
    def _one_input(self) -> IngestRequest:
        if (self.text is None) == (self.url is None):
            raise ValueError("give exactly one of text or url")
        return self


class IngestResult(BaseModel):
    ingested: int
    duplicates: int
    failed: int
    events: int
    article_id: int | None = Field(default=None, description="the stored article (text ingest)")
    event_ids: list[str] = Field(default_factory=list)
    failures: list[str] = Field(default_factory=list, description="why a document was not stored")


class CorrectionRequest(BaseModel):
    """``set`` one field to ``value``, mark the event ``false`` (it did not happen), or
    ``restore`` it; ``author`` and ``reason`` are kept with the correction."""

    action: Literal["set", "false", "restore"]
    field: str | None = Field(default=None, max_length=100)
    value: Any = None
    author: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=2000)

    _checked = field_validator("field", "author", "reason")(_no_lone_surrogates)

    @model_validator(mode="after")
    def _field_for_set(self) -> CorrectionRequest:
        if self.action == "set" and not self.field:
            raise ValueError("action 'set' needs a field")
        return self


class CorrectionResult(BaseModel):
    id: int
    target: str
    target_id: str
    action: str
    field: str | None
    value: Any
    author: str
    reason: str
    at: UtcDatetime
    active: bool
