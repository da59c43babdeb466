"""URLs and feeds, without the network: a fake Fetcher and httpx.MockTransport."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
import pytest

from frontlines.ingest import FetchError, FetchResult, HttpxFetcher, IngestLimits, read_sources
from frontlines.records import Article, IngestFailure

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
HTML = "text/html; charset=utf-8"


@dataclass
class FakeFetcher:
    """Serves fixed responses by URL and records what was asked for."""

    pages: dict[str, tuple[int, str | None, bytes]]
    asked: list[str] = field(default_factory=list)

    def fetch(self, url: str) -> FetchResult:
        self.asked.append(url)
        if url not in self.pages:
            raise FetchError("connection refused")
        status, content_type, body = self.pages[url]
        return FetchResult(url, status, content_type, body)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_html_url_via_fake_fetcher() -> None:
    url = "https://courier.example/2023/05/kessra"
    fetcher = FakeFetcher({url: (200, HTML, fixture("report.html"))})
    [article] = list(read_sources([url], fetcher=fetcher))
    assert isinstance(article, Article)
    assert article.url == url and article.origin == url
    assert article.source == "The Valley Courier"
    assert len(article.captions) == 1
    assert fetcher.asked == [url]


def test_http_error_and_fetch_error_are_failures() -> None:
    fetcher = FakeFetcher({"https://a.example/gone": (404, HTML, b"not found")})
    results = list(read_sources(["https://a.example/gone", "https://b.example/down"], fetcher=fetcher))
    assert [(r.origin, r.reason) for r in results] == [
        ("https://a.example/gone", "HTTP 404"),
        ("https://b.example/down", "connection refused"),
    ]


def test_unsupported_content_type_is_a_failure() -> None:
    url = "https://a.example/report.pdf"
    fetcher = FakeFetcher({url: (200, "application/pdf", b"%PDF-1.7 ...")})
    [failure] = list(read_sources([url], fetcher=fetcher))
    assert isinstance(failure, IngestFailure) and "application/pdf" in failure.reason


def test_charset_from_http_header() -> None:
    url = "https://a.example/report.txt"
    body = ("Rally in São Ferreira\n\nHundreds rallied outside the café in São Ferreira on Friday, "
            "police said.\n").encode("iso-8859-1")
    fetcher = FakeFetcher({url: (200, "text/plain; charset=iso-8859-1", body)})
    [article] = list(read_sources([url], fetcher=fetcher))
    assert isinstance(article, Article) and "São Ferreira" in article.text


def test_rss_feed_entries_from_content_or_fetched_link() -> None:
    feed_url = "https://courier.example/feed.rss"
    march = "https://courier.example/2022/03/march"
    march_page = (b"<html><head><title>Students march in Kessra</title></head><body><article>"
                  b"<p>Hundreds of students marched peacefully through Kessra on Saturday to demand the "
                  b"release of detained activists, organisers said.</p></article></body></html>")
    fetcher = FakeFetcher({
        feed_url: (200, "application/rss+xml", fixture("feed.rss")),
        march: (200, HTML, march_page),
    })
    results = list(read_sources([feed_url], fetcher=fetcher))
    assert [type(r).__name__ for r in results] == ["Article", "Article"]
    first, second = results
    # The first entry carries full content: read from the entry, its link not fetched.
    assert fetcher.asked == [feed_url, march]
    assert first.origin == f"{feed_url}#entry-1"
    assert first.title == "Militia ambushes convoy near Tal Hamra"
    assert first.published == date(2022, 3, 1)
    assert first.source == "The Valley Courier"
    assert first.caption_texts() == ["A burnt army truck on the Tal Hamra road on February 28, 2022. (Courier Photo/Ana Bel)"]
    assert "The militia claimed the attack" in first.text
    # The second has only a summary: its page is fetched; the entry supplies the date.
    assert second.origin == march
    assert second.published == date(2022, 3, 5)
    assert second.text.startswith("Hundreds of students marched")


def test_local_feed_with_unreachable_entry_link() -> None:
    fetcher = FakeFetcher({})
    results = list(read_sources([str(FIXTURES / "feed.rss")], fetcher=fetcher))
    assert isinstance(results[0], Article)
    assert isinstance(results[1], IngestFailure)
    assert results[1].origin == "https://courier.example/2022/03/march"
    assert results[1].reason == "connection refused"


def test_atom_feed_content() -> None:
    [article] = list(read_sources([str(FIXTURES / "feed.atom")]))
    assert isinstance(article, Article)
    assert article.title == "Police arrest protesters in Kessra"
    assert article.published == date(2022, 3, 6)
    assert article.source == "Valley Wire"
    assert article.url == "https://wire.example/arrests"
    assert article.text.startswith("Police arrested twelve protesters")


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><inventory><item>rifles</item></inventory>")
    [failure] = list(read_sources([str(path)]))
    assert isinstance(failure, IngestFailure) and "not an RSS/Atom feed" in failure.reason


# ---------------------------------------------------------------- the default httpx fetcher


def mock_fetcher(handler, **limits) -> HttpxFetcher:
    return HttpxFetcher(IngestLimits(**limits), transport=httpx.MockTransport(handler))


def test_httpx_fetcher_reads_and_follows_redirects() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "https://courier.example/new"})
        assert request.headers["user-agent"].startswith("frontlines")
        return httpx.Response(200, headers={"content-type": HTML}, content=fixture("report.html"))

    with mock_fetcher(handler) as fetcher:
        [article] = list(read_sources(["https://courier.example/old"], fetcher=fetcher))
    assert isinstance(article, Article)
    assert article.url == "https://courier.example/new"  # the final URL
    assert article.origin == "https://courier.example/old"  # what was asked for


def test_size_cap_over_http_streamed_without_content_length() -> None:
    def chunks():
        for _ in range(100):
            yield b"<p>" + b"x" * 1000 + b"</p>"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": HTML}, content=chunks())

    with mock_fetcher(handler, max_bytes=20_000) as fetcher:
        with pytest.raises(FetchError, match="too large"):
            fetcher.fetch("https://big.example/page")
        [failure] = list(read_sources(["https://big.example/page"], fetcher=fetcher))
    assert isinstance(failure, IngestFailure) and "too large" in failure.reason


def test_size_cap_over_http_from_content_length() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": HTML}, content=b"y" * 50_000)

    with mock_fetcher(handler, max_bytes=10_000) as fetcher:
        [failure] = list(read_sources(["https://big.example/page"], fetcher=fetcher))
    assert isinstance(failure, IngestFailure)
    assert failure.reason == "too large: 50,000 bytes, the limit is 10,000 bytes"


def test_timeout_is_a_failure() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with mock_fetcher(handler, http_timeout=2) as fetcher:
        [failure] = list(read_sources(["https://slow.example/"], fetcher=fetcher))
    assert isinstance(failure, IngestFailure) and failure.reason == "timed out after 2 s"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/report.txt", "gopher://x/"])
def test_non_http_scheme_refused(url: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:  # pragma: no cover - must not be called
        raise AssertionError("no request should be made")

    with mock_fetcher(handler) as fetcher:
        with pytest.raises(FetchError, match="refused URL scheme"):
            fetcher.fetch(url)
        [failure] = list(read_sources([url], fetcher=fetcher))
    assert isinstance(failure, IngestFailure) and "refused URL scheme" in failure.reason


def test_fetcher_that_raises_anything_does_not_stop_the_batch() -> None:
    class Broken:
        def fetch(self, url: str) -> FetchResult:
            raise RuntimeError("boom")

    results = list(read_sources(["https://a.example/1", str(FIXTURES / "plain.txt")], fetcher=Broken()))
    assert isinstance(results[0], IngestFailure) and "boom" in results[0].reason
    assert isinstance(results[1], Article)
