"""One search key for names in Arabic and Latin script.

The Django side stores ``search_key(name)`` in an indexed column and keeps the rows whose
key contains every one of ``search_tokens(query)`` (chained ``icontains`` filters), which
``matches_key`` mirrors in plain Python. Searching stays within one script: an Arabic
query finds Arabic spellings, a Latin query Latin ones (``arabic_to_latin_skeleton`` is
the bridge between scripts, for linkage).
"""

from __future__ import annotations

import re

from carewatch_core.names.arabic import ARABIC_CLASS, ARTICLE, normalise_arabic
from carewatch_core.names.latin import fold_latin

_ARABIC_RUN = re.compile(f"([{ARABIC_CLASS}]+)")
_LATIN_ARTICLE = "al"
#: A glued article is stripped from a query token only if this many letters remain,
#: so that short names that merely start like the article (علا, Alaa, Ali) stay whole.
_MIN_AFTER_ARTICLE = {ARTICLE: 3, _LATIN_ARTICLE: 4}


def _fold_arabic_run(run: str) -> str:
    """An Arabic-script run, already normalised: its punctuation (، ؛ ؟ …) separates words."""
    return "".join(char if char.isalnum() else " " for char in run)


def search_key(text: str) -> str:
    """The search key of a name or query in any mix of scripts.

    The text is ``normalise_arabic``-ed as a whole, then cut into runs of Arabic script
    (kept as they are, punctuation removed) and everything else (``fold_latin``):
    "مُحَمَّد الحَلَبِي" and "محمد الحلبى" are "محمد الحلبي", "Mohamed al-Halaby" is
    "muhammad al halabi". Idempotent: ``search_key(search_key(x)) == search_key(x)``.
    """
    runs = _ARABIC_RUN.split(normalise_arabic(text))
    folded = (_fold_arabic_run(run) if odd else fold_latin(run) for odd, run in _alternate(runs))
    return " ".join(" ".join(folded).split())


def _alternate(runs: list[str]) -> list[tuple[bool, str]]:
    """``re.split`` with one group puts the captured (Arabic) runs at odd positions."""
    return [(index % 2 == 1, run) for index, run in enumerate(runs)]


def _strip_article(token: str) -> str:
    """A bare "al" is dropped; a glued article (الحلبي, alhalabi) is cut off a long token."""
    if token == _LATIN_ARTICLE:
        return ""
    for article, minimum in _MIN_AFTER_ARTICLE.items():
        if token.startswith(article) and len(token) - len(article) >= minimum:
            return token[len(article) :]
    return token


def search_tokens(text: str) -> list[str]:
    """The tokens of a query, to be matched each with ``icontains`` against stored keys.

    They are the words of ``search_key(text)``, once each, without the article: "Mohamed
    al Halabi" gives ``["muhammad", "halabi"]``, "محمد الحلبي" gives ``["محمد", "حلبي"]``,
    so both also find a name written without the article. Every token is a substring of
    ``search_key(text)``, so a name always finds itself. A query that is only articles
    keeps them.
    """
    tokens = list(dict.fromkeys(search_key(text).split()))
    stripped = list(dict.fromkeys(token for token in map(_strip_article, tokens) if token))
    return stripped or tokens


def matches_key(key: str, query: str) -> bool:
    """Whether a stored ``search_key`` matches a query the way the database does: every
    query token occurs in the key (an empty query, like no filter, matches everything)."""
    folded = key.casefold()
    return all(token in folded for token in search_tokens(query))
