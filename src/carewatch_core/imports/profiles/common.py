"""Helpers the built-in profiles share: places, splitting multi-valued cells, flags."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from carewatch_core.counts import Count
from carewatch_core.geo.gazetteer import Gazetteer
from carewatch_core.geo.resolve import resolve
from carewatch_core.imports import errors as E
from carewatch_core.imports.cells import key
from carewatch_core.imports.dates import ParsedDate
from carewatch_core.imports.rows import RowView

#: Country names and codes that mean Syria in the datasets we read.
SYRIA = frozenset({"syria", "syr", "sy", "760", "syrian arab republic", "سوريا", "سورية", "syrie"})
_NO_PLACE = frozenset({"", "no information", "unknown", "not applicable", "n/a"})


def is_syria(*texts: str) -> bool:
    return any(key(t) in SYRIA for t in texts if t)


@lru_cache(maxsize=8192)
def _resolved(text: str, level: int | None) -> tuple[str, float] | None:
    found = resolve(text, Gazetteer.load("SY"), level=level)
    return (found.pcode, found.confidence) if found else None


def place(
    view: RowView, record: dict[str, Any], candidates: Iterable[tuple[str, int | None]]
) -> None:
    """Resolve the first named place (``(field, level)`` pairs, most precise first) in Syria's gazetteer.

    The text as written stays in ``place_text``; an unresolved name is flagged, never dropped.
    """
    for name, level in candidates:
        text = view.text(name)
        if key(text) in _NO_PLACE:
            continue
        record["place_text"] = text[:200]
        hit = _users_place(view, name, text) or _resolved(text, level)
        if hit is None:
            view.flag(name, E.UNKNOWN_PLACE)
            continue
        record["place_pcode"], record["place_confidence"] = hit
        return


def _users_place(view: RowView, name: str, text: str) -> tuple[str, float] | None:
    """A saved mapping's p-code for this place name (the user said so: full confidence)."""
    users = view.overrides.values.get(name)
    if not users:
        return None
    pcode = {key(k): v for k, v in users.items()}.get(key(text))
    return (pcode, 1.0) if pcode else None


def set_date(
    record: dict[str, Any],
    extra: dict[str, Any],
    parsed: ParsedDate | None,
    precision: int | None = None,
) -> None:
    if parsed is None:
        return
    record["date"] = parsed.date
    record["date_precision"] = precision or parsed.precision
    if parsed.time is not None:
        extra["time"] = parsed.time.isoformat()


def counts_of(view: RowView, measures: Mapping[str, str]) -> dict[str, list[int | None]]:
    """measure → [low, high] for every known count (an unknown one is simply absent)."""
    out: dict[str, list[int | None]] = {}
    for measure, name in measures.items():
        count = view.count(name)
        if count.known:
            out[measure] = [count.low, count.high]
    return out


def number(view: RowView, name: str) -> Count:
    return view.count(name)


_TRUE = frozenset({"true", "yes", "1", "y", "نعم", "oui"})
_FALSE = frozenset({"false", "no", "0", "n", "لا", "non"})


def yes_no(view: RowView, name: str) -> bool | None:
    """A yes/no cell; ``None`` when blank or "unknown", flagged when it is something else."""
    cell = view.cell(name)
    if isinstance(cell, bool):
        return cell
    text = key(view.text(name))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text and text not in {"unknown", "no information"}:
        view.flag(name, E.UNKNOWN_VALUE, vocabulary="yes_no", label=view.text(name)[:200])
    return None


def splitter(vocabulary: Mapping[str, str | None]) -> Any:
    """Split a comma-separated cell, keeping labels that themselves contain commas whole."""
    with_commas = sorted((k for k in vocabulary if "," in k), key=len, reverse=True)

    def split(text: str) -> list[str]:
        work = key(text)
        kept: list[str] = []
        for label in with_commas:
            if label in work:
                kept.append(label)
                work = work.replace(label, "")
        return kept + [p.strip() for p in work.split(",") if p.strip()]

    return split


def split_capitalised(text: str) -> list[str]:
    """WHO SSA lists several attack types in one cell: a comma then a capital starts the next."""
    return [p.strip() for p in re.split(r",\s*(?=[A-Z])", text) if p.strip()]


def precision_code(view: RowView, name: str, codes: Mapping[str, int]) -> int | None:
    """A location precision from a cell like ``(2) 25 km Precision`` or ``2``."""
    text = view.text(name)
    if not text:
        return None
    match = re.match(r"\(?\s*(\d+)", text)
    found = codes.get(match.group(1)) if match else None
    if found is None:
        view.flag(name, E.BAD_PRECISION)
    return found


def coordinates(
    view: RowView,
    record: dict[str, Any],
    extra: dict[str, Any],
    syria: bool,
    precision: int | None,
    lat: str = "lat",
    lon: str = "lon",
) -> None:
    """Checked coordinates with their precision; coordinates without one are flagged."""
    y, x = view.coordinates(lat, lon, "SY" if syria else None)
    if y is None or x is None:
        return
    record["lat"], record["lon"] = y, x
    extra["location_precision"] = precision
    if precision is None:
        view.flag(lat, E.MISSING_PRECISION)


def known_codes(
    view: RowView, name: str, parts: list[str], known: frozenset[str], kind: str
) -> list[str]:
    """``parts`` of a cell that are codes of the vocabulary ``known`` (in order, without repeats);
    any other part is flagged and stays in the source's values."""
    found = []
    for code in (part.strip() for part in parts):
        if not code:
            continue
        if code in known:
            found.append(code)
        else:
            view.flag(name, E.UNKNOWN_VALUE, vocabulary=kind, label=code[:200])
    return list(dict.fromkeys(found))
