"""The HTTP API: ``create_app(store, coder_factory=...)`` builds a FastAPI app over one store.

Reads are open; writes (ingest, corrections) need ``Authorization: Bearer <token>`` and are
refused outright when the operator configured no token. Nothing is global: the store, the coder
factory and the settings live in the app built here, so tests and servers can hold several.
Article text is untrusted: it leaves the API only as JSON or CSV data, never inside HTML.
"""
from __future__ import annotations

import csv
import gc
import hmac
import io
import json
import math
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from frontlines import api
from frontlines.ingest import IngestLimits
from frontlines.web import queries
from frontlines.web.queries import BBox, EventQuery
from frontlines.web.safety import (
    GuardedFetcher,
    RefusedURL,
    Resolver,
    check_url,
    csv_cell,
    system_resolver,
)
from frontlines.web.schemas import (
    ActorPage,
    ArticleDetail,
    ArticlePage,
    CorrectionRequest,
    CorrectionResult,
    EventDetail,
    EventPage,
    EventSummary,
    IngestRequest,
    IngestResult,
    IsoDate,
    RecordPage,
    Timeline,
)

if TYPE_CHECKING:
    from frontlines.nlp.pipeline import Coder
    from frontlines.store import Store

MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000
BBOX_PATTERN = r"^\s*-?[0-9.]+(\s*,\s*-?[0-9.]+){3}\s*$"
MAX_ID = 2**62  # SQLite integers are 64-bit; larger ids cannot exist and must not reach it

# Headers on every API answer: browsers never sniff JSON into HTML nor run anything in it.
API_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}


@dataclass
class Settings:
    """What ``create_app`` was given; ``coder`` is built on the first ingest and kept."""

    store: Store
    coder_factory: Callable[[], Coder]
    token: str | None
    allow_private_urls: bool
    resolver: Resolver
    limits: IngestLimits
    _coder: Coder | None = None
    _coder_lock: threading.Lock = field(default_factory=threading.Lock)

    def coder(self) -> Coder:
        with self._coder_lock:  # two first requests must not both load spaCy
            if self._coder is None:
                self._coder = self.coder_factory()
            return self._coder


def create_app(store: Store, *, coder_factory: Callable[[], Coder], token: str | None = None,
               allow_private_urls: bool = False, resolver: Resolver = system_resolver,
               limits: IngestLimits = IngestLimits()) -> FastAPI:
    """The API over ``store``. ``token`` enables writes; ``resolver`` (host -> addresses) is
    what URL ingest checks against private addresses; ``limits`` cap fetched documents."""
    settings = Settings(store=store, coder_factory=coder_factory, token=token or None,
                        allow_private_urls=allow_private_urls, resolver=resolver, limits=limits)
    app = FastAPI(
        title="frontlines",
        summary="Conflict events coded from news, with their evidence; the derived picture of the war.",
        version="0.1.0",
        lifespan=freeze_startup_objects,
    )
    app.state.settings = settings

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[..., Any]) -> Response:
        response = await call_next(request)
        if request.url.path.startswith("/api/"):
            response.headers.update(API_HEADERS)
        return response

    app.add_exception_handler(RequestValidationError, validation_error)
    app.include_router(read_router())
    app.include_router(write_router())
    from frontlines.web.pages import mount_dashboard  # the pages use this module's store settings

    mount_dashboard(app)
    return app


@asynccontextmanager
async def freeze_startup_objects(_app: FastAPI) -> AsyncIterator[None]:
    """Move what the server holds for its whole life (modules, the app, the store's engine) out
    of the garbage collector's sight: a full collection otherwise walks them all in the middle of
    some request (measured: 30 ms responses turning into 95 ms ones, one in ten, on a timeline of
    4,000 rows)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


async def validation_error(_request: Request, exc: Exception) -> Response:
    """FastAPI's 422, but ASCII-escaped: the echoed input may hold a lone surrogate ("\\ud800"
    in the request's JSON), which cannot be encoded as UTF-8 and would turn the 422 into a 500."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    body = json.dumps({"detail": jsonable_encoder(errors)}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size (at most {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
AsOf = Annotated[IsoDate | None, Query(description="the state on this day (YYYY-MM-DD); all periods when absent")]


def bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def parse_bbox(value: str | None) -> BBox | None:
    """``minlon,minlat,maxlon,maxlat`` in degrees (WGS84)."""
    if value is None:
        return None
    parts = value.split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise bad_request(f"bbox must be four numbers minlon,minlat,maxlon,maxlat; got {value!r}")
    box = BBox(*numbers)
    if not (-180 <= box.min_lon <= box.max_lon <= 180 and -90 <= box.min_lat <= box.max_lat <= 90):
        raise bad_request("bbox needs -180 <= minlon <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90 "
                          "(a box across the antimeridian is two requests)")
    return box


def event_query(
    date_from: Annotated[IsoDate | None, Query(description="first day, YYYY-MM-DD (inclusive)")] = None,
    date_to: Annotated[IsoDate | None, Query(description="last day, YYYY-MM-DD (inclusive)")] = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat (degrees)",
                                      examples=["36.0,35.5,38.5,37.0"], max_length=200,
                                      pattern=BBOX_PATTERN)] = None,
    country: Annotated[str | None, Query(max_length=200)] = None,
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(description="actor1 or actor2, exactly as coded", max_length=500)] = None,
    event_type: Annotated[str | None, Query(max_length=200)] = None,
    sub_event_type: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(description="text in the event's notes", max_length=500)] = None,
    include_false: Annotated[bool, Query(description="also events analysts marked false")] = False,
) -> EventQuery:
    if date_from is not None and date_to is not None and date_from > date_to:
        raise bad_request(f"date_from {date_from} is after date_to {date_to}")
    return EventQuery(date_from=date_from, date_to=date_to, bbox=parse_bbox(bbox), country=country,
                      admin1=admin1, actor=actor, event_type=event_type,
                      sub_event_type=sub_event_type, q=q, include_false=include_false)


EventQueryDep = Annotated[EventQuery, Depends(event_query)]


# ---------------------------------------------------------------- reads


def read_router() -> APIRouter:
    router = APIRouter(prefix="/api")
    router.add_api_route("/events", list_events, methods=["GET"], response_model=EventPage,
                         tags=["events"], responses={**_EVENT_FORMATS, **_BAD_FILTER})
    router.add_api_route("/events/{event_id}", get_event, methods=["GET"], response_model=EventDetail,
                         tags=["events"], responses=_NOT_FOUND)
    router.add_api_route("/timeline", get_timeline, methods=["GET"], response_model=Timeline,
                         tags=["events"], responses=_BAD_FILTER)
    router.add_api_route("/articles", list_articles, methods=["GET"], response_model=ArticlePage,
                         tags=["articles"])
    router.add_api_route("/articles/{article_id}", get_article, methods=["GET"],
                         response_model=ArticleDetail, tags=["articles"], responses=_NOT_FOUND)
    router.add_api_route("/actors", list_actors, methods=["GET"], response_model=ActorPage, tags=["actors"])
    router.add_api_route("/relations", list_relations, methods=["GET"], response_model=RecordPage,
                         tags=["actors"])
    router.add_api_route("/control", list_control, methods=["GET"], response_model=RecordPage,
                         tags=["control"])
    return router


_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "no such item"}}
_BAD_FILTER: dict[int | str, dict[str, Any]] = {
    400: {"description": "filters that cannot hold together (date_from after date_to, a bad bbox)"}}
_EVENT_FORMATS: dict[int | str, dict[str, Any]] = {200: {"content": {
    "application/geo+json": {"schema": {"type": "object", "description": "GeoJSON FeatureCollection"}},
    "text/csv": {"schema": {"type": "string"}},
}}}


def list_events(
    settings: SettingsDep, f: EventQueryDep, limit: Limit = 100, offset: Offset = 0,
    format: Annotated[Literal["json", "geojson", "csv"], Query(description="json | geojson | csv")] = "json",
) -> Any:
    """Events matching every filter, newest first, one page at a time."""
    total, exact, rows = queries.event_page(settings.store.engine, f, limit, offset)
    if format == "geojson":
        return JSONResponse(_feature_collection(rows, total, exact, limit, offset),
                            media_type="application/geo+json")
    if format == "csv":
        return Response(_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="events.csv"',
                                 "X-Total-Count": str(total) if exact else f"{total}+"})
    return EventPage(total=total, total_exact=exact, limit=limit, offset=offset,
                     items=[EventSummary.model_validate(r) for r in rows])


def _feature_collection(rows: list[dict[str, Any]], total: int, exact: bool, limit: int,
                        offset: int) -> dict[str, Any]:
    """GeoJSON (RFC 7946): a point per event ([longitude, latitude]); null geometry when the
    event has no coordinates. Paging travels as foreign members."""
    features = []
    for row in rows:
        summary = EventSummary.model_validate(row).model_dump(mode="json")
        lon, lat = summary.pop("longitude"), summary.pop("latitude")
        geometry = None if lon is None or lat is None else {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "id": summary["id"], "geometry": geometry,
                         "properties": summary})
    return {"type": "FeatureCollection", "features": features, "total": total, "total_exact": exact,
            "limit": limit, "offset": offset}


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(queries.SUMMARY_COLUMNS)
    for row in rows:
        values = EventSummary.model_validate(row).model_dump(mode="json")
        writer.writerow([csv_cell(values[c]) for c in queries.SUMMARY_COLUMNS])
    return out.getvalue()


def get_event(settings: SettingsDep, event_id: Annotated[str, Path(max_length=200)]) -> EventDetail:
    """Every field of one event, its evidence sentences and the articles that report it."""
    found = queries.event_detail(settings.store.engine, event_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    return EventDetail.model_validate(found)


def get_timeline(
    settings: SettingsDep, f: EventQueryDep,
    interval: Annotated[Literal["day", "week"], Query(description="day | week (weeks start on Monday)")] = "day",
) -> Response:
    """Events and fatalities per day or week and event type, for the events the filters select."""
    found = Timeline(interval=interval, buckets=queries.timeline(settings.store.engine, f, interval))
    # Serialised once here: returned as a model, FastAPI would dump, re-validate and dump again
    # thousands of buckets (the spec still documents the Timeline model).
    return Response(found.model_dump_json(), media_type="application/json")


def list_articles(
    settings: SettingsDep, limit: Limit = 20, offset: Offset = 0,
    q: Annotated[str | None, Query(description="words that must all occur in the title or text",
                                   max_length=500)] = None,
) -> ArticlePage:
    """Full-text search of the stored articles (best match first), or all of them (newest first)."""
    total, exact, rows = queries.article_page(settings.store.engine, q, limit, offset)
    return ArticlePage(total=total, total_exact=exact, limit=limit, offset=offset, items=rows)


def get_article(settings: SettingsDep, article_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> ArticleDetail:
    """An article's text and captions with the events it reports (evidence offsets into text)."""
    found = queries.article_detail(settings.store.engine, article_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id}")
    return ArticleDetail.model_validate(found)


def list_actors(
    settings: SettingsDep, limit: Limit = 100, offset: Offset = 0,
    q: Annotated[str | None, Query(description="part of the actor's name", max_length=200)] = None,
) -> ActorPage:
    """Actors as coded (ACLED spelling), by name, with their number of events."""
    total, rows = queries.actor_page(settings.store.engine, q, limit, offset)
    return ActorPage(total=total, limit=limit, offset=offset, items=rows)


def list_relations(settings: SettingsDep, as_of: AsOf = None, limit: Limit = 100,
                   offset: Offset = 0) -> RecordPage:
    """Ally / hostile / membership edges between actors (as of a day)."""
    from frontlines.export.writers import relation_contract

    found = api.relations(settings.store, as_of=as_of)
    return RecordPage(total=len(found), limit=limit, offset=offset, as_of=as_of,
                      items=[relation_contract(r) for r in found[offset:offset + limit]])


def list_control(settings: SettingsDep, as_of: AsOf = None, limit: Limit = 100,
                 offset: Offset = 0) -> RecordPage:
    """Who controls (or contests, or claims) which place (as of a day)."""
    from frontlines.export.writers import control_contract

    found = api.control(settings.store, as_of=as_of)
    return RecordPage(total=len(found), limit=limit, offset=offset, as_of=as_of,
                      items=[control_contract(c) for c in found[offset:offset + limit]])


# ---------------------------------------------------------------- writes

bearer = HTTPBearer(auto_error=False, description="the token the server was started with")


def require_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """401 without a bearer token, 403 with a wrong one or when writes are disabled."""
    if settings.token is None:
        raise HTTPException(status_code=403, detail="writes are disabled: the server was started without a token")
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(status_code=401, detail="this needs an 'Authorization: Bearer <token>' header",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), settings.token.encode()):
        raise HTTPException(status_code=403, detail="wrong token")


_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "no bearer token"}, 403: {"description": "wrong token, or writes disabled"},
}


def write_router() -> APIRouter:
    router = APIRouter(prefix="/api", dependencies=[Depends(require_token)])
    router.add_api_route("/ingest", ingest, methods=["POST"], response_model=IngestResult,
                         status_code=201, tags=["write"],
                         responses={**_AUTH_ERRORS, 400: {"description": "URL refused, or a body that is not JSON"},
                                    422: {"description": "bad request, or the document could not be read"}})
    router.add_api_route("/events/{event_id}/corrections", correct, methods=["POST"],
                         response_model=CorrectionResult, status_code=201, tags=["write"],
                         responses={**_AUTH_ERRORS, **_NOT_FOUND,
                                    400: {"description": "a body that is not JSON"}})
    return router


def ingest(settings: SettingsDep, body: IngestRequest) -> IngestResult:
    """Code a text, or fetch and code a URL, and keep it with its events in the store."""
    if body.url is not None:
        return _ingest_url(settings, body.url)
    return _ingest_text(settings, body)


def _ingest_text(settings: Settings, body: IngestRequest) -> IngestResult:
    from frontlines.ingest import article_key
    from frontlines.nlp.pipeline import CODER_VERSION
    from frontlines.records import Article

    article = Article(text=body.text or "", title=body.title, published=body.published,
                      source=body.source, origin="api")
    key = article_key(article)
    found = settings.store.find_article(key)
    if found is not None:
        return IngestResult(ingested=0, duplicates=1, failed=0, events=0, article_id=found)
    coded = settings.coder().code(article, doc_id=f"api-{key[:12]}")
    saved = settings.store.save_article_coded(article, key, coded, CODER_VERSION)
    return IngestResult(ingested=1, duplicates=0, failed=0, events=len(saved.event_ids),
                        article_id=saved.article_id, event_ids=saved.event_ids)


def _ingest_url(settings: Settings, url: str) -> IngestResult:
    fetcher = None
    if not settings.allow_private_urls:
        try:
            check_url(url, settings.resolver)
        except RefusedURL as exc:
            raise bad_request(str(exc)) from exc
        fetcher = GuardedFetcher(settings.limits, settings.resolver)
    try:
        summary = api.ingest([url], store=settings.store, coder=settings.coder(), fetcher=fetcher)
    finally:
        if fetcher is not None:
            fetcher.close()
    failures = [f.reason for f in summary.failures]
    if summary.failed and not summary.ingested and not summary.duplicates:
        raise HTTPException(status_code=422, detail=f"could not ingest {url}: {'; '.join(failures)}")
    return IngestResult(ingested=summary.ingested, duplicates=summary.duplicates,
                        failed=summary.failed, events=summary.events, failures=failures)


def correct(settings: SettingsDep, event_id: Annotated[str, Path(max_length=200)],
            body: CorrectionRequest) -> CorrectionResult:
    """Correct one event as an analyst: set a field, mark it false, or restore it."""
    if queries.event_detail(settings.store.engine, event_id) is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    try:
        correction = _apply_correction(settings.store, event_id, body)
    except ValueError as exc:  # CorrectionError: the message says what to fix
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return CorrectionResult.model_validate(correction, from_attributes=True)


def _apply_correction(store: Store, event_id: str, body: CorrectionRequest) -> Any:
    who = {"author": body.author, "reason": body.reason}
    if body.action == "set":
        return api.correct_event(store, event_id, body.field, body.value, **who)
    if body.action == "false":
        return api.mark_false(store, event_id, **who)
    return api.restore_event(store, event_id, **who)
