"""Decoding order: UTF-8, declared charset, clean cp1252; binary fails."""
from __future__ import annotations

from datetime import date

import pytest

from frontlines.ingest import UndecodableError, decode_bytes, parse_date


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes("\ufeffClashes in Kessra".encode("utf-8")) == "Clashes in Kessra"


def test_utf16_with_bom() -> None:
    assert decode_bytes("Clashes in Kessra".encode("utf-16")) == "Clashes in Kessra"


def test_meta_charset_is_used_before_cp1252() -> None:
    html = '<html><head><meta charset="iso-8859-7"></head><body><p>Αθήνα</p></body></html>'
    assert "Αθήνα" in decode_bytes(html.encode("iso-8859-7"))


def test_http_header_charset() -> None:
    assert decode_bytes("Москва".encode("koi8-r"), "koi8-r") == "Москва"


def test_cp1252_fallback_for_smart_quotes() -> None:
    assert decode_bytes(b"\x93Rebels\x94 took the caf\xe9") == "“Rebels” took the café"


@pytest.mark.parametrize(
    "data, words",
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"text\x00\x00with NULs", "NUL"),
        (bytes(range(1, 32)) * 20, "binary"),  # valid UTF-8, all control characters
        (b"\x81\x8d\x8f\x90\x9d" * 10, "undecodable"),  # undefined even in cp1252
    ],
)
def test_binary_and_garbage_fail(data: bytes, words: str) -> None:
    with pytest.raises(UndecodableError, match=words):
        decode_bytes(data)


def test_parse_date_is_strict() -> None:
    assert parse_date("2014-01-08T10:00:00Z") == date(2014, 1, 8)
    assert parse_date("January 8, 2014") == date(2014, 1, 8)
    assert parse_date("Wednesday") is None  # relative: never resolved at ingest
    assert parse_date("March 2014") is None  # no day stated
    assert parse_date("2014-02-30") is None
