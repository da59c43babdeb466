"""The learned part of the coder: a sub-event-type classifier fitted to a user's coded data.

The rule coder decides *whether* there is an event and codes its actors, place, date and toll;
this classifier only reconsiders the sub-event type of each event the rules found. It reads the
event's evidence sentence(s) plus the rule coder's own sub-type (as one extra token, so it can
learn where the rules are right and where a phrasing means something else), and overrides the
rule sub-type only when its probability passes a threshold that training chose on held-out data.
The event type follows from the taxonomy.

The model is a spaCy TextCategorizer (bag-of-words unigrams + bigrams, exclusive classes) in a
blank English pipeline: fast to train on a few thousand notes on a CPU, no new dependency.
A model directory holds the spaCy pipeline and ``frontlines-model.json`` (labels, threshold,
training data hash and size, date, coder version); a model made for another coder version is
refused, because the rule sub-types it learned from may have changed.
"""
from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from frontlines.knowledge.taxonomy import Taxonomy
from frontlines.records import Event

META_FILE = "frontlines-model.json"
MODEL_FORMAT = "frontlines-subtype-classifier/1"
NO_EVENT = "none"
# Thresholds training tries; above 1.0 means "never override" (the rules are better everywhere).
NEVER = 1.01
THRESHOLDS = tuple(round(0.30 + 0.05 * i, 2) for i in range(14)) + (NEVER,)
BATCH = 16
SMALL_SET = 1000  # below this many examples the threshold is chosen by inner 3-fold CV
INNER_FOLDS = 3
# A small set (an analyst's few dozen corrections) gets more passes, so that the model makes at
# least this many updates: a linear model over a few words needs them to move off uniform.
MIN_UPDATES = 400
BOW_MODEL = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
             "no_output_layer": False, "length": 262144}


class ModelError(ValueError):
    """A model directory that cannot be used (missing, corrupt, or made for another coder version)."""


@dataclass(frozen=True)
class TrainingExample:
    """One coded text: what the classifier reads, what the rules said, what the coder recorded."""

    text: str
    rule_sub: str | None  # the rule coder's sub-type for this event; None when it found no event
    label: str  # the gold sub-event type


@dataclass(frozen=True)
class ModelMeta:
    labels: tuple[str, ...]
    threshold: float
    coder_version: str
    data_sha256: str
    n_examples: int
    trained_at: str
    source: str
    epochs: int
    format: str = MODEL_FORMAT


# ---------------------------------------------------------------- features


def rule_token(rule_sub: str | None) -> str:
    """The rule coder's sub-type as one word the tokenizer keeps whole ("rulearmedclash")."""
    return "rule" + re.sub(r"[^a-z]", "", (rule_sub or NO_EVENT).lower())


def model_text(text: str, rule_sub: str | None) -> str:
    """What the classifier reads. Digits are folded to 0 so dates and counts do not become
    thousands of one-off features ("On 23 May 2022" and "On 4 June 2021" look alike)."""
    return f"{rule_token(rule_sub)} {re.sub(r'[0-9]', '0', text)}"


def evidence_text(evidence: Iterable[Any]) -> str:
    """An event's text: its evidence sentences joined (objects with .text or contract dicts)."""
    parts = [e["text"] if isinstance(e, dict) else e.text for e in evidence]
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------- the model


class SubtypeClassifier:
    def __init__(self, nlp: Any, meta: ModelMeta):
        self.nlp = nlp
        self.meta = meta

    # ---- prediction

    def predict(self, texts: Sequence[str], rule_subs: Sequence[str | None]) -> list[tuple[str, float]]:
        """(best label, its probability) for each text."""
        docs = self.nlp.pipe(model_text(t, r) for t, r in zip(texts, rule_subs))
        return [max(doc.cats.items(), key=lambda kv: kv[1]) for doc in docs]

    def decide(self, rule_sub: str, label: str, prob: float, threshold: float | None = None) -> str:
        """The sub-type to keep: the model's when it is confident enough, else the rules'."""
        cut = self.meta.threshold if threshold is None else threshold
        return label if prob >= cut and label != rule_sub else rule_sub

    def apply(self, events: list[Event], taxonomy: Taxonomy) -> int:
        """Reconsider each event's sub-type in place; returns how many changed."""
        if not events:
            return 0
        preds = self.predict([evidence_text(e.evidence) for e in events], [e.sub_event_type for e in events])
        changed = 0
        for event, (label, prob) in zip(events, preds):
            sub = self.decide(event.sub_event_type, label, prob)
            if sub != event.sub_event_type:
                relabel(event, sub, taxonomy)
                changed += 1
        return changed

    def apply_to_contract(self, line: dict[str, Any], taxonomy: Taxonomy) -> dict[str, Any]:
        """The same decision on a `frontlines code` output line (a copy is returned): lets
        cross-validation re-use one coding of the data across folds."""
        events = [dict(e) for e in line.get("events") or []]
        if events:
            preds = self.predict([evidence_text(e.get("evidence") or []) for e in events],
                                 [e.get("sub_event_type") for e in events])
            for e, (label, prob) in zip(events, preds):
                sub = self.decide(e["sub_event_type"], label, prob)
                if sub != e["sub_event_type"]:
                    e["sub_event_type"], e["event_type"] = sub, taxonomy.event_type_of(sub)
                    e["civilian_targeting"] = taxonomy.civilian_targeting(sub, e.get("inter2"))
        return dict(line, events=events)

    # ---- persistence

    def save(self, path: str | Path) -> Path:
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        self.nlp.to_disk(out / "pipeline")
        (out / META_FILE).write_text(json.dumps(asdict(self.meta), indent=2), encoding="utf-8")
        return out

    @classmethod
    def load(cls, path: str | Path, coder_version: str) -> "SubtypeClassifier":
        import spacy

        folder = Path(path)
        meta_path = folder / META_FILE
        if not meta_path.is_file():
            raise ModelError(f"{folder} is not a frontlines model directory (no {META_FILE}); "
                             "make one with `frontlines train`")
        try:
            raw = json.loads(meta_path.read_text(encoding="utf-8"))
            meta = ModelMeta(**{**raw, "labels": tuple(raw["labels"])})
        except (ValueError, TypeError, KeyError) as exc:
            raise ModelError(f"{meta_path} is unreadable: {exc}") from exc
        if meta.format != MODEL_FORMAT:
            raise ModelError(f"{folder}: model format {meta.format!r}, this frontlines reads {MODEL_FORMAT!r}")
        if meta.coder_version != coder_version:
            raise ModelError(f"{folder} was trained with coder version {meta.coder_version}; this is "
                             f"{coder_version}: its rule features no longer match, retrain it with `frontlines train`")
        try:
            nlp = spacy.load(folder / "pipeline")
        except (OSError, ValueError) as exc:
            raise ModelError(f"{folder}/pipeline is not a loadable spaCy pipeline: {exc}") from exc
        return cls(nlp, meta)


def relabel(event: Event, sub: str, taxonomy: Taxonomy) -> None:
    """Give an event another sub-type; the event type and civilian targeting follow it."""
    event.sub_event_type = sub
    event.event_type = taxonomy.event_type_of(sub)
    event.civilian_targeting = taxonomy.civilian_targeting(sub, event.inter2)


# ---------------------------------------------------------------- training


def fit_textcat(examples: Sequence[TrainingExample], labels: Sequence[str], *, epochs: int, seed: int) -> Any:
    """A blank English pipeline with a bag-of-words TextCategorizer fitted to the examples."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": BOW_MODEL})
    for label in labels:
        textcat.add_label(label)
    data = [Example.from_dict(nlp.make_doc(model_text(x.text, x.rule_sub)),
                              {"cats": {lab: float(lab == x.label) for lab in labels}}) for x in examples]
    optimizer = nlp.initialize(lambda: data)
    order = random.Random(seed)
    batches = -(-len(data) // BATCH)
    for _ in range(max(epochs, -(-MIN_UPDATES // batches))):
        order.shuffle(data)
        for batch in minibatch(data, size=BATCH):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


def choose_threshold(preds: Sequence[tuple[str, float]], examples: Sequence[TrainingExample]) -> float:
    """The override threshold that makes the most held-out events right. Only events the rules
    found count (the model never creates an event). When "never override" is among the best,
    the model did not help there: keep the rules. Otherwise the middle of the best thresholds,
    away from both edges of what the held-out part could tell apart."""
    scored = [(p, x) for p, x in zip(preds, examples) if x.rule_sub is not None]

    def correct(cut: float) -> int:
        return sum((label if prob >= cut and label != x.rule_sub else x.rule_sub) == x.label
                   for (label, prob), x in scored)

    counts = {t: correct(t) for t in THRESHOLDS}
    best = [t for t in THRESHOLDS if counts[t] == max(counts.values())]
    return NEVER if NEVER in best else best[len(best) // 2]


def held_out_parts(examples: Sequence[TrainingExample], seed: int, holdout: float) -> list[list[TrainingExample]]:
    """The parts the threshold is chosen on, each predicted by a model fitted without it: one
    `holdout` share of a large set; every example, over 3 folds, of a small one (a few held-out
    examples would make the threshold a coin toss)."""
    shuffled = list(examples)
    random.Random(seed).shuffle(shuffled)
    if len(shuffled) < SMALL_SET:
        return [shuffled[i::INNER_FOLDS] for i in range(INNER_FOLDS)]
    return [shuffled[: max(1, int(len(shuffled) * holdout))]]


def train_classifier(examples: Sequence[TrainingExample], *, coder_version: str, data_sha256: str = "",
                     source: str = "", epochs: int = 8, seed: int = 0, holdout: float = 0.2) -> SubtypeClassifier:
    """Fit the classifier: choose the override threshold on held-out predictions, then fit on
    all the examples."""
    if len({x.label for x in examples}) < 2:
        raise ValueError("training needs coded examples of at least two sub-event types")
    labels = tuple(sorted({x.label for x in examples}))
    meta = ModelMeta(labels=labels, threshold=NEVER, coder_version=coder_version, data_sha256=data_sha256,
                     n_examples=len(examples), trained_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     source=source, epochs=epochs)
    preds: list[tuple[str, float]] = []
    held: list[TrainingExample] = []
    for part in held_out_parts(examples, seed, holdout):
        ids = {id(x) for x in part}
        probe = SubtypeClassifier(fit_textcat([x for x in examples if id(x) not in ids], labels,
                                              epochs=epochs, seed=seed), meta)
        preds += probe.predict([x.text for x in part], [x.rule_sub for x in part])
        held += part
    threshold = choose_threshold(preds, held)
    final = fit_textcat(examples, labels, epochs=epochs, seed=seed)
    return SubtypeClassifier(final, ModelMeta(**{**asdict(meta), "threshold": threshold}))


__all__ = ["ModelError", "ModelMeta", "SubtypeClassifier", "TrainingExample", "choose_threshold",
           "evidence_text", "model_text", "relabel", "train_classifier"]
