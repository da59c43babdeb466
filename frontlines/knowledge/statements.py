"""The statement lexicon (``data/statement_lexicon.yaml``): cue phrases for relations
("fought alongside", "a branch of", "clashes between") and territorial control ("an ISIS
stronghold", "X-held", "claimed control of"), with the small word lists the statement reader
needs (past markers, anaphors, claim verbs).

`load_statement_lexicon()` validates the file and names the entry at fault, so an analyst
editing it sees what to fix. Each cue's phrases compile to one regular expression
(`StatementCue.pattern`); the reader runs one alternation of all of them per text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_STATEMENT_LEXICON = DATA_DIR / "statement_lexicon.yaml"

RELATION_KINDS = frozenset({"ally", "hostile", "member_of", "affiliated_with"})
CONTROL_STATUSES = frozenset({"controlled", "contested", "claimed"})
RELATION_FRAMES = frozenset({"subject_object", "mutual", "between", "list_of", "possessive", "compound", "targets"})
CONTROL_FRAMES = frozenset({"holder_object", "place_appositive", "compound_place", "place_by_actor",
                            "place_possessed", "contested"})
HYPHEN_FRAMES = frozenset({"compound", "compound_place"})
# Between two words of a phrase: spaces and the quotation marks news puts round a quoted word.
WORD_GAP = r"[\s\"“”‘’«»]+"
LETTERS = re.compile(r"[^\W\d_]+")


class StatementLexiconError(ValueError):
    pass


@dataclass(frozen=True)
class StatementCue:
    id: str
    frame: str
    phrases: tuple[str, ...]
    kind: str = ""  # relations: ally | hostile | member_of | affiliated_with
    status: str = ""  # control: controlled | contested | claimed
    reverse: bool = False  # the frame names the parent first (member_of / affiliated_with)

    @property
    def pattern(self) -> str:
        """One regex for all phrases; a compound cue follows a hyphen ("Al-Qaeda-affiliated")."""
        return "|".join(phrase_regex(p, after_hyphen=self.frame in HYPHEN_FRAMES) for p in self.phrases)


@dataclass(frozen=True)
class StatementLexicon:
    relations: tuple[StatementCue, ...]
    control: tuple[StatementCue, ...]
    past_markers: tuple[str, ...]
    past_auxiliaries: frozenset[str]
    negations: tuple[str, ...]
    anaphors: tuple[str, ...]
    pair_anaphors: tuple[str, ...]
    group_nouns: frozenset[str]
    clause_breaks: tuple[str, ...]
    declare_verbs: frozenset[str]
    holder_kinds: frozenset[str]
    generic_kinds: frozenset[str]
    territory_sub_events: frozenset[str]
    claim_verbs: frozenset[str]
    claim_openers: tuple[str, ...]
    speaker_words: tuple[str, ...]
    max_subject_gap: int = 6
    max_object_gap: int = 4

    @property
    def cues(self) -> tuple[StatementCue, ...]:
        return self.relations + self.control


def phrase_regex(phrase: str, after_hyphen: bool = False) -> str:
    """"[a|an] branch|wing of" -> a regex over the words with `WORD_GAP` between them; a word
    in brackets may be left out. A compound cue follows a hyphen ("Al-Qaeda-affiliated")."""
    opening = r"(?<=\w-)" if after_hyphen else r"(?<![\w-])"
    return rf"{opening}{phrase_body(phrase)}"


def phrase_body(phrase: str) -> str:
    """The regex of a phrase's words, without what must stand before it."""
    body = ""
    for k, word in enumerate(phrase.split()):
        optional = word.startswith("[") and word.endswith("]")
        alts = "|".join(re.escape(w) for w in sorted(word.strip("[]").split("|"), key=len, reverse=True))
        if k == 0:
            body = f"(?:(?:{alts}){WORD_GAP})?" if optional else f"(?:{alts})"
        elif optional:
            body += f"(?:{WORD_GAP}(?:{alts}))?"
        elif body.endswith(f"{WORD_GAP})?"):  # after a leading optional word: its gap is taken
            body += f"(?:{alts})"
        else:
            body += f"{WORD_GAP}(?:{alts})"
    return rf"(?:{body})(?!\w)"


def first_words(phrase: str) -> frozenset[str]:
    """The lower-case letters a match of the phrase can open with ("cease" of "cease-fire"):
    the reader tries a phrase only where one of them starts a word."""
    words = phrase.split()
    opening = [words[0]] + ([words[1]] if words[0].startswith("[") and len(words) > 1 else [])
    out = set()
    for word in opening:
        for alt in word.strip("[]").split("|"):
            m = LETTERS.match(alt.lower())
            if m:
                out.add(m.group())
    return frozenset(out)


def load_statement_lexicon(path: str | Path | None = None) -> StatementLexicon:
    where = Path(path or DEFAULT_STATEMENT_LEXICON)
    raw = yaml.safe_load(where.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise StatementLexiconError(f"{where}: expected a mapping at the top")
    relations = tuple(parse_cue(r, where, "relations") for r in raw.get("relations") or ())
    control = tuple(parse_cue(r, where, "control") for r in raw.get("control") or ())
    ids = [c.id for c in relations + control]
    if len(ids) != len(set(ids)):
        raise StatementLexiconError(f"{where}: cue ids must be unique: {sorted({i for i in ids if ids.count(i) > 1})}")
    words = lambda key: tuple(str(w).lower() for w in raw.get(key) or ())
    return StatementLexicon(
        relations=relations, control=control,
        past_markers=words("past_markers"), past_auxiliaries=frozenset(words("past_auxiliaries")),
        negations=words("negations"), anaphors=words("anaphors"), pair_anaphors=words("pair_anaphors"),
        group_nouns=frozenset(words("group_nouns")), clause_breaks=words("clause_breaks"),
        declare_verbs=frozenset(words("declare_verbs")), holder_kinds=frozenset(words("holder_kinds")),
        generic_kinds=frozenset(words("generic_kinds")),
        territory_sub_events=frozenset(str(w) for w in raw.get("territory_sub_events") or ()),
        claim_verbs=frozenset(words("claim_verbs")), claim_openers=words("claim_openers"),
        speaker_words=words("speaker_words"),
        max_subject_gap=int(raw.get("max_subject_gap", 6)), max_object_gap=int(raw.get("max_object_gap", 4)),
    )


def parse_cue(row: Any, where: Path, section: str) -> StatementCue:
    if not isinstance(row, dict) or not {"id", "frame", "phrases"} <= set(row):
        raise StatementLexiconError(f"{where}: {section} entries need id, frame, phrases: {row!r}")
    cue = StatementCue(id=str(row["id"]), frame=str(row["frame"]), phrases=tuple(str(p) for p in row["phrases"]),
                       kind=str(row.get("kind", "")), status=str(row.get("status", "")),
                       reverse=bool(row.get("reverse", False)))
    frames, values, value = ((RELATION_FRAMES, RELATION_KINDS, cue.kind) if section == "relations"
                             else (CONTROL_FRAMES, CONTROL_STATUSES, cue.status))
    if cue.frame not in frames:
        raise StatementLexiconError(f"{where}: {section} {cue.id!r}: frame must be one of {sorted(frames)}")
    if value not in values:
        raise StatementLexiconError(f"{where}: {section} {cue.id!r}: kind/status must be one of {sorted(values)}")
    if not cue.phrases:
        raise StatementLexiconError(f"{where}: {section} {cue.id!r}: no phrases")
    for p in cue.phrases:
        try:
            re.compile(phrase_regex(p))
        except re.error as exc:
            raise StatementLexiconError(f"{where}: {section} {cue.id!r}: phrase {p!r}: {exc}") from exc
    return cue


__all__ = ["StatementCue", "StatementLexicon", "StatementLexiconError", "load_statement_lexicon", "phrase_regex"]
