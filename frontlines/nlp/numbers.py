"""NUMBERS stage: fatalities, injuries and crowd sizes by ACLED's conventions.

A regex tokenizer plus a word-number parser, then three readings of "who died":

* object of a killing verb:   "killing 3", "killed two soldiers and three civilians",
                              "shot dead a man", "claimed the lives of several fighters",
                              "the killing of 3 people"
* subject of a death verb:    "3 people were killed", "a soldier was killed", "5 dead",
                              "eight women and three men were shot and killed", "1 killed."
* death nouns:                "2 fatalities", "the bodies of several men", "dozens of corpses",
                              "the death toll rose to 12", "no fatalities" (0)

Counts in an "including ..." clause are parts of a count already made and are skipped.
Combining mentions:
* in one sentence they add up ("two soldiers were killed and a civilian died"), unless a
  conflict cue ("according to", "while", "or", "claimed") separates them: then the lowest
  (ACLED: conflicting reports -> the lowest);
* a short sentence that only states a total ("3 fatalities.", "There was one fatality.")
  is the report's own sum and wins;
* across sentences a later count adds when marked as more ("also", "additionally",
  "another", "further", "separately"); with an explicit conflict ("other sources",
  "however", "put the toll at") the lowest wins; otherwise it is the same deaths restated
  or broken down (a lead's "killing at least 12" then "left 11 dead in Aleppo") and the
  largest single statement stands; definite re-mentions ("the driver", "he", "the five
  victims") never add;
* ACLED's own "fatalities coded as N (and split between K locations)" wins outright.
Deaths named as the reason for something else ("protest against the killing of a man",
"justice for ...") and threats ("vowed to kill 10") are not reports of deaths; nor are mixed
counts ("51 were killed or wounded", "48 killed and injured").

Vague quantities come from knowledge/data/numbers.yaml (several -> 3, dozens -> 12, ...).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping, Sequence

import yaml

DATA_FILE = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "numbers.yaml"


@dataclass(frozen=True)
class NumberLexicon:
    units: Mapping[str, int]
    scales: Mapping[str, int]
    quantifiers: Mapping[tuple[str, ...], int]  # word tuples, e.g. ("a", "few") -> 3
    non_person_nouns: frozenset[str]
    irregular_plurals: frozenset[str]
    death_event_types: frozenset[str] = frozenset()
    death_sub_event_types: frozenset[str] = frozenset()
    deathless_sub_event_types: frozenset[str] = frozenset()

    @cached_property
    def quantifiers_by_first(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Quantifier phrases by first word, longest first ("tens of thousands" before "tens")."""
        return _by_first_word(tuple(self.quantifiers))

    @cached_property
    def number_starters(self) -> frozenset[str]:
        """The lower-case words a number phrase can open with, besides digits and hyphenated
        unit words ("twenty-five"): see `parse_number`."""
        return frozenset({*QUALIFIERS_BY_FIRST, "between", *self.quantifiers_by_first, *self.units, *self.scales,
                          *STARTING_WORDS})

    def may_open_number(self, low: str) -> bool:
        return low in self.number_starters or low[:1].isdecimal() or (
            "-" in low and low.split("-", 1)[0] in self.units)


@lru_cache(maxsize=8)
def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> Mapping[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        index.setdefault(phrase[0], []).append(phrase)
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


def load_number_lexicon(path: Path = DATA_FILE) -> NumberLexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return NumberLexicon(
        units=MappingProxyType({str(k).lower(): int(v) for k, v in raw["units"].items()}),
        scales=MappingProxyType({str(k).lower(): int(v) for k, v in raw["scales"].items()}),
        quantifiers=MappingProxyType(
            {tuple(str(k).lower().split()): int(v) for k, v in raw["quantifiers"].items()}
        ),
        non_person_nouns=frozenset(str(w).lower() for w in raw["non_person_nouns"]),
        irregular_plurals=frozenset(str(w).lower() for w in raw["irregular_plurals"]),
        death_event_types=frozenset(str(w) for w in raw.get("death_event_types", ())),
        death_sub_event_types=frozenset(str(w) for w in raw.get("death_sub_event_types", ())),
        deathless_sub_event_types=frozenset(str(w) for w in raw.get("deathless_sub_event_types", ())),
    )


@lru_cache(maxsize=4)
def default_lexicon(path: Path = DATA_FILE) -> NumberLexicon:
    """The packaged lexicon, read once (immutable, so sharing it is safe)."""
    return load_number_lexicon(path)


# ---------------------------------------------------------------- tokens

TOKEN_RE = re.compile(
    # "7-year-old" and "120mm" are words, not counts
    r"\d+(?:-?[A-Za-z]+)(?:-[A-Za-z]+)*|\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
    r"|[A-Za-z]+(?:['’][A-Za-z]+)?(?:-[A-Za-z]+)*|\S"
)


DECIMAL_RE = re.compile(r"\d+\.\d+")


@dataclass(frozen=True)
class Tok:
    text: str
    low: str
    start: int
    end: int


def tokenize(text: str) -> list[Tok]:
    return [Tok(m.group(), m.group().lower(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


# ---------------------------------------------------------------- number phrases

LOWER_BOUND = {("at", "least"), ("more", "than"), ("over",), ("no", "fewer", "than"), ("no", "less", "than"),
               ("a", "minimum", "of"), ("upwards", "of"), ("in", "excess", "of")}
APPROX = {("about",), ("around",), ("approximately",), ("nearly",), ("almost",), ("roughly",),
          ("some",), ("an", "estimated"), ("estimated",), ("reportedly",), ("a", "total", "of"),
          ("up", "to"), ("as", "many", "as"), ("at", "most"), ("close", "to"), ("less", "than"),
          ("fewer", "than"), ("just", "over"), ("just", "under"), ("only",), ("another",),
          ("an", "additional"), ("additional",), ("a", "further"), ("further",), ("all",),
          ("the",), ("his",), ("her",), ("their",), ("its",)}
QUALIFIERS_BY_FIRST = _by_first_word(tuple(LOWER_BOUND | APPROX))  # immutable index, longest first
ADDITIVE_WORDS = {"another", "additional", "further", "also", "more", "other", "separately", "later",
                  "second", "third"}


@dataclass(frozen=True)
class Num:
    start: int  # token index of the first word (qualifiers included)
    end: int  # token index after the last word
    value: int
    kind: str  # digits | words | vague | article
    additive: bool = False  # "another 3", "an additional 2"


def _match_words(toks: Sequence[Tok], i: int, words: tuple[str, ...]) -> bool:
    return i + len(words) <= len(toks) and all(toks[i + k].low == w for k, w in enumerate(words))


def _skip_qualifiers(toks: Sequence[Tok], i: int) -> tuple[int, bool]:
    additive = False
    for _ in range(3):
        for words in QUALIFIERS_BY_FIRST.get(toks[i].low, ()) if i < len(toks) else ():
            if _match_words(toks, i, words):
                additive = additive or words[-1] in ADDITIVE_WORDS
                i += len(words)
                break
        else:
            break
    return i, additive


def _digits(tok: Tok) -> int | None:
    if not tok.text[:1].isdecimal():
        return None  # most tokens: no regex, no copy
    text = tok.text.replace(",", "")
    if text.isdecimal() and len(text) <= 9:  # what \d+ matches, and int() reads
        return int(text)
    return None


def _word_number(toks: Sequence[Tok], i: int, lex: NumberLexicon) -> tuple[int, int] | None:
    """'twenty-five', 'one hundred and twenty', 'three thousand', '1.5 million' -> (value, end)."""
    total, current, j, seen = 0, 0, i, False
    while j < len(toks):
        parts = toks[j].low.split("-")
        if all(p in lex.units and p not in ("no", "both", "couple", "pair", "single", "lone") for p in parts):
            current += sum(lex.units[p] for p in parts)
        elif toks[j].low in lex.scales and (seen or j == i):
            scale = lex.scales[toks[j].low]
            current = max(current, 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
        elif toks[j].low == "and" and seen and j + 1 < len(toks) and toks[j + 1].low.split("-")[0] in lex.units:
            j += 1
            continue
        else:
            break
        seen, j = True, j + 1
    if not seen:
        return None
    return total + current, j


MONTH_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
YEAR_BEFORE = {"in", "since", "of", "until", "by", "from", "to", "and", "early", "late", "mid", "year", "the",
               "between", "before", "after", "during", "till"}


def _is_year(toks: Sequence[Tok], i: int) -> bool:
    """'2022' in 'On 3 May 2022, ...' or 'since 2014' is a year, not a count."""
    if not re.fullmatch(r"(?:19|20)\d\d", toks[i].text):
        return False
    prev = toks[i - 1].low.rstrip(".") if i > 0 else ""
    nxt = toks[i + 1].text if i + 1 < len(toks) else ""
    return prev in MONTH_WORDS or prev in YEAR_BEFORE or nxt in (",", ")", ".", ";", "-", "]") or not nxt


def parse_number(toks: Sequence[Tok], i: int, lex: NumberLexicon) -> Num | None:
    """The number phrase starting at token ``i``: qualifiers, ranges, vague quantities."""
    start = i
    i, additive = _skip_qualifiers(toks, i)
    between = i < len(toks) and toks[i].low == "between"
    if between:
        i += 1
    core = _core_number(toks, i, lex)
    if core is None and i > start:
        core = _core_number(toks, start, lex)  # "some civilians": "some" is the count itself
        additive = False
    if core is None:
        return None
    value, j, kind = core
    # ranges and alternatives: "5 to 8", "5-8", "5 or 6", "between 5 and 8" -> the lowest
    if j + 1 < len(toks) and (toks[j].low in ("to", "or", "-", "–") or (between and toks[j].low == "and")):
        other = _core_number(toks, j + 1, lex)
        if other is not None and other[2] in ("digits", "words"):
            value, j = min(value, other[0]), other[1]
    if j < len(toks) and toks[j].low == "of" and kind == "vague":
        j += 1
    return Num(start, j, value, kind, additive)


# words `_core_number` reads as counts by themselves (besides units, scales and quantifiers)
STARTING_WORDS = ("a", "an", "no", "nobody", "both", "couple", "pair", "single", "lone", "another", "one")


def _core_number(toks: Sequence[Tok], i: int, lex: NumberLexicon) -> tuple[int, int, str] | None:
    if i >= len(toks):
        return None
    for words in lex.quantifiers_by_first.get(toks[i].low, ()):
        if _match_words(toks, i, words):
            # "a dozen" / "tens of thousands": let a following scale word win over the quantifier
            return lex.quantifiers[words], i + len(words), "vague"
    value = _digits(toks[i])
    if value is not None and _is_year(toks, i):
        return None
    if value is not None:
        j = i + 1
        if j < len(toks) and toks[j].low in lex.scales:
            value, j = value * lex.scales[toks[j].low], j + 1
        return value, j, "digits"
    if toks[i].text[:1].isdecimal() and DECIMAL_RE.fullmatch(toks[i].text) and i + 1 < len(toks) \
            and toks[i + 1].low in lex.scales:
        return int(float(toks[i].text) * lex.scales[toks[i + 1].low]), i + 2, "digits"
    if toks[i].low in ("a", "an") and i + 1 < len(toks) and toks[i + 1].low in lex.scales:
        return lex.scales[toks[i + 1].low], i + 2, "words"
    words = _word_number(toks, i, lex)
    if words is not None:
        return words[0], words[1], "words"
    if toks[i].low == "no" and i + 1 < len(toks) and toks[i + 1].low == "one" or toks[i].low == "nobody":
        return 0, i + (1 if toks[i].low == "nobody" else 2), "words"
    if toks[i].low in ("both", "couple", "pair"):
        return 2, i + 1, "words"
    if toks[i].low in ("a", "an", "one", "single", "lone", "another"):
        return 1, i + 1, "article"
    return None


def number_phrases(toks: Sequence[Tok], lex: NumberLexicon) -> list[Num]:
    """Every number phrase, leftmost-longest, not overlapping."""
    out: list[Num] = []
    i = 0
    while i < len(toks):
        if not lex.may_open_number(toks[i].low):  # most words: no phrase can start there
            i += 1
            continue
        num = parse_number(toks, i, lex)
        if num is not None and num.end > i:
            out.append(num)
            i = num.end
        else:
            i += 1
    return out


# ---------------------------------------------------------------- vocabulary of harm

KILL_OBJECT_VERBS = {
    "kill", "kills", "killed", "killing", "execute", "executes", "executed", "executing",
    "behead", "beheads", "beheaded", "beheading", "murder", "murders", "murdered", "murdering",
    "massacre", "massacres", "massacred", "massacring", "slay", "slays", "slew", "slaying",
    "lynch", "lynches", "lynched", "lynching", "assassinate", "assassinates", "assassinated",
    "assassinating",
}
# verbs that kill only with "dead" / "to death" after the object: "shot a man dead"
TO_DEATH_VERBS = {
    "shot", "shoot", "shooting", "shoots", "stabbed", "stabbing", "beat", "beaten", "beating",
    "hacked", "hacking", "burned", "burnt", "burning", "stoned", "stoning", "clubbed", "tortured",
    "torturing", "hanged", "gunned", "gunning", "crushed", "trampled", "lynched", "bludgeoned",
}
KILL_SUBJECT_WORDS = {
    "killed", "dead", "died", "die", "dies", "executed", "beheaded", "murdered", "massacred", "slain",
    "lynched", "perished", "assassinated", "succumbed",
}
DEATH_NOUNS = {"fatalities", "fatality", "deaths", "dead", "bodies", "corpses", "body", "corpse", "lives"}
DEATH_OF_NOUNS = {"killing", "killings", "death", "deaths", "murder", "murders", "execution", "executions",
                  "lives", "bodies", "body", "corpses", "assassination", "massacre", "beheading"}

INJURE_OBJECT_VERBS = {"injure", "injures", "injured", "injuring", "wound", "wounds", "wounded",
                       "wounding", "hurt", "hurting", "maim", "maimed", "maiming"}
INJURE_SUBJECT_WORDS = {"injured", "wounded", "hurt", "hospitalised", "hospitalized", "maimed"}
INJURY_NOUNS = {"injuries", "injury", "injured", "wounded"}
INJURY_OF_NOUNS = {"injury", "injuries", "wounding"}

# words between a count and its death word: "3 people were reportedly later found dead"
AUX = {"was", "were", "is", "are", "been", "being", "be", "have", "has", "had", "reportedly", "allegedly",
       "also", "all", "later", "subsequently", "reported", "confirmed", "then", "eventually", "apparently",
       "both", "instantly", "immediately", "consequently", "each", "feared", "believed", "presumed", "said",
       "to", "found", "left"}
# words that cannot sit inside the noun phrase between a count and its verb
NP_STOP = {
    "and", "or", "but", "while", "when", "after", "before", "who", "whom", "which", "that", "where",
    "was", "were", "is", "are", "been", "have", "has", "had", "by", "with", "as", "than", "if",
    "killed", "injured", "wounded", "dead", "died", "killing", "injuring", "wounding", "including",
    "to", "into", "on", "at", "from", "during", "for", "since", "until", "because", "although",
    "not", "no", "did", "do", "does", "could", "would", "will", "may", "might", "said", "says",
    "near", "in", "inside", "outside", "around", "across", "along", "within", "through", "over", "under",
    "against", "behind", "between", "among", "amid", "via", "per", "off", "upon", "onto", "about", "towards",
    "toward", "like", "following", "despite", "without", "then", "also", "reportedly",
}
INCLUDING_CUES = {"including", "among", "whom", "them", "incl"}
CONFLICT_CUES = re.compile(
    r"\b(?:or|while|whereas|however|although|though|but|according|claim(?:s|ed|ing)?|other\s+"
    r"(?:sources|reports)|reportedly|reports?|said|says|alleged(?:ly)?|denied|put\s+the)\b",
    re.I,
)
ZERO_RE = re.compile(
    r"\b(?:no|zero)\s+(?:reported\s+|known\s+|immediate\s+|human\s+)?(?:fatalities|deaths|casualties|"
    r"loss(?:es)?\s+of\s+(?:life|lives)|lives\s+were\s+lost|one\s+(?:was\s+|were\s+)?(?:killed|died|hurt|injured)"
    r"|injuries\s+or\s+(?:fatalities|deaths)|deaths\s+or\s+injuries|casualties\s+or\s+injuries)"
    r"|\bnobody\s+(?:was\s+)?(?:killed|died|hurt|injured)|\bwithout\s+(?:any\s+)?(?:casualties|fatalities|deaths)"
    r"|\bno\s+one\s+(?:has\s+been|had\s+been|was)\s+(?:killed|hurt|injured)"
    r"|\bno\s+(?:casualties|injuries|fatalities)\s+(?:were|was|have\s+been)\s+reported",
    re.I,
)
ZERO_INJURY_RE = re.compile(
    r"\b(?:no|zero)\s+(?:reported\s+)?(?:injuries|casualties|one\s+(?:was\s+)?(?:hurt|injured|wounded)"
    r"|injuries\s+or\s+(?:fatalities|deaths)|deaths\s+or\s+injuries)"
    r"|\bnobody\s+(?:was\s+)?(?:hurt|injured|wounded)|\bwithout\s+(?:any\s+)?(?:casualties|injuries)",
    re.I,
)
DEATH_TOLL_RE = re.compile(
    r"\bdeath\s+toll\s+(?:\w+\s+){0,3}?(?:rose|risen|rises|climbed|reached|stands|stood|increased|is|was"
    r"|of|at|to|hit|jumped)\b(?:\s+(?:to|at|of))?\s+",
    re.I,
)
SENTENCE_END_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"'’)\]]))\s+(?=[A-Z0-9\"'“(\[])|\n\s*\n")
SIZE_TAG_RE = re.compile(r"\[size=([^\]]*)\]", re.I)
PROTEST_VERBS = {
    "protested", "protest", "protesting", "demonstrated", "demonstrating", "marched", "marching",
    "gathered", "gathering", "rallied", "rallying", "staged", "held", "took", "blocked", "blocking",
    "participated", "joined", "assembled", "picketed", "attended", "walked", "converged",
    "took", "occupied", "sat", "chanted", "carried", "went", "came", "denounced", "demanded",
    "called", "rioted", "clashed", "stormed", "burned", "torched", "set",
}
PEOPLE_NOUNS_RE = re.compile(
    r"^(?:people|persons|residents|protesters|protestors|demonstrators|supporters|members|students|"
    r"workers|farmers|women|men|villagers|activists|citizens|locals|youths?|teachers|traders|"
    r"drivers|rioters|participants|employees|doctors|nurses|pupils|parents|fishermen|marchers|"
    r"individuals|others|inhabitants|vendors|miners|motorists|taxi|retirees|pensioners|veterans|"
    r"ultras|fans|mourners|relatives|families)$",
    re.I,
)


# ---------------------------------------------------------------- mentions


@dataclass(frozen=True)
class CountMention:
    start: int  # char offsets into the text
    end: int
    count: int
    additive: bool = False  # "another 3", "3 more were also killed"
    summary: bool = False  # a stated total ("death toll")
    definite: bool = False  # "the driver", "he", "the five victims": people already counted
    agentive: bool = False  # the object of an active killing ("X killed 3"): the sentence names a killer


HYPOTHETICAL_CUES = {"to", "will", "would", "could", "can", "cannot", "may", "might", "should", "must", "not",
                     "never", "who", "whoever", "anyone", "that", "they", "we", "you", "i", "threaten", "threatens"}
DEFINITE_WORDS = {"the", "his", "her", "their", "these", "those", "its"}
SUBJECT_PRONOUNS = {"he", "she"}
OBJECT_PRONOUNS = {"him", "her"}
# Deaths that a report mentions as the reason for something else ("protest against the
# killing of a man", "justice for the victims") are not deaths of the coded event.
BACKGROUND_RE = re.compile(
    # "protest against the killing of a man", "following the death of 2 students"
    r"\b(?:against|over|for|after|following|protest\w*|condemn\w*|denounc\w*|mourn\w*|investigat\w*"
    r"|into|about|behind|responsible|suspected|accused|avenge|revenge|retaliation)\s+(?:the\s+|a\s+)?"
    r"(?:[\w-]+\s+){0,2}(?:killings?|deaths?|murders?|assassinations?|executions?|lynching)\s+of\s*$"
    # "justice for ...", "in memory of ...", "a vigil for ..." in the same clause
    r"|\b(?:justice\s+for|in\s+memory\s+of|vigil\s+for|mourn\w*|commemorat\w*|anniversary\s+of)\b[^.;]{0,60}$",
    re.I,
)
# words between a violence verb and "and killed": "shot in the head and killed", "stabbed 3 times and killed"
WOUND_DETAIL = {
    "in", "to", "on", "at", "the", "his", "her", "their", "a", "head", "chest", "back", "neck", "stomach", "face",
    "leg", "legs", "abdomen", "body", "times", "twice", "once", "thrice", "several", "multiple", "repeatedly",
}
INTRANSITIVE_DEATH = {"died", "dies", "die", "perished", "succumbed", "dead"}
PREPOSITIONS_IN_SUBJECT = {"in", "of", "from", "at", "on", "near", "inside", "across"}


def _is_word(tok: Tok) -> bool:
    return any(c.isalpha() for c in tok.text)


def _np_end(toks: Sequence[Tok], i: int, limit: int = 6) -> int:
    """End of a short noun phrase starting at ``i`` (words only, no stop words)."""
    j = i
    while j < len(toks) and j - i < limit and _is_word(toks[j]) and toks[j].low not in NP_STOP:
        j += 1
    return j


def _phrase_head(toks: Sequence[Tok], i: int, end: int) -> str | None:
    """The head noun of toks[i:end] (last word before 'of'), or None when empty."""
    words = [t.low for t in toks[i:end]]
    if "of" in words:
        words = words[: words.index("of")]
    return words[-1] if words else None


def _is_plural(word: str, lex: NumberLexicon) -> bool:
    return word in lex.irregular_plurals or (word.endswith("s") and not word.endswith(("ss", "us", "is")))


def _counts_people(num: Num, toks: Sequence[Tok], lex: NumberLexicon) -> bool:
    """Reject "2 days", "3 houses", "1,000 km": the count must be of people."""
    if num.end < len(toks) and toks[num.end].low in lex.non_person_nouns:
        return False
    if num.end < len(toks) and toks[num.end].low in ("%", "per", "percent", "-"):
        return False
    return True


def _inside_including(toks: Sequence[Tok], i: int, end: int | None = None) -> bool:
    """A count inside "including 3 children" / "among them 2 women" / "one of whom" is a part
    of a count already made, not a new count."""
    back = [t.low for t in toks[max(0, i - 3) : i]]
    if back[-2:] == ["among", "the"] or (back[-1:] == ["among"] and i < len(toks) and toks[i].low == "the"):
        return False  # "four children are among the 28 dead": the 28 is the whole
    if any(w in INCLUDING_CUES for w in back) and not any(w in (".", ";") for w in back):
        return True
    if end is not None:
        after = [t.low for t in toks[end : end + 2]]
        return after in (["of", "whom"], ["of", "them"], ["of", "which"])
    return False


class _Scanner:
    """Finds harm counts in one text for one kind of harm (deaths or injuries)."""

    def __init__(self, text: str, lex: NumberLexicon, object_verbs: set[str], subject_words: set[str],
                 nouns: set[str], of_nouns: set[str], to_death: bool) -> None:
        self.text = text
        self.lex = lex
        self.toks = tokenize(text)
        self.nums = number_phrases(self.toks, lex)
        self.num_at = {n.start: n for n in self.nums}
        self.num_ending = {n.end: n for n in self.nums}
        self.object_verbs = object_verbs
        self.subject_words = subject_words
        self.nouns = nouns
        self.of_nouns = of_nouns
        self.to_death = to_death

    def mentions(self) -> list[CountMention]:
        found: list[CountMention] = []
        used: set[int] = set()
        for k, tok in enumerate(self.toks):
            if self._hypothetical(k):
                continue
            if tok.low in self.object_verbs and not self._passive(k):
                m = self._object_count(k + 1, k)
                if m is not None:
                    found.append(replace(m, agentive=True))
                    used.add(k)
            elif self.to_death and tok.low in TO_DEATH_VERBS and not self._passive(k):
                m = self._to_death_object(k)
                if m is not None:
                    found.append(replace(m, agentive=True))
                    used.update((k, k + 1))  # "shot dead a man": "dead" is not a second death
            if tok.low in self.of_nouns and k + 1 < len(self.toks) and self.toks[k + 1].low == "of":
                m = self._object_count(k + 2, k)
                if m is not None:
                    # "the bodies of two men" re-describes deaths, "bodies of two men" reports them
                    definite = m.definite or (k > 0 and self.toks[k - 1].low in DEFINITE_WORDS
                                              and tok.low in ("bodies", "body", "corpses", "lives"))
                    found.append(CountMention(m.start, m.end, m.count, m.additive, definite=definite))
        for k, tok in enumerate(self.toks):
            if k in used:
                continue
            if (tok.low in self.subject_words or self._to_death_at(k)) and not self._or_other_harm(k):
                found.extend(self._subject_counts(k))
            if tok.low in self.nouns:
                m = self._noun_count(k)
                if m is not None:
                    found.append(m)
        return _dedupe(m for m in found if not self._background(m))

    # -- helpers

    def _background(self, m: CountMention) -> bool:
        return bool(BACKGROUND_RE.search(self.text[max(0, m.start - 80) : m.start]))

    def _hypothetical(self, k: int) -> bool:
        """"vowed to kill 5", "anyone who beheads one of them", "will kill": no report of deaths.
        Present-tense forms stay readable in headlines ("Gunmen kill 5 in raid")."""
        word = self.toks[k].low
        if word not in self.object_verbs or word.endswith(("ed", "ing")) or word == "slew":
            return False
        return k > 0 and self.toks[k - 1].low in HYPOTHETICAL_CUES

    def _or_other_harm(self, k: int) -> bool:
        """"51 were killed or wounded": a count of mixed harm is not a count of the dead."""
        nxt = [t.low for t in self.toks[k + 1 : k + 5]]
        if nxt[:2] in (["and", "injured"], ["and", "wounded"]):
            return True  # "48 killed and injured": casualties, not deaths
        return bool(nxt) and (nxt[0] == "or" or nxt[:1] == [","] and "or" in nxt)

    def _passive(self, k: int) -> bool:
        return k > 0 and self.toks[k - 1].low in ("was", "were", "been", "being", "be", "is", "are")

    def _to_death_at(self, k: int) -> bool:
        """"shot dead" / "stabbed to death" read as one death word for subject counts."""
        if not self.to_death or self.toks[k].low not in TO_DEATH_VERBS:
            return False
        nxt = [t.low for t in self.toks[k + 1 : k + 3]]
        return nxt[:1] == ["dead"] or nxt == ["to", "death"]

    def _singular_person(self, i: int, limit: int = 5) -> int | None:
        """End of a singular noun phrase at i ("village administrator"), else None."""
        end = _np_end(self.toks, i, limit)
        head = _phrase_head(self.toks, i, end)
        if head is None or _is_plural(head, self.lex) or head in self.lex.non_person_nouns \
                or head in ("lives", "life", "bodies", "dead", "body", "way", "result"):
            return None
        return end

    def _chain(self, i: int) -> tuple[int, int, int, bool, bool] | None:
        """Count(s) at token i: "two soldiers and three civilians" -> (5, start, end, additive, definite)."""
        num = self.num_at.get(i)
        if num is None or not _counts_people(num, self.toks, self.lex):
            return None
        total, end, additive = num.value, _np_end(self.toks, num.end), num.additive
        definite = self.toks[num.start].low in DEFINITE_WORDS
        if num.kind == "article":
            # "killed a man" -> 1; "killed the men" names no count
            if self._singular_person(num.end) is None:
                return None
        # "... and three civilians", "... and his co-driver": more counts joined to the first
        j = end
        while j + 1 < len(self.toks) and self.toks[j].low in ("and", ","):
            nxt = self.num_at.get(j + 1)
            if nxt is not None:
                nxt_end = _np_end(self.toks, nxt.end)
                head = _phrase_head(self.toks, nxt.end, nxt_end)
                if not _counts_people(nxt, self.toks, self.lex) \
                        or head in DEATH_NOUNS | INJURY_NOUNS | {"injuries", "injury", "wounds", "others"} \
                        or (nxt.kind == "article" and self._singular_person(nxt.end) is None):
                    break
                total += nxt.value
                j = nxt_end
            elif self.toks[j + 1].low in ("his", "her", "their") and self._singular_person(j + 2):
                total += 1
                j = self._singular_person(j + 2) or j + 2
            else:
                break
        return total, num.start, j, additive, definite

    def _object_count(self, i: int, verb: int) -> CountMention | None:
        # "killing at least 3", "killed 3 people", "killed the two men", "claimed the lives of"
        toks = self.toks
        if i < len(toks) and toks[i].low in OBJECT_PRONOUNS and (
                i + 1 >= len(toks) or not _is_word(toks[i + 1]) or toks[i + 1].low in NP_STOP):
            return CountMention(toks[i].start, toks[i].end, 1, definite=True)  # "killing him"
        if i < len(toks) and toks[i].low in DEFINITE_WORDS and (i + 1) in self.num_at \
                and self.num_at[i + 1].kind != "article":
            i += 1
        if i < len(toks) and toks[i].low in DEFINITE_WORDS and i not in self.num_at:
            # "killed the village administrator" -> 1 when the head noun is singular
            end = _np_end(toks, i + 1, limit=5)
            head = _phrase_head(toks, i + 1, end)
            if head in ("lives", "bodies") and end < len(toks) and toks[end].low == "of":
                return self._object_count(end + 1, verb)
            single = self._singular_person(i + 1)
            if single is None:
                return None
            chain_total = 1
            j = single
            while j + 1 < len(toks) and toks[j].low == "and":
                nxt = self.num_at.get(j + 1)
                if nxt is not None and nxt.kind != "article" and _counts_people(nxt, toks, self.lex):
                    chain_total, j = chain_total + nxt.value, _np_end(toks, nxt.end)  # "his wife and three children"
                    continue
                if toks[j + 1].low not in ("his", "her", "their", "the", "a", "an", "another"):
                    break
                more = self._singular_person(j + 2)
                if more is None:
                    break
                chain_total, j = chain_total + 1, more
            return CountMention(toks[i].start, toks[j - 1].end, chain_total, definite=True)
        chain = self._chain(i)
        if chain is None or _inside_including(toks, i):
            return None
        total, s, e, additive, definite = chain
        additive = additive or self._additive_before(verb)
        return CountMention(toks[s].start, toks[e - 1].end, total, additive, definite=definite)

    def _to_death_object(self, k: int) -> CountMention | None:
        # "shot two men dead", "stabbed a woman to death", "shot dead 3 people"
        nxt = [t.low for t in self.toks[k + 1 : k + 3]]
        if nxt[:1] == ["dead"]:
            return self._object_count(k + 2, k)
        if nxt == ["to", "death"]:
            return None
        m = self._object_count(k + 1, k)
        if m is None:
            return None
        end_tok = next(j for j, t in enumerate(self.toks) if t.end == m.end)
        after = [t.low for t in self.toks[end_tok + 1 : end_tok + 3]]
        if after[:1] == ["dead"] or after == ["to", "death"]:
            return m
        return None

    def _additive_before(self, k: int) -> bool:
        return any(t.low in ("also", "further", "additional", "another") for t in self.toks[max(0, k - 3) : k])

    def _skip_aside_back(self, j: int) -> int:
        """Step back over ", including their leader," or "(VDP)" just before token j."""
        toks = self.toks
        if j > 0 and toks[j - 1].text == ")":
            for p in range(j - 2, max(-1, j - 14), -1):
                if toks[p].text == "(":
                    return p
        if j > 0 and toks[j - 1].text == ",":
            for p in range(j - 2, max(-1, j - 14), -1):
                if toks[p].text == "," and p + 1 < len(toks) and toks[p + 1].low in INCLUDING_CUES:
                    return p
        return j

    def _subject_counts(self, k: int) -> list[CountMention]:
        """Counts before a death word: "3 people were killed", "a soldier died", "5 dead"."""
        toks = self.toks
        j = k
        # step back over auxiliaries and violence participles: "were shot and killed"
        while j > 0:
            if (toks[j - 1].low in AUX or toks[j - 1].low in TO_DEATH_VERBS
                    or (toks[j - 1].low == "and" and j > 1 and toks[j - 2].low in TO_DEATH_VERBS)):
                j -= 1
                continue
            verb_end = self._wound_detail_start(j - 1) if toks[j - 1].low == "and" else None
            if verb_end is None:
                break
            j = verb_end
        had_aux = j < k
        j = self._skip_aside_back(j)
        # the nearest count whose noun phrase (prepositions allowed) reaches j
        for p in range(j, max(-1, j - 9), -1):
            num = self.num_ending.get(p)
            if num is not None and all(self._in_subject(q) for q in range(p, j)):
                if num.kind == "article" and not had_aux and toks[k].low not in INTRANSITIVE_DEATH:
                    return []  # "A gunman killed ..." is active, not a count of the dead
                if not _counts_people(num, toks, self.lex):
                    break  # "the head of 100 households was killed": the subject is "the head"
                if _inside_including(toks, num.start, num.end):
                    return []
                if num.kind == "article":
                    head = _phrase_head(toks, p, j)
                    if head is None or _is_plural(head, self.lex):
                        return []
                return [self._backward_chain(num, k)]
            if p - 1 >= 0 and not self._in_subject(p - 1):
                break
        return self._definite_subject(j, k, had_aux)

    def _in_subject(self, q: int) -> bool:
        """Token q can sit between a count and its death verb: nouns, prepositions ("five
        soldiers of the army"), and "and" joining nouns without a count of their own ("five
        soldiers and policemen were killed"; "two soldiers and a civilian" is a chain)."""
        tok = self.toks[q]
        if not _is_word(tok):
            return False
        if tok.low == "and":
            return q + 1 < len(self.toks) and q + 1 not in self.num_at and _is_word(self.toks[q + 1]) \
                and self.toks[q + 1].low not in NP_STOP
        if tok.low in ("wounded", "injured") and (q in self.num_ending or self.toks[q - 1].low in DEFINITE_WORDS):
            return True  # "a wounded man died", "the injured soldier succumbed": an adjective
        return tok.low not in NP_STOP or tok.low in PREPOSITIONS_IN_SUBJECT

    def _wound_detail_start(self, a: int) -> int | None:
        """For "and" at ``a`` in "was shot in the head and killed" / "shot five times and
        killed": the position right after the violence verb ("shot"), else None."""
        toks = self.toks
        for p in range(a - 1, max(-1, a - 7), -1):
            if toks[p].low in TO_DEATH_VERBS:
                return p + 1 if p + 1 < a else None
            if not (toks[p].low in WOUND_DETAIL or toks[p].low in self.lex.units or _digits(toks[p]) is not None):
                return None
        return None

    def _definite_subject(self, j: int, k: int, had_aux: bool) -> list[CountMention]:
        """"The armed suspect was killed", "He was killed", "the other later died" -> 1."""
        toks = self.toks
        intransitive = toks[k].low in INTRANSITIVE_DEATH
        singular_aux = any(t.low in ("was", "has") for t in toks[j:k])
        if not (singular_aux or intransitive):
            return []
        if j > 0 and toks[j - 1].low in SUBJECT_PRONOUNS:
            return [CountMention(toks[j - 1].start, toks[k].end, 1, definite=True)]
        p = j
        while p > 0 and j - p < 6 and toks[p - 1].low not in DEFINITE_WORDS and (
                (_is_word(toks[p - 1]) and (toks[p - 1].low not in NP_STOP or toks[p - 1].low in ("wounded", "injured")))
                or (p > 1 and toks[p - 2].low == "of" and _digits(toks[p - 1]) is not None)):
            p -= 1
        if p == 0 or toks[p - 1].low not in ("the", "his", "her") or p == j:
            return []
        head = _phrase_head(toks, p, j)
        if head is None or _is_plural(head, self.lex) or head in self.lex.non_person_nouns:
            return []
        if any(t.low in ("wounded", "injured") for t in toks[p:j]):
            # "the injured youth succumbed": one of the wounded, not of the dead counted before
            return [CountMention(toks[p - 1].start, toks[k].end, 1, additive=True)]
        return [CountMention(toks[p - 1].start, toks[k].end, 1, definite=True)]

    def _backward_chain(self, num: Num, k: int) -> CountMention:
        toks = self.toks
        total, first = num.value, num
        additive = num.additive or self._additive_before(num.start) or any(
            t.low in ("also", "later", "more") for t in toks[num.end : k + 3])
        definite = toks[num.start].low in DEFINITE_WORDS
        # "eight women and three men were killed": earlier counts joined by "and" / ","
        # (a comma joins only inside a list closed by "and": "2 soldiers, 3 police and a civilian")
        joined_by_and = False
        while first.start >= 2 and (toks[first.start - 1].low == "and"
                                    or toks[first.start - 1].low == "," and joined_by_and):
            joined_by_and = joined_by_and or toks[first.start - 1].low == "and"
            q = first.start - 1
            q = self._skip_aside_back(q)
            prev = None
            for p in range(q, max(-1, q - 6), -1):
                cand = self.num_ending.get(p)
                if cand is not None and all(_is_word(t) and t.low not in NP_STOP for t in toks[p:q]):
                    prev = cand
                    break
            if prev is None or not _counts_people(prev, toks, self.lex) or _inside_including(toks, prev.start):
                break
            if prev.kind == "article" and _is_plural(_phrase_head(toks, prev.end, q) or "s", self.lex):
                break
            if any(t.low in INJURE_OBJECT_VERBS | KILL_OBJECT_VERBS for t in toks[max(0, prev.start - 2) : prev.start]):
                break
            total += prev.value
            first = prev
        return CountMention(toks[first.start].start, toks[k].end, total, additive, definite=definite)

    def _noun_count(self, k: int) -> CountMention | None:
        """"2 fatalities", "dozens of corpses", "5 people dead" (noun after the count)."""
        toks = self.toks
        word = toks[k].low
        if word == "dead" and k + 1 < len(toks) and toks[k + 1].low == "bodies":
            return None
        if word in ("body", "corpse") and k >= 2 and toks[k - 1].low.endswith(("'s", "’s")) \
                and toks[k - 2].low in ("a", "an"):
            return CountMention(toks[k - 2].start, toks[k].end, 1)  # "a man's body was found"
        p = k
        while p > 0 and k - p < 4 and _is_word(toks[p - 1]) and toks[p - 1].low not in NP_STOP \
                and (p - 1) not in {n.end - 1 for n in self.nums}:
            p -= 1
        num = self.num_ending.get(p)
        if num is None or _inside_including(toks, num.start):
            return None
        if num.kind == "article" and word not in ("fatality", "death"):
            return None
        if word == "lives" and not any(t.low in ("claimed", "claiming", "lost", "took", "taking", "cost", "costing")
                                       for t in toks[max(0, num.start - 2) : num.start + 1]):
            return None
        definite = toks[num.start].low in DEFINITE_WORDS
        return CountMention(toks[num.start].start, toks[k].end, num.value, num.additive, definite=definite)


def _dedupe(found: Iterable[CountMention]) -> list[CountMention]:
    """Overlapping readings of one phrase count once (the widest wins)."""
    chosen: list[CountMention] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _sentence_ranges(text: str) -> list[tuple[int, int]]:
    cuts = [0, *(m.start() for m in SENTENCE_END_RE.finditer(text)), len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


SUMMARY_SENTENCE_RE = re.compile(
    r"^[\s(\[]*(?:there\s+(?:was|were)\s+|a\s+total\s+of\s+|in\s+total,?\s+|total:?\s+)?[\w,.-]+\s+"
    r"(?:total\s+)?(?:fatalit(?:y|ies)|killed|deaths?|dead|people\s+killed|persons\s+killed)"
    r"(?:\s+(?:reported|in\s+total|total|overall|confirmed))?"
    r"(?:\s*(?:,|and)\s*[\w-]+\s+(?:injur(?:y|ies|ed)|wounded|injured|arrested|missing))?[\s.)\]]*$",
    re.I,
)


def _combine(text: str, mentions: Sequence[CountMention]) -> int | None:
    """One figure from several mentions (see the module docstring for the rules)."""
    if not mentions:
        return None
    sentences = _sentence_ranges(text)

    def sentence_of(m: CountMention) -> int:
        return next((i for i, (a, b) in enumerate(sentences) if a <= m.start < b), len(sentences) - 1)

    # a short sentence that only states the total ("3 fatalities.") is the report's own sum
    for idx in reversed(range(len(sentences))):
        a, b = sentences[idx]
        in_sentence = [m for m in mentions if sentence_of(m) == idx]
        if len(in_sentence) == 1 and SUMMARY_SENTENCE_RE.match(text[a:b]):
            return in_sentence[0].count
    total: int | None = None
    for idx in sorted({sentence_of(m) for m in mentions}):
        in_sentence = [m for m in mentions if sentence_of(m) == idx]
        value = _within_sentence(text, in_sentence)
        a, b = sentences[idx]
        if total is None:
            total = value
        elif all(m.definite for m in in_sentence):
            total = max(total, value)  # "the driver", "the five victims": people already counted
        elif any(m.additive for m in in_sentence) or _additive_sentence(text, a, b, in_sentence):
            total += value  # "Additionally, 4 rebels were killed", "another 2 died later"
        elif ACROSS_CONFLICT_RE.search(text[a:b]):
            total = min(total, value)  # "Other sources put the toll at 8": the lowest
        else:
            # a lead's toll restated or broken down later ("killing at least 12 ... left 11 dead
            # in Aleppo"): the same deaths, so the largest single statement
            total = max(total, value)
    return total


def _within_sentence(text: str, mentions: Sequence[CountMention]) -> int:
    """Counts in one sentence add up ("2 soldiers were killed and a civilian died") unless a
    conflict cue separates them ("killing 5, though others said 8") -> the lowest."""
    value = mentions[0].count
    for prev, m in zip(mentions, mentions[1:]):
        if m.definite:
            value = max(value, m.count)
        elif CONFLICT_CUES.search(text[prev.end : m.start]) and not m.additive:
            value = min(value, m.count)
        else:
            value += m.count
    return value


ADDITIVE_SENTENCE_RE = re.compile(
    r"\b(?:also|additionally|in\s+addition|separately|elsewhere|as\s+well|another|additional|further"
    r"|meanwhile|in\s+a\s+separate)\b",
    re.I,
)
def _additive_sentence(text: str, a: int, b: int, mentions: Sequence[CountMention]) -> bool:
    """A cue of more deaths that governs this sentence's deaths: at its start ("Additionally,
    4 rebels were killed") or just before a count ("... and another 2 died"); "A further 546
    were injured" after a death count adds no deaths."""
    for cue in ADDITIVE_SENTENCE_RE.finditer(text, a, b):
        if cue.start() - a <= 25 or any(0 <= m.start - cue.end() <= 40 for m in mentions):
            return True
    return False


ACROSS_CONFLICT_RE = re.compile(
    r"\b(?:other\s+(?:sources|reports|estimates)|another\s+source|conflicting|however|denied|disputed"
    r"|differ\w*|lower|higher|while\s+\w+\s+(?:put|said|claimed|reported)|put\s+the\s+(?:death\s+)?toll"
    # a side's claim after a reported count conflicts with it ("NRF claimed killing 3"): the lowest
    r"|claim(?:s|ed)?)\b",
    re.I,
)


SPLIT_RE = re.compile(
    r"\b(?P<n>\d[\d,]*)\s+(?:total\s+)?fatalit(?:y|ies)\s+(?:(?:are|were|was|is)\s+)?(?:split|distributed|divided)"
    r"\s+(?:evenly\s+)?(?:between|across|among|over)\s+(?P<k>\d+|two|three|four|five|six)\s+"
    r"(?:events|locations|days)(?:\s+(?:and|,)\s+(?P<k2>\d+|two|three|four|five|six)\s+(?:events|locations|days))?",
    re.I,
)
CODED_N_RE = re.compile(
    r"\b(?:fatalit(?:y|ies)\b[^.;]{0,60}?\b(?:coded|estimated)\s+(?:as|at|to)\s+(?P<n>\d[\d,]*)\b"
    r"(?:\s+and\s+(?:split|distributed|divided)\s+(?:evenly\s+)?(?:between|across|among|over)\s+"
    r"(?P<k>\d+|two|three|four|five|six)\s+(?:events|locations|days)"
    r"(?:\s+and\s+(?P<k2>\d+|two|three|four|five|six)\s+(?:events|locations|days))?)?"
    r"|coded\s+(?:as\s+)?(?P<n2>\d[\d,]*)\s+fatalit(?:y|ies)"
    # "2 fatalities split across 6 events; 1 fatality coded for this event"
    r"|(?P<n3>\d[\d,]*)\s+fatalit(?:y|ies)\s+(?:(?:is|are|was|were)\s+)?(?:coded|attributed|assigned)\s+"
    r"(?:for|to|in)\s+this\s+event)",
    re.I,
)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _parts(*words: str | None) -> int:
    out = 1
    for w in words:
        if w:
            out *= int(w) if w.isdigit() else _SMALL[w.lower()]
    return max(out, 1)


def _ceil_div(n: int, k: int) -> int:
    return -(-n // k)


def _coded_as(text: str) -> int | None:
    """ACLED's own statement of the figure it coded: "Unknown fatalities coded as 3",
    "coded as 12 and split between 2 locations" (-> 6, the first share rounded up),
    "40 fatalities split between 6 events" (-> 7)."""
    coded = list(CODED_N_RE.finditer(text))
    if coded:
        m = coded[-1]
        if m["n2"] or m["n3"]:
            return int((m["n2"] or m["n3"]).replace(",", ""))
        return _ceil_div(int(m["n"].replace(",", "")), _parts(m["k"], m["k2"]))
    split = list(SPLIT_RE.finditer(text))
    if split:
        m = split[-1]
        return _ceil_div(int(m["n"].replace(",", "")), _parts(m["k"], m["k2"]))
    return None


def _death_toll(text: str, lex: NumberLexicon) -> list[CountMention]:
    out = []
    for m in DEATH_TOLL_RE.finditer(text):
        toks = tokenize(text[m.end() :])
        num = parse_number(toks, 0, lex)
        if num is not None and num.kind != "article":
            out.append(CountMention(m.start(), m.end() + toks[num.end - 1].end, num.value, summary=True))
    return out


def _zero_mentions(regex: re.Pattern[str], text: str) -> list[CountMention]:
    return [CountMention(m.start(), m.end(), 0) for m in regex.finditer(text)]


# ---------------------------------------------------------------- public API


def fatality_mentions(text: str, lexicon: NumberLexicon | None = None) -> list[tuple[int, int, int]]:
    """(start, end, count) for each report of deaths in ``text`` (zero reports included)."""
    return [(m.start, m.end, m.count) for m in _fatality_mentions(text, lexicon or default_lexicon())]


def _fatality_mentions(text: str, lex: NumberLexicon) -> list[CountMention]:
    scanner = _Scanner(text, lex, KILL_OBJECT_VERBS, KILL_SUBJECT_WORDS, DEATH_NOUNS, DEATH_OF_NOUNS, True)
    found = [*scanner.mentions(), *_death_toll(text, lex), *_zero_mentions(ZERO_RE, text)]
    return _drop_coded_elsewhere(text, _dedupe(found))


# ACLED notes mark deaths that belong to another coded event: "killing 17 militants (coded
# separately)", "two civilians were killed (fatalities coded to Donetsk - Kyivskyi event)".
CODED_ELSEWHERE_RE = re.compile(
    r"[(\[]\s*(?:coded\s+(?:separately|elsewhere|as\s+(?:a\s+)?separate(?:\s+events?)?|as\s+other\s+events?)"
    r"|(?:the\s+)?fatalit(?:y|ies)\s+(?:(?:is|are|were|was)\s+)?coded\s+(?:to|in|with|under|as\s+part\s+of)\s+[^)\]]{0,80})"
    r"\s*[)\]]",
    re.I,
)


def _drop_coded_elsewhere(text: str, mentions: list[CountMention]) -> list[CountMention]:
    """The count right before a coded-elsewhere marker in the same sentence is not this
    event's ("attacked A and B [coded separately], killing 4" keeps its 4: the marker comes first)."""
    dropped: set[int] = set()
    for marker in CODED_ELSEWHERE_RE.finditer(text):
        before = [i for i, m in enumerate(mentions)
                  if m.end <= marker.start() and not SENTENCE_END_RE.search(text[m.end : marker.start()])]
        if before:
            dropped.add(before[-1])
    return [m for i, m in enumerate(mentions) if i not in dropped]


def fatalities_in(text: str, lexicon: NumberLexicon | None = None) -> int | None:
    """People reported killed in ``text`` by ACLED's conventions; None when nothing is said."""
    lex = lexicon or default_lexicon()
    coded = _coded_as(text)
    if coded is not None:
        return coded
    mentions = _fatality_mentions(text, lex)
    tolls = [m for m in mentions if m.summary]
    if tolls:
        return min(m.count for m in tolls)  # conflicting tolls -> lowest
    positive = [m for m in mentions if m.count > 0]
    if positive:
        return _combine(text, positive)
    return 0 if mentions else None


def fatalities(text_or_span: object, lexicon: NumberLexicon | None = None) -> int | None:
    """Stage-contract alias: accepts a string or anything with ``.text`` (a spaCy Span)."""
    text = text_or_span if isinstance(text_or_span, str) else str(getattr(text_or_span, "text", text_or_span))
    return fatalities_in(text, lexicon)


# ---------------------------------------------------------------- deaths of coded events


@dataclass(frozen=True)
class EventTexts:
    """What the numbers stage reads for one coded event of a document."""

    sentence: int  # index of the event's own sentence in the document
    paragraph: int
    texts: tuple[str, ...]  # its own clause first, then the clauses of follow-ups merged into it
    carries_deaths: bool  # a violent event type (see ``carries_deaths``)
    last_sentence: int = -1  # the latest sentence already merged into it
    date: str | None = None  # its event date (ISO): a new date is a new incident
    deathless: bool = False  # a type that has no deaths by definition (see ``deathless``)
    confidence: float = 0.0  # the event coder's: an incident's toll goes to its most confident event
    event_date: str | None = None  # its date, stated or not: a toll dated otherwise is not its


def carries_deaths(event_type: str | None, sub_event_type: str | None, lexicon: NumberLexicon | None = None) -> bool:
    """Whether deaths reported after an event are its own: true of violent event types; a
    peaceful protest or a strategic development reports deaths only as background."""
    lex = lexicon or default_lexicon()
    return event_type in lex.death_event_types or sub_event_type in lex.death_sub_event_types


def deathless(sub_event_type: str | None, lexicon: NumberLexicon | None = None) -> bool:
    """Sub-event types that have no fatalities by definition: a peaceful protest where people
    die is coded as excessive force or a violent demonstration instead, so deaths in its
    text are background ("a rally after a man was killed by police")."""
    return sub_event_type in (lexicon or default_lexicon()).deathless_sub_event_types


def passive_death_report(text: str, lexicon: NumberLexicon | None = None) -> bool:
    """A sentence that reports deaths without naming who killed ("Three soldiers were killed.",
    "One person died and two were injured.", "The clashes resulted in 3 fatalities."): the
    toll of the incident told just before, not an incident of its own."""
    lex = lexicon or default_lexicon()
    mentions = [m for m in _fatality_mentions(text, lex) if m.count > 0]
    if not mentions or AGENT_AFTER_DEATH_RE.search(text):
        return False
    return not any(m.agentive for m in mentions) or bool(INCIDENT_SUBJECT_RE.search(text) or CLAIMED_KILLING_RE.search(text))


# "The attack killed 12", "the clashes left 3 dead": the killer is the incident told before
INCIDENT_SUBJECT_RE = re.compile(
    r"^\W*(?:the|this|that|these)\s+(?:[\w-]+\s+){0,2}?(?:attacks?|clash(?:es)?|fighting|blasts?|explosions?"
    r"|strikes?|airstrikes?|air\s+strikes?|shelling|bombings?|raids?|ambush(?:es)?|violence|incident|ieds?|assaults?"
    r"|operations?|shooting|firing|exchange\s+of\s+fire|confrontations?)\s+(?!by\b|of\b|on\b|in\b|at\b)",
    re.I,
)
# "Al Shabaab claimed killing three soldiers": the perpetrator's claim about the incident
CLAIMED_KILLING_RE = re.compile(r"\bclaim(?:ed|s)?\s+(?:that\s+)?(?:to\s+have\s+)?(?:killing|killed)\b", re.I)


# "killed by Al Shabaab militants" names a killer; "killed by stray bullets" does not
AGENT_AFTER_DEATH_RE = re.compile(
    r"\b(?:killed|died|dead|slain|executed|murdered|beheaded|shot)\b[^.;]{0,25}?\bby\s+(?!stray|a\s+stray"
    r"|(?:the\s+)?(?:bullets?|gunfire|gunshots?|shrapnel|fire|explosions?|blasts?|shelling|violence|clash(?:es)?"
    r"|fighting|attack|mistake|accident|unknown|unidentified))",
    re.I,
)


def event_fatalities(events: Sequence[EventTexts], sentences: Sequence[str], paragraphs: Sequence[int],
                     lexicon: NumberLexicon | None = None, sentence_dates: Sequence[str | None] = ()) -> list[int]:
    """Fatalities of each coded event of one document, in order.

    An incident's toll is often told after it: "On 5 May militants ambushed a convoy. Three
    soldiers were killed. 3 fatalities." So death reports that name no killer join the
    incident they follow:
    * an incident opens with a violent event; a later violent event opens a new one when it
      states a date of its own that differs, says so ("in a separate incident",
      "elsewhere"), or stands in another paragraph; otherwise it is a part of the same
      incident ("Troops clashed with rebels. Aircraft also struck their positions.");
    * a later event whose clause only reports deaths without a killer ("Three soldiers were
      killed.", "The attack killed 12.") gives its count to the incident (it keeps its own);
    * so does a sentence no violent event was read from ("He died later in hospital."),
      when it follows the incident closely (``FOLLOW_WINDOW`` sentences), states no other
      date (deaths of wounds excepted) and is no war-long toll ("the war has claimed
      191,000 lives"); a stated total ("1 fatality.", "Fatalities coded as 7.") joins the
      latest incident of its paragraph however far.
    The incident's toll goes to its most confident event, whose texts (with those of the
    incident's other events) are read as one report in text order, so the rules of
    :func:`fatalities_in` apply across them (a stated total wins, "additionally" adds, a
    restatement does not, a claim conflicts: the lowest). Events that take nothing from
    other sentences keep the largest count of their own texts.
    """
    lex = lexicon or default_lexicon()
    events = [_with_marked_sentence(e, sentences) for e in events]
    dates = list(sentence_dates) + [None] * (len(sentences) - len(sentence_dates))
    incidents: list[_Incident] = []
    by_sentence: dict[int, list[int]] = {}
    for i, e in enumerate(events):
        by_sentence.setdefault(e.sentence, []).append(i)
    covered = {k for e in events if e.carries_deaths for k in (e.sentence, e.last_sentence)}
    for idx in sorted(set(range(len(sentences))) | set(by_sentence)):
        paragraph = paragraphs[idx] if idx < len(paragraphs) else None
        for i in by_sentence.get(idx, ()):
            e = events[i]
            current = incidents[-1] if incidents and events[incidents[-1].members[0]].paragraph == e.paragraph else None
            later = current is not None and e.sentence > events[current.members[0]].sentence
            report = _casualty_report(e, sentences if later else (), lex)
            if current is not None and report is not None and not _new_incident(
                    events[current.members[0]], e, sentences) and idx - current.last <= FOLLOW_WINDOW:
                if not current.toll or _adds_or_conflicts(report):
                    current.reports.extend([report, *e.texts[1:]])
                    current.toll = current.toll or bool(_count_text(report, lex))
                current.last = max(current.last, e.last_sentence)
            elif e.carries_deaths and (current is None or _new_incident(events[current.members[0]], e, sentences)):
                incidents.append(_Incident([i], [], max(e.sentence, e.last_sentence), bool(_own_count(e, lex))))
            elif e.carries_deaths and current is not None:
                current.members.append(i)
                current.last = max(current.last, e.last_sentence)
                current.toll = current.toll or bool(_own_count(e, lex))
        if idx in covered or idx >= len(sentences) or fatalities_in(sentences[idx], lex) is None:
            continue
        current = incidents[-1] if incidents and events[incidents[-1].members[0]].paragraph == paragraph else None
        if current is not None and _joins(sentences[idx], dates[idx], events[current.members[0]].event_date,
                                          idx - current.last, current.toll, lex):
            current.reports.append(sentences[idx])
            current.last = idx
            current.toll = current.toll or bool(fatalities_in(sentences[idx], lex))
    joined: list[list[str]] = [[] for _ in events]
    for incident in incidents:
        owner = max(incident.members, key=lambda m: (events[m].confidence, -m))
        # the other parts' casualty clauses ("... were killed"), not the deaths their own killers caused
        others = [t for m in incident.members if m != owner for t in events[m].texts if passive_death_report(t, lex)]
        joined[owner] = [*others, *incident.reports]
    return [0 if e.deathless else _event_count(e, extra, sentences, lex) for e, extra in zip(events, joined)]


def _casualty_report(event: EventTexts, sentences: Sequence[str], lex: NumberLexicon) -> str | None:
    """The event's report of deaths without a killer, if that is what it is: its whole sentence
    when that is one (the clause may have lost the count: "... and 5 militants were killed"
    read as "5 militants were killed"), else its own clause. Without ``sentences`` (an event
    in the incident's own opening sentence, told beside it) only the clause."""
    sentence = sentences[event.sentence] if 0 <= event.sentence < len(sentences) else ""
    if sentence and event.texts and event.texts[0] in sentence and passive_death_report(sentence, lex):
        return sentence
    return event.texts[0] if event.texts and passive_death_report(event.texts[0], lex) else None


FOLLOW_WINDOW = 3  # sentences: a toll told further from its incident is more likely another story
# tolls of a whole war or period, not of the incident: "the war has claimed more than 191,000 lives"
WAR_TOLL_RE = re.compile(
    r"\b(?:war|conflict|crisis|uprising|revolution|insurgency|since\s+(?:the\s+)?(?:start|beginning|outbreak)"
    r"|since\s+(?:19|20)\d\d|so\s+far\s+this|this\s+year|last\s+year|in\s+recent\s+(?:weeks|months|years))\b",
    re.I,
)
# deaths of wounds are the incident's whenever they come: "the injured youth succumbed on 15 April"
WOUND_DEATH_RE = re.compile(r"\b(?:succumbed|died\s+(?:of|from)\s+(?:his|her|their)?\s*(?:wounds|injuries)|later\s+died"
                            r"|died\s+later|died\s+in\s+(?:the\s+)?hospital)\b", re.I)


@dataclass
class _Incident:
    members: list[int]  # violent events told as parts of the incident (the opener first)
    reports: list[str]  # death reports that follow it (casualty clauses, sentences)
    last: int  # the latest sentence that told of it
    toll: bool = False  # a count of its deaths was read already


def _joins(text: str, own_date: str | None, incident_date: str | None, gap: int, has_toll: bool,
           lex: NumberLexicon) -> bool:
    """Whether a sentence no violent event was read from reports deaths of the incident before it.
    Once the incident has a toll, only more deaths ("Another 2 died later") or a conflicting
    figure join: long reports go on with tolls of other days, places and wars."""
    if _coded_as(text) is not None or SUMMARY_SENTENCE_RE.match(text):
        return True  # "1 fatality.", "Fatalities coded as 7."
    if gap > FOLLOW_WINDOW or WAR_TOLL_RE.search(text) or not passive_death_report(text, lex):
        return False
    if own_date and incident_date and own_date != incident_date and not WOUND_DEATH_RE.search(text):
        return False
    return not has_toll or _adds_or_conflicts(text) or bool(WOUND_DEATH_RE.search(text))


def _adds_or_conflicts(text: str) -> bool:
    """A later report that adds deaths ("Additionally, 4 ...", "another 2") or gives another
    figure for them ("other sources said 3", "the group claimed 10")."""
    lead = text.lstrip()[:25]
    return bool(ADDITIVE_LEAD_RE.match(lead) or ACROSS_CONFLICT_RE.search(text)
                or re.search(r"\b(?:another|further|additional)\s+(?:\d+|[a-z]+-?[a-z]*\s+)?(?:\w+\s+)?(?:were|was|died)\b",
                             text, re.I))


ADDITIVE_LEAD_RE = re.compile(r"(?i)(?:additionally|in\s+addition|also|separately|as\s+well)\b")


def _own_count(event: EventTexts, lex: NumberLexicon) -> int:
    """The count of the event's own clause (follow-ups merged into it come later in the text)."""
    return _count_text(event.texts[0], lex) or 0 if event.texts else 0


SEPARATE_INCIDENT_RE = re.compile(
    r"\b(?:separate(?:ly)?|elsewhere|meanwhile|in\s+another\s+(?:incident|attack|event)|later\s+that)\b", re.I)


def _new_incident(opener: EventTexts, event: EventTexts, sentences: Sequence[str]) -> bool:
    if opener.date and event.date and opener.date != event.date:
        return True
    text = sentences[event.sentence] if 0 <= event.sentence < len(sentences) else event.texts[0]
    return event.sentence > opener.sentence and bool(SEPARATE_INCIDENT_RE.search(text)) \
        and not CODED_ELSEWHERE_RE.search(text)


def _with_marked_sentence(event: EventTexts, sentences: Sequence[str]) -> EventTexts:
    """An event's clause may stop short of its sentence's "(coded separately)" marker: read
    the whole sentence then, so the marked deaths are left out."""
    if not 0 <= event.sentence < len(sentences) or not event.texts:
        return event
    sentence = sentences[event.sentence]
    if event.texts[0] in sentence and CODED_ELSEWHERE_RE.search(sentence):
        return replace(event, texts=(sentence, *event.texts[1:]))
    return event


def _event_count(event: EventTexts, extra: Sequence[str], sentences: Sequence[str], lex: NumberLexicon) -> int:
    if not extra:
        counts = [_count_text(t, lex) for t in event.texts]
        return max((c for c in counts if c is not None), default=0)
    texts = _in_text_order(list(dict.fromkeys([*event.texts, *extra])), sentences)
    found = fatalities_in(" ".join(_as_sentence(t) for t in texts), lex)
    if found is not None:
        return found
    counts = [_count_text(t, lex) for t in texts]
    return max((c for c in counts if c is not None), default=0)


def _in_text_order(texts: list[str], sentences: Sequence[str]) -> list[str]:
    """Clauses sorted by where they stand in the document (unplaced ones keep their order)."""
    def position(item: tuple[int, str]) -> tuple[int, int, int]:
        k, text = item
        for idx, sentence in enumerate(sentences):
            at = sentence.find(text)
            if at >= 0:
                return idx, at, k
        return len(sentences), 0, k
    return [t for _, t in sorted(enumerate(texts), key=position)]


def _as_sentence(text: str) -> str:
    """A clause as a sentence of its own when clauses are joined ("that five were killed and"
    -> "That five were killed and."), so counts of separate clauses never sum as one."""
    text = re.sub(r"[\s,;]*\b(?:and|but|while|as|after)?[\s,;]*$", "", text.strip(), flags=re.I).lstrip(",;: ")
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "]", ")")) else text + "."


def _count_text(text: str, lex: NumberLexicon) -> int | None:
    """One clause; when nothing is read there, each comma-separated piece (a date range such
    as "over the past two days" next to the count can hide "claiming the lives of several
    fighters"), keeping the largest."""
    found = fatalities_in(text, lex)
    if found is not None:
        return found
    pieces = [fatalities_in(p, lex) for p in text.split(",") if p.strip()]
    return max((p for p in pieces if p is not None), default=None)


def injury_mentions(text: str, lexicon: NumberLexicon | None = None) -> list[tuple[int, int, int]]:
    lex = lexicon or default_lexicon()
    scanner = _Scanner(text, lex, INJURE_OBJECT_VERBS, INJURE_SUBJECT_WORDS, INJURY_NOUNS, INJURY_OF_NOUNS, False)
    found = _dedupe([*scanner.mentions(), *_zero_mentions(ZERO_INJURY_RE, text)])
    return [(m.start, m.end, m.count) for m in found]


def injuries_in(text: str, lexicon: NumberLexicon | None = None) -> int | None:
    """People reported injured/wounded in ``text``; None when nothing is said."""
    lex = lexicon or default_lexicon()
    scanner = _Scanner(text, lex, INJURE_OBJECT_VERBS, INJURE_SUBJECT_WORDS, INJURY_NOUNS, INJURY_OF_NOUNS, False)
    mentions = [m for m in scanner.mentions() if m.count > 0]
    if mentions:
        return _combine(text, mentions)
    return 0 if ZERO_INJURY_RE.search(text) else None


def crowd_size(text: str, lexicon: NumberLexicon | None = None) -> int | None:
    """Crowd size: ACLED's "[size=...]" tag first ("no report" -> None), else a count of people
    right before a protest verb ("around 200 residents marched") or "a crowd of 300"."""
    lex = lexicon or default_lexicon()
    tag = SIZE_TAG_RE.search(text)
    if tag is not None:
        body = tag.group(1).strip()
        if re.search(r"no\s+report|unknown|unspecified", body, re.I):
            return None
        toks = tokenize(body)
        for i in range(len(toks)):
            num = parse_number(toks, i, lex)
            if num is not None and num.kind != "article":
                return num.value
        return None
    toks = tokenize(text)
    for num in number_phrases(toks, lex):
        if num.kind == "article" or not _counts_people(num, toks, lex):
            continue
        if num.start >= 2 and toks[num.start - 1].low == "of" and toks[num.start - 2].low in ("crowd", "group", "gathering"):
            return num.value
        window = toks[num.end : num.end + 12]
        if not window or not (PEOPLE_NOUNS_RE.match(window[0].text) or any(PEOPLE_NOUNS_RE.match(t.text) for t in window[:4])):
            continue
        for t in window:
            if t.text in (".", ";"):
                break
            if t.low in PROTEST_VERBS:
                return num.value
    return None


__all__ = [
    "fatalities_in", "fatalities", "fatality_mentions", "injuries_in", "injury_mentions", "crowd_size",
    "NumberLexicon", "load_number_lexicon", "default_lexicon", "parse_number", "tokenize",
    "EventTexts", "event_fatalities", "carries_deaths", "deathless", "passive_death_report",
]
