"""Limits that keep one bad or hostile document from hurting the batch."""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_USER_AGENT = "frontlines-ingest/0.1 (conflict news coder; +https://example.org/frontlines)"


@dataclass(frozen=True)
class IngestLimits:
    """Caps applied to every document read.

    ``max_bytes`` applies per document: a whole HTML/text/feed file, one HTTP body, one JSONL
    line or one CSV row's text. ``min_text_chars`` is checked on the text after extraction.
    """

    max_bytes: int = 5 * 1024 * 1024
    http_timeout: float = 20.0
    min_text_chars: int = 40
    user_agent: str = DEFAULT_USER_AGENT
    max_redirects: int = 5
