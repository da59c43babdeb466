"""The intermediate form every reader produces, and its conversion into an ``Article``."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

import dateparser

from ..records import Article, IngestFailure
from .captions import compose_text
from .limits import IngestLimits

ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
# "&#8217;", "&#x2019;", "&amp;": only complete references; a bare "&" ("AT&T", "R&D") is text
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass
class Extracted:
    """What a reader found in one document, before captions and body are joined."""

    body: list[str]
    captions: list[str] = field(default_factory=list)
    title: str | None = None
    source: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = "en"
    doc_id: str | None = None


def to_article(found: Extracted, origin: str, limits: IngestLimits) -> Article | IngestFailure:
    """Join captions and body; reject documents whose text is empty or too short."""
    text, spans = compose_text([decode_character_references(c) for c in found.captions],
                               [decode_character_references(p) for p in found.body])
    length = len(text.strip())
    if length == 0:
        return IngestFailure(origin, "empty text: nothing to code after extraction")
    if length < limits.min_text_chars:
        return IngestFailure(
            origin,
            f"text too short: {length} characters after extraction "
            f"(minimum {limits.min_text_chars})",
        )
    return Article(
        text=text,
        title=clean_optional(decode_character_references(found.title) if found.title else None),
        published=found.published,
        source=clean_optional(found.source),
        url=found.url,
        origin=origin,
        captions=spans,
        language=found.language or "en",
        doc_id=found.doc_id,
    )


def decode_character_references(text: str) -> str:
    """HTML character references that scrapers and feeds leave in plain text ("Dar&#8217;a",
    "Smith &amp; Sons") as the characters they stand for: a name with "&#8217;" in it is not
    found in the gazetteer. Unknown names stay as written."""
    if "&" not in text:
        return text
    return CHARACTER_REFERENCE.sub(lambda m: html.unescape(m.group(0)), text)


def clean_optional(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def parse_date(value: object) -> date | None:
    """An explicit date value (ISO string, common written forms) as a ``date``; else None.

    Strict: all of day, month and year must be stated, and nothing relative is resolved,
    because ingest must not guess a date the document does not give.
    """
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    match = ISO_DATE.match(value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["absolute-time", "custom-formats"],
        },
    )
    return parsed.date() if parsed else None
