"""RSS and Atom feeds (feedparser). Entries that carry full content are read from the entry;
the others are fetched by link (see ``sources``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import feedparser

from .document import Extracted
from .html import parse_html_fragment

HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


@dataclass
class FeedEntry:
    index: int  # 1-based position in the feed
    title: str | None
    link: str | None
    published: date | None
    content: Extracted | None  # set when the entry carries its full text
    summary: str | None


@dataclass
class Feed:
    title: str | None
    entries: list[FeedEntry]


class NotAFeed(ValueError):
    """``str(error)`` is the human reason."""


def parse_feed(data: bytes, content_type: str | None = None) -> Feed:
    # Always bytes: given a str, feedparser would treat it as a URL or path and fetch it.
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.get("version"):
        # feedparser finds "entries" in any XML with <item>s; no version means no RSS/Atom root.
        problem = parsed.get("bozo_exception")
        raise NotAFeed(f"not an RSS/Atom feed{f' ({problem})' if problem else ''}")
    if not parsed.entries:
        raise NotAFeed("feed has no entries")
    title = parsed.feed.get("title") or None
    return Feed(title=title, entries=[entry_of(i, e, title) for i, e in enumerate(parsed.entries, 1)])


def entry_of(index: int, entry: Any, feed_title: str | None) -> FeedEntry:
    link = entry.get("link") or None
    title = entry.get("title") or None
    published = struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))
    content = entry_content(entry, link)
    if content is not None:
        content.title = title or content.title
        content.published = published or content.published
        content.source = feed_title or content.source
    return FeedEntry(index, title, link, published, content, entry.get("summary") or None)


def struct_date(value: Any) -> date | None:
    try:
        return date(value.tm_year, value.tm_mon, value.tm_mday) if value else None
    except (AttributeError, ValueError):
        return None


def entry_content(entry: Any, link: str | None) -> Extracted | None:
    """The full text an entry carries (content:encoded / atom:content), if any."""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if not contents:
        return None
    best = max(contents, key=lambda c: len(c.get("value") or ""))
    value, kind = best["value"], (best.get("type") or "text/html").lower()
    if kind in HTML_TYPES or re.search(r"<\w+[^>]*>", value):
        return parse_html_fragment(value, url=link)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
    return Extracted(body=paragraphs, url=link)


def summary_content(entry: FeedEntry) -> Extracted | None:
    """An entry's summary as text, used only when there is no link to fetch."""
    if not entry.summary:
        return None
    found = parse_html_fragment(entry.summary)
    found.title, found.published, found.url = entry.title, entry.published, entry.link
    return found
