"""GeoNames dump download and parsing, on small files written here (no network)."""
import zipfile

from frontlines.geo.download import download_geonames, load_geonames_dump, read_admin_codes

DUMP = "\n".join([
    "\t".join(["170063", "Aleppo", "Aleppo", "Alep,Halab,Haleb", "36.20124", "37.16117", "P",
               "PPLA", "SY", "", "09", "", "", "", "2098210", "", "390", "Asia/Damascus", "2023-01-01"]),
    "\t".join(["9999001", "Qaryat Fake", "Qaryat Fake", "", "36.1", "37.0", "P", "PPL", "SY", "",
               "09", "170062", "", "", "0", "", "400", "Asia/Damascus", "2023-01-01"]),
    "\t".join(["170062", "Halab", "Halab", "Aleppo Governorate", "36.25", "37.5", "A", "ADM1",
               "SY", "", "09", "", "", "", "4868000", "", "400", "Asia/Damascus", "2023-01-01"]),
    "\t".join(["9999002", "Some Stream", "Some Stream", "", "36.0", "37.0", "V", "FRST", "SY", "",
               "09", "", "", "", "0", "", "400", "Asia/Damascus", "2023-01-01"]),
]) + "\n"


def test_download_uses_injected_fetch(tmp_path):
    calls = []

    def fake_fetch(url: str) -> bytes:
        calls.append(url)
        return b"SY.09\tHalab\tAleppo\t170062\n"

    paths = download_geonames(tmp_path / "gn", files=("admin1CodesASCII.txt",),
                              base_url="http://example.invalid/dump", fetch=fake_fetch)
    assert calls == ["http://example.invalid/dump/admin1CodesASCII.txt"]
    assert read_admin_codes(paths[0]) == {"SY.09": "Aleppo"}
    download_geonames(tmp_path / "gn", files=("admin1CodesASCII.txt",), fetch=fake_fetch)
    assert len(calls) == 1  # present files are not fetched again


def test_parse_dump_txt_and_zip(tmp_path):
    txt = tmp_path / "SY.txt"
    txt.write_text(DUMP, encoding="utf-8")
    places = list(load_geonames_dump(txt, admin1_names={"SY.09": "Aleppo"},
                                     country_names={"SY": "Syria"}))
    assert [p.name for p in places] == ["Aleppo", "Qaryat Fake", "Halab"]  # class V skipped
    a = places[0]
    assert (a.latitude, a.longitude, a.country, a.admin1, a.feature_code, a.population) == (
        36.20124, 37.16117, "Syria", "Aleppo", "PPLA", 2098210)
    assert a.geo_precision == 1 and places[2].geo_precision == 3
    assert places[1].admin2 == "SY.09.170062"  # unnamed code kept
    zpath = tmp_path / "SY.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("SY.txt", DUMP)
        zf.writestr("readme.txt", "not data")
    assert len(list(load_geonames_dump(zpath))) == 3


def test_gazetteer_accepts_dump_files(tmp_path):
    from frontlines.geo.gazetteer import Gazetteer

    txt = tmp_path / "SY.txt"
    txt.write_text(DUMP, encoding="utf-8")
    g = Gazetteer.load(extra_dump_files=[txt])
    p = g.resolve("Qaryat Fake", country="Syria")
    assert p is not None and abs(p.latitude - 36.1) < 1e-6 and p.country == "Syria"
