"""EVENTS stage: from trigger words in parsed sentences to ACLED-style events.

For each sentence with a trigger (``knowledge/data/event_lexicon.yaml``):

1. factuality: negated, modal/future, conditional, hypothetical ("anyone who beheads"),
   embedded under a threat/plan/call ("threatened to attack") or undated background
   ("previously clashed") triggers are not events;
2. incidents: triggers in one clause describe one incident; a clause with its own subject
   (and its own actors or places) is another incident;
3. the sub-event type: each trigger's lexicon rules (perpetrator kind, victims, object,
   co-occurring words), then ACLED precedence (``taxonomy.yaml``) over the incident's
   triggers; generic words ("attack", "killed") give way to a specific tactic;
4. roles: actor1 = subject / "by X" agent / owner of the captured site's rival; actor2 =
   object / "against X" / "with X" / "between X and Y" / owner of the captured site;
   associated actors from conjuncts and "alongside"/"backed by";
5. where/when: the most specific place in the clause, else the sentence, else the nearest
   earlier sentence of the paragraph, else the article's dominant place (coarser precision);
   the clause's date, else the dates stage's rule for the sentence.

Adjacent mentions of one incident (a specific tactic, then "the bombings ... killed") and
repeated captions are merged into one event with several evidence spans.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Callable, Iterable, Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from frontlines.knowledge.lexicon import CompiledLexicon, EventLexicon, LexiconHits, TriggerHit
from frontlines.knowledge.taxonomy import Taxonomy
from frontlines.nlp.actors import complete_by_convention, names_own_country
from frontlines.records import (
    Actor, ActorMention, Article, DateMention, Event, Evidence, Place, PlaceMention, ReferenceDate, SentenceInfo,
)

CLAUSE_HEAD_DEPS = {"ROOT", "conj", "advcl", "ccomp", "parataxis"}
NOUN_MODIFIER_DEPS = {"det", "amod", "poss", "nummod", "compound"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "expl", "csubj"}
AGENT_PREPS = {"by"}
PATIENT_PREPS = {"against", "on", "with", "at", "targeting", "upon", "from", "towards", "toward"}
ASSOC_PREPS = {"alongside", "with"}
ASSOC_VERBS = {"back", "support", "assist", "aid", "join", "accompany"}
ARMED_KINDS = {"state", "rebel", "political_militia", "identity_militia", "external", "unidentified"}
# a specific trigger of these types outranks the generic words of the same incident ("a car bomb
# killed 12 soldiers" is a bombing); against abductions/arrests the generic killing still counts
DOMINANT_TYPES = {"Battles", "Explosions/Remote violence", "Protests", "Riots"}
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
# a nominal trigger that is the object of one of these verbs takes the verb's subject as perpetrator
PERFORM_VERBS = {"carry", "launch", "conduct", "stage", "mount", "perform", "execute", "commit", "resort", "use",
                 "fire", "throw", "plant", "detonate", "drop", "hurl", "lob", "deploy", "employ",
                 "claim", "lead", "wage", "unleash", "step", "intensify", "begin", "start", "continue"}
PLACE_FEATURE_RANK = {"PCLI": 9, "PCL": 9, "ADM1": 7, "ADM2": 6, "ADM3": 5, "PPLC": 3, "PPLA": 3, "PPLA2": 2}
CONTAINER_CODES = {"PCLI", "PCL", "PCLD", "PCLS", "ADM1", "ADM2", "RGN"}


# ---------------------------------------------------------------- records of the stage


@dataclass
class DocContext:
    """Everything the event stage reads about one document (built by the pipeline)."""

    doc: Doc
    article: Article
    doc_id: str
    sentences: list[SentenceInfo]
    spans: list[Span]
    paragraphs: list[int]
    reference: ReferenceDate
    country: str | None = None  # the article's dominant country
    dominant_place: PlaceMention | None = None
    hits: LexiconHits | None = None
    # spans that are records of their own (incident-log lines): their places are not named in
    # another event's clause, sentence or paragraph (the article's main place may still be one)
    set_aside: list[tuple[int, int]] = field(default_factory=list)

    def is_set_aside(self, char: int) -> bool:
        return any(a <= char < b for a, b in self.set_aside)

    def own_places(self, places: list[PlaceMention]) -> list[PlaceMention]:
        return [p for p in places if not self.is_set_aside(p.start)]

    @property
    def doc_dates(self) -> list[DateMention]:
        return [d for s in self.sentences for d in s.dates]


@dataclass
class Reading:
    """One trigger as read in its sentence."""

    hit: TriggerHit
    sub_event_type: str
    clause_head: int
    factual: bool
    why: str = ""


@dataclass
class Draft:
    """An event before the numbers stage fills fatalities and the notes are written."""

    event: Event
    sentence_index: int
    paragraph: int
    readings: list[Reading]
    fatality_text: str
    place_level: int  # 3 named in the clause, 2 in the sentence, 1 earlier, 0 the article's
    own_actors: bool
    trigger_start: int
    generic_only: bool = False
    roles: "Roles | None" = None
    extra_fatality_texts: list[str] = field(default_factory=list)
    last_sentence: int = -1  # the latest sentence merged into this event
    last_paragraph: int = -1

    def __post_init__(self) -> None:
        self.last_sentence = max(self.last_sentence, self.sentence_index)
        self.last_paragraph = max(self.last_paragraph, self.paragraph)


# ---------------------------------------------------------------- the coder


class EventCoder:
    """Codes events from tagged sentences. Build once (the matcher is compiled once), reuse."""

    def __init__(self, taxonomy: Taxonomy, lexicon: EventLexicon | CompiledLexicon, actors: Any = None,
                 nlp: Any = None, settled: Callable[[Place], tuple[float, float] | None] | None = None):
        """`settled`: where an admin1's settlements are (Gazetteer.settled_point), for events
        known only to be somewhere in a province; without it the province's centre is used."""
        self.taxonomy = taxonomy
        self.settled = settled
        if isinstance(lexicon, CompiledLexicon):
            self.compiled = lexicon
        else:
            if nlp is None:
                raise ValueError("EventCoder needs `nlp` to compile an EventLexicon (or pass a CompiledLexicon)")
            self.compiled = lexicon.compile(nlp)
        self.lexicon = self.compiled.lexicon
        self.actors = actors  # ActorDictionary (generic actors: civilians, protesters, state forces)

    # ---- entry point

    def code(self, ctx: DocContext) -> list[Draft]:
        if ctx.hits is None:
            ctx.hits = self.compiled.find(ctx.doc)
        drafts: list[Draft] = []
        for s_idx, hits in self.triggers_by_sentence(ctx).items():
            readings = [self.read(h, ctx) for h in hits]
            readings = [r for r in readings if r.factual]
            readings = drop_reporting_frames(readings, ctx.doc)
            for group in self.incidents(readings, ctx, s_idx):
                draft = self.build(group, ctx, s_idx, drafts)
                if draft is not None:
                    drafts.append(draft)
        drafts = weigh_lede(merge_drafts(drafts, self.taxonomy))
        return weigh_follow_up_arrests(drafts, ctx.doc, ctx.hits)

    def triggers_by_sentence(self, ctx: DocContext) -> dict[int, list[TriggerHit]]:
        out: dict[int, list[TriggerHit]] = {}
        for h in ctx.hits.triggers if ctx.hits else ():
            i = sentence_of(ctx, ctx.doc[h.head].idx)
            if i is not None:
                out.setdefault(i, []).append(h)
        return dict(sorted(out.items()))

    # ---- 1. factuality and the candidate type of one trigger

    def read(self, hit: TriggerHit, ctx: DocContext) -> Reading:
        tok = ctx.doc[hit.head]
        why = self.nonfactual_reason(tok, hit) or not_an_occurrence(tok, hit) \
            or told_as_no_occurrence(tok, hit, ctx, self.lexicon.factuality)
        if not why and hit.entry.headline_only and not headline_present(tok, len(ctx.doc)):
            # "areas controlled by the SDF": a word that is news only in a headline's present tense
            # must not lend its "by X" to the roles of the sentence's events
            why = "a state, not news"
        return Reading(hit, hit.entry.type, clause_head(tok).i, factual=not why, why=why)

    def nonfactual_reason(self, tok: Token, hit: TriggerHit) -> str:
        f = self.lexicon.factuality
        verb = governing_verb(tok)
        for t in {tok, verb}:
            for c in t.children:
                if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
                    return "negated"
                if c.dep_ == "aux" and c.lower_ in f.modals:
                    return "modal or future"
                if c.dep_ in ("advmod", "amod", "npadvmod") and c.lower_ in f.background:
                    return "undated background"
        if tok.head.lower_ in ("without", "no") or verb.head.lower_ == "without":
            return "negated"
        if going_to(verb):
            return "future"
        below: Token | None = None
        for anc in clause_chain(verb):
            if anc is verb and tok.dep_ in SUBJECT_DEPS:
                continue  # "protesters demanded ...": the trigger does the demanding, it is not demanded
            # a noun that the clause below merely describes frames nothing: "at the call of the
            # unions, workers demonstrated" parsed with "demonstrated" as a relative clause of "call"
            described = below is not None and below.head.i == anc.i and describes_noun(below)
            # "forces investigated a house and arrested a miner": a verb coordinated with the
            # trigger's is a second action of the same subject, not a frame around it (only its
            # auxiliaries are shared: "will investigate and arrest")
            coordinated = below is not None and below.dep_ == "conj" and below.head.i == anc.i \
                and anc.lemma_.lower() in f.coordinated_actions
            if coordinated and any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in f.modals) for c in anc.children):
                return "modal or future"
            naming = anc.lemma_.lower() in f.passive_naming and any(c.dep_ == "auxpass" for c in anc.children)
            if anc.lemma_.lower() in f.nonfactual_governors and anc.i != tok.i and not in_hit(anc, hit) \
                    and not inverted_purpose(anc) and not purpose_after(anc, tok) and not described \
                    and not coordinated and not naming:
                return f"under '{anc.lemma_}'"
            below = anc
            for c in anc.children:
                if c.dep_ == "mark" and c.lower_ in f.conditionals:
                    return "conditional"
                if c.dep_ == "aux" and c.lower_ in f.modals and anc is not verb and anc.dep_ in ("xcomp",):
                    return "modal or future"
        if topic_of_protest(tok, f):
            return "topic of a protest"
        if grievance_of_protesters(tok):
            return "grievance of a protest's crowd"
        if hypothetical(verb, f.hypothetical_heads):
            return "hypothetical"
        if verb.tag_ == "VB" and verb.dep_ == "ROOT" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            return "imperative"
        if tok is verb and tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN", "PRON") \
                and not any(c.dep_ in NOUN_MODIFIER_DEPS for c in tok.children):
            # (not "More targeting to Damascus leaves casualties", "the heavy shelling": a noun
            # the parser took for a verb, on a word that is no group or with a determiner of its own)
            return "description of a group (\"groups fighting in Syria\")"
        return ""

    @staticmethod
    def reported_act(tok: Token) -> bool:
        """A verb that tells an act of the clause, not a noun or a participle describing one."""
        return tok.pos_ == "VERB" and tok.dep_ not in ("amod", "acl", "relcl", "compound")

    EVENT_VERBS = frozenset({"arrest", "detain", "intervene", "disperse", "kill", "shoot", "beat", "injure", "wound"})

    def happened(self, tok: Token) -> bool:
        """A word that reports an action counts only as a factual verb: "police arrested
        protesters", not "the arrest of an activist", "detained in prison", "did not intervene"."""
        if tok.lemma_.lower() not in self.EVENT_VERBS:
            return True
        if tok.pos_ != "VERB" or tok.dep_ in ("amod", "acl", "relcl", "compound"):
            return False
        f = self.lexicon.factuality
        if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in f.modals) for c in tok.children):
            return False
        return not any(a.lemma_.lower() in f.nonfactual_governors for a in embedding_words(tok))

    # ---- 2. incidents

    def incidents(self, readings: list[Reading], ctx: DocContext, s_idx: int) -> list[list[Reading]]:
        """Triggers of one clause are one incident; a clause without actors or places of its own
        continues the previous incident ("clashes erupted, and shelling hit the town")."""
        by_clause: dict[int, list[Reading]] = {}
        for r in sorted(readings, key=lambda r: r.hit.start):
            by_clause.setdefault(r.clause_head, []).append(r)
        groups: list[list[Reading]] = []
        heads = list(by_clause)
        for head in heads:
            group = by_clause[head]
            span = ctx.spans[s_idx]
            region = clause_tokens(ctx.doc, head, [h for h in heads if h != head]) & set(range(span.start, span.end))
            sent = ctx.sentences[s_idx]
            own = (mentions_in(sent.actors, ctx.doc, region) or mentions_in(sent.places, ctx.doc, region))
            if groups and not own:
                groups[-1].extend(group)
            else:
                groups.append(group)
        return groups

    # ---- 3-5. build one event

    def build(self, group: list[Reading], ctx: DocContext, s_idx: int, earlier: list[Draft]) -> Draft | None:
        doc, sent = ctx.doc, ctx.sentences[s_idx]
        heads = sorted({r.clause_head for r in group})
        others = [h for h in self.all_clause_heads(ctx, s_idx) if h not in heads]
        inside = set(range(ctx.spans[s_idx].start, ctx.spans[s_idx].end))  # spaCy's parse may cross a paragraph
        region = set().union(*(clause_tokens(doc, h, others) for h in heads)) & inside
        actors = [m for m in sent.actors if not modifier_only(m, ctx.article.text)]
        # a monitor that "observed 19 explosions" is no party to them, but tells where they were
        watchers = [m for m in actors if observer(doc, m)]
        actors = [m for m in actors if m not in watchers]
        roles = self.roles(group, ctx, s_idx, region, actors)
        if roles.actor1 is None:
            roles.actor1 = self.state_subject(group, ctx, s_idx)
        chosen = self.choose_type(group, roles, ctx, s_idx, region, actors)
        if chosen is None:
            return None
        readings, (group, sub, specific) = group, chosen
        event_type = self.taxonomy.event_type_of(sub)
        # weapons are reported seized or defused without naming who did it ("arms were seized")
        needs_actor = sub != "Disrupted weapons use" and any(
            r.hit.entry.needs_actor for r in group if r.sub_event_type == sub)
        own_actors = bool(roles.actor1 or roles.actor2)
        if not own_actors:
            inherited = context_roles(earlier, ctx.paragraphs[s_idx])
            if inherited is not None and event_type == "Battles":
                roles = inherited
        actorless = needs_actor and not (roles.actor1 or roles.actor2) and not two_sides_named(group, doc)
        if actorless and not self.headline_event(group, sub, ctx, s_idx, region):
            # "after the xenophobic attacks ... shops were looted": the words that need no
            # perpetrator still report an event; an outcome verb the act outranked counts again
            # ("fascists attacked party members and beat them up": without the attackers named,
            # the beating that needs none is the event; not a noun or a participle on a noun,
            # "outrage at the killing of an officer", "those killed included ...")
            rest = [r for r in readings if not r.hit.entry.needs_actor
                    and (r in group or (r.hit.entry.outcome and self.reported_act(ctx.doc[r.hit.head])))]
            return self.build(rest, ctx, s_idx, earlier) if rest else None
        if sub == "Armed clash" and roles.alliance_only:
            return None  # "fought alongside X" states an alliance, not a battle
        countries = {c for c in (ctx.country, *(m.actor.country for m in (roles.actor1, roles.actor2) if m)) if c}
        place, place_level, precision_floor = self.choose_place(ctx, s_idx, region, group, countries)
        own_place = place_level >= 2
        # no place found: an actor the sentence names still tells the country ("members of the CGT
        # demonstrated in <a village the gazetteer lacks>", "the OSCE SMM observed ...")
        named = next((m.actor.country for m in (*watchers, *actors) if m.actor.country), None)
        roles = self.complete_roles(sub, event_type, roles, ctx, region, place.place.country if place else None, named)
        when, time_precision = self.choose_date(ctx, s_idx, region)
        found_names = roles.names  # conventions fill names; they add no confidence
        roles.names = complete_by_convention(roles.names, event_type, sub, ctx.article.text,
                                             (place.place.country if place else None) or roles.country() or ctx.country
                                             or named,
                                             self.actors, when)
        if displaced_civilians(group, roles.names):
            roles.names = (roles.names[1], None)  # "300 people were evacuated": those who flee act
        event = self.assemble(sub, event_type, roles, place, precision_floor, when, time_precision, ctx)
        event.country = event.country or named
        strength = max(r.hit.entry.strength for r in group)
        event.confidence = confidence(strength, replace(roles, names=found_names), own_place, bool(sent.dates))
        if actorless:  # a headline's unnamed fighters: any event with named actors goes first
            event.confidence = round(event.confidence * HEADLINE_FACTOR, 3)
        if backgrounded(group, doc):  # "... hours after it was seized by X": told as the setting
            event.confidence = round(event.confidence * BACKGROUND_FACTOR, 3)
        event.evidence = [Evidence(sent.start, sent.end, sent.text, sent.section, sent.index)]
        region_text = text_of(doc, region) or sent.text
        trigger_start = min(doc[r.hit.head].idx for r in group)
        return Draft(event, s_idx, ctx.paragraphs[s_idx], group, region_text, place_level, own_actors,
                     trigger_start, generic_only=not specific, roles=roles)

    def headline_event(self, group: list[Reading], sub: str, ctx: DocContext, s_idx: int, region: set[int]) -> bool:
        """A headline or one-line report names the fighting and where, not who: "Continued
        clashes in Daraa", "Raids on the Eastern Ghouta". The violent word with a place below
        the country in its own clause reports an event by unidentified actors (ACLED's
        convention); in longer texts an actorless "clashes" is more often background."""
        if len(ctx.doc) > HEADLINE_MAX_TOKENS:
            return False
        if self.taxonomy.event_type_of(sub) not in VIOLENT_TYPES or "territory" in sub:
            return False  # "the area captured in 2020": a change of hands needs its actor
        if backgrounded(group, ctx.doc):
            return False
        doc = ctx.doc
        return any(not is_country(p) and doc_token_at(doc, p.start) in region
                   for p in ctx.sentences[s_idx].places)

    def choose_type(self, group: list[Reading], roles: "Roles", ctx: DocContext, s_idx: int, region: set[int],
                    actors: list[ActorMention]) -> tuple[list[Reading], str, list[Reading]] | None:
        """(the readings kept, the sub-event type, the specific readings), or None: no event."""
        group = [r for r in group if all(self.holds(k, v, r, roles, ctx, region) for k, v in r.hit.entry.requires)]
        if any(r.hit.entry.generic for r in group) and self.accident(ctx, s_idx, actors):
            # "a bomb exploded at a gas station": a weapon named as what blew up is no accident
            weapons = ctx.hits.class_tokens("weapons") if ctx.hits else set()
            group = [r for r in group if not r.hit.entry.generic or r.hit.head in weapons]
        if not group:
            return None
        for r in group:
            r.sub_event_type = self.apply_rules(r, roles, ctx, region)
        group = drop_setting_clashes(group, ctx.doc, self.taxonomy)
        group = drop_background_readings(group, ctx.doc, self.taxonomy)
        acts = [r for r in group if not r.hit.entry.outcome and
                (r.hit.entry.generic or self.taxonomy.event_type_of(r.sub_event_type) in DOMINANT_TYPES)]
        if acts:  # "the bombings killed five": the act, not the killing, names the event
            # ... unless the killing is the demonstration's own violence ("demonstrators beat a
            # driver") or violence against it ("police shot protesters")
            group = [r for r in group if not r.hit.entry.outcome or self.demonstration_violence(r, ctx.doc)]
        specific = [r for r in group if not r.hit.entry.generic or self.demonstration_violence(r, ctx.doc)]
        dominant = [r for r in specific if self.taxonomy.event_type_of(r.sub_event_type) in DOMINANT_TYPES]
        generic = [r for r in group if r not in specific]
        if specific and not dominant:
            # "kidnapped dozens in raids": a raid/attack word names how, the abduction or arrest
            # names what; an outcome ("killed") or a battle still outranks it
            generic = [r for r in generic if r.hit.entry.outcome or self.taxonomy.event_type_of(r.sub_event_type) == "Battles"]
        pool = specific + generic if specific and not dominant else (specific or group)
        return group, self.taxonomy.strongest([r.sub_event_type for r in pool]), specific

    def demonstration_violence(self, r: Reading, doc: Doc) -> bool:
        """A generic verb ("beat", "attacked") that a rule read as violence by or against a
        demonstration's crowd names the demonstration's character, as a specific word does;
        nouns and relative clauses ("against the killing of ...", "a man who was assaulted")
        are what the protest is about."""
        tok = doc[r.hit.head]
        deps = {c.dep_ for c in tok.children}
        if deps & {"nsubjpass", "auxpass"} and "agent" not in deps:
            return False  # "a party member was assaulted": nobody at the scene is named as doing it
        return r.sub_event_type != r.hit.entry.type and tok.pos_ == "VERB" \
            and tok.dep_ not in ("acl", "relcl", "amod", "pcomp", "pobj") \
            and self.taxonomy.event_type_of(r.sub_event_type) in DEMONSTRATION_TYPES

    def accident(self, ctx: DocContext, s_idx: int, actors: list[ActorMention]) -> bool:
        """An explosion/fire/deaths sentence about an accident or disaster, with no armed actor.
        The accident may be named a sentence or two before ("a furnace exploded ... The
        explosion occurred at ..."); police or officials quoted as the source do not make it
        political violence."""
        words = ctx.hits.class_tokens("accident") if ctx.hits else set()
        first = s_idx
        while first > 0 and s_idx - first < 2 and ctx.paragraphs[first - 1] == ctx.paragraphs[s_idx]:
            first -= 1
        near = set(range(ctx.spans[first].start, ctx.spans[s_idx].end))
        armed = [m for m in actors if m.actor.kind in ARMED_KINDS and not reporting_source(ctx.doc, m)]
        return bool(words & near) and not armed

    def all_clause_heads(self, ctx: DocContext, s_idx: int) -> list[int]:
        span = ctx.spans[s_idx]
        return [t.i for t in span if t.dep_ in CLAUSE_HEAD_DEPS and t.pos_ in ("VERB", "AUX")
                and any(c.dep_ in SUBJECT_DEPS for c in t.children)]

    # ---- rules

    def apply_rules(self, r: Reading, roles: "Roles", ctx: DocContext, region: set[int]) -> str:
        for rule in r.hit.entry.rules:
            if all(self.holds(k, v, r, roles, ctx, region) for k, v in rule.when.items()):
                return rule.then
        return r.hit.entry.type

    def holds(self, key: str, value: Any, r: Reading, roles: "Roles", ctx: DocContext, region: set[int]) -> bool:
        hits = ctx.hits
        values = set(value) if isinstance(value, list) else {value}
        if key == "actor1":  # "none": no perpetrator named ("the militants were driven out of X")
            if roles.actor1 is None:
                return "none" in values and not other_nonstate(ctx.sentences[r_sentence(ctx, r)].actors, roles, ctx.doc)
            return roles.actor1.actor.kind in values
        if key == "target":
            return bool(roles.target_kinds & values)
        if key == "object":
            obj = object_tokens(ctx.doc[r.hit.head])
            return bool(obj & hits.class_tokens(value))
        if key == "object_not":  # "expelled three diplomats" is no territorial expulsion (one class or several)
            return not (object_heads(ctx.doc[r.hit.head]) & set().union(*(hits.class_tokens(v) for v in values)))
        if key == "object_all":  # "seized a car": every head taken is of the class (not "the town and a car")
            return all_heads_in(object_heads(ctx.doc[r.hit.head]), hits.class_tokens(value))
        if key == "victim_is":  # "The victim was a member of a gang.": whom the act was against
            return victim_described(ctx.doc, this_and_next(ctx, r_sentence(ctx, r)), hits.class_tokens(value))
        if key == "following":  # this sentence or the next of the paragraph says so ("No clashes were reported.")
            return bool(this_and_next(ctx, r_sentence(ctx, r)) & hits.class_tokens(value))
        if key in ("agent", "agent_not"):  # "a thief was beaten by residents": who did it, by its words
            doers = doer_tokens(ctx.doc[r.hit.head]) & set().union(*(hits.class_tokens(v) for v in values))
            return bool(doers) == (key == "agent")
        if key == "headline_present":  # "Rebels control new village": a headline's present tense tells news
            return headline_present(ctx.doc[r.hit.head], len(ctx.doc)) == bool(value)
        if key == "object_ground":  # "control the town of X", "control new village": what is held is ground
            places = {i for p in ctx.sentences[r_sentence(ctx, r)].places for i in mention_tokens(ctx.doc, p)}
            return bool(ground_heads(ctx.doc[r.hit.head]) & (places | hits.class_tokens("territory"))) == bool(value)
        sentence = set(range(ctx.spans[r_sentence(ctx, r)].start, ctx.spans[r_sentence(ctx, r)].end))
        if key == "sentence":
            return bool(sentence & hits.class_tokens(value))
        if key == "sentence_not":
            return not (sentence & hits.class_tokens(value))
        if key == "governor":  # "police found a grenade", "a bomb was defused", "seized rifles and two mines"
            return bool(governing_chain(ctx.doc[r.hit.head]) & hits.class_tokens(value))
        if key == "nearby":  # this sentence or the next one of the same paragraph
            i = r_sentence(ctx, r)
            near = set(sentence)
            if i + 1 < len(ctx.spans) and ctx.paragraphs[i + 1] == ctx.paragraphs[i]:
                near |= set(range(ctx.spans[i + 1].start, ctx.spans[i + 1].end))
            # violence words inside a shielded phrase ("set party flags on fire", as long as its
            # shield and so kept) burn a symbol, nothing at the scene
            shielded = hits.class_tokens("not_events") if value in VIOLENCE_CLASSES else set()
            return any(self.happened(ctx.doc[i]) and self.evidence(ctx.doc[i], hits)
                       and not (value in VIOLENCE_CLASSES and recalled_violence(ctx.doc[i]))
                       for i in (near & hits.class_tokens(value)) - shielded)
        return False

    def evidence(self, tok: Token, hits: LexiconHits) -> bool:
        """A class word that reports what happened at the scene, not a description or a topic:
        "crops damaged by the drought", "a protest against an earlier scuffle", "commemorating
        the riots of 2021", "demanding the release of those arrested" are no evidence; a word
        that is also a trigger counts only where the trigger reads as factual."""
        own = next((h for h in hits.triggers if h.head == tok.i), None)
        if own is not None and self.nonfactual_reason(tok, own):
            return False
        if tok.tag_ == "VBN" and (tok.dep_ in ("amod", "acl") or (tok.dep_ == "advcl" and not any(
                c.dep_ in SUBJECT_DEPS or c.dep_ in ("aux", "auxpass") for c in tok.children))):
            return False  # a participle describing a thing ("the school, damaged after the rains")
        f = self.lexicon.factuality
        if topic_of_protest(tok, f):
            return False
        return not any(c.dep_ in ("amod", "advmod") and c.lower_ in f.background for c in tok.children)  # "an earlier scuffle"

    # ---- roles

    def roles(self, group: list[Reading], ctx: DocContext, s_idx: int, region: set[int],
              actors: list[ActorMention]) -> "Roles":
        doc = ctx.doc
        spans = {id(m): mention_tokens(doc, m) for m in actors}
        roles = Roles()
        context_agent = any(r.hit.entry.agent == "context" for r in group)
        order = sorted(group, key=lambda r: (r.hit.entry.agent != "context", r.hit.entry.generic, r.hit.start))
        for r in order:
            tok = doc[r.hit.head]
            if roles.actor1 is None:
                if r.hit.entry.agent == "context":
                    roles.actor1 = self.site_owner(actors, spans, doc, region, ctx, s_idx)
                if roles.actor1 is None:
                    roles.actor1 = pick(actors, spans, agent_tokens(tok, allow_subject=not context_agent))
            if roles.actor2 is None:
                roles.actor2 = pick(actors, spans, patient_tokens(tok), exclude=[roles.actor1])
            if roles.actor1 is None and roles.actor2 is None:
                pair = between(tok, actors, spans)
                if pair:
                    roles.actor1, roles.actor2 = pair
        if roles.actor2 is None and any(r.hit.entry.id in ("territory", "territory_expel") for r in group):
            roles.actor2 = self.site_owner(actors, spans, doc, region, ctx, s_idx, exclude=[roles.actor1],
                                           whole_sentence=True)
        victims = {i for r in group for g in patient_tokens(doc[r.hit.head]) for i in g}
        armed = [m for m in actors if m.actor.kind in ARMED_KINDS and in_region(spans[id(m)], region)
                 and not spans[id(m)] & victims]
        if roles.actor1 is None and roles.actor2 is None and armed and not context_agent:
            roles.actor1 = armed[0]
            roles.actor2 = next((m for m in armed[1:] if m.actor.name != armed[0].actor.name), None)
        if roles.actor2 is None and roles.actor1 is not None and symmetric(group):
            roles.actor2 = conjoined(roles.actor1, actors, spans, doc)  # "X and Y clashed / signed"
        roles.assoc1 = [m for m in associates(roles.actor1, actors, spans, doc)
                        if not (roles.actor2 and m.actor.name == roles.actor2.actor.name)]
        roles.assoc2 = associates(roles.actor2, actors, spans, doc)
        roles.alliance_only = any(alongside(doc[r.hit.head]) for r in group)
        if roles.actor1 and not roles.assoc1:
            roles.assoc1 = same_side_leftovers(roles, actors, spans, doc)
        self.prefer_named_actor1(roles)
        roles.victim_class = victim_class(group, doc, ctx.hits)
        if self.off_duty_victim(roles, ctx, victims, spans):
            # "an off-duty police officer was shot": ACLED codes the victim as a civilian
            roles.actor2, roles.assoc2, roles.victim_class = None, [], "civilians"
        return roles

    def off_duty_victim(self, roles: "Roles", ctx: DocContext, victims: set[int],
                        spans: dict[int, set[int]]) -> bool:
        """The armed victim (named actor2, or an `armed` noun among the victims) is told as off
        duty, retired or former."""
        if ctx.hits is None:
            return False
        marks = ctx.hits.class_tokens("off_duty")
        if not marks:
            return False
        if roles.actor2 is not None:
            if roles.actor2.actor.kind not in ARMED_KINDS:
                return False
            return off_duty(ctx.doc, spans.get(id(roles.actor2)) or mention_tokens(ctx.doc, roles.actor2), marks)
        if roles.victim_class not in (None, "armed"):
            return False
        return any(off_duty(ctx.doc, {i}, marks) for i in victims & ctx.hits.class_tokens("armed"))

    def prefer_named_actor1(self, roles: "Roles") -> None:
        """ACLED names the group when the report does: "Free Syrian Army fighters … captured by
        rebel forces" is the Free Syrian Army's event, not generic rebels with an associate."""
        if self.actors is None or roles.actor1 is None or not self.actors.is_generic(roles.actor1.actor.name):
            return
        named = next((m for m in roles.assoc1 if m.actor.known and m.actor.kind == roles.actor1.actor.kind
                      and not self.actors.is_generic(m.actor.name)), None)
        if named is not None:
            roles.assoc1 = [m for m in roles.assoc1 if m is not named]
            roles.actor1 = named

    def site_owner(self, actors: list[ActorMention], spans: dict[int, set[int]], doc: Doc, region: set[int],
                   ctx: DocContext, s_idx: int, exclude: Sequence[ActorMention | None] = (),
                   whole_sentence: bool = False) -> ActorMention | None:
        """The actor that owns/holds a site named in the sentence ("ISIS's headquarters",
        "an ISIS stronghold", "a base used by fighters from ISIS"); for "the base" without an
        owner, the owner named earlier in the paragraph."""
        territory = ctx.hits.class_tokens("territory") if ctx.hits else set()
        names = {m.actor.name for m in exclude if m}
        for m in actors:
            if m.actor.name in names or m.actor.kind not in ARMED_KINDS:
                continue
            toks = spans[id(m)]
            if not whole_sentence and not in_region(toks, region):
                continue
            if attached_to(doc, toks, territory):
                return m
        # definite "the base" / "the headquarters": the owner named in earlier sentences of the paragraph
        sent_span = ctx.spans[s_idx]
        if any(t.i in territory and any(c.lower_ == "the" for c in t.children) for t in sent_span):
            for j in range(s_idx - 1, -1, -1):
                if ctx.paragraphs[j] != ctx.paragraphs[s_idx]:
                    break
                prev = ctx.sentences[j]
                prev_spans = {id(m): mention_tokens(doc, m) for m in prev.actors}
                for m in prev.actors:
                    if m.actor.name not in names and m.actor.kind in ARMED_KINDS and attached_to(doc, prev_spans[id(m)], territory):
                        spans[id(m)] = prev_spans[id(m)]
                        return m
        return None

    def complete_roles(self, sub: str, event_type: str, roles: "Roles", ctx: DocContext, region: set[int],
                       place_country: str | None = None, named_country: str | None = None) -> "Roles":
        """ACLED's conventions for who is actor1/actor2 by event type, and generic actors
        (named after the country where the event happened; `named_country`, that of an actor
        the sentence names, when neither a place nor the roles tell it)."""
        country = place_country or roles.country() or ctx.country or named_country
        roles = self.localise(roles, country)
        if event_type == "Protests":
            protesters = next((m for m in (roles.actor1, roles.actor2) if m and m.actor.kind == "protesters"), None)
            state = next((m for m in (roles.actor1, roles.actor2) if m and m.actor.kind == "state"), None)
            p_actor = protesters.actor if protesters else self.generic("Protesters", country)
            if sub == "Excessive force against protesters":
                roles.names = (state.actor if state else self.police(country), p_actor)
            elif sub == "Protest with intervention":
                roles.names = (p_actor, state.actor if state else self.police(country))
            else:
                roles.names = (p_actor, None)
            return roles
        if event_type == "Riots":
            a1 = roles.actor1.actor if roles.actor1 and roles.actor1.actor.kind in ("rioters", "protesters", "civilians") else None
            a1 = replace(a1, name=a1.name.replace("Protesters", "Rioters"), inter=5, kind="rioters") if a1 and a1.kind == "protesters" else a1
            if a1 is not None and a1.kind == "civilians":
                a1 = self.generic("Rioters", country)
            rest = next((m.actor for m in (roles.actor2, roles.actor1) if m and (a1 is None or m.actor.name != a1.name)
                         and m.actor.kind not in ("rioters",)), None)
            if sub == "Mob violence" and rest is None and roles.victim_class == "civilians":
                rest = self.generic("Civilians", country)
            roles.names = (a1 or self.generic("Rioters", country), rest)
            return roles
        a1 = roles.actor1.actor if roles.actor1 else None
        a2 = roles.actor2.actor if roles.actor2 else None
        if sub == "Arrests" and a1 is None:
            a1 = self.police(country)
        if sub == "Government regains territory" and a1 is None and country:
            a1 = self.military(country)  # "the militants were driven out of X": the state's forces
        civilian_victims = event_type in ("Violence against civilians", "Explosions/Remote violence")
        if civilian_victims and a2 is None and roles.victim_class == "civilians":
            a2 = self.generic("Civilians", country)
        if event_type == "Violence against civilians" and a2 is None:
            a2 = self.generic("Civilians", country)
        if event_type == "Violence against civilians" and a1 is not None and a1.kind == "civilians" and a2 is None:
            a1, a2 = None, a1
        if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians") and a1 is not None \
                and a1.kind == "civilians" and a2 is not None:
            a1 = self.generic("Unidentified Armed Group", country)  # "two individuals shot a man"
        if event_type in VIOLENT_TYPES and a1 is None:
            a1 = self.generic("Unidentified Armed Group", country) if country else None
        roles.names = (a1, a2)
        return roles

    GENERIC_BY_KIND = {"protesters": "Protesters", "rioters": "Rioters", "civilians": "Civilians",
                       "unidentified": "Unidentified Armed Group"}

    def localise(self, roles: "Roles", country: str | None) -> "Roles":
        """"Protesters (Ukraine)" demonstrating in Vienna are "Protesters (Austria)": ACLED names
        generic actors by the country of the event."""
        if not country:
            return roles
        for attr in ("actor1", "actor2"):
            m = getattr(roles, attr)
            category = self.GENERIC_BY_KIND.get(m.actor.kind or "") if m else None
            if m and category and m.actor.name.startswith(category + " (") and m.actor.country != country \
                    and not names_own_country(m, self.actors):
                setattr(roles, attr, replace(m, actor=self.generic(category, country)))
        return roles

    def generic(self, category: str, country: str | None) -> Actor:
        if self.actors is not None:
            try:
                return self.actors.generic(category, country)
            except (KeyError, AttributeError):
                pass
        inter = {"Protesters": 6, "Rioters": 5, "Civilians": 7, "Unidentified Armed Group": 3}.get(category)
        kind = {"Protesters": "protesters", "Rioters": "rioters", "Civilians": "civilians"}.get(category, "unidentified")
        return Actor(f"{category} ({country or 'International'})", inter=inter, country=country, kind=kind)

    def police(self, country: str | None) -> Actor | None:
        if self.actors is not None and country:
            try:
                return self.actors.state_forces(country, "police")
            except (KeyError, AttributeError, ValueError):
                pass
        return Actor(f"Police Forces of {country}", inter=1, country=country, kind="state") if country else None

    def state_subject(self, group: list[Reading], ctx: DocContext, s_idx: int) -> ActorMention | None:
        """"Israel has deployed forces", "the army units took control": a country, or a bare
        army word, as the subject of the trigger is that state's forces."""
        doc = ctx.doc
        for r in group:
            if r.hit.entry.agent != "subject" or self.taxonomy.event_type_of(r.hit.entry.type) not in STATE_SUBJECT_TYPES:
                continue
            for toks in agent_tokens(doc[r.hit.head]):
                if not toks:
                    continue
                root = span_root(doc, set(toks))
                for p in ctx.sentences[s_idx].places:
                    if p.place.feature_code in COUNTRY_CODES and p.place.country and p.start <= root.idx < p.end:
                        return ActorMention(p.start, p.end, p.text, self.military(p.place.country))
                if ctx.country and state_force_word(root):
                    return ActorMention(root.idx, root.idx + len(root.text), root.text, self.military(ctx.country))
        return None

    def military(self, country: str) -> Actor:
        if self.actors is not None:
            try:
                return self.actors.state_forces(country, "military")
            except (KeyError, AttributeError, ValueError):
                pass
        return Actor(f"Military Forces of {country}", inter=1, country=country, kind="state")

    # ---- where

    def choose_place(self, ctx: DocContext, s_idx: int, region: set[int], group: list[Reading],
                     countries: set[str]) -> tuple[PlaceMention | None, int, int]:
        """(place, how close it was named: 3 clause, 2 sentence, 1 earlier sentence, 0 article;
        geo_precision floor). Country-wide mentions ("in Syria") do not locate an event when a
        finer place is known around it; places outside the countries of the document and the
        actors are misreadings unless nothing else is named."""
        place, level, floor = self.place_named(ctx, s_idx, region, group, countries)
        coded = coded_place(ctx, s_idx, countries)
        if coded is not None:  # "[coded to Rudkobing]": where the text itself places the event
            return coded, level, 1  # (how close a place was named still says how sure we are)
        return self.settle(place), level, floor

    def settle(self, place: PlaceMention | None) -> PlaceMention | None:
        """An event placed only in a province ("clashes in Oromia region") most likely happened
        where the province's people live: its settlements' median, not its area's centre."""
        if place is None or self.settled is None or place.place.feature_code not in ("ADM1", "RGN1"):
            return place
        point = self.settled(place.place)
        if point is None:
            return place
        return replace(place, place=replace(place.place, latitude=point[0], longitude=point[1]))

    def place_named(self, ctx: DocContext, s_idx: int, region: set[int], group: list[Reading],
                    countries: set[str]) -> tuple[PlaceMention | None, int, int]:
        """The place the event's clause, sentence, paragraph or article names (see choose_place)."""
        doc, sent = ctx.doc, ctx.sentences[s_idx]
        anchor = min(doc[r.hit.head].idx for r in group)
        usable = one_country(not_office_seats(self.plausible(ctx.own_places(sent.places), sent.actors, countries),
                                              doc), ctx.country, doc)
        in_clause = [p for p in usable if doc_token_at(doc, p.start) in region]
        for level, candidates in ((3, in_clause), (2, usable)):
            best = most_specific([p for p in candidates if not is_country(p)], anchor)
            if best is not None:
                return best, level, 1
        for j in range(s_idx - 1, -1, -1):
            if ctx.paragraphs[j] != ctx.paragraphs[s_idx]:
                break  # a new paragraph starts afresh: the article's main place is the better guess
            prev = [p for p in one_country(self.plausible(ctx.own_places(ctx.sentences[j].places),
                                                          ctx.sentences[j].actors, countries),
                                           ctx.country, doc) if not is_country(p)]
            best = most_specific(prev, ctx.sentences[j].end)
            if best is not None:
                return best, 1, 1
        # (the article's main place may be a log line's: one incident told by two sources)
        dominant = ctx.dominant_place
        if dominant is not None and not is_country(dominant) and (not countries or dominant.place.country in countries):
            return dominant, 0, 2
        # the article names only countries: the sentence's own (where people went, not whence)
        country_only = most_specific(self.plausible(destinations(sent.places, doc), sent.actors, countries), anchor)
        if country_only is not None:
            return country_only, 2, 3
        if dominant is not None and (not countries or dominant.place.country in countries):
            return dominant, 0, 2
        return None, 0, 3

    @staticmethod
    def plausible(places: list[PlaceMention], actors: list[ActorMention], countries: set[str]) -> list[PlaceMention]:
        usable = [p for p in places if not inside_actor(p, actors)]
        consistent = [p for p in usable if not countries or p.place.country in countries]
        return consistent or usable

    # ---- when

    def choose_date(self, ctx: DocContext, s_idx: int, region: set[int]) -> tuple[date, int]:
        sent = ctx.sentences[s_idx]
        in_clause = [d for d in sent.dates if doc_token_at(ctx.doc, d.start) in region and d.value <= ctx.reference.value]
        if in_clause:
            first = in_clause[0]
            return first.value, first.time_precision
        try:
            from frontlines.nlp.dates import event_date_for

            return event_date_for(sent, ctx.reference, ctx.doc_dates, ctx.article.text)
        except ImportError:  # the dates stage is optional for the coder
            own = sent.dates[0] if sent.dates else None
            return (own.value, own.time_precision) if own else (ctx.reference.value, 1)

    # ---- the record

    def assemble(self, sub: str, event_type: str, roles: "Roles", place: PlaceMention | None, precision_floor: int,
                 when: date, time_precision: int, ctx: DocContext) -> Event:
        a1, a2 = roles.names
        inter1 = inter_of(a1, self.taxonomy)
        inter2 = inter_of(a2, self.taxonomy)
        p = place.place if place else None
        country = (p.country if p else None) or (a1.country if a1 else None) or (a2.country if a2 else None) or ctx.country
        assoc1 = "; ".join(n for n in dict.fromkeys(m.actor.name for m in roles.assoc1) if a1 is None or n != a1.name) or None
        assoc2 = "; ".join(n for n in dict.fromkeys(m.actor.name for m in roles.assoc2) if a2 is None or n != a2.name) or None
        return Event(
            event_date=when.isoformat(), time_precision=time_precision, event_type=event_type,
            sub_event_type=sub, actor1=a1.name if a1 else None, assoc_actor_1=assoc1, inter1=inter1,
            actor2=a2.name if a2 else None, assoc_actor_2=assoc2, inter2=inter2,
            interaction=self.taxonomy.interaction(inter1, inter2),
            civilian_targeting=self.taxonomy.civilian_targeting(sub, inter2),
            country=country, admin1=p.admin1 if p else None, admin2=p.admin2 if p else None,
            location=p.name if p else None, latitude=p.latitude if p else None,
            longitude=p.longitude if p else None,
            geo_precision=max(p.geo_precision, precision_floor) if p else None,
        )


# ---------------------------------------------------------------- roles record


@dataclass
class Roles:
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc1: list[ActorMention] = field(default_factory=list)
    assoc2: list[ActorMention] = field(default_factory=list)
    victim_class: str | None = None  # civilians | protesters | armed, from the victims' nouns
    alliance_only: bool = False
    names: tuple[Actor | None, Actor | None] = (None, None)

    @property
    def target_kinds(self) -> set[str]:
        kinds: set[str] = set()
        if self.actor2 is not None:
            k = self.actor2.actor.kind or ""
            kinds.add(k)
            if k in ARMED_KINDS:
                kinds.add("armed")
        elif self.victim_class:
            kinds.add(self.victim_class)
        return kinds

    def country(self) -> str | None:
        for m in (self.actor1, self.actor2):
            if m is not None and m.actor.country:
                return m.actor.country
        return None



FIGHT_TYPES = {"Battles", "Explosions/Remote violence"}


def context_roles(earlier: list[Draft], paragraph: int) -> Roles | None:
    """The actors of the latest battle (or shelling, strike: "both sides then exchanged fire")
    in this or the previous paragraph, for a sentence that names none ("Confrontations are
    mainly taking place in ...")."""
    for d in reversed(earlier):
        if d.paragraph < paragraph - 1:
            break
        if d.event.event_type in FIGHT_TYPES and d.own_actors and d.roles is not None:
            r = d.roles
            return Roles(actor1=r.actor1, actor2=r.actor2, assoc1=list(r.assoc1), assoc2=list(r.assoc2))
    return None


# ---------------------------------------------------------------- syntax helpers


def r_sentence(ctx: DocContext, r: Reading) -> int:
    return sentence_of(ctx, ctx.doc[r.hit.head].idx) or 0


def sentence_of(ctx: DocContext, char: int) -> int | None:
    for s in ctx.sentences:
        if s.start <= char < s.end:
            return s.index
    return None


def governing_verb(tok: Token) -> Token:
    t = tok
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


def clause_head(tok: Token) -> Token:
    """The nearest head of a clause with its own subject (or the root)."""
    t = tok
    for _ in range(20):
        if t.dep_ == "ROOT":
            return t
        if t.dep_ in CLAUSE_HEAD_DEPS and t.pos_ in ("VERB", "AUX") and any(c.dep_ in SUBJECT_DEPS for c in t.children):
            return t
        t = t.head
    return t


DOER_DEPS = frozenset({"agent", "nsubj", "nsubjpass", "csubj", "csubjpass"})


def clause_chain(verb: Token) -> Iterable[Token]:
    """The verb and the verbs that embed it, up to the root."""
    t = verb
    for _ in range(12):
        yield t
        if t.dep_ == "conj" and any(c.dep_ in SUBJECT_DEPS for c in t.children):
            return  # "protesters rallied and police detained ten": a coordinated clause of its own
        if t.dep_ == "ROOT" or t.head is t or t.dep_ in DOER_DEPS:
            # "nurses called by the union protested": what sits in a verb's subject or "by"
            # agent does that verb's acting; it is not the content the verb calls for or threatens
            return
        if after_semicolon(t):
            return
        t = t.head


def after_semicolon(t: Token) -> bool:
    """A clause read as the complement of a verb that follows it beyond a semicolon ("parents
    blocked a school; teachers have been refusing ...") is a sentence of its own: a semicolon
    ends a clause, it never opens the content of the next one."""
    head = t.head
    return t.dep_ == "ccomp" and t.i < head.i and any(w.text == ";" for w in t.doc[t.i:head.i])


def displaced_civilians(group: list[Reading], names: tuple[Actor | None, Actor | None]) -> bool:
    """A displacement told in the passive ("120 people were evacuated from X", trigger
    `displacement` of the lexicon) with only the civilians named: ACLED makes them actor1."""
    a1, a2 = names
    return a1 is None and a2 is not None and a2.kind == "civilians" \
        and any(r.hit.entry.id == "displacement" for r in group)


def describes_noun(verb: Token) -> bool:
    """A relative clause or a past participle on a noun ("the call that workers heeded", "needs
    gathered ..." as the parser reads "families with needs gathered in X") tells something
    about the noun; an infinitive on it ("plans to attack") is what the noun intends."""
    if verb.dep_ == "relcl":
        return True
    return verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and not any(c.dep_ == "aux" for c in verb.children)


def inverted_purpose(verb: Token) -> bool:
    """A bare "call for"/"demand" at the root with no subject of its own is the purpose clause
    of the sentence's real verb that the parser put on top ("workers gathered at the square to
    call for higher wages" parsed with "call" as root): it frames nothing."""
    return verb.dep_ == "ROOT" and verb.tag_ == "VB" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def purpose_after(verb: Token, tok: Token) -> bool:
    """A "to"-infinitive at the root after the trigger is the purpose clause of the trigger's
    own verb that the parser put on top ("youth groups staged a protest in X, Istanbul to oppose
    the war", parsed with "Istanbul" as its subject): a finite report has no infinitive root.
    Before the trigger it stays a frame (a headline's "Union to protest attack on member")."""
    return verb.dep_ == "ROOT" and verb.tag_ == "VB" and verb.i > tok.i \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def embedding_words(tok: Token, steps: int = 4) -> list[Token]:
    """The nearest heads above a word, up to the head of its own clause when that clause is
    coordinated with a subject of its own ("protesters rallied, and police detained ten": the
    detaining is not embedded under the rallying)."""
    out: list[Token] = []
    t = tok
    for _ in range(steps):
        if t.head is t or (t.dep_ == "conj" and any(c.dep_ in SUBJECT_DEPS for c in t.children)):
            break
        t = t.head
        out.append(t)
    return out


def topic_of_protest(tok: Token, f: Any) -> bool:
    """"marched against child sexual abuse", "protest over the killing": the violence is what
    the protest is about."""
    for anc in list(tok.ancestors)[:6]:
        if anc.dep_ == "prep" and anc.lower_ in f.topic_preps and anc.head.lemma_.lower() in f.nonfactual_governors | PROTEST_WORDS | f.topic_heads:
            return True
        if anc.dep_ == "prep" and anc.lower_ == "of" and anc.head.lemma_.lower() in f.topic_of_heads:
            return True  # "in protest of an attack", "the anniversary of the massacre"
    return False


GRIEVANCE_VERBS = frozenset({"say", "claim", "allege", "accuse", "believe", "suspect"})


def grievance_of_protesters(tok: Token) -> bool:
    """"families who say their sons were kidnapped by the militia staged a protest", "relatives
    whose sons were killed marched": a relative clause on the protesting crowd tells what it
    suffered (passive) or claims, the grievance, not an event of the day. The crowd's own acts
    ("protesters who threw stones marched") stay events."""
    for anc in [tok, *list(tok.ancestors)[:5]]:
        if anc.dep_ != "relcl" or anc.head.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = anc.head.head
        protest = verb.lemma_.lower() in PROTEST_WORDS or any(
            c.dep_ == "dobj" and c.lemma_.lower() in PROTEST_WORDS | {"march", "sit-in"} for c in verb.children)
        suffered = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
        return protest and (suffered or anc.lemma_.lower() in GRIEVANCE_VERBS)
    return False


# word classes of violence at a demonstration; "following the withdrawal" is still a withdrawal
VIOLENCE_CLASSES = frozenset({"riot", "force"})
RECALL_PREPS = frozenset({"following", "after", "regarding", "concerning", "since", "before"})
TREND_NOUNS = frozenset({"increase", "rise", "surge", "spate", "wave", "escalation"})


def recalled_violence(tok: Token) -> bool:
    """A violent word that names another or a general matter, not the crowd's own conduct:
    "protested following a clash between two groups", "regarding the clashes", "against the
    increase in clashes", "verbal skirmishes", "the arrest of people who attacked police"."""
    if any(c.lower_ == "verbal" for c in tok.children):
        return True
    noun = tok
    while noun.dep_ == "conj" and noun.head is not noun:
        noun = noun.head
    if noun.dep_ == "pobj" and noun.head.lower_ in RECALL_PREPS:
        return True
    if noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.lemma_.lower() in TREND_NOUNS:
        return True
    # an object or subject of a relative clause: "four people who attacked police officers"
    return tok.dep_ in ("dobj", "nsubj", "nsubjpass") and tok.head.dep_ in ("relcl", "acl")


PROTEST_WORDS = frozenset({"protest", "demonstration", "rally", "march", "sit-in", "strike", "vigil", "gathering",
                           "campaign", "petition", "anger", "outrage", "demonstrate", "gather", "assemble",
                           "protester", "demonstrator"})


def going_to(verb: Token) -> bool:
    head = verb.head
    return verb.dep_ == "xcomp" and head.lower_ == "going" and any(c.lemma_ == "be" for c in head.children)


def hypothetical(verb: Token, heads: frozenset[str]) -> bool:
    for t in clause_chain(verb):
        subj = [c for c in t.children if c.dep_ in SUBJECT_DEPS]
        if any(s.lower_ in heads for s in subj):
            return True
        if t.dep_ == "relcl" and t.head.lower_ in heads:
            return True
    return False


def in_hit(tok: Token, hit: TriggerHit) -> bool:
    return hit.start <= tok.i < hit.end


def drop_reporting_frames(readings: list[Reading], doc: Doc) -> list[Reading]:
    """A statement/announcement trigger ("announced", "declared") that frames another event
    ("the army announced it had retaken the town") is the report, not an event of its own."""
    violent = [r for r in readings if r.sub_event_type != "Other"]
    out = []
    for r in readings:
        if r.sub_event_type == "Other":
            head = doc[r.hit.head]
            if any(head in doc[v.hit.head].ancestors for v in violent):
                continue
        out.append(r)
    return out


def clause_tokens(doc: Doc, head: int, other_heads: Sequence[int]) -> set[int]:
    """The tokens of the clause headed by `head`, without nested clauses of other incidents."""
    tokens = {t.i for t in doc[head].subtree}
    for o in other_heads:
        if o != head and o in tokens:
            tokens -= {t.i for t in doc[o].subtree}
    return tokens


def mention_tokens(doc: Doc, m: ActorMention | PlaceMention) -> set[int]:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return {t.i for t in span} if span is not None else set()


def mentions_in(mentions: Sequence[Any], doc: Doc, region: set[int]) -> list[Any]:
    return [m for m in mentions if mention_tokens(doc, m) & region]


def in_region(tokens: set[int], region: set[int]) -> bool:
    return bool(tokens & region)


def doc_token_at(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def text_of(doc: Doc, region: set[int]) -> str:
    if not region:
        return ""
    return doc[min(region): max(region) + 1].text


LINK_SUFFIXES = ("-backed", "-linked", "-affiliated", "-allied", "-aligned", "-inspired", "-led", "-supported",
                 "-controlled", "-held")


def modifier_only(m: ActorMention, text: str) -> bool:
    """"the Al-Qaeda-linked group" is not Al-Qaeda; "ISIS-held town" names ISIS only as owner
    (kept for site ownership: "-held"/"-controlled" are not dropped)."""
    after = text[m.end:m.end + 12].lower()
    return after.startswith(LINK_SUFFIXES[:8])


def subtree_ids(tok: Token) -> list[int]:
    return [t.i for t in tok.subtree]


def agent_tokens(tok: Token, allow_subject: bool = True) -> list[list[int]]:
    """Token groups (best first) where the perpetrator of a trigger is named."""
    out: list[list[int]] = []
    children = list(tok.children)
    for c in children:  # "by X" agent (passive or nominal)
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in AGENT_PREPS):
            out.extend(subtree_ids(p) for p in c.children if p.dep_ == "pobj")
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubjpass",):  # "a grenade was thrown by X"
        for a in tok.head.children:
            if a.dep_ == "agent":
                out.extend(subtree_ids(p) for p in a.children if p.dep_ == "pobj")
    for c in children:  # "carried out by X" attached to a nominal trigger
        if c.dep_ in ("acl", "relcl"):
            for a in c.children:
                if a.dep_ == "agent":
                    out.extend(subtree_ids(p) for p in a.children if p.dep_ == "pobj")
    if tok.pos_ in ("NOUN", "PROPN"):
        out.extend(subtree_ids(c) for c in children if c.dep_ in ("poss", "compound", "amod", "nmod"))
    if not allow_subject:
        return out
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
    if tok.pos_ in ("VERB", "AUX") and not passive:
        out.extend(subtree_ids(c) for c in children if c.dep_ == "nsubj")
        verb = tok
        for _ in range(4):  # "managed to retake", "continued fighting", "and then stormed"
            if any(c.dep_ == "nsubj" for c in verb.children) or verb.dep_ not in ("xcomp", "conj", "pcomp", "advcl", "ccomp"):
                break
            verb = verb.head
            out.extend(subtree_ids(c) for c in verb.children if c.dep_ == "nsubj")
    elif tok.dep_ in ("dobj", "pobj", "attr") and tok.pos_ in ("NOUN", "PROPN"):
        verb = tok.head if tok.dep_ == "dobj" else tok.head.head
        for _ in range(4):  # "militants resorted to carrying out attacks"
            if verb.lemma_.lower() in PERFORM_VERBS or verb.dep_ in ("pcomp", "xcomp"):
                subj = [c for c in verb.children if c.dep_ == "nsubj"]
                if subj:
                    out.extend(subtree_ids(s) for s in subj)
                    break
                verb = verb.head if verb.dep_ != "ROOT" else verb
                if verb.dep_ == "prep":
                    verb = verb.head
            else:
                break
    return out


def patient_tokens(tok: Token) -> list[list[int]]:
    out = own_patient_tokens(tok)
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.pos_ == "VERB":
        out.extend(own_patient_tokens(tok.head.head))  # "described X as legitimate targets"
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubjpass", "nsubj", "dobj"):
        # "a grenade was thrown at a police post", "used chlorine gas against civilians"
        own = set(subtree_ids(tok))
        out.extend([i for i in g if i not in own] for g in own_patient_tokens(tok.head) if not set(g) & own)
    if not out and tok.pos_ == "VERB":
        out.extend(shared_object_tokens(tok))
    return out


def shared_object_tokens(tok: Token) -> list[list[int]]:
    """"killed and wounded scores of fighters": the object parsed under the second verb of a
    coordination with one subject is the first verb's object too."""
    return [g for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"
            and not any(s.dep_ in SUBJECT_DEPS for s in c.children) for g in own_patient_tokens(c)]


def own_patient_tokens(tok: Token) -> list[list[int]]:
    out: list[list[int]] = []
    children = list(tok.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
    if passive:
        out.extend(subtree_ids(c) for c in children if c.dep_ == "nsubjpass")
    out.extend(subtree_ids(c) for c in children if c.dep_ in ("dobj", "attr", "dative"))
    for c in children:
        if c.dep_ == "prep" and c.lower_ in PATIENT_PREPS:
            out.extend(subtree_ids(p) for p in c.children if p.dep_ == "pobj")
        if c.dep_ == "prep" and c.lower_ == "of" and tok.pos_ == "NOUN":  # "the killing of 3 soldiers"
            out.extend(subtree_ids(p) for p in c.children if p.dep_ == "pobj")
        if c.dep_ == "prep" and c.lower_ == "in":  # "opened fire in the direction of X": towards X
            out.extend(subtree_ids(q) for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() == "direction"
                       for o in p.children if o.dep_ == "prep" and o.lower_ == "of"
                       for q in o.children if q.dep_ == "pobj")
    return out


def object_tokens(tok: Token) -> set[int]:
    return {i for group in patient_tokens(tok) for i in group}


def pick(actors: list[ActorMention], spans: dict[int, set[int]], groups: list[list[int]],
         exclude: Sequence[ActorMention | None] = ()) -> ActorMention | None:
    """The first actor mention inside the first token group that holds one."""
    names = {m.actor.name for m in exclude if m}
    for g in groups:
        gs = set(g)
        inside = [m for m in actors if spans[id(m)] & gs and m.actor.name not in names]
        if inside:
            return min(inside, key=lambda m: m.start)
    return None


def between(tok: Token, actors: list[ActorMention], spans: dict[int, set[int]]) -> tuple[ActorMention, ActorMention] | None:
    """"fighting between X and Y" (on the trigger or on its verb: "fighting continued between")."""
    for t in (tok, tok.head):
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ("between", "among"):
                inside = set(subtree_ids(c))
                found = sorted((m for m in actors if spans[id(m)] & inside), key=lambda m: m.start)
                distinct = list({m.actor.name: m for m in found}.values())
                if len(distinct) >= 2:
                    return distinct[0], distinct[1]
    return None


SYMMETRIC_TRIGGERS = {"armed_clash", "agreement"}


def symmetric(group: list[Reading]) -> bool:
    return any(r.hit.entry.id in SYMMETRIC_TRIGGERS for r in group)


def conjoined(main: ActorMention, actors: list[ActorMention], spans: dict[int, set[int]], doc: Doc) -> ActorMention | None:
    toks = spans[id(main)]
    for m in actors:
        if m.actor.name != main.actor.name:
            head = span_root(doc, spans[id(m)])
            if head.dep_ == "conj" and head.head.i in toks:
                return m
    return None


def two_sides_named(group: list[Reading], doc: Doc) -> bool:
    """"fighting broke out between X and Y": two parties are named even when the actor
    dictionary knows neither."""
    return any(c.dep_ == "prep" and c.lower_ == "between"
               for r in group for t in fight_words(doc[r.hit.head]) for c in t.children)


def fight_words(tok: Token) -> list[Token]:
    """The trigger, its head ("fighting broke out between") and a verb describing it ("a clash
    ensued between", parsed as a clause on "clash")."""
    return [tok, tok.head, *(c for c in tok.children if c.dep_ == "acl" and c.pos_ == "VERB")]


def alongside(tok: Token) -> bool:
    verb = governing_verb(tok)
    return any(c.dep_ == "prep" and c.lower_ == "alongside" for c in list(tok.children) + list(verb.children))


def associates(main: ActorMention | None, actors: list[ActorMention], spans: dict[int, set[int]],
               doc: Doc) -> list[ActorMention]:
    """Actors conjoined with the main one ("X and Y attacked"), or fighting "alongside" /
    "backed by" it."""
    if main is None:
        return []
    toks = spans[id(main)]
    out = []
    for m in actors:
        if m is main or m.actor.name == main.actor.name:
            continue
        head = span_root(doc, spans[id(m)])
        if head.dep_ == "conj" and head.head.i in toks:
            out.append(m)
            continue
        anc = [a for a in head.ancestors][:4]
        if any(a.dep_ == "prep" and a.lower_ in ("alongside",) for a in anc):
            out.append(m)
        elif any(a.lemma_.lower() in ASSOC_VERBS and a.dep_ in ("amod", "acl") and a.head.i in toks for a in anc):
            out.append(m)
    return out


def same_side_leftovers(roles: Roles, actors: list[ActorMention], spans: dict[int, set[int]],
                        doc: Doc) -> list[ActorMention]:
    """Named actors of the perpetrator's own kind left unassigned in the sentence (the FSA
    fighters raising the flag over a base "captured by rebel forces") ride along as associated
    actors; the unassigned actors of the victim's side are not touched."""
    used = {m.actor.name for m in (roles.actor1, roles.actor2) if m}
    a1 = roles.actor1.actor if roles.actor1 else None
    if a1 is None:
        return []
    if is_named(doc, spans[id(roles.actor1)]):
        return []
    return [m for m in actors if m.actor.name not in used and m.actor.inter == a1.inter
            and is_named(doc, spans[id(m)]) and main_subject(doc, spans[id(m)])]


def main_subject(doc: Doc, toks: set[int]) -> bool:
    root = span_root(doc, toks)
    while root.dep_ in ("compound", "amod", "poss", "nmod") and root.head is not root:
        root = root.head
    return root.dep_ == "nsubj" and root.head.dep_ == "ROOT"


def is_named(doc: Doc, toks: set[int]) -> bool:
    """A proper name ("Free Syrian Army") rather than a description ("rival rebel forces")."""
    return any(doc[i].pos_ == "PROPN" or doc[i].text.isupper() for i in toks)


def span_root(doc: Doc, toks: set[int]) -> Token:
    return doc[min(toks): max(toks) + 1].root if toks else doc[0]


def attached_to(doc: Doc, toks: set[int], targets: set[int], steps: int = 7) -> bool:
    """The mention modifies one of the target nouns (owner of a site): through possessive,
    compound, apposition, "of"/"from"/"by" phrases and participles ("used by", "held by"),
    never as the subject or object of a clause's verb."""
    if not toks:
        return False
    t = span_root(doc, toks)
    for _ in range(steps):
        head = t.head
        if head is t:
            return False
        if t.dep_ in SUBJECT_DEPS or (t.dep_ == "dobj" and head.dep_ not in ("acl", "relcl")):
            return False
        if head.i in targets:
            return True
        t = head
    return False


def victim_class(group: list[Reading], doc: Doc, hits: LexiconHits | None) -> str | None:
    if hits is None:
        return None
    tokens = set()
    for r in group:
        tok = doc[r.hit.head]
        tokens |= object_tokens(tok)
        tokens |= set(range(r.hit.start, r.hit.end))
        if tok.dep_ in ("nsubjpass",):
            tokens |= set(subtree_ids(tok))
    for name in ("protesters", "civilians", "armed"):
        if tokens & hits.class_tokens(name):
            return name
    return None


def doer_tokens(tok: Token) -> set[int]:
    """The tokens naming who did the act, also when the parser hangs the "by X" or the subject
    on a conjoined verb ("was beaten up and injured by residents")."""
    verbs = [tok, *(c for c in tok.children if c.dep_ == "conj")]
    if tok.dep_ == "conj":
        verbs.append(tok.head)
    return {i for v in verbs for g in agent_tokens(v) for i in g}


def off_duty(doc: Doc, toks: set[int], marks: set[int]) -> bool:
    """The victim's noun phrase says the armed person was off duty, retired or former ("an
    off-duty military police officer", "a former Afghan forces member"): ACLED's civilians.
    Only the words left of the phrase's head count, so "forces loyal to the former president"
    stays a force."""
    if not toks or not marks:
        return False
    root = span_root(doc, toks)
    while root.dep_ in ("compound", "nmod", "amod", "poss") and root.head.pos_ in ("NOUN", "PROPN") \
            and root.head.i > root.i:
        root = root.head  # "Afghan forces" inside "a former Afghan forces member"
    left = {t.i for c in root.lefts for t in c.subtree} | toks
    return bool(left & marks)


def is_country(p: PlaceMention) -> bool:
    return (p.place.feature_code or "").startswith("PCL")


def inside_actor(p: PlaceMention, actors: list[ActorMention]) -> bool:
    return any(a.start <= p.start and p.end <= a.end for a in actors)


# how much a place says about which country a sentence is in: an admin unit or a capital
# is rarely a misreading; a village name often has namesakes abroad
COUNTRY_EVIDENCE = {"ADM1": 1.5, "ADM2": 1.5, "ADM3": 1.25, "PPLC": 1.5, "PPLA": 1.5, "PPLA2": 1.25}
# a name read inside the admin units the text gives ("Chelhar town (Tharparkar, Sindh)"):
# outweighs places named in passing ("... India administered Jammu & Kashmir")
IN_CONTEXT_EVIDENCE = 4.0
# a place named as the one another is in ("X in Y"): more than a town named beside it
CONTAINER_EVIDENCE = 1.0


def coded_place(ctx: "DocContext", s_idx: int, countries: set[str]) -> PlaceMention | None:
    """The place an ACLED-style remark says the event is coded to, in the event's paragraph
    (a note is one paragraph; news never carries the remark)."""
    for j, s in enumerate(ctx.sentences):
        if ctx.paragraphs[j] != ctx.paragraphs[s_idx]:
            continue
        for p in s.places:
            if p.coded_to and (not countries or p.place.country in countries):
                return p
    return None


def one_country(places: list[PlaceMention], doc_country: str | None, doc: Doc | None = None) -> list[PlaceMention]:
    """One event is in one country: when a sentence's sub-national places fall in several
    ("Bane (Boulgou)" read as Bane, Ivory Coast and Boulgou, Burkina Faso; "Darsena Square in
    Cagliari"), keep those of the country its admin units and towns point to; a place the
    sentence names as another's container ("Holyrood in Edinburgh", "Oktyabr district in
    Bishkek") outweighs the document's country, which, then the later name, break ties.
    Country-wide mentions stay: "refugees from Ukraine arrived in Slovakia" names two
    countries on purpose."""
    local = [p for p in places if not is_country(p) and p.place.country]
    if len({p.place.country for p in local}) < 2:
        return places
    weight: dict[str, float] = {}
    last: dict[str, int] = {}
    for p in local:
        c = p.place.country
        evidence = IN_CONTEXT_EVIDENCE if p.in_context else COUNTRY_EVIDENCE.get(p.place.feature_code or "", 1.0)
        if contains_one_abroad(doc, p, local):
            evidence += CONTAINER_EVIDENCE
        weight[c] = weight.get(c, 0.0) + evidence
        last[c] = max(last.get(c, -1), p.start)
    best = max(weight, key=lambda c: (weight[c], c == doc_country, last[c]))
    return [p for p in places if is_country(p) or p.place.country in (best, None)]


CONTAINER_REACH = 100  # characters from a place to the container its phrase names
CONTAINER_CODES_ANY_SIZE = frozenset({"ADM1", "ADM2", "ADM3", "PPLC", "PPLA", "PPLA2", "RGN"})


def contains_one_abroad(doc: Doc | None, outer: PlaceMention, places: list[PlaceMention]) -> bool:
    """Does the sentence name `outer` as the place that another of `places`, read in another
    country, is in ("Holyrood in Edinburgh" with Holyrood read as a namesake abroad)?"""
    return doc is not None and any(q.place.country != outer.place.country and named_as_container(doc, q, outer)
                                   for q in places)


def container_sized(p: PlaceMention) -> bool:
    """A place other places are said to be in is a city or an admin unit ("Neustadt in Holstein"
    is one town's name, not a town in Holstein, Iowa)."""
    return (p.place.feature_code or "") in CONTAINER_CODES_ANY_SIZE or (p.place.population or 0) >= 50_000


def named_as_container(doc: Doc, inner: PlaceMention, outer: PlaceMention) -> bool:
    """Does the sentence put `inner` in `outer` ("rallied outside Holyrood in Edinburgh", "the
    Dara point of Qarachoq Mountain in Erbil province")? Up the noun phrase of `inner`, a
    prepositional "in" whose phrase holds `outer`."""
    if not 0 < outer.start - inner.start < CONTAINER_REACH or not container_sized(outer):
        return False  # (checked first: a long article pairs many places)
    i, o = doc_token_at(doc, inner.start), doc_token_at(doc, outer.start)
    if i < 0 or o <= i:
        return False
    top = doc[i]
    for _ in range(4):  # the head noun of the phrase the inner name is part of
        if top.dep_ not in ("compound", "nmod", "amod", "appos") or top.head.i == top.i:
            break
        top = top.head
    after = top.right_edge.i + 1  # "rallied at Lenin square in Tashkent", "in" parsed onto the verb
    if after + 1 < len(doc) and doc[after].lower_ == "in" and o in (after + 1, after + 2):
        return True
    return any(t.dep_ == "prep" and t.lower_ == "in" and t.i > i and t.left_edge.i <= o <= t.right_edge.i
               for t in top.subtree)


ORIGIN_WORDS = frozenset({"from", "fled", "fleeing", "left", "leaving"})
# "the Mayor of X": X is the seat of someone's office, who took part, not where it happened
OFFICE_WORDS = frozenset({"mayor", "mayors", "governor", "prefect", "senator", "deputy", "mp", "councillor",
                          "councilor", "bishop", "archbishop", "ambassador", "consul", "emir", "mufti"})


def not_office_seats(places: list[PlaceMention], doc: Doc) -> list[PlaceMention]:
    """"including the Mayor of Munster, demonstrated in Colmar": a place named as an office's
    seat does not locate the event when the sentence names another place below country level."""
    kept = [p for p in places if not office_seat(doc, p.start)]
    return kept if len(kept) < len(places) and any(not is_country(p) for p in kept) else places


def office_seat(doc: Doc, char: int) -> bool:
    i = doc_token_at(doc, char)
    return i > 1 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in OFFICE_WORDS


def destinations(places: list[PlaceMention], doc: Doc) -> list[PlaceMention]:
    """"refugees from Ukraine arrived in Slovakia", "crossed the border from Belarus to
    Poland": a country named as where people come from is not where the event happens,
    when another place is named too."""
    kept = [p for p in places if not after_origin_word(doc, p.start)]
    return kept or places


def after_origin_word(doc: Doc, char: int) -> bool:
    i = doc_token_at(doc, char)
    prev = doc[i - 1] if i > 0 else None
    if prev is not None and prev.lower_ == "the" and i > 1:
        prev = doc[i - 2]
    return prev is not None and prev.lower_ in ORIGIN_WORDS


def most_specific(places: list[PlaceMention], anchor: int) -> PlaceMention | None:
    """The finest place: containers of another candidate (its admin1/country) give way, then
    towns over regions, then the one nearest the trigger."""
    if not places:
        return None
    names = {p.place.name.lower() for p in places}
    contained_in = {x.lower() for p in places for x in (p.place.admin1, p.place.admin2, p.place.country) if x}
    finer = [p for p in places if not (p.place.name.lower() in contained_in and len(names) > 1
                                       and any(q.place.name.lower() != p.place.name.lower() for q in places))]
    pool = finer or places
    return min(pool, key=lambda p: (p.place.geo_precision, PLACE_FEATURE_RANK.get(p.place.feature_code or "", 1),
                                    abs(p.start - anchor)))


def inter_of(actor: Actor | None, taxonomy: Taxonomy) -> int | None:
    if actor is None:
        return None
    return actor.inter or taxonomy.inter_for_kind(actor.kind)


def confidence(strength: float, roles: Roles, own_place: bool, own_date: bool) -> float:
    a1, a2 = roles.names
    score = strength * (0.55 + 0.15 * (a1 is not None) + 0.1 * (a2 is not None) + 0.1 * own_place + 0.1 * own_date)
    return round(min(1.0, max(0.0, score)), 3)


LEDE_DECAY = 0.06  # per sentence after the first, for the first few sentences


def lede_weighted(score: float, sentence_index: int) -> float:
    """A report opens with its news: an event told in a later sentence is more often a
    follow-up, a consequence or background of the lede's event (arrests after an attack, an
    earlier incident recalled), so it is a little less sure to be the report's own event."""
    return round(max(0.0, score - LEDE_DECAY * min(sentence_index, 3)), 3)


def weigh_lede(drafts: list[Draft]) -> list[Draft]:
    """Later events weigh a little less than the lede's, except a specific violent tactic that
    spells out a lede told only in generic words ("attacks hit 13 towns ... grenades were
    thrown", "fighters attacked the village ... and overran it")."""
    if not drafts:
        return drafts
    lede = min(drafts, key=lambda d: d.sentence_index)
    for d in drafts:
        if d is lede or d.sentence_index <= lede.sentence_index:
            continue
        spells_out = lede.generic_only and not d.generic_only and d.event.event_type != "Strategic developments"
        if not spells_out:
            d.event.confidence = lede_weighted(d.event.confidence, d.sentence_index - lede.sentence_index)
    return drafts


FOLLOW_UP_FACTOR = 0.8


def weigh_follow_up_arrests(drafts: list[Draft], doc: Doc, hits: LexiconHits | None) -> list[Draft]:
    """"... a man was shot and killed. The perpetrators were arrested a month later.": the arrest of
    the attackers of a violent event told before is that event's follow-up, not the report's event."""
    if hits is None:
        return drafts
    culprits = hits.class_tokens("perpetrators")
    for d in drafts:
        if d.event.sub_event_type != "Arrests":
            continue
        if not any(v.event.event_type in VIOLENT_TYPES and v.sentence_index < d.sentence_index for v in drafts):
            continue
        heads = {i for r in d.readings for i in object_heads(doc[r.hit.head])}
        if heads & culprits:
            d.event.confidence = round(d.event.confidence * FOLLOW_UP_FACTOR, 3)
    return drafts


# ---------------------------------------------------------------- explosions, territory, strategic developments

TERRITORY_TYPES = frozenset({"Non-state actor overtakes territory", "Government regains territory",
                             "Non-violent transfer of territory"})
# dependency steps from a weapon word up to the verb that acts on it ("seized two rifles and
# three landmines", "discovered arms which included TOW missiles", "destroyed 342 mines")
NOUN_PHRASE_DEPS = frozenset({"dobj", "nsubjpass", "pobj", "conj", "compound", "appos", "nmod", "npadvmod", "prep",
                              "relcl", "acl", "nummod", "quantmod", "amod", "attr", "oprd"})
ATTRIBUTION_NOUNS = frozenset({"responsibility", "credit", "blame", "responsible"})
# a weapon word naming what a site, unit or programme is for is no attack: "a rocket-launching
# site", "artillery batteries", "missile development"
WEAPON_OWNER_NOUNS = frozenset({"site", "base", "position", "battery", "unit", "depot", "factory", "launcher",
                                "system", "programme", "program", "development", "test", "range", "brigade",
                                "battalion", "regiment", "division", "corps", "force", "defense", "defence",
                                "shield", "interceptor", "piece", "crew", "warehouse", "store", "stockpile"})
DEVELOPMENT_TYPES = frozenset({"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction", "Other"})
SHOOTING_TYPES = frozenset({"Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"})
BACKGROUND_PREPS = frozenset({"after", "following", "since", "before"})
BACKGROUND_FACTOR = 0.85
HEADLINE_MAX_TOKENS = 60  # headlines, joined headline lists, one-line notes
HEADLINE_FACTOR = 0.8
SETTING_PREPS = frozenset({"during", "amid", "amidst", "in"})
SETTING_MARKS = frozenset({"as", "while", "amid"})


def not_an_occurrence(tok: Token, hit: TriggerHit) -> str:
    """Trigger words that name an event without reporting it here: "the occupied West Bank"
    (a description), "an attack to capture the positions" (a purpose, not a capture), "claimed
    responsibility for the bombing" (an attribution of an event told elsewhere)."""
    # a verb read as describing a word of its own phrase ("an arsonist set fire to ...", parsed
    # with "set" on "fire") is the phrase's act, not a description
    own_phrase = hit.start <= tok.head.i < hit.end and tok.head.i != tok.i
    if tok.dep_ == "amod" and not own_phrase \
            and (hit.entry.type in TERRITORY_TYPES or (tok.tag_ == "VBN" and hit.entry.type in DEVELOPMENT_TYPES)):
        return "a participle describing a thing (\"the occupied West Bank\", \"burnt bodies\")"
    if hit.entry.type in TERRITORY_TYPES:
        to = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        if to and (tok.dep_ == "advcl" or (tok.dep_ in ("acl", "xcomp", "relcl") and tok.head.pos_ in ("NOUN", "PROPN"))):
            return "the purpose of an operation"
    if hit.entry.type in SHOOTING_TYPES and tok.dep_ in ("compound", "npadvmod", "amod", "nmod") \
            and owner_noun(tok).lemma_.lower() in WEAPON_OWNER_NOUNS:
        return "a weapon word naming a site or unit"
    if attributed(tok):
        return "an attribution of responsibility"
    if conceded(tok):
        return "a concession (\"despite the air strikes\")"
    return ""


# ---------------------------------------------------------------- sentence forms that report nothing

HISTORY_PREPS = frozenset({"in", "during", "of", "on"})
YEAR_ENTITIES = frozenset({"DATE", "EVENT"})
QUOTE_WINDOW = 2  # sentences back where a quote still open may have begun
HISTORY_GAP_YEARS = 2  # "in 2005" in a 2011 report is history; "in December 2021" in a 2022 one may be news
PAST_AUX_LEMMAS = frozenset({"have"})


def told_as_no_occurrence(tok: Token, hit: TriggerHit, ctx: DocContext, f: Any) -> str:
    """Long wire articles surround their news with sentences that tell no occurrence: questions,
    quoted opinion, cumulative tolls, history and lasting states. One-to-three sentence factual
    notes (ACLED's) have none of these forms."""
    s_idx = sentence_of(ctx, tok.idx)
    if s_idx is None:
        return ""
    span = ctx.spans[s_idx]
    verb = governing_verb(tok)
    sent = ctx.sentences[s_idx]
    if asked(sent.text, f, tok.idx - sent.start):
        return "a question"
    window = ctx.spans[max(0, s_idx - QUOTE_WINDOW)].start
    if quoted(ctx.doc, window, span.end, tok.i, f) and not told_in_past(verb) and not told_in_past(clause_head(verb)):
        return "quoted opinion or prediction"
    if counted_since_start(tok, verb, f):
        return "a cumulative toll since the conflict began"
    if any(counted_over_the_conflict(v, f) for v in {verb, clause_head(verb)}):
        return "a cumulative toll of the conflict"
    if historical(tok, verb, news_year(ctx), f):
        return "history (\"in 1967\", \"41 years ago\")"
    if hit.entry.type in TERRITORY_TYPES and lasting_state(tok, verb, f):
        return "a lasting state (\"still occupies\")"
    if hit.entry.type in TERRITORY_TYPES and unachieved(tok, f):
        return "an attempt, plan or purpose (\"trying to retake\", \"agreed to withdraw\")"
    return ""


def asked(text: str, f: Any, at: int | None = None) -> bool:
    """The sentence is a question ("Are they telling the truth now that al-Qaeda is behind these
    bombings ?"); with `at` (an offset in it), the part between semicolons that holds `at` is
    ("Shells kill 12 in Homs;Who Speaks For The Displaced?": the shelling is no question)."""
    if at is not None:
        end = text.find(";", at)
        text = text[text.rfind(";", 0, at) + 1:None if end < 0 else end]
    marks = "".join(f.closing_quotes | f.plain_quotes)
    return text.rstrip().rstrip(marks + " ").endswith("?")


def quoted(doc: Doc, start: int, end: int, i: int, f: Any) -> bool:
    """Token i sits inside a direct quotation: a quote opened since `start` (a sentence or two
    back, for quotes that run over sentences) and not yet closed, or a closing mark ahead in the
    sentence with no opening mark before it. Marks are counted in the text: the tokenizer splits
    "``" in two."""
    before = doc[start:i].text  # spans, not doc.text: that is rebuilt from every token per access
    after = doc[i + 1:end].text
    if quote_depth(before, f) > 0 or sum(before.count(m) for m in f.plain_quotes) % 2 == 1:
        return True
    return first_of(name_pairs_dropped(after, f), f.closing_quotes) < first_of(after, f.opening_quotes)


SHORT_QUOTED = 40  # characters: a name or a word, not a quoted statement


def name_pairs_dropped(text: str, f: Any) -> str:
    """The text without a short name set between two closing marks ("members of the ” Jund al-Aqsa ”
    group"): a pair written with one mark is a plain quote round a name, and its first
    mark closes no quotation."""
    for m in f.closing_quotes:
        text = re.sub(f"{re.escape(m)}[^{re.escape(m)}]{{1,{SHORT_QUOTED}}}?{re.escape(m)}",
                      lambda x: " " * len(x.group()), text)
    return text


def quote_depth(text: str, f: Any) -> int:
    """How many quotes are open at the end of the text (a stray closing mark opens none)."""
    marks = sorted((k, m in f.opening_quotes) for m in f.opening_quotes | f.closing_quotes
                   for k in _positions(text, m))
    depth = 0
    for _, opening in marks:
        depth = depth + 1 if opening else max(0, depth - 1)
    return depth


def _positions(text: str, mark: str) -> Iterator[int]:
    """Where ``mark`` starts in ``text`` (overlapping starts included, as a scan would find them)."""
    k = text.find(mark)
    while k >= 0:
        yield k
        k = text.find(mark, k + 1)


def first_of(text: str, marks: frozenset[str]) -> int:
    found = [text.find(m) for m in marks if m in text]
    return min(found) if found else len(text) + 1


def told_in_past(verb: Token) -> bool:
    """"they shelled", "we were attacked", "they have killed", "fighters have resorted to carrying
    out suicide operations" (asked of the verb and of its clause's head), "clashes are taking place":
    an occurrence, not an opinion ("I am afraid of being shot") or a prediction ("he will continue
    to conquer")."""
    if verb.tag_ == "VBD":
        return True
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return False  # "rebels will be attacking"
    if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_.lower() == "be" for c in verb.children):
        return True  # "confrontations are taking place in Hanano": what goes on as they speak
    return any(c.dep_ in ("aux", "auxpass") and (c.tag_ == "VBD" or c.lemma_.lower() in PAST_AUX_LEMMAS)
               for c in verb.children)


def counted_since_start(tok: Token, verb: Token, f: Any) -> bool:
    """"more than 3,000 people have died since protests broke out": the trigger names the start of
    the conflict inside the "since" phrase, or its clause counts from that start in the perfect."""
    for a in [tok, *list(tok.ancestors)[:5]]:
        phrase = since_phrase(a)
        if phrase is not None:
            return names_start(phrase, f)
        if a.dep_ in CLAUSE_HEAD_DEPS and a.pos_ in ("VERB", "AUX") and a is not tok:
            break
    perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)
    return perfect and any(names_start(p, f) for c in verb.children if (p := since_phrase(c)) is not None)


def counted_over_the_conflict(verb: Token, f: Any) -> bool:
    """Tolls told in the perfect over the whole conflict: "more than 8,000 people have been killed
    in the year-long uprising" (a period, not "in the fighting" of the day), "at least 2,000
    members of the security forces have been killed" (a death toll no single report carries)."""
    if not any(c.dep_ in ("aux", "auxpass") and c.lemma_.lower() == "have" for c in verb.children):
        return False
    periods = (p for c in verb.children if c.dep_ == "prep" and c.lower_ in f.period_preps
               for p in c.children if p.dep_ == "pobj")
    if any(p.lemma_.lower() in f.conflict_periods and any(d.lower_ == "the" for d in p.children)
           for p in periods):
        return True
    if verb.lemma_.lower() not in f.toll_verbs:
        return False  # "have seized 200,000 cartridges" is one haul
    counted = [t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") for t in c.subtree]
    return any(toll_size(t, f) >= f.cumulative_toll for t in counted)


def toll_size(tok: Token, f: Any) -> float:
    """The count a token states: "2,000" -> 2000, "thousands" -> the cumulative threshold."""
    if tok.lemma_.lower() in f.cumulative_words:
        return f.cumulative_toll
    digits = tok.text.replace(",", "")
    return float(digits) if tok.like_num and digits.isdigit() else 0.0


def since_phrase(tok: Token) -> Token | None:
    """The phrase or clause that a "since" opens at this token, if any."""
    if tok.lower_ == "since" and tok.dep_ == "prep":
        return tok
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since" for c in tok.children):
        return tok
    return None


def names_start(phrase: Token, f: Any) -> bool:
    return any(t.lemma_.lower() in f.conflict_words for t in phrase.subtree)


def historical(tok: Token, verb: Token, this_year: int, f: Any) -> bool:
    """"Israel, which seized the Golan Heights in 1967", "the 1982 massacre", "withdrew its troops in
    April 2005", "seized power 41 years ago": the trigger or its verb is dated years before the
    news. Only dates that modify them count: "demanding justice for the killings of 2014" dates
    the killings, not the protest; "since 2012" counts up to now (a tally, not history)."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]  # "the 1982 massacre killed thousands"
    years: list[int] = []
    for word in {tok, verb, *subjects}:
        for c in word.children:
            if c.dep_ == "prep" and c.lower_ in HISTORY_PREPS:
                years += [year_of(y) for p in c.children if p.dep_ == "pobj" for y in date_words(p)]
            if c.dep_ in ("nummod", "compound", "amod", "npadvmod"):
                years.append(year_of(c))  # "the 1982 massacre"
            if c.dep_ in ("advmod", "npadvmod") and c.lower_ == "ago" and any(
                    g.lemma_.lower() in f.history_units for g in c.subtree):
                return True
    years = [y for y in years if y]
    # "demonstrated on 8 May 2022 ... on 8 May 1945": a date of the news beside the old one means
    # the parser hung the old date (of a topic) on the verb
    return bool(years) and max(years) <= this_year - HISTORY_GAP_YEARS


def date_words(pobj: Token) -> list[Token]:
    """The words of a date phrase: "2007", "April 2005", "a 1967 war", "the 1973 war"."""
    return [pobj, *(c for c in pobj.children if c.dep_ in ("nummod", "compound", "amod", "npadvmod", "appos"))]


def year_of(word: Token) -> int:
    """The year a word writes (by the entity tagger: "the 2000-tonnes ship" is a quantity), else 0."""
    if word.text.isdigit() and len(word.text) == 4 and word.ent_type_ in YEAR_ENTITIES and 1900 <= int(word.text):
        return int(word.text)
    return 0


def news_year(ctx: DocContext) -> int:
    """The year of the report's news: its latest resolved date, else its reference date (a
    one-sentence text dated 2020 is news of 2020 whatever day it is coded)."""
    years = [d.value.year for d in ctx.doc_dates]
    return max(years) if years else ctx.reference.value.year


PRESENT_TAGS = frozenset({"VB", "VBP", "VBZ"})


def headline_present(tok: Token, doc_length: int) -> bool:
    """A verb a headline tells in the present tense ("Rebels control new village", "... and enter
    the town controlling large parts of it"): headlines report news so, while prose in the present
    tense ("rebels control most of the province") describes how things stand, and past
    participles ("areas controlled by") describe a place."""
    if doc_length > HEADLINE_MAX_TOKENS or tok.pos_ != "VERB":
        return False
    if tok.tag_ == "VBG":  # the participle of an action that goes with the headline's verb
        return tok.dep_ in ("advcl", "conj", "ROOT")
    if tok.tag_ == "VB" and any(t.lower_ == "to" for t in tok.doc[max(0, tok.i - 3):tok.i]):
        return False  # a base form after "to" is an attempt or a purpose ("desperate to re-control")
    return tok.tag_ in PRESENT_TAGS and tok.dep_ in ("ROOT", "conj")


def lasting_state(tok: Token, verb: Token, f: Any) -> bool:
    """"Israel still occupies the Golan Heights", "rebels still hold the town": no change of hands."""
    return any(c.dep_ == "advmod" and c.lower_ in f.state_adverbs for t in {tok, verb} for c in t.children)


def unachieved(tok: Token, f: Any) -> bool:
    """A territory verb in the infinitive is an attempt, a plan or a purpose ("forces trying to
    regain control of Rastan", "agreed to withdraw troops", "troops to stop shelling and withdraw
    to barracks"), unless what governs it says it was done ("managed to retake", "were able to
    take control")."""
    verb = tok.head if tok.dep_ == "conj" and not any(c.dep_ == "aux" for c in tok.children) else tok
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return verb.head is verb or verb.head.lemma_.lower() not in f.achievement_heads


ELLIPSES = frozenset({"…", "...", "…."})  # a headline's pause between two statements


def conceded(tok: Token) -> bool:
    """"talks started despite the air strikes carried out by warplanes": the strikes are the
    backdrop of the report, inside the "despite" phrase up to its clause."""
    for a in tok.ancestors:
        if a.dep_ == "prep" and a.lower_ in ("despite", "notwithstanding"):
            # "Despite talk of a truce… strikes go on": a headline's ellipsis
            # ends the phrase, whatever the parser hung on it
            return not any(t.text in ELLIPSES for t in tok.doc[a.i + 1:tok.i])

        if a.dep_ in CLAUSE_HEAD_DEPS and a.pos_ in ("VERB", "AUX"):
            return False
    return False


# event types whose subject may be a state named by its country ("Turkey deployed reinforcements")
STATE_SUBJECT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Strategic developments"})
COUNTRY_CODES = frozenset({"PCLI", "PCL", "PCLD", "PCLS", "PCLF"})
STATE_FORCE_WORDS = frozenset({"army", "troop", "soldier", "military"})
STATE_FORCE_MODIFIERS = frozenset({"army", "military", "government", "security", "armed"})


def state_force_word(root: Token) -> bool:
    """"the army", "troops", "army units", "government forces" without a country named."""
    lemma = root.lemma_.lower()
    if lemma in STATE_FORCE_WORDS:
        return True
    return lemma in ("unit", "force") and any(c.lower_ in STATE_FORCE_MODIFIERS for c in root.children
                                              if c.dep_ in ("compound", "amod"))


def object_heads(tok: Token) -> set[int]:
    """The head nouns of what a verb acts on, shared across coordinated verbs ("captured and
    detained 35 migrants"): only heads, so "captured the army's positions" is about positions."""
    groups = direct_objects(tok)
    sharing = [v for v in tok.conjuncts if v.pos_ in ("VERB", "AUX")]
    if tok.tag_ == "VBN":  # "militants were killed, injured or captured": the participles share the subject
        sharing += [v.head for v in (tok, *sharing) if v.dep_ in ("conj", "advcl")]
    if not groups:
        groups = [g for v in sharing for g in direct_objects(v)]
    out: set[int] = set()
    for g in groups:
        if not g:
            continue
        root = tok.doc[min(g): max(g) + 1].root
        out |= {root.i} | {c.i for c in root.conjuncts}
        for prep in root.children:  # "a total of 35 migrants", "dozens of fighters"
            if prep.dep_ == "prep" and prep.lower_ == "of":
                out |= {c.i for c in prep.children if c.dep_ == "pobj"}
    return out


def ground_heads(tok: Token) -> set[int]:
    """The head nouns of what a verb acts on and what they are "of" ("large parts of Sheikh
    Saeed", "the town of X"): not every word below them ("the situation in Homs" holds no ground)."""
    heads = object_heads(tok)
    return heads | {p.i for h in heads for c in tok.doc[h].children if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children if p.dep_ == "pobj"}


def all_heads_in(heads: set[int], words: set[int]) -> bool:
    return bool(heads) and heads <= words


def victim_described(doc: Doc, region: set[int], words: set[int]) -> bool:
    """A sentence whose subject is "the victim(s)" says the victim is one of these words: ACLED
    codes an attack on a gang member or a drug trafficker as a clash of armed groups."""
    for i in sorted(region):
        tok = doc[i]
        verb = tok.head
        if tok.lemma_.lower() != "victim" or tok.dep_ not in ("nsubj", "nsubjpass") \
                or verb.lemma_.lower() not in DESCRIBING_VERBS:
            continue  # "the victim was kidnapped by drug traffickers" tells who did it, not who he was
        said = {j for c in verb.children if c.dep_ not in ("agent", "advcl", "relcl", "conj") for j in subtree_ids(c)}
        if said & words:
            return True
    return False


DESCRIBING_VERBS = frozenset({"be", "identify", "recognize", "recognise", "involve", "know", "believe", "suspect",
                              "describe", "allege", "have", "link", "tie"})


def this_and_next(ctx: DocContext, s_idx: int) -> set[int]:
    """The tokens of a sentence and of the next one when it is in the same paragraph: a remark
    on how an event went ("No clashes were reported.") often follows it."""
    span = ctx.spans[s_idx]
    out = set(range(span.start, span.end))
    if s_idx + 1 < len(ctx.spans) and ctx.paragraphs[s_idx + 1] == ctx.paragraphs[s_idx]:
        out |= set(range(ctx.spans[s_idx + 1].start, ctx.spans[s_idx + 1].end))
    return out


def direct_objects(tok: Token) -> list[list[int]]:
    """The object, or the passive subject, of a verb (not its "from X"/"against X" phrases)."""
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return [[tok.head.i]]  # "diplomats expelled by the US", "weapons seized on a boat"
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    deps = ("dobj", "attr", "nsubjpass") if passive else ("dobj", "attr")
    return [subtree_ids(c) for c in tok.children if c.dep_ in deps]


def owner_noun(tok: Token) -> Token:
    """The noun a modifier chain hangs from ("rocket-launching site" -> site)."""
    t = tok
    for _ in range(4):
        if t.dep_ not in ("compound", "npadvmod", "amod", "nmod") or t.head is t:
            break
        t = t.head
    return t


def in_background(tok: Token) -> bool:
    """The word sits in an "after/following ..." phrase or clause."""
    return any(a.lower_ in BACKGROUND_PREPS and a.dep_ in ("prep", "mark") or
               any(c.dep_ == "mark" and c.lower_ in BACKGROUND_PREPS for c in a.children if a.dep_ == "advcl")
               for a in [tok, *list(tok.ancestors)[:4]])


def backgrounded(group: list[Reading], doc: Doc) -> bool:
    """Every trigger sits in an "after/following ..." phrase or clause: the report's setting."""
    return all(in_background(doc[r.hit.head]) for r in group)


def drop_background_readings(group: list[Reading], doc: Doc, taxonomy: Taxonomy) -> list[Reading]:
    """"50 shops were destroyed following a clash": the clause's own act, not the battle that
    preceded it, names the event, when that act is a specific, non-outcome trigger."""
    behind = [r for r in group if in_background(doc[r.hit.head]) and taxonomy.event_type_of(r.sub_event_type) == "Battles"]
    fore = [r for r in group if r not in behind]
    if not behind or not any(not r.hit.entry.generic and not r.hit.entry.outcome for r in fore):
        return group
    return fore


def other_nonstate(actors: list[ActorMention], roles: Roles, doc: Doc) -> bool:
    """A non-state armed group named in the sentence besides the loser may be the winner
    (aliases inside the loser's own phrase, "Al-Nusra Front (also known as ...)", are the loser)."""
    loser = roles.actor2.actor.name if roles.actor2 else None
    phrase: set[int] = set()
    if roles.actor2 is not None:
        toks = mention_tokens(doc, roles.actor2)
        phrase = {t.i for t in span_root(doc, toks).subtree} if toks else set()
    named = ARMED_KINDS - {"state", "unidentified"}  # "the ISIL terrorists": a generic word, no other group
    return any(m.actor.kind in named and m.actor.name != loser and not mention_tokens(doc, m) <= phrase
               for m in actors)


def attributed(tok: Token) -> bool:
    """"claimed responsibility for the attack", "took credit for the bombing"."""
    t = tok
    for _ in range(4):
        if t.dep_ == "pobj" and t.head.lower_ == "for":
            owner = t.head.head  # "responsibility for", "took credit for" (the "for" on the verb)
            if owner.lemma_.lower() in ATTRIBUTION_NOUNS or any(
                    c.dep_ in ("dobj", "acomp") and c.lemma_.lower() in ATTRIBUTION_NOUNS for c in owner.children):
                return True
        if t.dep_ not in ("compound", "conj", "pobj", "amod", "relcl", "acl"):
            return False
        t = t.head
    return False


def governing_chain(tok: Token) -> set[int]:
    """The tokens above a (weapon) word up through its noun phrase to the verb acting on it."""
    out: set[int] = set()
    if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod":
        return out  # "the island bombarded by ... was found": a verb trigger is acted on by nothing
    t = tok
    for _ in range(8):
        if t.dep_ not in NOUN_PHRASE_DEPS or t.head is t:
            break
        if t.dep_ == "pobj" and t.head.lower_ == "by":
            break  # "destroyed by a landmine": the weapon did it, it was not destroyed
        t = t.head
        out.add(t.i)
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("relcl", "acl"):
            break
    return out


def setting_clash(tok: Token) -> bool:
    """"a grenade explosion during clashes", "missiles ... as border clashes entered their 7th
    day": the clashes are the setting, the weapon is the reported act."""
    if tok.dep_ == "pobj" and tok.head.lower_ in SETTING_PREPS:
        return True
    clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SETTING_MARKS for c in clause.children)


def drop_setting_clashes(group: list[Reading], doc: Doc, taxonomy: Taxonomy) -> list[Reading]:
    """Fighting words that only set the scene give way to the act reported in it: armed-clash
    words to a named explosive weapon ("a grenade explosion during clashes"), a generic word
    (an attack, an operation) to any specific act ("during their mop-up operations against the
    militants, troops discovered an arms depot")."""
    specific = [r for r in group if not r.hit.entry.generic]
    weapon = any(taxonomy.event_type_of(r.sub_event_type) == "Explosions/Remote violence" for r in specific)

    def scene(r: Reading) -> bool:
        if not setting_clash(doc[r.hit.head]):
            return False
        return (weapon and r.sub_event_type == "Armed clash") or (r.hit.entry.generic and bool(specific))

    return [r for r in group if not scene(r)]


OBSERVING_VERBS = frozenset({"observe", "record", "monitor", "register", "document", "hear", "see"})
REPORTING_VERBS = frozenset({"say", "tell", "report", "confirm", "add", "state", "announce", "quote"})


def observer(doc: Doc, m: ActorMention) -> bool:
    """"the SMM observed 19 explosions", "monitors recorded 30 shots": the subject of a verb of
    observing saw the event; it took no part in it."""
    toks = mention_tokens(doc, m)
    if not toks:
        return False
    root = span_root(doc, toks)
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in OBSERVING_VERBS


def reporting_source(doc: Doc, m: ActorMention) -> bool:
    """"..., police said": the actor is the source of the report, not a party to the incident."""
    toks = mention_tokens(doc, m)
    if not toks:
        return False
    root = span_root(doc, toks)
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in REPORTING_VERBS:
        return True
    return root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according"


# ---------------------------------------------------------------- merging


def merge_drafts(drafts: list[Draft], taxonomy: Taxonomy) -> list[Draft]:
    """One incident told twice becomes one event: a generic follow-up ("the bombings ...
    killed") after a specific tactic by the same perpetrator in the next sentences, or the
    same event repeated (duplicate captions); one demonstration told over a few sentences
    (a rally, then clashes on its fringes, then arrests) is one event of the escalated type."""
    out: list[Draft] = []
    for d in drafts:
        target = next((o for o in reversed(out) if same_incident(o, d)), None)
        if target is None:
            out.append(d)
            continue
        escalated = escalation(target.event.sub_event_type, d.event.sub_event_type) \
            or supported_clash(target.event, d.event)
        absorb(target, d, taxonomy)
        if escalated is not None:
            escalate(target, d, escalated, taxonomy)
    return out


def supported_clash(a: Event, b: Event) -> str | None:
    """An armed clash with shelling, air strikes or explosives on the sides, told in
    neighbouring sentences, stays an armed clash (ACLED precedence)."""
    subs = {a.sub_event_type, b.sub_event_type}
    if "Armed clash" in subs and subs - {"Armed clash"} <= SIDE_SUPPORT and len(subs) == 2:
        return "Armed clash"
    return None


# remote violence ranked below an armed clash in taxonomy.yaml's precedence (a suicide bomb or a
# chemical weapon outranks the clash around it and stays an event of its own)
SIDE_SUPPORT = {"Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"}


def same_fight(a: Draft, b: Draft) -> bool:
    """A clash and remote violence between the same sides (or a faceless follow-up: "both
    sides then exchanged fire") in neighbouring sentences of one paragraph: one battle."""
    ea, eb = a.event, b.event
    if supported_clash(ea, eb) is None:
        return False
    if eb.event_type == "Battles" and b.generic_only:
        return False  # "... No group claimed the attack": a mention of the same strike, not a fight
    near = 0 < b.sentence_index - a.last_sentence <= 2 and b.paragraph == a.last_paragraph
    if not near or ea.event_date != eb.event_date:
        return False
    sides_a = {x for x in (ea.actor1, ea.actor2) if x and not x.startswith("Unidentified")}
    sides_b = {x for x in (eb.actor1, eb.actor2) if x and not x.startswith("Unidentified")}
    return bool(sides_a & sides_b) or faceless(eb)


DEMONSTRATION_TYPES = {"Protests", "Riots"}
# one demonstration reported in several sentences: violence by its participants makes it a violent
# demonstration (even when force was also used on it); otherwise lethal force outranks an
# intervention, which outranks the peaceful gathering (ACLED codebook on demonstrations)
DEMONSTRATION_ORDER = ("Violent demonstration", "Excessive force against protesters", "Protest with intervention",
                       "Peaceful protest")


def escalation(first: str, then: str) -> str | None:
    """The sub-event type of one demonstration whose parts were coded `first` and `then`
    (None: the first part's type stands)."""
    parts = {first, then}
    if "Mob violence" in parts and parts & set(DEMONSTRATION_ORDER):
        return "Violent demonstration"  # a crowd of the demonstration turned violent
    if parts == {"Peaceful protest", "Arrests"}:
        return "Protest with intervention"
    if parts <= set(DEMONSTRATION_ORDER):
        return min(parts, key=DEMONSTRATION_ORDER.index)
    return None


def same_demonstration(a: Draft, b: Draft) -> bool:
    ea, eb = a.event, b.event
    if ea.event_type not in DEMONSTRATION_TYPES or eb.event_type not in DEMONSTRATION_TYPES:
        return False
    # the same sentence counts too: "peaceful rallies took a turn when police used smoke grenades"
    near = 0 <= b.sentence_index - a.last_sentence <= 2 and b.paragraph - a.last_paragraph <= 1
    if not near:
        return False
    same_place = ea.location == eb.location or b.place_level <= 1
    return same_place and ea.event_date == eb.event_date


def escalate(target: Draft, d: Draft, sub: str, taxonomy: Taxonomy) -> None:
    """Give the merged incident the escalated type and the actors that type takes."""
    t, e = target.event, d.event
    if sub == t.sub_event_type:
        return
    if sub == e.sub_event_type and not (sub == "Armed clash" and faceless(e)):
        t.actor1, t.assoc_actor_1, t.inter1 = e.actor1, e.assoc_actor_1, e.inter1
        t.actor2, t.assoc_actor_2, t.inter2 = e.actor2, e.assoc_actor_2, e.inter2
    elif sub == "Violent demonstration":  # from a protest and a mob: the mob's rioters
        mob = e if e.sub_event_type == "Mob violence" else t
        t.actor1, t.assoc_actor_1, t.inter1 = mob.actor1, mob.assoc_actor_1, mob.inter1
        t.actor2, t.assoc_actor_2, t.inter2 = mob.actor2, mob.assoc_actor_2, mob.inter2
    elif sub == "Protest with intervention":  # a protest, then arrests: the arresting force
        arrests = e if e.sub_event_type == "Arrests" else t
        protest = t if arrests is e else e
        t.actor1, t.assoc_actor_1, t.inter1 = protest.actor1, protest.assoc_actor_1, protest.inter1
        t.actor2, t.assoc_actor_2, t.inter2 = arrests.actor1, None, arrests.inter1
    t.sub_event_type, t.event_type = sub, taxonomy.event_type_of(sub)
    t.interaction = taxonomy.interaction(t.inter1, t.inter2)
    t.civilian_targeting = taxonomy.civilian_targeting(sub, t.inter2)
    target.generic_only = False


def same_incident(a: Draft, b: Draft) -> bool:
    ea, eb = a.event, b.event
    close = 0 < b.sentence_index - a.sentence_index <= 2 and b.paragraph - a.paragraph <= 1
    same_or_close = 0 <= b.sentence_index - a.sentence_index <= 2 and b.paragraph - a.paragraph <= 1
    if ea.event_type == "Protests" and eb.sub_event_type == "Arrests" and same_or_close and b.paragraph == a.paragraph:
        return True  # "Protesters rallied. Police arrested ten of them." is the protest's intervention
    if same_demonstration(a, b) or same_fight(a, b):
        return True
    if ea.event_type != eb.event_type:
        return False
    same_actor1 = ea.actor1 == eb.actor1 and ea.actor1 is not None
    if (ea.sub_event_type == eb.sub_event_type and same_actor1 and ea.actor2 == eb.actor2
            and ea.location == eb.location and ea.event_date == eb.event_date):
        return True  # a repeat (second caption, restatement)
    if ea.sub_event_type == eb.sub_event_type == "Other":
        # one speech or statement reported over a few paragraphs is one event
        near = 0 < b.sentence_index - a.last_sentence <= 3 and b.paragraph - a.last_paragraph <= 2
        return near and (same_actor1 or eb.actor1 is None or ea.actor1 is None)
    if close and faceless(eb) and b.place_level <= 1 and ea.event_date == eb.event_date:
        return True  # "Clashes broke out in X. Dozens of fighters were killed on both sides."
    return close and same_actor1 and b.generic_only and not a.generic_only


def faceless(e: Event) -> bool:
    """Neither side named beyond "fighters", "gunmen": a follow-up sentence, not a new incident."""
    return all(a is None or a.startswith("Unidentified Armed Group") for a in (e.actor1, e.actor2))


def absorb(target: Draft, d: Draft, taxonomy: Taxonomy) -> None:
    t, e = target.event, d.event
    t.evidence.extend(x for x in e.evidence if (x.start, x.end) not in {(y.start, y.end) for y in t.evidence})
    if d.place_level > target.place_level and e.location:
        for k in ("country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision"):
            setattr(t, k, getattr(e, k))
        target.place_level = d.place_level
    if t.actor1 is None and e.actor1 is not None:
        t.actor1, t.inter1, t.assoc_actor_1 = e.actor1, e.inter1, e.assoc_actor_1
        t.interaction = taxonomy.interaction(t.inter1, t.inter2)
    if t.actor2 is None and e.actor2 is not None:
        t.actor2, t.inter2, t.assoc_actor_2 = e.actor2, e.inter2, e.assoc_actor_2
        t.interaction = taxonomy.interaction(t.inter1, t.inter2)
        t.civilian_targeting = taxonomy.civilian_targeting(t.sub_event_type, t.inter2)
    target.extra_fatality_texts.append(d.fatality_text)
    target.last_sentence, target.last_paragraph = d.sentence_index, d.paragraph
    t.confidence = max(t.confidence, e.confidence)


# ---------------------------------------------------------------- ids


def event_id(doc_id: str, event: Event) -> str:
    spans = ",".join(f"{e.start}-{e.end}" for e in event.evidence)
    # two incidents of one sentence may share the type ("X stormed A while fighting went on in B")
    who_where = f"|{event.actor1}|{event.location}" if event.actor1 or event.location else ""
    return hashlib.sha1(f"{doc_id}|{spans}|{event.sub_event_type}{who_where}".encode()).hexdigest()[:16]


__all__ = ["EventCoder", "DocContext", "Draft", "Reading", "Roles", "event_id", "merge_drafts"]
