"""PLACES stage: find toponyms in a spaCy Doc and resolve them against the gazetteer.

Recognition combines spaCy's GPE/LOC/FAC entities with gazetteer-driven matching of
capitalised token runs (the small English model mislabels many places: "Ad Dana" as PERSON,
"Manbij" as PRODUCT, "Aleppo" as NORP), cue patterns ("the town of X", "X province",
"X (Oyam, Northern)") and filters against common capitalised words.

Resolution is done per document: the dominant country (majority vote of unambiguous
mentions and demonyms such as "Syrian"), admin1 hints ("X, Idlib province" / "X (Idleb)")
and proximity to the other confidently resolved places. One surface form gets one reading
per document.

Offsets are exact: ``doc.text[m.start:m.end] == m.text``.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from frontlines.geo.gazetteer import (
    ADMIN1_CODES,
    COUNTRY_CODES,
    KIND_WORDS,
    Gazetteer,
    Scored,
    km,
)
from frontlines.geo.text import ARTICLES, light_key
from frontlines.records import PlaceMention, SentenceInfo

STOPWORDS_FILE = Path(__file__).resolve().parents[1] / "geo" / "data" / "place_stopwords.txt"

STRONG_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Lower-case words that may sit inside a place name run ("Deir ez-Zor", "Rio de Janeiro").
NAME_CONNECTORS = ARTICLES | {"de", "del", "la", "le", "du", "des", "da", "do", "dos", "los",
                              "las", "-", "'", "’", "bin", "ibn", "abu", "bani", "beni"}
# Words before a name that say it is a place ("the town of X", "near X").
CUE_BEFORE = frozenset({"town", "city", "village", "villages", "towns", "cities", "district",
                        "province", "governorate", "region", "neighbourhood", "neighborhood",
                        "suburb", "area", "camp", "county", "state", "capital", "outskirts"})
PREPOSITIONS = frozenset({"in", "near", "at", "from", "to", "outside", "into", "around",
                          "towards", "toward", "across", "inside", "between"})
# Direction/size words stripped when a full entity is not in the gazetteer ("northern Syria").
STRIPPABLE = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                        "western", "central", "northeastern", "northwestern", "southeastern",
                        "southwestern", "north-east", "north-west", "south-east", "south-west",
                        "northeast", "northwest", "southeast", "southwest", "greater", "upper",
                        "lower", "rural", "countryside", "downtown", "the", "of"})
TRAILING_GENERIC = frozenset({"crossing", "airport", "airbase", "base", "border", "bridge",
                              "checkpoint", "road", "highway", "countryside", "outskirts",
                              "area", "areas", "front", "frontline", "camp", "dam", "port",
                              "valley", "plain", "plains", "desert", "mountains", "mountain",
                              "hills", "river", "lake", "sea", "coast", "island", "islands"})
MAX_RUN = 6  # tokens in one place name
# "Aleppo countryside", "the countryside of Idlib": the area around a city, i.e. its province.
REGION_AROUND = frozenset({"countryside", "hinterland"})


@dataclass
class _Cand:
    start: int  # char offsets
    end: int
    text: str
    label: str | None  # spaCy label of the overlapping entity, if any
    kind: str | None = None  # country|admin1|admin2|city from a cue word
    cue: bool = False  # a cue pattern marks it as a place
    admin1_hint: str | None = None
    admin2_hint: str | None = None
    country_hint: str | None = None
    sent_initial: bool = False
    common_word: bool = False  # only stop words or listed common words ("Some", "The City")
    person_name: bool = False  # spaCy reads this name as a person elsewhere in the text
    after_preposition: bool = False  # "in X", "near X"
    ranked: list[Scored] = field(default_factory=list)


@dataclass
class PlaceTaggerConfig:
    min_population: int = 15000  # single-word names with no NER/cue support
    min_population_multiword: int = 1000
    min_population_in_country: int = 1000  # weak names inside the document's country
    confident_margin: float = 2.0  # score lead that makes a first-pass reading "unambiguous"
    # Demonyms ("Syrian") set country context; some geoparsing corpora (LGL) annotate them as
    # toponyms, ACLED-style output does not want them as places.
    demonyms_as_places: bool = False


def read_stopwords(path: Path = STOPWORDS_FILE) -> frozenset[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(light_key(line))
    return frozenset(words)


class PlaceTagger:
    def __init__(self, gazetteer: Gazetteer, config: PlaceTaggerConfig | None = None,
                 stopwords: frozenset[str] | None = None) -> None:
        self.gaz = gazetteer
        self.cfg = config or PlaceTaggerConfig()
        self.stopwords = stopwords if stopwords is not None else read_stopwords()

    # ------------------------------------------------------------ public

    def tag(self, doc: Doc, sentences: list[SentenceInfo]) -> list[PlaceMention]:
        """Fill ``sentence.places`` for each sentence and return all mentions in text order."""
        mentions = self.tag_doc(doc)
        for s in sentences:
            s.places = [m for m in mentions if s.start <= m.start < s.end]
        return mentions

    def tag_doc(self, doc: Doc) -> list[PlaceMention]:
        cands, demonym_countries = self._recognise(doc)
        return self._resolve(cands, demonym_countries)

    # ------------------------------------------------------------ recognition

    def _recognise(self, doc: Doc) -> tuple[list[_Cand], list[str]]:
        ent_label = {}
        persons: set[str] = set()  # words spaCy reads as people's names anywhere in the text
        for e in doc.ents:
            for t in e:
                ent_label[t.i] = e.label_
            if e.label_ == "PERSON" and len(e) > 1:  # "John Ripley"; lone "Alexandria" is often a place
                persons.add(light_key(e.text))
                persons.update(light_key(t.text) for t in e if _is_cap(t))
        demonyms: list[str] = []
        taken: set[int] = set()
        cands: list[_Cand] = []
        for run in self._runs(doc):
            i = 0
            while i < len(run):
                tok = run[i]
                dem = self._demonym_at(doc, run, i)
                if dem:
                    j, country = dem
                    demonyms.append(country)
                    if self.cfg.demonyms_as_places:
                        span = doc[run[i].i : run[j - 1].i + 1]
                        cands.append(_Cand(span.start_char, span.end_char, span.text, "NORP",
                                           kind="country", cue=True, country_hint=country))
                    i = j
                    continue
                match = self._longest_match(doc, run, i)
                if match is None:
                    i += 1
                    continue
                j = match
                span = doc[run[i].i : run[j - 1].i + 1]
                labels = [ent_label.get(t.i) for t in span]
                label = next((lb for lb in labels if lb), None)
                if doc.text[span.end_char : span.end_char + 1] in ("€", "™"):
                    i = j  # mojibake ("Itâ€™s"), not a name
                    continue
                common = all(t.lower_ in STOP_WORDS or t.lower_ in self.stopwords or not t.is_alpha
                             or len(t.text) == 1 for t in span)
                c = _Cand(span.start_char, span.end_char, span.text, label,
                          sent_initial=bool(tok.is_sent_start), common_word=common,
                          person_name=light_key(span.text) in persons)
                if len(span) > 1 and span[-1].lower_ in KIND_WORDS:  # "Laurel County"
                    c.kind, c.cue = KIND_WORDS[span[-1].lower_], True
                cands.append(c)
                taken.update(t.i for t in span)
                i = j
        # GPE/LOC/FAC entities the runs missed ("northern Aleppo countryside")
        for e in doc.ents:
            if e.label_ in STRONG_LABELS and not any(t.i in taken for t in e):
                c = self._entity_core(e)
                if c is not None:
                    cands.append(c)
                    taken.update(range(c.start, c.end))
        cands.sort(key=lambda c: c.start)
        for c in cands:
            self._read_cues(doc, c)
        return cands, demonyms

    def _demonym_at(self, doc: Doc, run: list[Token], i: int) -> tuple[int, str] | None:
        """(end index into run, country) when a demonym ("Sri Lankan", "Syrian") starts at i."""
        for j in (i + 2, i + 1):
            if j <= len(run):
                text = doc.text[run[i].idx : run[j - 1].idx + len(run[j - 1].text)]
                country = self.gaz.country_of_demonym(text)
                if country:
                    return j, country
        return None

    def _runs(self, doc: Doc) -> list[list[Token]]:
        """Maximal runs of name-like tokens: capitalised words joined by articles/hyphens."""
        runs: list[list[Token]] = []
        cur: list[Token] = []
        for t in doc:
            if _is_cap(t):
                cur.append(t)
                continue
            if cur and t.lower_ in NAME_CONNECTORS and t.i + 1 < len(doc) and (
                    _is_cap(doc[t.i + 1]) or doc[t.i + 1].lower_ in NAME_CONNECTORS):
                cur.append(t)
                continue
            if not cur and t.lower_ in ARTICLES and t.i + 1 < len(doc) and doc[t.i + 1].text == "-":
                cur.append(t)  # lower-case "al-" opening a name
                continue
            if cur:
                runs.append(cur)
            cur = []
        if cur:
            runs.append(cur)
        # trim connectors at the edges
        out = []
        for r in runs:
            while r and not _is_cap(r[-1]):
                r = r[:-1]
            while r and r[0].text in ("-", "'", "’"):
                r = r[1:]
            if r:
                out.append(r)
        return out

    def _longest_match(self, doc: Doc, run: list[Token], i: int) -> int | None:
        """End index (exclusive, into run) of the longest gazetteer name starting at run[i]."""
        if not (_is_cap(run[i]) or run[i].lower_ in ARTICLES):
            return None
        for j in range(min(len(run), i + MAX_RUN), i, -1):
            if not _is_cap(run[j - 1]):
                continue
            text = doc.text[run[i].idx : run[j - 1].idx + len(run[j - 1].text)]
            if j - i == 1 and light_key(text) in self.stopwords:
                continue
            if self.gaz.candidates_exist(text):
                return j
        return None

    def _entity_core(self, e: Span) -> _Cand | None:
        """The gazetteer name inside an entity after stripping direction and generic words."""
        toks = list(e)
        while toks and (toks[0].lower_ in STRIPPABLE or toks[0].is_punct):
            toks = toks[1:]
        while toks and (toks[-1].lower_ in TRAILING_GENERIC or toks[-1].is_punct
                        or toks[-1].lower_ in ("'s", "’s")):
            toks = toks[:-1]
        if not toks:
            return None
        doc = e.doc
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        text = doc.text[start:end]
        if light_key(text) in self.stopwords or self.gaz.is_demonym(text):
            return None
        if not self.gaz.candidates_exist(text):
            return None
        return _Cand(start, end, text, e.label_)

    def _read_cues(self, doc: Doc, c: _Cand) -> None:
        """Kind words after the name, cue words before it, and "(admin2, admin1)" hints."""
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None:
            return
        self._read_parenthesis_member(doc, span, c)
        after = doc[span.end] if span.end < len(doc) else None
        before = doc[span.start - 1] if span.start > 0 else None
        before2 = doc[span.start - 2] if span.start > 1 else None
        if after is not None and after.lower_ in KIND_WORDS:
            c.kind, c.cue = KIND_WORDS[after.lower_], True
        # "Aleppo countryside" / "the countryside of Aleppo": the province, not the city
        if (after is not None and after.lower_ in REGION_AROUND) or (
                before is not None and before.lower_ == "of" and before2 is not None
                and before2.lower_ in REGION_AROUND):
            c.kind, c.cue = c.kind or "admin1", True
        if after is not None and after.lower_ in ("districts", "provinces", "villages", "towns"):
            c.cue = True
        if before is not None and before.lower_ == "of" and before2 is not None \
                and before2.lower_ in CUE_BEFORE:
            c.cue = True
            c.kind = c.kind or KIND_WORDS.get(before2.lower_)
        if before is not None and before.lower_ in PREPOSITIONS:
            c.after_preposition = True
        # "X (Y)" / "X (Y, Z)" / "X sub-county (Y, Z)"
        k = span.end
        while k < len(doc) and (doc[k].lower_ in KIND_WORDS or doc[k].text in ("-", "sub")):
            k += 1
        if k < len(doc) and doc[k].text == "(":
            close = next((m for m in range(k + 1, min(len(doc), k + 12)) if doc[m].text == ")"), None)
            if close:
                parts = [p.strip() for p in doc[k + 1 : close].text.split(",") if p.strip()]
                self._apply_hints(c, parts)
                c.cue = True
        # "X, Y province" / "X, Idlib" / "X, Syria"
        elif k < len(doc) and doc[k].text == "," and k + 1 < len(doc) and _is_cap(doc[k + 1]):
            m = k + 1
            while m < len(doc) and (_is_cap(doc[m]) or doc[m].text == "-"):
                m += 1
            nxt = doc[k + 1 : m].text
            kind_word = doc[m].lower_ if m < len(doc) else ""
            top = self.gaz.rank(nxt)[:1]
            if KIND_WORDS.get(kind_word) == "admin1" or (top and top[0].place.feature_code in (
                    ADMIN1_CODES | COUNTRY_CODES)):
                self._apply_hints(c, [nxt])

    def _read_parenthesis_member(self, doc: Doc, span: Span, c: _Cand) -> None:
        """ACLED-style "(Oyam, Northern)": the first name is an admin2 of the second, an admin1."""
        if span.start == 0 or doc[span.start - 1].text != "(":
            return
        close = next((m for m in range(span.end, min(len(doc), span.end + 10))
                      if doc[m].text == ")"), None)
        if close is None or span.end >= len(doc) or doc[span.end].text != ",":
            return
        parts = [p.strip() for p in doc[span.start : close].text.split(",") if p.strip()]
        if len(parts) >= 2:
            c.kind = c.kind or "admin2"
            c.cue = True
            self._apply_hints(c, parts[1:])

    def _apply_hints(self, c: _Cand, parts: list[str]) -> None:
        """Hints from "(admin2, admin1)" or ", admin1" / ", country" after a name."""
        for p in reversed(parts):
            country = self.gaz.country(p) if len(p) > 3 or "." in p else None
            if country is not None and not c.country_hint:
                c.country_hint = country.name
                continue
            top = self.gaz.rank(p, country=c.country_hint, kind="admin1")[:1]
            if top and top[0].place.feature_code in ADMIN1_CODES:
                c.admin1_hint = c.admin1_hint or top[0].place.admin1
                c.country_hint = c.country_hint or top[0].place.country
            elif not c.admin1_hint:
                c.admin1_hint = p
            elif not c.admin2_hint:
                c.admin2_hint = p

    # ------------------------------------------------------------ resolution

    def _resolve(self, cands: list[_Cand], demonym_countries: list[str]) -> list[PlaceMention]:
        votes: Counter[str] = Counter()
        for c in demonym_countries:
            votes[c] += 1.0
        first: list[Scored | None] = []
        for c in cands:
            ranked = self._rank(c, country=c.country_hint, admin1=c.admin1_hint)
            c.ranked = ranked
            top = ranked[0] if ranked else None
            first.append(top)
            if top is None or not self._accept(c, top, None):
                continue
            w = self._vote_weight(ranked)
            if w and top.place.country:
                votes[top.place.country] += w
        dominant = votes.most_common(1)[0][0] if votes else None
        anchors = [t.place for c, t in zip(cands, first)
                   if t is not None and t.place.country == dominant
                   and t.place.feature_code not in COUNTRY_CODES and self._vote_weight(c.ranked) >= 1]
        near = None
        if anchors:
            near = (statistics.median(p.latitude for p in anchors),
                    statistics.median(p.longitude for p in anchors))
        admin1_votes = Counter(t.place.admin1 for t in first
                               if t is not None and t.place.admin1 and t.place.country == dominant
                               and t.place.feature_code in ADMIN1_CODES)
        out: list[PlaceMention] = []
        memo: dict[str, Scored | None] = {}
        for c in cands:
            key = light_key(c.text) + "|" + (c.kind or "") + "|" + (c.admin1_hint or "")
            if key not in memo:
                ranked = self._rank(c, country=c.country_hint or dominant,
                                    admin1=c.admin1_hint or _single(admin1_votes),
                                    near=None if c.country_hint else near)
                memo[key] = ranked[0] if ranked else None
            top = memo[key]
            if top is None or not self._accept(c, top, dominant):
                continue
            out.append(PlaceMention(start=c.start, end=c.end, text=c.text, place=top.place))
        return out

    def _rank(self, c: _Cand, *, country: str | None, admin1: str | None,
              near: tuple[float, float] | None = None) -> list[Scored]:
        if c.label == "NORP" and c.kind == "country" and c.country_hint:
            place = self.gaz.country(c.country_hint)  # a demonym kept as a place
            return [Scored(20.0, place)] if place else []
        return self.gaz.rank(c.text, kind=c.kind, country=country, admin1=admin1, near=near)

    def _vote_weight(self, ranked: list[Scored]) -> float:
        """How much a first-pass reading says about the document's country."""
        if not ranked:
            return 0.0
        top = ranked[0]
        other = next((r for r in ranked[1:] if r.place.country != top.place.country), None)
        if other is not None and other.primary and (
                other.place.feature_code in ADMIN1_CODES | COUNTRY_CODES):
            return 0.5  # "Georgia": a country and a US state
        if top.place.feature_code in COUNTRY_CODES:
            return 2.0
        margin = top.score - other.score if other else 99.0
        if margin < self.cfg.confident_margin:
            return 0.0
        return 1.5 if top.place.feature_code in ADMIN1_CODES else 1.0

    def _accept(self, c: _Cand, top: Scored, dominant: str | None) -> bool:
        """Keep a recognised name? Strong NER labels and cue patterns need only a gazetteer
        entry; other capitalised words need a prominent or contextually plausible place."""
        p = top.place
        if top.loose and p.country not in (dominant, c.country_hint):
            return False  # a consonant-skeleton match needs the document's country
        if c.label in STRONG_LABELS or c.cue:
            return True
        if c.common_word or light_key(c.text) in self.stopwords:
            return False
        if top.alias:
            return True  # an analyst listed this spelling
        if c.person_name or (c.label == "PERSON" and not c.after_preposition):
            return False  # "John Ripley" elsewhere; a PERSON label without "in/near" before it
        fcode = p.feature_code or ""
        in_doc_country = bool(dominant) and p.country == dominant
        if fcode in COUNTRY_CODES:
            return top.primary
        pop = p.population or 0
        if fcode in ADMIN1_CODES:
            abbreviation = "." in c.text and " " not in c.text  # "Kan.", "W.Va"
            return top.primary and (in_doc_country or pop >= 1_000_000 or abbreviation)
        if not top.primary:
            return False
        multi = len(c.text.split()) > 1 or "-" in c.text
        if c.label in ("ORG", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE", "PRODUCT"):
            return pop >= 100000 or (in_doc_country and pop >= 10000)
        if in_doc_country and pop >= self.cfg.min_population_in_country and not c.sent_initial:
            return True
        if c.after_preposition and pop >= self.cfg.min_population_in_country * 5:
            return True
        threshold = self.cfg.min_population_multiword if multi else self.cfg.min_population
        return pop >= threshold


def _is_cap(t: Token) -> bool:
    s = t.text
    return bool(s) and s[0].isupper() and any(ch.isalpha() for ch in s)


def _single(c: Counter) -> str | None:
    """The admin1 the document is about, when only one was named."""
    return next(iter(c)) if len(c) == 1 else None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return km(a[0], a[1], b[0], b[1])
