"""Events from incident-log lines ("August 2nd 2016: (S311b) Manbij, Aleppo governorate, Syria").

A log line names no act, so the event lexicon finds nothing in it; the log it belongs to
(`knowledge/data/incident_logs.yaml`) says what every one of its incidents is, and whose
its code letters make it. The line gives the date and the place: the finest place named
after the code. Trigger events read inside a log line give way to the line's own event (its
words are place names: "the bakery west of Manbij").
"""
from __future__ import annotations

from datetime import date
from typing import Sequence

from frontlines.knowledge.incident_logs import IncidentLog, LogLine, find_log_lines
from frontlines.nlp.events import (
    DocContext, Draft, EventCoder, Roles, confidence, is_country, most_specific, one_country, sentence_of,
)
from frontlines.records import Actor, Evidence, PlaceMention

# how close the line names its place, in the event stage's terms: in the event's own clause
PLACE_IN_CLAUSE = 3


class LogCoder:
    """Codes the incident-log lines of a text; `coder` lends its taxonomy, actor dictionary,
    place settling and record assembly, so a logged event is placed and named as a trigger
    event would be."""

    def __init__(self, logs: Sequence[IncidentLog], coder: EventCoder):
        self.logs = tuple(logs)
        self.coder = coder

    def code(self, ctx: DocContext) -> list[Draft]:
        if not self.logs:
            return []
        drafts = []
        for line in find_log_lines(ctx.article.text, self.logs):
            draft = self.draft(line, ctx)
            if draft is not None:
                drafts.append(draft)
        return drafts

    def draft(self, line: LogLine, ctx: DocContext) -> Draft | None:
        s_idx = sentence_of(ctx, line.code_at)
        if s_idx is None:
            return None
        sent = ctx.sentences[s_idx]
        place = self.place(line, ctx)
        country = (place.place.country if place else None) or ctx.country
        when, precision, dated = self.when(line, ctx)
        roles = Roles()
        a1 = self.perpetrator(line, country, when)
        a2 = self.coder.generic(line.log.target, country) if line.log.target else None
        roles.names = (a1, a2)
        sub = line.log.type
        event = self.coder.assemble(sub, self.coder.taxonomy.event_type_of(sub), roles, place, 1, when, precision, ctx)
        event.confidence = confidence(line.log.strength, roles, place is not None, dated)
        text = ctx.article.text[line.start:line.end]
        event.evidence = [Evidence(line.start, line.end, text, sent.section, sent.index)]
        return Draft(event, s_idx, ctx.paragraphs[s_idx], [], text, PLACE_IN_CLAUSE if place else 0,
                     a1 is not None, line.code_at, roles=roles)

    def place(self, line: LogLine, ctx: DocContext) -> PlaceMention | None:
        # (the sentence splitter may cut a line after its date: "August 2nd 2016: (S311b) | Manbij, ...")
        inside = [p for s in ctx.sentences for p in s.places if line.start <= p.start and p.end <= line.end]
        local = [p for p in one_country(inside, ctx.country, ctx.doc) if not is_country(p)]
        after_code = [p for p in local if p.start > line.code_at]
        return self.coder.settle(most_specific(after_code or local, line.code_at))

    def when(self, line: LogLine, ctx: DocContext) -> tuple[date, int, bool]:
        """(date, time_precision, whether the line dates itself)"""
        own = [d for s in ctx.sentences for d in s.dates
               if line.start <= d.start < line.end and d.value <= ctx.reference.value]
        if own:
            return own[0].value, own[0].time_precision, True
        return ctx.reference.value, 2, False  # no readable date: about when it was published

    def perpetrator(self, line: LogLine, country: str | None, when: date) -> Actor | None:
        alias = line.log.perpetrator(line.prefix)
        if alias is None or self.coder.actors is None:
            return None
        return self.coder.actors.lookup(alias, country, when)


def with_log_events(drafts: list[Draft], logged: list[Draft], ctx: DocContext) -> list[Draft]:
    """The trigger events, then the log events; a trigger read inside a log line (a span
    `ctx` sets aside) is the line's words, not a second incident."""
    return [d for d in drafts if not ctx.is_set_aside(d.trigger_start)] + logged


__all__ = ["LogCoder", "with_log_events"]
