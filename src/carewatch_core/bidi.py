"""Latin fragments of right-to-left translations, isolated once in the catalogue.

An Arabic sentence holding a code or a name in Latin letters ("CSV بوسوم HXL", "الترخيص: CC BY
4.0", "/petitions/%(slug)s/") is laid out by the Unicode bidirectional algorithm, which moves
neutral characters (spaces, parentheses, dashes, slashes) between the runs in ways no reader
expects. Wrapping each Latin fragment in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (U+2068,
U+2069) makes it one unit laid out in its own direction, in HTML, mail, CSV and PDF alike.

A fragment is a run of Latin letters, digits and the characters that join them (``. - / @ : _ +
'``), words separated by single spaces, and the placeholders written against them
(``%(slug)s``, ``{name}``): the value a placeholder receives belongs to the fragment it touches.
HTML tags, entities and already isolated runs are left as they are.
"""

from __future__ import annotations

import re

FSI, PDI = "\u2068", "\u2069"
_PROTECTED = re.compile(r"<[^>]*>|&#?\w+;|[\u2066\u2067\u2068][^\u2069]*\u2069")
_PLACEHOLDER = r"%\(\w+\)(?:\.\d+)?[sdfr]|%[sd]|\{\w*\}"
_PIECE = rf"(?:{_PLACEHOLDER}|[A-Za-z0-9._@/:+'\-])"
_RUN = re.compile(
    rf"(?P<run>{_PIECE}*[A-Za-z]{_PIECE}*(?: {_PIECE}*[A-Za-z0-9]{_PIECE}*)*)|{_PLACEHOLDER}"
)


def isolate_latin(text: str) -> str:
    """``text`` with each Latin fragment outside tags and existing isolates wrapped in FSI/PDI."""
    out, last = [], 0
    for match in _PROTECTED.finditer(text):
        out.append(_wrap(text[last : match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_wrap(text[last:]))
    return "".join(out)


def _wrap(text: str) -> str:
    """Each run isolated; a placeholder standing alone (``%(count)d``) left as it is."""

    def isolated(match: re.Match[str]) -> str:
        run = match.group("run")
        if run is None:
            return match.group()
        return f"{FSI}{_trimmed(run)}{PDI}{_trailing(run)}"

    return _RUN.sub(isolated, text)


def _trimmed(run: str) -> str:
    return run.rstrip(".:") or run


def _trailing(run: str) -> str:
    return run[len(_trimmed(run)) :]


def bare_latin(text: str) -> list[str]:
    """The Latin letters of ``text`` left outside isolates, tags and placeholders (none in a
    right-to-left translation that follows the rule)."""
    text = _PROTECTED.sub("", text)
    text = re.sub(_PLACEHOLDER, "", text)
    return re.findall(r"[A-Za-z]+", text)
