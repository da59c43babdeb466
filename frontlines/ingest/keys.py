"""Content keys the store uses to keep identical articles once."""
from __future__ import annotations

import hashlib
import re
import unicodedata

from ..records import Article


def normalised_text(text: str) -> str:
    """NFKC, whitespace runs collapsed to one space, ends trimmed; case is kept."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def article_key(article: Article | str) -> str:
    """sha256 (hex) of the normalised text: same text give or take whitespace, same key."""
    text = article if isinstance(article, str) else article.text
    return hashlib.sha256(normalised_text(text).encode("utf-8")).hexdigest()


def body_text(article: Article) -> str:
    """The text without its caption paragraphs."""
    pieces, position = [], 0
    for span in sorted(article.captions, key=lambda s: s.start):
        pieces.append(article.text[position : span.start])
        position = max(position, span.end)
    pieces.append(article.text[position:])
    return " ".join(pieces)


def near_duplicate_key(article: Article | str) -> str:
    """A looser key: ignores captions, case, punctuation and quote styles.

    Two copies of one wire story (one with a photo caption, one with curly quotes) share it.
    """
    text = article if isinstance(article, str) else body_text(article)
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
