"""The actor dictionary: loading, validation, look-ups by country and date."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontlines.knowledge.actors import ActorDataError, load_actor_dictionary, norm_key


@pytest.fixture(scope="module")
def actors():
    return load_actor_dictionary()


def test_islamic_state_branch_follows_country(actors):
    for alias in ("ISIS", "ISIL", "Daesh", "Islamic State", "Islamic State of Iraq and the Levant"):
        assert actors.lookup(alias, "Syria").name == "Islamic State (Syria)"
        assert actors.lookup(alias, "Iraq").name == "Islamic State (Iraq)"
    assert actors.lookup("ISWAP", "Nigeria").name == "Islamic State (West Africa)"
    assert actors.lookup("ISIS-K", "Afghanistan").name == "Islamic State (Khorasan)"
    assert actors.lookup("ISIS", None).name == "Islamic State"
    assert actors.lookup("ISIS", "Syria").affiliations == ("Islamic State",)


@pytest.mark.parametrize("alias,country,when,expected", [
    ("SDF", "Syria", date(2022, 3, 1), "QSD: Syrian Democratic Forces"),
    ("QSD", "Syria", date(2022, 3, 1), "QSD: Syrian Democratic Forces"),
    ("Syrian Democratic Forces", "Syria", None, "QSD: Syrian Democratic Forces"),
    ("Syria Democratic Forces", "Syria", date(2017, 6, 1), "QSD: Syrian Democratic Forces"),  # the monitor's spelling
    ("HTS", "Syria", date(2020, 1, 1), "HTS: Hayat Tahrir al Sham"),
    ("Hay'at Tahrir al-Sham", "Syria", None, "HTS: Hayat Tahrir al Sham"),
    ("Al-Nusra Front", "Syria", date(2014, 1, 9), "Jabhat al Nusra"),
    ("Nusra Front", "Syria", date(2019, 1, 9), "HTS: Hayat Tahrir al Sham"),
    ("Ansar Allah", "Yemen", date(2015, 1, 1), "Houthi Movement"),
    ("al-Shabab", "Somalia", None, "Al Shabaab"),
    ("Al Shabaab", "Kenya", None, "Al Shabaab"),
    ("JNIM", "Burkina Faso", None, "JNIM: Group for Support of Islam and Muslims"),
    ("Boko Haram", "Nigeria", None, "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
    ("M23", "Democratic Republic of Congo", None, "M23: March 23 Movement"),
    ("Hizbollah", "Lebanon", None, "Hezbollah"),
    ("the Free Syrian Army", "Syria", None, "Free Syrian Army"),
    ("al qaida", None, None, "Al Qaeda"),
    ("Tatmadaw", "Myanmar", date(2022, 1, 1), "Military Forces of Myanmar (2021-)"),
])
def test_aliases(actors, alias, country, when, expected):
    assert actors.lookup(alias, country, when).name == expected


def test_normalisation_ignores_case_diacritics_hyphens_and_al():
    assert norm_key("Jabhat Al-Nusra") == norm_key("jabhat al nusra") == norm_key("Jabhat Nusra")
    assert norm_key("Côte d’Ivoire") == norm_key("Cote d'Ivoire")
    assert norm_key("The Islamic Front") == norm_key("Islamic Front")


def test_affiliations_record_membership(actors):
    assert "Al Qaeda" in actors.lookup("Jabhat al-Nusra", "Syria", date(2014, 1, 1)).affiliations
    assert actors.lookup("Jabhat al-Nusra", "Syria", date(2014, 1, 1)).inter == 2


def test_state_forces_by_date(actors):
    assert actors.state_forces("Afghanistan", "military", date(2021, 8, 1)).name == "Military Forces of Afghanistan (2014-2021)"
    assert actors.state_forces("Afghanistan", "military", date(2021, 9, 1)).name == "Military Forces of Afghanistan (2021-)"
    assert actors.state_forces("Syria", "military", date(2014, 1, 9)).name == "Military Forces of Syria (2000-)"
    assert actors.state_forces("Syria", "police").name == "Police Forces of Syria (2000-)"
    us = actors.state_forces("United States", "police", date(2022, 2, 1))
    assert us.name == "Police Forces of the United States (2021-2025)" and us.inter == 1
    # the Taliban are rebels before the fall of Kabul and the state afterwards
    assert actors.lookup("Taliban", "Afghanistan", date(2020, 5, 1)).name == "Taliban"
    assert actors.lookup("Taliban", "Afghanistan", date(2022, 5, 1)).name == "Military Forces of Afghanistan (2021-)"


def test_every_country_has_state_forces_and_generics(actors):
    assert len(actors.countries()) > 150
    for c in actors.countries():
        assert actors.state_forces(c, "military").name.startswith("Military Forces of ")
        assert actors.generic("Civilians", c).name == f"Civilians ({c})"


def test_generic_categories(actors):
    assert actors.generic("Protesters", "Iraq").name == "Protesters (Iraq)"
    assert actors.generic("Protesters", "Iraq").inter == 6
    assert actors.generic("Rioters", "Kenya").inter == 5
    assert actors.generic("Unidentified Armed Group", "Nigeria").name == "Unidentified Armed Group (Nigeria)"
    assert actors.generic("Rebels", "Syria", date(2014, 1, 1)).name == "Opposition Rebels (Syria)"
    assert actors.generic("Rebels", "Nigeria").name == "Unidentified Armed Group (Nigeria)"
    assert actors.generic("Labour Group", "France").kind == "associated"
    with pytest.raises(KeyError):
        actors.generic("Pirates of Nowhere", "France")


def test_demonyms(actors):
    assert actors.demonym_country("Syrian") == "Syria"
    assert actors.demonym_country("Iraqis") == "Iraq"
    assert actors.demonym_country("Congolese") == "Democratic Republic of Congo"
    assert actors.demonym_country("Martian") is None


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "actors_bad.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_broken_yaml_is_reported(tmp_path):
    bad = _write(tmp_path, "actors:\n  - name: X\n    aliases: [unclosed\n")
    with pytest.raises(ActorDataError, match="not valid YAML"):
        load_actor_dictionary([bad])


def test_unknown_key_is_reported(tmp_path):
    bad = _write(tmp_path, "actors:\n  - {name: Foo Front, inter: 2, kind: rebel, alias: [FF]}\n")
    with pytest.raises(ActorDataError, match="unknown keys.*alias"):
        load_actor_dictionary([bad])


def test_bad_inter_is_reported(tmp_path):
    bad = _write(tmp_path, "actors:\n  - {name: Foo Front, inter: 9, kind: rebel}\n")
    with pytest.raises(ActorDataError, match="inter"):
        load_actor_dictionary([bad])


def test_conflicting_alias_is_reported(tmp_path):
    countries = tmp_path / "countries.yaml"
    countries.write_text("countries:\n  - {name: Utopia, iso2: UT, since: 2000}\n", encoding="utf-8")
    bad = _write(tmp_path, (
        "actors:\n"
        "  - {name: Foo Front, inter: 2, kind: rebel, country: Utopia, aliases: [The Front]}\n"
        "  - {name: Bar Front, inter: 2, kind: rebel, country: Utopia, aliases: [the front]}\n"))
    with pytest.raises(ActorDataError, match="also names 'Foo Front'"):
        load_actor_dictionary([countries, bad])


def test_same_alias_in_different_periods_is_fine(tmp_path):
    countries = tmp_path / "countries.yaml"
    countries.write_text("countries:\n  - {name: Utopia, iso2: UT, since: 2000}\n", encoding="utf-8")
    ok = _write(tmp_path, (
        "actors:\n"
        "  - {name: Old Front, inter: 2, kind: rebel, country: Utopia, aliases: [the front], valid_to: 2010-01-01}\n"
        "  - {name: New Front, inter: 2, kind: rebel, country: Utopia, aliases: [the front], valid_from: 2010-01-01}\n"))
    d = load_actor_dictionary([countries, ok])
    assert d.lookup("The Front", "Utopia", date(2005, 1, 1)).name == "Old Front"
    assert d.lookup("The Front", "Utopia", date(2015, 1, 1)).name == "New Front"


def test_unknown_country_is_reported(tmp_path):
    countries = tmp_path / "countries.yaml"
    countries.write_text("countries:\n  - {name: Utopia, iso2: UT, since: 2000}\n", encoding="utf-8")
    bad = _write(tmp_path, "actors:\n  - {name: Foo Front, inter: 2, kind: rebel, country: Atlantis}\n")
    with pytest.raises(ActorDataError, match="Atlantis"):
        load_actor_dictionary([countries, bad])


# ---------------------------------------------------------------- one alias per actor family
@pytest.mark.parametrize("alias,country,when,expected", [
    # state forces and their branches
    ("Tatmadaw", "Myanmar", date(2022, 1, 1), "Military Forces of Myanmar (2021-)"),
    ("military police", "Brazil", date(2022, 5, 1), "Military Forces of Brazil (2019-2022) Military Police"),
    ("Houthis", "Yemen", date(2022, 5, 1), "Military Forces of Yemen (2016-) Supreme Political Council"),
    # police
    ("Carabineros", "Chile", date(2022, 5, 1), "Police Forces of Chile (2022-)"),
    # rebels, named as ACLED names them (acronym: full name)
    ("KIA", "Myanmar", None, "KIO/KIA: Kachin Independence Organization/Kachin Independence Army"),
    ("Karen National Union", "Myanmar", None, "KNU/KNLA: Karen National Union/Karen National Liberation Army"),
    ("KNPP", "Myanmar", None, "KNPP/KA: Karenni National Progressive Party/Karenni Army"),
    ("Syrian National Army", "Syria", date(2022, 1, 1), "JWS: Syrian National Army"),
    ("NRF", "Afghanistan", date(2022, 5, 1), "National Resistance Front"),
    ("OLF-Shane", "Ethiopia", None, "OLF: Oromo Liberation Front (Shane Splinter Faction)"),
    # jihadist groups
    ("Abu Sayyaf", "Philippines", None, "ASG: Abu Sayyaf"),
    # militias: political (cartels, factions) and identity
    ("Comando Vermelho", "Brazil", None, "CV: Red Command"),
    ("Clan del Golfo", "Colombia", None, "Gulf Clan"),
    ("Zaire-FPAC", "Democratic Republic of Congo", None, "FPAC: Ituri Self-Defense Popular Front (Zaire)"),
    ("URDPC", "Democratic Republic of Congo", None,
     "CODECO-URDPC: Cooperative for Development of Congo (Union of Revolutionaries for the Defense of the Congolese People)"),
    ("Tareq Saleh forces", "Yemen", None, "National Resistance Forces"),
])
def test_an_alias_per_family(actors, alias, country, when, expected):
    assert actors.lookup(alias, country, when).name == expected


def test_generic_families(actors):
    assert actors.generic("Protesters", "India").name == "Protesters (India)"
    assert actors.generic("Rioters", "Kenya").name == "Rioters (Kenya)"
    assert actors.generic("Civilians", "Mali").name == "Civilians (Mali)"
    assert actors.generic("Unidentified Armed Group", "Nigeria").name == "Unidentified Armed Group (Nigeria)"
    assert actors.generic("Unidentified Gang", "Mexico").name == "Unidentified Gang (Mexico)"


def test_brazil_names_unidentified_armed_men_gang_or_police_militia(actors):
    brazil = actors.generic("Unidentified Armed Group", "Brazil")
    assert brazil.name == "Unidentified Gang and/or Police Militia"
    assert brazil.inter == 3 and actors.is_generic(brazil.name)
    assert actors.generic("Unidentified Armed Group", "United States").name == "Sole Perpetrator (United States)"


def test_local_units_are_named_after_their_place(actors):
    assert actors.local_name("PDF: People's Defense Force", "Myaing") == "People's Defense Force - Myaing"
    assert actors.local_name("CDF: Chinland Defense Force", "Matupi") == "Chinland Defense Force - Matupi"
    assert actors.local_name("Al Shabaab", "Kismayo") is None


def test_local_name_needs_a_place_slot(tmp_path):
    bad = _write(tmp_path, "actors:\n  - {name: Foo Front, inter: 2, kind: rebel, local_name: Foo Front local}\n")
    with pytest.raises(ActorDataError, match="local_name"):
        load_actor_dictionary([bad])
