"""Name parts (given, father, grandfather, family) and part keys, in both scripts."""

from __future__ import annotations

import pytest

from carewatch_core.names import name_key, name_parts
from carewatch_core.names.parts import part_key
from carewatch_core.names.titles import without_titles

EXAMPLE = [
    "محمد عبد الرحمن الحلبي",
    "Mohammad Abdulrahman al-Halabi",
    "Muhammed Abd Al Rahman Halaby",
    "Mhd Abdel-Rahman Alhalabi",
    "مُحَمَّد عبدالرَّحمن الحلبى",
]


@pytest.mark.parametrize("spelling", EXAMPLE)
def test_the_example_name_has_the_same_parts_in_every_spelling(spelling: str) -> None:
    parts = name_parts(spelling)
    assert parts.keys == ("mhmd", "abdrhmn", "hlb")
    assert (parts.given, parts.father, parts.grandfather, parts.family) == (
        "mhmd",
        "abdrhmn",
        "",
        "hlb",
    )


def test_a_four_part_name_has_a_grandfather() -> None:
    parts = name_parts("Ahmad Mahmoud Yousef al-Masri")
    assert (parts.given, parts.father, parts.grandfather, parts.family) == (
        "ahmd",
        "mhmd",
        "ysf",
        "msr",
    )


def test_a_one_part_name_is_only_a_given_name() -> None:
    parts = name_parts("Khaled")
    assert (parts.given, parts.family) == ("khld", "")


@pytest.mark.parametrize(
    "spelling",
    ["Nour al-Din Ali", "Nour-Eddin Ali", "Nur ad-Din Ali", "Noureddin Ali", "نور الدين علي"],
)
def test_a_din_compound_stays_one_part(spelling: str) -> None:
    assert name_parts(spelling).keys == ("nrdn", "al")


@pytest.mark.parametrize(
    "spelling", ["Abdullah Abu Bakr Zayd", "Abd Allah Abou-Bakr Zaid", "عبدالله ابو بكر زيد"]
)
def test_abd_and_abu_compounds_stay_one_part(spelling: str) -> None:
    assert name_parts(spelling).keys == ("abdal", "abbkr", "zd")


@pytest.mark.parametrize(
    "spelling",
    ["Khalid bin Walid", "Khalid ibn Walid", "Khaled Ben Walid", "خالد بن وليد", "خالد ابن وليد"],
)
def test_son_of_only_joins_parts(spelling: str) -> None:
    assert name_parts(spelling).keys == ("khld", "wld")


def test_daughter_of_only_joins_parts() -> None:
    assert name_parts("Fatima bint Ahmad").keys == name_parts("فاطمة بنت أحمد").keys
    assert name_parts("Fatima bint Ahmad").keys == ("ftm", "ahmd")


def test_the_article_is_dropped_from_keys_but_kept_in_the_parts() -> None:
    parts = name_parts("Omar el-Sayed")
    assert parts.parts == (("omar",), ("al", "sayed"))
    assert parts.keys == ("amr", "syd")


def test_a_glued_article_is_cut_only_from_the_family_name() -> None:
    assert name_parts("Alaa Alhalabi").keys == ("al", "hlb")
    assert part_key(("alhalabi",)) == "alhlb"


def test_a_hamza_alef_lam_is_not_the_article() -> None:
    assert name_key("ألكس") != name_key("لكس")
    assert name_key("الحلبي") == name_key("حلبي")


def test_different_names_get_different_keys() -> None:
    assert name_key("Muhammad al-Halabi") != name_key("Ahmad al-Halabi")
    assert name_key("محمد الحلبي") != name_key("Muhammad al-Masri")


def test_empty_and_punctuation_only_names_have_no_parts() -> None:
    assert name_parts("").keys == ()
    assert name_parts(" - ' ").keys == ()
    assert name_key("ـــ") == ""


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Mhd Salahuddin", "محمد صلاح الدين"),
        ("Mhd Saladin", "محمد صلاح الدين"),
        ("Ibrahim Alauddin", "إبراهيم علاء الدين"),
        ("Ibrahim Alaeddin", "إبراهيم علاء الدين"),
        ("Mhd Nureddin", "محمد نور الدين"),
        ("Nooruddin Ali", "نور الدين علي"),
    ],
)
def test_a_compound_with_al_din_written_as_one_word_meets_its_arabic(
    latin: str, arabic: str
) -> None:
    assert name_parts(latin).keys == name_parts(arabic).keys


def test_a_family_name_keeps_an_al_inside_it() -> None:
    """Only a glued article at the start is cut (Alhalabi): Salameh keeps its "al"."""
    assert name_parts("Omar Salameh").keys == name_parts("عمر سلامة").keys == ("amr", "slm")
    assert name_parts("Omar Salameh").keys != name_parts("Omar Sameh").keys
    assert name_parts("Alaa Alhalabi").keys == ("al", "hlb")


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Shihab Ahmad", "شهاب أحمد"),
        ("Hasan al-Dhahabi", "حسن الذهبي"),
        ("Hasan al Zahabi", "حسن الذهبي"),
        ("Mhd Shehadeh", "محمد شحادة"),
    ],
)
def test_a_digraph_before_h_keeps_both_hs(latin: str, arabic: str) -> None:
    """ش ذ خ غ ث romanised as two letters, then ه or ح: not read as one doubled h."""
    assert name_parts(latin).keys == name_parts(arabic).keys


def test_a_name_ending_in_idin_is_not_an_al_din_compound() -> None:
    assert name_parts("Zainalabidin Ali").keys[0].endswith("bdn")
    assert name_parts("Abidin Ali").keys == ("abdn", "al")


@pytest.mark.parametrize(
    "written",
    [
        "الشهيد محمد عبد الرحمن الحلبي",
        "الشهيد الطبيب محمد عبد الرحمن الحلبي",
        "د. محمد عبد الرحمن الحلبي",
        "Dr. Mohammad Abdulrahman al-Halabi",
        "Martyr Dr Mohammad Abdulrahman al-Halabi",
        "محمد عبد الرحمن (أبو خالد) الحلبي",
        "Mohammad Abdulrahman al-Halabi [nurse]",
        "محمد عبد الرحمن الحلبي والدته فاطمة",
        "محمد عبد الرحمن الحلبي الملقب أبو خالد",
        "Mohammad Abdulrahman al-Halabi, mother: Fatima",
        "Mohammad Abdulrahman al-Halabi aka Abu Khaled",
    ],
)
def test_titles_before_a_name_and_notes_in_brackets_are_not_parts(written: str) -> None:
    assert name_parts(written).keys == ("mhmd", "abdrhmn", "hlb")


def test_a_title_is_kept_when_it_would_leave_one_word() -> None:
    assert without_titles("الدكتور محمد") == "الدكتور محمد"
    assert without_titles("Dr Ali Hasan") == "Ali Hasan"
    assert without_titles("Nurse Ali") == "Nurse Ali"
