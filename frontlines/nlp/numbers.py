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
Combining mentions: in one sentence they add up ("two soldiers were killed and a civilian
died"), unless a conflict cue ("according to", "while", "or", "claimed") separates them,
then the lowest wins (ACLED: conflicting reports -> lowest). Across sentences a later count
adds when marked as more ("also", "another", "further"), and otherwise is read as the same
deaths re-reported (ACLED notes end with "3 fatalities." after "killed three ...") -> lowest.
ACLED's own "fatalities coded as N (and split between K locations)" wins outright.

Vague quantities come from knowledge/data/numbers.yaml (several -> 3, dozens -> 12, ...).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
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
    )


@lru_cache(maxsize=4)
def default_lexicon(path: Path = DATA_FILE) -> NumberLexicon:
    """The packaged lexicon, read once (immutable, so sharing it is safe)."""
    return load_number_lexicon(path)


# ---------------------------------------------------------------- tokens

TOKEN_RE = re.compile(
    r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|[A-Za-z]+(?:['’][A-Za-z]+)?(?:-[A-Za-z]+)*|\S"
)


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
        for words in sorted(LOWER_BOUND | APPROX, key=len, reverse=True):
            if _match_words(toks, i, words):
                additive = additive or words[-1] in ADDITIVE_WORDS
                i += len(words)
                break
        else:
            break
    return i, additive


def _digits(tok: Tok) -> int | None:
    text = tok.text.replace(",", "")
    if re.fullmatch(r"\d+", text) and len(text) <= 9:
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


def _core_number(toks: Sequence[Tok], i: int, lex: NumberLexicon) -> tuple[int, int, str] | None:
    if i >= len(toks):
        return None
    for words in sorted(lex.quantifiers, key=len, reverse=True):
        if _match_words(toks, i, words):
            # "a dozen" / "tens of thousands": let a following scale word win over the quantifier
            return lex.quantifiers[words], i + len(words), "vague"
    value = _digits(toks[i])
    if value is not None:
        j = i + 1
        if j < len(toks) and toks[j].low in lex.scales:
            value, j = value * lex.scales[toks[j].low], j + 1
        return value, j, "digits"
    if re.fullmatch(r"\d+\.\d+", toks[i].text) and i + 1 < len(toks) and toks[i + 1].low in lex.scales:
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
    if toks[i].low in ("a", "an", "one", "single", "lone"):
        return 1, i + 1, "article"
    return None


def number_phrases(toks: Sequence[Tok], lex: NumberLexicon) -> list[Num]:
    """Every number phrase, leftmost-longest, not overlapping."""
    out: list[Num] = []
    i = 0
    while i < len(toks):
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
INJURY_NOUNS = {"injuries", "injury", "injured", "wounded", "casualties_injured"}
INJURY_OF_NOUNS = {"injury", "injuries", "wounding"}

AUX = {"was", "were", "is", "are", "been", "being", "be", "have", "has", "had", "reportedly", "allegedly",
       "also", "all", "later", "subsequently", "reported", "confirmed", "then", "eventually", "apparently",
       "later", "both", "instantly", "immediately", "consequently", "each", "reportedly", "feared",
       "believed", "presumed", "said", "to", "found", "left", "subsequently", "eventually", "were"}
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
CODED_AS_RE = re.compile(
    r"\bfatalit(?:y|ies)\s+(?:were\s+|was\s+|are\s+)?coded\s+as\s+(?P<n>\d[\d,]*)"
    r"(?:\s+and\s+split\s+(?:evenly\s+)?(?:between|across|among)\s+(?P<k>\d+|two|three|four|five)\s+)?",
    re.I,
)
DEATH_TOLL_RE = re.compile(
    r"\bdeath\s+toll\s+(?:\w+\s+){0,3}?(?:rose|risen|rises|climbed|reached|stands|stood|increased|is|was"
    r"|of|at|to|hit|jumped)\b(?:\s+(?:to|at|of))?\s+",
    re.I,
)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“(\[])")
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
    additive: bool = False
    summary: bool = False  # a stated total ("death toll", "coded as")


def _is_word(tok: Tok) -> bool:
    return tok.text[0].isalpha()


def _np_end(toks: Sequence[Tok], i: int, limit: int = 6) -> int:
    """End of a short noun phrase starting at ``i`` (words only, no stop words)."""
    j = i
    while j < len(toks) and j - i < limit and _is_word(toks[j]) and toks[j].low not in NP_STOP:
        # "two of the soldiers": "of" inside the phrase only when followed by a determiner
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


def _inside_including(toks: Sequence[Tok], i: int) -> bool:
    """A count inside "including 3 children" / "among them 2 women" is a part, not a new count."""
    back = [t.low for t in toks[max(0, i - 3) : i]]
    return any(w in INCLUDING_CUES for w in back) and not any(w in (".", ";") for w in back)


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
        used_verbs: set[int] = set()
        for k, tok in enumerate(self.toks):
            if tok.low in self.object_verbs and not self._passive(k):
                m = self._object_count(k + 1, k)
                if m is not None:
                    found.append(m)
                    used_verbs.add(k)
            elif self.to_death and tok.low in TO_DEATH_VERBS and not self._passive(k):
                m = self._to_death_object(k)
                if m is not None:
                    found.append(m)
                    used_verbs.add(k)
            if tok.low in self.of_nouns and k + 1 < len(self.toks) and self.toks[k + 1].low == "of":
                m = self._object_count(k + 2, k)
                if m is not None:
                    found.append(m)
        for k, tok in enumerate(self.toks):
            if k in used_verbs:
                continue
            if tok.low in self.subject_words or self._to_death_at(k):
                found.extend(self._subject_counts(k))
            if tok.low in self.nouns:
                m = self._noun_count(k)
                if m is not None:
                    found.append(m)
        return _dedupe(found)

    # -- helpers

    def _passive(self, k: int) -> bool:
        return k > 0 and self.toks[k - 1].low in ("was", "were", "been", "being", "be", "is", "are")

    def _to_death_at(self, k: int) -> bool:
        """"shot dead" / "stabbed to death" read as one death word for subject counts."""
        if not self.to_death or self.toks[k].low not in TO_DEATH_VERBS:
            return False
        nxt = [t.low for t in self.toks[k + 1 : k + 3]]
        return nxt[:1] == ["dead"] or nxt == ["to", "death"]

    def _chain(self, i: int, stop_at_verb: bool = True) -> tuple[int, int, int, bool] | None:
        """Count(s) starting at token i: "two soldiers and three civilians" -> (5, start, end, additive)."""
        num = self.num_at.get(i)
        if num is None or not _counts_people(num, self.toks, self.lex):
            return None
        total, end, additive = num.value, _np_end(self.toks, num.end), num.additive
        if num.kind == "article":
            # "killed a man" -> 1; "killed the men" names no count
            head = _phrase_head(self.toks, num.end, end)
            if head is None or _is_plural(head, self.lex) or head in self.lex.non_person_nouns:
                return None
        # "... and three civilians" (a second count joined to the first)
        j = end
        while j + 1 < len(self.toks) and self.toks[j].low in ("and", ",") and (j + 1) in self.num_at:
            nxt = self.num_at[j + 1]
            nxt_end = _np_end(self.toks, nxt.end)
            head = _phrase_head(self.toks, nxt.end, nxt_end)
            if nxt.kind == "article" or not _counts_people(nxt, self.toks, self.lex) \
                    or head in DEATH_NOUNS | INJURY_NOUNS | {"injuries", "injury", "wounds"}:
                break
            total += nxt.value
            j = _np_end(self.toks, nxt.end)
        return total, num.start, j, additive

    def _object_count(self, i: int, verb: int) -> CountMention | None:
        # "killing at least 3", "killed 3 people", "killed the two men", "claimed the lives of"
        if i < len(self.toks) and self.toks[i].low in ("the", "his", "her", "their") and (i + 1) in self.num_at \
                and self.num_at[i + 1].kind != "article":
            i += 1
        if i < len(self.toks) and self.toks[i].low in ("the", "his", "her", "their") \
                and i not in self.num_at:
            # "killed the village administrator" -> 1 when the head noun is singular
            end = _np_end(self.toks, i + 1, limit=5)
            head = _phrase_head(self.toks, i + 1, end)
            if head and not _is_plural(head, self.lex) and head not in self.lex.non_person_nouns \
                    and head not in ("lives", "life", "bodies", "dead"):
                return CountMention(self.toks[i].start, self.toks[end - 1].end, 1)
            if head in ("lives", "bodies") and end < len(self.toks) and self.toks[end].low == "of":
                return self._object_count(end + 1, verb)
            return None
        chain = self._chain(i)
        if chain is None or _inside_including(self.toks, i):
            return None
        total, s, e, additive = chain
        additive = additive or self._additive_before(verb)
        return CountMention(self.toks[s].start, self.toks[e - 1].end, total, additive)

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

    def _subject_counts(self, k: int) -> list[CountMention]:
        """Counts before a death word: "3 people were killed", "a soldier died", "5 dead"."""
        j = k
        if self._to_death_at(k):
            pass
        # step back over auxiliaries and violence participles: "were shot and killed"
        while j > 0 and (self.toks[j - 1].low in AUX or self.toks[j - 1].low in TO_DEATH_VERBS
                         or (self.toks[j - 1].low == "and" and j > 1 and self.toks[j - 2].low in TO_DEATH_VERBS)):
            j -= 1
        had_aux = j < k
        # "were killed" after "people" or "3 killed": find a count whose noun phrase reaches j
        for p in range(j, max(-1, j - 7), -1):
            num = self.num_ending.get(p)
            if num is not None and all(_is_word(t) and t.low not in NP_STOP for t in self.toks[p:j]):
                if (num.kind == "article" or num.kind == "words" and num.value == 1) and not had_aux \
                        and self.toks[k].low in ("killed", "executed", "murdered", "beheaded", "lynched"):
                    return []  # "A gunman killed ..." is active, not a count of the dead
                if _inside_including(self.toks, num.start):
                    return []
                if num.kind == "article":
                    head = _phrase_head(self.toks, p, j)
                    if head is None or _is_plural(head, self.lex):
                        return []
                return [self._backward_chain(num, k)]
            if p - 1 >= 0 and (not _is_word(self.toks[p - 1]) or self.toks[p - 1].low in NP_STOP):
                break
        # "the armed suspect was killed": a definite singular subject of a passive death
        if had_aux and j > 0:
            return self._definite_subject(j, k)
        return []

    def _definite_subject(self, j: int, k: int) -> list[CountMention]:
        p = j
        while p > 0 and j - p < 5 and _is_word(self.toks[p - 1]) and self.toks[p - 1].low not in NP_STOP \
                and self.toks[p - 1].low not in ("the", "his", "her", "their"):
            p -= 1
        if p == 0 or self.toks[p - 1].low not in ("the", "his", "her") or p == j:
            return []
        if not any(t.low in ("was", "has") for t in self.toks[j:k]):
            return []
        head = _phrase_head(self.toks, p, j)
        if head is None or _is_plural(head, self.lex) or head in self.lex.non_person_nouns:
            return []
        return [CountMention(self.toks[p - 1].start, self.toks[k].end, 1)]

    def _backward_chain(self, num: Num, k: int) -> CountMention:
        total, first = num.value, num
        additive = num.additive or self._additive_before(num.start) or any(
            t.low in ("also", "later") for t in self.toks[num.end : k])
        # "eight women and three men were killed": earlier counts joined by "and" / ","
        while first.start >= 2 and self.toks[first.start - 1].low in ("and", ","):
            q = first.start - 1
            prev = None
            for p in range(q, max(-1, q - 6), -1):
                cand = self.num_ending.get(p)
                if cand is not None and all(_is_word(t) and t.low not in NP_STOP for t in self.toks[p:q]):
                    prev = cand
                    break
            if prev is None or prev.kind == "article" or _inside_including(self.toks, prev.start):
                break
            if any(t.low in INJURE_OBJECT_VERBS | KILL_OBJECT_VERBS for t in self.toks[max(0, prev.start - 2) : prev.start]):
                break
            total += prev.value
            first = prev
        return CountMention(self.toks[first.start].start, self.toks[k].end, total, additive)

    def _noun_count(self, k: int) -> CountMention | None:
        """"2 fatalities", "dozens of corpses", "5 people dead" (noun after the count)."""
        word = self.toks[k].low
        if word == "dead" and k + 1 < len(self.toks) and self.toks[k + 1].low == "bodies":
            return None
        p = k
        while p > 0 and k - p < 4 and _is_word(self.toks[p - 1]) and self.toks[p - 1].low not in NP_STOP \
                and (p - 1) not in {n.end - 1 for n in self.nums}:
            p -= 1
        num = self.num_ending.get(p)
        if num is None or _inside_including(self.toks, num.start):
            return None
        if num.kind == "article" and word not in ("fatality", "body", "corpse", "death"):
            return None
        if word == "lives" and not any(t.low in ("claimed", "claiming", "lost", "took", "taking", "cost", "costing")
                                       for t in self.toks[max(0, num.start - 2) : num.start + 1]):
            return None
        return CountMention(self.toks[num.start].start, self.toks[k].end, num.value, num.additive)


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


def _combine(text: str, mentions: Sequence[CountMention]) -> int | None:
    """One figure from several mentions (see the module docstring for the rules)."""
    if not mentions:
        return None
    sentences = _sentence_ranges(text)

    def sentence_of(m: CountMention) -> int:
        return next(i for i, (a, b) in enumerate(sentences) if a <= m.start < b or i == len(sentences) - 1)

    per_sentence: dict[int, int] = {}
    for idx in sorted({sentence_of(m) for m in mentions}):
        ms = [m for m in mentions if sentence_of(m) == idx]
        value = ms[0].count
        for prev, m in zip(ms, ms[1:]):
            between = text[prev.end : m.start]
            value = min(value, m.count) if CONFLICT_CUES.search(between) and not m.additive else value + m.count
        per_sentence[idx] = value
    order = sorted(per_sentence)
    total = per_sentence[order[0]]
    for idx in order[1:]:
        first = next(m for m in mentions if sentence_of(m) == idx)
        a, _ = sentences[idx]
        additive = first.additive or re.search(r"\b(?:also|another|additional|further|more|separate|second)\b",
                                               text[a : first.end + 40], re.I)
        total = total + per_sentence[idx] if additive else min(total, per_sentence[idx])
    return total


def _coded_as(text: str) -> int | None:
    m = None
    for m in CODED_AS_RE.finditer(text):
        pass
    if m is None:
        return None
    value = int(m["n"].replace(",", ""))
    if m["k"]:
        k = m["k"].lower()
        parts = int(k) if k.isdigit() else {"two": 2, "three": 3, "four": 4, "five": 5}[k]
        value //= max(parts, 1)
    return value


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
    return _dedupe(found)


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
]
