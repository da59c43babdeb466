"""Ingest stage: files, folders, HTML, plain text, JSONL, CSV, URLs and RSS/Atom feeds
become ``Article`` records (or ``IngestFailure`` for a bad document).

Entry point: ``read_sources(inputs, fetcher=..., limits=...)``.
"""
from __future__ import annotations

from .decode import UndecodableError, decode_bytes
from .document import Extracted, decode_character_references, parse_date, to_article
from .fetch import Fetcher, FetchError, FetchResult, HttpxFetcher
from .html import parse_html
from .keys import article_key, near_duplicate_key, normalised_text
from .limits import IngestLimits
from .plaintext import parse_plain_text
from .sources import read_sources

__all__ = [
    "Extracted",
    "FetchError",
    "FetchResult",
    "Fetcher",
    "HttpxFetcher",
    "IngestLimits",
    "UndecodableError",
    "article_key",
    "decode_bytes",
    "decode_character_references",
    "near_duplicate_key",
    "normalised_text",
    "parse_date",
    "parse_html",
    "parse_plain_text",
    "read_sources",
    "to_article",
]
