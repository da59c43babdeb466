"""spaCy's attribute ruler (tag -> POS and morphology, a few lemma and POS exceptions), with
its rules found by an index instead of spaCy's Matcher.

The English pipeline's ruler holds ~180 one- or two-token rules such as `{"TAG": "NN"}` or
`{"LOWER": "it", "DEP": "nsubj"}`. spaCy's Matcher tries every rule at every token, which
costs more than the tagger and parser together on the sentences the coder parses. Here a rule
is looked up by its first token's lower-case form or tag and then checked, so each token meets
only the few rules it can match. The matches, their order and the annotation written are
spaCy's own (`AttributeRuler.set_annotations` writes them); a ruler with a rule this module
cannot read keeps spaCy's matching.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from spacy.tokens import Doc

Row = tuple[int, ...]  # a token's INDEXED attributes as `Doc.to_array` gives them (strings by hash)
Check = Callable[[Row], bool]
INDEXED = ("LOWER", "TAG", "DEP", "IS_SPACE")  # the first a rule's first token names is its index
MAX_VERDICTS = 200_000


class UnreadableRule(ValueError):
    """A rule with an attribute or operator this module does not implement."""


@dataclass(frozen=True)
class Rule:
    attr_id: int  # the ruler's rule number: later rules win, as in spaCy
    key: int  # the match id spaCy's Matcher reports (the hash of str(attr_id))
    tokens: tuple[tuple[Check, ...], ...]  # the first token's indexed condition is left out: the index checked it

    def matches_at(self, rows: list[Row], start: int) -> bool:
        if start + len(self.tokens) > len(rows):
            return False
        return all(check(rows[start + k]) for k, checks in enumerate(self.tokens) for check in checks)

    @property
    def checked_by_index(self) -> bool:
        return len(self.tokens) == 1 and not self.tokens[0]


def condition(attr: str, spec: Any, strings: Any) -> Check:
    """One attribute condition of a rule token as a test on a token's row."""
    if attr not in INDEXED:
        raise UnreadableRule(f"attribute {attr}")
    j = INDEXED.index(attr)
    if isinstance(spec, bool):
        return lambda row: bool(row[j]) == spec
    if not isinstance(spec, dict):
        value = strings.add(spec)
        return lambda row: row[j] == value
    if len(spec) != 1:
        raise UnreadableRule(f"condition {spec!r}")
    op, arg = next(iter(spec.items()))
    if op == "IN":
        values = frozenset(strings.add(v) for v in arg)
        return lambda row: row[j] in values
    if op == "NOT_IN":
        values = frozenset(strings.add(v) for v in arg)
        return lambda row: row[j] not in values
    if op == "REGEX":
        rx = re.compile(arg)
        return lambda row: rx.search(strings[row[j]]) is not None
    raise UnreadableRule(f"operator {op}")


def index_values(token: dict[str, Any], attr: str) -> tuple[Any, ...] | None:
    """The values of `attr` a rule's first token must take, when the rule says them."""
    spec = token.get(attr)
    if isinstance(spec, (str, bool)):
        return (spec,)
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return tuple(spec["IN"])
    return None


class FastAttributeRules:
    """`match(doc)` returns what the ruler's own `match(doc)` returns."""

    def __init__(self, ruler: Any):
        self.ruler = ruler
        self.index: dict[str, dict[Any, list[Rule]]] = {attr: {} for attr in INDEXED}
        self.anywhere: list[Rule] = []
        self.by_lower_test: list[Rule] = []  # first token tested on its lower-case form only (a REGEX)
        self._lower_verdicts: dict[int, tuple[Rule, ...]] = {}  # lower-case form -> by_lower_test rules it passes
        strings = ruler.vocab.strings
        for attr_id, entry in enumerate(ruler.patterns):
            key = strings.add(str(attr_id))
            for pattern in entry["patterns"]:
                self._add(attr_id, key, pattern, strings)

    def _add(self, attr_id: int, key: int, pattern: list[dict[str, Any]], strings: Any) -> None:
        first = pattern[0]
        attr = next((a for a in INDEXED if index_values(first, a) is not None), None)
        checks = tuple(tuple(condition(a, s, strings) for a, s in tok.items() if not (k == 0 and a == attr))
                       for k, tok in enumerate(pattern))
        rule = Rule(attr_id, key, checks)
        if attr is None:
            (self.by_lower_test if set(first) == {"LOWER"} else self.anywhere).append(rule)
            return
        for v in index_values(first, attr) or ():  # strings by their hash, as `Doc.to_array` gives them
            self.index[attr].setdefault(v if isinstance(v, bool) else strings.add(v), []).append(rule)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found: set[tuple[int, int, int, int]] = set()
        lower, tag, dep, space = (self.index[a] for a in INDEXED)
        none: tuple[Rule, ...] = ()
        rows = [tuple(r) for r in doc.to_array(list(INDEXED)).tolist()]
        for i, (lo, tg, dp, sp) in enumerate(rows):
            for rule in (*lower.get(lo, none), *tag.get(tg, none), *dep.get(dp, none),
                         *space.get(bool(sp), none), *self._tested_on_lower(lo), *self.anywhere):
                if rule.checked_by_index or rule.matches_at(rows, i):
                    found.add((rule.attr_id, rule.key, i, i + len(rule.tokens)))
        return sorted(found)

    def _tested_on_lower(self, lower: int) -> tuple[Rule, ...]:
        """The by_lower_test rules whose first token a word with this lower-case form passes;
        each form is tested once (the verdicts are kept, a bounded number of them)."""
        verdict = self._lower_verdicts.get(lower)
        if verdict is None:
            if len(self._lower_verdicts) > MAX_VERDICTS:
                self._lower_verdicts.clear()
            row = (lower, 0, 0, 0)
            verdict = self._lower_verdicts[lower] = tuple(
                r for r in self.by_lower_test if all(check(row) for check in r.tokens[0]))
        return verdict

    def __call__(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.match(doc))
        return doc


def fast_attribute_rules(ruler: Any) -> FastAttributeRules | None:
    """The fast matcher of a spaCy attribute ruler, or None when one of its rules is unreadable."""
    try:
        return FastAttributeRules(ruler)
    except UnreadableRule:
        return None


__all__ = ["FastAttributeRules", "fast_attribute_rules", "UnreadableRule"]
