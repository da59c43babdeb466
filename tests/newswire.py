"""Short conflict news reports generated from sentence templates, for ingest tests at volume.

Written for the project (common wire phrasing, real Syrian place names the gazetteer knows), not
taken from any corpus. A few dates and places recur on purpose, so that reports of one event by
several "outlets" merge in the store and merge order matters (what the crash and concurrency
tests must get right). Deterministic for a given seed.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

PLACES = ("Aleppo", "Idlib", "Homs", "Hama", "Raqqa", "Daraa", "Douma", "Manbij", "Azaz", "Palmyra",
          "Qamishli", "Jisr al-Shughur", "Maarat al-Numan", "Tal Rifaat", "Deir ez-Zor")
ATTACKERS = ("Syrian government forces", "Rebels", "Islamic State fighters", "Kurdish YPG fighters",
             "Nusra Front militants", "The Syrian army")
DEFENDERS = ("rebels", "government troops", "Islamic State militants", "Kurdish fighters", "the Free Syrian Army")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EVENT_SENTENCES = (
    "{attacker} shelled {place} on {weekday}, killing {n} civilians, a monitoring group said.",
    "{attacker} seized the town of {place} on {weekday} after heavy fighting with {defender}.",
    "Clashes between {attacker_l} and {defender} near {place} on {weekday} left {n} fighters dead.",
    "Warplanes struck a market in {place} on {weekday}, killing {n} people, activists said.",
    "Hundreds of people protested peacefully in {place} on {weekday} against rising bread prices.",
    "A car bomb exploded near a checkpoint in {place} on {weekday}, killing {n} people.",
    "{attacker} attacked an army post outside {place} on {weekday}; {n} soldiers were killed.",
)
STATEMENT_SENTENCES = (
    "{attacker} fought alongside {defender} in the countryside of {place}.",
    "{place} has been an Islamic State stronghold since last year.",
    "Rebels have controlled {place} for months.",
)
FILLER = (
    "Residents said the situation remained tense.",
    "The information could not be independently verified.",
    "Aid groups said food and medicine were running short.",
    "Local officials did not respond to requests for comment.",
)


def report(i: int, rng: random.Random, start: date = date(2014, 3, 3), days: int = 12) -> dict:
    """One report: an event sentence or two, sometimes a statement, a filler, a unique sign-off."""
    published = start + timedelta(days=rng.randrange(days))
    parts = []
    for _ in range(rng.choice((1, 1, 2))):
        parts.append(_fill(rng.choice(EVENT_SENTENCES), rng, published))
    if rng.random() < 0.3:
        parts.append(_fill(rng.choice(STATEMENT_SENTENCES), rng, published))
    parts.append(rng.choice(FILLER))
    parts.append(f"This is dispatch {i} from our correspondents.")  # every text distinct
    return {"id": f"wire-{i:04d}", "title": f"Dispatch {i}", "published": published.isoformat(),
            "url": f"https://news.example.org/syria/{i:04d}", "text": " ".join(parts)}


def reports(n: int, seed: int = 6) -> list[dict]:
    rng = random.Random(seed)
    return [report(i, rng) for i in range(n)]


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")
    return path


def _fill(template: str, rng: random.Random, published: date) -> str:
    attacker = rng.choice(ATTACKERS)
    # the weekday before publication (or the same day): news tells of yesterday's events
    day = published - timedelta(days=rng.choice((0, 1, 1, 2)))
    return template.format(attacker=attacker, attacker_l=attacker.replace("The ", "the ", 1),
                           defender=rng.choice(DEFENDERS), place=rng.choice(PLACES),
                           weekday=WEEKDAYS[day.weekday()], n=rng.randint(2, 14))
