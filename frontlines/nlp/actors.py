"""The actors stage: find who acts and who is acted on in a sentence, in ACLED's naming.

``ActorTagger(dictionary).tag(sentence, span, country, when)`` reads the tokens of an
already-parsed spaCy sentence (no re-parsing) and returns ``ActorMention``s with character
offsets into the document text. It recognises, longest match first:

- named actors from the dictionary ("Free Syrian Army fighters", "ISIS militants", "Al-Nusra Front"),
  resolved by the event's country and date (ISIS -> Islamic State (Syria) / (Iraq));
- state forces: demonym or country + force noun ("Russian forces", "Syria's army"), or a bare
  force noun read in the sentence's country ("the army", "police", "regime forces");
- generic groups per country ("protesters", "gunmen", "villagers", "a mob"), with demonyms
  overriding the country ("Syrian refugees" -> Civilians (Syria));
- associated-actor categories ("journalists" -> Journalists (Country)) as extra mentions of
  kind "associated" over the same words as the primary one;
- unknown named armed groups ("the Martyrs of Idlib Brigade"), kept as named with
  ``Actor.known = False`` and an inter from their head noun.

Mentions of kind "associated" never stand alone as actor1/actor2: the event coder attaches them
to the overlapping primary mention (ACLED's assoc_actor fields).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from frontlines.knowledge.actors import (
    ActorDictionary, is_acronym, norm_tokens,
)
from frontlines.records import Actor, ActorMention, SentenceInfo

# What a trigger phrase means once matched.
ALIAS, FORCE, GENERIC, NOT_ACTOR = "alias", "force", "generic", "not_actor"
_INTER_KIND = {1: "state", 2: "rebel", 3: "political_militia", 4: "identity_militia",
               5: "rioters", 6: "protesters", 7: "civilians", 8: "external"}
_MAX_QUALIFIER_WORDS = 3
_ORDINALS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                       "tenth", "eleventh", "twelfth"})
_NUMBERED = re.compile(r"^\d+(st|nd|rd|th)?$")
_UNION_WORDS = frozenset({"union", "unions", "syndicate", "confederation", "federation"})
_RIDERS = frozenset({"associated", "political"})  # may ride along with protesters
_MILITARY_MODIFIERS = frozenset({"air", "drone", "missile", "rocket", "artillery", "military", "airstrike",
                                 "aerial", "precision", "retaliatory", "ballistic"})
_ARMED = frozenset({"state", "rebel", "political_militia", "identity_militia", "external", "unidentified"})
_LINKS = frozenset({"from", "of", "with", "belonging", "loyal", "affiliated", "linked", "allied"})


@dataclass(frozen=True)
class Trigger:
    kind: str  # ALIAS | FORCE | GENERIC | NOT_ACTOR
    value: str  # alias key / "military"|"police" / category name / ""
    caps: str = ""  # "all": text must be in capitals; "first": must start with a capital
    qualified_only: bool = False  # force nouns that need a demonym/state qualifier
    unit: str = ""  # branch appended to the state-force name ("Air Force")


@dataclass
class _Word:
    """One normalised word of the sentence and the token it came from."""

    text: str
    token: Token


@dataclass
class _Found:
    start_tok: int  # index into sentence tokens (inclusive)
    end_tok: int  # exclusive
    actors: list[Actor] = field(default_factory=list)


class ActorTagger:
    """Tags actors in parsed sentences. Build once (the trigger table is compiled here)."""

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
        self.terms = dictionary.terms
        self.table: dict[tuple[str, ...], list[Trigger]] = {}
        self.max_len = 1
        # first word -> longest phrase starting with it: most words start none, and a phrase
        # cannot be longer than the longest one its first word opens
        self.first_len: dict[str, int] = {}
        self._compile()
        self.member_nouns = {norm_tokens(w) for w in self.terms.member_nouns}
        # single words only: "anti-government" must not make "government" a non-state word
        self.nonstate = {k[0] for k in map(norm_tokens, self.terms.nonstate_qualifiers) if len(k) == 1} | {"anti"}
        self.state_quals = {k[0] for k in map(norm_tokens, self.terms.state_qualifiers) if len(k) == 1}
        self.protest_verbs = [tuple(v.lower().split()) for v in self.terms.protest_verbs]
        self.heads = {tuple(k.split()): v for k, v in self.terms.unknown_group_heads.items()}
        self.protest_lemmas = set(self.terms.protest_lemmas)
        self.protest_nouns = set(self.terms.protest_nouns)
        self.riot_lemmas = set(self.terms.riot_lemmas)
        self.identity_heads = {tuple(k.split()): v for k, v in self.terms.identity_militia_heads.items()}
        self.ethnic_groups = set(self.terms.ethnic_groups)
        self.demonym_words = {norm_tokens(d): c.name for c in dictionary.country_table.values() for d in c.demonyms}

    # ------------------------------------------------------------ compile

    def _add(self, phrase: str, trigger: Trigger) -> None:
        key = norm_tokens(phrase)
        if not key:
            return
        bucket = self.table.setdefault(key, [])
        if trigger not in bucket:
            bucket.append(trigger)
        self.max_len = max(self.max_len, len(key))
        self.first_len[key[0]] = max(self.first_len.get(key[0], 0), len(key))

    def _compile(self) -> None:
        spellings: dict[str, list[str]] = {}  # alias key -> every spelling that gives it
        for key, entries in self.dictionary.alias_keys():
            for e in entries:
                for a in (e.actor.name, *e.actor.aliases):
                    spellings.setdefault(" ".join(norm_tokens(a)), []).append(a)
        for key, _ in self.dictionary.alias_keys():
            self._add(key, Trigger(ALIAS, key, caps=_caps_rule(spellings.get(key, []))))
        qualified = {norm_tokens(w) for w in self.terms.qualified_only}
        units = {norm_tokens(k): v for k, v in self.terms.force_units.items()}
        for kind, nouns in self.terms.force_nouns.items():
            for noun in nouns:
                self._add(noun, Trigger(FORCE, kind, qualified_only=norm_tokens(noun) in qualified,
                                        unit=units.get(norm_tokens(noun), "")))
        for cat in self.dictionary.categories.values():
            for term in cat.terms:
                self._add(term, Trigger(GENERIC, cat.category, caps=_caps_rule([term])))
        for term in self.terms.mob_terms:
            self._add(term, Trigger(GENERIC, "Rioters"))
        for name in self.terms.not_actors:
            self._add(name, Trigger(NOT_ACTOR, "", caps=_caps_rule([name])))

    # ------------------------------------------------------------ home countries

    def home_countries(self, doc: Doc) -> list[tuple[str, float]]:
        """(country, weight) of each named organisation in the text whose dictionary entries
        agree on one home country: a union, party or militia acts mostly in its own country
        ("at the call of the CGT ... in Brest" is France's Brest). A country's national
        military and police are left out (they often fight abroad), and so are external
        actors and movements (aliases also written in lower case); a group the data says also
        operates abroad counts half. Each actor once.
        Only capitalised words can open a name here, so most tokens cost one test."""
        seen: set[str] = set()
        out: list[tuple[str, float]] = []
        skip_to = 0
        for t in doc:
            if t.i < skip_to or not t.text[:1].isupper():
                continue
            first = norm_tokens(t.text)
            if not first or first[0] not in self.first_len:
                continue
            words = _words(doc[t.i: t.i + 2 * self.first_len[first[0]] + 2])
            hit = self._longest(words, 0)
            if hit is None:
                continue
            n, triggers = hit
            skip_to = words[n - 1].token.i + 1
            # an alias the data also writes in lower case ("antifa") names a movement anywhere
            key = next((tr.value for tr in triggers if tr.kind == ALIAS and tr.caps), None)
            entries = self.dictionary.entries_for(key) if key else []
            homes = {e.actor.country for e in entries}
            if not entries or len(homes) != 1 or None in homes or key in seen or any(
                    e.source == "countries.yaml" or e.actor.kind == "external" for e in entries):
                continue
            seen.add(key)
            country = homes.pop()
            abroad = any(e.scope - {country} for e in entries)
            out.append((country, 0.5 if abroad else 1.0))
        return out

    # ------------------------------------------------------------ tag

    def tag(self, sentence: SentenceInfo, span: Span, country: str | None = None,
            when: date | None = None) -> list[ActorMention]:
        """Fill ``sentence.actors`` and return the mentions (document character offsets)."""
        tokens = list(span)
        words = _words(tokens)
        found = self._match(words, tokens, country, when)
        found = self._drop_generic_before_named(found, tokens)
        found = [self._local_unit(f, tokens) for f in found]
        found = _prefer_named_unit(found, tokens)
        found += self._unknown_groups(tokens, found, country, when)
        found += self._demonym_people(tokens, found, when)
        found = self._identity_militias(tokens, found, country)
        found = self._protesters(tokens, found, country, when)
        found = self._rioters(tokens, found, country, when)
        found.sort(key=lambda f: (f.start_tok, f.end_tok))
        doc_text, base = span.text, span.start_char  # not span.doc.text: O(doc) per sentence
        mentions: list[ActorMention] = []
        for f in found:
            start, end = tokens[f.start_tok].idx, _tok_end(tokens[f.end_tok - 1])
            for actor in f.actors:
                mentions.append(ActorMention(start=start, end=end, text=doc_text[start - base:end - base], actor=actor))
        sentence.actors = mentions
        return mentions

    def _match(self, words: list[_Word], tokens: list[Token], country: str | None,
               when: date | None) -> list[_Found]:
        found: list[_Found] = []
        i = 0
        base = tokens[0].i if tokens else 0
        while i < len(words):
            hit = self._longest(words, i)
            if hit is None:
                i += 1
                continue
            n, triggers = hit
            first, last = words[i].token.i - base, words[i + n - 1].token.i - base
            result = self._resolve(triggers, words, i, n, tokens, country, when)
            if result is not None:
                extra_words, actors = result
                last = words[i + n + extra_words - 1].token.i - base if extra_words else last
                start = first - self._qualifier_tokens(words, i, triggers, found, base)
                if start == first:
                    start = _extend_left(tokens, first)
                if actors:
                    found.append(_Found(start, last + 1, actors))
                    found += self._conjoined_forces(words, i, actors[0], base, when)
                i += n + extra_words
            else:
                i += 1
        return found

    def _local_unit(self, f: _Found, tokens: list[Token]) -> _Found:
        """"the Myaing PDF", "PDF-Myaing", "People's Defense Force - Myaing": a local unit that
        ACLED names after its township ("People's Defense Force - Myaing")."""
        if len(f.actors) != 1 or not f.actors[0].known:
            return f
        place, start, end = _unit_place(tokens, f.start_tok, f.end_tok)
        name = self.dictionary.local_name(f.actors[0].name, place) if place else None
        if name is None or self.dictionary.demonym_country(place):
            return f
        return _Found(start, end, [replace(f.actors[0], name=name)])

    def _conjoined_forces(self, words: list[_Word], i: int, actor: Actor, base: int,
                          when: date | None) -> list[_Found]:
        """"clashes between the Russian and Ukrainian forces": the first demonym names the forces
        of its own country (same branch as the second)."""
        if actor.kind != "state" or not actor.name.startswith(("Military Forces of", "Police Forces of")):
            return []
        other = self._conjoined_demonym(words, i)
        if other is None or other[1] not in self.dictionary.country_table:
            return []
        word, c = other
        kind = "police" if actor.name.startswith("Police") else "military"
        k = word.token.i - base
        return [_Found(k, k + 1, [self.dictionary.state_forces(c, kind, when)])]

    def _drop_generic_before_named(self, found: list[_Found], tokens: list[Token]) -> list[_Found]:
        """"fighters from the Islamic State", "members of the FSA": the generic noun is the
        named group, not an unidentified one."""
        out = []
        for k, f in enumerate(found):
            nxt = found[k + 1] if k + 1 < len(found) else None
            generic = all(a.kind in ("unidentified", "rebel") and a.name.startswith(("Unidentified", "Opposition"))
                          for a in f.actors) and f.actors
            if generic and nxt is not None and all(a.known and a.kind not in ("unidentified",) and not a.name.startswith(("Unidentified", "Opposition")) for a in nxt.actors):
                between = [t.lower_ for t in tokens[f.end_tok:nxt.start_tok]]
                if between and between[0] in _LINKS and len(between) <= 3:
                    continue
            out.append(f)
        return out

    def _longest(self, words: list[_Word], i: int) -> tuple[int, list[Trigger]] | None:
        longest = self.first_len.get(words[i].text)
        if longest is None:
            return None
        limit = 1
        while limit < min(longest, len(words) - i) and _adjacent(words[i + limit - 1], words[i + limit]):
            limit += 1  # phrases never run across commas or brackets ("the military, police")
        for n in range(limit, 0, -1):
            key = tuple(w.text for w in words[i:i + n])
            triggers = self.table.get(key)
            if triggers:
                ok = [t for t in triggers if _caps_ok(t.caps, words[i:i + n])]
                if ok:
                    return n, ok
        return None

    def _resolve(self, triggers: list[Trigger], words: list[_Word], i: int, n: int,
                 tokens: list[Token], country: str | None, when: date | None
                 ) -> tuple[int, list[Actor]] | None:
        """The actors a matched phrase names, and how many following words it swallows
        (member nouns after a named group). None: the phrase is not an actor here."""
        kinds = {t.kind for t in triggers}
        if NOT_ACTOR in kinds:
            return 0, []
        if ALIAS in kinds:
            actor = self._alias_actor(triggers, words, i, n, country, when)
            if actor is not None:
                tail = self._member_tail(words, i + n)
                actors = [actor]
                if any(w.text in _UNION_WORDS for w in words[i + n:i + n + tail]) and "Labour Group" in self.dictionary.categories:
                    # "the CGT union": the named union plus ACLED's Labour Group category
                    actors.append(self.dictionary.generic("Labour Group", actor.country or country, when))
                return tail, actors
        qual_country, qual_state, qual_nonstate = self._qualifier(words, i)
        if FORCE in kinds:
            force = next(t for t in triggers if t.kind == FORCE)
            actor = self._force_actor(force, qual_country, qual_state, qual_nonstate, country, when)
            if actor is not None:
                return 0, [actor]
        if qual_country and self._conjoined_demonym(words, i):
            qual_country = None  # "Slovak and Ukrainian activists": a mixed crowd, named by where it is
        if GENERIC in kinds:
            cats = [t.value for t in triggers if t.kind == GENERIC]
            return 0, self._generic_actors(cats, words, i, n, tokens, qual_country or country, when)
        return None

    # ------------------------------------------------------------ named actors

    def _alias_actor(self, triggers: list[Trigger], words: list[_Word], i: int, n: int,
                     country: str | None, when: date | None) -> Actor | None:
        key = next(t.value for t in triggers if t.kind == ALIAS)
        entries = self.dictionary.entries_for(key)
        best = self.dictionary.best_entry(entries, country, when)
        if best is None:
            return None
        if country and best.scope and country not in best.scope and not self._distinctive(words[i:i + n], words, i + n):
            return None  # e.g. a one-word alias of another country's group ("Shane")
        if country and best.scope and country not in best.scope and "({range}) " in best.actor.name \
                and not words[i].token.text[:1].isupper() \
                and not any(self._demonym(w) == best.actor.country for w in words[max(0, i - 1):i + n]):
            return None  # a branch's common noun ("state police") abroad is not that country's branch
        if _preceded_by_prefix(words, i, ("anti",)):
            return None  # "anti-ISIS" names the opponent of ISIS, not ISIS
        return self.dictionary.materialise(best, when)

    def _distinctive(self, words: list[_Word], all_words: list[_Word], end: int) -> bool:
        """Out-of-scope aliases count only when they cannot be a place or an ordinary word:
        several words, a long acronym, or a name followed by a member noun ("Hezbollah fighters";
        a lone "Fano" in Italy is a town)."""
        if len(words) >= 2:
            return True
        w = words[0].token
        if w.text.isupper() and len(w.text) >= 4:
            return True
        return self._member_tail(all_words, end) > 0

    def _member_tail(self, words: list[_Word], j: int) -> int:
        for n in (2, 1):
            if j + n <= len(words) and tuple(w.text for w in words[j:j + n]) in self.member_nouns:
                return n
        return 0

    # ------------------------------------------------------------ state forces

    def _qualifier(self, words: list[_Word], i: int) -> tuple[str | None, bool, bool]:
        """Look back from a force noun / group noun: (country of a demonym, state qualifier
        seen, non-state qualifier seen). Stops at the first word that is none of these."""
        qual_country, state, nonstate = None, False, False
        j = i - 1
        steps = 0
        while j >= 0 and steps < _MAX_QUALIFIER_WORDS and _adjacent(words[j], words[j + 1]):
            w = words[j]
            c = self._demonym(w)
            if c and qual_country is None:
                qual_country = c
            elif w.text in self.nonstate:
                nonstate = True
            elif w.text in self.state_quals:
                state = True
            elif w.token.pos_ in ("ADJ", "PROPN") and w.token.is_title and not c:
                pass  # "Turkish-backed", "Assad" ... keep looking further back
            else:
                break
            j -= 1
            steps += 1
        return qual_country, state, nonstate

    def _conjoined_demonym(self, words: list[_Word], i: int) -> tuple[_Word, str] | None:
        """"Russian and Ukrainian forces", "Slovak and Ukrainian activists": the other demonym
        before "and" in the qualifiers of the phrase at word i, with its country."""
        j, steps = i - 1, 0
        while j >= 0 and steps < _MAX_QUALIFIER_WORDS and _adjacent(words[j], words[j + 1]) and words[j].text != "and":
            j, steps = j - 1, steps + 1
        if j >= 1 and words[j].text == "and" and _adjacent(words[j - 1], words[j]):
            other = self._demonym(words[j - 1])
            if other is not None and other != self._qualifier(words, i)[0]:
                return words[j - 1], other
        return None

    def _qualifier_tokens(self, words: list[_Word], i: int, triggers: list[Trigger],
                          found: list[_Found], base: int) -> int:
        """How many tokens before the match belong to the mention ("Russian" in "Russian forces")."""
        if not any(t.kind in (FORCE, GENERIC) for t in triggers):
            return 0
        j = i - 1
        taken = 0
        covered = {t for f in found for t in range(f.start_tok, f.end_tok)}
        while j >= 0 and taken < _MAX_QUALIFIER_WORDS and _adjacent(words[j], words[j + 1]):
            w = words[j]
            tok_index = w.token.i - base
            if tok_index in covered:
                break
            if self._demonym(w) or w.text in self.state_quals or w.text in self.nonstate:
                taken = (words[i].token.i - base) - tok_index
                j -= 1
                continue
            break
        return taken

    def _demonym(self, w: _Word) -> str | None:
        c = self.dictionary.demonym_country(w.token.text)
        if c is None:
            return None
        if is_acronym(w.token.text.replace(".", "")) and not w.token.text.isupper():
            return None  # "us" is not "US"
        if not w.token.text[:1].isupper():
            return None  # demonyms and country names are capitalised in English
        return c

    def _force_actor(self, force: Trigger, qual_country: str | None, qual_state: bool,
                     qual_nonstate: bool, country: str | None, when: date | None) -> Actor | None:
        if qual_nonstate and not qual_country:
            return None  # "rebel forces", "Kurdish fighters": not state forces
        if force.qualified_only and not (qual_country or qual_state):
            return None
        target = qual_country or country
        if target is None or target not in self.dictionary.country_table:
            return None
        actor = self.dictionary.state_forces(target, force.value, when)
        return replace(actor, name=f"{actor.name} {force.unit}") if force.unit else actor

    # ------------------------------------------------------------ generic groups

    def _generic_actors(self, cats: list[str], words: list[_Word], i: int, n: int,
                        tokens: list[Token], country: str | None, when: date | None) -> list[Actor]:
        protest = self._followed_by_protest(words, i + n)
        primary = [c for c in cats if self.dictionary.categories[c].kind != "associated"]
        associated = [c for c in cats if self.dictionary.categories[c].kind == "associated"]
        if protest and any(c in ("Civilians", "Rioters") for c in primary):
            primary = ["Protesters"]
        if associated and not primary:
            primary = ["Protesters"] if protest else ["Civilians"]
        if "Rioters" in primary and "Civilians" in primary:
            primary = ["Rioters"]
        actors = [self.dictionary.generic(c, country, when) for c in primary[:1]]
        actors += [self.dictionary.generic(c, country, when) for c in associated]
        return actors

    def _followed_by_protest(self, words: list[_Word], j: int) -> bool:
        """"residents marched", "villagers who protested", "workers staged a sit-in"."""
        if j >= len(words):
            return False
        toks = [t.lower_ for t in words[j].token.doc[words[j].token.i: words[j].token.i + 6]]
        for start in range(0, 4):
            for verb in self.protest_verbs:
                if tuple(toks[start:start + len(verb)]) == verb:
                    return True
        return False

    def _identity_militias(self, tokens: list[Token], found: list[_Found], country: str | None) -> list[_Found]:
        """"Hema militiamen", "Marehan clan militia": a capitalised group name before a militia
        noun is an identity militia (inter 4) named by ACLED's pattern. Replaces a generic
        mention of the same words."""
        if not self.identity_heads or country is None:
            return found
        owner = {t: f for f in found for t in range(f.start_tok, f.end_tok)}
        out = list(found)
        for k, t in enumerate(tokens):
            if not (t.is_title and t.pos_ in ("PROPN", "ADJ", "NOUN")) or (t.is_sent_start and not t.ent_type_):
                continue
            creed = t.text in self.terms.militia_adjectives
            if self.dictionary.demonym_country(t.text) or (t.lower_ in self.nonstate and not creed) or (k in owner and owner[k].actors[0].known and owner[k].actors[0].kind not in ("unidentified", "identity_militia")):
                continue  # "Syrian militia" is not an ethnic group; named groups keep their name
            head = next(((n, pat) for n in (2, 1) if k + 1 + n <= len(tokens)
                         and (pat := self.identity_heads.get(tuple(x.lower_ for x in tokens[k + 1:k + 1 + n])))), None)
            if head is None:
                continue
            n, pattern = head
            if creed and "Ethnic Militia" in pattern:
                pattern = "{name} Militia ({country})"
            elif "Ethnic Militia" in pattern and t.text not in self.ethnic_groups:
                # "a Zamfara militia": named after a place or community, not a people -> ACLED's
                # communal militia
                pattern = pattern.replace("Ethnic Militia", "Communal Militia")
            name = pattern.format(name=t.text, country=country)
            actor = Actor(name=name, inter=4, country=country, kind="identity_militia", known=False)
            out = [f for f in out if not (f.start_tok <= k + n < f.end_tok or f.start_tok == k)]
            out.append(_Found(k, k + 1 + n, [actor]))
        return out

    def _demonym_people(self, tokens: list[Token], found: list[_Found], when: date | None) -> list[_Found]:
        """A demonym standing as a noun names people of that country: "a Palestinian was shot",
        "two Syrians were detained" -> Civilians (Palestine) / (Syria)."""
        covered = {t for f in found for t in range(f.start_tok, f.end_tok)}
        out = []
        for k, t in enumerate(tokens):
            if k in covered or t.pos_ not in ("NOUN", "PROPN") or t.dep_ in ("amod", "compound", "nmod", "poss"):
                continue
            c = self.demonym_words.get(norm_tokens(t.text))
            if c is None or not t.text[:1].isupper():
                continue
            if t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr") and not any(
                    ch.dep_ in ("compound",) for ch in t.children):
                out.append(_Found(k, k + 1, [self.dictionary.generic("Civilians", c, when)]))
        return out

    # ------------------------------------------------------------ protesters

    def _protesters(self, tokens: list[Token], found: list[_Found], country: str | None,
                    when: date | None) -> list[_Found]:
        """The subjects of protest predicates are protesters: "citizens protested", "members of
        the CCOO held a protest", "farmers blocked the highway". A civilian mention in subject
        position becomes "Protesters (Country)"; an untagged subject gets a new mention."""
        if not tokens:
            return found
        base = tokens[0].i
        subjects = self._protest_subjects(tokens)
        if not subjects:
            return found
        owner = {t: f for f in found for t in range(f.start_tok, f.end_tok)}
        for subj in subjects:
            phrase = _subject_phrase(subj)
            hits = [owner[t.i - base] for t in phrase if t.i - base in owner]
            if any(a.kind in _ARMED for f in hits for a in f.actors if a.known and a.kind != "associated"):
                continue  # "police blocked the road": not protesters
            converted = False
            for f in hits:
                primary = [a for a in f.actors if a.kind not in _RIDERS]
                if primary and primary[0].kind in ("civilians", "protesters"):
                    f.actors[f.actors.index(primary[0])] = self.dictionary.generic("Protesters", primary[0].country or country, when)
                    converted = True
                elif not primary:
                    # "BJP members staged protests": Protesters (India), the party rides along
                    f.actors.insert(0, self.dictionary.generic("Protesters", country, when))
                    converted = True
            if not converted and not hits and subj.pos_ in ("NOUN", "PROPN", "NUM"):
                start, end = phrase[0].i - base, phrase[-1].i - base + 1
                found.append(_Found(start, end, [self.dictionary.generic("Protesters", country, when)]))
        return found

    def _rioters(self, tokens: list[Token], found: list[_Found], country: str | None,
                 when: date | None) -> list[_Found]:
        """A crowd of civilians or protesters that attacks, lynches or torches is a mob: ACLED's
        "Rioters (Country)". Only plural or group subjects ("villagers", "a group of locals")."""
        if not tokens or not found:
            return found
        base = tokens[0].i
        owner = {t: f for f in found for t in range(f.start_tok, f.end_tok)}
        for t in tokens:
            if t.pos_ != "VERB" or t.lemma_.lower() not in self.riot_lemmas:
                continue
            for subj in (c for c in t.children if c.dep_ == "nsubj"):
                if not (subj.tag_ in ("NNS", "NNPS") or subj.lower_ in _QUANTITY_HEADS):
                    continue
                for tok in _subject_phrase(subj):
                    f = owner.get(tok.i - base)
                    if f is None:
                        continue
                    for k, a in enumerate(f.actors):
                        if a.kind in ("civilians", "protesters"):
                            f.actors[k] = self.dictionary.generic("Rioters", a.country or country, when)
                            break
                    break
        return found

    def _protest_noun(self, noun: Token) -> bool:
        """"a protest", "a sit-in", "a hunger strike", but not "air strikes" or "drone strikes"."""
        if noun.lemma_.lower() not in self.protest_nouns or noun.pos_ != "NOUN":
            return False  # "On 29 March" is a date, not a march
        return not any(c.lower_ in _MILITARY_MODIFIERS for c in noun.children)

    def _protest_subjects(self, tokens: list[Token]) -> list[Token]:
        out: list[Token] = []
        for t in tokens:
            if t.pos_ not in ("VERB", "AUX"):
                continue
            objects = [c for c in t.children if c.dep_ in ("dobj", "obj")]
            objects += [o for p in t.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
            # "workers struck" is a strike; "a bomb struck a patrol" (with an object) is not
            transitive_strike = t.lemma_.lower() == "strike" and any(c.dep_ in ("dobj", "obj") for c in t.children)
            is_protest = ((t.lemma_.lower() in self.protest_lemmas and not transitive_strike)
                          or any(self._protest_noun(o) for o in objects))
            if not is_protest:
                continue
            verb = t
            # "gathered ... to protest": the subject sits on the governing verb
            while not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and verb.dep_ in ("xcomp", "advcl", "conj") and verb.head is not verb:
                verb = verb.head
            for c in verb.children:
                if c.dep_ == "nsubj" and c.pos_ != "PRON":
                    out.append(c)
                    out += [x for x in c.conjuncts if x.pos_ in ("NOUN", "PROPN")]
        return out

    # ------------------------------------------------------------ unknown named groups

    def _unknown_groups(self, tokens: list[Token], found: list[_Found], country: str | None,
                        when: date | None) -> list[_Found]:
        """Capitalised names ending in (or starting with) an armed-group head noun that the
        dictionary does not know: "the Martyrs of Idlib Brigade", "Brigade of the Free Men"."""
        covered = {t for f in found for t in range(f.start_tok, f.end_tok)}
        out: list[_Found] = []
        k = 0
        while k < len(tokens):
            run_end = k
            while run_end < len(tokens) and run_end not in covered and _name_part(tokens, run_end):
                run_end += 1
            if run_end > k:
                group = self._named_group(tokens, k, run_end, country, when)
                if group is not None:
                    out.append(group)
                k = run_end
            else:
                k += 1
        return out

    def _named_group(self, tokens: list[Token], a: int, b: int, country: str | None,
                     when: date | None) -> _Found | None:
        # trim connectors at the edges ("of", "the", "-")
        while a < b and ((not tokens[a].is_title and not tokens[a].is_upper) or tokens[a].lower_ == "the"):
            a += 1
        while b > a and not tokens[b - 1].is_title and not tokens[b - 1].is_upper:
            b -= 1
        if a > 0 and _is_number_word(tokens[a - 1]):
            a -= 1  # "5th Armored Division": the number belongs to the unit's name
        if b - a < 2:
            return None
        words = [t.lower_ for t in tokens[a:b]]
        inter = None
        for n in (2, 1):
            if tuple(words[-n:]) in self.heads:
                inter = self.heads[tuple(words[-n:])]
                break
            if tuple(words[:n]) in self.heads and "of" in words:
                inter = self.heads[tuple(words[:n])]
                break
        if inter is None:
            return None
        content = [t for t in tokens[a:b] if t.is_title or t.is_upper]
        if not any(t.is_title for t in content):
            return None  # an all-capitals headline, not a name
        if any(_is_number_word(t) for t in tokens[a:b]):
            # "the Fourth Armoured Division", "Brigade 93": a unit of the national army, named as
            # ACLED names units: "Military Forces of Syria (2000-) 5th Armored Division"
            if country in self.dictionary.country_table:
                army = self.dictionary.state_forces(country, "military", when)
                unit = " ".join(t.text for t in tokens[a:b])
                return _Found(a, b, [replace(army, name=f"{army.name} {unit}")])
            return None
        if len(content) < 2 or all(self.dictionary.demonym_country(t.text) or t.lower_ in self.state_quals
                                   or (t.lower_,) in self.heads for t in content):
            return None  # "Syrian Army", "National Army": not a named group
        name = " ".join(t.text for t in tokens[a:b]).replace(" - ", "-").replace(" 's", "'s")
        actor = Actor(name=name, inter=inter, country=country, kind=_INTER_KIND.get(inter), known=False)
        return _Found(a, b, [actor])


# ---------------------------------------------------------------- ACLED conventions on roles


def complete_by_convention(names: tuple[Actor | None, Actor | None], event_type: str, sub: str,
                           text: str, country: str | None, dictionary: ActorDictionary | None,
                           when: date | None = None) -> tuple[Actor | None, Actor | None]:
    """ACLED's coding conventions that fill or rename an event's actors from cues in the report
    (``text``), after the roles are chosen:

    - a counter-demonstration: actor2 is the other crowd, "Protesters (Country)";
    - property destruction with no named target: the owners, "Civilians (Country)";
    - a violent demonstration that names police: actor2 is the police;
    - where gangs dominate armed crime, unidentified armed men in a report hinting at gangs
      ("drive-by", "cartel") are "Unidentified Gang (Country)".
    """
    a1, a2 = names
    if not isinstance(dictionary, ActorDictionary) or not country or country not in dictionary.country_table:
        return a1, a2
    terms = dictionary.terms
    low = f" {text.lower()} "
    if event_type == "Protests" and a2 is None and _has_cue(low, terms.counter_protest_cues):
        a2 = dictionary.generic("Protesters", country, when)
    if sub == "Looting/property destruction" and a1 is not None and a2 is None:
        a2 = dictionary.generic("Civilians", country, when)
    if sub == "Violent demonstration" and a2 is None and _has_cue(low, terms.police_cues):
        a2 = dictionary.state_forces(country, "police", when)
    unidentified = dictionary.generic("Unidentified Armed Group", country, when)
    if sub == "Armed clash" and a2 is None and a1 is not None and a1.name == unidentified.name:
        # "a shoot-out between unknown shooters": unidentified armed men on both sides, named
        # plainly ("Unidentified Armed Group (Brazil)", not Brazil's gang-or-militia label)
        cat = dictionary.categories["Unidentified Armed Group"]
        a1 = a2 = Actor(name=cat.pattern.format(country=country), inter=cat.inter, country=country, kind=cat.kind)
    if sub == "Air/drone strike" and a1 is not None and country in terms.air_force_theatres.get(a1.country or "", ()) \
            and a1.name == dictionary.state_forces(a1.country, "military", when).name:
        a1 = replace(a1, name=f"{a1.name} Air Force")
    gang = country in terms.gang_countries and _has_cue(low, terms.gang_cues)
    if gang and "Unidentified Gang" in dictionary.categories:
        a1, a2 = (dictionary.generic("Unidentified Gang", country, when) if a and a.name == unidentified.name else a
                  for a in (a1, a2))
    return a1, a2


def _has_cue(padded_lower_text: str, cues: Iterable[str]) -> bool:
    """A cue as whole words ("gang" but not "Gangnam")."""
    return any(c.lower() in padded_lower_text  # the plain substring test first: most cues are absent
               and re.search(rf"(?<![a-z]){re.escape(c.lower())}(?![a-z])", padded_lower_text) for c in cues)


def names_own_country(mention: ActorMention, dictionary: ActorDictionary | None) -> bool:
    """"Ukrainians in Puerto Rico gathered", "British nationals protested": a generic actor whose
    words name its people keeps their country (ACLED: "Protesters (Ukraine)") wherever the event is."""
    if not isinstance(dictionary, ActorDictionary) or not mention.actor.country:
        return False
    named = {dictionary.demonym_country(w) for w in re.findall(r"[A-Z][\w'-]*", mention.text) if len(w) > 2}
    return named - {None} == {mention.actor.country}  # "Slovak and Ukrainian activists" are a mixed crowd


# ---------------------------------------------------------------- helpers


def _words(tokens: Iterable[Token]) -> list[_Word]:
    out = []
    for t in tokens:
        for w in norm_tokens(t.text):
            out.append(_Word(w, t))
    return out


def _adjacent(a: _Word, b: _Word) -> bool:
    """Word a directly precedes word b: only hyphens, possessives and dropped words between
    them ("Syria's army", "Tahrir al-Sham"), not a colon, comma, bracket or line break."""
    if a.token.i == b.token.i:
        return True
    doc = a.token.doc
    return not any(doc[k].text in _BREAKS or doc[k].is_space for k in range(a.token.i + 1, b.token.i))


# Between words of one phrase only dropped words ("al", "the"), hyphens and possessives may
# stand; these break a phrase.
_BREAKS = frozenset({",", ";", ":", "(", ")", "[", "]", ".", "!", "?", '"', "\u201c", "\u201d", "|", "...",
                     "\u2014", "--"})


_JOINERS = frozenset({"-", "'s", "\u2019s", "'", "\u2019", "\u2010", "\u2011", "\u2013"})
_LEADING = frozenset({"al", "el", "-", "\u2010", "\u2011"})


def _extend_left(tokens: list[Token], first: int) -> int:
    """Take back the "Al-" that normalisation dropped: "Al-Nusra Front", not "Nusra Front"."""
    k = first
    while k > 0 and tokens[k - 1].lower_ in _LEADING:
        k -= 1
    while k < first and tokens[k].lower_ not in ("al", "el"):
        k += 1  # never start on a bare hyphen
    return k


_QUANTITY_HEADS = frozenset({"hundreds", "thousands", "dozens", "scores", "members", "group", "groups",
                             "supporters", "number", "crowd", "crowds", "some", "tens", "several", "residents"})


def _subject_phrase(subj: Token) -> list[Token]:
    """The subject's own words: its compounds/adjectives, and for "hundreds of aspirants",
    "members of the union" the object of "of" too (not a relative clause)."""
    left = [c for c in subj.lefts if c.dep_ in ("compound", "amod", "nummod", "det", "quantmod")]
    start = min([subj.i] + [c.left_edge.i for c in left if c.dep_ != "det"])
    end = subj.i
    if subj.lower_ in _QUANTITY_HEADS or subj.pos_ == "NUM":
        for prep in subj.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        end = max(end, pobj.i)
    doc = subj.doc
    return [doc[k] for k in range(start, end + 1)]


def _prefer_named_unit(found: list[_Found], tokens: list[Token]) -> list[_Found]:
    """"an STC soldier from the 5th Support and Reinforcement Brigade": the group is named by its
    unit when the unit follows it ("from"/"of" the unit), as ACLED names it."""
    for f, g in zip(found, found[1:]):
        if len(f.actors) != 1 or len(g.actors) != 1 or f.actors[0].name not in g.actors[0].affiliations:
            continue
        between = [t.lower_ for t in tokens[f.end_tok:g.start_tok]]
        if between and between[0] in ("from", "of") and len(between) <= 4:
            f.actors = list(g.actors)
    return found


_NOT_PLACES = frozenset({"the", "a", "an", "local", "joint", "combined", "allied", "township", "village",
                         "on", "in", "at", "around", "near", "between", "and", "with", "by"})


def _unit_place(tokens: list[Token], start: int, end: int) -> tuple[str | None, int, int]:
    """The place a local unit is named after: a capitalised word right before it ("Myaing PDF")
    or after a hyphen ("PDF-Myaing", "People's Defense Force - Myaing"); else None."""
    def place_word(t: Token) -> bool:
        return t.is_title and t.is_alpha and len(t.text) > 2 and t.pos_ == "PROPN" and t.lower_ not in _NOT_PLACES
    if start > 0 and place_word(tokens[start - 1]):
        return tokens[start - 1].text, start - 1, end
    if end + 1 < len(tokens) and tokens[end].text in ("-", "\u2013") and place_word(tokens[end + 1]):
        return tokens[end + 1].text, start, end + 2
    return None, start, end


def _tok_end(t: Token) -> int:
    return t.idx + len(t.text)


def _caps_rule(aliases: list[str]) -> str:
    """The weakest capitalisation any spelling of the phrase asks for: an all-caps acronym of
    up to 3 letters must be in capitals ("IS", "SDF"); a proper name must start with a capital."""
    rules = set()
    for a in aliases:
        letters = [c for c in a if c.isalpha()]
        if is_acronym(a) and len(letters) <= 3:
            rules.add("all")
        elif a[:1].isupper():
            rules.add("first")
        else:
            rules.add("")
    for r in ("", "first", "all"):
        if r in rules:
            return r
    return ""


def _caps_ok(rule: str, words: list[_Word]) -> bool:
    if not rule:
        return True
    first = words[0].token.text
    if rule == "all":
        return all(w.token.text.isupper() or not any(c.isalpha() for c in w.token.text) for w in words)
    return first[:1].isupper() or first[:1].isdigit()


def _preceded_by_prefix(words: list[_Word], i: int, prefixes: tuple[str, ...]) -> bool:
    if i == 0:
        return False
    tok = words[i].token
    prev = tok.nbor(-1) if tok.i > 0 else None
    if prev is not None and prev.text == "-" and prev.i > 0:
        return prev.nbor(-1).lower_ in prefixes
    return False


def _is_number_word(t: Token) -> bool:
    return t.like_num or t.lower_ in _ORDINALS or bool(_NUMBERED.match(t.lower_))


def _name_part(tokens: list[Token], k: int) -> bool:
    t = tokens[k]
    if t.is_title or (t.is_upper and t.is_alpha):
        return True
    return t.lower_ in ("of", "the", "al", "el", "-", "'s", "for", "and", "ad", "ash", "as") and k > 0


__all__ = ["ActorTagger", "complete_by_convention", "names_own_country"]
