"""Evidence items for derived facts, and the actor-name helpers both derivations share."""
from __future__ import annotations

from typing import Any

from frontlines.records import ControlStatement, Event, RelationStatement

# ACLED's collective / placeholder actors: they are not parties that ally or fight as such.
GENERIC_ACTOR_PREFIXES: tuple[str, ...] = (
    "Civilians", "Protesters", "Rioters", "Unidentified", "Sole Perpetrator",
)


def is_generic_actor(name: str) -> bool:
    """True for "Civilians (Syria)", "Protesters (Iraq)", "Unidentified Armed Group (Mali)", ..."""
    n = name.strip()
    return any(n == p or n.startswith(p + " ") for p in GENERIC_ACTOR_PREFIXES)


def split_actors(value: str | None) -> list[str]:
    """ACLED joins several associated actors with "; "."""
    return [a.strip() for a in (value or "").split(";") if a.strip()]


def event_evidence(event: Event) -> list[dict[str, Any]]:
    """``{"article_id", "url", "start", "end", "text", "event_id"}`` per evidence span.

    ``article_id`` / ``url`` come from the store's ``StoredEvidence`` / ``StoredEvent`` when the
    events were read from a store, and are ``None`` for events straight from the coder.
    """
    default_url = getattr(event, "article_url", None)
    items = [
        {
            "article_id": getattr(ev, "article_id", None),
            "url": getattr(ev, "url", None) or default_url,
            "start": ev.start,
            "end": ev.end,
            "text": ev.text,
            "event_id": event.event_id,
        }
        for ev in event.evidence
    ]
    if not items:  # still cite the event itself
        items.append({"article_id": None, "url": default_url, "start": None, "end": None,
                      "text": event.notes or "", "event_id": event.event_id})
    return items


def statement_evidence(statement: RelationStatement | ControlStatement) -> list[dict[str, Any]]:
    """The statement's evidence span in the same shape as ``event_evidence`` (no event id);
    ``article_id`` / ``url`` are set when the statement was read from a store."""
    ev = statement.evidence
    return [{
        "article_id": getattr(ev, "article_id", None),
        "url": getattr(ev, "url", None),
        "start": ev.start,
        "end": ev.end,
        "text": ev.text,
        "event_id": None,
    }]


def statement_key(statement: RelationStatement | ControlStatement) -> str:
    """Identifies a statement among the support of a derived fact (one statement counts once)."""
    ev = statement.evidence
    return f"s:{getattr(ev, 'article_id', None)}:{ev.start}:{ev.end}:{statement.cue}"


def distinct_articles(evidence: list[dict[str, Any]]) -> int:
    """How many distinct stored articles the evidence cites (0 for coder output, which has none)."""
    return len({e["article_id"] for e in evidence if e.get("article_id") is not None})


def is_active(event: Event) -> bool:
    """False for an event an analyst marked as not having happened (store ``status`` "false")."""
    return getattr(event, "status", "active") != "false"
