"""Photo captions: recognise them, merge near-duplicates, and place them at the top of the text.

Captions are kept inside ``Article.text`` as their own paragraphs before the body (so every
offset is into one string) and marked by ``Article.captions``.
"""
from __future__ import annotations

import difflib
import re
import unicodedata

from ..records import Span

NEAR_DUPLICATE_RATIO = 0.8
MAX_CAPTION_WORDS = 90
PARAGRAPH_SEPARATOR = "\n\n"

# Photo credits that mark a paragraph as a caption in plain-text pages.
PHOTO_CREDIT = re.compile(
    r"""
      \((?:Reuters|AFP|AP|EPA|Getty|Anadolu|Xinhua|SANA|ANHA)[^()]{0,40}/[^()]{1,60}\)  # (Reuters/Name)
    | \((?:[A-Z][\w.-]*\s+){0,3}Photos?\b[^()]{0,60}\)                      # (AFP Photo/Name), (Courier Photo)
    | \bPhoto(?:graph)?(?:\s+credit)?\s*:                                    # Photo: / Photograph:
    | \bPhoto(?:graph)?\s+by\s+[A-Z]                                         # Photo by Name
    | \b(?:REUTERS|AFP|EPA|AP|ANADOLU)/[A-Z]                                 # REUTERS/Name
    | \bGetty\s+Images\b
    | \b(?:AFP|AP|EPA)\s+(?:via\s+Getty|Photo)\b
    """,
    re.VERBOSE,
)


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def comparable(text: str) -> str:
    """Form used to compare captions with each other and with the body."""
    return collapse_whitespace(unicodedata.normalize("NFKC", text)).casefold()


def is_photo_caption(paragraph: str) -> bool:
    words = paragraph.split()
    return 0 < len(words) <= MAX_CAPTION_WORDS and bool(PHOTO_CREDIT.search(paragraph))


def token_overlap(a: str, b: str) -> float:
    ta, tb = set(re.findall(r"\w+", a)), set(re.findall(r"\w+", b))
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def near_duplicates(a: str, b: str, threshold: float = NEAR_DUPLICATE_RATIO) -> bool:
    """True when two captions describe the same photo (same text give or take a few words)."""
    ca, cb = comparable(a), comparable(b)
    if ca == cb or ca in cb or cb in ca:
        return True
    if token_overlap(ca, cb) >= threshold:
        return True
    matcher = difflib.SequenceMatcher(None, ca, cb, autojunk=False)
    # The quick upper bounds rule most pairs out cheaply (pages can carry many captions).
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )


def appears_in_body(caption: str, body: str) -> bool:
    return comparable(caption) in body


def distinct_captions(captions: list[str], body_paragraphs: list[str]) -> list[str]:
    """Drop empty captions, captions already in the body, and near-duplicates (first kept)."""
    body = comparable(" ".join(body_paragraphs))
    kept: list[str] = []
    for caption in captions:
        caption = caption.strip()
        if not caption or appears_in_body(caption, body):
            continue
        if any(near_duplicates(caption, other) for other in kept):
            continue
        kept.append(caption)
    return kept


def compose_text(captions: list[str], body_paragraphs: list[str]) -> tuple[str, list[Span]]:
    """Captions first, each its own paragraph, then the body; returns text and caption spans."""
    kept = distinct_captions(captions, body_paragraphs)
    body = [p.strip() for p in body_paragraphs if p.strip()]
    spans: list[Span] = []
    position = 0
    for caption in kept:
        spans.append(Span(position, position + len(caption)))
        position += len(caption) + len(PARAGRAPH_SEPARATOR)
    return PARAGRAPH_SEPARATOR.join(kept + body), spans
