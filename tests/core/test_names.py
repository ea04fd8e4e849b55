"""Name normalisation for search (and later linkage), in Arabic and Latin script."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carewatch_core.names import (
    arabic_to_latin_skeleton,
    fold_latin,
    is_arabic,
    latin_skeleton,
    matches_key,
    normalise_arabic,
    romanise_arabic,
    search_key,
    search_tokens,
)
from carewatch_core.names.arabic import in_arabic_block
from carewatch_core.names.latin import NAME_RULES, PARTICLE_RULES, SKELETON_RULES, SPELLING_RULES

EXAMPLE_ARABIC = "محمد عبد الرحمن الحلبي"
EXAMPLE_LATIN = "Mohammad Abdulrahman al-Halabi"
EXAMPLE_OTHER_LATIN = "Muhammed Abd Al Rahman Halaby"

# Pieces that exercise the rules more often than arbitrary text does.
NAME_PIECES = [
    *"abdehiklmnorstuwyzqcpjf '-`’ʿʾ.",
    *"ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآٱؤئةىـ",
    *"\u064b\u064e\u064f\u0650\u0651\u0652\u0670٠١٩۰۴کیپچگژڤ\u200f\u200c،",
    "al",
    "el",
    "abd",
    "abdul",
    "abdel",
    "allah",
    "ar",
    "as",
    "ou",
    "ee",
    "oo",
    "ph",
    "mohamed",
    "mhd",
    "bin",
    "ibn",
    "ﷲ",
    "ﻻ",
    "é",
    "ß",
    "İ",
]
name_like = st.lists(st.sampled_from(NAME_PIECES), max_size=24).map("".join)
any_text = st.one_of(st.text(), name_like)


# --- normalise_arabic -----------------------------------------------------------------


@pytest.mark.parametrize("alef", ["أ", "إ", "آ", "ٱ", "ا"])
def test_it_writes_every_hamza_madda_and_wasla_alef_as_a_bare_alef(alef: str) -> None:
    assert normalise_arabic(f"{alef}حمد") == "احمد"


def test_it_writes_waw_and_yeh_with_hamza_as_plain_waw_and_yeh() -> None:
    assert normalise_arabic("مؤمن") == "مومن"
    assert normalise_arabic("وائل") == "وايل"


def test_it_drops_a_standalone_hamza() -> None:
    assert normalise_arabic("علاء") == "علا"


def test_it_writes_taa_marbuta_as_heh_and_alef_maqsura_as_yeh() -> None:
    assert normalise_arabic("فاطمة") == "فاطمه"
    assert normalise_arabic("مصطفى") == "مصطفي"


@pytest.mark.parametrize("mark", [chr(code) for code in range(0x064B, 0x0660)] + ["\u0670"])
def test_it_removes_every_tashkeel_mark_and_the_superscript_alef(mark: str) -> None:
    assert normalise_arabic(f"محم{mark}د") == "محمد"


def test_it_removes_full_vocalisation_and_tatweel() -> None:
    assert normalise_arabic("مُحَمَّد الحَلَبِي") == "محمد الحلبي"
    assert normalise_arabic("محـــمد") == "محمد"
    assert search_key("ـــ") == ""
    assert normalise_arabic("رحمٰن") == "رحمن"


@pytest.mark.parametrize(
    ("persian", "arabic"),
    [("ک", "ك"), ("ی", "ي"), ("پ", "ب"), ("چ", "ج"), ("گ", "ك"), ("ژ", "ز"), ("ڤ", "ف")],
)
def test_it_writes_persian_and_urdu_letters_as_arabic_ones(persian: str, arabic: str) -> None:
    assert normalise_arabic(persian) == arabic


def test_it_turns_arabic_indic_and_eastern_arabic_indic_digits_into_ascii_digits() -> None:
    assert normalise_arabic("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert normalise_arabic("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert normalise_arabic("مشفى ٣ / ۴") == "مشفي 3 / 4"


def test_it_collapses_whitespace_and_removes_invisible_direction_marks() -> None:
    assert normalise_arabic("  محمد \t\n  علي\u200f  ") == "محمد علي"
    assert normalise_arabic("\ufeffعلي\u200c") == "علي"


def test_it_unfolds_presentation_forms_and_the_allah_ligature() -> None:
    assert normalise_arabic("ﻣﺤﻤﺪ") == "محمد"
    assert normalise_arabic("ﷲ") == "الله"


def test_it_separates_a_glued_abd_al() -> None:
    assert normalise_arabic("عبدالرحمن") == normalise_arabic("عبد الرحمن") == "عبد الرحمن"
    assert normalise_arabic("عبدالله") == "عبد الله"


def test_it_leaves_latin_text_as_it_is() -> None:
    assert normalise_arabic("José  Ali") == "José Ali"


# --- is_arabic ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("محمد", True),
        ("مُحَمَّد", True),
        ("مشفى ٣", True),
        ("محمد 3", True),
        ("ﻣﺤﻤﺪ", True),
        ("Muhammad", False),
        ("محمد Ali", False),
        ("123", False),
        ("", False),
        ("  ", False),
    ],
)
def test_it_tells_whether_a_text_is_written_in_arabic_script(text: str, expected: bool) -> None:
    assert is_arabic(text) is expected


@given(
    st.one_of(any_text, st.text(alphabet=st.characters(min_codepoint=0x0590, max_codepoint=0x0900)))
)
def test_is_arabic_is_its_definition_letter_by_letter(text: str) -> None:
    """The one-pass test answers as the definition: letters, and all of them in the Arabic blocks."""
    letters = [char for char in text if char.isalpha()]
    assert is_arabic(text) is (bool(letters) and all(in_arabic_block(c) for c in letters))


# --- romanisation and the Arabic skeleton ---------------------------------------------


def test_it_romanises_one_fixed_latin_letter_or_digraph_per_arabic_letter() -> None:
    assert romanise_arabic("خالد شاكر غسان ذياب ثامر") == "khald shakr ghsan dhyab thamr"
    assert romanise_arabic("صالح ضاهر طارق ظاهر") == "salh dahr tarq zahr"


def test_it_writes_waw_and_yeh_as_consonants_at_the_start_or_before_a_long_vowel() -> None:
    assert romanise_arabic("يوسف مروان") == "yusf mrwan"
    assert romanise_arabic("محمود حسين ايمن") == "mhmud hsin aimn"


def test_it_writes_the_article_as_a_separate_al_and_drops_short_vowels() -> None:
    assert romanise_arabic("الحَلَبِي") == "al hlbi"


def test_it_writes_a_final_taa_marbuta_as_nothing() -> None:
    assert romanise_arabic("فاطمة حمزة") == "fatm hmz"


def test_it_ignores_latin_letters_and_digits_in_the_arabic_skeleton() -> None:
    assert arabic_to_latin_skeleton("محمد Ali 3") == "mhmd"


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("محمد", "Mohamed"),
        ("أحمد", "Ahmed"),
        ("خالد", "Khaled"),
        ("يوسف", "Youssef"),
        ("فاطمة", "Fatimah"),
        ("حمزة", "Hamza"),
        ("قاسم", "Kassem"),
        ("مروان", "Marwan"),
        ("عمر", "Omar"),
        ("علي", "Ali"),
        ("إبراهيم", "Ibrahim"),
        ("أسامة", "Usama"),
        ("وائل", "Wael"),
        ("حسين", "Hussein"),
        ("زيد", "Zayd"),
        ("شوقي", "Shawky"),
        ("شادي", "Chadi"),
        ("جمال", "Djamal"),
        ("منذر", "Munzer"),
        ("عيسى", "Issa"),
        ("عبد الله", "Abdullah"),
        ("عبدالله", "Abd Allah"),
        ("ابن خلدون", "Ibn Khaldoun"),
        ("الحلبي", "al-Halabi"),
        ("صالح", "Saleh"),
        ("عبد الفتاح", "Abdel Fattah"),
        ("شيخ", "Sheikh"),
    ],
)
def test_the_arabic_skeleton_meets_the_latin_skeleton_of_common_spellings(
    arabic: str, latin: str
) -> None:
    assert arabic_to_latin_skeleton(arabic) == latin_skeleton(latin)


def test_the_skeleton_is_coarse_on_purpose() -> None:
    assert latin_skeleton("Muhammad") == latin_skeleton("Mahmoud") == "mhmd"


# --- fold_latin -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    ["Mohammad", "Muhammad", "Mohamed", "Mohammed", "Muhammed", "Mouhamad", "Mhd", "Mohd", "MHD."],
)
def test_it_matches_mohammad_muhammad_and_mohamed(spelling: str) -> None:
    assert fold_latin(spelling) == "muhammad"


@pytest.mark.parametrize(
    "spelling", ["al-Halabi", "el-Halabi", "Al Halabi", "El Halabi", "AL-HALABI"]
)
def test_it_writes_the_article_al_el_as_al(spelling: str) -> None:
    assert fold_latin(spelling) == "al halabi"


@pytest.mark.parametrize(
    "spelling",
    [
        "Abd al-Rahman",
        "Abdul Rahman",
        "Abdulrahman",
        "Abdel Rahman",
        "Abdelrahman",
        "Abd el Rahman",
        "Abdol Rahman",
        "Abdoul Rahman",
        "Abd-al-Rahman",
    ],
)
def test_it_writes_abd_al_abdul_abdel_abd_el_and_abdol_as_abd_al(spelling: str) -> None:
    assert fold_latin(spelling) == "abd al rahman"


@pytest.mark.parametrize(
    "spelling", ["Abd ar-Rahman", "Abdur Rahman", "Abdurrahman", "Abd-ur-Rahman"]
)
def test_it_reads_an_article_assimilated_to_a_sun_letter_as_al(spelling: str) -> None:
    assert fold_latin(spelling) == "abd al rahman"


def test_it_reads_as_and_ash_before_the_same_letter_as_the_article() -> None:
    assert fold_latin("as-Sayed ash-Shami") == "al sayed al shami"
    assert fold_latin("Abdussalam") == fold_latin("Abd as-Salam") == "abd al salam"


def test_it_keeps_the_second_l_of_a_glued_abdul() -> None:
    assert fold_latin("Abdullatif") == fold_latin("Abd al-Latif") == "abd al latif"
    assert fold_latin("Abdulaziz") == "abd al aziz"


@pytest.mark.parametrize("spelling", ["Abdullah", "Abdallah", "Abdulla", "Abd Allah", "Abdellah"])
def test_it_treats_abdullah_abdallah_and_abd_allah_as_one_name(spelling: str) -> None:
    assert fold_latin(spelling) == "abd ala"


def test_it_does_not_split_a_family_name_that_merely_starts_with_abdal() -> None:
    assert fold_latin("Abdali") == "abdali"


@pytest.mark.parametrize("spelling", ["bin", "ben", "ibn", "Ibn", "BN"])
def test_it_writes_bin_ben_and_ibn_as_bin(spelling: str) -> None:
    assert fold_latin(f"Khalid {spelling} Walid") == "khalid bin walid"


def test_it_casefolds_and_strips_diacritics() -> None:
    assert fold_latin("ĀḤMAD Ṭāriq") == "ahmad tariq"
    assert fold_latin("Hélène") == "helene"


@pytest.mark.parametrize("spelling", ["Sa'id", "Sa’id", "Saʿid", "Saʾid", "Sa`id", "Said"])
def test_it_drops_apostrophes_and_ayn_and_hamza_signs(spelling: str) -> None:
    assert fold_latin(spelling) == "said"


def test_it_turns_hyphens_and_other_punctuation_into_single_spaces() -> None:
    assert fold_latin("  Nour-Eddin,  (Hama)  ") == "nur edin hama"


@pytest.mark.parametrize(
    ("spelling", "folded"),
    [
        ("Rouba", "ruba"),  # ou is u
        ("Mamoon", "mamun"),  # oo is u
        ("Kareem", "karim"),  # ee is i
        ("Phadi", "fadi"),  # ph is f
        ("Hassan", "hasan"),  # double letters are single
        ("Saad", "sad"),
        ("Halaby", "halabi"),  # a final y after a consonant is i
        ("Louay", "luay"),  # ... not after a vowel
        ("Hamzah", "hamza"),  # a final h after a vowel is silent
        ("Sheikh", "sheikh"),  # ... not after a consonant
        ("Saleh", "sale"),  # ... even when it is a real ح: search only needs consistency
        ("Ahmed", "ahmad"),  # name rows
        ("Moustapha", "mustafa"),
        ("Youssef", "yusuf"),
        ("Hussain", "husein"),
        ("Abou", "abu"),
    ],
)
def test_it_folds_spelling_variants_row_by_row(spelling: str, folded: str) -> None:
    assert fold_latin(spelling) == folded


def test_every_rule_says_why_it_exists() -> None:
    for rule in (*SPELLING_RULES, *PARTICLE_RULES, *NAME_RULES, *SKELETON_RULES):
        assert rule.why.strip(), rule.pattern.pattern


# --- latin_skeleton -------------------------------------------------------------------


def test_the_latin_skeleton_keeps_consonants_and_a_first_vowel_as_a() -> None:
    assert latin_skeleton("Mohamed Qassem al-Halaby") == "mhmd ksm al hlb"
    assert latin_skeleton("Omar") == latin_skeleton("Umar") == "amr"


@pytest.mark.parametrize(
    ("one", "other"),
    [("Qasim", "Kasem"), ("Chadi", "Shadi"), ("Djamal", "Jamal"), ("Mundhir", "Munzer")],
)
def test_the_latin_skeleton_merges_consonants_that_sources_confuse(one: str, other: str) -> None:
    assert latin_skeleton(one) == latin_skeleton(other)


def test_the_latin_skeleton_keeps_th_apart_from_t_and_s() -> None:
    assert latin_skeleton("Haitham") != latin_skeleton("Haytam")
    assert latin_skeleton("Haitham") != latin_skeleton("Haysam")


def test_the_latin_skeleton_keeps_w_and_y_only_before_a_vowel() -> None:
    assert latin_skeleton("Marwan Yasser") == "mrwn ysr"
    assert latin_skeleton("Shawki Zayd Ayman") == "shk zd amn"


# --- the example name -----------------------------------------------------------------


def test_the_example_name_has_the_same_skeleton_in_arabic_and_in_the_full_latin_spelling() -> None:
    assert arabic_to_latin_skeleton(EXAMPLE_ARABIC) == latin_skeleton(EXAMPLE_LATIN)
    assert latin_skeleton(EXAMPLE_LATIN) == "mhmd abd al rhmn al hlb"


def test_the_example_latin_spellings_differ_only_by_the_article_before_the_family_name() -> None:
    """Realistic promise: "Halaby" without "al-" loses a token, nothing more. So the keys
    are not equal, but the shorter one's tokens are all in the longer one, and each
    spelling, used as a query, finds the other."""
    full, short = search_key(EXAMPLE_LATIN), search_key(EXAMPLE_OTHER_LATIN)
    assert full == "muhammad abd al rahman al halabi"
    assert short == "muhammad abd al rahman halabi"
    assert set(short.split()) <= set(full.split())
    assert matches_key(full, EXAMPLE_OTHER_LATIN)
    assert matches_key(short, EXAMPLE_LATIN)
    assert latin_skeleton(EXAMPLE_OTHER_LATIN) == "mhmd abd al rhmn hlb"


def test_the_example_name_is_found_in_arabic_with_or_without_vocalisation_and_glued_abd() -> None:
    key = search_key(EXAMPLE_ARABIC)
    assert key == "محمد عبد الرحمن الحلبي"
    assert search_key("مُحَمَّد عبدالرَّحمن الحلبى") == key
    assert matches_key(key, "عبد الرحمن الحلبي")
    assert matches_key(key, "محمد حلبي")


# --- search_key, search_tokens, matches_key -------------------------------------------


def test_a_latin_query_finds_a_differently_spelled_latin_name() -> None:
    assert matches_key(search_key("Muhammad Al-Halabi"), "Mohamed al Halabi")
    assert matches_key(search_key("Muhammad Al-Halabi"), "mohammed halaby")


def test_an_arabic_query_finds_vocalised_and_alef_maqsura_spellings() -> None:
    query = "محمد الحلبي"
    assert matches_key(search_key("مُحَمَّد الحَلَبِي"), query)
    assert matches_key(search_key("محمد الحلبى"), query)


def test_a_query_with_the_article_finds_a_name_without_it_and_the_other_way_round() -> None:
    assert matches_key(search_key("Muhammad Halabi"), "Muhammad al-Halabi")
    assert matches_key(search_key("Muhammad al-Halabi"), "Muhammad Halabi")
    assert matches_key(search_key("محمد حلبي"), "محمد الحلبي")
    assert matches_key(search_key("محمد الحلبي"), "محمد حلبي")


def test_a_query_does_not_find_a_different_name() -> None:
    assert not matches_key(search_key("Muhammad al-Halabi"), "Ahmad al-Halabi")
    assert not matches_key(search_key("محمد الحلبي"), "احمد الحلبي")


def test_search_stays_within_one_script() -> None:
    assert not matches_key(search_key("محمد الحلبي"), "Muhammad al-Halabi")


def test_the_search_key_of_a_mixed_name_processes_both_scripts() -> None:
    assert search_key("مُحَمَّد (Mohammed) al-Halaby، الحلبى") == "محمد muhammad al halabi الحلبي"
    assert search_key("محمدAli") == "محمد ali"


def test_the_search_key_of_a_facility_keeps_its_number_in_ascii_digits() -> None:
    assert search_key("مشفى الرحمة ٣") == "مشفي الرحمه 3"
    assert matches_key(search_key("Al-Rahma Hospital 3"), "al rahma hospital 3")


def test_search_tokens_are_the_words_of_the_key_once_each_without_the_article() -> None:
    assert search_tokens("Mohamed al Halabi") == ["muhammad", "halabi"]
    assert search_tokens("محمد الحلبي") == ["محمد", "حلبي"]
    assert search_tokens("Muhammad Muhammad") == ["muhammad"]
    assert search_tokens("AlHalabi") == ["halabi"]


def test_search_tokens_keep_short_words_that_merely_start_like_the_article() -> None:
    assert search_tokens("علاء") == ["علا"]
    assert search_tokens("Ali Alaa") == ["ali", "ala"]
    assert search_tokens("الله") == ["الله"]


def test_a_query_that_is_only_an_article_keeps_it() -> None:
    assert search_tokens("al-") == ["al"]
    assert search_tokens("ال") == ["ال"]


@pytest.mark.parametrize("blank", ["", " ", "\t\n ", "\u200f\u200c"])
def test_empty_and_blank_input_gives_empty_keys(blank: str) -> None:
    assert normalise_arabic(blank) == ""
    assert fold_latin(blank) == ""
    assert search_key(blank) == ""
    assert search_tokens(blank) == []
    assert latin_skeleton(blank) == ""
    assert arabic_to_latin_skeleton(blank) == ""
    assert not is_arabic(blank)
    assert matches_key("", blank)


def test_punctuation_alone_gives_an_empty_search_key() -> None:
    assert search_key("- ' ، (?)") == ""
    assert search_tokens("- ' ، (?)") == []


# --- properties -----------------------------------------------------------------------


@settings(max_examples=500)
@given(any_text)
def test_the_search_key_is_idempotent(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key


@settings(max_examples=500)
@given(any_text)
def test_fold_latin_is_idempotent(text: str) -> None:
    folded = fold_latin(text)
    assert fold_latin(folded) == folded


@settings(max_examples=500)
@given(any_text)
def test_normalise_arabic_is_idempotent(text: str) -> None:
    normalised = normalise_arabic(text)
    assert normalise_arabic(normalised) == normalised


@settings(max_examples=500)
@given(any_text)
def test_every_name_finds_itself(text: str) -> None:
    key = search_key(text)
    assert all(token in key for token in search_tokens(text))
    assert matches_key(key, text)


@settings(max_examples=300)
@given(any_text)
def test_keys_are_trimmed_single_spaced_and_skeletons_never_fail(text: str) -> None:
    for key in (search_key(text), fold_latin(text), normalise_arabic(text)):
        assert key == " ".join(key.split())
    assert isinstance(latin_skeleton(text), str)
    assert isinstance(arabic_to_latin_skeleton(text), str)


# --- purity ---------------------------------------------------------------------------


def test_importing_the_names_package_does_not_import_django() -> None:
    code = (
        "import sys, carewatch_core.names\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
