"""Names that differ are kept apart, spellings of one name are not.

The consonant key that lets an Arabic and a Latin spelling of a name meet also merges different
names (Amna and Ayman, Hasan and Husayn, Ahmad and Hamid, Mahmoud and Muhammad). Between two
spellings in one script the linker compares spelling forms, with their vowels; and a different
sex or a different age weighs enough to keep apart two people only the names bring together —
here siblings killed together, the hardest case: same father, grandfather, family, day and place —
and ages more than ten years apart keep apart even a father and son of one name.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from carewatch_core.linkage.person_features import PART_NAMES, with_common_forms
from carewatch_core.linkage.persons import link_persons
from carewatch_core.linkage.records import PersonRecord
from carewatch_core.names import name_parts
from carewatch_core.names.forms import spelling_form
from carewatch_core.synth import generate_person_lists

DAY = date(2016, 4, 27)


def form(name: str) -> str:
    return spelling_form(name_parts(name).parts[0])


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Amna", "Ayman"),
        ("آمنة", "أيمن"),
        ("Hasan", "Husayn"),
        ("Hassan", "Hussein"),
        ("حسن", "حسين"),
        ("Ahmad", "Hamid"),
        ("أحمد", "حامد"),
        ("Mahmoud", "Muhammad"),
        ("محمود", "محمد"),
    ],
)
def test_different_names_have_different_spelling_forms(one: str, other: str) -> None:
    assert name_parts(one).keys[0][-2:] == name_parts(other).keys[0][-2:]  # alike by consonants
    assert form(one) != form(other)


@pytest.mark.parametrize(
    "spellings",
    [
        ("Mohammad", "Muhammad", "Mohamed", "Mohammed", "Mhd"),
        ("Khalid", "Khaled"),
        ("Qasim", "Kassem", "Kasem"),
        ("Omar", "Umar"),
        ("Husayn", "Hussein", "Hussain"),
        ("Nour al-Din", "Nureddin", "Nour Eddin"),
        ("Fatima", "Fatimah"),
        ("فاطمة", "فاطمه"),
        ("عبد الرحمن", "عبدالرحمن"),
        ("Ali", "Aly"),
    ],
)
def test_spellings_of_one_name_have_one_form(spellings: tuple[str, ...]) -> None:
    assert len({form(spelling) for spelling in spellings}) == 1


def test_a_family_name_s_glued_article_is_left_out_of_its_form_as_of_its_key() -> None:
    glued, apart = name_parts("Fatima AlShaykh"), name_parts("Fatima ash-Shaykh")
    assert glued.keys[-1] == apart.keys[-1]
    assert spelling_form(glued.parts[-1], family=True) == spelling_form(
        apart.parts[-1], family=True
    )
    assert spelling_form(name_parts("Ali Alwan").parts[-1], family=True) == "alwan"


def person(record_id: str, name: str, sex: str, age: int, profession: str = "") -> PersonRecord:
    arabic = any("\u0600" <= char <= "\u06ff" for char in name)
    return PersonRecord(
        record_id,
        f"test-{record_id}",
        name_ar=name if arabic else "",
        name_latin="" if arabic else name,
        sex=sex,
        age=age,
        date_of_death=DAY,
        place="حلب" if arabic else "Aleppo",
        profession=profession,
    )


TESTED = [
    # Siblings: a woman and a man (Amna, Ayman), in both scripts.
    person("amna-ar", "آمنة عبد الرحمن الخطيب", "f", 36, "nurse"),
    person("ayman-ar", "أيمن عبد الرحمن الخطيب", "m", 29, "doctor"),
    person("amna-la", "Amna Abd al-Rahman al-Khatib", "f", 36, "nurse"),
    person("ayman-la", "Ayman Abd al-Rahman al-Khatib", "m", 29, "doctor"),
    # Brothers eleven and eight years apart.
    person("hasan-ar", "حسن علي عمر الرفاعي", "m", 30),
    person("husayn-ar", "حسين علي عمر الرفاعي", "m", 41),
    person("hasan-la", "Hasan Ali Omar al-Rifai", "m", 30),
    person("husayn-la", "Husayn Ali Omar al-Rifai", "m", 41),
    person("ahmad-la", "Ahmad Khaled Omar Darwish", "m", 25),
    person("hamid-la", "Hamid Khaled Omar Darwish", "m", 33),
    person("ahmad-ar", "أحمد خالد عمر درويش", "m", 25),
    person("hamid-ar", "حامد خالد عمر درويش", "m", 33),
    # Muhammad and Mahmud in Latin (both common in the list), sons of one Khalid al-Attar, with
    # no age and no date: only the names bring them together; and Muhammad spelled another way.
    PersonRecord(
        "muhammad-la", "test-a", name_latin="Muhammad Khalid al-Attar", sex="m", place="Aleppo"
    ),
    PersonRecord(
        "mahmud-la", "test-b", name_latin="Mahmud Khalid al-Attar", sex="m", place="Aleppo"
    ),
    PersonRecord(
        "mohammad-la", "test-c", name_latin="Mohammad Khalid al-Attar", sex="m", place="Aleppo"
    ),
    # A father and his son of one name, killed together (and the son in Arabic too).
    person("father-la", "Muhammad Ahmad al-Nahhas", "m", 75),
    person("son-la", "Muhammad Ahmad al-Nahhas", "m", 52),
    person("son-ar", "محمد أحمد النحاس", "m", 52),
    # One man, three spellings, the same father's and grandfather's names.
    person("mohammad", "Mohammad Yusuf Ibrahim al-Halabi", "m", 40),
    person("muhammad", "Muhammad Youssef Ibrahim Halabi", "m", 40),
    person("محمد", "محمد يوسف إبراهيم الحلبي", "m", 41),
]


@pytest.fixture(scope="module")
def clusters() -> dict[str, str]:
    """The tested records linked among a generated list of 3,500 records (the model is trained
    on the list, as it would be on a real one)."""
    records, _truth = generate_person_lists(1500, 3, seed=41)
    return link_persons([*records, *TESTED]).cluster_of


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("amna-ar", "ayman-ar"),
        ("amna-la", "ayman-la"),
        ("amna-ar", "ayman-la"),
        ("hasan-ar", "husayn-ar"),
        ("hasan-la", "husayn-la"),
        ("ahmad-la", "hamid-la"),
        ("ahmad-ar", "hamid-ar"),
        ("father-la", "son-la"),
        ("father-la", "son-ar"),
    ],
)
def test_alike_names_of_another_sex_or_age_are_not_linked(
    clusters: dict[str, str], one: str, other: str
) -> None:
    assert clusters[one] != clusters[other]


def test_two_spellings_common_in_the_list_with_other_vowels_are_two_people(
    clusters: dict[str, str],
) -> None:
    assert clusters["muhammad-la"] != clusters["mahmud-la"]
    assert clusters["muhammad-la"] == clusters["mohammad-la"]


def test_one_person_spelled_three_ways_is_linked(clusters: dict[str, str]) -> None:
    assert clusters["mohammad"] == clusters["muhammad"] == clusters["محمد"]


def test_one_person_in_two_scripts_is_linked(clusters: dict[str, str]) -> None:
    assert clusters["amna-ar"] == clusters["amna-la"]
    assert clusters["hasan-ar"] == clusters["hasan-la"]
    assert clusters["son-ar"] == clusters["son-la"]


def test_a_common_form_is_marked_with_its_vowels_and_a_rare_one_not() -> None:
    """Muhammad and Mahmud (3 and 2 vowels) are two names; Ismail and Ismael (2 and 2) one."""
    given = ["mahamad"] * 3 + ["mahmad"] * 3 + ["asmal"] * 3 + ["asmayl"] * 3 + ["raar", None]
    columns = {f"{part}_form": [None] * len(given) for part in PART_NAMES}
    columns["given_form"] = given
    table = with_common_forms(
        pa.table(columns, schema=pa.schema([(n, pa.string()) for n in columns]))
    )
    marks = table["given_common"].to_pylist()
    assert marks == [4] * 3 + [3] * 3 + [3] * 3 + [3] * 3 + [0, 0]
    assert set(table["family_common"].to_pylist()) == {0}
