"""A token-pattern matcher for the event lexicon's patterns, indexed by their first word.

The lexicon compiles to ~1,400 spaCy Matcher patterns whose tokens are `LEMMA IN [...]` or
`LOWER IN [...]` sets (optionally with a POS condition) and `{"OP": "?"}` gaps. spaCy's
Matcher tries every pattern at every token and checks set predicates in Python, which costs
more than parsing the text. Here a dictionary from first words to patterns picks the few
patterns that can start at a token; the rest of a pattern is checked token by token.

Results are spaCy's: every distinct (key, start, end) once; for one (start, end) the keys come
in the order they were added (the order the event coder reads tied triggers in).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token


class UnsupportedPattern(ValueError):
    """A pattern token this matcher does not implement (use spaCy's Matcher instead)."""


@dataclass(frozen=True)
class Step:
    """One pattern token; `gap` is an optional any-token (`{"OP": "?"}`)."""
    attr: str = ""  # "LEMMA" | "LOWER"
    values: frozenset[str] = frozenset()
    pos: str | None = None
    pos_not: frozenset[str] = frozenset()
    gap: bool = False

    def accepts(self, tok: Token) -> bool:
        value = tok.lemma_ if self.attr == "LEMMA" else tok.lower_
        if value not in self.values:
            return False
        if self.pos is not None and tok.pos_ != self.pos:
            return False
        return not (self.pos_not and tok.pos_ in self.pos_not and not opening_word(tok))


def opening_word(tok: Token) -> bool:
    """"Shelling Khan al-Shih leaves injured", "Massacre in Saraqib claims 7 lives": a
    sentence's capitalised first word is tagged as a name for its capital; but no name is a
    gerund, and a word that starts no entity names nothing ("March 15" is a date, "Rally
    Ukraine" an organisation)."""
    if not (tok.is_sent_start and tok.text[:1].isupper() and tok.text[1:].islower()):
        return False
    return tok.lower_.endswith("ing") or not tok.ent_type_



def parse_step(spec: dict[str, Any]) -> Step:
    if spec == {"OP": "?"}:
        return Step(gap=True)
    rest = dict(spec)
    pos = rest.pop("POS", None)
    if len(rest) != 1:
        raise UnsupportedPattern(f"pattern token {spec!r}")
    attr, cond = next(iter(rest.items()))
    if attr not in ("LEMMA", "LOWER") or not (isinstance(cond, dict) and set(cond) == {"IN"}):
        raise UnsupportedPattern(f"pattern token {spec!r}")
    values = frozenset(cond["IN"]) if attr == "LEMMA" else frozenset(v.lower() for v in cond["IN"])
    if pos is None or isinstance(pos, str):
        return Step(attr, values, pos=pos)
    if isinstance(pos, dict) and set(pos) == {"NOT_IN"}:
        return Step(attr, values, pos_not=frozenset(pos["NOT_IN"]))
    raise UnsupportedPattern(f"pattern token {spec!r}")


class FirstWordMatcher:
    """Add `(key, patterns)` like spaCy's `Matcher.add`; call on a Doc for (key_id, start, end).

    Keys are interned in the doc's vocabulary, so the ids are the ones spaCy's Matcher gives.
    """

    def __init__(self, vocab: Any):
        self.vocab = vocab
        self.patterns: list[tuple[int, int, tuple[Step, ...]]] = []  # (key rank, key id, steps)
        self._by_lemma: dict[int, list[int]] = {}  # first words by their hash in the vocabulary's strings
        self._by_form: dict[int, list[int]] = {}
        self._keys: list[str] = []

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        key_id = self.vocab.strings.add(key)
        rank = len(self._keys)
        self._keys.append(key)
        for p in patterns:
            steps = tuple(parse_step(s) for s in p)
            if not steps or steps[0].gap or steps[-1].gap:
                raise UnsupportedPattern(f"{key}: a pattern must start and end with a word")
            index = self._by_lemma if steps[0].attr == "LEMMA" else self._by_form
            n = len(self.patterns)
            self.patterns.append((rank, key_id, steps))
            for v in steps[0].values:
                index.setdefault(self.vocab.strings.add(v), []).append(n)

    def __len__(self) -> int:
        return len(self._keys)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        found: dict[tuple[int, int, int], int] = {}  # (start, end, key id) -> key rank
        # token words as hashes: a Token object is made only where a pattern may start
        for i, (form, lemma) in enumerate(doc.to_array([LOWER, LEMMA]).tolist()):
            candidates = self._candidates(form, lemma)
            if not candidates:
                continue
            tok = doc[i]
            for n in candidates:
                rank, key_id, steps = self.patterns[n]
                if not steps[0].accepts(tok):
                    continue
                for end in ends(doc, steps, 1, tok.i + 1):
                    found.setdefault((tok.i, end, key_id), rank)
        order = sorted(found.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[1]))
        return [(key_id, start, end) for (start, end, key_id), _ in order]

    def _candidates(self, form: int, lemma: int) -> set[int]:
        out = set(self._by_form.get(form, ()))
        out.update(self._by_lemma.get(lemma, ()))
        return out


def ends(doc: Doc, steps: tuple[Step, ...], k: int, i: int) -> set[int]:
    """Token positions where steps[k:] can end when matched from token i on."""
    if k == len(steps):
        return {i}
    step = steps[k]
    if step.gap:  # zero or one token of any kind
        out = ends(doc, steps, k + 1, i)
        if i < len(doc):
            out |= ends(doc, steps, k + 1, i + 1)
        return out
    if i < len(doc) and step.accepts(doc[i]):
        return ends(doc, steps, k + 1, i + 1)
    return set()


__all__ = ["FirstWordMatcher", "UnsupportedPattern", "Step", "parse_step"]
