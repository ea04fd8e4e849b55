# Arabic script in strings is intended, not a confusable.
"""The packaged Syria gazetteer and the place-name resolver.

Uses only the data shipped in carewatch_core/geo/data (never ../shared), so it runs
anywhere the package is installed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import pytest

from carewatch_core.geo.gazetteer import Gazetteer, Place
from carewatch_core.geo.resolve import in_country_bounds, normalise_name, resolve

IDLEB, DARAA, DEIR_EZ_ZOR, LATTAKIA, ALEPPO = "SY07", "SY12", "SY09", "SY06", "SY02"
HOMS, HAMA, HASAKEH, RAQQA, RURAL_DAMASCUS = "SY04", "SY05", "SY08", "SY11", "SY03"
SWEIDA, QUNEITRA, TARTOUS, DAMASCUS = "SY13", "SY14", "SY10", "SY01"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load("SY")


def _data_file(name: str) -> str:
    return resources.files("carewatch_core.geo").joinpath("data", name).read_text("utf-8")


# --- the gazetteer --------------------------------------------------------------------


def test_it_has_one_country_14_governorates_62_districts_and_272_sub_districts(
    gaz: Gazetteer,
) -> None:
    assert [len(gaz.at_level(level)) for level in range(4)] == [1, 14, 62, 272]
    assert len(gaz) == 349


def test_governorate_pcodes_run_from_sy01_to_sy14(gaz: Gazetteer) -> None:
    assert [p.pcode for p in gaz.governorates()] == [f"SY{n:02d}" for n in range(1, 15)]


def test_every_place_has_an_english_and_an_arabic_name(gaz: Gazetteer) -> None:
    for place in gaz:
        assert place.name_en.strip(), place.pcode
        assert place.name_en.isascii(), place.pcode
        assert any("\u0600" <= ch <= "\u06ff" for ch in place.name_ar), place.pcode


def test_every_centre_lies_inside_the_country_and_its_own_bounding_box(gaz: Gazetteer) -> None:
    for place in gaz:
        assert in_country_bounds(place.lat, place.lon, "SY"), place.pcode
        assert place.bbox is not None
        west, south, east, north = place.bbox
        assert west <= place.lon <= east, place.pcode
        assert south <= place.lat <= north, place.pcode


def test_every_parent_is_one_level_up_and_lists_the_place_among_its_children(
    gaz: Gazetteer,
) -> None:
    for place in gaz:
        if place.level == 0:
            assert place.parent is None
            continue
        assert place.parent is not None
        parent = gaz[place.parent]
        assert parent.level == place.level - 1
        assert place in gaz.children(parent.pcode)


def test_ancestors_run_from_the_parent_up_to_the_country(gaz: Gazetteer) -> None:
    assert [p.pcode for p in gaz.ancestors("SY070003")] == ["SY0700", "SY07", "SY"]
    assert gaz.ancestors("SY") == ()


def test_ancestor_at_level_finds_the_governorate_of_a_sub_district(gaz: Gazetteer) -> None:
    saraqab_governorate = gaz.ancestor_at_level("SY070003", 1)
    assert saraqab_governorate is not None
    assert saraqab_governorate.name_en == "Idleb"
    assert gaz.ancestor_at_level("SY07", 1) == gaz["SY07"]
    assert gaz.ancestor_at_level("SY07", 3) is None


def test_children_of_a_district_are_its_sub_districts(gaz: Gazetteer) -> None:
    children = gaz.children("SY0702")
    assert {p.level for p in children} == {3}
    assert "Kafr Nobol" in {p.name_en for p in children}


def test_unknown_pcodes_give_none_from_get_and_key_error_elsewhere(gaz: Gazetteer) -> None:
    assert gaz.get("SY99") is None
    assert "SY99" not in gaz
    with pytest.raises(KeyError):
        gaz.children("SY99")
    with pytest.raises(KeyError):
        gaz.ancestors("SY99")


def test_load_is_cached_and_case_insensitive() -> None:
    assert Gazetteer.load("sy") is Gazetteer.load("SY")


def test_load_rejects_bad_and_unknown_country_codes() -> None:
    with pytest.raises(ValueError, match="alpha-2"):
        Gazetteer.load("../SY")
    with pytest.raises(LookupError):
        Gazetteer.load("ZZ")


def test_it_carries_the_ocha_attribution(gaz: Gazetteer) -> None:
    assert gaz.attribution == (
        "OCHA Syria Common Operational Dataset – Administrative Boundaries (v02, 2020-12-17)"
    )
    assert "OCHA" in _data_file("ATTRIBUTION.md")


def test_the_boundary_files_have_one_feature_per_place(gaz: Gazetteer) -> None:
    for level in range(4):
        collection = json.loads(_data_file(f"SY-boundaries-adm{level}.geojson"))
        pcodes = {f["properties"]["pcode"] for f in collection["features"]}
        assert pcodes == {p.pcode for p in gaz.at_level(level)}


def test_the_shipped_data_stays_under_two_megabytes() -> None:
    folder = resources.files("carewatch_core.geo").joinpath("data")
    size = sum(len(entry.read_bytes()) for entry in folder.iterdir() if entry.is_file())
    assert size < 2_000_000


# --- the resolver ---------------------------------------------------------------------

GOVERNORATE_SPELLINGS = [
    ("Idleb", IDLEB),
    ("Idlib", IDLEB),
    ("إدلب", IDLEB),
    ("Dar'a", DARAA),
    ("Daraa", DARAA),
    ("Deraa", DARAA),
    ("Dara'a", DARAA),
    ("درعا", DARAA),
    ("Deir-ez-Zor", DEIR_EZ_ZOR),
    ("Deir ez-Zor", DEIR_EZ_ZOR),
    ("Deir Ezzor", DEIR_EZ_ZOR),
    ("Dayr az Zawr", DEIR_EZ_ZOR),
    ("دير الزور", DEIR_EZ_ZOR),
    ("Lattakia", LATTAKIA),
    ("Latakia", LATTAKIA),
    ("Al-Ladhiqiyah", LATTAKIA),
    ("اللاذقية", LATTAKIA),
    ("Aleppo", ALEPPO),
    ("Halab", ALEPPO),
    ("حلب", ALEPPO),
    ("Homs", HOMS),
    ("Hims", HOMS),
    ("Hama", HAMA),
    ("Hamah", HAMA),
    ("Al-Hasakeh", HASAKEH),
    ("Hasakah", HASAKEH),
    ("Al Hasakah", HASAKEH),
    ("Hassakeh", HASAKEH),
    ("Ar-Raqqa", RAQQA),
    ("Raqqa", RAQQA),
    ("Al-Raqqah", RAQQA),
    ("Rural Damascus", RURAL_DAMASCUS),
    ("Rif Dimashq", RURAL_DAMASCUS),
    ("Damascus Countryside", RURAL_DAMASCUS),
    ("ريف دمشق", RURAL_DAMASCUS),
    ("As-Sweida", SWEIDA),
    ("Suwayda", SWEIDA),
    ("Sweida", SWEIDA),
    ("Quneitra", QUNEITRA),
    ("Al-Qunaytirah", QUNEITRA),
    ("Tartous", TARTOUS),
    ("Tartus", TARTOUS),
    ("Damascus", DAMASCUS),
]


@pytest.mark.parametrize(("text", "pcode"), GOVERNORATE_SPELLINGS)
def test_it_resolves_every_common_spelling_of_a_governorate(
    gaz: Gazetteer, text: str, pcode: str
) -> None:
    result = resolve(text, gaz)
    assert result is not None
    assert (result.pcode, result.level) == (pcode, 1)
    assert result.confidence >= 0.95
    assert result.method in {"exact", "normalised"}


DISTRICT_AND_TOWN_SPELLINGS = [
    ("Ma'arrat an Nu'man", "SY0702"),
    ("Maarat al-Numan", "SY0702"),
    ("Jisr-Ash-Shugur", "SY0704"),
    ("Jisr al-Shughur", "SY0704"),
    ("Azaz", "SY0204"),
    ("A'zaz", "SY0204"),
    ("اعزاز", "SY0204"),
    ("Al Bab", "SY0202"),
    ("al-Bab", "SY0202"),
    ("الباب", "SY0202"),
    ("Afrin", "SY0203"),
    ("Efrin", "SY0203"),
    ("Kobani", "SY0206"),
    ("Palmyra", "SY0405"),
    ("Tabqa", "SY1103"),
    ("Qamishli", "SY0802"),
    ("Manbij", "SY0205"),
    ("Saraqab", "SY070003"),
    ("Kafr Nobol", "SY070203"),
    ("Kafranbel", "SY070203"),
    ("Khan Sheikhoun", "SY070201"),
    ("Busra al-Sham", "SY120001"),
]


@pytest.mark.parametrize(("text", "pcode"), DISTRICT_AND_TOWN_SPELLINGS)
def test_it_resolves_common_district_and_town_spellings(
    gaz: Gazetteer, text: str, pcode: str
) -> None:
    result = resolve(text, gaz)
    assert result is not None
    assert result.pcode == pcode


def test_it_resolves_idleb_and_idlib_to_the_same_governorate(gaz: Gazetteer) -> None:
    idleb, idlib = resolve("Idleb", gaz), resolve("Idlib", gaz)
    assert idleb is not None
    assert idlib is not None
    assert idleb.pcode == idlib.pcode == IDLEB


@pytest.mark.parametrize(
    "text",
    [
        "  IDLIB governorate ",
        "idleb.",
        "Idlib Province",
        "محافظة إدلب",
        "إِدْلِب",
        "إدلـــب",
        "اِدلب",
        "Idlib-Governorate",
    ],
)
def test_it_ignores_case_punctuation_tashkeel_and_generic_words(gaz: Gazetteer, text: str) -> None:
    result = resolve(text, gaz)
    assert result is not None
    assert result.pcode == IDLEB


@pytest.mark.parametrize(
    ("text", "pcode"),
    [
        ("DEIR_EZ_ZOR", DEIR_EZ_ZOR),
        ("deir ez zor province", DEIR_EZ_ZOR),
        ("Dayr al-Zawr", DEIR_EZ_ZOR),
        ("DAR`A", DARAA),
        ("Darʿa", DARAA),
        ("ar raqqa", RAQQA),
        ("Ḥimṣ", HOMS),
        ("حماة", HAMA),
        ("حماه", HAMA),
        ("Sub-district Saraqab", "SY070003"),
        ("ناحية سراقب", "SY070003"),
    ],
)
def test_odd_case_punctuation_and_arabic_forms_still_match(
    gaz: Gazetteer, text: str, pcode: str
) -> None:
    result = resolve(text, gaz)
    assert result is not None
    assert result.pcode == pcode


def test_a_typo_like_idlibb_still_resolves_to_idleb(gaz: Gazetteer) -> None:
    result = resolve("Idlibb", gaz)
    assert result is not None
    assert result.pcode == IDLEB
    assert result.confidence >= 0.8


def test_a_fuzzy_match_is_found_but_less_confident_than_an_exact_one(gaz: Gazetteer) -> None:
    result = resolve("Idlibe", gaz)
    assert result is not None
    assert (result.pcode, result.method) == (IDLEB, "fuzzy")
    assert 0.6 < result.confidence < 0.9


@pytest.mark.parametrize("text", ["xyzzy qwerty", "Paris", "Hospital", "", "   ", "al"])
def test_nonsense_returns_none(gaz: Gazetteer, text: str) -> None:
    assert resolve(text, gaz) is None


def test_a_name_at_several_levels_prefers_the_governorate(gaz: Gazetteer) -> None:
    result = resolve("Idleb", gaz)  # also the name of district SY0700 and sub-district SY070000
    assert result is not None
    assert (result.pcode, result.confidence, result.alternatives) == (IDLEB, 0.95, ())


def test_the_level_argument_picks_the_district_or_sub_district_of_the_same_name(
    gaz: Gazetteer,
) -> None:
    district, sub_district = resolve("Idlib", gaz, level=2), resolve("إدلب", gaz, level=3)
    assert district is not None
    assert (district.pcode, district.confidence) == ("SY0700", 1.0)
    assert sub_district is not None
    assert sub_district.pcode == "SY070000"


def test_within_restricts_the_answer_to_places_inside_a_pcode(gaz: Gazetteer) -> None:
    ariha = resolve("Ariha", gaz, within=IDLEB)
    suran = resolve("Suran", gaz, within=HAMA)
    assert ariha is not None
    assert ariha.pcode == "SY0705"
    assert suran is not None
    assert (suran.pcode, suran.confidence) == ("SY050101", 1.0)
    assert resolve("Saraqab", gaz, within=ALEPPO) is None


def test_unrelated_places_sharing_a_name_lower_confidence_and_are_listed(gaz: Gazetteer) -> None:
    result = resolve("Suran", gaz)  # a sub-district in Aleppo and another in Hama
    assert result is not None
    assert result.confidence == 0.5
    assert {result.pcode, *result.alternatives} == {"SY020405", "SY050101"}


def test_centre_units_also_resolve_without_the_markaz_prefix(gaz: Gazetteer) -> None:
    explicit = resolve("مركز إدلب", gaz)
    darayya = resolve("Darayya", gaz, level=3)
    assert explicit is not None
    assert explicit.pcode == "SY0700"
    assert darayya is not None
    assert darayya.pcode == "SY030900"


def test_an_unknown_within_pcode_is_an_error(gaz: Gazetteer) -> None:
    with pytest.raises(KeyError):
        resolve("Idleb", gaz, within="SY99")


def test_normalisation_treats_articles_the_same_on_both_sides() -> None:
    assert normalise_name("Ras al-Ain") == normalise_name("Ras Ain") == "ras ain"
    assert normalise_name("الباب") == normalise_name("باب")
    assert normalise_name("Al") == "al"  # a lone article is kept, not turned into ""


def test_in_country_bounds_catches_swapped_coordinates() -> None:
    assert in_country_bounds(33.51, 36.29, "SY")  # Damascus
    assert not in_country_bounds(36.29, 33.51, "SY")  # lat/lon swapped: in the sea
    assert not in_country_bounds(0.0, 0.0, "SY")


def test_a_place_lists_its_official_names_first() -> None:
    place = Place("X1", 1, None, "Name", "اسم", 0.0, 0.0, aliases=("Alias",))
    assert place.names == ("Name", "اسم", "Alias")


def test_importing_the_geo_package_does_not_import_django() -> None:
    code = (
        "import sys\n"
        "import carewatch_core.geo\n"
        "from carewatch_core.geo.gazetteer import Gazetteer\n"
        "from carewatch_core.geo.resolve import resolve\n"
        "assert resolve('Idlib', Gazetteer.load()) is not None\n"
        "assert 'django' not in sys.modules, 'django was imported'\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr


@pytest.mark.parametrize(
    ("text", "pcode"),
    [
        ("ريف حماة", "SY05"),
        ("Hama countryside", "SY05"),
        ("rural Idlib", "SY07"),
        ("Idlib countryside", "SY07"),
        ("countryside of Damascus", "SY03"),
        ("ريف دمشق", "SY03"),
    ],
)
def test_the_countryside_of_a_governorate_is_the_governorate(
    gaz: Gazetteer, text: str, pcode: str
) -> None:
    found = resolve(text, gaz)
    assert found is not None and found.pcode == pcode


@pytest.mark.parametrize(
    "text", ["Aleppo - Al-Bab", "حلب - الباب", "Al-Bab, Aleppo", "الباب، حلب", "Aleppo / Al Bab"]
)
def test_a_place_written_with_its_governorate_is_the_place(gaz: Gazetteer, text: str) -> None:
    found = resolve(text, gaz)
    assert found is not None and found.pcode == "SY0202"


def test_a_sub_district_after_a_countryside_is_found_inside_it(gaz: Gazetteer) -> None:
    found = resolve("Idlib countryside - Saraqib", gaz)
    assert found is not None and found.pcode == "SY070003"
    talbiseh = resolve("Homs: Talbiseh", gaz)
    assert talbiseh is not None and talbiseh.pcode == "SY040401"


def test_two_governorates_side_by_side_are_not_a_place(gaz: Gazetteer) -> None:
    assert resolve("Hama, Homs", gaz) is None
    assert resolve("Al-Bab", gaz) is not None  # a hyphen inside a name does not cut it
