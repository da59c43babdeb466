"""The dashboard: server-rendered pages (Jinja2) over the same store as the HTTP API.

``mount_dashboard(app)`` adds the pages, the static files (the dashboard's small JS modules and
the vendored libraries: Leaflet, marker clustering, topojson-client, world-atlas outlines, so it
works without internet) and a strict Content-Security-Policy on every page. Article text is
untrusted: templates autoescape, the JS inserts data with ``textContent`` only, and the policy
allows no inline script at all, so a ``<script>`` that slipped through would still not run.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select

from frontlines.store.models import EventRow
from frontlines.web import queries
from frontlines.web.schemas import ArticleDetail, EventDetail

HERE = FilePath(__file__).parent
MAX_ID = 2**62
SEARCH_PAGE = 20
DASHBOARD_PREFIXES = ("/events/", "/articles/", "/static/")
# Fields an analyst may set through the correction form (the ACLED columns a reader can judge).
CORRECTABLE_FIELDS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
                      "country", "admin1", "fatalities", "civilian_targeting", "notes")


@dataclass(frozen=True)
class DashboardSettings:
    """``tiles``: an optional raster tile URL template (``https://…/{z}/{x}/{y}.png``) for users
    with internet; without it the map draws the vendored country outlines only."""

    tiles: str | None = None


@dataclass(frozen=True)
class Segment:
    """A run of article text with the same marking: inside a caption or not, and the events
    whose evidence covers it (empty: plain text), and those whose evidence ends with it (their
    links follow the segment)."""

    text: str
    caption: bool
    events: tuple[str, ...]
    start: int
    ends: tuple[str, ...] = ()


def mount_dashboard(app: FastAPI, settings: DashboardSettings = DashboardSettings()) -> None:
    """Add the pages, ``/static`` and the pages' security headers to an API app."""
    app.state.dashboard = settings
    app.state.templates = template_environment()
    app.include_router(pages_router())
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def page_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        if is_dashboard_path(request.url.path):
            response.headers.update(page_security_headers(request.app.state.dashboard))
        return response


def is_dashboard_path(path: str) -> bool:
    """The pages and their static files; the API sets its own headers, and FastAPI's /docs
    loads its viewer from a CDN with an inline script, which this policy would block."""
    return path in ("/", "/articles", "/favicon.ico") or path.startswith(DASHBOARD_PREFIXES)


def configure_dashboard(app: FastAPI, settings: DashboardSettings) -> None:
    """Replace the dashboard's settings (``frontlines serve --tiles``)."""
    app.state.dashboard = settings


def template_environment() -> Environment:
    # Autoescape everything: every page shows untrusted article text somewhere.
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["snippet_parts"] = snippet_parts
    return env


def tile_origin(tiles: str | None) -> str | None:
    """``scheme://host[:port]`` of the tile URL template, for the CSP's img-src; None when the
    setting is absent or not an http(s) URL (then no tiles are drawn)."""
    if not tiles:
        return None
    parts = urlsplit(tiles.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tiles else parts.netloc
    return f"{parts.scheme}://{host}"


def page_security_headers(settings: DashboardSettings) -> dict[str, str]:
    """Scripts, styles and data only from this server: an injected inline script, event handler
    attribute or foreign script cannot run. Images also from the tile server when configured."""
    images = " ".join(filter(None, ["'self'", "data:", tile_origin(settings.tiles)]))
    policy = ("default-src 'none'; script-src 'self'; style-src 'self'; "
              f"img-src {images}; connect-src 'self'; font-src 'self'; form-action 'self'; "
              "base-uri 'none'; frame-ancestors 'none'")
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


def snippet_parts(snippet: str | None) -> list[tuple[str, bool]]:
    """A search snippet as (text, is_match) runs: the API marks matches as ``[[…]]`` in plain
    text; the template wraps the matches in <mark> and escapes everything."""
    parts: list[tuple[str, bool]] = []
    rest = snippet or ""
    while rest:
        start = rest.find("[[")
        end = rest.find("]]", start + 2) if start >= 0 else -1
        if start < 0 or end < 0:
            parts.append((rest, False))
            break
        if start:
            parts.append((rest[:start], False))
        parts.append((rest[start + 2:end], True))
        rest = rest[end + 2:]
    return parts


def article_segments(text: str, captions: list[tuple[int, int]],
                     spans: list[tuple[int, int, str]]) -> list[Segment]:
    """Cut ``text`` at every caption and evidence boundary, so overlapping spans (two events from
    one sentence, a sentence inside a caption) each keep their marking."""
    spans = [(max(0, s), min(len(text), e), ev) for s, e, ev in spans if s < e]
    captions = [(max(0, s), min(len(text), e)) for s, e in captions if s < e]
    cuts = sorted({0, len(text), *(p for s, e, _ in spans for p in (s, e)),
                   *(p for s, e in captions for p in (s, e))})
    segments = []
    for start, end in pairwise(cuts):
        events = tuple(dict.fromkeys(ev for s, e, ev in spans if s <= start and end <= e))
        in_caption = any(s <= start and end <= e for s, e in captions)
        ends = tuple(ev for ev in events if any(e == end and x == ev for _, e, x in spans))
        segments.append(Segment(text[start:end], in_caption, events, start, ends))
    return segments


# ---------------------------------------------------------------- routes


def pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
    router.add_api_route("/", dashboard_page, methods=["GET"])
    router.add_api_route("/events/{event_id}", event_page, methods=["GET"])
    router.add_api_route("/articles", archive_page, methods=["GET"])
    router.add_api_route("/articles/{article_id}", article_page, methods=["GET"])
    router.add_api_route("/favicon.ico", favicon, methods=["GET"])
    return router


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    template = request.app.state.templates.get_template(name)
    return HTMLResponse(template.render(request=request, **context), status_code=status_code)


def _store_engine(request: Request) -> Any:
    return request.app.state.settings.store.engine


def facet_values(engine: Any) -> dict[str, list[str]]:
    """Event types and countries present in the store, for the dashboard's filters."""
    with engine.connect() as conn:
        types = conn.execute(select(EventRow.event_type).distinct().order_by(EventRow.event_type)).scalars()
        countries = conn.execute(select(EventRow.country).distinct()
                                 .where(EventRow.country.is_not(None)).order_by(EventRow.country)).scalars()
        return {"event_types": [t for t in types if t], "countries": [c for c in countries if c]}


def dashboard_page(request: Request) -> HTMLResponse:
    """Map, time slider and filters, timeline, actor network and control layer."""
    settings: DashboardSettings = request.app.state.dashboard
    tiles = settings.tiles if tile_origin(settings.tiles) else None
    return render(request, "dashboard.html", tiles=tiles, **facet_values(_store_engine(request)))


def event_page(request: Request, event_id: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
    """Every field of an event, its evidence sentences, its reports and the correction form."""
    found = queries.event_detail(_store_engine(request), event_id)
    if found is None:
        return render(request, "not_found.html", status_code=404, what=f"event {event_id}")
    event = EventDetail.model_validate(found)
    return render(request, "event.html", event=event, fields=event_fields(event),
                  correctable=CORRECTABLE_FIELDS)


def event_fields(event: EventDetail) -> list[tuple[str, Any]]:
    """(name, value) of every summary field, in the API's order, for the page's table."""
    skip = {"evidence", "reports"}
    return [(name, value) for name, value in event.model_dump().items() if name not in skip]


def archive_page(request: Request,
                 q: Annotated[str | None, Query(max_length=500)] = None,
                 offset: Annotated[int, Query(ge=0, le=10_000)] = 0) -> HTMLResponse:
    """Full-text search of the articles (every word must occur), or the newest ones."""
    query = (q or "").strip() or None
    total, exact, hits = queries.article_page(_store_engine(request), query, SEARCH_PAGE, offset)
    return render(request, "archive.html", q=query or "", total=total, total_exact=exact,
                  hits=hits, offset=offset, page=SEARCH_PAGE)


def article_page(request: Request, article_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> HTMLResponse:
    """An article's text with each coded event's evidence marked and linked to its event."""
    found = queries.article_detail(_store_engine(request), article_id)
    if found is None:
        return render(request, "not_found.html", status_code=404, what=f"article {article_id}")
    article = ArticleDetail.model_validate(found)
    spans = [(e.start, e.end, e.event_id) for e in article.events]
    in_order = dict.fromkeys(e.event_id for e in article.events)
    numbers = {event_id: i for i, event_id in enumerate(in_order, 1)}
    events = {e.event_id: e for e in article.events}
    return render(request, "article.html", article=article, numbers=numbers, events=events,
                  segments=article_segments(article.text, list(article.captions), spans))


def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg", status_code=308)
