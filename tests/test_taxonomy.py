from pathlib import Path

import pytest
import yaml

from frontlines.knowledge.lexicon import DEFAULT_LEXICON, LexiconError, load_event_lexicon
from frontlines.knowledge.taxonomy import DEFAULT_TAXONOMY, TaxonomyError, load_taxonomy

ACLED = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}


def test_taxonomy_has_acled_spellings():
    t = load_taxonomy()
    assert {k: list(v) for k, v in t.event_types.items()} == ACLED
    assert t.event_type_of("Suicide bomb") == "Explosions/Remote violence"
    assert t.inter_codes[7] == "Civilians"


@pytest.mark.parametrize("i1,i2,want", [(1, 7, 17), (7, 1, 17), (2, 1, 12), (2, 7, 27), (3, 7, 37),
                                        (5, 5, 55), (6, 6, 66), (6, None, 60), (None, None, None)])
def test_interaction(i1, i2, want):
    assert load_taxonomy().interaction(i1, i2) == want


def test_precedence_follows_acled():
    t = load_taxonomy()
    assert t.strongest(["Armed clash", "Non-state actor overtakes territory"]) == "Non-state actor overtakes territory"
    assert t.strongest(["Remote explosive/landmine/IED", "Suicide bomb"]) == "Suicide bomb"
    assert t.strongest(["Shelling/artillery/missile attack", "Armed clash"]) == "Armed clash"
    assert t.strongest(["Attack", "Air/drone strike"]) == "Air/drone strike"
    assert t.strongest(["Peaceful protest", "Protest with intervention"]) == "Protest with intervention"
    assert t.strongest(["Protest with intervention", "Excessive force against protesters"]) == "Excessive force against protesters"


def test_civilian_targeting():
    t = load_taxonomy()
    assert t.civilian_targeting("Attack", 7) == "Civilian targeting"
    assert t.civilian_targeting("Air/drone strike", 7) == "Civilian targeting"
    assert t.civilian_targeting("Armed clash", 2) is None


def test_taxonomy_validation_rejects_gaps(tmp_path: Path):
    raw = yaml.safe_load(DEFAULT_TAXONOMY.read_text())
    raw["precedence"].remove("Grenade")
    bad = tmp_path / "taxonomy.yaml"
    bad.write_text(yaml.safe_dump(raw))
    with pytest.raises(TaxonomyError):
        load_taxonomy(bad)


def test_lexicon_loads_and_validates(tmp_path: Path):
    lex = load_event_lexicon()
    assert {t.id for t in lex.triggers} >= {"armed_clash", "territory", "suicide", "protest", "threat"}
    raw = yaml.safe_load(DEFAULT_LEXICON.read_text())
    raw["triggers"][0]["type"] = "Firefight"
    bad = tmp_path / "lex.yaml"
    bad.write_text(yaml.safe_dump(raw))
    with pytest.raises(LexiconError):
        load_event_lexicon(bad)
