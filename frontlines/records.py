"""Typed records that flow one way through the stages.

ingest -> Article -> nlp (Mentions) -> CodedDocument(Event, PlaceMatch) -> store -> export/derive

Every stage takes and returns these records; nothing else crosses a stage boundary.
Offsets are always character offsets into the text that was coded (``Article.text`` /
``Document.text``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

# ---------------------------------------------------------------- ingest


@dataclass(frozen=True)
class Span:
    """A [start, end) character range in a text."""

    start: int
    end: int


@dataclass
class Article:
    """One news document as ingested.

    ``text`` is what gets coded. Photo captions are kept *inside* ``text`` as their own
    paragraphs at the top (so every offset is into one string) and marked by ``captions``;
    near-identical captions (the same photo captioned twice) are kept once.
    """

    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None  # outlet / site name, e.g. "Asharq Al-Awsat"
    url: str | None = None
    origin: str | None = None  # where it was read from: file path, URL, "file.jsonl:12"
    captions: list[Span] = field(default_factory=list)
    language: str | None = "en"
    doc_id: str | None = None  # caller-supplied id (JSONL "id"); else derived from content

    def caption_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.captions]

    def section_at(self, offset: int) -> Literal["caption", "body"]:
        return "caption" if any(s.start <= offset < s.end for s in self.captions) else "body"


@dataclass
class IngestFailure:
    """A document that could not be read: reported, skipped, never fatal to the batch."""

    origin: str
    reason: str


# ---------------------------------------------------------------- nlp mentions


@dataclass
class Actor:
    """A canonical actor in ACLED's naming, e.g. "Islamic State (Syria)"."""

    name: str
    inter: int | None = None  # ACLED inter code 1-8
    country: str | None = None
    kind: str | None = None  # state | rebel | political_militia | identity_militia | rioters | protesters | civilians | external | unidentified
    affiliations: tuple[str, ...] = ()  # canonical names of parent groups (member_of)
    aliases: tuple[str, ...] = ()
    known: bool = True  # False: kept as named, not in the dictionary


@dataclass
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor


@dataclass
class Place:
    """A resolved gazetteer entry."""

    name: str
    latitude: float
    longitude: float
    country: str | None = None  # country name as ACLED spells it, e.g. "Syria"
    country_code: str | None = None  # ISO-3166 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    feature_code: str | None = None  # GeoNames feature code: PPL, PPLA, ADM1, PCLI, ...
    geonameid: int | None = None
    population: int | None = None
    geo_precision: int = 1  # ACLED: 1 town/point, 2 near / part of region (admin2), 3 admin1/large region


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place
    # read inside the admin units the text names after it ("X (Oyam, Northern)", "X, Luhansk"):
    # the strongest evidence of the country a sentence is in (not part of the contract)
    in_context: bool = False
    # the text says the event is placed here ("[coded to Rudkobing]", ACLED's remark)
    coded_to: bool = False


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: date
    time_precision: int = 1  # ACLED: 1 day, 2 week/range, 3 month


@dataclass
class ReferenceDate:
    """The date that relative expressions resolve against."""

    value: date
    inferred: bool  # True when the document had no publication date and the text settled it
    how: str = ""  # human-readable reason, e.g. "latest explicit date in caption"


@dataclass
class SentenceInfo:
    """One sentence with everything the earlier stages found in it."""

    index: int
    start: int
    end: int
    text: str
    section: Literal["caption", "body", "title"] = "body"
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)


# ---------------------------------------------------------------- coded output


@dataclass
class Evidence:
    start: int
    end: int
    text: str
    section: str = "body"  # caption | body | title
    sentence_index: int | None = None


@dataclass
class Event:
    """An ACLED-style event. Field names and spellings follow ACLED's export."""

    event_date: str | None  # YYYY-MM-DD
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None  # "Civilian targeting" or None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int = 0
    notes: str = ""
    confidence: float = 0.5
    evidence: list[Evidence] = field(default_factory=list)
    event_id: str | None = None  # stable id, assigned from document id + evidence offsets
    # True when the only support in this text is a party's own claim ("ISIS said it had seized
    # the town"): territorial control from it stays "claimed" until another report confirms it.
    self_claimed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


RelationKind = Literal["ally", "hostile", "member_of", "affiliated_with"]
ControlStatus = Literal["controlled", "contested", "claimed"]


@dataclass
class RelationStatement:
    """A relation a text states in so many words, not one inferred from an event.

    "The Al-Nusra Front ... has fought alongside the FSA" -> (Jabhat al Nusra, Free Syrian Army,
    ally); "Al-Nusra Front, also a branch of Al-Qaeda" -> (Jabhat al Nusra, Al Qaeda, member_of);
    "the Islamic Front had previously clashed with the FSA" -> hostile with ``past=True``.
    ``member_of`` / ``affiliated_with`` point from ``actor_a`` (member) to ``actor_b`` (parent);
    ``ally`` / ``hostile`` are undirected.
    """

    actor_a: str
    actor_b: str
    relation: RelationKind
    date: str | None  # YYYY-MM-DD the statement speaks of (its sentence's date, else the reference date)
    evidence: Evidence
    past: bool = False  # held before ``date`` and no longer said to hold ("had previously clashed")
    cue: str = ""  # the lexicon entry that matched, for analysts reading the evidence


@dataclass
class ControlStatement:
    """A statement of who holds a place: "ISIS continues to hold territory in Anbar",
    "Al-Dana, an ISIS stronghold", "rebels said they had taken the town" (status "claimed")."""

    actor: str
    status: ControlStatus
    location: str
    latitude: float | None
    longitude: float | None
    date: str | None  # YYYY-MM-DD
    evidence: Evidence
    country: str | None = None
    admin1: str | None = None
    geo_precision: int | None = None
    past: bool = False  # held before ``date`` ("a former ISIS stronghold")
    cue: str = ""


@dataclass
class CodedDocument:
    id: str
    published: str | None  # YYYY-MM-DD: the reference date used (given or inferred)
    events: list[Event] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    relations: list[RelationStatement] = field(default_factory=list)
    control: list[ControlStatement] = field(default_factory=list)
    reference_inferred: bool = False
    reference_how: str = ""

    def to_contract(self) -> dict[str, Any]:
        """The `frontlines code` JSONL line (fixed contract)."""
        return {
            "id": self.id,
            "published": self.published,
            "events": [event_contract(e) for e in self.events],
            "places": [place_contract(p) for p in self.places],
        }


EVENT_FIELDS = (
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "fatalities", "notes", "confidence",
)


def event_contract(e: Event) -> dict[str, Any]:
    d = {k: getattr(e, k) for k in EVENT_FIELDS}
    d["evidence"] = [{"start": v.start, "end": v.end, "text": v.text} for v in e.evidence]
    return d


def place_contract(m: PlaceMention) -> dict[str, Any]:
    p = m.place
    return {
        "text": m.text, "start": m.start, "end": m.end, "name": p.name,
        "latitude": p.latitude, "longitude": p.longitude, "country": p.country,
        "admin1": p.admin1, "feature_code": p.feature_code, "geonameid": p.geonameid,
    }


# ---------------------------------------------------------------- derived picture


@dataclass
class Relation:
    """One period of a relation between two actors (see ``frontlines.derive.relations``).

    A pair whose stance changed has one ``Relation`` per period: "hostile" until the date an
    "ally" observation ended it (``until``, exclusive), then "ally". ``past`` marks a period known
    only from statements that it held before ``until`` ("had previously clashed"): its start is
    unknown, so ``first_seen`` / ``last_seen`` are None. ``weight`` counts the supporting events
    and statements, ``sources`` the distinct articles among them.
    """

    actor_a: str
    actor_b: str
    relation: RelationKind
    first_seen: str | None
    last_seen: str | None
    weight: float = 1.0
    evidence: list[dict[str, Any]] = field(default_factory=list)
    until: str | None = None
    past: bool = False
    sources: int = 0


@dataclass
class ControlFact:
    """Who holds a place from ``since`` until ``until`` (exclusive; None: still holds as far as
    known); a "contested" fact covers the days of fighting, ``since`` to ``until`` inclusive.
    ``corroborated_on`` is the date a "claimed" holding was confirmed by another report (the
    fact is then "controlled", and "claimed" before that date)."""

    location: str
    latitude: float | None
    longitude: float | None
    actor: str
    status: ControlStatus
    since: str | None
    until: str | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    sources: int = 0
    corroborated_on: str | None = None


# ---------------------------------------------------------------- analyst fixes the coder takes


@dataclass(frozen=True)
class AliasFix:
    """An analyst's "this name means that actor": ``alias`` ("Black Banner Brigade") codes as
    the canonical ``actor``. ``inter``/``kind`` describe an actor the dictionary does not know."""

    alias: str
    actor: str
    inter: int | None = None
    kind: str | None = None


@dataclass(frozen=True)
class PlaceFix:
    """An analyst's "this name is this place": the surface ``name`` resolves to the point."""

    name: str
    latitude: float
    longitude: float
    country: str | None = None
    admin1: str | None = None
    geo_precision: int = 1  # 1 a town or point, 2 an area or district, 3 a province


@dataclass
class CodingOverrides:
    """The alias and place fixes a store keeps (``Store.coding_overrides()``), for the coder
    (``Coder.default(overrides=...)``) to read those names the analyst's way."""

    aliases: list[AliasFix] = field(default_factory=list)
    places: list[PlaceFix] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.aliases or self.places)
