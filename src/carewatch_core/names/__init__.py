"""Arabic and Latin name normalisation."""

from carewatch_core.names.arabic import (
    arabic_to_latin_skeleton,
    is_arabic,
    normalise_arabic,
    romanise_arabic,
)
from carewatch_core.names.latin import fold_latin, latin_skeleton
from carewatch_core.names.parts import NameParts, name_key, name_parts
from carewatch_core.names.phonetic import phonetic_key
from carewatch_core.names.search import matches_key, search_key, search_tokens

__all__ = [
    "NameParts",
    "arabic_to_latin_skeleton",
    "fold_latin",
    "is_arabic",
    "latin_skeleton",
    "matches_key",
    "name_key",
    "name_parts",
    "normalise_arabic",
    "phonetic_key",
    "romanise_arabic",
    "search_key",
    "search_tokens",
]
