"""ACLED's export columns and the values frontlines derives for them.

Column order follows ACLED's export (2023 column layout). ``disorder_type``, ``iso`` and
``region`` are not coded by the NLP stages; they follow from the event type and the country
(``data/countries.csv``: ACLED country spelling -> ISO 3166 numeric -> ACLED region).
"""
from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from frontlines.records import Event

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
OWN_COLUMNS: tuple[str, ...] = ("confidence", "evidence", "article_url")
CSV_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + OWN_COLUMNS

EVIDENCE_SEPARATOR = " | "

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"

# ACLED codebook: battles, explosions/remote violence and violence against civilians are
# political violence; protests and riots are demonstrations; mob violence (a riot that is also
# political violence) and excessive force against protesters (violence against a protest) are
# both, written "Political violence; Demonstrations".
_DISORDER_BY_EVENT_TYPE = {
    "Battles": POLITICAL_VIOLENCE,
    "Explosions/Remote violence": POLITICAL_VIOLENCE,
    "Violence against civilians": POLITICAL_VIOLENCE,
    "Protests": DEMONSTRATIONS,
    "Riots": DEMONSTRATIONS,
    "Strategic developments": STRATEGIC,
}
_DISORDER_BY_SUB_EVENT_TYPE = {
    "Mob violence": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
    "Excessive force against protesters": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
    "Excessive force against protestors": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
}


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    """ACLED ``disorder_type`` for an event type / sub-event type ("" when unknown)."""
    if sub_event_type in _DISORDER_BY_SUB_EVENT_TYPE:
        return _DISORDER_BY_SUB_EVENT_TYPE[sub_event_type]
    return _DISORDER_BY_EVENT_TYPE.get(event_type or "", "")


@dataclass(frozen=True)
class CountryInfo:
    name: str
    iso: int  # ISO 3166-1 numeric (ACLED uses 0 where there is none, e.g. Kosovo)
    region: str  # ACLED region, e.g. "Middle East", "Western Africa"


@cache
def _countries() -> Mapping[str, CountryInfo]:
    """Country table keyed by lower-cased name and alias; read once, never mutated."""
    data = resources.files("frontlines.export") / "data"
    table: dict[str, CountryInfo] = {}
    with (data / "countries.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            info = CountryInfo(row["country"], int(row["iso"]), row["region"])
            table[info.name.lower()] = info
    with (data / "country_aliases.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["country"].lower() in table:
                table[row["alias"].lower()] = table[row["country"].lower()]
    return MappingProxyType(table)


def country_info(country: str | None) -> CountryInfo | None:
    """ISO numeric code and ACLED region for a country name (ACLED spelling or an alias)."""
    if not country:
        return None
    return _countries().get(country.strip().lower())


def unix_timestamp(value: datetime | None) -> int | None:
    return int(value.timestamp()) if value is not None else None


def evidence_text(event: Event) -> str:
    """The evidence snippets of an event, joined for a single CSV cell."""
    return EVIDENCE_SEPARATOR.join(" ".join(e.text.split()) for e in event.evidence)


def acled_row(event: Event) -> dict[str, Any]:
    """One export row (``CSV_COLUMNS`` keys) for an event.

    Provenance a plain ``Event`` lacks (``source``, ``article_url``, ``updated_at``) is read
    when present, as on the store's ``StoredEvent``; otherwise the cells stay empty.
    """
    info = country_info(event.country)
    year = int(event.event_date[:4]) if event.event_date and event.event_date[:4].isdigit() else None
    return {
        "event_id_cnty": event.event_id,
        "event_date": event.event_date,
        "year": year,
        "time_precision": event.time_precision,
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": event.assoc_actor_1,
        "inter1": event.inter1,
        "actor2": event.actor2,
        "assoc_actor_2": event.assoc_actor_2,
        "inter2": event.inter2,
        "interaction": event.interaction,
        "civilian_targeting": event.civilian_targeting,
        "iso": info.iso if info else None,
        "region": info.region if info else None,
        "country": event.country,
        "admin1": event.admin1,
        "admin2": event.admin2,
        "admin3": None,
        "location": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "source": getattr(event, "source", None),
        "source_scale": getattr(event, "source_scale", None),  # empty unless known
        "notes": event.notes,
        "fatalities": event.fatalities,
        "tags": None,
        "timestamp": unix_timestamp(getattr(event, "updated_at", None)),
        "confidence": event.confidence,
        "evidence": evidence_text(event),
        "article_url": getattr(event, "article_url", None),
    }
