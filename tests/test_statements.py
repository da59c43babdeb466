"""Relation and control statements (nlp/statements.py, knowledge/data/statement_lexicon.yaml)
and self-claimed territory events.

Most tests run the statement reader alone on sentences whose actor and place mentions are
given (as the earlier stages would find them); a few run the whole coder."""
from __future__ import annotations

import re
from datetime import date

import pytest

from frontlines.knowledge.statements import StatementLexiconError, load_statement_lexicon, phrase_regex
from frontlines.nlp.statements import StatementReader, claim_speakers, mark_self_claimed
from frontlines.records import (
    Actor, ActorMention, DateMention, Event, Evidence, Place, PlaceMention, SentenceInfo,
)
from tests.conftest import SEED_TEXT, need_shared

REF = date(2014, 1, 9)
ISIS = Actor("Islamic State (Syria)", 2, "Syria", "rebel")
FSA = Actor("Free Syrian Army", 2, "Syria", "rebel")
NUSRA = Actor("Jabhat al Nusra", 2, "Syria", "rebel")
AQ = Actor("Al Qaeda", 2, None, "rebel")
IF = Actor("Islamic Front", 2, "Syria", "rebel")
JAM = Actor("Jaysh al Mujahideen", 2, "Syria", "rebel")
SNC = Actor("Syrian National Coalition", None, "Syria", "political")
ARMY = Actor("Military Forces of Syria (2000-)", 1, "Syria", "state")
HEZ = Actor("Hezbollah", 8, "Lebanon", "external")
CIVILIANS = Actor("Civilians (Syria)", 7, "Syria", "civilians")
GUNMEN = Actor("Unidentified Armed Group (Syria)", 3, "Syria", "unidentified")
ALIASES = {
    "Islamic State": ISIS, "ISIS": ISIS, "Free Syrian Army": FSA, "FSA": FSA, "Al-Nusra Front": NUSRA,
    "Nusra Front": NUSRA, "Al-Qaeda": AQ, "Islamic Front": IF, "Jaysh al-Mujahideen": JAM,
    "Syrian National Coalition": SNC, "the army": ARMY, "Hezbollah": HEZ, "civilians": CIVILIANS,
    "gunmen": GUNMEN,
}
PLACES = {
    "Aleppo": Place("Aleppo", 36.20124, 37.16117, "Syria", "SY", "Aleppo", None, "PPLA", 170063, 1, 1),
    "Al-Dana": Place("Ad Dana", 36.2, 36.77, "Syria", "SY", "Idleb", None, "PPL", 1, 1, 1),
    "Idlib": Place("Idlib", 35.93, 36.63, "Syria", "SY", "Idleb", None, "PPLA", 169388, 1, 1),
    "Raqqa": Place("Ar Raqqah", 35.95, 39.01, "Syria", "SY", "Ar Raqqah", None, "PPLA", 2, 1, 1),
    "Syria": Place("Syria", 35.0, 38.0, "Syria", "SY", None, None, "PCLI", 163843, 1, 3),
}


@pytest.fixture(scope="module")
def lexicon():
    return load_statement_lexicon()


@pytest.fixture(scope="module")
def reader(lexicon):
    return StatementReader(lexicon)


def sentences_of(text: str) -> list[SentenceInfo]:
    """Sentences split after ". ", with every alias and place of the tables tagged."""
    out: list[SentenceInfo] = []
    for m in re.finditer(r"[^.]+(?:\.|$)", text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        s = SentenceInfo(index=len(out), start=start, end=m.end(), text=text[start:m.end()])
        s.actors = tagged(s, ALIASES, ActorMention)
        s.places = tagged(s, PLACES, PlaceMention)
        if "on Thursday" in s.text:  # a date of the sentence's own
            k = s.text.index("Thursday")
            s.dates = [DateMention(s.start + k, s.start + k + 8, "Thursday", date(2014, 1, 9))]
        out.append(s)
    return out


def tagged(s: SentenceInfo, table: dict, make) -> list:
    found = []
    for alias in sorted(table, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w]){re.escape(alias)}(?![\w])", s.text):
            a, b = s.start + m.start(), s.start + m.end()
            if not any(x.start < b and a < x.end for x in found):
                found.append(make(a, b, m.group(), table[alias]))
    return sorted(found, key=lambda x: x.start)


def relations(reader, text: str) -> set[tuple[str, str, str, bool]]:
    rels, _ = reader.read(text, sentences_of(text), REF)
    return {(r.actor_a, r.relation, r.actor_b, r.past) for r in rels}


def control(reader, text: str) -> set[tuple[str, str, str, bool]]:
    _, facts = reader.read(text, sentences_of(text), REF)
    return {(c.actor, c.status, c.location, c.past) for c in facts}


# ---------------------------------------------------------------- the lexicon


def test_lexicon_loads_with_every_frame_and_kind(lexicon):
    assert {c.kind for c in lexicon.relations} == {"ally", "hostile", "member_of", "affiliated_with"}
    assert {c.status for c in lexicon.control} == {"controlled", "contested", "claimed"}
    for cue in lexicon.cues:
        assert re.compile(cue.pattern)
    assert "civilians" in lexicon.generic_kinds and "previously" in lexicon.past_markers


def test_phrase_syntax_alternatives_optional_words_and_quotes():
    rx = re.compile(phrase_regex("[a|an] branch|wing of"), re.IGNORECASE)
    assert rx.search("X, also a branch of Y").group() == "a branch of"
    assert rx.search("X, wing of Y").group() == "wing of"
    assert not rx.search("a branching of")
    assert re.search(phrase_regex("pledged to crush"), "pledged to “crush” them")
    assert re.search(phrase_regex("affiliated", after_hyphen=True), "Al-Qaeda-affiliated group")
    assert not re.search(phrase_regex("affiliated", after_hyphen=True), "an affiliated group")


def test_lexicon_errors_name_the_entry(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("relations:\n  - {id: x, kind: friends, frame: mutual, phrases: [allied]}\n", encoding="utf-8")
    with pytest.raises(StatementLexiconError, match="'x'"):
        load_statement_lexicon(bad)


# ---------------------------------------------------------------- relation cue families


def test_ally_cues(reader):
    assert ("Jabhat al Nusra", "ally", "Free Syrian Army", False) in relations(
        reader, "The Al-Nusra Front has fought alongside the FSA in Aleppo.")
    assert ("Islamic Front", "ally", "Free Syrian Army", False) in relations(
        reader, "The Islamic Front and the Free Syrian Army fought side by side near Aleppo.")
    assert relations(reader, "An alliance of the Islamic Front and Jaysh al-Mujahideen stormed the base.") == {
        ("Islamic Front", "ally", "Jaysh al Mujahideen", False)}
    assert ("Free Syrian Army", "ally", "Islamic Front", False) in relations(
        reader, "The FSA joined forces with the Islamic Front.")


def test_hostile_cues(reader):
    assert ("Islamic State (Syria)", "hostile", "Free Syrian Army", False) in relations(
        reader, "Fighting between ISIS and the FSA was ongoing.")
    assert ("Islamic Front", "hostile", "Islamic State (Syria)", False) in relations(
        reader, "The Islamic Front clashed with ISIS on Thursday.")
    assert ("Islamic State (Syria)", "hostile", "Jaysh al Mujahideen", False) in relations(
        reader, "ISIS vowed to “crush” Jaysh al-Mujahideen.")
    # a ceasefire between two others: they are the hostile pair, not the one who calls for it
    assert relations(reader, "The Nusra Front called for a ceasefire between ISIS and the Islamic Front.") == {
        ("Islamic State (Syria)", "hostile", "Islamic Front", False)}


def test_legitimate_targets_pairs_the_declarer_with_the_targets(reader):
    assert relations(reader, "Adnani described members of the Syrian National Coalition as “legitimate targets” "
                             "for ISIS.") == {("Islamic State (Syria)", "hostile", "Syrian National Coalition", False)}
    assert relations(reader, "ISIS declared the Free Syrian Army legitimate targets.") == {
        ("Islamic State (Syria)", "hostile", "Free Syrian Army", False)}
    # a list of targets with no one declaring them: no pairs among the targets
    assert relations(reader, "The Syrian National Coalition and the Free Syrian Army are legitimate targets.") == set()


def test_member_and_affiliation_cues(reader):
    assert ("Jabhat al Nusra", "member_of", "Al Qaeda", False) in relations(
        reader, "The Al-Nusra Front, also a branch of Al-Qaeda operating in Syria, has fought alongside the FSA.")
    assert relations(reader, "The Al-Qaeda-affiliated Islamic State holds ground.") >= {
        ("Islamic State (Syria)", "member_of", "Al Qaeda", False)}
    assert relations(reader, "Al-Qaeda's affiliate, the Nusra Front, denied it.") == {
        ("Jabhat al Nusra", "member_of", "Al Qaeda", False)}
    assert relations(reader, "The Islamic Front pledged allegiance to Al-Qaeda.") == {
        ("Islamic Front", "member_of", "Al Qaeda", False)}
    assert relations(reader, "Hezbollah-backed FSA units advanced.") == {
        ("Free Syrian Army", "affiliated_with", "Hezbollah", False)}


def test_appositive_subject_is_the_head_not_the_parent(reader):
    found = relations(reader, "The Al-Nusra Front, also a branch of Al-Qaeda operating in Syria, has fought "
                              "alongside the FSA in Aleppo.")
    assert ("Jabhat al Nusra", "ally", "Free Syrian Army", False) in found
    assert not any(a == "Al Qaeda" and k == "ally" for a, k, _, _ in found)


def test_past_markers(reader):
    assert relations(reader, "The Islamic Front had previously clashed with the Free Syrian Army.") == {
        ("Islamic Front", "hostile", "Free Syrian Army", True)}
    found = relations(reader, "The Al-Nusra Front has fought alongside the FSA in Aleppo, despite previous clashes "
                              "between the two groups.")
    assert found == {("Jabhat al Nusra", "ally", "Free Syrian Army", False),
                     ("Jabhat al Nusra", "hostile", "Free Syrian Army", True)}


def test_negated_cue_states_nothing(reader):
    assert relations(reader, "The Islamic Front has never fought alongside ISIS.") == set()


def test_coordination_after_including(reader):
    found = relations(reader, "ISIS's reversal comes after fierce clashes between the Al-Qaeda-backed group and "
                              "rebel groups, including the Islamic Front and the Jaysh al-Mujahideen.")
    assert ("Islamic State (Syria)", "hostile", "Islamic Front", False) in found
    assert ("Islamic State (Syria)", "hostile", "Jaysh al Mujahideen", False) in found
    # the modifier in "the Al-Qaeda-backed group" is no side of the clashes
    assert not any("Al Qaeda" in (a, b) and k == "hostile" for a, k, b, _ in found)
    assert ("Islamic State (Syria)", "affiliated_with", "Al Qaeda", False) in found


def test_generic_actors_never_get_statements(reader):
    assert relations(reader, "Clashes between gunmen and the army killed five civilians.") == set()
    assert relations(reader, "The army clashed with civilians and gunmen.") == set()


def test_evidence_offsets_and_dates(reader):
    text = "Residents fled. The Islamic Front clashed with ISIS on Thursday. ISIS fought alongside Hezbollah."
    rels, _ = reader.read(text, sentences_of(text), date(2014, 1, 12))
    by_kind = {(r.actor_a, r.actor_b): r for r in rels}
    clash = by_kind[("Islamic Front", "Islamic State (Syria)")]
    assert text[clash.evidence.start:clash.evidence.end] == clash.evidence.text
    assert clash.evidence.text == "The Islamic Front clashed with ISIS on Thursday."
    assert clash.evidence.sentence_index == 1 and clash.cue == "clashed_with"
    assert clash.date == "2014-01-09"  # the sentence's own date
    assert by_kind[("Islamic State (Syria)", "Hezbollah")].date == "2014-01-12"  # else the reference date


# ---------------------------------------------------------------- control


def test_control_cues(reader):
    assert control(reader, "Opposition fighters stormed the town of Al-Dana, an ISIS stronghold in Idlib.") == {
        ("Islamic State (Syria)", "controlled", "Ad Dana", False)}
    assert control(reader, "Rebels entered Al-Dana, a former ISIS stronghold.") == {
        ("Islamic State (Syria)", "controlled", "Ad Dana", True)}
    assert control(reader, "Shelling hit ISIS-held Raqqa.") == {("Islamic State (Syria)", "controlled", "Ar Raqqah", False)}
    assert control(reader, "Aleppo, held by the FSA, was shelled.") == {("Free Syrian Army", "controlled", "Aleppo", False)}
    assert control(reader, "Raqqa remains under ISIS control.") == {("Islamic State (Syria)", "controlled", "Ar Raqqah", False)}
    assert control(reader, "ISIS continues to hold territory in Raqqa.") == {
        ("Islamic State (Syria)", "controlled", "Ar Raqqah", False)}


def test_claimed_and_contested_control(reader):
    assert control(reader, "ISIS said it had captured Raqqa.") == {("Islamic State (Syria)", "claimed", "Ar Raqqah", False)}
    assert control(reader, "The FSA claimed control of Aleppo.") == {("Free Syrian Army", "claimed", "Aleppo", False)}
    assert control(reader, "ISIS and the FSA are fighting for control of Aleppo.") == {
        ("Islamic State (Syria)", "contested", "Aleppo", False), ("Free Syrian Army", "contested", "Aleppo", False)}


def test_control_needs_an_armed_holder_and_a_place_below_a_country(reader):
    assert control(reader, "The Syrian National Coalition controls Aleppo.") == set()  # political, not armed
    assert control(reader, "ISIS controls much of Syria.") == set()


# ---------------------------------------------------------------- self-claimed territory


def territory_event(sentence: SentenceInfo, actor1: str) -> Event:
    return Event("2014-01-09", 1, "Battles", "Non-state actor overtakes territory", actor1,
                 evidence=[Evidence(sentence.start, sentence.end, sentence.text, "body", sentence.index)])


@pytest.mark.parametrize("text, expected", [
    ("ISIS said it had seized Raqqa.", True),
    ("ISIS spokesman Abu Mohammed al-Adnani said the group took Raqqa.", True),
    ("According to a statement by ISIS, its fighters took Raqqa.", True),
    ("ISIS seized Raqqa, the Observatory said.", False),  # a third party reports it
    ("ISIS seized Raqqa.", False),  # no claim: the text tells it as fact
    ("ISIS said it had seized Raqqa, activists said.", False),  # corroborated
])
def test_self_claimed_only_on_the_takers_own_word(lexicon, reader, text, expected):
    sentences = sentences_of(text)
    event = territory_event(sentences[0], "Islamic State (Syria)")
    mark_self_claimed([event], sentences, lexicon, reader)
    assert event.self_claimed is expected


def test_self_claimed_leaves_other_event_types_alone(lexicon, reader):
    sentences = sentences_of("ISIS said it had attacked Raqqa.")
    event = territory_event(sentences[0], "Islamic State (Syria)")
    event.event_type, event.sub_event_type = "Battles", "Armed clash"
    mark_self_claimed([event], sentences, lexicon, reader)
    assert not event.self_claimed


def test_claim_speakers_name_the_party_or_none(lexicon, reader):
    text = "The Observatory said ISIS had claimed the town."
    view = reader.views(sentences_of(text), REF)[0]
    assert claim_speakers(view, lexicon) == [None, "Islamic State (Syria)"]


# ---------------------------------------------------------------- through the coder


def test_coder_fills_statements_and_flags_self_claimed_takeovers(coder):
    from frontlines.records import Article

    text = ("The Al-Nusra Front, a branch of Al-Qaeda, has fought alongside the Free Syrian Army in Aleppo. "
            "ISIS fighters seized the town of Manbij on Tuesday, the group said in a statement. "
            "ISIS said it had captured Raqqa.")
    doc = coder.code(Article(text=text, published=date(2014, 1, 9)), doc_id="t")
    rels = {(r.actor_a, r.relation, r.actor_b) for r in doc.relations}
    assert ("Jabhat al Nusra", "member_of", "Al Qaeda") in rels
    assert ("Jabhat al Nusra", "ally", "Free Syrian Army") in rels
    assert ("Islamic State (Syria)", "claimed", "Ar Raqqah") in {(c.actor, c.status, c.location) for c in doc.control}
    takeovers = [e for e in doc.events if e.sub_event_type == "Non-state actor overtakes territory"
                 and e.location == "Manbij"]
    assert takeovers and all(e.self_claimed for e in takeovers)
    assert "relations" not in doc.to_contract() and "self_claimed" not in doc.to_contract()["events"][0]

    reported = coder.code(Article(text="ISIS fighters seized the town of Manbij on Tuesday, the Observatory said.",
                                  published=date(2014, 1, 9)), doc_id="u")
    assert reported.events and not any(e.self_claimed for e in reported.events)


def test_seed_statements(coder):
    from frontlines.ingest import read_sources
    from frontlines.records import Article

    article = next(a for a in read_sources([str(need_shared(SEED_TEXT))]) if isinstance(a, Article))
    doc = coder.code(article, doc_id="asharq-2014-01-aleppo")
    rels = {(r.actor_a, r.relation, r.actor_b, r.past) for r in doc.relations}
    for must in [("Jabhat al Nusra", "ally", "Free Syrian Army", False),
                 ("Jabhat al Nusra", "hostile", "Free Syrian Army", True),
                 ("Jabhat al Nusra", "member_of", "Al Qaeda", False),
                 ("Islamic State (Syria)", "member_of", "Al Qaeda", False),
                 ("Islamic State (Syria)", "hostile", "Islamic Front", False),
                 ("Islamic State (Syria)", "hostile", "Jaysh al Mujahideen", False),
                 ("Islamic State (Syria)", "hostile", "Syrian National Coalition", False),
                 ("Islamic Front", "hostile", "Free Syrian Army", True)]:
        assert must in rels, must
    facts = {(c.actor, c.status, c.location, c.country, c.date) for c in doc.control}
    assert ("Islamic State (Syria)", "controlled", "Al Anbar", "Iraq", doc.published) in facts
    assert ("Islamic State (Syria)", "controlled", "Ad Dana", "Syria", "2014-01-09") in facts
    for r in doc.relations:
        assert article.text[r.evidence.start:r.evidence.end] == r.evidence.text


def test_between_skips_an_and_in_brackets(reader):
    found = relations(reader, "Fighting raged between the army (and Hezbollah) and the FSA.")
    assert ("Military Forces of Syria (2000-)", "hostile", "Free Syrian Army", False) in found
    assert ("Hezbollah", "hostile", "Free Syrian Army", False) in found
    assert ("Military Forces of Syria (2000-)", "hostile", "Hezbollah", False) not in found


def test_close_to_is_no_affiliation(reader):
    assert relations(reader, "The deaths were blamed on ISIS by a station close to the army.") == set()


def test_a_pronoun_after_the_verb_is_no_speaker(lexicon, reader):
    text = "The FSA fought there, and residents of the town, said it had been liberated by the FSA."
    view = reader.views(sentences_of(text), REF)[0]
    assert claim_speakers(view, lexicon) == [None]


def test_subjects_past_relative_clauses_and_appositives(reader):
    assert relations(reader, "The Islamic Front, which pledged allegiance to Al-Qaeda, attacked a base.") == {
        ("Islamic Front", "member_of", "Al Qaeda", False)}
    assert ("Jabhat al Nusra", "member_of", "Al Qaeda", False) in relations(
        reader, "The Nusra Front, the Syrian affiliate of Al-Qaeda, fought there.")
    # the comma after the FSA closes an appositive: the Islamic Front holds Raqqa
    assert control(reader, "The Islamic Front, once a rival of the FSA, controls Raqqa.") == {
        ("Islamic Front", "controlled", "Ar Raqqah", False)}
    assert control(reader, "The FSA, backed by Hezbollah, controls Raqqa.") == {
        ("Free Syrian Army", "controlled", "Ar Raqqah", False)}
