"""Test doubles for the event-coder tests: a tiny actor tagger and place tagger with fixed
vocabularies, so the event stage is tested apart from the real dictionaries."""
from __future__ import annotations

import re

from frontlines.records import Actor, ActorMention, Place, PlaceMention, SentenceInfo

ACTORS = {
    "Islamic State": Actor("Islamic State (Syria)", 2, "Syria", "rebel"),
    "ISIS": Actor("Islamic State (Syria)", 2, "Syria", "rebel"),
    "Free Syrian Army": Actor("Free Syrian Army", 2, "Syria", "rebel"),
    "rebels": Actor("Opposition Rebels (Syria)", 2, "Syria", "rebel"),
    "rebel forces": Actor("Opposition Rebels (Syria)", 2, "Syria", "rebel"),
    "the army": Actor("Military Forces of Syria (2000-)", 1, "Syria", "state"),
    "soldiers": Actor("Military Forces of Syria (2000-)", 1, "Syria", "state"),
    "troops": Actor("Military Forces of Syria (2000-)", 1, "Syria", "state"),
    "police": Actor("Police Forces of Syria (2000-)", 1, "Syria", "state"),
    "gunmen": Actor("Unidentified Armed Group (Syria)", 3, "Syria", "unidentified"),
    "protesters": Actor("Protesters (Syria)", 6, "Syria", "protesters"),
    "demonstrators": Actor("Protesters (Syria)", 6, "Syria", "protesters"),
    "rioters": Actor("Rioters (Syria)", 5, "Syria", "rioters"),
    "a mob": Actor("Rioters (Syria)", 5, "Syria", "rioters"),
    "villagers": Actor("Civilians (Syria)", 7, "Syria", "civilians"),
    "civilians": Actor("Civilians (Syria)", 7, "Syria", "civilians"),
    "Al-Nusra Front": Actor("Al Nusra Front", 2, "Syria", "rebel"),
    "Hezbollah": Actor("Hezbollah", 8, "Lebanon", "external"),
}

PLACES = {
    "Aleppo": Place("Aleppo", 36.20124, 37.16117, "Syria", "SY", "Aleppo", "Jebel Saman", "PPLA", 170063, 1, 1),
    "Manbij": Place("Manbij", 36.52815, 37.95495, "Syria", "SY", "Aleppo", "Menbij", "PPL", 166365, 1, 1),
    "Idlib": Place("Idlib", 35.93062, 36.63393, "Syria", "SY", "Idleb", "Idleb", "PPLA", 169388, 1, 1),
    "Homs": Place("Homs", 34.72682, 36.72339, "Syria", "SY", "Homs", "Homs", "PPLA", 169577, 1, 1),
    "Syria": Place("Syria", 35.0, 38.0, "Syria", "SY", None, None, "PCLI", 163843, 1, 3),
}


class StubActorTagger:
    def tag(self, sentence: SentenceInfo, span, country=None, when=None) -> list[ActorMention]:
        found: list[ActorMention] = []
        for alias in sorted(ACTORS, key=len, reverse=True):
            for m in re.finditer(rf"\b{re.escape(alias)}\b", sentence.text, flags=re.I if alias.islower() else 0):
                s, e = sentence.start + m.start(), sentence.start + m.end()
                if any(not (e <= x.start or s >= x.end) for x in found):
                    continue
                found.append(ActorMention(s, e, m.group(0), ACTORS[alias]))
        found.sort(key=lambda m: m.start)
        sentence.actors = found
        return found


class StubPlaceTagger:
    def tag(self, doc, sentences: list[SentenceInfo], actor_countries=()) -> list[PlaceMention]:
        out = []
        for s in sentences:
            s.places = []
            for name, place in PLACES.items():
                for m in re.finditer(rf"\b{re.escape(name)}\b", s.text):
                    pm = PlaceMention(s.start + m.start(), s.start + m.end(), name, place)
                    s.places.append(pm)
                    out.append(pm)
        return out


def stub_coder():
    """The real coder with the stub actor and place taggers: event rules tested in isolation
    from the dictionary and the gazetteer."""
    from frontlines.knowledge.lexicon import load_event_lexicon
    from frontlines.knowledge.taxonomy import load_taxonomy
    from frontlines.nlp.model import shared_nlp
    from frontlines.nlp.pipeline import Coder

    taxonomy = load_taxonomy()
    return Coder(shared_nlp(), None, None, taxonomy, load_event_lexicon(taxonomy=taxonomy),
                 actor_tagger=StubActorTagger(), place_tagger=StubPlaceTagger())


def code_events(coder, text: str, published=None):
    """The events coded from `text`, published on `published` (default 9 January 2014, the seed's date)."""
    from datetime import date

    from frontlines.records import Article

    return coder.code(Article(text=text, published=published or date(2014, 1, 9)), doc_id="t").events


def primary_event(coder, text: str):
    """The event the reference scorer takes as the text's own: highest confidence, then
    earliest; None when nothing is coded."""
    from frontlines.records import Article

    return ranked_first(coder.code(Article(text=text)).events)


def ranked_first(events):
    """Highest confidence, then earliest (the reference scorer's `primary`); None for none."""
    if not events:
        return None
    return max(enumerate(events), key=lambda ie: (ie[1].confidence or 0, -ie[0]))[1]
