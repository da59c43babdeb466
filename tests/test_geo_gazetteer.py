"""Gazetteer look-ups, ranking, countries, admin units, reverse geocoding and alias data."""
import csv

import pytest

from frontlines.geo.gazetteer import ALIASES_CSV, Gazetteer, km, read_alias_csv


@pytest.fixture(scope="module")
def gaz(gazetteer) -> Gazetteer:
    return gazetteer


def near(place, lat, lon, tol_km=10.0):
    return place is not None and km(place.latitude, place.longitude, lat, lon) <= tol_km


def test_alias_csv_rows_are_valid(gaz):
    rows = read_alias_csv(ALIASES_CSV)
    assert len(rows) >= 100
    with open(ALIASES_CSV, encoding="utf-8") as fh:
        header = next(ln for ln in fh if not ln.startswith("#")).strip().split(",")
    assert header == ["alias", "name", "country", "admin1", "latitude", "longitude",
                      "feature_code", "geonameid", "note"]
    for r in rows:
        assert -90 <= r.latitude <= 90 and -180 <= r.longitude <= 180, r
        if not r.country:  # continents and cross-border regions
            assert r.feature_code in ("CONT", "RGN"), r
            continue
        assert gaz.country(r.country) is not None, r
        # the point lies in (or right at the border of) the stated country
        country, _a1, _a2 = gaz.reverse(r.latitude, r.longitude)
        assert country == r.country or r.note, (r.alias, country)


@pytest.mark.parametrize("name", ["Al-Dana", "Ad Dana"])
def test_al_dana(gaz, name):
    p = gaz.resolve(name)
    assert near(p, 36.21, 36.77, 3)
    assert p.country == "Syria" and p.geo_precision == 1


def test_tal_rifaat_spellings_agree(gaz):
    a, b = gaz.resolve("Tal Rifaat"), gaz.resolve("Tall Rifat")
    assert a is not None and (a.latitude, a.longitude) == (b.latitude, b.longitude)
    assert near(a, 36.472, 37.095, 3)


@pytest.mark.parametrize("name", ["Hureitan", "Huraytan", "Hraytan"])
def test_hureitan_spellings(gaz, name):
    assert near(gaz.resolve(name, country="Syria"), 36.289, 37.085, 3)


def test_aleppo_with_country_is_the_city(gaz):
    p = gaz.resolve("Aleppo", country="Syria")
    assert p.feature_code.startswith("PPL") and p.geo_precision == 1
    assert near(p, 36.20, 37.16, 10) and p.admin1 == "Aleppo"


def test_anbar_is_the_iraqi_province(gaz):
    p = gaz.resolve("Anbar")
    assert p.country == "Iraq" and p.feature_code == "ADM1" and p.geo_precision == 3


def test_tripoli_defaults_to_libya_and_follows_country(gaz):
    assert gaz.resolve("Tripoli").country == "Libya"
    p = gaz.resolve("Tripoli", country="Lebanon")
    assert p.country == "Lebanon" and near(p, 34.43, 35.84, 10)


def test_province_word_asks_for_admin1(gaz):
    p = gaz.resolve("Idlib province")
    assert p.feature_code == "ADM1" and p.geo_precision == 3 and p.country == "Syria"
    assert p.admin1 == "Idleb"  # ACLED's spelling


def test_near_and_admin1_context(gaz):
    # Paris, Texas when the document is about Texas
    p = gaz.resolve("Paris", country="United States", admin1="Texas")
    assert p.country_code == "US" and p.admin1 == "Texas"
    assert gaz.resolve("Paris").country == "France"


@pytest.mark.parametrize("name,expected", [
    ("Syria", "Syria"), ("SY", "Syria"), ("Syrian Arab Republic", "Syria"),
    ("Democratic Republic of the Congo", "Democratic Republic of Congo"), ("DRC", "Democratic Republic of Congo"),
    ("United States", "United States"), ("Russian Federation", "Russia"), ("Iran", "Iran"),
    ("Syrian", "Syria"), ("Iraqi", "Iraq"), ("Russian", "Russia"),
])
def test_country_spellings(gaz, name, expected):
    p = gaz.country(name)
    assert p is not None and p.name == expected and p.country == expected
    assert p.geo_precision == 3 and p.feature_code == "PCLI"


def test_country_of_demonym(gaz):
    assert gaz.country_of_demonym("Syrian") == "Syria"
    assert gaz.country_of_demonym("Aleppo") is None


def test_admin_lookups(gaz):
    assert gaz.admin1("Deir ez-Zor", "Syria").admin1 == "Deir-ez-Zor"
    assert gaz.admin1("Donetsk", "Ukraine").feature_code == "ADM1"
    a2 = gaz.admin2("Manbij District", "Syria")
    assert a2 is not None and a2.geo_precision == 2 and a2.admin1 == "Aleppo"


def test_every_place_has_the_acled_fields(gaz):
    for p in gaz.candidates("Homs") + [gaz.resolve("Kharkiv")]:
        assert p.country and p.country_code and p.feature_code and p.geo_precision in (1, 2, 3)


def test_reverse(gaz):
    country, admin1, _admin2 = gaz.reverse(36.2012, 37.1612)
    assert (country, admin1) == ("Syria", "Aleppo")


def test_extra_alias_file(tmp_path):
    path = tmp_path / "extra.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["alias", "name", "country", "admin1", "latitude", "longitude",
                    "feature_code", "geonameid", "note"])
        w.writerow(["Qaryat Test", "Qaryat Test", "Syria", "Idleb", "35.9", "36.6", "PPL", "", "test"])
    g = Gazetteer.load(extra_alias_files=[path])
    p = g.resolve("Qaryat Test")
    assert near(p, 35.9, 36.6, 1) and p.admin1 == "Idleb"


@pytest.mark.parametrize("name,country", [("Orleans", "France"), ("Cadiz", "Spain"), ("Verdun", "France"),
                                          ("Gloucester", "United Kingdom")])
def test_lone_name_is_the_town_written_about_most(gaz, name, country):
    # each has a namesake abroad of about as many people (or more) that GeoNames knows by
    # far fewer names: an Ottawa suburb, a Philippine city, a Montreal borough
    assert gaz.resolve(name).country == country


def test_country_context_still_beats_a_more_famous_namesake(gaz):
    assert gaz.resolve("Orleans", country="Canada").country == "Canada"
    assert gaz.resolve("Cadiz", country="Philippines").country == "Philippines"


@pytest.mark.parametrize("name,expected", [("Menbej", "Manbij"), ("Khan Toman", "Khan Tuman"),
                                           ("Qerdaha", "Al-Qardahah")])
def test_syrian_spellings_of_monitoring_reports(gaz, name, expected):
    p = gaz.resolve(name)
    assert p.country == "Syria" and p.name == expected


def test_settled_point_of_a_province_lies_where_its_towns_are(gaz):
    # British Columbia reaches far north; its towns cluster near the US border
    region = gaz.admin1("British Columbia", "Canada")
    lat, lon = gaz.settled_point(region)
    assert lat < region.latitude - 1.5 and abs(lat - 49.3) < 1.5
    assert gaz.settled_point(gaz.resolve("Aleppo", country="Syria", kind="city")) is None  # towns have no such point
