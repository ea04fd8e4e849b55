"""How one source spells names: romanisation habits, Arabic spelling habits and typos.

A ``Habits`` is drawn once per source from its seed. The same source spells the same
word the same way every time (a habit is decided per source and word, from a stable
hash), as real lists do; typos are drawn per record.
"""

from __future__ import annotations

import functools
import random
import re
import zlib
from dataclasses import dataclass

#: Sun letters (as the scholarly romanisation writes them): the article assimilates.
SUN = ("sh", "th", "dh", "t", "d", "r", "z", "s", "n")
ARTICLES = ("al-", "Al-", "el-", "Al ", "El ", "", "Al", "al ")
ABD = ("Abd al-", "Abdul", "Abdel", "Abd Al ", "Abdul ", "Abd el-", "Abdel ")
DIN = (" al-Din", "-Eddin", "eddin", " El Din", " Aldin", "uddin", " ad-Din")
_ARABIC_TYPO_LETTERS = "ابتجحدرزسعفقلمنهوي"
_LATIN_TYPO_LETTERS = "abdefhiklmnorstuyz"


@dataclass(frozen=True, slots=True)
class Habits:
    """Probabilities (per word) of each spelling habit, and the source's fixed choices."""

    seed: int
    o_for_u: float
    ou_for_u: float
    e_for_a: float
    ee_for_i: float
    y_final: float
    single: float
    ah_final: float
    k_for_q: float
    french: float
    z_for_dh: float
    abbreviate_muhammad: float
    article: str
    abd: str
    din: str
    upper: bool
    arabic_bare_hamza: float
    arabic_heh_for_taa: float
    arabic_yeh_for_maqsura: float
    arabic_glue_abd: float
    typo: float

    @classmethod
    def draw(cls, rng: random.Random) -> Habits:
        """One source's habits; a third of sources lean French (ou, ch, dj)."""
        french = rng.random() < 0.33
        return cls(
            seed=rng.getrandbits(32),
            o_for_u=rng.uniform(0.2, 0.8),
            ou_for_u=rng.uniform(0.3, 0.8) if french else rng.uniform(0.0, 0.2),
            e_for_a=rng.uniform(0.1, 0.7),
            ee_for_i=0.0 if french else rng.uniform(0.0, 0.5),
            y_final=rng.uniform(0.0, 0.5),
            single=rng.uniform(0.0, 0.6),
            ah_final=rng.uniform(0.0, 0.6),
            k_for_q=rng.uniform(0.0, 0.6),
            french=rng.uniform(0.4, 0.9) if french else 0.0,
            z_for_dh=rng.uniform(0.2, 0.9),
            abbreviate_muhammad=rng.choice((0.0, 0.0, 0.3, 0.6)),
            article=rng.choice(ARTICLES),
            abd=rng.choice(ABD),
            din=rng.choice(DIN),
            upper=rng.random() < 0.15,
            arabic_bare_hamza=rng.uniform(0.0, 0.7),
            arabic_heh_for_taa=rng.uniform(0.0, 0.4),
            arabic_yeh_for_maqsura=rng.uniform(0.0, 0.6),
            arabic_glue_abd=rng.uniform(0.0, 0.5),
            typo=rng.uniform(0.01, 0.08),
        )

    def chance(self, word: str, habit: str, probability: float) -> bool:
        """Whether this source applies ``habit`` to ``word``: the same answer every time."""
        digest = zlib.crc32(f"{self.seed}:{habit}:{word}".encode())
        return digest / 0xFFFFFFFF < probability


def _vowels(word: str, habits: Habits) -> str:
    if habits.chance(word, "ou", habits.ou_for_u):
        word = word.replace("u", "ou")
    elif habits.chance(word, "o", habits.o_for_u):
        word = re.sub(r"u(?!$)", "o", word, count=1)
    if habits.chance(word, "e", habits.e_for_a):
        word = re.sub(r"[ai](?=[^aeiou]$)", "e", word)
    if habits.chance(word, "ee", habits.ee_for_i):
        word = re.sub(r"(?<=[^aeiou])i(?=[^aeiou])", "ee", word, count=1)
    return word


def _consonants(word: str, habits: Habits) -> str:
    if habits.chance(word, "single", habits.single):
        word = re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", word)
    if habits.chance(word, "k", habits.k_for_q):
        word = word.replace("q", "k")
    if habits.chance(word, "z", habits.z_for_dh):
        word = word.replace("dh", "z")
    if habits.chance(word, "fr", habits.french):
        word = word.replace("sh", "ch").replace("j", "dj")
    return word


def _endings(word: str, habits: Habits) -> str:
    if word.endswith("i") and habits.chance(word, "y", habits.y_final):
        return word[:-1] + "y"
    if word.endswith("a") and habits.chance(word, "ah", habits.ah_final):
        return word + "h"
    return word


@functools.lru_cache(maxsize=1 << 16)
def spell_word(word: str, habits: Habits) -> str:
    """One lower-case scholarly word in this source's spelling (title case)."""
    if word == "muhammad" and habits.chance("", "mhd", habits.abbreviate_muhammad):
        return "Mhd"
    spelled = _endings(_consonants(_vowels(word, habits), habits), habits)
    return spelled[:1].upper() + spelled[1:]


def _article(word: str, habits: Habits) -> str:
    """The article before ``word`` (already spelled), in this source's style."""
    style = habits.article
    if style == "al-" and word.lower().startswith(SUN):
        sun = next(letter for letter in SUN if word.lower().startswith(letter))
        return f"a{sun}-"
    return style


def spell_latin(name: str, habits: Habits) -> str:
    """A scholarly name ("Abd al-Rahman", "al-Halabi", "Nur al-Din") as this source
    writes it."""
    out: list[str] = []
    words = name.replace("al-", "al ").split()
    index = 0
    while index < len(words):
        word = words[index].lower()
        if word == "abd" and index + 1 < len(words):
            rest = words[index + 2] if words[index + 1] == "al" else words[index + 1]
            out.append(_abd(rest.lower(), habits))
            index += 3 if words[index + 1] == "al" else 2
        elif word == "al" and index + 1 < len(words) and words[index + 1].lower() == "din":
            out[-1] += habits.din
            index += 2
        elif word == "al" and index + 1 < len(words):
            spelled = spell_word(words[index + 1].lower(), habits)
            out.append(_article(spelled, habits) + spelled)
            index += 2
        else:
            out.append(spell_word(word, habits))
            index += 1
    text = " ".join(out)
    return text.upper() if habits.upper else text


def _abd(rest: str, habits: Habits) -> str:
    if rest == "allah":
        return "Abdallah" if habits.abd.startswith("Abde") else "Abdullah"
    spelled = spell_word(rest, habits)
    if habits.abd.endswith((" ", "-")):
        return habits.abd + spelled
    return habits.abd + spelled.lower()


@functools.lru_cache(maxsize=1 << 20)
def spell_arabic(name: str, habits: Habits) -> str:
    """An Arabic-script name with this source's spelling habits (hamza seats written
    or not, ة as ه, ى as ي, عبد glued to the next word)."""
    if habits.chance(name, "hamza", habits.arabic_bare_hamza):
        name = name.translate(str.maketrans("أإآ", "ااا"))
    if habits.chance(name, "taa", habits.arabic_heh_for_taa):
        name = name.replace("ة", "ه")
    if habits.chance(name, "maqsura", habits.arabic_yeh_for_maqsura):
        name = name.replace("ى", "ي")
    if habits.chance(name, "glue", habits.arabic_glue_abd):
        name = name.replace("عبد ال", "عبدال")
    return name


def typo(text: str, rng: random.Random) -> str:
    """One random edit (substitution, deletion, insertion or swap) inside one word."""
    positions = [index for index, char in enumerate(text) if char.isalpha()]
    if len(positions) < 4:
        return text
    index = rng.choice(positions[1:-1])
    letters = _ARABIC_TYPO_LETTERS if "\u0600" <= text[index] <= "\u06ff" else _LATIN_TYPO_LETTERS
    edit = rng.randrange(4)
    if edit == 0:
        return text[:index] + rng.choice(letters) + text[index + 1 :]
    if edit == 1:
        return text[:index] + text[index + 1 :]
    if edit == 2:
        return text[:index] + rng.choice(letters) + text[index:]
    return text[:index] + text[index + 1] + text[index] + text[index + 2 :]
