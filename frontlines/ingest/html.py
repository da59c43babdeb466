"""HTML pages: trafilatura for the main text and metadata, lxml for what trafilatura drops.

trafilatura leaves out ``<figcaption>`` and similar caption markup, yet captions often carry
the event (who took which town, on what date), so they are collected separately here.
"""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from .captions import collapse_whitespace, comparable
from .document import Extracted, parse_date
from .plaintext import strip_site_suffix

CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "noscript", "script", "style"})
CHROME_CLASS_WORDS = ("related", "sidebar", "promo", "recommend", "newsletter", "more-stories")
CONTENT_TAGS = frozenset({"html", "body", "main", "article"})
CAPTION_CLASSES = frozenset({"caption", "wp-caption-text", "image-caption", "photo-caption",
                             "figure-caption", "img-caption", "media-caption", "caption-text"})
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
BODY_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
MIN_ALT_WORDS = 8
MIN_ALT_CHARS = 50
PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "date", "dc.date",
    "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
)
DATE_PARAMS = {"extensive_search": False, "original_date": True}  # metadata only, no guessing


def parse_html(html: str, url: str | None = None) -> Extracted:
    root = parse_tree(html)
    if root is None:
        return Extracted(body=[], url=url)
    meta = meta_values(root)
    found = run_trafilatura(html, url)
    body = best_body(paragraphs_of(found.text if found else None), lxml_paragraphs(root))
    source = (meta.get("og:site_name") or (found.sitename if found else None)
              or host_of(url or canonical_url(root, meta)))
    title = page_title(root, meta) or (found.title if found else None)
    if title:
        # With a known site name only a suffix naming it is cut; without one, the loose rules.
        title = strip_site_suffix(collapse_whitespace(title), [source] if source else [],
                                  loose=not source)
    if title and body and comparable(body[0]) == comparable(title):
        body = body[1:]  # the headline is Article.title, not a paragraph to code twice
    return Extracted(
        body=body,
        captions=collect_captions(root),
        title=title,
        source=source,
        published=published_date(root, meta, found.date if found else None),
        url=url or canonical_url(root, meta),
        language=page_language(root),
    )


def parse_html_fragment(html: str, url: str | None = None) -> Extracted:
    """An HTML fragment that is all article (feed entry content): no boilerplate to remove,
    so blocks are read directly rather than through trafilatura, which would run them together."""
    root = parse_tree(f"<html><body>{html}</body></html>")
    if root is None:
        return Extracted(body=[], url=url)
    return Extracted(body=block_paragraphs(root), captions=collect_captions(root), url=url,
                     source=host_of(url))


def block_paragraphs(root: etree._Element) -> list[str]:
    """Text of block elements outside figures; loose text when there are no blocks."""
    blocks = [
        text for node in root.iter(*BLOCK_TAGS)
        if not any(a.tag in BLOCK_TAGS or a.tag == "figure" for a in node.iterancestors())
        and (text := collapse_whitespace(node.text_content()))
    ]
    if blocks:
        return blocks
    for figure in list(root.iter("figure")):
        figure.drop_tree()
    text = collapse_whitespace(root.text_content())
    return [text] if text else []


def parse_tree(html: str) -> etree._Element | None:
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def run_trafilatura(html: str, url: str | None):  # -> trafilatura Document | None
    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params=DATE_PARAMS,
        )
    except Exception:  # trafilatura can fail deep inside on odd markup; fall back to lxml
        return None


def paragraphs_of(text: str | None) -> list[str]:
    """trafilatura puts one block per line; make each its own paragraph."""
    if not text:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


def best_body(extracted: list[str], from_markup: list[str]) -> list[str]:
    """trafilatura's paragraphs, unless it ran a short page together into one block.

    On short pages trafilatura falls back to a baseline that joins every block (captions
    included) into one line; the page's own paragraphs are then the better reading.
    """
    if not extracted:
        return from_markup
    if len(extracted) == 1 and len(from_markup) > 1:
        markup_chars = sum(len(p) for p in from_markup)
        if markup_chars >= 0.6 * len(extracted[0]):
            return from_markup
    return extracted


def lxml_paragraphs(root: etree._Element) -> list[str]:
    """Block texts inside the article (or the page), outside chrome and figures."""
    scope = first_of(root, "article", "main")
    return [
        text for node in scope.iter(*BODY_TAGS)
        if not in_chrome(node)
        and not any(a.tag in BODY_TAGS or a.tag == "figure" for a in node.iterancestors())
        and not is_caption_element(node)
        and (text := collapse_whitespace(node.text_content()))
    ]


def first_of(root: etree._Element, *tags: str) -> etree._Element:
    """The first element with one of ``tags`` (in that preference), else ``root``."""
    for tag in tags:
        element = next(root.iter(tag), None)
        if element is not None:  # elements without children are falsy: test for None
            return element
    return root


def meta_values(root: etree._Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or meta.get("datetime") or "").strip()
        if key and content and key not in values:
            values[key] = content
    return values


def published_date(root: etree._Element, meta: dict[str, str], extracted: str | None) -> date | None:
    for key in PUBLISHED_META:
        if key in meta and (value := parse_date(meta[key])):
            return value
    for time in root.iter("time"):
        if not in_chrome(time) and (value := parse_date(time.get("datetime"))):
            return value
    return parse_date(extracted)


def page_title(root: etree._Element, meta: dict[str, str]) -> str | None:
    """og:title, else the article's <h1>, else <title>. (trafilatura's own title cleaning
    cuts at any " - ", so it is only the last resort.)"""
    if meta.get("og:title"):
        return meta["og:title"]
    scope = first_of(root, "article", "main")
    for candidate in (next(scope.iter("h1"), None) if scope is not root else None,
                      root.find(".//title")):
        if candidate is not None and (text := collapse_whitespace(candidate.text_content())):
            return text
    return None


def canonical_url(root: etree._Element, meta: dict[str, str]) -> str | None:
    """The page's own address (for saved pages read from disk)."""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href", "").startswith("http"):
            return link.get("href")
    og = meta.get("og:url", "")
    return og if og.startswith("http") else None


def host_of(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def page_language(root: etree._Element) -> str:
    lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    return re.split(r"[-_]", lang)[0].lower() if lang else "en"


def class_tokens(element: etree._Element) -> set[str]:
    return set((element.get("class") or "").lower().split())


def in_chrome(element: etree._Element) -> bool:
    """Inside navigation, page header or footer, sidebars or related-story boxes."""
    for node in (element, *element.iterancestors()):
        tag = node.tag
        if tag in CONTENT_TAGS:
            continue  # class names on <body>/<article> ("has-related-posts") say nothing
        if tag == "header" and any(a.tag in ("article", "main") for a in node.iterancestors()):
            continue  # an article's own header holds the lead photo and its caption
        if tag in CHROME_TAGS:
            return True
        marks = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if any(word in marks for word in CHROME_CLASS_WORDS):
            return True
    return False


def is_caption_element(element: etree._Element) -> bool:
    return element.tag == "figcaption" or bool(class_tokens(element) & CAPTION_CLASSES)


def has_caption_inside(element: etree._Element) -> bool:
    return any(is_caption_element(node) for node in element.iterdescendants() if isinstance(node.tag, str))


def inside_any(element: etree._Element, taken: set[etree._Element]) -> bool:
    return any(node in taken for node in element.iterancestors())


def caption_text(element: etree._Element) -> str | None:
    """The caption an element carries, or None when it is not a caption."""
    if is_caption_element(element):
        return collapse_whitespace(element.text_content())
    if element.tag == "figure" and not has_caption_inside(element):
        return collapse_whitespace(element.text_content())
    if element.tag == "img":
        figure = next((a for a in element.iterancestors("figure")), None)
        alt = collapse_whitespace(element.get("alt") or "")
        long_enough = len(alt.split()) >= MIN_ALT_WORDS and len(alt) >= MIN_ALT_CHARS
        if long_enough and (figure is None or not has_caption_inside(figure)):
            return alt
    return None


def collect_captions(root: etree._Element) -> list[str]:
    """Captions in document order; an element inside a caption already taken is skipped."""
    captions: list[str] = []
    taken: set[etree._Element] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        text = caption_text(element)
        if text and not inside_any(element, taken) and not in_chrome(element):
            captions.append(text)
            taken.add(element)
    return captions
