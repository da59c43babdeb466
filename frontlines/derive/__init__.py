"""derive stage: relations (alliance/hostility/membership) and territorial control over time.

On a store (``frontlines.api.relations`` / ``api.control`` do this)::

    events = list(store.iter_events())
    relations = derive_relations(events, affiliations, statements=store.iter_statements("relation"))
    facts = derive_control(events, statements=store.iter_statements("control"),
                           named=place_named_reader(store.place_spans(article_ids), load_territory_cues()))
    write_relations(relations_as_of(relations, "2014-01-09"), "relations.jsonl")
    write_control(control_as_of(facts, "2014-01-09"), "control.jsonl")

(``named`` keeps only the takings whose sentences name their place; ``api.control`` reads
the place spans of the takings' articles) or, from events alone,
``derive_to_files(events, "relations.jsonl", "control.jsonl", affiliations)``.
"""
from __future__ import annotations

from collections.abc import Iterable

from frontlines.derive.control import (
    ClaimHook,
    WithdrawalHook,
    control_as_of,
    derive_control,
    self_claimed,
    withdrawal_reader,
)
from frontlines.derive.evidence import (
    event_evidence,
    is_generic_actor,
    statement_evidence,
)
from frontlines.derive.relations import (
    Affiliations,
    derive_relations,
    relations_as_of,
    strongest,
)
from frontlines.export.writers import Output, write_control, write_relations
from frontlines.records import ControlStatement, Event, RelationStatement


def derive_to_files(
    events: Iterable[Event],
    relations_out: Output,
    control_out: Output,
    affiliations: Affiliations | None = None,
    claimed: ClaimHook = self_claimed,
    *,
    relation_statements: Iterable[RelationStatement] = (),
    control_statements: Iterable[ControlStatement] = (),
) -> tuple[int, int]:
    """Derive both pictures from ``events`` (and statements) and write them as JSONL; returns the
    line counts."""
    materialised = list(events)  # two passes over the same events
    relations = derive_relations(materialised, affiliations, statements=relation_statements)
    facts = derive_control(materialised, claimed, statements=control_statements)
    return write_relations(relations, relations_out), write_control(facts, control_out)


__all__ = [
    "Affiliations", "ClaimHook", "WithdrawalHook", "control_as_of", "derive_control",
    "derive_relations", "derive_to_files", "event_evidence", "is_generic_actor",
    "relations_as_of", "self_claimed", "statement_evidence", "strongest", "withdrawal_reader",
]
