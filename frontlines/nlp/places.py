"""PLACES stage: find toponyms in a spaCy Doc and resolve them against the gazetteer.

Recognition combines spaCy's GPE/LOC/FAC entities with gazetteer-driven matching of
capitalised token runs (the small English model mislabels many places: "Ad Dana" as PERSON,
"Manbij" as PRODUCT, "Aleppo" as NORP), cue patterns ("the town of X", "X province",
"X (Oyam, Northern)") and filters against common capitalised words.

Resolution is done per document: the dominant country (majority vote of unambiguous
mentions and demonyms such as "Syrian"), admin1 hints ("X, Idlib province" / "X (Idleb)")
and proximity to the other confidently resolved places. One surface form gets one reading
per document.

ACLED-style admin context ("X (Oyam, Northern)", "X, Luhansk", "X village, Y province",
"X town in Aleppo countryside", "San Myo village (Gangaw township, ..., Magway region)") is
resolved to admin units: the name is read inside them, and when it is not in the gazetteer
there the admin2 centroid (geo_precision 2), else the admin1 centroid (precision 3), stands
in; the admin1 keeps the text's spelling (ACLED's). Names after such context that fall
outside its units without support of their own (facility names: "Vittoria square") are
dropped. Demonyms weigh less than named places in the document's country.

Offsets are exact: ``doc.text[m.start:m.end] == m.text``.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from frontlines.geo.gazetteer import (
    ADMIN1_CODES,
    ADMIN2_CODES,
    COUNTRY_CODES,
    KIND_WORDS,
    Gazetteer,
    Scored,
    dotted_abbreviations,
    km,
    read_heads,
    same_name,
    split_kind,
)
from frontlines.geo.text import ARTICLES, heavy_key, light_key
from frontlines.records import Place, PlaceMention, SentenceInfo

STOPWORDS_FILE = Path(__file__).resolve().parents[1] / "geo" / "data" / "place_stopwords.txt"
# "Khalid Ibn al-Walid", "Hamza bin Abdul Muttalib": a patronymic makes the name before it a
# person's (often inside a group's name: "Jaysh Khalid Ibn al-Walid"), not a town's
PATRONYMIC = frozenset({"ibn", "bin", "bint"})

STRONG_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Lower-case words that may sit inside a place name run ("Deir ez-Zor", "Rio de Janeiro").
NAME_CONNECTORS = ARTICLES | {"de", "del", "la", "le", "du", "des", "da", "do", "dos", "los",
                              "las", "-", "'", "’", "bin", "ibn", "abu", "bani", "beni",
                              # "Aulnay-sous-Bois", "Bad Neustadt an der Saale", "Stratford-upon-Avon"
                              "sous", "sur", "lès", "les", "aux", "der", "den", "am", "im", "upon"}
# Words before a name that say it is a place ("the town of X", "near X").
CUE_BEFORE = frozenset({"town", "city", "village", "villages", "towns", "cities", "district",
                        "province", "governorate", "region", "neighbourhood", "neighborhood",
                        "suburb", "area", "camp", "county", "state", "capital", "outskirts",
                        "coast", "suburbs", "vicinity", "port"})
# the article of Arabic names, which English text may write apart and in lower case ("al Bab")
ARABIC_ARTICLES = frozenset({"al", "el"})
PREPOSITIONS = frozenset({"in", "near", "at", "from", "to", "outside", "into", "around",
                          "towards", "toward", "across", "inside", "between", "through",
                          "throughout", "within", "along", "via"})
# Words right before a name that say it is the place struck: "shelling on Duma", "an attack on
# Marea"; conflict headlines put the place right after the verb: "warplanes target Kafr Zita",
# "shells targeting Jisr al-Shughur" (not "on the Sandwip route": only directly before it)
STRIKE_WORDS = frozenset({"on", "target", "targets", "targeted", "targeting", "bomb", "bombs",
                          "bombed", "bombing", "shelled", "pound", "pounds", "pounded",
                          "besiege", "besieged", "besieging", "storm", "stormed", "storming"})
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
APOSTROPHE_INSIDE = re.compile(r"(?<=\w)['’‘ʼʿ`](?=\w)")
# ACLED's remark on where it placed an event: "(coded to Ciudad Bolivar, Bolivar)"
CODED_AS = re.compile(r"^\s*(?:location\s+)?coded\s+(?:to|as|at|in)\s+", re.IGNORECASE)
# Words that qualify a unit word ("Rural Municipality", "Urban Commune", "Sub Metropolitan City")
UNIT_QUALIFIERS = frozenset({"rural", "urban", "metropolitan", "sub-metropolitan"})
# Words between a name and its "(admin2, admin1)" that name a sub-district unit ("Tirtol block
# (Jagatsinghapur, Odisha)", "Agua Clara corregimiento (Norte de Santander)").
SUBUNIT_WORDS = frozenset({"block", "tehsil", "taluk", "taluka", "commune", "corregimiento",
                           "vereda", "barangay", "ward", "township", "sector", "locality", "area",
                           "axis", "neighbourhood", "neighborhood", "community", "quarter",
                           "parish", "zone", "subdistrict", "sub-district", "center", "centre",
                           "upazila", "lga", "union", "gaunpalika", "nagarpalika"})
# Words after a name that make it a company's site ("the Solvay factory"): the name is the firm's
COMPANY_WORDS = frozenset({"factory", "factories", "plant", "refinery", "works", "company"})
# Words after a name that make it a facility or street named after a place ("Griswold Park in
# Erie (Pennsylvania)"): such a name is not read as a town outside the text's admin context.
FACILITY_WORDS = frozenset({"square", "park", "plaza", "street", "avenue", "road", "highway",
                            "hospital", "school", "mall", "bank", "market", "station", "church",
                            "mosque", "university", "college", "stadium", "hotel", "bridge",
                            "neighborhood", "neighbourhood", "boulevard", "building", "office",
                            "center", "centre", "prison", "court", "gate", "junction",
                            "circle", "roundabout", "river"})
# "US-led", "Iran-backed": a country's name made an adjective of alliance, not a place
MODIFIER_SUFFIX = re.compile(r"[-‐–]\s?(?:led|backed|based|allied|brokered|sponsored|funded|supported|"
                             r"aligned|affiliated|controlled|held|run|trained|armed|made|linked|loyal|friendly|"
                             r"oriented|proxy)\b",
                             re.IGNORECASE)
# Facilities whose names are seldom a town's ("Darsena Square"); roads and neighbourhoods
# often are ("Khanasser road", "Sheikh Maqsoud neighbourhood")
SQUARE_WORDS = frozenset({"square", "park", "plaza", "garden", "gardens", "boulevard"})
PROMINENT_POPULATION = 100_000
CITY_NOT_PERSON = 500_000  # a lone name this big a city's is the city, whatever spaCy's label
STRONG_VOTE = 1.5
CLEAR_LEAD = 3  # population ratio over a foreign namesake that lets a lone town name stand  # a named admin1, an admin context or two unambiguous towns  # a city whose main name outweighs a village's alternate name
LOOSE_ALONE_MARGIN = 1.5  # score lead over any foreign reading a loose reading standing alone needs
LONE_MIN_POPULATION = 1000  # a place named alone after "in" (see PlaceTagger._lone_places)
DEMONYM_VOTE = 0.4  # a demonym's say in the document's country (a resolved place has 1-2)
FAR_FROM_CONTEXT_KM = 100.0  # a small town this far from every place the text locates is a namesake
FAR_FROM_DISTRICT_KM = 150.0
FAR_FROM_UNIT_KM = 300.0  # a town this far from the point of a province the text names is not in it
CONTEXT_REACH = 600  # characters around an admin context within which it locates other names
# "the streets of ", "the prison of " (an office's "mayor of ", "governor of " says who, not where)
OF_BEFORE = re.compile(r"\b(?!(?:mayor|governor|president|minister|bishop|king|queen|emir|prefect|"
                       r"ambassador|consul|embassy|university|people)\b)[a-z]{3,}\s+of\s+$")
# what follows a dateline's place in capitals: "HUDSON -- ", "BEIRUT (AP) - ", "DOVER, Del. --"
DATELINE_TAIL = re.compile(r"\s*(?:,\s*[A-Z][A-Za-z.]*\s*)?(?:\([A-Za-z]+\)\s*)?(?:--|—|–|-)\s")
FACILITY_REACH = 60  # characters from a square's name to the town it is said to be in
# words that, alone or with a compass word, name admin1 units in many countries
GENERIC_UNIT_WORDS = frozenset({"capital", "central", "centre", "center", "coast", "coastal",
                                "upper", "lower", "middle", "highlands", "lakes", "islands"})
# between a place and a unit in its parentheses: "X (", "X (Y, "
OWNER_GAP = re.compile(r"\s*(?:[a-z-]+\s*)?\(\s*(?:[^()]{0,60},\s*)?")
# ACLED's remark on where it placed the event: "[coded to Rudkobing]", "(location coded to
# Wabe)", "coded to the nearest town, Ginchi", "(coded as hq Harnai)"; the name is capitalised
# ("coded as 3 fatalities" is not a place)
CODED_TO = re.compile(r"(?<!fatalities )\b(?:location\s+)?[Cc]oded\s+(?:to|as|at)\s+(?:the\s+)?"
                      r"(?:nearest\s+(?:town|village|city),?\s+)?(?:hq\s+)?"
                      r"([A-Z][\w'’-]*(?:[ ](?:(?:al|as|ash|ad|ar|an|at|el|de|del|la|le|du|da|of)[ ])?[A-Z][\w'’-]*){0,4})"
                      r"(?![ ]event)")
# "Seoul City - Jongno": ACLED's city-and-district location (the district lies in the city)
CITY_DISTRICT_DASH = re.compile(r"[ \t]*(?:[Cc]ity[ \t]*)?[-–][ \t]*(?=[A-Z0-9])")
NAME_AT = re.compile(r"[A-Z][\w'’]*(?:[ -][A-Z0-9][\w'’]*)*")
BIG_CITY = 250_000
DISTRICT_KM = 40.0  # a district of the biggest cities lies within this of the city's point
CITY_UNIT_KM = 60.0  # a city-level admin1's centre and its city's point
# "Aleppo countryside", "the countryside of Idlib": the area around a city, i.e. its province.
REGION_AROUND = frozenset({"countryside", "hinterland"})
# Romance "of" inside a place's name: "San Antonio del Junte", "Champ du Glacis"
ROMANCE_OF = frozenset({"de", "du", "des", "del", "della", "di", "do", "da", "dos", "das"})


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
    # written as a state's abbreviation: closed by a period ("Kan."), in capitals ("KY"), after
    # "Town, " ("Seattle, Wash") or a party's letter ("D-Calif")
    abbreviated: bool = False
    after_preposition: bool = False  # "in X", "near X"
    ranked: list[Scored] = field(default_factory=list)
    # ACLED-style admin context ("X (Oyam, Northern)", "X, Donetsk"): the admin units it names,
    # resolved, and the admin1 as the text spells it (ACLED's own spelling in its notes)
    ctx_admin1: Place | None = None
    ctx_admin2: Place | None = None
    ctx_admin1_text: str | None = None
    ctx_parts: list[str] = field(default_factory=list)  # the context as written
    ctx_ambiguous: bool = False  # the admin1 name exists in several countries, none preferred
    ctx_from: _Cand | None = None  # the place whose context this admin name shares
    facility: bool = False  # followed by "square", "park", "hospital"...: a facility's name
    named_square: bool = False  # "Darsena Square": squares and parks bear names of all kinds
    named_quarter: bool = False  # "the Palestina neighbourhood (of Salvador)"
    ctx_weak: bool = False  # the context is a ", Y" after the name (may be a list of towns)
    admin_tail: bool = False  # "Ballyporeen (Tipperary)", "X community, Kherson.": the note's closing admin unit
    acronym: bool = False  # written in capitals in mixed-case text ("SUD", "PARNAS"): an organisation
    # after a generic head word of an unknown name: "name" ("Touma" of "Bab Touma"), or "feature"
    # when the head names a natural feature ("Arba'in" of "Jabal Arba'in")
    name_tail: str | None = None
    # only part of a longer name the gazetteer lacks: "San Juan" of "San Juan Izhuatepec",
    # "Glacis" of "Champ du Glacis"; its reading abroad is a guess the text must back
    partial: bool = False
    company: bool = False  # followed by "factory", "plant": a firm's name, whatever town bears it


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
        self.heads = read_heads()  # head word (heavy-folded) -> "feature" or ""
        self.dotted = dotted_abbreviations()
        self._admin1_tails: set[int] = set()
        self._last_ambiguous = False

    # ------------------------------------------------------------ public

    def tag(self, doc: Doc, sentences: list[SentenceInfo],
            actor_countries: list[tuple[str, float]] = ()) -> list[PlaceMention]:
        """Fill ``sentence.places`` for each sentence and return all mentions in text order.
        `actor_countries`: (country, weight) of the named organisations in the text (see
        `tag_doc`)."""
        mentions = self.tag_doc(doc, actor_countries)
        for s in sentences:
            s.places = [m for m in mentions if s.start <= m.start < s.end]
        return mentions

    def tag_doc(self, doc: Doc, actor_countries: list[tuple[str, float]] = ()) -> list[PlaceMention]:
        """`actor_countries`: home countries of the unions, parties and militias the text
        names ("at the call of the CGT ... in Brest": France's Brest, not Belarus's); they
        speak for a country as a place does, and win a tie."""
        text = doc.text  # built from the tokens on every access: read it once
        cands, demonym_countries = self._recognise(doc, text)
        mentions = self._resolve(cands, demonym_countries, text, actor_countries)
        return self._city_districts(text, mentions)

    # ------------------------------------------------------------ "City - District"

    def _city_districts(self, text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """ACLED names a place inside a big city as "Seoul City - Jongno", "Tehran - District 2",
        "Ciudad de Mexico - Cuauhtemoc": the part after the dash is a district of that city, so
        its reading must lie in the city; a namesake elsewhere (Jongno read loosely as a town
        in Busan, Cuauhtemoc as the town in Chihuahua) is dropped and the city itself stands."""
        new: dict[int, PlaceMention | None] = {}  # index -> replacement (None: dropped)
        added: list[PlaceMention] = []
        for i, city in enumerate(mentions):
            gap_end = _district_dash_end(text, city.end)
            if gap_end is None:
                continue
            says_city = "city" in text[city.end:gap_end].lower()
            if city.place.feature_code in ADMIN1_CODES:
                city = self._city_of_unit(city)  # "Ciudad de Mexico": the city, not the state
            j = next((k for k in range(i + 1, len(mentions)) if mentions[k].start == gap_end), None)
            name_m = NAME_AT.match(text, gap_end)
            district = mentions[j].text if j is not None else (name_m.group(0) if name_m else "")
            inside = None
            if district and _big_city(city.place, says_city):
                inside = self._district_reading(district, city.place)
            if district and inside is None:  # "London - Hillingdon" read in Kentucky
                city, inside = self._city_with_district(city, district)
            new[i] = city
            if j is not None and _big_city(city.place, says_city):
                new[j] = replace(mentions[j], place=inside) if inside is not None else None
            elif j is None and inside is not None:  # a district the first pass let go
                added.append(PlaceMention(gap_end, gap_end + len(district), district, inside))
        kept = [m for m in (new.get(k, m) for k, m in enumerate(mentions)) if m is not None]
        return sorted(kept + added, key=lambda m: m.start)

    def _city_with_district(self, city: PlaceMention, district: str) -> tuple[PlaceMention, Place | None]:
        """Another big city of the same name in which the district's name is found, if any."""
        for sc in self.gaz.rank(city.text, kind="city")[:8]:
            p = sc.place
            if sc.loose or p == city.place or not _big_city(p, False):
                continue
            inside = self._district_reading(district, p)
            if inside is not None:
                return replace(city, place=p), inside
        return city, None

    def _city_of_unit(self, unit: PlaceMention) -> PlaceMention:
        """A city-level admin1 named as a city ("Ciudad de Mexico - Cuauhtemoc"): its city."""
        for sc in self.gaz.rank(unit.text, country=unit.place.country, kind="city")[:5]:
            p = sc.place
            if not sc.loose and p.country == unit.place.country and p.feature_code not in (
                    COUNTRY_CODES | ADMIN1_CODES | ADMIN2_CODES) and (p.population or 0) >= BIG_CITY \
                    and km(p.latitude, p.longitude, unit.place.latitude, unit.place.longitude) <= CITY_UNIT_KM:
                return replace(unit, place=p)
        return unit

    def _district_reading(self, name: str, city: Place) -> Place | None:
        """The reading of a district's name that lies within the city, if the gazetteer has one."""
        for sc in self.gaz.rank(name, country=city.country, near=(city.latitude, city.longitude)):
            p = sc.place
            if not sc.loose and p.country == city.country and p.feature_code not in COUNTRY_CODES | ADMIN1_CODES \
                    and km(p.latitude, p.longitude, city.latitude, city.longitude) <= DISTRICT_KM:
                return p
        return None

    # ------------------------------------------------------------ recognition

    def _recognise(self, doc: Doc, text: str) -> tuple[list[_Cand], list[str]]:
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
        shouting = _mostly_capitals(text)  # a headline in capitals: capitals say nothing
        cands: list[_Cand] = []
        for run in self._runs(doc):
            i = 0
            tail_from, tail_kind = len(run), None  # from here on: the rest of an unknown name
            while i < len(run):
                tok = run[i]
                dem = self._demonym_at(doc, run, i)
                if dem and self._name_outruns(doc, run, i, dem[0]):
                    dem = None  # "the Russian Federation", "Dominican Republic": a country's name
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
                    if i + 1 < len(run) and heavy_key(tok.text) in self.heads and tail_kind is None:
                        tail_from, tail_kind = i + 1, self.heads[heavy_key(tok.text)] or "name"
                        # "Jabal Arba'in": no "Jabal" known either
                    i += 1
                    continue
                j = match
                if self._head_of_unknown_name(run, i, j):
                    if tail_kind is None:  # "Bab Touma", "Jabal Arba'in": neither Al-Bab nor a town
                        tail_from = i + 1
                        tail_kind = "name" if run[j].lower_ in PATRONYMIC else (
                            self.heads.get(heavy_key(tok.text)) or "name")
                    i += 1  # Arbin; the rest is read only inside admin units ("Tall Rasho (Lattakia)")
                    continue
                span = doc[run[i].i : run[j - 1].i + 1]
                labels = [ent_label.get(t.i) for t in span]
                label = next((lb for lb in labels if lb), None)
                if text[span.end_char : span.end_char + 1] in ("€", "™"):
                    i = j  # mojibake ("Itâ€™s"), not a name
                    continue
                common = all(t.lower_ in STOP_WORDS or t.lower_ in self.stopwords or not _wordlike(t)
                             or len(t.text) == 1 for t in span)
                c = _Cand(span.start_char, span.end_char, span.text, label,
                          sent_initial=bool(tok.is_sent_start), common_word=common,
                          person_name=light_key(span.text) in persons,
                          name_tail=tail_kind if i >= tail_from else None)
                c.partial = self._part_of_longer_name(doc, run, i, j)
                c.acronym = _acronym(span.text) and not shouting and not tok.is_sent_start \
                    and not DATELINE_TAIL.match(text, span.end_char)  # "MANSFIELD -- The mayor"
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
        self._admin1_tails: set[int] = set()
        for c in cands:
            self._read_cues(doc, c)
        for c in cands:  # "Rubizhne, Luhansk": the tail names the admin1, not its capital
            if c.start in self._admin1_tails and c.kind is None:
                c.kind, c.cue = "admin1", True
        _mark_parenthesised(text, cands)
        for c in cands:  # "(Matiacoali, Gourma)", "Hayran district (Hajjah)": the units after a
            # place the gazetteer lacks (not "Sava" of "Mayo-Sava")
            if not c.cue and not _hyphen_part(text, c.start, c.end) and (
                    _in_admin_parenthesis(text, c.start, c.end, min_parts=2)
                    or (_in_admin_parenthesis(text, c.start, c.end) and _after_unit_word(text, c.start))):
                c.cue = True
        _mark_coordinated(text, cands)
        self._share_context(cands)
        return cands, demonyms

    def _part_of_longer_name(self, doc: Doc, run: list[Token], i: int, j: int) -> bool:
        """Is the match run[i:j] only part of a longer name the gazetteer lacks? Capitalised
        words that are no unit, facility or other place follow it ("San Juan Izhuatepec",
        "San Antonio del Junte"), or a Romance "of" ties it to words before it ("Champ du
        Glacis")."""
        if j < len(run):
            k = j + 1 if run[j].lower_ in ROMANCE_OF and j + 1 < len(run) else j
            word = run[k].lower_
            if _is_cap(run[k]) and word not in KIND_WORDS and word not in FACILITY_WORDS \
                    and word not in TRAILING_GENERIC and word not in SUBUNIT_WORDS and word not in CUE_BEFORE \
                    and word not in REGION_AROUND and word not in STRIPPABLE \
                    and self._longest_match(doc, run, k) is None:
                return True
        return i >= 2 and run[i - 1].lower_ in ROMANCE_OF and _is_cap(run[i - 2])

    def _head_of_unknown_name(self, run: list[Token], i: int, j: int) -> bool:
        """Is the match run[i:j] only the generic head word of a longer name ("Tal al-Shayer",
        "Bab Touma"), or a person's name before a patronymic ("Khalid Ibn al-Walid")?"""
        if j >= len(run):
            return False
        if run[j].lower_ in PATRONYMIC:
            return True
        if run[j].lower_ in ("al", "el") and j + 1 < len(run) and run[j + 1].text == "-" and j - i == 1:
            return True  # "Taiba al-Imam": one word followed by "al-X" is the head of a longer
            # name the gazetteer lacks (one it knows was matched whole), not the town Taiba
        words = [t for t in run[i:j] if t.lower_ not in ARTICLES and t.text not in ("-", "'", "’")]
        return len(words) == 1 and heavy_key(words[0].text) in self.heads

    def _demonym_at(self, doc: Doc, run: list[Token], i: int) -> tuple[int, str] | None:
        """(end index into run, country) when a demonym ("Sri Lankan", "Syrian") starts at i."""
        for j in (i + 2, i + 1):
            if j <= len(run):
                text = doc[run[i].i : run[j - 1].i + 1].text  # not doc.text: O(doc) per call
                country = self.gaz.country_of_demonym(text)
                if country:
                    return j, country
        return None

    def _name_outruns(self, doc: Doc, run: list[Token], i: int, dem_end: int) -> bool:
        """Does a longer gazetteer name, spelt exactly, start with the demonym at i?"""
        end = self._longest_match(doc, run, i)
        return end is not None and end > dem_end and self.gaz.exact_exists(doc[run[i].i: run[end - 1].i + 1].text)

    def _runs(self, doc: Doc) -> list[list[Token]]:
        """Maximal runs of name-like tokens: capitalised words joined by articles/hyphens."""
        runs: list[list[Token]] = []
        cur: list[Token] = []
        for t in doc:
            nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
            if not cur and _is_cap(t) and t.lower_ in PREPOSITIONS and t.lower_ not in ARTICLES \
                    and nxt is not None and _is_cap(nxt):
                continue  # "..., Near Abu Kamal, ...": a title-cased preposition opens no name
            if _is_cap(t):
                cur.append(t)
                continue
            if cur and t.lower_ == "in" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("der", "den"):
                cur.append(t)  # "Landau in der Pfalz"
                continue
            if cur and t.lower_ in NAME_CONNECTORS and t.i + 1 < len(doc) and (
                    _is_cap(doc[t.i + 1]) or doc[t.i + 1].lower_ in NAME_CONNECTORS):
                cur.append(t)
                continue
            if not cur and t.lower_ in ARTICLES and nxt is not None and (
                    nxt.text == "-" or (t.lower_ in ARABIC_ARTICLES and _is_cap(nxt) and t.whitespace_)):
                cur.append(t)  # lower-case "al-" opening a name, or "al Bab" written apart
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
            text = doc[run[i].i : run[j - 1].i + 1].text  # not doc.text: O(doc) per call
            if j - i == 1 and (light_key(text) in self.stopwords or _lone_article(text)):
                continue
            if self.gaz.candidates_exist(text):
                if j - i > 1 and not self.gaz.exact_exists(text) and any(
                        self.gaz.exact_exists(doc[run[i].i : run[m - 1].i + 1].text)
                        and run[m].lower_ not in ARTICLES
                        and not (m == i + 1 and heavy_key(run[i].text) in self.heads)
                        for m in range(j - 1, i, -1) if _is_cap(run[m - 1])):
                    continue  # "Daejeon - Seo": the exact "Daejeon" beats a loose whole (but
                    # an article binds what follows: "Jisr al-Shoghour" is one name, not "Jisr";
                    # so does a generic head word: "Khan Shekhon", not "Khan")
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
        if not toks or not any(_is_cap(t) for t in toks):
            return None  # "on the east bank of the Euphrates": a common word left, no name
        doc = e.doc
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        text = doc[toks[0].i : toks[-1].i + 1].text
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
        c.abbreviated = c.text.endswith(".") or c.text.isupper() or (before is not None and before.text in (",", "-")) \
            or (after is not None and after.idx == c.end and after.text[:1] == ".")
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
        if before is not None and (before.lower_ in PREPOSITIONS or before.lower_ in STRIKE_WORDS or (
                before.lower_ in STRIPPABLE and before2 is not None and before2.lower_ in PREPOSITIONS)):
            c.after_preposition = True  # "in X", "in central X"
        # "Bakhmutka, Donetsk." (Bakhmutka unknown): a trailing ", Donetsk" names the oblast
        if (c.kind is None and before is not None and before.text == "," and before2 is not None
                and (_is_cap(before2) or before2.lower_ in KIND_WORDS) and _ends_clause(doc, span.end)
                and self.gaz.country(c.text) is None and self._names_admin1(c.text)):
            c.kind, c.cue = "admin1", True
        c.company = span.end < len(doc) and doc[span.end].lower_ in COMPANY_WORDS
        f = span.end
        while f < len(doc) and f - span.end < 3 and _is_cap(doc[f]) and doc[f].lower_ not in FACILITY_WORDS:
            f += 1
        if f < len(doc) and doc[f].lower_ in FACILITY_WORDS:
            c.facility = True
            c.named_square = doc[f].lower_ in SQUARE_WORDS
            c.named_quarter = doc[f].lower_ in ("neighborhood", "neighbourhood")  # "Griswold Park", "Vittoria square": a namesake of a town
        # "X (Y)" / "X (Y, Z)" / "X sub-county (Y, Z)" / "San Myo village (Y, Z)"
        k = span.end
        j = k
        while j < len(doc) and j - k < 3 and _is_cap(doc[j]) and doc[j].lower_ not in UNIT_QUALIFIERS:
            j += 1  # "Krishna Sabran Rural Municipality (Saptari district)": stop at the unit words
        extended = j > k and j < len(doc) and _unit_word(doc[j])
        if extended:
            k = j
        elif k < len(doc) and doc[k].text in ("-", "–"):
            # "Bogota - Kennedy (Bogota, D.C.)": ACLED's "city - district" before the units
            j = k + 1
            while j < len(doc) and j - k < 5 and (_is_cap(doc[j]) or doc[j].text == "-"):
                j += 1
            if j > k + 1 and j < len(doc) and doc[j].text == "(":
                k = j
        while k < len(doc) and (_unit_word(doc[k]) or doc[k].text in ("-", "sub")):
            k += 1
        if k < len(doc) and doc[k].text == "(":
            close = next((m for m in range(k + 1, min(len(doc), k + 12)) if doc[m].text == ")"), None)
            if close and close + 2 < len(doc) and (
                    (doc[close + 1].lower_ in KIND_WORDS or doc[close + 1].lower_ in SUBUNIT_WORDS)
                    and doc[close + 2].text == "(") or close and close + 1 < len(doc) and (
                    doc[close + 1].text == "(" and not any(_is_cap(t) for t in doc[k + 1 : close])):
                # "Dagon Myothit (North) township (Yangon-East district, Yangon region)": the
                # first parenthesis is part of the name, the second holds the admin units;
                # "Hays (coded to district level) (Al Hudaydah)": the first is a remark
                k = close + 2 if doc[close + 1].text != "(" else close + 1
                close = next((m for m in range(k + 1, min(len(doc), k + 12)) if doc[m].text == ")"), None)
            if close:
                parts = _context_parts(doc[k + 1 : close].text)
                self._apply_hints(c, parts)
                c.cue = True
                if extended and (c.ctx_admin1 is not None or c.ctx_admin2 is not None):
                    last = doc[j - 1]  # the whole name ("San Myo"), not its known first word
                    c.end = last.idx + len(last.text)
                    c.text = doc.text[c.start : c.end]  # rare: only an extended name
        # "X, Y province" / "X, Idlib" / "X, Syria" / "X, Veracruz de Ignacio de la Llave"
        elif k < len(doc) and doc[k].text == "," and k + 1 < len(doc) and _is_cap(doc[k + 1]):
            m = k + 1
            m = _name_end(doc, m)
            nxt = doc[k + 1 : m].text
            kind_word = doc[m].lower_ if m < len(doc) else ""
            if KIND_WORDS.get(kind_word) in ("city", "admin2"):
                return
            if KIND_WORDS.get(kind_word) == "admin1" or (
                    _ends_clause(doc, m) and self._names_admin1(nxt)) or (  # not "Aleppo, Homs and Hama"
                    self._town_of_admin1(c.text, nxt)):  # "off Datca, Mugla by the coast guard"
                self._apply_hints(c, [f"{nxt} {kind_word}" if KIND_WORDS.get(kind_word) else nxt])
                c.ctx_weak = True
                if c.ctx_admin1 is not None:
                    self._admin1_tails.add(doc[k + 1].idx)
        # "Shaalah town in Aleppo countryside", "Al-Hussainiyah village in Deir ez Zor governorate"
        elif (k > span.end and k + 1 < len(doc) and doc[k].lower_ == "in"
              and _is_cap(doc[k + 1])):
            m = k + 1
            m = _name_end(doc, m)
            nxt = doc[k + 1 : m].text
            word = doc[m].lower_ if m < len(doc) else ""
            level = "admin1" if word in REGION_AROUND else KIND_WORDS.get(word)
            if level == "admin1" or (level is None and self._names_admin1(nxt)):
                self._apply_hints(c, [nxt])
                c.cue = c.cue or c.ctx_admin1 is not None
            elif level == "admin2":
                self._apply_hints(c, [nxt + " " + word])
                c.cue = c.cue or c.ctx_admin2 is not None

    def _share_context(self, cands: list[_Cand]) -> None:
        """The admin names that follow a place ("(Kantale, Eastern)", ", Luhansk") are read as
        the units the place's context resolved, not on their own (Eastern: Sri Lanka's, not
        Fiji's)."""
        for i, c in enumerate(cands):
            if c.ctx_admin1 is None and c.ctx_admin2 is None:
                continue
            for d in cands[i + 1 :]:
                if d.start > c.end + 120:
                    break
                if (d.ctx_admin1 is not None or d.ctx_admin2 is not None) and d.ctx_from is not c:
                    continue
                name = split_kind(d.text, None)[0]
                a1, a2 = c.ctx_admin1, c.ctx_admin2
                if a1 is not None and (same_name(name, a1.admin1 or a1.name) or (
                        c.ctx_admin1_text and same_name(name, c.ctx_admin1_text))):
                    d.ctx_admin1, d.ctx_admin1_text = a1, c.ctx_admin1_text
                    d.kind, d.cue, d.ctx_from, d.ctx_ambiguous = "admin1", True, c, c.ctx_ambiguous
                elif a2 is not None and (same_name(name, a2.name) or same_name(name, a2.admin2 or "")):
                    d.ctx_admin1, d.ctx_admin2, d.ctx_admin1_text = a1, a2, c.ctx_admin1_text
                    d.kind, d.cue, d.ctx_from, d.ctx_ambiguous = "admin2", True, c, c.ctx_ambiguous

    def _town_of_admin1(self, town: str, unit: str) -> bool:
        """"Datca, Mugla": is the town, by its main name, a place inside an admin1 so named?
        Then the pair is a place and its province wherever the clause goes on."""
        for sc in self.gaz.rank(unit, kind="admin1")[:6]:
            a1 = sc.place
            if not sc.loose and a1.feature_code in ADMIN1_CODES and a1.country and any(
                    not t.loose and t.primary and t.place.country == a1.country and t.place.admin1
                    and same_name(t.place.admin1, a1.admin1 or "") and t.place.feature_code not in ADMIN1_CODES
                    for t in self.gaz.rank(town, country=a1.country, admin1=a1.admin1)[:3]):
                return True
        return False

    def _names_admin1(self, name: str) -> bool:
        """Is the name a country or a first-level subdivision (by its main name)?"""
        for sc in self.gaz.rank(name)[:6]:
            if sc.loose:
                continue
            fc = sc.place.feature_code
            if fc in COUNTRY_CODES or fc in ADMIN1_CODES:
                return True
        return False

    def _read_parenthesis_member(self, doc: Doc, span: Span, c: _Cand) -> None:
        """ACLED-style "(Oyam, Northern)": the first name is an admin2 of the second, an admin1."""
        if span.start == 0 or doc[span.start - 1].text != "(":
            return
        close = next((m for m in range(span.end, min(len(doc), span.end + 10))
                      if doc[m].text == ")"), None)
        after = span.end
        while after < len(doc) and after - span.end < 2 and _unit_word(doc[after]):
            after += 1  # "(Kani township, Yinmarbin district, Sagaing region)"
        if close is None or after >= len(doc) or doc[after].text != ",":
            return
        parts = _context_parts(doc[span.start : close].text)
        if len(parts) >= 2:
            # "(Oyam, Northern)": an admin2; "(Katha township, ...)": a township is named after
            # its town, which is the better point
            c.kind = c.kind or (KIND_WORDS.get(doc[span.end].lower_) if after > span.end else "admin2")
            c.cue = True
            self._apply_hints(c, parts[1:])

    def _apply_hints(self, c: _Cand, parts: list[str]) -> None:
        """Hints from "(admin2, admin1)" or ", admin1" / ", country" after a name. The last
        part is the widest unit; each part is resolved as an admin1, else an admin2 (within
        the admin1 already read), so the context can locate the event when the name itself
        is not in the gazetteer."""
        parts = [p for p in parts if p and len(p) < 60]
        n = len(parts)
        c.ctx_parts = c.ctx_parts or list(parts)
        for idx, raw in enumerate(reversed(parts)):
            name, kind = split_kind(raw, None)
            if kind in ("city",):
                continue
            # a demonym is no country's name in an admin context: "(Fafan, Somali)" is Ethiopia's
            # Somali region, not Somalia
            country = self.gaz.country(name) if (len(name) > 3 or "." in name) and not kind \
                and not self.gaz.is_demonym(name) else None
            if country is not None and not c.country_hint:
                # "Rincon (Georgia)": the US state when the town is there, not the country
                a1 = self._admin_unit(name, "admin1", None, None)
                if a1 is not None and a1.country != country.name and self._in_admin(c.text, a1) \
                        and not self._in_country(c.text, country.name):
                    country = None
            if country is not None:
                c.country_hint = c.country_hint or country.name
                continue
            # Kenyan and Liberian counties are first-level units ("Hindi (Lamu West, Lamu County)")
            if c.ctx_admin1 is None and (kind in (None, "admin1") or raw.lower().endswith(" county")):
                inner = [split_kind(p, None)[0] for p in parts[: n - idx - 1]] + [c.text]
                a1 = self._admin_unit(name, "admin1", c.country_hint, None, inner=inner)
                if a1 is None and "-" in name and name.rsplit("-", 1)[1].strip().lower() in STRIPPABLE:
                    # "Shan-North", "Bago-West": ACLED's halves (not "Mayo-Sava": Mayo is Irish)
                    a1 = self._admin_unit(name.split("-")[0].strip(), "admin1", c.country_hint,
                                          None, inner=inner)
                if a1 is not None:
                    c.ctx_ambiguous = self._last_ambiguous
                    c.ctx_admin1 = a1
                    c.admin1_hint = a1.admin1
                    c.country_hint = c.country_hint or a1.country
                    if _spelling_like(name):
                        c.ctx_admin1_text = name
                    continue
            if c.ctx_admin1 is None and not c.country_hint and _generic_unit(name):
                continue  # "(Alkufra, East)" with no East known there: not East Delhi either
            if c.ctx_admin2 is None and kind in (None, "admin2", "admin1"):  # some admin1s are filed as admin2
                a2 = self._admin_unit(name, "admin2", c.country_hint, c.admin1_hint)
                if a2 is not None and (c.ctx_admin1 is not None or c.country_hint or n > 1
                                       or kind is not None or c.kind == "admin2"):
                    c.ctx_admin2 = a2
                    c.admin1_hint = c.admin1_hint or a2.admin1
                    c.country_hint = c.country_hint or a2.country
                    continue
            if not c.admin1_hint and idx == 0:
                c.admin1_hint = name
                if n >= 2 and kind is None and _spelling_like(name):
                    c.ctx_admin1_text = name  # "(Mohammadia, Casablanca-Settat)": ACLED's admin1
            elif not c.admin2_hint:
                c.admin2_hint = name

    def _admin_unit(self, name: str, level: str, country: str | None, admin1: str | None,
                    inner: list[str] = ()) -> Place | None:
        """An admin1/admin2 named exactly (main or alternate name, not a loose match); with
        several readings, the one that contains the inner parts ("(Oyam, Northern)": the
        Northern region that has an Oyam district)."""
        codes = ADMIN1_CODES if level == "admin1" else ADMIN2_CODES
        inner = [i for i in inner if not same_name(i, name)]  # "Bolivar" is in Bolivar anyway
        found: list[Place] = []
        for sc in self.gaz.rank(name, country=country, admin1=admin1, kind=level)[:12]:
            p = sc.place
            if sc.loose or p.feature_code not in codes:
                continue
            if country and p.country != country:
                continue
            if admin1 and level == "admin2" and p.admin1 and not same_name(admin1, p.admin1):
                continue
            if p not in found:
                found.append(p)
        if not found:
            return None
        if level == "admin1" and inner and not any(self._in_country(i, p.country) for p in found for i in inner) \
                and any(self._unit_of_town_elsewhere(name, i, {p.country for p in found}) for i in inner):
            return None  # "Sidon (Sayda)": Sidon is Lebanese, so Sayda is its district, not Algeria's province
        if level == "admin1" and inner and _generic_unit(name) and not any(
                self._in_country(i, p.country) for p in found for i in inner) and any(
                self._found_elsewhere(i, {p.country for p in found}) for i in inner):
            return None  # "Sanabis (Capital)": Bahrain's capital governorate, which the
            # gazetteer names otherwise, not Venezuela's Capital District
        self._last_ambiguous = False
        if len(found) > 1 and inner:
            for p in found:
                if any(self._admin_unit(i, "admin2", p.country, p.admin1) is not None
                       or self._in_admin(i, p) for i in inner):
                    return p
            # "Al Kufrah (Alkufra, East)": the country where the named place itself is
            in_country = [p for p in found if any(self._in_country(i, p.country) for i in inner)]
            if len({p.country for p in in_country}) == 1:
                return in_country[0]
        self._last_ambiguous = len({p.country for p in found}) > 1 and country is None
        if self._last_ambiguous:  # "Eastern" alone: the most populous reading until the text says
            return max(found, key=lambda p: p.population or 0)
        return found[0]

    def _found_elsewhere(self, name: str, countries: set[str | None]) -> bool:
        """Is the name, spelled as written (not loosely), a place of a country not listed?"""
        return any(not sc.loose and sc.place.country not in countries
                   and (sc.place.feature_code or "") not in COUNTRY_CODES
                   for sc in self.gaz.rank(name)[:5])

    def _unit_of_town_elsewhere(self, unit: str, town: str, countries: set[str | None]) -> bool:
        """Is the town best known as a sizeable town of another country, where the unit's
        name is a district's ("Sidon (Sayda)": Lebanon's Sidon and its Caza de Saida)?"""
        ranked = [sc for sc in self.gaz.rank(town)[:3] if not sc.loose]
        top = max(ranked, key=lambda sc: sc.place.population or 0) if ranked else None  # the town, not its alias row
        if top is None or top.loose or top.place.country in countries \
                or (top.place.population or 0) < PROMINENT_POPULATION // 2 \
                or (top.place.feature_code or "") in ADMIN1_CODES | ADMIN2_CODES | COUNTRY_CODES:
            return False
        return self._admin_unit(unit, "admin2", top.place.country, None) is not None

    def _in_country(self, name: str, country: str) -> bool:
        return any(not sc.loose and sc.place.country == country
                   for sc in self.gaz.rank(name, country=country)[:5])

    def _in_admin(self, name: str, a1: Place) -> bool:
        return any(not sc.loose and sc.place.country == a1.country and sc.place.admin1
                   and same_name(sc.place.admin1, a1.admin1 or "")
                   for sc in self.gaz.rank(name, country=a1.country, admin1=a1.admin1)[:5])

    # ------------------------------------------------------------ resolution

    def _resolve(self, cands: list[_Cand], demonym_countries: list[str], text: str = "",
                 actor_countries: list[tuple[str, float]] = ()) -> list[PlaceMention]:
        votes: Counter[str] = Counter()
        for country, weight in actor_countries:  # first: a tie goes to them (Counter keeps order)
            votes[country] += weight
        for c in demonym_countries:
            # "Russian forces shelled X": a demonym often names the attacker, so it weighs
            # less than a place named in the text and decides only when places do not
            votes[c] += DEMONYM_VOTE
        local: Counter[str] = Counter()  # votes of places inside a country, not its name
        named: set[str] = set()  # countries named by name ("the war in Ukraine")
        first: list[Scored | None] = []
        own: dict[int, tuple[str, float]] = {}  # each name's own vote (id of the candidate)
        for c in cands:
            c.ranked = self._rank(c, country=c.country_hint, admin1=c.admin1_hint)
        self._hint_containers(cands)
        for c in cands:
            ranked = c.ranked
            top = ranked[0] if ranked else None
            first.append(top)
            ctx = c.ctx_admin1 or c.ctx_admin2
            if ctx is not None and ctx.country and not c.ctx_ambiguous:
                votes[ctx.country] += 2.0  # "X (Hayran, Hajjah)": the admin units say the country
                local[ctx.country] += 2.0
                continue
            if top is None or not self._accept(c, top, None):
                continue
            if _generic_unit(c.text) and (top.place.feature_code or "") in ADMIN1_CODES:
                continue  # "Coast", "Capital": many countries' units, no say in which one
            w = self._vote_weight(ranked)
            if w and not _same_spelling(c, top) and not top.alias and not _named_unit(c, top):
                w *= 0.5  # "Dom" read as Dome (Ghana) says less than "Dili" read as Dili (an
                # analyst's alias is a spelling as sure as the main name: "Deir Ezzor"; so
                # is a unit named with its level: "Tashkent region" is Toshkent viloyati)
            if w and top.place.country:
                # "Beja": Portugal's and Tunisia's districts score alike, and the order of
                # equals says nothing: the vote is shared among the tied countries
                tied = _tied_countries(ranked)
                share = w / len(tied)
                own[id(c)] = (top.place.country, share)
                if (top.place.feature_code or "") in COUNTRY_CODES:
                    if top.place.country in named:
                        continue  # a country named again is still one topic, not more places
                    named.add(top.place.country)
                else:
                    for country in tied:
                        local[country] += share
                for country in tied:
                    votes[country] += share
        if not votes:  # only ambiguous names ("Dom Aleixo (Dili)"): exact spellings still lean
            for c, t in zip(cands, first):
                if t is not None and t.place.country and self._accept(c, t, None):
                    votes[t.place.country] += 0.2 if _same_spelling(c, t) else 0.1
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
        # countries the text names, even ambiguously ("Colombo"), for an ambiguous admin1
        soft = Counter(t.place.country for c, t in zip(cands, first)
                       if t is not None and t.place.country and c.ctx_admin1 is None
                       and c.ctx_admin2 is None and self._accept(c, t, None))
        for c in cands:
            if c.ctx_ambiguous and c.ctx_parts and c.ctx_admin1 is not None:
                for country in [dominant] + [k for k, _ in soft.most_common()]:
                    if country and country != c.ctx_admin1.country:
                        self._recontext(c, country)
                    if country and country == dominant == c.ctx_admin1.country:
                        c.ctx_ambiguous = False  # "(Huila)" in a text about Colombia: Colombia's
                    if not c.ctx_ambiguous or country == c.ctx_admin1.country:
                        break
        self._share_context(cands)
        ctx_units = {(p.country, p.admin1) for c in cands for p in (c.ctx_admin1, c.ctx_admin2)
                     if p is not None}
        ctx_at = [c.start for c in cands if c.ctx_admin1 is not None or c.ctx_admin2 is not None]
        qualified: list[PlaceMention] = []  # places read inside the admin units named after them
        for c in cands:
            if c.ctx_admin1 is not None or c.ctx_admin2 is not None:
                place = self._resolve_in_context(c)
                if place is not None:
                    out.append(PlaceMention(start=c.start, end=c.end, text=c.text, place=place,
                                            in_context=not c.ctx_ambiguous))
                    if not c.ctx_ambiguous and not c.ctx_weak and not _in_admin_parenthesis(text, c.start, c.end):
                        qualified.append(out[-1])  # the place "(admin2, admin1)" qualify, not a unit
                    continue
                if not c.ctx_weak:
                    continue
            if c.name_tail == "name":
                continue  # part of a name the gazetteer lacks, read only inside its admin units
            key = light_key(c.text) + "|" + (c.kind or "") + "|" + (c.admin1_hint or "")
            if key not in memo:
                ranked = self._rank(c, country=c.country_hint or dominant,
                                    admin1=c.admin1_hint or _single(admin1_votes),
                                    near=None if c.country_hint else near)
                memo[key] = _prefer_main_name(ranked)
            top = memo[key]
            # only demonyms ("Iraqi militias", "Turkish forces") lean: they name who fights
            # more often than where, so a place the text marks still speaks for itself
            alone = not local and not named and not ctx_at
            if top is None or not self._accept(c, top, dominant, alone=alone):
                continue
            mine = own.get(id(c))
            own_vote = mine[1] if mine is not None and mine[0] == top.place.country else 0.0
            if _misread_abroad(c, top, dominant, votes, local, own_vote) and not (
                    alone and top.loose and _loose_but_alone(c, top)):
                continue
            if _generic_unit(c.text) and (top.place.feature_code or "") in ADMIN1_CODES \
                    and top.place.country != dominant and not c.country_hint:
                continue  # "the Syrian Coast's mountains", "the Capital Damascus": not Tanzania's
                # Coast region or Venezuela's Capital district
            if (top.place.feature_code or "") in COUNTRY_CODES | {"PPLC"} and _modifier_suffix(text, c.end):
                continue  # "US-led coalition", "Turkey-backed factions", "Moscow-backed
                # separatists" (a capital standing for its government): who, not where
            small = (top.place.population or 0) < PROMINENT_POPULATION and (
                top.place.feature_code or "") not in COUNTRY_CODES | ADMIN1_CODES | ADMIN2_CODES
            if small and not _same_spelling(c, top) and (c.named_square or (
                    c.named_quarter and top.place.feature_code != "PPLX")):
                continue  # "Darsena Square in Cagliari", "the Palestina neighbourhood": a square's
                # or a quarter's name read as a village's other name
            if small and top.place.feature_code != "PPLX" and _hyphen_part(text, c.start, c.end) \
                    and "-" not in top.place.name:  # (but "Carhaix" is "Carhaix-Plouguer")
                continue  # "Missions" of "Croix-des-Missions", "Sava" of "Mayo-Sava"
            if ctx_units and (top.place.country, top.place.admin1) not in ctx_units and (
                    c.facility or not (c.cue or c.label in STRONG_LABELS)) and any(
                    abs(c.start - o) < 400 and _same_item(text, c.start, o) for o in ctx_at):
                continue  # "Vittoria square in Napoli (Napoli, Campania)": not Vittoria, Sicily
            if (small or c.named_square) and _facility_in_named_place(text, c, cands):
                continue  # "Ulus square in Altindag town, Ankara", "Monument Circle in
                # Indianapolis": a square's name, the town after it is where it is
            if _outside_context(c, top, ctx_units, [o for o in ctx_at if _same_item(text, c.start, o)]):
                continue
            out.append(PlaceMention(start=c.start, end=c.end, text=c.text, place=top.place,
                                    in_context=_in_admin_parenthesis(text, c.start, c.end)))
        if not out:
            out = self._lone_places(cands, memo, text)
        out = _drop_feature_tails_elsewhere(out, {(c.start, c.end) for c in cands if c.name_tail})
        out = _drop_far_from_context(_drop_foreign_generic_units(text, out), qualified, text)
        out = _drop_units_outside_their_container(text, out)
        return self._mark_coded_to(text, out, dominant)

    def _mark_coded_to(self, text: str, mentions: list[PlaceMention], dominant: str | None) -> list[PlaceMention]:
        """ACLED's remark "[coded to Rudkobing]", "(coded as Girishk with GP2)", "coded to the
        nearest town, Ginchi": the place the event is placed at, whatever else the text names.
        The name is read as it is found by the tagger, else looked up in the text's country."""
        out = list(mentions)
        units = {p.admin1 for x in mentions if x.in_context for p in (x.place,) if p.admin1}
        for m in CODED_TO.finditer(text):
            start, name = m.start(1), m.group(1)
            hit = next((i for i, x in enumerate(out) if x.start == start), None)
            place = out[hit].place if hit is not None else self._coded_place(name, dominant)
            if place is None or (place.feature_code or "") in COUNTRY_CODES:
                continue
            if units and not any(place.admin1 and same_name(u, place.admin1) for u in units):
                continue  # "in Changzhou city, Jiangsu (coded to Xinbei)": not a Xinbei elsewhere
            if hit is not None:
                out[hit] = replace(out[hit], coded_to=True)
            else:
                out.append(PlaceMention(start, start + len(name), name, place, coded_to=True))
        return sorted(out, key=lambda x: x.start)

    def _coded_place(self, name: str, country: str | None) -> Place | None:
        """The remark's place in the text's country, by its name as written (no loose match,
        no namesake abroad: "coded as Pana" in Ghazni is not Pana, Illinois)."""
        if not country:
            return None
        for sc in self.gaz.rank(name, country=country)[:5]:
            if not sc.loose and sc.place.country == country and (sc.place.feature_code or "") not in COUNTRY_CODES \
                    and (sc.alias or light_key(sc.place.name) == light_key(name)):
                return sc.place
        return None

    def _lone_places(self, cands: list[_Cand], memo: dict[str, Scored | None],
                     text: str = "") -> list[PlaceMention]:
        """A text that names no place the usual tests accept ("SOR supporters protested in
        Leova"): a name right after "in/at/near" (or "the streets of", "the prison of") that
        is a populated place's main name is the best reading there is."""
        out = []
        for c in cands:
            key = light_key(c.text) + "|" + (c.kind or "") + "|" + (c.admin1_hint or "")
            top = memo.get(key)
            after_of = bool(OF_BEFORE.search(text[max(0, c.start - 30):c.start]))
            if top is None or not (c.after_preposition or after_of) or top.loose or not top.primary or c.name_tail:
                continue
            if c.common_word or c.acronym or c.person_name or light_key(c.text) in self.stopwords or c.sent_initial:
                continue
            if self._vote_weight(c.ranked) < 1:
                continue  # "Bayonne": New Jersey or France, and nothing in the text to say
            p = top.place
            if _firm_name(c, p):
                continue  # "outside the Solvay factory": a firm's name (but "a New Jersey company")
            # a village whose population GeoNames does not give, and that has no namesake
            # anywhere ("demonstrated in Busdorf"), is the best reading there is
            unknown_unique = not p.population and len({sc.place.geonameid for sc in c.ranked}) == 1
            if (p.feature_code or "") in COUNTRY_CODES or (p.population or 0) < LONE_MIN_POPULATION \
                    and p.feature_code not in ADMIN1_CODES | ADMIN2_CODES and not unknown_unique:
                continue
            out.append(PlaceMention(start=c.start, end=c.end, text=c.text, place=p))
        return out

    def _hint_containers(self, cands: list[_Cand]) -> None:
        """"in Bolivar state (coded to Ciudad Bolivar, Bolivar)": an admin unit's name that
        several countries share is the one that contains another place the text names by
        itself (Ciudad Bolivar lies in Venezuela's Bolivar state, not Colombia's department)."""
        inside: dict[tuple[str, str], set[str]] = {}  # (country, admin1) -> names of places in it
        for d in cands:
            top = d.ranked[0] if d.ranked else None
            if top is not None and not top.loose and top.place.country and top.place.admin1 \
                    and (top.place.feature_code or "") not in ADMIN1_CODES | COUNTRY_CODES:
                inside.setdefault((top.place.country, light_key(top.place.admin1)), set()).add(light_key(d.text))
        for c in cands:
            if c.country_hint or c.ctx_admin1 is not None or c.ctx_admin2 is not None:
                continue
            units = [sc.place for sc in c.ranked[:8] if not sc.loose and sc.place.feature_code in ADMIN1_CODES]
            if len({p.country for p in units}) < 2:
                continue
            held = [p for p in units if inside.get((p.country, light_key(p.admin1 or p.name)), set())
                    - {light_key(c.text)}]  # another name than this one's
            if len({p.country for p in held}) == 1:
                c.country_hint = held[0].country
                c.ranked = self._rank(c, country=c.country_hint, admin1=c.admin1_hint)

    def _recontext(self, c: _Cand, country: str) -> None:
        """"(Vavuniya, Northern)" in a text about Sri Lanka: the Northern Province there."""
        trial = _Cand(c.start, c.end, c.text, c.label, kind=c.kind, country_hint=country)
        self._apply_hints(trial, c.ctx_parts)
        if trial.ctx_admin1 is not None and trial.ctx_admin1.country == country:
            c.ctx_admin1, c.ctx_admin2 = trial.ctx_admin1, trial.ctx_admin2
            c.admin1_hint, c.country_hint = trial.admin1_hint, country
            c.ctx_admin1_text = trial.ctx_admin1_text or c.ctx_admin1_text
            c.ctx_ambiguous = False

    def _resolve_in_context(self, c: _Cand) -> Place | None:
        """A name followed by its admin units: the reading inside them; when the name is not
        in the gazetteer there, the admin2 (geo_precision 2), else the admin1 (precision 3).
        The admin1 keeps the text's spelling (ACLED notes spell admin1 as ACLED codes it)."""
        a1, a2 = c.ctx_admin1, c.ctx_admin2
        country = (a1 or a2).country
        bare = split_kind(c.text, None)[0]
        if c.kind == "admin1" and a1 is not None and same_name(bare, c.ctx_admin1_text or a1.admin1 or ""):
            return replace(a1, admin1=_spelling(c.ctx_admin1_text, a1))  # the "(…, Northern)" itself
        if c.kind == "admin2" and a2 is not None and same_name(bare, a2.name):
            return replace(a2, admin1=_spelling(c.ctx_admin1_text, a1) if a1 is not None
                           else (c.ctx_admin1_text or a2.admin1))
        unit = a1.admin1 if a1 is not None else (a2.admin1 if a2 is not None else None)
        ranked = self._rank(c, country=country, admin1=unit)
        best: Place | None = None
        for sc in ranked:
            p = sc.place
            if p.country != country or (sc.loose and p.feature_code not in ADMIN1_CODES | ADMIN2_CODES):
                continue
            if unit and p.admin1 and not same_name(unit, p.admin1):
                continue
            if a2 is not None and p.admin2 and p.feature_code not in ADMIN1_CODES | ADMIN2_CODES \
                    and not (same_name(a2.admin2 or a2.name, p.admin2) or same_name(a2.name, p.name)):
                continue  # a namesake in another district of the same province
            if p.feature_code in ADMIN1_CODES and c.kind not in ("admin1", None):
                continue
            best = p
            break
        if best is None and c.ctx_weak and any(
                not sc.loose and sc.primary and ((sc.place.population or 0) >= 50000
                                                 or sc.place.feature_code in ADMIN1_CODES)
                for sc in ranked):
            return None  # "Aleppo, Homs": a known town, not a village of the next name's province
        if best is None:
            fallback = a2 or a1
            best = replace(fallback, geo_precision=max(fallback.geo_precision, 2 if fallback is a2 else 3))
            settled = self.gaz.settled_point(best) if fallback is a1 else None
            if settled is not None:  # a village the gazetteer lacks is where people live, not
                best = replace(best, latitude=settled[0], longitude=settled[1])  # the area's centre
        text = c.ctx_admin1_text
        if text and best.country == country and (
                a1 is None or not best.admin1 or same_name(best.admin1, a1.admin1 or "")) and not (
                a1 is not None and _short_form(text, a1.admin1 or "")):
            best = replace(best, admin1=text)
        return best

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

    def _accept(self, c: _Cand, top: Scored, dominant: str | None, alone: bool = False) -> bool:
        """Keep a recognised name? Strong NER labels and cue patterns need only a gazetteer
        entry; other capitalised words need a prominent or contextually plausible place.
        `alone`: nothing in the text says which country it is about."""
        p = top.place
        if top.loose and p.country not in (dominant, c.country_hint) and not (
                alone and _loose_but_alone(c, top)):
            return False  # a consonant-skeleton match needs the document's country
        if c.acronym and not top.alias and (p.feature_code or "") not in COUNTRY_CODES \
                and heavy_key(c.text) == heavy_key(p.name):
            return False  # "the SUD union", "PARNAS": a town's own name in capitals is an
            # acronym ("KPK", "J&K" stand for other names and stay)
        if (p.feature_code or "") in ADMIN1_CODES and light_key(c.text) in self.dotted \
                and light_key(c.text) != light_key(p.name) and not c.abbreviated:
            return False  # "Mass executions": a word, not "Mass." or "Boston, Mass"
        if c.label in STRONG_LABELS or c.cue:
            return True
        if c.common_word or light_key(c.text) in self.stopwords:
            return False
        if top.alias:
            return True  # an analyst listed this spelling
        if (c.person_name or c.label == "PERSON") and not c.after_preposition and not (
                not c.person_name and _same_spelling(c, top) and (p.population or 0) >= CITY_NOT_PERSON):
            return False  # "John Ripley" elsewhere; a PERSON label without "in/near" before it
            # (but "shelling Kharkiv": a lone word spaCy calls a person that is a big city's name)
        fcode = p.feature_code or ""
        in_doc_country = bool(dominant) and p.country == dominant
        if fcode in COUNTRY_CODES:
            return top.primary
        if fcode in ADMIN1_CODES and top.primary and c.admin_tail:
            return True  # the note's own province closing its place: "(Tipperary)", "..., Kherson,"
        pop = p.population or 0
        if fcode in ADMIN1_CODES:
            abbreviation = "." in c.text and " " not in c.text  # "Kan.", "W.Va"
            # "clashes in Dar'a": a province named after "in" whose name no other country's
            # unit shares says where the text is, whether or not it names a town there
            clear = c.after_preposition and not c.sent_initial and self._vote_weight(c.ranked) >= 1.5
            return top.primary and (in_doc_country or pop >= 1_000_000 or abbreviation or clear)
        multi = len(c.text.split()) > 1 or "-" in c.text
        if not top.primary:
            # "in Berlin - Mitte": a many-word name after "in" is that place's other name
            return multi and c.after_preposition and pop >= self.cfg.min_population_in_country * 10
        if c.label in ("ORG", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE", "PRODUCT"):
            # "demonstrated in Moulins": after "in" a town's name is the town, whatever the label
            return pop >= 100000 or (in_doc_country and pop >= 10000) or (
                c.after_preposition and not c.sent_initial and _clear_lead(c.ranked, top)
                and pop >= self.cfg.min_population_in_country * 5)
        if in_doc_country and pop >= self.cfg.min_population_in_country and not c.sent_initial:
            return True
        if c.after_preposition and pop >= self.cfg.min_population_in_country * 5:
            return True
        threshold = self.cfg.min_population_multiword if multi else self.cfg.min_population
        return pop >= threshold


def _drop_units_outside_their_container(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """"(Ehime Mbano, Imo)", "(Ywangan township, Danu Self-Administered Zone, Shan-South
    state)": the last unit in the parentheses contains the others, so a reading of another
    name there in another country (Ehime, Japan) or another province (Ywangan read loosely
    as Yangon) is a misreading of a unit the gazetteer lacks."""
    drop: set[int] = set()
    for m in re.finditer(r"\(([^()]{3,160})\)", text):
        inside = [i for i, x in enumerate(mentions) if m.start(1) <= x.start and x.end <= m.end(1)]
        if len(inside) < 2:
            continue
        last = mentions[inside[-1]].place
        if last.feature_code not in ADMIN1_CODES:
            continue  # only a province contains the others ("UP" read as a town says nothing)
        owner = next((x for x in reversed(mentions) if x.end <= m.start() and not text[x.end:m.start()].strip(" ,")
                      or x.end <= m.start() and re.fullmatch(r"\s*[a-z-]+\s*", text[x.end:m.start()])), None)
        if owner is not None and owner.place.country != last.country:
            continue  # "Koumra (Mandoul Oriental, Madoul)": the province read abroad, not the town
        for i in inside[:-1]:
            p = mentions[i].place
            if p.country != last.country:
                drop.add(i)
            elif p.feature_code not in ADMIN1_CODES and p.admin1 \
                    and last.admin1 and not same_name(p.admin1, last.admin1):
                drop.add(i)
    return [x for i, x in enumerate(mentions) if i not in drop]


def _drop_far_from_context(mentions: list[PlaceMention], qualified: list[PlaceMention],
                           text: str = "") -> list[PlaceMention]:
    """"In Porto Alegre (Rio Grande do Sul), a man was shot in the Sarandi neighborhood": once
    the text has located itself with a town and its admin units, a small town of the same
    country far from every such place is a namesake of a neighbourhood or a village nearby
    (Sarandi, a town 285 km away), not a place of the event."""
    # the places the admin units locate, and the districts named as units (wider: a district
    # reaches further from its centre than a town from its point)
    anchors = [(m.place, FAR_FROM_CONTEXT_KM) for m in qualified if m.place.geo_precision <= 2]
    anchors += [(m.place, FAR_FROM_DISTRICT_KM) for m in mentions
                if m.in_context and m.place.feature_code in ADMIN2_CODES and m not in qualified]
    # "in Rio Negro corregimiento (Huila)" with Rio Negro unknown there: the province itself
    # locates the text, and a village of the same name in another province is a namesake
    # (the unit's point and a reach of its size: its admin1 may be spelt as the text spells it)
    units = [m.place for m in qualified if m.place.geo_precision >= 3 and m.place.admin1]
    if not anchors and not units:
        return mentions
    countries = {a.country for a, _ in anchors} | {u.country for u in units}
    anchor_at = [m.start for m in mentions if m in qualified or (
        m.in_context and m.place.feature_code in ADMIN2_CODES)]
    out = []
    for m in mentions:
        p = m.place
        weak = (p.population or 0) < PROMINENT_POPULATION or light_key(m.text) != light_key(p.name)
        # a note, not an article; nor another item of a digest ("Shells hit Daraa;July 1st: Maadan, Raqqa ...")
        near_in_text = any(abs(m.start - o) < CONTEXT_REACH and _same_item(text, m.start, o) for o in anchor_at)
        far = all(km(p.latitude, p.longitude, a.latitude, a.longitude) > reach for a, reach in anchors) and not any(
            u.country == p.country and (same_name(u.admin1 or "", p.admin1 or "")
                                        or km(p.latitude, p.longitude, u.latitude, u.longitude) <= FAR_FROM_UNIT_KM)
            for u in units)
        # a district reading is a namesake only outside the province the text names
        codes = COUNTRY_CODES | ADMIN1_CODES | (ADMIN2_CODES if anchors else frozenset())
        if not m.in_context and p.country in countries and weak and near_in_text \
                and (p.feature_code or "") not in codes and p.feature_code != "PPLC" and far:
            continue
        out.append(m)
    return out


def _drop_foreign_generic_units(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """"Sanabis (Capital)" with Sanabis read in Bahrain: the "Capital" in its parentheses is
    Bahrain's, not Venezuela's Capital District; a generic unit name read in another country
    than the place it qualifies says nothing and goes."""
    out = []
    for i, m in enumerate(mentions):
        owner = next((o for o in reversed(mentions[:i]) if OWNER_GAP.fullmatch(text[o.end:m.start])), None)
        if owner is not None and _generic_unit(m.text) and m.place.feature_code in ADMIN1_CODES \
                and owner.place.country and m.place.country != owner.place.country:
            continue
        out.append(m)
    return out


def _facility_in_named_place(text: str, c: _Cand, cands: list[_Cand]) -> bool:
    """Is the name a square's, a street's or a park's ("Ulus square", "Monument Circle") that
    the text places in another named place right after ("... in Altindag town, Ankara")?"""
    own_word = c.text.split()[-1].lower() in FACILITY_WORDS
    if not (c.facility or own_word):
        return False
    for d in cands:
        if d is c or d.start <= c.end or d.start - c.end > FACILITY_REACH:
            continue
        between = text[c.end:d.start]
        if "." not in between and ";" not in between and re.search(r"\b(?:in|of)\s+(?:the\s+)?$|,\s*$", between):
            return True
    return False


def _generic_unit(name: str) -> bool:
    """"Northern", "Capital", "East", "Central": an admin1 name many countries use."""
    words = re.split(r"[\s-]+", name.lower())
    return bool(words) and all(w in STRIPPABLE or w in GENERIC_UNIT_WORDS for w in words)


def _acronym(name: str) -> bool:
    """"SUD", "PARNAS", "ETA": one word of two or more capitals, no dots."""
    return " " not in name and len(name) >= 2 and name.isalpha() and name.isupper()


def _mostly_capitals(text: str) -> bool:
    letters = [ch for ch in text[:2000] if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) > 0.6 * len(letters)


def _district_dash_end(text: str, end: int) -> int | None:
    """Where the district's name starts after "Seoul City - " / "Tehran - ", else None."""
    m = CITY_DISTRICT_DASH.match(text, end)
    return m.end() if m else None


def _big_city(p: Place, says_city: bool) -> bool:
    """A city big enough to be named with its districts: a capital, a city of BIG_CITY people,
    or a place the text itself calls a city ("Tainan City - Anping")."""
    if p.feature_code in COUNTRY_CODES | ADMIN1_CODES | ADMIN2_CODES:
        return False
    return says_city or p.feature_code == "PPLC" or (p.population or 0) >= BIG_CITY


def _mark_coordinated(text: str, cands: list[_Cand]) -> None:
    """"between Aulnay-sous-Bois and Sevran", "in Homs, Hama and Idlib": names joined to a name
    after a preposition share its preposition."""
    for a, b in zip(cands, cands[1:]):
        if a.after_preposition and text[a.end : b.start].strip() in (",", "and", "or", ", and", "&"):
            b.after_preposition = True


def _mark_parenthesised(text: str, cands: list[_Cand]) -> None:
    """"Becharre (Bsharri)", "Sidon (Sayda)": a name in parentheses right after a place name is
    that place's unit or other spelling, so it is a place too."""
    for a, b in zip(cands, cands[1:]):
        between = text[a.end : b.start].split()
        if between and between[-1] == "(" and len(between) <= 2 and text[b.end : b.end + 1] in (")", ",") and (
                len(between) == 1 or between[0].lower() in KIND_WORDS or between[0].lower() in SUBUNIT_WORDS):
            b.cue = True  # also "Sreepur upazila (Gazipur)"
    for c in cands:
        c.admin_tail = _admin_tail(text, c)
    for c in cands:  # "(Daejeon - Seo)": ACLED's "city - district" in parentheses
        if text[: c.start].rstrip().endswith("(") and re.match(r"\s*[-–]\s*[A-Z]", text[c.end :]):
            c.cue = True


def _admin_tail(text: str, c: _Cand) -> bool:
    """ACLED's notes close a place with its province: "in Ballyporeen (Tipperary)", "shelled
    Kochubeivka territorial community, Kherson." - a lone name in parentheses after a
    capitalised word, or after a comma that ends the clause, whatever the village before it."""
    before = text[: c.start].rstrip()
    after = text[c.end : c.end + 2].lstrip()[:1]
    if before.endswith("("):
        word = before[:-1].rstrip().split()[-1:] or [""]
        return after == ")" and word[0][:1].isupper()
    if before.endswith(",") and before.rfind("(") <= before.rfind(")"):  # not in "(CGT, FO, Sud)"
        word = before[:-1].rstrip().split()[-1:] or [""]
        return after in (".", ";", ",") and word[0][:1].isalpha() and not word[0].isupper()
    return False


def _same_item(text: str, a: int, b: int) -> bool:
    """Are two offsets in one item of a digest? A ";" joins separate reports ("Shells hit
    Daraa city;July 1st 2017: Maadan, Raqqa governorate"): the admin units one names do not
    place the towns of another."""
    return ";" not in text[min(a, b):max(a, b)]


def _outside_context(c: _Cand, top: Scored, ctx_units: set[tuple[str | None, str | None]],
                     ctx_at: list[int]) -> bool:
    """"In Santa Helena municipality (Maranhao) ... near Queimadas village": once the text
    has set its admin units, a small town of the same name in another province of the same
    country is a namesake; the village the text means is one the gazetteer lacks."""
    p = top.place
    if c.ctx_admin1 is not None or c.ctx_admin2 is not None or c.country_hint:
        return False
    if not any(p.country == country for country, _ in ctx_units) or (p.country, p.admin1) in ctx_units:
        return False
    if p.feature_code in COUNTRY_CODES | ADMIN1_CODES | ADMIN2_CODES or p.feature_code == "PPLC":
        return False
    return (p.population or 0) < PROMINENT_POPULATION and any(abs(c.start - o) < 600 for o in ctx_at)


def _clear_lead(ranked: list[Scored], top: Scored) -> bool:
    """Is the reading far more populous than any namesake in another country ("Pau": France,
    not the Philippine village; "Bayonne": New Jersey or France, no lead)?"""
    rival = max(((sc.place.population or 0) for sc in ranked
                 if sc.primary and sc.place.country != top.place.country), default=0)
    return (top.place.population or 0) >= CLEAR_LEAD * rival


def _prefer_main_name(ranked: list[Scored]) -> Scored | None:
    """The best reading, unless it rests on an alternate name while a prominent place bears
    the name as its main name ("Paris" is a Ukrainian village's alternate name too; in a text
    about Ukraine, "Paris" is still the French capital)."""
    if not ranked:
        return None
    top = ranked[0]
    if top.primary or top.alias:
        return top
    for sc in ranked[1:]:
        p = sc.place
        if sc.primary and not sc.loose and ((p.population or 0) >= PROMINENT_POPULATION
                                            or p.feature_code in ("PPLC",)):
            return sc
    return top


def _misread_abroad(c: _Cand, top: Scored, dominant: str | None, votes: Counter[str],
                    local: Counter[str] | None = None, own_vote: float = 0.0) -> bool:
    """A reading outside the document's country that rests only on a folded, loose or
    alternate spelling ("Al-Joura" -> Győr, "Dom Aleixo" -> Dome in Ghana, "Hindi" ->
    Mariupol in a text about Kenya) is a misreading of a local name the gazetteer lacks.
    A place named exactly by its main name ("Moscow", "Gaza") or an analyst's alias stays,
    unless the name is ambiguous, the place small and nothing else in the text is in its
    country ("the Tut area of Nyirol county (Jonglei state)": not Tut in Turkey).
    `own_vote`: what this name itself gave its reading's country; the rest of the text is
    what backs the reading ("the town of Keles in ... Tashkent region": Turkey's Keles has
    only its own name for it)."""
    p = top.place
    if not dominant or not p.country or p.country == dominant or c.country_hint or top.alias:
        return False
    rest = votes[p.country] - own_vote
    firm = _firm_name(c, p)
    doubtful = c.partial or firm  # or part of a longer name
    if votes[dominant] < votes[p.country] or (votes[dominant] == votes[p.country] and not (doubtful and rest <= 0)):
        return False  # the text does not clearly lean elsewhere (but in a tie the dominant
        # country won, "the Solvay factory" has only its own name for the United States)
    if c.partial and rest <= 0:
        return True  # "in San Juan Izhuatepec, Mexico": part of a longer name, read abroad
    others = local[p.country] - (own_vote if c.company else 0.0) if local is not None else 0.0
    if local is not None and not local[dominant] and others > 0 and not top.loose and (
            c.after_preposition or c.cue) and (
            _same_spelling(c, top) or (p.population or 0) >= PROMINENT_POPULATION
            or (c.kind == "admin1" and (p.feature_code or "") in ADMIN1_CODES)):
        # "placards at a square in Hualien City ... Russian troops invading Ukraine", "a
        # border post in Jaji Maidan district, Khost" shelled by Pakistan: the country named
        # has no place inside it in the text, this place's country has others
        return False
    if c.facility or firm:
        return True  # "Hong Lim Park in Singapore": a park's name, not Hong in Nigeria
    if ((p.feature_code or "") in COUNTRY_CODES | ADMIN1_CODES or p.feature_code == "PPLC") and (
            not top.loose and (not top.primary or _same_spelling(c, top))):
        return False  # "Kiev", "Baghdad" named in passing (but "Lim" is not Lima)
    if local is not None and not local[dominant] and not top.loose and c.after_preposition and (
            _same_spelling(c, top) or (p.population or 0) >= PROMINENT_POPULATION):
        # "demonstrated in Wittenberg (Munchen) against the war in Ukraine": only a country
        # named as the topic leans elsewhere, no place inside it
        return False
    if top.loose or not top.primary or not _same_spelling(c, top):
        return True
    return (rest <= 0 and votes[dominant] >= STRONG_VOTE
            and (p.population or 0) < PROMINENT_POPULATION and p.feature_code not in ADMIN2_CODES)


def _firm_name(c: _Cand, p: Place) -> bool:
    """A town's name before "factory", "plant" ("the Solvay factory") names a firm; a province's
    or a country's ("a New Jersey company", "the Georgia plant") still names where."""
    return c.company and (p.feature_code or "") not in ADMIN1_CODES | COUNTRY_CODES


def _tied_countries(ranked: list[Scored]) -> list[str]:
    """The countries of the readings that score as high as the best, best's first."""
    top = ranked[0]
    out = [top.place.country]
    for r in ranked[1:]:
        if r.score < top.score:
            break
        if r.place.country and r.place.country not in out:
            out.append(r.place.country)
    return out


def _named_unit(c: _Cand, top: Scored) -> bool:
    """Is the name given with its level ("Tashkent region", "Helmand province") and read as a
    unit of that level?"""
    fcode = top.place.feature_code or ""
    return c.cue and ((c.kind == "admin1" and fcode in ADMIN1_CODES) or (c.kind == "admin2" and fcode in ADMIN2_CODES))


def _drop_feature_tails_elsewhere(mentions: list[PlaceMention], tails: set[tuple[int, int]]) -> list[PlaceMention]:
    """"Wadi Khakurik in Erbil": a natural feature often bears a nearby town's name, so the
    town stands when it lies in a province the text names otherwise; "Jabal Arba'in in Idleb"
    read as Arbin near Damascus is a namesake."""
    if not tails:
        return mentions
    units = {m.place.admin1 for m in mentions if (m.start, m.end) not in tails and m.place.admin1}
    return [m for m in mentions
            if (m.start, m.end) not in tails or not units or m.place.admin1 in units]


def _loose_but_alone(c: _Cand, top: Scored) -> bool:
    """A loose (consonant-skeleton) reading of the only place a text names, marked as a place
    ("a massacre in Maaret Misrin town", "shelling on Kafrnabal"): transliterations vary
    too much for an exact match, and no other place in the text can vouch for the country;
    the reading stands when no reading in another country comes close."""
    if not (c.cue or c.after_preposition) or c.common_word or c.acronym or c.sent_initial:
        return False
    if c.kind not in (None, "city") or (top.place.feature_code or "") in COUNTRY_CODES | ADMIN1_CODES | ADMIN2_CODES:
        return False  # "Giro district" read loosely as Gore District (New Zealand): units'
        # names are too short and too many for a loose match with nothing to vouch
    rival = max((sc.score for sc in c.ranked if sc.place.country != top.place.country), default=0.0)
    return top.score - rival >= LOOSE_ALONE_MARGIN


def _same_spelling(c: _Cand, top: Scored) -> bool:
    """Is the reading the place's main name as written (accents and case aside)?"""
    return top.primary and not top.loose and light_key(split_kind(c.text, None)[0]) == light_key(top.place.name)


def _lone_article(text: str) -> bool:
    """"Al", "Las", "El" alone: the article of a name the gazetteer does not know ("Las
    Ordenitas", "Mejar Al-Kabi"), never a place by itself."""
    key = light_key(text)
    return key in ARTICLES or key in NAME_CONNECTORS


def _unit_word(t: Token) -> bool:
    """"district", "Rural Municipality", "upazila": a word naming an administrative level."""
    return t.lower_ in KIND_WORDS or t.lower_ in SUBUNIT_WORDS or t.lower_ in UNIT_QUALIFIERS


def _in_admin_parenthesis(text: str, start: int, end: int, min_parts: int = 1) -> bool:
    """Is the name one of the admin units in parentheses after a place ("Chelhar town
    (Tharparkar, Sindh)", "Kalaiya city (Bara district)")? Such units say where the event is."""
    open_at = text.rfind("(", max(0, start - 80), start)
    if open_at < 1 or ")" in text[open_at:start]:
        return False
    close_at = text.find(")", end, end + 80)
    if close_at < 0 or "(" in text[end:close_at]:
        return False
    inside = text[open_at + 1 : close_at]
    parts = [p.strip() for p in inside.split(",")]
    if not min_parts <= len(parts) <= 4 or any(not p or not p[0].isupper() or len(p.split()) > 5 for p in parts):
        return False
    if any(p.isupper() for p in parts[:-1]):
        return False  # "(CGT, FO, Sud, FSU)": a list of acronyms; "(Mohmand, KPK)" is units
    before = text[:open_at].rstrip()
    return bool(before) and before[-1].isalpha()


def _after_unit_word(text: str, start: int) -> bool:
    """Does the parenthesis holding the name follow a unit word ("Hayran district (Hajjah)")?"""
    open_at = text.rfind("(", 0, start)
    words = text[:open_at].split()
    return bool(words) and (words[-1].lower() in KIND_WORDS or words[-1].lower() in SUBUNIT_WORDS)


def _modifier_suffix(text: str, end: int) -> bool:
    """Is the name the first half of "US-led", "Iran-backed", "Turkey-based", "Ankara-loyal"?"""
    m = MODIFIER_SUFFIX.match(text, end)
    return m is not None


def _hyphen_part(text: str, start: int, end: int) -> bool:
    """Is the name glued by a hyphen to another name ("Sava" in "Mayo-Sava"; not "Muan" in
    Korean "Muan-gun", whose lower-case tail is a unit suffix)?"""
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        word = text[:start - 1].split()[-1] if text[:start - 1].split() else ""
        if word[:1].isupper():
            return True
    if end + 1 < len(text) and text[end] == "-":
        rest = re.match(r"(?:[a-zà-ÿ]{1,4}-)?[A-Z]", text[end + 1 : end + 8])
        return rest is not None  # "Croix-des-Missions", "Mayo-Sava"
    return False


def _wordlike(t: Token) -> bool:
    """Letters only, the ayn/hamza apostrophes of transliterated names aside ("Dar'a", "Fu’ah")."""
    return t.is_alpha or APOSTROPHE_INSIDE.sub("", t.text).isalpha()


def _is_cap(t: Token) -> bool:
    s = t.text
    return bool(s) and s[0].isupper() and any(ch.isalpha() for ch in s)


def _ends_clause(doc: Doc, m: int) -> bool:
    """Does the name that ends before token m close its phrase ("X, Luhansk." / "X, Donetsk,
    killing...") rather than continue a list ("Aleppo, Homs and Hama", "London, Paris, Rome")?"""
    if m >= len(doc):
        return True
    t = doc[m]
    if t.text in (".", ";", ":", ")", "(", "!", "?") or t.lower_ in KIND_WORDS:
        return True
    return t.text == "," and (m + 1 >= len(doc) or not _is_cap(doc[m + 1]))


def _name_end(doc: Doc, m: int) -> int:
    """End of the name starting at token m: capitalised words, hyphens and connectors inside
    ("Veracruz de Ignacio de la Llave")."""
    end = m
    while m < len(doc) and (_is_cap(doc[m]) or doc[m].text == "-" or doc[m].lower_ in NAME_CONNECTORS):
        if _is_cap(doc[m]):
            end = m + 1
        m += 1
    return end


def _context_parts(text: str) -> list[str]:
    """"Oyam, Northern" -> ["Oyam", "Northern"]; "Bogota, D.C." stays one name; ACLED's
    "coded to Ciudad Bolivar, Bolivar" -> ["Ciudad Bolivar", "Bolivar"]."""
    parts: list[str] = []
    if "," in text:  # a remark on one place ("coded to Urcos city") is no list of units
        text = CODED_AS.sub("", text)
    for p in (p.strip() for p in text.split(",")):
        if not p:
            continue
        if parts and re.fullmatch(r"(?:[A-Z]\.){1,3}", p):
            parts[-1] = f"{parts[-1]}, {p}"
        else:
            parts.append(p)
    return parts


def _spelling(text: str | None, a1: Place) -> str | None:
    """The admin1 as the text spells it, unless the index has ACLED's longer name."""
    if text and not _short_form(text, a1.admin1 or ""):
        return text
    return a1.admin1


def _short_form(text: str, full: str) -> bool:
    """"Veracruz" for "Veracruz de Ignacio de la Llave": the index's longer name is ACLED's."""
    t, f = light_key(text), light_key(full)
    return len(f) > len(t) and f.startswith(t)


def _spelling_like(name: str) -> bool:
    """A name worth keeping as an admin1 spelling (not "J&K", "PD", "Ala.")."""
    return (len(name) > 3 and not name.isupper() and not name.endswith(".")
            and all(ch.isalpha() or ch in " -'’." for ch in name))


def _single(c: Counter) -> str | None:
    """The admin1 the document is about, when only one was named."""
    return next(iter(c)) if len(c) == 1 else None
