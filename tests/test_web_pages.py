"""The dashboard's server-rendered pages without a browser: every page renders from a small
store, untrusted text comes out escaped, evidence and captions are marked at the right offsets,
the pages carry a strict Content-Security-Policy, and the vendored libraries are shipped."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from frontlines.store import Store  # noqa: E402
from frontlines.web import create_app  # noqa: E402
from frontlines.web.pages import (  # noqa: E402
    HERE,
    DashboardSettings,
    article_segments,
    configure_dashboard,
    page_security_headers,
    snippet_parts,
    tile_origin,
)
from tests.test_web_api import FakeCoder, _fill  # noqa: E402


@pytest.fixture
def store(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'pages.db'}") as opened:
        yield opened


@pytest.fixture
def ids(store):
    return _fill(store)


@pytest.fixture
def client(store, ids):
    with TestClient(create_app(store, coder_factory=FakeCoder)) as c:
        yield c


def test_segments_mark_overlapping_evidence_and_captions():
    text = "Caption here. First sentence. Second one."
    captions = [(0, 13)]
    spans = [(14, 29, "e1"), (14, 41, "e2")]
    segments = article_segments(text, captions, spans)
    assert "".join(s.text for s in segments) == text
    by_text = {s.text: s for s in segments}
    assert by_text["Caption here."].caption and not by_text["Caption here."].events
    assert by_text["First sentence."].events == ("e1", "e2") and by_text["First sentence."].ends == ("e1",)
    assert by_text[" Second one."].events == ("e2",) and by_text[" Second one."].ends == ("e2",)
    assert by_text["First sentence."].start == 14


def test_segments_clip_spans_outside_the_text():
    segments = article_segments("abc", [], [(1, 99, "e"), (5, 4, "bad")])
    assert [(s.text, s.events) for s in segments] == [("a", ()), ("bc", ("e",))]


def test_snippet_parts():
    assert snippet_parts("…the [[Aleppo]] front, [[ISIS]] <b>") == [
        ("…the ", False), ("Aleppo", True), (" front, ", False), ("ISIS", True), (" <b>", False)]
    assert snippet_parts("no close [[bracket") == [("no close [[bracket", False)]
    assert snippet_parts(None) == []


def test_tile_origin_and_policy():
    assert tile_origin("https://tile.example.org/{z}/{x}/{y}.png") == "https://tile.example.org"
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert tile_origin("javascript:alert(1)//{z}") is None and tile_origin(None) is None
    policy = page_security_headers(DashboardSettings(tiles="https://tile.example.org/{z}/{x}/{y}.png"))
    csp = policy["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp
    assert "img-src 'self' data: https://tile.example.org;" in csp


def test_dashboard_page(client):
    answer = client.get("/")
    assert answer.status_code == 200
    html = answer.text
    assert 'id="map"' in html and 'src="/static/js/dashboard.js"' in html
    assert "<option value=\"Battles\">Battles</option>" in html  # filters list the store's types
    assert "<option value=\"Syria\">Syria</option>" in html
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    assert 'data-tiles=""' in html


def test_tiles_setting_reaches_the_page_and_the_policy(client):
    configure_dashboard(client.app, DashboardSettings(tiles="https://tile.example.org/{z}/{x}/{y}.png"))
    answer = client.get("/")
    assert 'data-tiles="https://tile.example.org/{z}/{x}/{y}.png"' in answer.text
    assert "https://tile.example.org" in answer.headers["content-security-policy"]


def test_event_page_has_every_field_evidence_reports_and_the_form(client, ids):
    event_id = ids["aleppo"][1]
    answer = client.get(f"/events/{event_id}")
    assert answer.status_code == 200
    html = answer.text
    assert "Rebels of the Free Syrian Army clashed with Islamic State fighters near Azaz" in html
    for name in ("event_date", "actor1", "actor2", "latitude", "fatalities", "notes", "sources", "status"):
        assert f'<th scope="row">{name}</th>' in html
    assert f'href="/articles/{ids["aleppo_article"][0]}"' in html
    assert 'href="https://news.example/aleppo"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert 'id="correction"' in html and 'src="/static/js/event.js"' in html


def test_untrusted_text_is_escaped_on_every_page(client, ids):
    pages = [f"/events/{ids['homs'][0]}", f"/articles/{ids['homs_article'][0]}", "/articles",
             "/articles?q=Homs"]
    for path in pages:
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html, path
    article = client.get(f"/articles/{ids['homs_article'][0]}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=" in article


def test_article_page_marks_evidence_linked_to_events(client, ids):
    html = client.get(f"/articles/{ids['aleppo_article'][0]}").text
    marks = re.findall(r'<mark id="ev-(\d+)" class="evidence">([^<]*)</mark>', html)
    assert [m[1] for m in marks] == [
        "Government aircraft dropped barrel bombs on the Masaken Hanano district of Aleppo on Sunday, killing 12 people.",
        "Rebels of the Free Syrian Army clashed with Islamic State fighters near Azaz on Monday; four fighters died."]
    for event_id in ids["aleppo"]:
        assert f'class="event-link" href="/events/{event_id}"' in html


def test_archive_search_marks_matches(client):
    html = client.get("/articles", params={"q": "barrel"}).text
    assert "Barrel bombs on Aleppo" in html and "<mark>barrel</mark>" in html
    assert "Homs" not in html.split("<ol")[1]
    assert "2 articles, newest first" in client.get("/articles").text


def test_missing_items_are_404_pages(client):
    assert client.get("/events/nope").status_code == 404
    assert client.get("/articles/999").status_code == 404
    assert client.get("/articles/0").status_code == 422


def test_api_keeps_its_own_headers_and_docs_are_not_locked_by_the_page_policy(client):
    assert client.get("/api/events").headers["content-security-policy"].startswith("default-src 'none'")
    assert "content-security-policy" not in client.get("/docs").headers


def test_vendored_libraries_are_shipped_and_served(client):
    vendor = HERE / "static" / "vendor"
    for path in ("leaflet/leaflet.js", "leaflet/leaflet.css", "markercluster/leaflet.markercluster.js",
                 "topojson-client/topojson-client.min.js", "world-atlas/countries-110m.json"):
        assert (vendor / path).stat().st_size > 1000, path
        assert client.get(f"/static/vendor/{path}").status_code == 200
    assert "leaflet@1.9.4" in (vendor / "VERSIONS.txt").read_text()


def test_serve_prints_the_dashboard_url_and_passes_the_tiles(tmp_path, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from frontlines.cli import app as cli_app

    served = {}

    def fake_run(app, host, port, **_kwargs):
        with TestClient(app) as c:
            served["page"] = c.get("/")

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setenv("FRONTLINES_TILES", "https://tile.example.org/{z}/{x}/{y}.png")
    result = CliRunner().invoke(cli_app, ["serve", "--db", f"sqlite:///{tmp_path / 's.db'}",
                                          "--host", "0.0.0.0", "--port", "8124"])
    assert result.exit_code == 0, result.output
    assert "dashboard: http://127.0.0.1:8124/" in result.output
    assert served["page"].status_code == 200
    assert "https://tile.example.org" in served["page"].headers["content-security-policy"]
