"""Sentence splitting: spaCy's sentences over the whole text, cut at paragraph breaks.

A sentence never crosses a blank line, and caption paragraphs (``Article.captions``) are
their own section. Offsets are absolute character offsets into ``Article.text``.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from frontlines.records import Article, SentenceInfo

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """[start, end) of each non-blank paragraph."""
    bounds, start = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return [trim(text, s, e) for s, e in bounds if text[s:e].strip()]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(doc: Doc, article: Article) -> list[SentenceInfo]:
    text = article.text
    cuts = sorted({e for _, e in paragraph_bounds(text)} | {s.end for s in article.captions}
                  | {s.start for s in article.captions})
    pieces: list[tuple[int, int]] = []
    for sent in doc.sents:
        pieces.extend(cut_at(sent.start_char, sent.end_char, cuts))
    out: list[SentenceInfo] = []
    for start, end in pieces:
        start, end = trim(text, start, end)
        if start >= end:
            continue
        out.append(SentenceInfo(index=len(out), start=start, end=end, text=text[start:end],
                                section=article.section_at(start)))
    return out


def cut_at(start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    """Split [start, end) at every cut point strictly inside it."""
    pieces, s = [], start
    for c in cuts:
        if s < c < end:
            pieces.append((s, c))
            s = c
    pieces.append((s, end))
    return pieces


def paragraph_index(sentences: list[SentenceInfo], text: str) -> list[int]:
    """The paragraph number of each sentence (sentences in one paragraph share it)."""
    bounds = paragraph_bounds(text)
    out, p = [], 0
    for s in sentences:
        while p + 1 < len(bounds) and s.start >= bounds[p][1]:
            p += 1
        out.append(p)
    return out


__all__ = ["split_sentences", "paragraph_bounds", "paragraph_index"]
