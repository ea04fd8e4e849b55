"""Arabic-script names: normalisation, script detection and a Latin consonant skeleton.

``normalise_arabic`` removes the spelling variation of Arabic script that carries no
meaning when matching names (hamza seats, taa marbuta, alef maqsura, tashkeel, tatweel,
Persian/Urdu letter shapes, digit shapes, spacing). ``arabic_to_latin_skeleton`` spells
an Arabic name in one fixed Latin letter or digraph per Arabic letter and then reduces it
with the very same skeleton as ``latin_skeleton``, so that ``محمد الحلبي`` and
"Mohamed al-Halabi" meet on the key ``mhmd al hlb``.
"""

from __future__ import annotations

import re
import unicodedata

from carewatch_core.digits import ARABIC_INDIC, EASTERN_ARABIC_INDIC
from carewatch_core.names.latin import latin_skeleton

#: Unicode blocks of the Arabic script: Arabic, Supplement, Extended-B and -A,
#: Presentation Forms-A and -B.
ARABIC_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)

#: The blocks as the inside of a regular-expression character class.
ARABIC_CLASS = "".join(f"\\u{low:04X}-\\u{high:04X}" for low, high in ARABIC_BLOCKS)

#: Letter folds, applied in one ``str.translate``: (letters, replacement, why).
#: Hamza seats and madda are mostly already gone after NFKD (they decompose into the
#: bare letter plus a combining mark that is dropped); the rows keep the table complete.
LETTER_FOLDS: tuple[tuple[str, str, str], ...] = (
    ("\u0623\u0625\u0622\u0671", "\u0627", "أ إ آ ٱ are written ا: hamza, madda and wasla seats"),
    ("\u0624", "\u0648", "ؤ is written و"),
    ("\u0626", "\u064a", "ئ is written ي"),
    ("\u0621\u0674", "", "a standalone hamza ء (and high hamza) is dropped"),
    ("\u0629", "\u0647", "taa marbuta ة is written ه"),
    ("\u0649", "\u064a", "alef maqsura ى is written ي"),
    ("\u0640", "", "tatweel ـ (kashida) only stretches a word"),
    ("\u06a9\u06af", "\u0643", "Persian keheh ک and gaf گ are written ك"),
    ("\u06cc\u06d2", "\u064a", "Persian yeh ی and Urdu yeh barree ے are written ي"),
    ("\u067e", "\u0628", "pe پ is written ب"),
    ("\u0686", "\u062c", "che چ is written ج"),
    ("\u0698", "\u0632", "zhe ژ is written ز"),
    ("\u06a4", "\u0641", "veh ڤ is written ف"),
    ("\u06be\u06c1\u06d5", "\u0647", "Urdu and Kurdish heh shapes ھ ہ ە are written ه"),
    (ARABIC_INDIC, "0123456789", "Arabic-Indic digits"),
    (EASTERN_ARABIC_INDIC, "0123456789", "Eastern Arabic-Indic digits"),
)

#: One fixed Latin letter or digraph per Arabic consonant (after ``normalise_arabic``).
#: ع is written as a vowel "a": Latin sources render it as a vowel (Ali, Omar, Abd) or
#: as an apostrophe that ``fold_latin`` drops (Sa'id). و and ي are handled apart.
ROMAN: dict[str, str] = {
    "\u0627": "a",
    "\u0628": "b",
    "\u062a": "t",
    "\u062b": "th",
    "\u062c": "j",
    "\u062d": "h",
    "\u062e": "kh",
    "\u062f": "d",
    "\u0630": "dh",
    "\u0631": "r",
    "\u0632": "z",
    "\u0633": "s",
    "\u0634": "sh",
    "\u0635": "s",
    "\u0636": "d",
    "\u0637": "t",
    "\u0638": "z",
    "\u0639": "a",
    "\u063a": "gh",
    "\u0641": "f",
    "\u0642": "q",
    "\u0643": "k",
    "\u0644": "l",
    "\u0645": "m",
    "\u0646": "n",
    "\u0647": "h",
}

#: و and ي as (consonant, long vowel).
SEMIVOWELS: dict[str, tuple[str, str]] = {"\u0648": ("w", "u"), "\u064a": ("y", "i")}

#: Whole words with a conventional spelling that letter-by-letter romanisation misses.
WORDS: dict[str, str] = {"\u0627\u0644\u0644\u0647": "allah", "\u0627\u0628\u0646": "ibn"}

ARTICLE = "\u0627\u0644"
_LONG_VOWEL_LETTERS = frozenset("\u0627\u0648\u064a")
_TAA_OR_HEH = "\u0647"
#: Digraphs ending in h: before ح or ه (شهاب, ذهبي, شحادة) a vowel keeps the two apart, as every
#: Latin spelling does (Shihab, Dhahabi, Shehadeh); "shh" would read as one "sh".
_H_DIGRAPHS = frozenset({"th", "kh", "dh", "sh", "gh"})
_GLUED_ABD_AL = re.compile("\\b\u0639\u0628\u062f\u0627\u0644(?=\\w\\w)")


def _translation() -> dict[int, str]:
    table: dict[int, str] = {}
    for letters, replacement, _why in LETTER_FOLDS:
        for index, letter in enumerate(letters):
            table[ord(letter)] = replacement[index] if len(replacement) > 1 else replacement
    return table


_TRANSLATION = _translation()


def in_arabic_block(char: str) -> bool:
    """Whether one character belongs to a Unicode block of the Arabic script."""
    code = ord(char)
    return any(low <= code <= high for low, high in ARABIC_BLOCKS)


def _is_dropped(char: str) -> bool:
    """Arabic combining marks (tashkeel, superscript alef, Quranic marks) and format controls."""
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Mn" and in_arabic_block(char))


def normalise_arabic(text: str) -> str:
    """Fold the spelling variants of Arabic script; other text is only NFKC-normalised.

    Steps: NFKD (unfolds presentation forms and ligatures such as ﷲ, and splits hamza
    and madda off their seats); drop Arabic combining marks (U+064B–U+065F, U+0670,
    Quranic marks) and invisible format controls (RLM, ZWNJ, BOM…); NFC; the
    ``LETTER_FOLDS`` table; split a glued "عبدال…" into "عبد ال…"; collapse whitespace.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(char for char in decomposed if not _is_dropped(char))
    folded = unicodedata.normalize("NFC", kept).translate(_TRANSLATION)
    spaced = _GLUED_ABD_AL.sub("\u0639\u0628\u062f \u0627\u0644", folded)
    return " ".join(spaced.split())


#: Runs of characters of the Arabic blocks.
_ARABIC_RUNS = re.compile(f"[{ARABIC_CLASS}]+")


def is_arabic(text: str) -> bool:
    """True when the text has letters and all of them are Arabic script (digits and
    punctuation are ignored): ``is_arabic("محمد 3")`` but not ``is_arabic("محمد Ali")``.
    The Arabic characters are removed in one pass (linking a million names asks this of each:
    character by character it was a fifth of the time taken to prepare them)."""
    rest = _ARABIC_RUNS.sub("", text)
    if len(rest) == len(text):
        return False  # no character of the Arabic blocks, so no Arabic letter
    return any(map(str.isalpha, text)) and not any(map(str.isalpha, rest))


def _romanise_letter(word: str, index: int) -> str:
    """و/ي are consonants at the start of a word or before a long-vowel letter
    (ياسر, مروان), long vowels otherwise (محمود, حسين); a word-final ه (mostly a former
    ة) is silent, as ``fold_latin`` treats a final vowel + h."""
    letter = word[index]
    if letter in SEMIVOWELS:
        consonant = index == 0 or word[index + 1 : index + 2] in _LONG_VOWEL_LETTERS
        return SEMIVOWELS[letter][0 if consonant else 1]
    if letter == _TAA_OR_HEH and 0 < index == len(word) - 1:
        return ""
    return ROMAN.get(letter, "")


def _romanise_word(word: str) -> str:
    """One normalised Arabic word in Latin letters; the article ال becomes a separate "al"."""
    if word in WORDS:
        return WORDS[word]
    if word.startswith(ARTICLE) and len(word) > 3:
        return "al " + _romanise_word(word[2:])
    letters: list[str] = []
    for index in range(len(word)):
        letter = _romanise_letter(word, index)
        if letter.startswith("h") and letters and letters[-1] in _H_DIGRAPHS:
            letters.append("a")  # ذهبي is "dhahbi": "dhhbi" would lose its h to "double letters"
        letters.append(letter)
    return "".join(letters)


def romanise_arabic(text: str) -> str:
    """A fixed, lossy Latin spelling of Arabic-script text (short vowels are not written,
    so none appear); letters of other scripts and digits are dropped."""
    words = (_romanise_word(word) for word in normalise_arabic(text).split())
    return " ".join(" ".join(words).split())


def arabic_to_latin_skeleton(text: str) -> str:
    """The consonant skeleton of an Arabic-script name, comparable with ``latin_skeleton``:
    ``arabic_to_latin_skeleton("محمد الحلبي") == latin_skeleton("Mohamed al-Halabi")``.

    The romanisation keeps long vowels (a/u/i) so that consonantal و/ي can be told
    apart; the shared skeleton step then drops every vowel but a word-initial one."""
    return latin_skeleton(romanise_arabic(text))
