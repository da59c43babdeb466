"""Name folding for gazetteer look-ups.

Three keys per name, from strict to loose, so a look-up can prefer the closest spelling:

- ``light_key``: case, diacritics, apostrophes, hyphens and punctuation folded
  ("Tall Rif'at" -> "tall rifat").
- ``heavy_key``: also drops the Arabic article in all its transliterations ("al-", "el-",
  "ad-", "ash-", "ez-"...), folds common transliteration variants (ou/u, ee/i, ei/ay, dh/d,
  q/k, -ieh/-iyah, final -ah/-eh) and doubled letters ("Tal Rifaat" == "Tall Rif'at",
  "Deir ez-Zor" -> "dayr zor").
- ``skeleton_key``: the heavy key without inner vowels and semivowels ("Hureitan",
  "Huraytan" and "Hraytan" all give "hrtn"; "Idlib"/"Idleb" give "idlb"). Loose enough to
  collide, so the gazetteer uses it only when nothing matched on the heavy key.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophe-like marks, including the ayn/hamza signs used in transliterated Arabic.
_APOSTROPHES = "'`\u2018\u2019\u02bb\u02bc\u02bf\u02be\u00b4\u2032"
_APOS_RE = re.compile(f"[{re.escape(_APOSTROPHES)}]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# The Arabic definite article, as transliterated before sun and moon letters.
ARTICLES = frozenset(
    "al el il ul ad ed adh ar er as es ash esh at et ath az ez an en".split()
)

# Token-level spelling variants with one meaning (applied after character folding).
_TOKEN_MAP = {
    "tall": "tal", "tel": "tal", "tell": "tal",
    "dair": "dayr", "der": "dayr", "deir": "dayr",
    "sheikh": "shaykh", "shaikh": "shaykh", "shekh": "shaykh", "sheik": "shaykh",
    "abou": "abu", "bou": "abu",
    "jabal": "jabal", "jebel": "jabal", "jbel": "jabal",
    "kafr": "kafr", "kfar": "kafr", "kafar": "kafr",
    "saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft",
}

# Character-level transliteration variants, applied in order to each token.
_CHAR_RULES: tuple[tuple[str, str], ...] = (
    ("ou", "u"), ("oo", "u"), ("ee", "i"),
    ("dh", "d"), ("q", "k"), ("ph", "f"),
    ("ei", "ay"), ("ai", "ay"), ("ey", "ay"),
    ("iyyah", "iya"), ("iyeh", "iya"), ("iyah", "iya"), ("ieh", "iya"), ("iah", "iya"),
)
_DOUBLE_RE = re.compile(r"([a-z])\1+")
_FINAL_H_RE = re.compile(r"([ae])h$")


def strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=100_000)  # a pure function of the string, called for every candidate name
def light_key(name: str) -> str:
    """Case, diacritics, apostrophes and punctuation folded; words separated by one space."""
    s = _APOS_RE.sub("", name)
    s = strip_accents(s).lower()
    return " ".join(_NON_ALNUM.sub(" ", s).split())


@lru_cache(maxsize=200_000)  # words repeat across ~1M names: folding each once halves build time
def _fold_token(tok: str) -> str:
    tok = _TOKEN_MAP.get(tok, tok)
    for a, b in _CHAR_RULES:
        tok = tok.replace(a, b)
    tok = _DOUBLE_RE.sub(r"\1", tok)
    tok = _FINAL_H_RE.sub("a", tok)  # Hasakah / Hasakeh / Hasaka
    return _TOKEN_MAP.get(tok, tok)


def heavy_key(name: str) -> str:
    toks = light_key(name).split()
    # "Al-Bab" -> "bab"; an article alone ("Al") stays a name
    kept = [t for t in toks if t not in ARTICLES] or toks
    return " ".join(_fold_token(t) for t in kept)


_SKEL_DROP = re.compile(r"(?<=[a-z])[aeiouyw]")


def skeleton_key(name: str) -> str:
    """Heavy key without vowels/semivowels after a token's first letter ("hrtn")."""
    return skeleton_of_heavy(heavy_key(name))


def skeleton_of_heavy(hk: str) -> str:
    return " ".join(_SKEL_DROP.sub("", t) for t in hk.split())


def is_latin(name: str) -> bool:
    """True when a name is written (mostly) in Latin script: only those are indexed."""
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters) >= 0.8
