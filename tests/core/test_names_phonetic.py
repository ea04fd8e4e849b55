"""Phonetic keys: coarse keys that meet across romanisation habits."""

from __future__ import annotations

import pytest

from carewatch_core.names import phonetic_key
from carewatch_core.names.phonetic import PHONETIC_RULES, phonetic_part


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Jamal", "Gamal"),
        ("Ghassan", "Gassan"),
        ("Khaled", "Kaled"),
        ("Haitham", "Haytam"),
        ("جمال خليل", "Gamal Kalil"),
        ("محمد عبد الرحمن الحلبي", "Muhammed Abd Al Rahman Halaby"),
    ],
)
def test_spellings_of_one_name_share_a_phonetic_key(one: str, other: str) -> None:
    assert phonetic_key(one) == phonetic_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Muhammad", "Ahmad"), ("Hasan", "Khalil"), ("Samir", "Bashir"), ("Ali", "Omar")],
)
def test_different_names_keep_different_phonetic_keys(one: str, other: str) -> None:
    assert phonetic_key(one) != phonetic_key(other)


def test_the_phonetic_key_keeps_one_form_per_part() -> None:
    assert phonetic_key("Mohammad Abdulrahman al-Halabi") == "mhmd abdrhmn hlb"


def test_a_word_initial_w_or_y_is_kept() -> None:
    assert phonetic_part("ysf") == "ysf"
    assert phonetic_part("wld") == "wld"
    assert phonetic_part("adryn") == "adrn"


def test_every_phonetic_rule_says_why() -> None:
    assert all(why.strip() for _pattern, _replacement, why in PHONETIC_RULES)
