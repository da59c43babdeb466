"""derive stage: relations (alliance/hostility/membership) and territorial control from events.

On a store::

    events = list(store.iter_events())
    write_relations(derive_relations(events, store.affiliations), "relations.jsonl")
    write_control(derive_control(events), "control.jsonl")

or ``derive_to_files(store.iter_events(), "relations.jsonl", "control.jsonl", store.affiliations)``.
"""
from __future__ import annotations

from collections.abc import Iterable

from frontlines.derive.control import ClaimHook, derive_control
from frontlines.derive.evidence import event_evidence, is_generic_actor
from frontlines.derive.relations import Affiliations, derive_relations
from frontlines.export.writers import Output, write_control, write_relations
from frontlines.records import Event


def derive_to_files(
    events: Iterable[Event],
    relations_out: Output,
    control_out: Output,
    affiliations: Affiliations | None = None,
    claimed: ClaimHook | None = None,
) -> tuple[int, int]:
    """Derive both pictures from ``events`` and write them as JSONL; returns the line counts."""
    materialised = list(events)  # two passes over the same events
    n_rel = write_relations(derive_relations(materialised, affiliations), relations_out)
    n_ctl = write_control(derive_control(materialised, claimed), control_out)
    return n_rel, n_ctl


__all__ = [
    "Affiliations", "ClaimHook", "derive_control", "derive_relations", "derive_to_files",
    "event_evidence", "is_generic_actor",
]
