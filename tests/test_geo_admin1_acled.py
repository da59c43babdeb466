"""Admin1 names in ACLED's spelling (GADM-style, national-language names where ACLED uses them)."""
import pytest


@pytest.fixture(scope="module")
def gaz(gazetteer):
    return gazetteer


@pytest.mark.parametrize("town,country,admin1", [
    ("Munich", "Germany", "Bayern"),
    ("Cologne", "Germany", "Nordrhein-Westfalen"),
    ("Rennes", "France", "Bretagne"),
    ("Bordeaux", "France", "Nouvelle-Aquitaine"),
    ("Changwon", "South Korea", "South Gyeongsang"),
    ("Milan", "Italy", "Lombardia"),
    ("Seville", "Spain", "Andalucia"),
    ("Graz", "Austria", "Steiermark"),
    ("Krakow", "Poland", "Malopolskie"),
    ("Ramadi", "Iraq", "Al Anbar"),
    ("Sfax", "Tunisia", "Sfax"),
    ("Casablanca", "Morocco", "Casablanca-Settat"),  # the 2015 regions, not their old labels
    ("Kenitra", "Morocco", "Rabat-Sale-Kenitra"),
    ("Agadir", "Morocco", "Souss-Massa"),
])
def test_acled_admin1_spelling(gaz, town, country, admin1):
    p = gaz.resolve(town, country=country)
    assert p is not None and p.admin1 == admin1


def test_english_admin1_names_still_resolve(gaz):
    assert gaz.admin1("Bavaria", "Germany").admin1 == "Bayern"
    assert gaz.admin1("Lower Saxony", "Germany").admin1 == "Niedersachsen"


def test_geonames_name_of_a_renamed_admin1_is_still_indexed(gaz):
    p = gaz.admin1("Dagestan", "Russia")
    assert p is not None and p.admin1 == "Republic of Dagestan"


def test_admin2_promoted_to_its_admin1(gaz):
    # GeoNames files Dahuk under another governorate; ACLED's admin1 is Duhok
    assert gaz.resolve("Zakho", country="Iraq").admin1 == "Duhok"
