"""The event lexicon (``data/event_lexicon.yaml``): trigger phrases -> candidate ACLED
sub-event types with conditions, word classes, and the factuality vocabulary.

`EventLexicon.compile(nlp)` builds one matcher (`frontlines.nlp.match`) for every phrase (triggers and word
classes); the coder builds it once and runs it once per document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from frontlines.knowledge.taxonomy import Taxonomy, load_taxonomy
from frontlines.nlp.match import FirstWordMatcher, UnsupportedPattern

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_LEXICON = DATA_DIR / "event_lexicon.yaml"
GAP = "..."
MAX_GAP = 3
CONDITION_KEYS = {"target", "actor1", "object", "object_not", "sentence", "sentence_not", "nearby", "governor",
                  "object_all", "following", "victim_is", "headline_present", "object_ground",
                  "agent", "agent_not"}


class LexiconError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    when: dict[str, Any]
    then: str


@dataclass(frozen=True)
class TriggerEntry:
    id: str
    match: tuple[str, ...]
    type: str
    strength: float = 0.7
    generic: bool = False
    outcome: bool = False
    agent: str = "subject"  # subject | context
    needs_actor: bool = False
    rules: tuple[Rule, ...] = ()
    requires: tuple[tuple[str, Any], ...] = ()

    @property
    def headline_only(self) -> bool:
        """News only in a headline's present tense ("Rebels control new village"); in prose the
        same words tell a lasting state ("areas controlled by the SDF")."""
        return ("headline_present", True) in self.requires


@dataclass(frozen=True)
class Factuality:
    nonfactual_governors: frozenset[str]
    modals: frozenset[str]
    negations: frozenset[str]
    conditionals: frozenset[str]
    hypothetical_heads: frozenset[str]
    background: frozenset[str]
    topic_preps: frozenset[str] = frozenset()
    topic_heads: frozenset[str] = frozenset()  # nouns whose "over/about/against X" makes X a topic
    topic_of_heads: frozenset[str] = frozenset()  # nouns whose "of X" makes X a topic ("in protest of")
    # sentence forms that report no occurrence (see nlp.events.told_as_no_occurrence)
    opening_quotes: frozenset[str] = frozenset()
    closing_quotes: frozenset[str] = frozenset()
    plain_quotes: frozenset[str] = frozenset()  # the same mark opens and closes
    conflict_words: frozenset[str] = frozenset()  # "since the uprising began": a tally, not an event
    history_units: frozenset[str] = frozenset()  # "48 years ago"
    state_adverbs: frozenset[str] = frozenset()  # "Israel still occupies": a state, not a taking
    achievement_heads: frozenset[str] = frozenset()  # "managed to retake": an infinitive that was done
    conflict_periods: frozenset[str] = frozenset()  # "killed in the uprising": the whole conflict
    period_preps: frozenset[str] = frozenset()  # "in", "during", "throughout" the conflict
    cumulative_words: frozenset[str] = frozenset()  # "thousands have been killed"
    toll_verbs: frozenset[str] = frozenset()  # the verbs of a death or injury toll
    cumulative_toll: float = float("inf")  # a perfect-tense toll this large counts the whole conflict
    # governors that a coordinated verb follows as a next step, not as their content
    # ("investigated a house and arrested a miner")
    coordinated_actions: frozenset[str] = frozenset()
    # governors that frame nothing in the passive ("a boy was called names and assaulted")
    passive_naming: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TriggerHit:
    entry: TriggerEntry
    start: int  # token offsets in the doc
    end: int
    head: int  # the token that carries the trigger's syntax


@dataclass
class LexiconHits:
    triggers: list[TriggerHit] = field(default_factory=list)
    classes: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def class_tokens(self, name: str) -> set[int]:
        return {i for s, e in self.classes.get(name, ()) for i in range(s, e)}


@dataclass(frozen=True)
class EventLexicon:
    triggers: tuple[TriggerEntry, ...]
    classes: dict[str, tuple[str, ...]]
    factuality: Factuality

    def entry(self, trigger_id: str) -> TriggerEntry:
        return next(t for t in self.triggers if t.id == trigger_id)

    def compile(self, nlp: Language) -> "CompiledLexicon":
        return CompiledLexicon(self, nlp)


class CompiledLexicon:
    """The lexicon's phrases as one spaCy Matcher over an nlp's vocabulary."""

    def __init__(self, lexicon: EventLexicon, nlp: Language):
        self.lexicon = lexicon
        phrases = sorted({p for t in lexicon.triggers for p in t.match}
                         | {p for words in lexicon.classes.values() for p in words})
        lemmas = phrase_lemmas(nlp, phrases)
        self._entries = {t.id: t for t in lexicon.triggers}
        self.patterns = [(f"T:{t.id}", [p for ph in t.match for p in phrase_patterns(ph, lemmas)])
                         for t in lexicon.triggers]
        self.patterns += [(f"C:{name}", [p for ph in words for p in phrase_patterns(ph, lemmas)])
                          for name, words in lexicon.classes.items()]
        self.matcher = build_matcher(nlp, self.patterns)

    def find(self, doc: Doc) -> LexiconHits:
        hits = LexiconHits()
        raw: list[TriggerHit] = []
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            kind, name = key.split(":", 1)
            if kind == "C":
                hits.classes.setdefault(name, []).append((start, end))
            else:
                raw.append(TriggerHit(self._entries[name], start, end, trigger_head(doc, start, end)))
        hits.triggers = drop_nested(raw)
        shield_words(hits)
        return hits


def build_matcher(nlp: Language, patterns: list[tuple[str, list[list[dict[str, Any]]]]]) -> Any:
    """The first-word-indexed matcher (the same matches, much faster than spaCy's Matcher on
    ~1,400 set-valued patterns); spaCy's Matcher when a pattern uses something it lacks."""
    try:
        fast = FirstWordMatcher(nlp.vocab)
        for key, group in patterns:
            fast.add(key, group)
        return fast
    except UnsupportedPattern:
        matcher = Matcher(nlp.vocab)
        for key, group in patterns:
            matcher.add(key, group)
        return matcher


def trigger_head(doc: Doc, start: int, end: int) -> int:
    """The verb or noun that carries a (possibly gapped) phrase's syntax."""
    span = doc[start:end]
    for tok in span:
        if tok.pos_ == "VERB":
            return tok.i
    return span.root.i


def drop_nested(hits: list[TriggerHit]) -> list[TriggerHit]:
    """A phrase inside a longer matched phrase is not a trigger of its own
    ("car bomb" inside "suicide car bomb", "attack" inside "drone attack")."""
    keep = []
    for h in hits:
        longer = any(o is not h and o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start)
                     for o in hits)
        if not longer:
            keep.append(h)
    seen: set[tuple[str, int, int]] = set()
    out = []
    for h in sorted(keep, key=lambda h: (h.start, h.end)):
        if (h.entry.id, h.start, h.end) not in seen:
            seen.add((h.entry.id, h.start, h.end))
            out.append(h)
    return out


SHIELD_CLASS = "not_events"


def shield_words(hits: LexiconHits) -> None:
    """Words inside a longer fixed phrase that means no event ("riot police", "flash mob",
    "torchlight vigil") are neither triggers nor evidence of their word classes; a trigger or
    class phrase as long as the shielding phrase itself is kept."""
    shields = hits.classes.get(SHIELD_CLASS, [])
    if not shields:
        return

    def shielded(start: int, end: int) -> bool:
        return any(s <= start and end <= e and (end - start) < (e - s) for s, e in shields)

    hits.triggers = [h for h in hits.triggers if not shielded(h.start, h.end)]
    for name, spans in hits.classes.items():
        if name != SHIELD_CLASS:
            hits.classes[name] = [(s, e) for s, e in spans if not shielded(s, e)]


def phrase_lemmas(nlp: Language, phrases: list[str]) -> dict[str, list[str]]:
    """Each word of each phrase with its lemma, by running the pipeline once over the words."""
    words = sorted({w.split("/")[0] for p in phrases for w in p.split() if w != GAP})
    out: dict[str, list[str]] = {}
    for word, doc in zip(words, nlp.pipe(words)):
        out[word] = [t.lemma_ for t in doc] if len(doc) else [word]
        out[word + "#tokens"] = [t.text for t in doc]
    return out


def variants(*forms: str) -> list[str]:
    out: set[str] = set()
    for f in forms:
        out.update({f, f.lower(), f.capitalize(), f.upper()})
    return sorted(out)


def inflections(*words: str) -> list[str]:
    """Regular English inflections, so a lemmatiser slip ("raped" -> "rap") cannot hide a trigger."""
    out: set[str] = set()
    for w in words:
        out.update({w, w + "s", w + "es", w + "d", w + "ed", w + "ing"})
        if w.endswith("e"):
            out.add(w[:-1] + "ing")
        if w.endswith("y"):
            out.update({w[:-1] + "ies", w[:-1] + "ied"})
        if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou":
            out.update({w + w[-1] + "ed", w + w[-1] + "ing"})
    return sorted(out)


def phrase_patterns(phrase: str, lemmas: dict[str, list[str]]) -> list[list[dict[str, Any]]]:
    """Two Matcher patterns per phrase: on lemmas and on surface forms."""
    by_lemma: list[dict[str, Any]] = []
    by_form: list[dict[str, Any]] = []
    words = phrase.split()
    single = len([w for w in words if w != GAP]) == 1
    for word in words:
        if word == GAP:
            by_lemma.extend({"OP": "?"} for _ in range(MAX_GAP))
            by_form.extend({"OP": "?"} for _ in range(MAX_GAP))
            continue
        text, _, pos = word.partition("/")
        pieces = lemmas.get(text + "#tokens", [text])
        pieces_lemma = lemmas.get(text, pieces)
        for surface, lemma in zip(pieces, pieces_lemma):
            lem = {"LEMMA": {"IN": variants(surface, lemma)}}
            form = {"LOWER": {"IN": inflections(surface.lower(), lemma.lower())}}
            if pos:
                lem["POS"] = form["POS"] = pos
            elif single and text.islower():
                # lower-case vocabulary never names a person, group or place ("Rally", "March")
                lem["POS"] = form["POS"] = {"NOT_IN": ["PROPN"]}
            by_lemma.append(lem)
            by_form.append(form)
    return [by_lemma, by_form]


# ---------------------------------------------------------------- loading


def load_event_lexicon(path: str | Path | None = None, taxonomy: Taxonomy | None = None) -> EventLexicon:
    raw = yaml.safe_load(Path(path or DEFAULT_LEXICON).read_text(encoding="utf-8"))
    triggers = tuple(parse_trigger(t) for t in raw["triggers"])
    classes = {str(k): tuple(str(w) for w in v) for k, v in (raw.get("classes") or {}).items()}
    f = raw.get("factuality") or {}
    factuality = Factuality(*(frozenset(str(w).lower() for w in f.get(k) or ()) for k in (
        "nonfactual_governors", "modals", "negations", "conditionals", "hypothetical_heads", "background",
        "topic_preps", "topic_heads", "topic_of_heads", "opening_quotes", "closing_quotes", "plain_quotes",
        "conflict_words", "history_units", "state_adverbs", "achievement_heads", "conflict_periods",
        "period_preps", "cumulative_words", "toll_verbs")), cumulative_toll=float(f.get("cumulative_toll") or "inf"),
        coordinated_actions=frozenset(str(w).lower() for w in f.get("coordinated_actions") or ()),
        passive_naming=frozenset(str(w).lower() for w in f.get("passive_naming") or ()))
    lexicon = EventLexicon(triggers, classes, factuality)
    validate_lexicon(lexicon, taxonomy or load_taxonomy())
    return lexicon


def parse_trigger(raw: dict[str, Any]) -> TriggerEntry:
    rules = tuple(Rule(dict(r["when"]), str(r["then"])) for r in raw.get("rules") or ())
    return TriggerEntry(
        id=str(raw["id"]), match=tuple(str(m) for m in raw["match"]), type=str(raw["type"]),
        strength=float(raw.get("strength", 0.7)), generic=bool(raw.get("generic", False)),
        outcome=bool(raw.get("outcome", False)),
        agent=str(raw.get("agent", "subject")), needs_actor=bool(raw.get("needs_actor", False)), rules=rules,
        requires=tuple((raw.get("requires") or {}).items()),
    )


def validate_lexicon(lexicon: EventLexicon, taxonomy: Taxonomy) -> None:
    known = set(taxonomy.sub_event_types)
    ids = [t.id for t in lexicon.triggers]
    if len(ids) != len(set(ids)):
        raise LexiconError("trigger ids must be unique")
    for t in lexicon.triggers:
        if t.type not in known:
            raise LexiconError(f"trigger {t.id}: unknown sub_event_type {t.type!r}")
        if not t.match:
            raise LexiconError(f"trigger {t.id}: no phrases")
        if t.agent not in ("subject", "context"):
            raise LexiconError(f"trigger {t.id}: agent must be subject or context")
        for r in (*t.rules, Rule(dict(t.requires), t.type)):
            if r.then not in known:
                raise LexiconError(f"trigger {t.id}: rule gives unknown sub_event_type {r.then!r}")
            bad = set(r.when) - CONDITION_KEYS
            if bad:
                raise LexiconError(f"trigger {t.id}: unknown rule conditions {sorted(bad)}")
            for key in ("object", "object_not", "sentence", "sentence_not", "nearby", "governor", "object_all", "following", "victim_is"):
                names = r.when.get(key, [])
                for name in names if isinstance(names, list) else [names]:  # object_not may name several
                    if name not in lexicon.classes:
                        raise LexiconError(f"trigger {t.id}: unknown word class {name!r}")


__all__ = ["EventLexicon", "TriggerEntry", "Rule", "Factuality", "TriggerHit", "LexiconHits",
           "CompiledLexicon", "load_event_lexicon", "LexiconError"]
