"""Plain text, including web pages saved as text (banner, title with site suffix, menus, captions).

A saved page typically opens with short header lines (site banner "Section | Site", the page
title "Headline - SITE English Archive", menu lines such as "Select Page"), then photo caption
paragraphs ending in a credit "(Reuters/Name)", then the body. These are heuristics on the
shape of lines, not rules for one site.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .captions import collapse_whitespace, is_photo_caption
from .document import Extracted, parse_date

MAX_HEADER_LINES = 6
MAX_TITLE_WORDS = 20
MAX_SITE_WORDS = 7

NAVIGATION_LINES = frozenset({
    "select page", "skip to content", "skip to main content", "skip to navigation", "menu",
    "main menu", "open menu", "close menu", "toggle navigation", "navigation", "share this",
    "share", "share this article", "share this story", "share on facebook", "share on twitter",
    "tweet", "print", "email", "home", "search", "subscribe", "sign in", "log in", "login",
    "register", "advertisement", "sponsored", "related", "related articles", "related stories",
    "read more", "read next", "close", "back to top", "more", "comments", "leave a comment",
    "follow us", "newsletter", "sign up", "accept cookies", "cookie settings",
})

# Words that decorate a site name in a title suffix ("SITE English Archive").
GENERIC_SITE_WORDS = frozenset({
    "english", "archive", "archives", "edition", "online", "website", "site", "official",
    "homepage", "home", "page", "version", "international", "global",
})
SITE_WORDS = frozenset({
    "news", "times", "post", "archive", "english", "online", "tribune", "herald", "journal",
    "agency", "press", "tv", "radio", "media", "daily", "gazette", "observer", "courier",
    "monitor", "telegraph", "guardian", "review", "network", "wire", "chronicle", "express",
})
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|•|«|»)\s+")
DOMAIN = re.compile(r"\w\.(com|org|net|co\.\w+|info|news)\b", re.I)
BYLINE = re.compile(r"^(?:[Bb]y|[Ww]ritten by|[Rr]eporting by)\s+[A-Z]")
DATE_LABEL = re.compile(
    r"^(?P<label>published|posted|first published|date|(?:last\s+)?updated)\b\s*(?:on\b|:)?\s*(?P<value>.+)$",
    re.I,
)
COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b|all rights reserved)", re.I)
SENTENCE_END = re.compile(r"[.:;,]['\"”’)]*$")


@dataclass
class Header:
    title: str | None = None
    published: date | None = None
    banners: list[str] = field(default_factory=list)
    kept_lines: list[str] = field(default_factory=list)  # short lines that belong to the body


def parse_plain_text(text: str) -> Extracted:
    lines = normalise_newlines(text).split("\n")
    header_lines, rest = take_header_lines(lines)
    header = classify_header(header_lines)
    units = paragraph_units(header.kept_lines, rest)
    if header.title is None and not units:
        return Extracted(body=[])
    if not any(not is_photo_caption(u) for u in units) and header.title:
        # Only a title-like line and nothing else: it is the text, not a title.
        units = [header.title, *units]
        header.title = None
    captions = [u for u in units if is_photo_caption(u)]
    body = [u for u in units if not is_photo_caption(u)]
    site_candidates = site_name_candidates(header)
    title = strip_site_suffix(header.title, site_candidates) if header.title else None
    source = choose_source(site_candidates, "\n".join(body + captions))
    return Extracted(body=body, captions=captions, title=title, source=source,
                     published=header.published)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


def is_navigation_line(line: str) -> bool:
    core = line.strip().strip(":·|•>»«-–— ").casefold()
    if core in NAVIGATION_LINES:
        return True
    return bool(COPYRIGHT.match(line.strip())) and len(line.split()) <= 15


def is_header_like(line: str, next_line: str) -> bool:
    """A short line that reads as a banner, title, byline or date rather than a paragraph."""
    if len(line.split()) > MAX_TITLE_WORDS or is_photo_caption(line):
        return False
    if SENTENCE_END.search(line) and not DATE_LABEL.match(line):
        return False
    # A hard-wrapped paragraph continues on the next line in lower case.
    return not (next_line[:1].islower())


def take_header_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split the leading header lines (navigation dropped) from the rest of the page."""
    header: list[str] = []
    index = 0
    while index < len(lines) and len(header) < MAX_HEADER_LINES:
        line = lines[index].strip()
        next_line = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if not line or is_navigation_line(line):
            index += 1
            continue
        if not is_header_like(line, next_line):
            break
        header.append(line)
        index += 1
    return header, lines[index:]


def classify_header(lines: list[str]) -> Header:
    header = Header()
    candidates: list[str] = []
    for line in lines:
        if BYLINE.match(line) and len(line.split()) <= 8:
            continue
        labelled = DATE_LABEL.match(line)
        stated = parse_date(labelled["value"] if labelled else line)
        if stated:
            # A date line the page states; an "Updated" date is not the publication date.
            if not (labelled and "updated" in labelled["label"].lower()):
                header.published = header.published or stated
            continue
        candidates.append(line)
    banners = [c for c in candidates if " | " in c] if len(candidates) > 1 else []
    others = [c for c in candidates if c not in banners]
    if not others and banners:
        others = [banners.pop()]  # a lone "Headline | Site" line is the title
    header.banners = banners
    if others:
        header.title = others[0]
        header.kept_lines = others[1:]
    return header


def paragraph_units(lead: list[str], rest: list[str]) -> list[str]:
    """Paragraphs separated by blank lines; a caption line inside a block is split off."""
    units = list(lead)
    for block in re.split(r"\n\s*\n", "\n".join(rest)):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        lines = [ln for ln in lines if not is_navigation_line(ln)]
        if not lines:
            continue
        if len(lines) > 1 and any(is_photo_caption(ln) for ln in lines):
            units.extend(lines)
        else:
            units.append("\n".join(lines))
    return units


def title_parts(title: str) -> list[str]:
    return [p.strip() for p in TITLE_SEPARATORS.split(title) if p.strip()]


def clean_site_name(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in GENERIC_SITE_WORDS:
        words.pop()
    return " ".join(words).strip(" -|")


def same_site(a: str, b: str) -> bool:
    ca, cb = clean_site_name(a).casefold(), clean_site_name(b).casefold()
    return bool(ca and cb) and (ca.startswith(cb) or cb.startswith(ca))


def banner_segments(banners: list[str]) -> list[str]:
    return [
        seg.strip() for banner in banners for seg in banner.split(" | ")
        if seg.strip() and len(seg.split()) <= MAX_SITE_WORDS
    ]


def title_suffix(title: str, segments: list[str], *, loose: bool = True) -> str | None:
    """The trailing " - SITE" part of a title, when it reads as a site name.

    Strict (``loose=False``) accepts only a suffix naming one of ``segments`` or a domain;
    loose also accepts site-like words ("News", "Archive"), capitals, or a " | " separator.
    """
    parts = title_parts(title)
    if len(parts) < 2:
        return None
    suffix = parts[-1]
    if len(suffix.split()) > MAX_SITE_WORDS:
        return None
    if any(same_site(suffix, seg) for seg in segments) or DOMAIN.search(suffix):
        return suffix
    if not loose:
        return None
    words = {w.casefold().strip(".,") for w in suffix.split()}
    letters = [c for c in suffix if c.isalpha()]
    mostly_upper = len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) >= 0.6
    if words & SITE_WORDS or mostly_upper or re.search(r"\s\|\s", title):
        return suffix
    return None


def site_name_candidates(header: Header) -> list[str]:
    """Possible outlet names, strongest first: a title suffix, then banner segments."""
    segments = banner_segments(header.banners)
    candidates: list[str] = []
    suffix = title_suffix(header.title, segments) if header.title else None
    if suffix:
        candidates.append(clean_site_name(suffix))
        candidates.extend(seg for seg in segments if same_site(seg, suffix))
    candidates.extend(reversed(segments))  # "Section | Site": the site comes last
    seen: set[str] = set()
    unique = []
    for c in candidates:
        if c and c.casefold() not in seen:
            seen.add(c.casefold())
            unique.append(c)
    return unique


def strip_site_suffix(title: str, candidates: list[str], *, loose: bool = True) -> str:
    if title_suffix(title, candidates, loose=loose) is None:
        return title
    # Cut at the last separator only, so separators inside the headline stay.
    cut = list(TITLE_SEPARATORS.finditer(title))[-1]
    return title[: cut.start()].strip() or title


def spelled_in_text(name: str, text: str) -> str | None:
    """The name as the text itself spells it (the body is the carefully edited part)."""
    pattern = r"(?<!\w)" + r"[\s-]*".join(re.escape(w) for w in re.split(r"[\s-]+", name)) + r"(?!\w)"
    match = re.search(pattern, text, re.I)
    return collapse_whitespace(match.group(0)) if match else None


def choose_source(candidates: list[str], text: str) -> str | None:
    """The strongest candidate, spelled as the text spells it (else de-shouted)."""
    if not candidates:
        return None
    best = candidates[0]
    spelled = spelled_in_text(best, text)
    if spelled:
        return spelled
    if best.isupper() and len(best) > 4:
        return best.title()  # "ASHARQ AL-AWSAT" -> "Asharq Al-Awsat"
    return best
