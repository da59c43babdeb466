"""``read_sources``: turn files, folders, URLs, feeds and stdin into Articles or failures.

Every bad document becomes an ``IngestFailure`` with a human reason; nothing a document
contains can stop the batch.
"""
from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..records import Article, IngestFailure
from .decode import UndecodableError, binary_reason, decode_bytes, looks_like_feed, looks_like_html
from .document import Extracted, to_article
from .feeds import Feed, FeedEntry, NotAFeed, parse_feed, summary_content
from .fetch import Fetcher, FetchError, FetchResult, HttpxFetcher, check_scheme, too_large_reason
from .html import parse_html
from .limits import IngestLimits
from .plaintext import parse_plain_text
from .tabular import read_csv, read_jsonl

Result = Article | IngestFailure

KIND_BY_SUFFIX = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "text", ".md": "text", ".text": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "tsv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml", "application/feed+json")
HTML_TYPES = ("text/html", "application/xhtml+xml")
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")
URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def read_sources(
    inputs: Iterable[str],
    *,
    fetcher: Fetcher | None = None,
    limits: IngestLimits = IngestLimits(),
    stdin: BinaryIO | None = None,
) -> Iterator[Result]:
    """Yield one ``Article`` per document read, or an ``IngestFailure`` for a bad one.

    Each input is a file, a folder (recursive, hidden files skipped), an http(s) URL (HTML
    page or RSS/Atom feed) or ``-`` for JSONL on stdin (``stdin`` overrides ``sys.stdin``).
    """
    reader = SourceReader(limits=limits, fetcher=fetcher, stdin=stdin)
    try:
        for item in inputs:
            yield from guarded(str(item), lambda item=item: reader.read(str(item)))
    finally:
        reader.close()


def guarded(origin: str, produce: Callable[[], Iterable[Result]]) -> Iterator[Result]:
    """Last line of defence: an unexpected error in one input is that input's failure."""
    try:
        yield from produce()
    except Exception as error:  # noqa: BLE001 - the batch must go on
        yield IngestFailure(origin, f"unexpected error: {type(error).__name__}: {error}")


@dataclass
class SourceReader:
    limits: IngestLimits
    fetcher: Fetcher | None = None
    stdin: BinaryIO | None = None
    owned_fetcher: HttpxFetcher | None = field(default=None, init=False)

    # ------------------------------------------------------------ dispatch

    def read(self, item: str) -> Iterator[Result]:
        if item == "-":
            yield from read_jsonl(self.stdin or sys.stdin.buffer, "<stdin>", self.limits)
        elif URL_LIKE.match(item):
            yield from self.read_url(item)
        else:
            yield from self.read_path(Path(item))

    def read_path(self, path: Path) -> Iterator[Result]:
        if path.is_dir():
            yield from self.read_folder(path)
        elif path.is_file():
            yield from guarded(str(path), lambda: self.read_file(path))
        elif path.exists():
            yield IngestFailure(str(path), "not a regular file or folder")
        else:
            yield IngestFailure(str(path), "no such file or folder")

    def read_folder(self, folder: Path) -> Iterator[Result]:
        for path in visible_files(folder):
            yield from guarded(str(path), lambda path=path: self.read_file(path))

    # ------------------------------------------------------------ files

    def read_file(self, path: Path) -> Iterator[Result]:
        origin = str(path)
        kind = KIND_BY_SUFFIX.get(path.suffix.lower(), "sniff")
        size = path.stat().st_size
        if size == 0:
            yield IngestFailure(origin, "empty document")
            return
        if kind == "jsonl":
            with path.open("rb") as stream:
                reason = binary_reason(stream.peek(8192))
                if reason:
                    yield IngestFailure(origin, reason)
                    return
                yield from read_jsonl(stream, origin, self.limits)
            return
        if kind in ("csv", "tsv"):
            yield from read_csv(path, self.limits, "\t" if kind == "tsv" else None)
            return
        if size > self.limits.max_bytes:  # collections above are capped per record instead
            yield IngestFailure(origin, too_large_reason(size, self.limits.max_bytes))
            return
        yield from self.read_document(path.read_bytes(), origin, kind)

    # ------------------------------------------------------------ documents

    def read_document(self, data: bytes, origin: str, kind: str, *, url: str | None = None,
                      charset: str | None = None, allow_feed: bool = True) -> Iterator[Result]:
        """One document's bytes (file or HTTP body) of a known or sniffed kind."""
        if not data.strip():
            yield IngestFailure(origin, "empty document")
            return
        if kind == "feed" and allow_feed and not binary_reason(data):
            yield from self.read_feed(data, origin)
            return
        try:
            text = decode_bytes(data, charset)
        except UndecodableError as error:
            yield IngestFailure(origin, str(error))
            return
        if kind == "sniff":
            kind = sniff_kind(text)
        if kind == "feed":
            if allow_feed:
                yield from self.read_feed(data, origin)
            else:
                yield IngestFailure(origin, "feed entry link returned another feed")
            return
        if kind == "jsonl":
            yield from read_jsonl(iter_lines(data), origin, self.limits)
            return
        found = parse_html(text, url) if kind == "html" else parse_plain_text(text)
        found.url = found.url or url
        yield self.finish(found, origin, kind)

    def finish(self, found: Extracted, origin: str, kind: str) -> Result:
        result = to_article(found, origin, self.limits)
        if isinstance(result, IngestFailure) and kind == "html":
            return IngestFailure(origin, f"no article text could be extracted from HTML ({result.reason})")
        return result

    # ------------------------------------------------------------ feeds

    def read_feed(self, data: bytes, origin: str, content_type: str | None = None) -> Iterator[Result]:
        try:
            feed = parse_feed(data, content_type)
        except NotAFeed as error:
            yield IngestFailure(origin, str(error))
            return
        for entry in feed.entries:
            where = entry_origin(origin, entry)
            yield from guarded(where, lambda entry=entry, where=where: self.read_entry(feed, entry, where))

    def read_entry(self, feed: Feed, entry: FeedEntry, where: str) -> Iterator[Result]:
        if entry.content is not None:
            yield to_article(entry.content, where, self.limits)
            return
        if not entry.link:
            summary = summary_content(entry)
            if summary is None:
                yield IngestFailure(where, "feed entry has no content, no summary and no link")
            else:
                summary.source = feed.title
                yield to_article(summary, where, self.limits)
            return
        for result in self.read_url(entry.link, allow_feed=False):
            yield fill_from_entry(result, entry)

    # ------------------------------------------------------------ URLs

    def read_url(self, url: str, *, allow_feed: bool = True) -> Iterator[Result]:
        response = self.fetch(url)
        if isinstance(response, IngestFailure):
            yield response
            return
        kind = kind_of_response(response)
        if kind is None:
            yield IngestFailure(url, f"unsupported content type {response.mime!r}")
            return
        if kind == "feed" and allow_feed and not binary_reason(response.body):
            yield from self.read_feed(response.body, url, response.content_type)
            return
        yield from self.read_document(response.body, url, kind, url=response.url,
                                      charset=response.charset, allow_feed=allow_feed)

    def fetch(self, url: str) -> FetchResult | IngestFailure:
        try:
            check_scheme(url)
            response = self.active_fetcher().fetch(url)
        except FetchError as error:
            return IngestFailure(url, str(error))
        except Exception as error:  # noqa: BLE001 - a caller's fetcher may raise anything
            return IngestFailure(url, f"fetch failed: {type(error).__name__}: {error}")
        if not response.ok:
            return IngestFailure(url, f"HTTP {response.status}")
        if len(response.body) > self.limits.max_bytes:
            return IngestFailure(url, too_large_reason(len(response.body), self.limits.max_bytes))
        return response

    def active_fetcher(self) -> Fetcher:
        if self.fetcher is not None:
            return self.fetcher
        if self.owned_fetcher is None:
            self.owned_fetcher = HttpxFetcher(self.limits)
        return self.owned_fetcher

    def close(self) -> None:
        if self.owned_fetcher is not None:
            self.owned_fetcher.close()
            self.owned_fetcher = None


# ---------------------------------------------------------------- helpers


def visible_files(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, in name order; hidden files and folders skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def sniff_kind(text: str) -> str:
    if looks_like_feed(text):
        return "feed"
    if looks_like_html(text):
        return "html"
    return "text"


def kind_of_response(response: FetchResult) -> str | None:
    mime = response.mime
    if mime in HTML_TYPES:
        # some servers label feeds text/html
        return "feed" if looks_like_feed(response.body[:2048].decode("latin-1")) else "html"
    if mime in FEED_TYPES:
        return "feed" if looks_like_feed(response.body[:2048].decode("latin-1")) else "sniff"
    if mime == "text/plain":
        return "text"
    if mime in JSONL_TYPES:
        return "jsonl"
    if not mime or mime in ("application/octet-stream", "binary/octet-stream"):
        return "sniff"
    return None


def entry_origin(feed_origin: str, entry: FeedEntry) -> str:
    return f"{feed_origin}#entry-{entry.index}"


def fill_from_entry(result: Result, entry: FeedEntry) -> Result:
    """A fetched page keeps its own metadata; the feed entry fills what the page lacks."""
    if isinstance(result, Article):
        result.title = result.title or entry.title
        result.published = result.published or entry.published
    return result


def iter_lines(data: bytes) -> BinaryIO:
    return io.BytesIO(data)
