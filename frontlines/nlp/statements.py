"""Statements of relations and control that a text makes in so many words.

"The Al-Nusra Front, also a branch of Al-Qaeda, has fought alongside the FSA" states two
relations (Nusra member_of Al Qaeda; Nusra ally of the FSA); "Al-Dana, an ISIS stronghold"
states who holds a place. This stage reads such statements from surface cues
(`knowledge/data/statement_lexicon.yaml`) around the actor and place mentions the earlier
stages found, so it works on every sentence, parsed or not (the gated parser leaves most
sentences without a dependency parse, see `nlp.gate`).

The parties are the canonical actors of `SentenceInfo.actors` (no second actor lookup), minus
generic ones (civilians, unidentified gunmen, ...), plus a few words that point back to one
("the group", "it", "the Al-Qaeda-backed group"). `mark_self_claimed` flags territory events
whose only support is the taker's own claim.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

from frontlines.knowledge.statements import (
    HYPHEN_FRAMES, LETTERS, StatementCue, StatementLexicon, first_words, phrase_body,
)
from frontlines.nlp.events import is_country
from frontlines.records import (
    ControlStatement, Event, Evidence, PlaceMention, RelationStatement, SentenceInfo,
)

SYMMETRIC = frozenset({"ally", "hostile"})
WORD = re.compile(r"[\w’'-]+")
OPEN_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
APPOSITIVE = re.compile(r"^\s*,[^,;:.]*,")  # ", also a branch of Al-Qaeda operating in Syria,"
HARD_BREAK = re.compile(r"[;:!?]|\.(?:\s|$)|—|–|\s-\s")
CONNECTORS = frozenset({"and", "or", "the", "its", "their", "other", "including", "such", "as", "well",
                        "along", "with", "together", "both", "also", "fighters", "forces", "groups", "group",
                        "members", "from", "of", "coalition", "battalions", "brigades", "units"})
APPOSITIVE_ADVERBS = frozenset({"also", "itself", "themselves", "now", "once", "formerly", "previously",
                                "reportedly", "then", "still", "long"})
APPOSITIVE_OPENERS = APPOSITIVE_ADVERBS | {"a", "an", "the"}
LEADING_CLOSERS = re.compile(r"^[)\]]*(?:[’']s\b)?")  # "ISIS)" / "ISIS's" before the gap
RELATIVE = re.compile(r"^\s*,\s*(?:which|who)\s+", re.IGNORECASE)  # "Boko Haram, which pledged"
PRONOUNS = frozenset({"it", "they"})
PLACE_LEAD = frozenset({"of", "the", "town", "city", "village", "province", "district", "region", "area",
                        "neighbourhood", "neighborhood", "suburb", "governorate"})
POSSESSIVE = re.compile(r"^[’']s?\s+(?:[\w-]+\s+)?$")  # "ISIS’s opponents", "ISIS’s main rivals"
UNDER_BEFORE = re.compile(r"(?:under|in|into)\s+(?:the\s+)?(?:full\s+|complete\s+|total\s+|effective\s+)?$", re.IGNORECASE)
AFTER_OF = re.compile(r"^[\s\"“”’]*(?:of|by|for)\s+", re.IGNORECASE)
BETWEEN_AFTER = re.compile(r"^(?:\s+[\w’'-]+){0,2}?\s+between\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Party:
    """One side a statement may name: an actor mention, or a word that points back to one."""

    start: int
    end: int
    actor: str
    kind: str | None
    modifier: bool = False  # "Al-Qaeda" in "Al-Qaeda-backed", "ISIS" in "anti-ISIS": not a party itself
    pronoun: bool = False  # "it", "they": the party is the one named before


@dataclass(frozen=True)
class CueHit:
    cue: StatementCue
    start: int  # absolute character offsets
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class SentenceView:
    """One sentence as the statement reader sees it."""

    info: SentenceInfo
    parties: list[Party]
    date: str | None

    @property
    def text(self) -> str:
        return self.info.text

    def local(self, offset: int) -> int:
        return offset - self.info.start

    def between(self, start: int, end: int) -> str:
        return self.info.text[self.local(start):self.local(end)]


class StatementReader:
    """`read(text, sentences, reference, doc)` -> (relations, control) of one document.

    `gazetteer` (optional) names a place the places stage left out when the clause itself says
    which country it is in ("territory in Iraq's western Anbar province")."""

    def __init__(self, lexicon: StatementLexicon, gazetteer: Any = None):
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        # phrases by the words they open with: a text is scanned word by word, and only the few
        # phrases a word can open are tried there (one regex of all phrases costs as much as
        # the event stage)
        self._index: dict[str, list[tuple[StatementCue, re.Pattern[str]]]] = {}
        for cue in lexicon.cues:
            for phrase in cue.phrases:
                rx = re.compile(phrase_body(phrase), re.IGNORECASE)
                for w in first_words(phrase):
                    self._index.setdefault(w, []).append((cue, rx))
        self._anaphor = re.compile(anaphor_regex(lexicon), re.IGNORECASE)
        self._pair_anaphor = re.compile(r"^\s*(?:" + "|".join(re.escape(a) for a in lexicon.pair_anaphors) + r")\b",
                                        re.IGNORECASE) if lexicon.pair_anaphors else None
        self._break = re.compile(r"(?:,\s*|\s+)(?:" + "|".join(
            re.escape(w) + (r"(?!\s+well\b)" if w == "as" else "") for w in lexicon.clause_breaks) + r")\b", re.IGNORECASE)
        self._relation_ids = {c.id for c in lexicon.relations}

    # ---- entry point

    def read(self, text: str, sentences: list[SentenceInfo], reference: date | None,
             doc: Any = None) -> tuple[list[RelationStatement], list[ControlStatement]]:
        hits = self.cue_hits(text)
        if not hits:
            return [], []
        relations: list[RelationStatement] = []
        control: list[ControlStatement] = []
        for k, sentence in enumerate(sentences):
            own = [h for h in hits if sentence.start <= h.start and h.end <= sentence.end]
            if not own:
                continue  # most sentences: no party lists built
            view = self.view(sentence, sentences[k - 1] if k else None, reference)
            relations.extend(self.sentence_relations(view, [h for h in own if h.cue.id in self._relation_ids],
                                                     relations))
            control.extend(self.sentence_control(view, [h for h in own if h.cue.id not in self._relation_ids], doc))
        return relations, control

    def cue_hits(self, text: str) -> list[CueHit]:
        """Every cue match; of overlapping matches of the same section the longest stays."""
        found = []
        for word in LETTERS.finditer(text):
            entries = self._index.get(word.group().lower())
            if not entries:
                continue
            k = word.start()
            before = text[k - 1] if k else " "
            after_hyphen = before == "-" and k >= 2 and text[k - 2].isalnum()
            free = not (before.isalnum() or before in "_-")
            for cue, rx in entries:
                if after_hyphen if cue.frame in HYPHEN_FRAMES else free:
                    m = rx.match(text, k)
                    if m is not None:
                        found.append(CueHit(cue, k, m.end()))
        kept: list[CueHit] = []
        for hit in sorted(found, key=lambda h: (-h.length, h.start)):
            same_section = [k for k in kept if (k.cue.id in self._relation_ids) == (hit.cue.id in self._relation_ids)]
            if not any(k.start < hit.end and hit.start < k.end for k in same_section):
                kept.append(hit)
        return sorted(kept, key=lambda h: h.start)

    # ---- parties

    def views(self, sentences: list[SentenceInfo], reference: date | None) -> list[SentenceView]:
        return [self.view(s, sentences[k - 1] if k else None, reference) for k, s in enumerate(sentences)]

    def view(self, s: SentenceInfo, before: SentenceInfo | None, reference: date | None) -> SentenceView:
        parties = self.named_parties(s)
        parties += self.anaphor_parties(s, parties, self.named_parties(before) if before else [])
        parties.sort(key=lambda p: (p.start, -p.end))
        when = s.dates[0].value.isoformat() if s.dates else (reference.isoformat() if reference else None)
        return SentenceView(s, parties, when)

    def named_parties(self, s: SentenceInfo) -> list[Party]:
        """Actor mentions that can be a party: not generic, the longest of overlapping ones,
        hyphenated modifiers ("Al-Qaeda-backed", "anti-ISIS") marked as such."""
        out: list[Party] = []
        for m in sorted(s.actors, key=lambda m: (m.start, -(m.end - m.start))):
            if self.is_generic(m.actor.name, m.actor.kind):
                continue
            if out and m.start < out[-1].end:
                continue  # inside a longer mention ("Islamic Front" in "Islamic Front coalition")
            after = s.text[m.end - s.start: m.end - s.start + 2]
            before = s.text[max(0, m.start - s.start - 5): m.start - s.start].lower()
            modifier = (after[:1] == "-" and after[1:2].isalpha()) or before.endswith(("anti-", "pro-", "non-", "ex-"))
            out.append(Party(m.start, m.end, m.actor.name, m.actor.kind, modifier))
        return out

    def is_generic(self, name: str, kind: str | None) -> bool:
        return (kind or "") in self.lexicon.generic_kinds or name.startswith("Unidentified")

    def anaphor_parties(self, s: SentenceInfo, named: list[Party], before: list[Party]) -> list[Party]:
        """"the group", "it", "the Al-Qaeda-linked group": the first party the sentence names
        before the word, else the last one of the sentence before."""
        out: list[Party] = []
        for m in self._anaphor.finditer(s.text):
            start, end = s.start + m.start(), s.start + m.end()
            if any(p.start < end and start < p.end and not p.modifier for p in named):
                continue  # part of a name ("The Islamic Front")
            earlier = [p for p in named if p.end <= start and not p.modifier]
            # a pronoun ("it", "they") points inside its sentence; "the group" may reach back one
            reach_back = [] if m.group().lower() in PRONOUNS else before
            antecedent = earlier[0] if earlier else next((p for p in reversed(reach_back) if not p.modifier), None)
            if antecedent is not None:
                out.append(Party(start, end, antecedent.actor, antecedent.kind,
                                 pronoun=m.group().lower() in PRONOUNS))
        return out

    # ---- relations

    def sentence_relations(self, view: SentenceView, hits: list[CueHit],
                           found: list[RelationStatement]) -> list[RelationStatement]:
        out: list[RelationStatement] = []
        for hit in hits:
            if self.negated(view, hit):
                continue
            # "the two groups" names the last pair of this sentence or the one before
            recent = [r for r in found[-1:] if (r.evidence.sentence_index or 0) >= view.info.index - 1]
            pairs = self.relation_pairs(view, hit, out or recent)
            past = self.is_past(view, hit, relation=True)
            for a, b in pairs:
                if a.actor == b.actor:
                    continue
                if hit.cue.reverse:
                    a, b = b, a
                statement = self.relation(view, a.actor, b.actor, hit, past)
                if not any(same_relation(statement, o) for o in out):
                    out.append(statement)
        return out

    def relation_pairs(self, view: SentenceView, hit: CueHit,
                       earlier: list[RelationStatement]) -> list[tuple[Party, Party]]:
        frame = hit.cue.frame
        if frame == "subject_object":
            subject = self.subject(view, hit.start)
            return [(subject, o) for o in self.objects(view, hit.end)] if subject else []
        if frame == "mutual":
            return list(combinations(self.coordinated_subject(view, hit.start), 2))
        if frame == "between":
            return self.between_pairs(view, hit, earlier)
        if frame == "list_of":
            return list(combinations(self.objects(view, hit.end), 2))
        if frame == "possessive":
            owner = self.possessor(view, hit.start)
            return [(owner, o) for o in self.objects(view, hit.end)] if owner else []
        if frame == "compound":
            return self.compound_pairs(view, hit)
        if frame == "targets":
            return self.target_pairs(view, hit)
        return []

    def between_pairs(self, view: SentenceView, hit: CueHit,
                      earlier: list[RelationStatement]) -> list[tuple[Party, Party]]:
        """"clashes between A and B", "a ceasefire between A and B" (B may be a list), "previous
        clashes between the two groups" (the sentence's last pair)."""
        rest = view.text[view.local(hit.end):]
        m = BETWEEN_AFTER.match(rest)
        if m is None:
            return []
        start = hit.end + m.end()
        if self._pair_anaphor and self._pair_anaphor.match(view.text[view.local(start):]):
            if not earlier:
                return []
            last = earlier[-1]
            return [(Party(start, start, last.actor_a, None), Party(start, start, last.actor_b, None))]
        end = self.clause_end(view, start)
        first = next((p for p in view.parties if start <= p.start < end and not p.modifier), None)
        if first is None:
            return []
        # the first "and" outside brackets: "between government forces (and the shabiha) and rebels"
        join = re.search(r"\s(?:and|&)\s", mask_brackets(view.between(first.end, end)))
        if join is None:
            return []
        cut = first.end + join.start()
        side_a = [p for p in view.parties if start <= p.start < cut and not p.modifier]
        side_b = [p for p in view.parties if cut <= p.start < end and not p.modifier]
        return [(a, b) for a in side_a for b in side_b]

    def compound_pairs(self, view: SentenceView, hit: CueHit) -> list[tuple[Party, Party]]:
        """"the Al-Qaeda-affiliated Islamic State", "the Al-Qaeda-linked group": (parent, member)."""
        parent = next((p for p in view.parties if p.end == hit.start - 1 and view.between(p.end, hit.start) == "-"),
                      None)
        if parent is None:
            return []
        head = next((p for p in view.parties if not p.modifier and p is not parent and
                     ((p.start <= hit.start and hit.end <= p.end) or
                      (p.start >= hit.end and word_count(view.between(hit.end, p.start)) <= 2))), None)
        return [(parent, head)] if head else []

    def target_pairs(self, view: SentenceView, hit: CueHit) -> list[tuple[Party, Party]]:
        """"X declared Y legitimate targets", "Y ... as legitimate targets for X"."""
        clause_start = self.clause_start(view, hit.start, hard_only=True)  # "described Y as targets"
        targets = [p for p in view.parties if clause_start <= p.start and p.end <= hit.start and not p.modifier]
        after = view.text[view.local(hit.end):]
        m = AFTER_OF.match(after)
        if m is not None:
            enemy = next((p for p in view.parties if p.start >= hit.end and not p.modifier
                          and word_count(view.between(hit.end + m.end(), p.start)) <= 1), None)
            if enemy is not None:
                return [(enemy, t) for t in targets]
        if len(targets) < 2:
            return []
        speaker, rest = targets[0], targets[1:]
        said = self.declared_between(view, speaker.end, rest[0].start)
        return [(speaker, t) for t in rest] if said else []

    def declared_between(self, view: SentenceView, start: int, end: int) -> bool:
        return any(w.lower() in self.lexicon.declare_verbs for w in WORD.findall(view.between(start, end)))

    # ---- control

    def sentence_control(self, view: SentenceView, hits: list[CueHit], doc: Any) -> list[ControlStatement]:
        out: list[ControlStatement] = []
        for hit in hits:
            if self.negated(view, hit):
                continue
            past = self.is_past(view, hit, relation=False)
            for holder, place in self.control_pairs(view, hit, doc):
                if (holder.kind or "") not in self.lexicon.holder_kinds:
                    continue
                statement = self.control(view, holder.actor, place, hit, past)
                if not any((o.actor, o.location, o.status) == (statement.actor, statement.location, statement.status)
                           for o in out):
                    out.append(statement)
        return out

    def control_pairs(self, view: SentenceView, hit: CueHit, doc: Any) -> list[tuple[Party, PlaceMention]]:
        frame = hit.cue.frame
        if frame == "holder_object":
            holder = self.subject(view, hit.start)
            place = self.place_after(view, hit.end, doc, far=True)
            return [(holder, place)] if holder and place else []
        if frame == "place_appositive":
            return self.stronghold_pairs(view, hit)
        if frame == "compound_place":
            holder = next((p for p in view.parties if p.end == hit.start - 1
                           and view.between(p.end, hit.start) == "-"), None)
            place = self.place_after(view, hit.end, doc, far=False)
            return [(holder, place)] if holder and place else []
        if frame == "place_by_actor":
            holder = self.party_after(view, hit.end, 2)
            place = self.place_before(view, hit.start, 6)
            return [(holder, place)] if holder and place else []
        if frame == "place_possessed":
            holder = next((p for p in view.parties if word_count(view.between(p.end, hit.start)) == 0
                           and p.end <= hit.start and UNDER_BEFORE.search(view.text[:view.local(p.start)])), None)
            place = self.place_before(view, holder.start, 8) if holder else None
            place = place or (self.place_after(view, hit.end, doc, far=False) if holder else None)
            return [(holder, place)] if holder and place else []
        if frame == "contested":
            place = self.place_after(view, hit.end, doc, far=False) or self.place_before(view, hit.start, 6)
            sides = self.coordinated_subject(view, hit.start) or self.objects(view, hit.end)
            return [(p, place) for p in sides] if place else []
        return []

    def stronghold_pairs(self, view: SentenceView, hit: CueHit) -> list[tuple[Party, PlaceMention]]:
        """"Al-Dana, an ISIS stronghold", "the ISIS stronghold of Raqqa", "a stronghold of ISIS"."""
        holder = next((p for p in reversed(view.parties) if p.end <= hit.start
                       and word_count(re.sub(r"^[’']s\b", "", view.between(p.end, hit.start))) <= 1), None)
        after = view.text[view.local(hit.end):]
        m = AFTER_OF.match(after)
        if holder is None and m is not None:
            holder = self.party_after(view, hit.end + m.end(), 1)
        if holder is None:
            return []
        following = [p for p in view.info.places if p.start >= hit.end and not is_country(p)
                     and is_place_lead(view.between(hit.end, p.start))]
        place = following[0] if following else self.place_before(view, holder.start, 3)
        return [(holder, place)] if place else []

    # ---- finding the parts

    def subject(self, view: SentenceView, cue_start: int) -> Party | None:
        """The party a cue's subject names: the nearest one before it, past a bracket
        ("ISIS (the Islamic State)"), one appositive (", also a branch of Al-Qaeda,") or a
        relative pronoun ("Boko Haram, which pledged allegiance to")."""
        for p in reversed(view.parties):
            if p.end > cue_start or p.modifier:
                continue
            gap = RELATIVE.sub(" ", LEADING_CLOSERS.sub("", OPEN_BRACKETS.sub(" ", view.between(p.end, cue_start))))
            gap = APPOSITIVE.sub(" ", gap, count=1)
            if self.subject_gap_ok(gap):
                # "The YPG militia, the main component of the SDF, controls": the comma after
                # the SDF closes an appositive, whose head is the subject
                return (self.appositive_head(view, p) or p) if gap.lstrip().startswith(",") else p
        return None

    def appositive_head(self, view: SentenceView, p: Party) -> Party | None:
        head = next((q for q in reversed(view.parties) if q.end <= p.start and not q.modifier), None)
        if head is None:
            return None
        gap = view.between(head.end, p.start)
        before, comma, after = gap.partition(",")
        if comma and "," not in after and word_count(before) <= 2 and word_count(after) <= 8 \
                and not HARD_BREAK.search(gap):
            return head
        return None

    def subject_gap_ok(self, gap: str) -> bool:
        if HARD_BREAK.search(gap) or self._break.search(" " + gap):
            return False
        if "," in gap:
            # "X, backed by Y" / "X, the Somali affiliate of Y": the comma opens the cue's
            # appositive; "Al-Qaeda, has fought" closes one, so its subject stands before it
            head, _, rest = gap.strip().partition(",")
            words = [w.lower() for w in WORD.findall(rest)]
            if head.strip() or "," in rest or len(words) > 3 or (words and words[0] not in APPOSITIVE_OPENERS):
                return False
        return word_count(gap) <= self.lexicon.max_subject_gap

    def coordinated_subject(self, view: SentenceView, cue_start: int) -> list[Party]:
        """"X and Y fought side by side": the parties joined by "and" / commas before the cue."""
        last = self.subject(view, cue_start)
        if last is None:
            return []
        out = [last]
        for p in reversed([p for p in view.parties if p.end <= last.start and not p.modifier]):
            if not is_connective(view.between(p.end, out[0].start)):
                break
            out.insert(0, p)
        return unique_actors(out) if len(unique_actors(out)) > 1 else []

    def objects(self, view: SentenceView, cue_end: int) -> list[Party]:
        """The party after a cue (within `max_object_gap` words) and those coordinated with it."""
        end = self.clause_end(view, cue_end)
        following = [p for p in view.parties if cue_end <= p.start < end and not p.modifier]
        if not following or word_count(view.between(cue_end, following[0].start)) > self.lexicon.max_object_gap:
            return []
        out = [following[0]]
        for p in following[1:]:
            if not is_connective(view.between(out[-1].end, p.start)):
                break
            out.append(p)
        return unique_actors(out)

    def possessor(self, view: SentenceView, cue_start: int) -> Party | None:
        return next((p for p in reversed(view.parties) if p.end <= cue_start
                     and POSSESSIVE.match(view.between(p.end, cue_start))), None)

    def party_after(self, view: SentenceView, start: int, max_words: int) -> Party | None:
        return next((p for p in view.parties if p.start >= start and not p.modifier
                     and word_count(view.between(start, p.start)) <= max_words), None)

    def place_before(self, view: SentenceView, end: int, max_words: int) -> PlaceMention | None:
        before = [p for p in view.info.places if p.end <= end and not is_country(p)
                  and word_count(view.between(p.end, end)) <= max_words and not HARD_BREAK.search(view.between(p.end, end))]
        return before[-1] if before else None

    def place_after(self, view: SentenceView, start: int, doc: Any, far: bool) -> PlaceMention | None:
        """The first sub-national place after `start`: within the clause up to its next comma
        (`far`: "continues to hold territory it has secured in Anbar province"), else within
        `max_object_gap` words. Countries are not places held."""
        end = self.clause_end(view, start)
        comma = view.text.find(",", view.local(start))
        if comma >= 0:
            end = min(end, view.info.start + comma)
        limit = self.lexicon.max_object_gap + (100 if far else 0)
        for p in view.info.places:
            if start <= p.start < end and not is_country(p) and word_count(view.between(start, p.start)) <= limit:
                return p
        return self.unlisted_place(view, start, end, doc) if far else None

    def unlisted_place(self, view: SentenceView, start: int, end: int, doc: Any) -> PlaceMention | None:
        """A named place the places stage did not keep, when the clause names its country
        ("in Iraq's western Anbar province" in a text about Syria)."""
        if self.gazetteer is None or doc is None:
            return None
        countries = {p.place.country for p in view.info.places if start <= p.start < end and is_country(p)}
        if not countries:
            return None
        taken = [(p.start, p.end) for p in view.info.places]
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC") or not (start <= ent.start_char < end):
                continue
            if any(s < ent.end_char and ent.start_char < e for s, e in taken):
                continue
            for country in sorted(c for c in countries if c):
                place = self.gazetteer.resolve(ent.text, country=country)
                if place is not None and place.country == country:
                    return PlaceMention(ent.start_char, ent.end_char, ent.text, place)
        return None

    def clause_start(self, view: SentenceView, pos: int, hard_only: bool = False) -> int:
        text = view.text[: view.local(pos)]
        cut = max([m.end() for m in HARD_BREAK.finditer(text)] + [text.rfind(", and ") + 1, 0])
        if not hard_only:
            cut = max([cut] + [m.end() for m in self._break.finditer(text)])
        return view.info.start + cut

    def clause_end(self, view: SentenceView, pos: int) -> int:
        text = view.text[view.local(pos):]
        ends = [m.start() for m in (HARD_BREAK.search(text), self._break.search(text)) if m is not None]
        return pos + min(ends, default=len(text))

    # ---- qualifiers

    def window(self, view: SentenceView, pos: int, words: int = 3) -> str:
        before = WORD.findall(view.text[: view.local(pos)])[-words:]
        return " " + " ".join(w.lower() for w in before) + " "

    def negated(self, view: SentenceView, hit: CueHit) -> bool:
        window = self.window(view, hit.start) + view.text[view.local(hit.start):view.local(hit.end)].lower() + " "
        return any(f" {n} " in window or (n.startswith("n'") and n in window) for n in self.lexicon.negations)

    def is_past(self, view: SentenceView, hit: CueHit, relation: bool) -> bool:
        window = self.window(view, hit.start) + view.text[view.local(hit.start):view.local(hit.end)].lower() + " "
        if any(f" {m} " in window for m in self.lexicon.past_markers):
            return True
        return relation and any(f" {a} " in self.window(view, hit.start, 2) for a in self.lexicon.past_auxiliaries)

    # ---- records

    def evidence(self, view: SentenceView) -> Evidence:
        s = view.info
        return Evidence(s.start, s.end, s.text, s.section, s.index)

    def relation(self, view: SentenceView, a: str, b: str, hit: CueHit, past: bool) -> RelationStatement:
        return RelationStatement(actor_a=a, actor_b=b, relation=hit.cue.kind, date=view.date,  # type: ignore[arg-type]
                                 evidence=self.evidence(view), past=past, cue=hit.cue.id)

    def control(self, view: SentenceView, actor: str, place: PlaceMention, hit: CueHit, past: bool) -> ControlStatement:
        p = place.place
        return ControlStatement(actor=actor, status=hit.cue.status, location=p.name,  # type: ignore[arg-type]
                                latitude=p.latitude, longitude=p.longitude, date=view.date,
                                evidence=self.evidence(view), country=p.country, admin1=p.admin1,
                                geo_precision=p.geo_precision, past=past, cue=hit.cue.id)


# ---------------------------------------------------------------- self-claimed territory


def mark_self_claimed(events: Iterable[Event], sentences: list[SentenceInfo], lexicon: StatementLexicon,
                      reader: StatementReader | None = None) -> None:
    """Set `Event.self_claimed` on territory events whose every evidence sentence is actor1's
    own claim ("ISIS said it had seized the town", "according to a statement by ISIS")."""
    reader = reader or StatementReader(lexicon)
    by_index = {s.index: s for s in sentences}
    views: dict[int, SentenceView] = {}
    for e in events:
        if e.sub_event_type not in lexicon.territory_sub_events or not e.actor1 or not e.evidence:
            continue
        indices = [ev.sentence_index for ev in e.evidence]
        if any(i not in by_index for i in indices):
            continue
        speakers = [claim_speakers(view_of(views, reader, by_index, i), lexicon) for i in indices]
        e.self_claimed = all(found and set(found) == {e.actor1} for found in speakers)


def view_of(cache: dict[int, SentenceView], reader: StatementReader, by_index: dict[int, SentenceInfo],
            i: int) -> SentenceView:
    if i not in cache:
        cache[i] = reader.view(by_index[i], by_index.get(i - 1), None)
    return cache[i]


def claim_speakers(view: SentenceView, lexicon: StatementLexicon) -> list[str | None]:
    """Who claims what the sentence tells: one entry per claim verb or opener, None where the
    speaker is no party (an observatory, activists, "officials")."""
    out: list[str | None] = []
    text = view.text
    for m in WORD.finditer(text):
        if m.group().lower() in lexicon.claim_verbs:
            inverted = re.search(r"[,\"”’]\s*$", text[:m.start()])  # "..., said the group"
            out.append(speaker_before(view, view.info.start + m.start(), lexicon)
                       or (speaker_after(view, view.info.start + m.end()) if inverted else None))
    lowered = text.lower()
    for opener in sorted(lexicon.claim_openers, key=len, reverse=True):
        k = lowered.find(opener)
        if k >= 0 and not any(o.startswith(opener) and o != opener and lowered.find(o) == k
                              for o in lexicon.claim_openers):
            out.append(speaker_after(view, view.info.start + k + len(opener)))
    return out


def speaker_before(view: SentenceView, verb_start: int, lexicon: StatementLexicon) -> str | None:
    """"ISIS said", "ISIS spokesman Abu Mohammed al-Adnani said", "the group said"."""
    for p in reversed(view.parties):
        if p.end > verb_start or p.modifier:
            continue
        gap = view.between(p.end, verb_start)
        for phrase in lexicon.speaker_words:
            gap = re.sub(rf"(?i)\b{re.escape(phrase)}\b", " ", gap)
        gap = re.sub(r"[’']s\b|[\"“”,]", " ", gap)
        words = WORD.findall(gap)
        if all(any(c.isupper() for c in w) for w in words) and len(words) <= 5:  # a name: "Abu Mohammed al-Adnani"
            return p.actor
        return None
    return None


def speaker_after(view: SentenceView, start: int) -> str | None:
    """"said the group", "according to a statement by ISIS" (not "said it had ...": there "it"
    is the subject of what was said)."""
    p = next((p for p in view.parties if p.start >= start and not p.modifier), None)
    if p is not None and not p.pronoun and word_count(view.between(start, p.start)) <= 1:
        return p.actor
    return None


# ---------------------------------------------------------------- helpers


def anaphor_regex(lexicon: StatementLexicon) -> str:
    words = sorted(lexicon.anaphors, key=len, reverse=True)
    plain = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    nouns = "|".join(sorted(lexicon.group_nouns, key=len, reverse=True))
    # "the Al-Qaeda-backed group": a hyphenated modifier before the noun
    return rf"(?<![\w-])(?:the\s+(?:[\w’'-]+\s+)?[\w’']+-[\w-]+\s+(?:{nouns})|{plain})(?![\w-])"


def is_place_lead(gap: str) -> bool:
    """What may stand between "stronghold" and its place: "the ISIS stronghold (city) of Raqqa"."""
    words = [w.lower() for w in WORD.findall(gap)]
    return len(words) <= 3 and all(w in PLACE_LEAD for w in words) and not HARD_BREAK.search(gap)


def mask_brackets(text: str) -> str:
    """The text with bracketed parts blanked out (same length, so offsets hold)."""
    return OPEN_BRACKETS.sub(lambda m: " " * len(m.group()), text)


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def is_connective(gap: str) -> bool:
    """Only coordination between two parties: ", ", " and ", ", including the ", "(FSA)"."""
    gap = OPEN_BRACKETS.sub(" ", gap)
    if HARD_BREAK.search(gap):
        return False
    words = [w.lower() for w in WORD.findall(gap)]
    return len(words) <= 4 and all(w in CONNECTORS for w in words)


def unique_actors(parties: list[Party]) -> list[Party]:
    seen: set[str] = set()
    out = []
    for p in parties:
        if p.actor not in seen:
            seen.add(p.actor)
            out.append(p)
    return out


def same_relation(a: RelationStatement, b: RelationStatement) -> bool:
    if (a.relation, a.past) != (b.relation, b.past):
        return False
    if a.relation in SYMMETRIC:
        return {a.actor_a, a.actor_b} == {b.actor_a, b.actor_b}
    return (a.actor_a, a.actor_b) == (b.actor_a, b.actor_b)


__all__ = ["Party", "StatementReader", "claim_speakers", "mark_self_claimed"]
