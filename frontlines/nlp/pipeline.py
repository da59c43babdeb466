"""The coder: named stages sentences -> actors -> places -> dates -> events -> numbers.

Every dependency is injected (`Coder(nlp, gazetteer, actors, taxonomy, lexicon)`);
`Coder.default()` loads the packaged ones. Each stage is a method that can be called alone.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from itertools import islice
from typing import Any, Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from frontlines.knowledge.incident_logs import IncidentLog, load_incident_logs
from frontlines.knowledge.lexicon import EventLexicon, load_event_lexicon
from frontlines.knowledge.statements import StatementLexicon, load_statement_lexicon
from frontlines.knowledge.taxonomy import Taxonomy, load_taxonomy
from frontlines.nlp.dates import DateTagger, infer_reference_date
from frontlines.nlp.events import (
    CONTAINER_EVIDENCE, HEADLINE_MAX_TOKENS, DocContext, Draft, EventCoder, contains_one_abroad, event_id,
    is_country, office_seat,
)
from frontlines.nlp.gate import GateConfig, GatedParser, plain_words, trigger_words
from frontlines.nlp.logs import LogCoder, with_log_events
from frontlines.nlp.notes import write_notes
from frontlines.nlp.numbers import EventTexts, carries_deaths, deathless, event_fatalities
from frontlines.nlp.sentences import paragraph_index, split_sentences
from frontlines.nlp.statements import StatementReader, mark_self_claimed
from frontlines.records import (
    Article, CodedDocument, CodingOverrides, ControlStatement, Event, PlaceMention, ReferenceDate,
    RelationStatement, SentenceInfo,
)

CODER_VERSION = "0.1.0"


def gate_patterns(compiled: Any, gate: GateConfig) -> list[tuple[str, list[list[dict[str, Any]]]]]:
    """The lexicon's patterns that open a sentence of a long text to the full parse: a trigger
    that is news only in a headline (`headline_present`, at most `HEADLINE_MAX_TOKENS` tokens,
    which the gate parses whole) never fires in a gated text, so its words ("control") open nothing."""
    if gate.full_below <= HEADLINE_MAX_TOKENS:
        return compiled.patterns
    lexicon = compiled.lexicon
    return [(key, group) for key, group in compiled.patterns
            if not (key.startswith("T:") and lexicon.entry(key[2:]).headline_only)]


class Coder:
    def __init__(self, nlp: Language, gazetteer: Any, actors: Any, taxonomy: Taxonomy, lexicon: EventLexicon,
                 *, actor_tagger: Any = None, place_tagger: Any = None, classifier: Any = None,
                 gate: GateConfig | None = GateConfig(), statements: StatementLexicon | None = None,
                 logs: Sequence[IncidentLog] | None = None):
        """`actor_tagger` / `place_tagger` override the taggers built from `actors` /
        `gazetteer` (tests, or a custom stage with the same `tag` signature). `classifier`: an
        optional trained sub-type model (`nlp.classifier.SubtypeClassifier`, `frontlines train`).
        `gate`: how `code` / `code_many` parse long texts (only sentences that may carry an event
        get the full parse, see `frontlines.nlp.gate`); None parses every sentence. `statements`:
        the cue lexicon of relation and control statements (default: the packaged one). `logs`:
        the incident logs whose lines are events by themselves (default: the packaged ones)."""
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.actors = actors
        self.taxonomy = taxonomy
        self.lexicon = lexicon
        self.place_tagger = place_tagger or make_place_tagger(gazetteer)
        self.actor_tagger = actor_tagger or make_actor_tagger(actors)
        self.date_tagger = DateTagger()
        compiled = lexicon.compile(nlp)
        self.event_coder = EventCoder(taxonomy, compiled, actors,
                                      settled=getattr(gazetteer, "settled_point", None))
        self.parser = GatedParser(nlp, trigger_words(nlp, gate_patterns(compiled, gate)), gate,
                                  titles=plain_words(nlp, compiled.patterns)) if gate else None
        self.classifier = classifier
        self.logs = tuple(load_incident_logs(taxonomy=taxonomy) if logs is None else logs)
        self.log_coder = LogCoder(self.logs, self.event_coder)
        self.statement_lexicon = statements or load_statement_lexicon()
        self.statement_reader = StatementReader(self.statement_lexicon, gazetteer)

    @classmethod
    def default(cls, nlp: Language | None = None, classifier: Any = None,
                overrides: CodingOverrides | None = None) -> "Coder":
        """The packaged coder; `overrides`: an analyst's alias and place fixes
        (`Store.coding_overrides()`), read before the packaged data."""
        from frontlines.geo.gazetteer import Gazetteer
        from frontlines.knowledge.actors import load_actor_dictionary
        from frontlines.nlp.model import load_nlp

        taxonomy = load_taxonomy()
        fixes = overrides or CodingOverrides()
        return cls(nlp or load_nlp(), Gazetteer.load().with_places(fixes.places),
                   load_actor_dictionary().with_aliases(fixes.aliases), taxonomy,
                   load_event_lexicon(taxonomy=taxonomy), classifier=classifier)

    def with_overrides(self, overrides: CodingOverrides) -> Coder:
        """A coder like this one that also reads the analyst's alias and place fixes; this one
        is unchanged (its gazetteer and dictionary are shared, not modified). Taggers given
        to the constructor are rebuilt from the fixed dictionary and gazetteer."""
        if not overrides:
            return self
        gazetteer = self.gazetteer.with_places(overrides.places) if overrides.places else self.gazetteer
        actors = self.actors.with_aliases(overrides.aliases) if overrides.aliases else self.actors
        return type(self)(self.nlp, gazetteer, actors, self.taxonomy, self.lexicon, classifier=self.classifier,
                          gate=self.parser.cfg if self.parser else None, logs=self.logs)

    # ---- public API

    def code(self, article: Article, doc_id: str | None = None) -> CodedDocument:
        return self.code_doc(article, self.parse(article.text), doc_id)

    def parse(self, text: str) -> Doc:
        """The spaCy Doc the stages read: gated (see `gate`) or a full parse."""
        return self.parser.parse(text) if self.parser else self.nlp(text)

    def code_many(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[CodedDocument]:
        it = iter(articles)
        while batch := list(islice(it, batch_size)):
            texts = [a.text for a in batch]
            docs = (self.parser.parse_many(texts, batch_size) if self.parser
                    else self.nlp.pipe(texts, batch_size=batch_size))
            for article, doc in zip(batch, docs):
                yield self.code_doc(article, doc, None)

    def code_doc(self, article: Article, doc: Doc, doc_id: str | None = None) -> CodedDocument:
        did = doc_id or article.doc_id or content_id(article.text)
        sentences = self.step_sentences(doc, article)
        reference = self.step_reference(article, doc)
        # Places before actors: the country of the named places is the best hint for naming
        # "government forces" or "the army" (the actor stage's output does not feed places).
        places = self.step_places(doc, sentences)
        country = self.doc_country(doc, places)
        self.step_actors(doc, sentences, country, reference)
        self.step_dates(doc, sentences, reference)
        ctx = self.context(doc, article, did, sentences, reference, places, country)
        drafts = self.step_events(ctx)
        self.step_classify(drafts)
        events = self.step_numbers(drafts, did, ctx)
        relations, control = self.step_statements(doc, article, sentences, reference, events)
        return CodedDocument(id=did, published=reference.value.isoformat(), events=events, places=places,
                             relations=relations, control=control,
                             reference_inferred=reference.inferred, reference_how=reference.how)

    # ---- stages

    def step_sentences(self, doc: Doc, article: Article) -> list[SentenceInfo]:
        return split_sentences(doc, article)

    def step_reference(self, article: Article, doc: Doc) -> ReferenceDate:
        return infer_reference_date(article.text, article.published, doc)

    def step_actors(self, doc: Doc, sentences: list[SentenceInfo], country: str | None,
                    reference: ReferenceDate) -> None:
        if self.actor_tagger is None:
            return
        for s in sentences:
            span = doc.char_span(s.start, s.end, alignment_mode="expand")
            s.actors = list(call_actor_tagger(self.actor_tagger, s, span, country, reference.value))

    def step_places(self, doc: Doc, sentences: list[SentenceInfo]) -> list[PlaceMention]:
        if self.place_tagger is None:
            return []
        found = self.place_tagger.tag(doc, sentences, self.actor_countries(doc))
        if found is None:
            found = [p for s in sentences for p in s.places]
        return sorted(found, key=lambda p: p.start)

    def step_dates(self, doc: Doc, sentences: list[SentenceInfo], reference: ReferenceDate) -> None:
        dates = [e for e in doc.ents if e.label_ == "DATE"]  # Span.ents would rebuild doc.ents per sentence
        for s in sentences:
            span = doc.char_span(s.start, s.end, alignment_mode="expand")
            own = [e for e in dates if span is not None and span.start <= e.start and e.end <= span.end]
            self.date_tagger.tag(s, span, reference, own)

    def step_events(self, ctx: DocContext) -> list[Draft]:
        """Events told in words (the lexicon's triggers), then incident-log lines (whose
        places are theirs alone)."""
        logged = self.log_coder.code(ctx)
        ctx.set_aside = [(e.start, e.end) for d in logged for e in d.event.evidence]
        return with_log_events(self.event_coder.code(ctx), logged, ctx)

    def step_classify(self, drafts: list[Draft]) -> None:
        """The trained model, when there is one, reconsiders each event's sub-type (before the
        notes and ids are written, which name it)."""
        if self.classifier is not None:
            self.classifier.apply([d.event for d in drafts], self.taxonomy)

    def step_numbers(self, drafts: list[Draft], doc_id: str, ctx: DocContext | None = None) -> list[Event]:
        """Fatalities by the numbers stage (deaths told in later sentences join their event),
        then the notes and the stable id."""
        infos = ctx.sentences if ctx is not None else []  # no context: each event's own text only
        own_dates = {i for i, s in enumerate(infos) if s.dates}
        slots = [EventTexts(d.sentence_index, d.paragraph, (d.fatality_text, *d.extra_fatality_texts),
                            carries_deaths(d.event.event_type, d.event.sub_event_type), d.last_sentence,
                            d.event.event_date if d.sentence_index in own_dates else None,
                            deathless(d.event.sub_event_type), d.event.confidence, d.event.event_date)
                 for d in drafts]
        sentences = [s.text for s in infos]
        paragraphs = list(ctx.paragraphs) if ctx is not None else []
        dates = [s.dates[0].value.isoformat() if s.dates else None for s in infos]
        events = []
        for d, fatalities in zip(drafts, event_fatalities(slots, sentences, paragraphs, sentence_dates=dates)):
            d.event.fatalities = fatalities
            d.event.notes = write_notes(d.event)
            d.event.event_id = event_id(doc_id, d.event)
            events.append(d.event)
        return events

    def step_statements(self, doc: Doc, article: Article, sentences: list[SentenceInfo], reference: ReferenceDate,
                        events: list[Event]) -> tuple[list[RelationStatement], list[ControlStatement]]:
        """Relations and control the text states in so many words ("fought alongside", "an ISIS
        stronghold"), and `Event.self_claimed` on territory taken by the taker's word alone.
        Events are only flagged, never added, dropped or changed otherwise."""
        mark_self_claimed(events, sentences, self.statement_lexicon, self.statement_reader)
        return self.statement_reader.read(article.text, sentences, reference.value, doc)

    def actor_countries(self, doc: Doc) -> list[tuple[str, float]]:
        """Home countries of the named organisations in the text (before the actor stage,
        from the dictionary alone): evidence for which of several namesakes a place is."""
        find = getattr(self.actor_tagger, "home_countries", None)
        return find(doc) if find is not None else []

    # ---- document context

    def doc_country(self, doc: Doc, places: list[PlaceMention]) -> str | None:
        """The country the document is about: the one its places name most, else the hint."""
        return dominant_country(places, doc) or self.country_hint(doc)

    def context(self, doc: Doc, article: Article, doc_id: str, sentences: list[SentenceInfo],
                reference: ReferenceDate, places: list[PlaceMention], country: str | None) -> DocContext:
        """`country`: the document's (`doc_country`)."""
        return DocContext(doc=doc, article=article, doc_id=doc_id, sentences=sentences,
                          spans=[doc.char_span(s.start, s.end, alignment_mode="expand") for s in sentences],
                          paragraphs=paragraph_index(sentences, article.text), reference=reference,
                          country=country, dominant_place=dominant_place(places, country))

    def country_hint(self, doc: Doc) -> str | None:
        """The country the text is mostly about, from named places and demonyms, before the
        places stage has run (the actor tagger needs it to name "the army")."""
        if self.actors is None or not hasattr(self.actors, "demonym_country"):
            return None
        votes = Counter(c for e in doc.ents if e.label_ in ("GPE", "NORP")
                        if (c := self.actors.demonym_country(e.text)))
        return votes.most_common(1)[0][0] if votes else None


# ---------------------------------------------------------------- helpers


def content_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def dominant_country(places: list[PlaceMention], doc: Doc | None = None) -> str | None:
    """The country most named; a country named by itself ("a rally in Phoenix for Ukraine")
    counts half as much as a place inside it, a place read inside the text's own admin units
    ("Chelhar town (Tharparkar, Sindh)") three times as much, a place named as the one another
    is in ("Holyrood in Edinburgh": one namesake abroad against the container) twice, the seat
    of someone's office ("the Mayor of Munster") half."""
    votes: Counter[str] = Counter()
    named: set[str] = set()
    local = [p for p in places if p.place.country and not is_country(p)]
    for p in places:
        if p.place.country and is_country(p):
            if p.place.country not in named:  # "against the war in Ukraine ... Ukraine": one topic
                votes[p.place.country] += 0.5
                named.add(p.place.country)
        elif p.place.country:
            seat = doc is not None and office_seat(doc, p.start)  # "the Mayor of Munster": who came
            votes[p.place.country] += (3.0 if p.in_context else 1.0) * (0.5 if seat else 1.0)
            if contains_one_abroad(doc, p, local):
                votes[p.place.country] += CONTAINER_EVIDENCE
    # a tie goes to a country with a town named in it ("refugees from Ukraine gathered in Paris")
    inside = {p.place.country for p in places if not is_country(p)}
    return max(votes, key=lambda c: (votes[c], c in inside)) if votes else None


def dominant_place(places: list[PlaceMention], country: str | None) -> PlaceMention | None:
    """The most mentioned sub-national place of the dominant country (first mention wins ties)."""
    pool = [p for p in places if p.place.country == country and p.place.geo_precision < 3
            and (p.place.feature_code or "") not in ("PCLI", "PCL")] or \
           [p for p in places if p.place.country == country]
    if not pool:
        return None
    counts = Counter(p.place.name for p in pool)
    best = max(counts.values())
    return next(p for p in pool if counts[p.place.name] == best)


def make_place_tagger(gazetteer: Any) -> Any:
    if gazetteer is None:
        return None
    from frontlines.nlp.places import PlaceTagger

    return PlaceTagger(gazetteer)


def make_actor_tagger(actors: Any) -> Any:
    if actors is None:
        return None
    try:
        from frontlines.nlp.actors import ActorTagger
    except ImportError:  # the actors stage is not installed: code without actors
        return None
    return ActorTagger(actors)


def call_actor_tagger(tagger: Any, sentence: SentenceInfo, span: Any, country: str | None, when: Any) -> list:
    try:
        found = tagger.tag(sentence, span, country, when)
    except TypeError:  # an older tagger without the date argument
        found = tagger.tag(sentence, span, country)
    return found if found is not None else sentence.actors


__all__ = ["Coder", "CODER_VERSION"]
