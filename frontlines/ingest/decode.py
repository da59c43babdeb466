"""Bytes to text: sniff binary content, then decode by a fixed, conservative order.

Order: UTF-8 (a BOM is dropped), the charset the document declares (HTML meta) or the
HTTP header gives, then cp1252 only when it decodes cleanly and the result reads as text.
Binary garbage must fail rather than come out as mojibake.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

SNIFF_BYTES = 8192

# Magic numbers of the binary formats most often found next to news files.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (docx/xlsx/epub/zip)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0", "MS Office (OLE) document"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"SQLite format 3", "SQLite database"),
)

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)

# Share of control characters above which decoded "text" is really binary.
MAX_CONTROL_SHARE = 0.005
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


class UndecodableError(ValueError):
    """The bytes are not text we can read; ``str(error)`` is the human reason."""


def binary_reason(data: bytes) -> str | None:
    """A reason string when ``data`` is plainly binary, else None."""
    for magic, name in BINARY_SIGNATURES:
        if data.startswith(magic):
            return f"binary content ({name})"
    if b"\x00" in data[:SNIFF_BYTES]:
        return "binary content (NUL bytes)"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML meta tag or XML declaration names, if any."""
    head = data[:4096]
    match = META_CHARSET.search(head) or XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "ignore") if match else None


def known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def control_share(text: str) -> float:
    sample = text[:SNIFF_BYTES * 4]
    if not sample:
        return 0.0
    controls = sum(
        1 for ch in sample
        if ch not in ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return controls / len(sample)


def looks_like_text(text: str) -> bool:
    return control_share(text) <= MAX_CONTROL_SHARE


def decode_bytes(data: bytes, header_charset: str | None = None) -> str:
    """Decode ``data`` to text or raise :class:`UndecodableError` with a clear reason."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_utf16(data)
    reason = binary_reason(data)
    if reason:
        raise UndecodableError(reason)
    tried: list[str] = []
    for codec in candidate_codecs(data, header_charset):
        if codec in tried:
            continue
        tried.append(codec)
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if looks_like_text(text):
            return text
        if codec == "utf-8-sig":
            # Valid UTF-8 full of control characters is binary, not another charset.
            raise UndecodableError("binary content (control characters)")
    shown = dict.fromkeys("utf-8" if codec == "utf-8-sig" else codec for codec in tried)
    raise UndecodableError(f"undecodable bytes (tried {', '.join(shown)})")


def candidate_codecs(data: bytes, header_charset: str | None) -> list[str]:
    codecs_in_order = ["utf-8-sig"]  # UTF-8 with or without a BOM
    for name in (declared_charset(data), header_charset):
        codec = known_codec(name)
        if codec:
            codecs_in_order.append(codec)
    codecs_in_order.append("cp1252")
    return codecs_in_order


def decode_utf16(data: bytes) -> str:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise UndecodableError(f"undecodable bytes (bad UTF-16: {error.reason})") from error
    if not looks_like_text(text):
        raise UndecodableError("binary content (control characters)")
    return text


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    if head.startswith("<!doctype html") or head.startswith("<html"):
        return True
    return bool(re.search(r"<(html|head|body)[\s>]", head)) or head.count("<p>") + head.count("<div") >= 2


def looks_like_feed(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return bool(re.search(r"<(rss|feed|rdf:rdf)[\s>]", head))
