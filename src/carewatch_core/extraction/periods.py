"""The period a figure covers, read from its sentence and resolved against the text's date: a
date, a month ("en septembre", "in September 2016", "في أيلول"), a year ("in 2017"), "since 2012",
and relative spans ("the past 7 days", "this week", "since Friday", "le mois dernier")."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from carewatch_core.extraction.calendar_words import (
    MONTH,
    WEEKDAY,
    month_number,
    months_in,
    weekday_number,
)
from carewatch_core.extraction.text import arabic_pattern
from carewatch_core.lazyre import lazy_compile


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date
    at: int  # where its words are in the text (the nearest to a figure wins)


_DAY_MONTH_YEAR = lazy_compile(
    rf"(?<!\d)(\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:de\s+|من\s+)?({MONTH})(?!\w),?\s+(\d{{4}})", re.I
)
_MONTH_DAY_YEAR = lazy_compile(
    rf"(?<!\w)({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I
)
_ISO = lazy_compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATELINE_END = lazy_compile(r"[ \t]*(?:[-–—:]|\n|\Z)")


def text_date(text: str) -> dt.date | None:
    """The first full date in the first lines of ``text`` (prepared): its dateline."""
    found = dateline(text)
    return found[0] if found else None


def dateline(text: str) -> tuple[dt.date, int, int] | None:
    """The dateline's date and where it is ("Paris, le 17 octobre 2017 –"): the first full date
    in the first lines. It dates the text, not the figures that follow it."""
    head = text[:600]
    candidates = []
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_ISO, "iso")):
        match = pattern.search(head)
        if match is None or not _DATELINE_END.match(head, match.end()):
            continue  # a date inside a sentence ("Le 3 mai 2017, deux hôpitaux…") dates its figures
        if head[: match.start()].count("\n") <= 2 and (day := _date_of(match, order)) is not None:
            candidates.append((match.start(), match.end(), day))
    if not candidates:
        return None
    start, end, day = min(candidates)
    return day, start, end


def _date_of(match: re.Match[str], order: str) -> dt.date | None:
    try:
        if order == "iso":
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        day, month, year = (
            (match.group(1), match.group(2), match.group(3))
            if order == "dmy"
            else (match.group(2), match.group(1), match.group(3))
        )
        number = month_number(month)
        return dt.date(int(year), number, int(day)) if number else None
    except ValueError:
        return None


_N_UNITS = lazy_compile(
    r"(?:(?:the\s+)?(?:past|last|previous)\s+(\d+)\s+(days?|weeks?|months?)"
    r"|(?:les|ces)\s+(\d+)\s+(jours?|semaines?|mois)\s+(?:derniers|dernières|passés|écoulés)"
    r"|(?:خلال\s+|في\s+)?(?:ال)?(\d+)\s+(يوما|أيام|ايام|أسابيع|اسابيع|أشهر|اشهر)\s+(?:ال)?(?:ماضية|الماضية|الأخيرة|الاخيرة))",
    re.I,
)
_THIS = {
    "week": lazy_compile(
        r"\bthis\s+week|\bpast\s+week|\blast\s+week|\bcette\s+semaine|\bla\s+semaine\s+dernière|"
        + arabic_pattern("هذا الأسبوع")
        + "|"
        + arabic_pattern("الأسبوع الماضي"),
        re.I,
    ),
    "last_month": lazy_compile(
        r"\blast\s+month|\ble\s+mois\s+dernier|" + arabic_pattern("الشهر الماضي"), re.I
    ),
    "yesterday": lazy_compile(r"\byesterday\b|\bhier\b|" + arabic_pattern("أمس"), re.I),
    "today": lazy_compile(r"\btoday\b|\baujourd'hui\b|" + arabic_pattern("اليوم"), re.I),
    "last_year": lazy_compile(
        r"\blast\s+year|\bl'année\s+dernière|" + arabic_pattern("العام الماضي"), re.I
    ),
}
_SINCE_WEEKDAY = lazy_compile(rf"(?:since|depuis|منذ\s+(?:يوم\s+)?)\s*({WEEKDAY})", re.I)
_SINCE_YEAR = lazy_compile(r"(?:since|depuis|منذ(?:\s+عام)?)\s+(\d{4})", re.I)
_IN_YEAR = lazy_compile(
    r"(?:\bin|\ben|\bduring|\bdurant|عام|خلال\s+عام|في\s+عام)\s+(\d{4})(?!\d)", re.I
)
_FOUNDED = lazy_compile(
    r"(?:founded|started|created|established|set\s+up|créée?|fondée?|lancée?|"
    + arabic_pattern("تأسست")
    + "|"
    + arabic_pattern("تأسس")
    + "|"
    + arabic_pattern("أسست")
    + r")\s*(?:\w+\s+){0,2}\Z",
    re.I,
)
_DAY_MONTH = lazy_compile(
    rf"(?<!\d)(\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:de\s+|من\s+)?({MONTH})(?!\w)(?:,?\s+(\d{{4}}))?",
    re.I,
)
_MONTH_DAY = lazy_compile(
    rf"(?<!\w)({MONTH})\s+(\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?", re.I
)


def periods_in(text: str, start: int, end: int, today: dt.date | None) -> list[Period]:
    """Every period named in ``text[start:end]``; those that need the text's date are left out
    when it is unknown."""
    found = _days(text, start, end, today) + _years(text, start, end, today)
    taken = [(p.at, p.at) for p in found]
    for match in months_in(text, start, end):
        if any(abs(match.start() - at) < 12 for at, _ in taken):
            continue  # the month of a day already read
        year_match = re.match(r",?\s+(\d{4})", text[match.end() : match.end() + 7])
        number = month_number(match.group(0))
        year = int(year_match.group(1)) if year_match else _year_before(today, number)
        if number and year:
            last = calendar.monthrange(year, number)[1]
            found.append(
                Period(dt.date(year, number, 1), dt.date(year, number, last), match.start())
            )
    if today is not None:
        found += _relative(text, start, end, today)
    return found


def _year_before(today: dt.date | None, month: int | None) -> int | None:
    """The year of a month named without one: the text's own, or the year before when that
    month has not come yet at the text's date."""
    if today is None or month is None:
        return None
    return today.year if month <= today.month else today.year - 1


def _days(text: str, start: int, end: int, today: dt.date | None) -> list[Period]:
    found = []
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        for match in pattern.finditer(text, start, end):
            number = month_number(match.group(month_group))
            year = int(match.group(3)) if match.group(3) else _year_before(today, number)
            if not number or not year:
                continue
            try:
                day = dt.date(year, number, int(match.group(day_group)))
            except ValueError:
                continue
            found.append(Period(day, day, match.start()))
    return found


def _years(text: str, start: int, end: int, today: dt.date | None) -> list[Period]:
    found = []
    for match in _SINCE_YEAR.finditer(text, start, end):
        year = int(match.group(1))
        if _FOUNDED.search(text, max(0, match.start() - 40), match.start()):
            continue
        if 1900 <= year <= 2099:
            found.append(Period(dt.date(year, 1, 1), today or dt.date(year, 12, 31), match.start()))
    for match in _IN_YEAR.finditer(text, start, end):
        year = int(match.group(1))
        if _FOUNDED.search(text, max(0, match.start() - 40), match.start()):
            continue  # "founded in 2012": when the issuer began, not what a figure covers
        if 1900 <= year <= 2099:
            found.append(Period(dt.date(year, 1, 1), dt.date(year, 12, 31), match.start()))
    return found


def _relative(text: str, start: int, end: int, today: dt.date) -> list[Period]:
    found = []
    for match in _N_UNITS.finditer(text, start, end):
        number = int(next(g for g in match.groups()[0::2] if g))
        unit = next(g for g in match.groups()[1::2] if g).lower()
        days = number * (7 if unit[:1] in "wsأا" and "mois" not in unit else 1)
        if unit.startswith(("month", "mois")) or unit in ("أشهر", "اشهر"):
            days = number * 30
        found.append(Period(today - dt.timedelta(days=days - 1), today, match.start()))
    for match in _SINCE_WEEKDAY.finditer(text, start, end):
        weekday = weekday_number(match.group(1))
        if weekday is not None:
            back = (today.weekday() - weekday) % 7 or 7
            found.append(Period(today - dt.timedelta(days=back), today, match.start()))
    for name, pattern in _THIS.items():
        for match in pattern.finditer(text, start, end):
            found.append(_named(name, today, match.start()))
    return found


def _named(name: str, today: dt.date, at: int) -> Period:
    if name == "week":
        return Period(today - dt.timedelta(days=6), today, at)
    if name == "yesterday":
        day = today - dt.timedelta(days=1)
        return Period(day, day, at)
    if name == "today":
        return Period(today, today, at)
    if name == "last_year":
        return Period(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31), at)
    last = today.replace(day=1) - dt.timedelta(days=1)
    return Period(last.replace(day=1), last, at)
