"""Parse only what can carry an event: the gated spaCy pass the coder runs on long texts.

A full spaCy parse of every sentence costs more than all coder stages together, yet most
sentences of a long article carry no event trigger. `GatedParser` gives the coder one Doc per
text, with the text's exact tokens and character offsets, where

- every token has the named entities of a full pass (NER runs over the whole text: it has its
  own token embedding, and the places and country stages read entities in every sentence);
- sentences that hold a word that can open an event trigger (`trigger_words`), and their
  neighbours (`GateConfig.context`), get the full annotation (tags, lemmas, dependency parse);
- the other sentences are only tokenised and split by punctuation and line breaks; their tokens
  hang flat from the sentence's first token with the unclassified label ``dep`` and have no tag
  or lemma, so the coder's syntax rules find nothing there.

Short texts (ACLED notes, headlines, snippets: below `GateConfig.full_below` tokens) are parsed
whole: gating would save little and every sentence of them matters.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterable, Iterator

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP]

SENTENCE_END = frozenset({".", "!", "?", "...", "…"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "''"})


@dataclass(frozen=True)
class GateConfig:
    full_below: int = 150  # texts with fewer tokens are parsed whole
    # sentences before and after a trigger sentence parsed with it: 1 reproduced the full
    # parse's events on every long text tried but parses ~2/3 of a wire article, 0 ~2/5
    context: int = 0


@dataclass(frozen=True)
class TriggerWords:
    """The words a sentence needs to match a trigger pattern: a sentence can only hold a
    match when, for some pattern, each of its words appears in it in some form (order and
    gaps are left to the full parse). Patterns are indexed by one anchor word each."""
    index: dict[str, tuple[tuple[frozenset[str], ...], ...]]

    def __bool__(self) -> bool:
        return bool(self.index)

    def hit(self, words: set[str]) -> bool:
        """Can a sentence with these lower-case words match a pattern?"""
        for w in words:
            for steps in self.index.get(w, ()):
                if all(not words.isdisjoint(step) for step in steps):
                    return True
        return False


def trigger_words(nlp: Language, patterns: list[tuple[str, list[list[dict[str, Any]]]]],
                  prefix: str = "T:") -> TriggerWords:
    """The `TriggerWords` of the patterns of keys that start with `prefix` (the triggers).

    A `LOWER` word names its forms; a `LEMMA` word is widened to every form the lemmatizer can
    reduce to that lemma (its suffix rules run backwards, its exception table inverted), so the
    gate never drops a sentence the full parse would find a trigger in. The anchor is the least
    common-looking word ("fighting" of "heavy fighting", not "heavy").
    """
    stop = nlp.Defaults.stop_words
    widen = Widener.of(nlp)
    index: dict[str, list[tuple[frozenset[str], ...]]] = {}
    for key, group in patterns:
        if not key.startswith(prefix):
            continue
        for p in group:
            steps = tuple(widen(attr, t[attr]["IN"]) for t in p for attr in ("LEMMA", "LOWER")
                          if isinstance(t.get(attr), dict) and "IN" in t[attr])
            if not steps:
                continue
            anchor = min(steps, key=lambda st: (bool(st & stop), -min(map(len, st))))
            for w in anchor:
                index.setdefault(w, []).append(steps)
    return TriggerWords({w: tuple(dict.fromkeys(v)) for w, v in index.items()})


@dataclass(frozen=True)
class Widener:
    """Lemma -> the lower-case forms the pipeline's rule lemmatizer maps to it."""
    suffixes: tuple[tuple[str, str], ...]  # (form suffix, lemma suffix)
    exceptions: dict[str, frozenset[str]]

    @classmethod
    def of(cls, nlp: Language) -> "Widener":
        if "lemmatizer" not in nlp.pipe_names:
            return cls((), {})
        lookups = nlp.get_pipe("lemmatizer").lookups
        suffixes: set[tuple[str, str]] = set()
        if lookups.has_table("lemma_rules"):
            for rules in lookups.get_table("lemma_rules").values():
                suffixes.update((old, new) for old, new in rules)
        exceptions: dict[str, set[str]] = {}
        if lookups.has_table("lemma_exc"):
            for table in lookups.get_table("lemma_exc").values():
                for form, found in table.items():
                    for lem in found:
                        exceptions.setdefault(lem.lower(), set()).add(form.lower())
        return cls(tuple(sorted(suffixes)), {k: frozenset(v) for k, v in exceptions.items()})

    def __call__(self, attr: str, values: list[str]) -> frozenset[str]:
        out = {v.lower() for v in values}
        if attr == "LEMMA":
            for lem in list(out):
                out.update(lem[: len(lem) - len(new)] + old for old, new in self.suffixes if lem.endswith(new))
                out.update(self.exceptions.get(lem, ()))
        return frozenset(out)


def rough_sentences(doc: Doc) -> list[tuple[int, int]]:
    """[start, end) token ranges split after sentence punctuation (and closing quotes or
    brackets that follow it) and at line breaks, whitespace tokens kept with the sentence before."""
    out: list[tuple[int, int]] = []
    start, n = 0, len(doc)
    for i, tok in enumerate(doc):
        if i < start:
            continue  # a closer already taken into the previous sentence
        end = None
        if "\n" in tok.text or "\n" in tok.whitespace_:
            end = i + 1
        elif tok.text in SENTENCE_END:
            end = i + 1
            while end < n and doc[end].text in CLOSERS and "\n" not in doc[end - 1].whitespace_:
                end += 1
        if end is not None:
            while end < n and doc[end].is_space:
                end += 1  # spaCy hangs whitespace tokens on the sentence before: a sentence never opens with one
            out.append((start, end))
            start = end
    if start < n:
        out.append((start, n))
    return out


def parse_flags(doc: Doc, sentences: list[tuple[int, int]], words: TriggerWords, context: int) -> list[bool]:
    """Which sentences get the full parse: those that may hold a trigger, and their neighbours."""
    hits = [words.hit({t.lower_ for t in doc[s:e]}) for s, e in sentences]
    return [any(hits[max(0, k - context): k + context + 1]) for k in range(len(hits))]


def runs(flags: list[bool], sentences: list[tuple[int, int]]) -> list[tuple[bool, list[tuple[int, int]]]]:
    """Consecutive sentences with the same flag, grouped."""
    out: list[tuple[bool, list[tuple[int, int]]]] = []
    for flag, sent in zip(flags, sentences):
        if out and out[-1][0] == flag:
            out[-1][1].append(sent)
        else:
            out.append((flag, [sent]))
    return out


def sub_doc(doc: Doc, start: int, end: int) -> Doc:
    """Tokens [start, end) as a Doc of their own, with the same tokenisation."""
    toks = doc[start:end]
    return Doc(doc.vocab, words=[t.text for t in toks], spaces=[bool(t.whitespace_) for t in toks])


class GatedParser:
    """`parse_many(texts)` -> Docs as described in the module docstring."""

    def __init__(self, nlp: Language, words: TriggerWords, config: GateConfig | None = None):
        self.nlp = nlp
        self.words = words
        self.cfg = config or GateConfig()
        needed = {"ner", "parser"}
        self.enabled = needed <= set(nlp.pipe_names) and bool(words)
        self.without_ner = ["ner"]

    def parse(self, text: str) -> Doc:
        return next(self.parse_many([text]))

    def parse_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
        it = iter(texts)
        while batch := list(islice(it, batch_size)):
            yield from self._batch(batch, batch_size)

    def _batch(self, texts: list[str], batch_size: int) -> list[Doc]:
        if not self.enabled:
            return list(self.nlp.pipe(texts, batch_size=batch_size))
        docs = [self.nlp.make_doc(t) for t in texts]
        short = [k for k, d in enumerate(docs) if len(d) < self.cfg.full_below]
        out: list[Doc | None] = [None] * len(docs)
        for k, full in zip(short, self.nlp.pipe([docs[k] for k in short], batch_size=batch_size)):
            out[k] = full
        long_ = [k for k in range(len(docs)) if out[k] is None]
        plans = {k: runs(parse_flags(docs[k], sents := rough_sentences(docs[k]), self.words, self.cfg.context),
                         sents) for k in long_}
        parts = [(k, sub_doc(docs[k], group[0][0], group[-1][1])) for k in long_
                 for flag, group in plans[k] if flag]  # copied before NER writes into docs
        parsed = iter(self.nlp.pipe((d for _, d in parts), batch_size=batch_size, disable=self.without_ner))
        entities = self.nlp.get_pipe("ner").pipe((docs[k] for k in long_), batch_size=batch_size)
        for k, doc in zip(long_, entities):
            annotate(doc, [(group, next(parsed) if flag else None) for flag, group in plans[k]])
            out[k] = doc
        return [d for d in out if d is not None]


def annotate(doc: Doc, pieces: list[tuple[list[tuple[int, int]], Doc | None]]) -> None:
    """Copy the parsed pieces' annotation into `doc` (whose entities are kept). An unparsed
    piece's sentences get a flat tree: every token hangs from the sentence's first token with
    the unclassified label ``dep`` (so the sentence bounds hold) and has no tag or lemma."""
    array = numpy.zeros((len(doc), len(ATTRS)), dtype="uint64")
    root, dep = doc.vocab.strings.add("ROOT"), doc.vocab.strings.add("dep")
    head, label = ATTRS.index(HEAD), ATTRS.index(DEP)
    for sentences, parsed in pieces:
        lo = sentences[0][0]
        if parsed is not None:
            array[lo:lo + len(parsed)] = parsed.to_array(ATTRS)
            continue
        for s, e in sentences:
            array[s:e, head] = (s - numpy.arange(s, e, dtype="int64")).astype("uint64")
            array[s:e, label] = dep
            array[s, label] = root
    doc.from_array(ATTRS, array)


__all__ = ["GatedParser", "GateConfig", "TriggerWords", "trigger_words", "rough_sentences"]
