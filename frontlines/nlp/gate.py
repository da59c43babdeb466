"""Parse only what can carry an event: the gated spaCy pass the coder runs on long texts.

A full spaCy parse of every sentence costs more than all coder stages together, yet most
sentences of a long article carry no event trigger. `GatedParser` gives the coder one Doc per
text, with the text's exact tokens and character offsets, where

- every token has the named entities of a full pass (NER runs over the whole text: it has its
  own token embedding, and the places and country stages read entities in every sentence);
- sentences whose words can form a trigger phrase, in the phrase's order (`trigger_words`),
  and their neighbours (`GateConfig.context`), get the full annotation (tags, lemmas,
  dependency parse);
- the other sentences are only tokenised and split by punctuation and line breaks; their tokens
  hang flat from the sentence's first token with the unclassified label ``dep`` and have no tag
  or lemma, so the coder's syntax rules find nothing there.

Short texts (ACLED notes, headlines, snippets: below `GateConfig.full_below` tokens) are parsed
whole: gating would save little and every sentence of them matters.

A short text in Title Case ("Warplanes Target A School in Jisr Al-Shughur City and Kill 4
Citizens", a news title) is parsed with its capitalised lexicon and function words in lower case
(`recased`: same length, so every offset holds; names and other words keep their capitals),
and the parse is laid over the text's own tokens: tagged as it is, every word of such a title is
a name and no trigger or clause is found in it.

Both passes run the pipeline's attribute ruler through `nlp.attributes.FastAttributeRules`
(the same rules and annotation, found by an index: spaCy's Matcher cost more than the tagger
and parser together).
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterable, Iterator, Sequence

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from frontlines.nlp.attributes import FastAttributeRules, fast_attribute_rules

ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP]

SENTENCE_END = frozenset({".", "!", "?", "...", "…"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "''"})


@dataclass(frozen=True)
class GateConfig:
    full_below: int = 150  # texts with fewer tokens are parsed whole
    # sentences before and after a trigger sentence parsed with it: 1 reproduced the full
    # parse's events on every long text tried but parses ~2/3 of a wire article, 0 ~2/5
    context: int = 0


Step = frozenset[str] | None  # the forms one pattern token may take; None: an optional gap token


@dataclass(frozen=True)
class TriggerWords:
    """The word sequences a sentence needs to match a trigger pattern: a sentence can only hold
    a match when, for some pattern, its tokens take one of the pattern's forms in the
    pattern's order (gaps included); tags and lemmas are left to the full parse. Patterns are
    indexed by one anchor word each, and the cheap test that every word is present runs
    before the order is checked."""
    index: dict[str, tuple[tuple[Step, ...], ...]]

    def __bool__(self) -> bool:
        return bool(self.index)

    def hit(self, words: Sequence[str]) -> bool:
        """Can a sentence with these lower-case tokens, in this order, match a pattern?"""
        present = set(words)
        for w in present:
            for steps in self.index.get(w, ()):
                if all(st is None or not present.isdisjoint(st) for st in steps) and in_order(words, steps):
                    return True
        return False


def in_order(words: Sequence[str], steps: tuple[Step, ...]) -> bool:
    """Do the steps match a run of `words` somewhere?"""
    return any(w in steps[0] and follows(words, steps, 1, i + 1) for i, w in enumerate(words))  # type: ignore[operator]


def follows(words: Sequence[str], steps: tuple[Step, ...], k: int, i: int) -> bool:
    if k == len(steps):
        return True
    step = steps[k]
    if step is None:  # zero or one token of any kind
        return follows(words, steps, k + 1, i) or (i < len(words) and follows(words, steps, k + 1, i + 1))
    return i < len(words) and words[i] in step and follows(words, steps, k + 1, i + 1)


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
    index: dict[str, list[tuple[Step, ...]]] = {}
    for key, group in patterns:
        if not key.startswith(prefix):
            continue
        for p in group:
            steps = tuple(pattern_step(widen, t) for t in p)
            words = [st for st in steps if st is not None]
            if not words:
                continue
            anchor = min(words, key=lambda st: (bool(st & stop), -min(map(len, st))))
            for w in anchor:
                index.setdefault(w, []).append(steps)
    return TriggerWords({w: tuple(dict.fromkeys(v)) for w, v in index.items()})


def pattern_step(widen: "Widener", token: dict[str, Any]) -> Step:
    """One pattern token as the forms it may take; a token with no word condition (a gap, or
    a tag-only token) may be any word."""
    for attr in ("LEMMA", "LOWER"):
        if isinstance(token.get(attr), dict) and "IN" in token[attr]:
            return widen(attr, token[attr]["IN"])
    if token.get("OP") == "?":
        return None
    raise ValueError(f"gate: pattern token {token!r} has no word condition")


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
    hits = [words.hit([t.lower_ for t in doc[s:e]]) for s, e in sentences]
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


TITLE_MIN_WORDS = 4  # capitalised words of four letters or more that make a text a Title-Case title


def title_cased(doc: Doc) -> bool:
    """Every word of four letters or more is capitalised (all-capital acronyms and function
    words such as "from" aside), and there are at least `TITLE_MIN_WORDS` of them: a title, not
    a sentence."""
    n = 0
    for t in doc:
        if len(t) >= 4 and t.is_alpha and not t.is_upper and not t.is_stop:
            if not t.text[0].isupper():
                return False
            n += 1
    return n >= TITLE_MIN_WORDS


def recased(doc: Doc, plain_words: frozenset[str]) -> str:
    """The text with its capitalised words (not the first) lower-cased where they are words of
    `plain_words`; same length, so the tokens keep their offsets."""
    chars = list(doc.text)
    for t in doc:
        if t.i > 0 and t.is_alpha and t.text[0].isupper() and (len(t) == 1 or t.text[1:].islower()) \
                and t.lower_ in plain_words:
            chars[t.idx] = t.text[0].lower()
    return "".join(chars)


def carry_over(doc: Doc, parsed: Doc) -> Doc:
    """`parsed`'s annotation and entities on `doc`'s tokens (the same tokens, other capitals)."""
    doc.from_array(ATTRS, parsed.to_array(ATTRS))
    doc.ents = [Span(doc, e.start, e.end, label=e.label) for e in parsed.ents]
    return doc


def plain_words(nlp: Language, patterns: list[tuple[str, list[list[dict[str, Any]]]]]) -> frozenset[str]:
    """The common words a Title-Case title may be parsed in lower case: every form of the
    lexicon's trigger and class phrases, and the pipeline's stop words."""
    widen = Widener.of(nlp)
    out: set[str] = set(nlp.Defaults.stop_words)
    for _, group in patterns:
        for p in group:
            for t in p:
                step = pattern_step(widen, t)
                if step is not None:
                    out.update(w for w in step if w.isalpha())
    return frozenset(out)


class GatedParser:
    """`parse_many(texts)` -> Docs as described in the module docstring."""

    def __init__(self, nlp: Language, words: TriggerWords, config: GateConfig | None = None,
                 titles: frozenset[str] = frozenset()):
        """`titles`: the words a Title-Case short text is parsed in lower case (`plain_words`);
        empty: such texts are parsed as they are."""
        self.nlp = nlp
        self.words = words
        self.titles = titles
        self.cfg = config or GateConfig()
        needed = {"ner", "parser"}
        self.enabled = needed <= set(nlp.pipe_names) and bool(words)
        self.without_ner = ["ner"]
        self.rules = rule_components(nlp)

    def parse(self, text: str) -> Doc:
        return next(self.parse_many([text]))

    def parse_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
        it = iter(texts)
        while batch := list(islice(it, batch_size)):
            yield from self._batch(batch, batch_size)

    def as_parsed(self, doc: Doc) -> Doc:
        """The Doc to parse for a short text: a Title-Case title recased (when its tokens stay
        the same), else the text's own."""
        if not self.titles or not title_cased(doc):
            return doc
        other = self.nlp.make_doc(recased(doc, self.titles))
        if len(other) != len(doc) or any(a.idx != b.idx for a, b in zip(doc, other)):
            return doc
        return other

    def _pipe(self, docs: Iterable[Doc], batch_size: int, disable: list[str]) -> Iterator[Doc]:
        """`nlp.pipe`, with the attribute ruler's rules found by `FastAttributeRules`."""
        if self.rules is None:
            yield from self.nlp.pipe(docs, batch_size=batch_size, disable=disable)
            return
        rules, after = self.rules
        for doc in self.nlp.pipe(docs, batch_size=batch_size, disable=[*disable, "attribute_ruler", *after]):
            rules(doc)
            for name in after:
                doc = self.nlp.get_pipe(name)(doc)
            yield doc

    def _batch(self, texts: list[str], batch_size: int) -> list[Doc]:
        if not self.enabled:
            return list(self._pipe(texts, batch_size, []))
        docs = [self.nlp.make_doc(t) for t in texts]
        short = [k for k, d in enumerate(docs) if len(d) < self.cfg.full_below]
        out: list[Doc | None] = [None] * len(docs)
        inputs = [self.as_parsed(docs[k]) for k in short]
        for k, src, full in zip(short, inputs, self._pipe(inputs, batch_size, [])):
            out[k] = full if src is docs[k] else carry_over(docs[k], full)
        long_ = [k for k in range(len(docs)) if out[k] is None]
        plans = {k: runs(parse_flags(docs[k], sents := rough_sentences(docs[k]), self.words, self.cfg.context),
                         sents) for k in long_}
        parts = [(k, sub_doc(docs[k], group[0][0], group[-1][1])) for k in long_
                 for flag, group in plans[k] if flag]  # copied before NER writes into docs
        parsed = iter(self._pipe((d for _, d in parts), batch_size, self.without_ner))
        entities = self.nlp.get_pipe("ner").pipe((docs[k] for k in long_), batch_size=batch_size)
        for k, doc in zip(long_, entities):
            annotate(doc, [(group, next(parsed) if flag else None) for flag, group in plans[k]])
            out[k] = doc
        return [d for d in out if d is not None]


# Components after the attribute ruler that read what it writes (POS) and run after it; the
# others there ("ner") read none of it and keep their batched run.
READS_RULER = ("lemmatizer",)
INDEPENDENT_OF_RULER = frozenset({"ner"})


def rule_components(nlp: Language) -> tuple[FastAttributeRules, tuple[str, ...]] | None:
    """The fast attribute rules and the components to run after them, when the pipeline's
    order allows running them apart (otherwise None: plain `nlp.pipe`)."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names:
        return None
    tail = names[names.index("attribute_ruler") + 1:]
    after = tuple(n for n in tail if n in READS_RULER)
    if any(n not in READS_RULER and n not in INDEPENDENT_OF_RULER for n in tail):
        return None
    rules = fast_attribute_rules(nlp.get_pipe("attribute_ruler"))
    return (rules, after) if rules is not None else None


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


__all__ = ["GatedParser", "GateConfig", "TriggerWords", "trigger_words", "rough_sentences", "plain_words",
           "title_cased", "recased"]
