"""Dates as datasets write them: Excel values and serials, ISO, ``M/D/YY h:mm AM``, month names,
Arabic-Indic digits. Each parse returns the date, its precision and the time when given."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from carewatch_core.digits import ascii_digits
from carewatch_core.imports.errors import AMBIGUOUS_DATE, BAD_DATE, IMPRECISE_DATE

DAY, WEEK, MONTH = 1, 2, 3  # ACLED time precision codes, as the incident vocabulary uses them
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_MAX = 2_958_465  # 9999-12-31
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(
    r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_YEAR_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})")
_SLASHED = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?"
)
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s,-]+(\d{4}|\d{2})")
_MONTH_NAME_DAY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_MONTH_NAME_YEAR = re.compile(r"([A-Za-z]+)\.?[\s,-]+(\d{4})")


class DateError(ValueError):
    """``code`` is one of BAD_DATE, AMBIGUOUS_DATE, IMPRECISE_DATE."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ParsedDate:
    date: datetime.date
    precision: int = DAY
    time: datetime.time | None = None


to_ascii_digits = ascii_digits  # the import's name for it (cells, dates)


def parse_date(value: object, *, day_first: bool | None = None) -> ParsedDate | None:
    """``None`` for a blank cell; raises ``DateError`` for anything that is not a date.

    ``day_first`` settles ``03/04/2020``: ``False`` month first (US exports such as WHO SSA),
    ``True`` day first, ``None`` refuse it as ambiguous unless one part is over 12.
    """
    if value is None or isinstance(value, bool):
        return None if value is None else _fail(BAD_DATE)
    if isinstance(value, datetime.datetime):
        return ParsedDate(value.date(), DAY, _time_or_none(value.time()))
    if isinstance(value, datetime.date):
        return ParsedDate(value)
    if isinstance(value, int | float):
        return _excel_serial(float(value))
    text = to_ascii_digits(str(value)).strip()
    return _parse_text(text, day_first) if text else None


#: Results of :func:`parse_date_once` by (type, value, day_first): a dataset has a few thousand dates.
_PARSED: dict[tuple[type, object, bool | None], tuple[ParsedDate | None, str | None]] = {}
_MEMO_LIMIT = 65_536


def date_order(cells: Iterable[object], default: bool | None) -> bool | None:
    """How a file writes its slashed dates, from those that say it (``21/12/2023``: day first;
    ``12/21/2023``: month first): ``True`` day first, ``False`` month first, ``None`` when the file
    says both (ambiguous dates are then refused), ``default`` when it says neither."""
    day_first = month_first = False
    for cell in cells:
        if type(cell) is not str:
            continue
        found = _SLASHED.fullmatch(to_ascii_digits(cell.strip()))
        if found is None:
            continue
        first, second = int(found.group(1)), int(found.group(2))
        day_first = day_first or first > 12 >= second
        month_first = month_first or second > 12 >= first
        if day_first and month_first:
            return None
    if day_first or month_first:
        return day_first
    return default


def short_cell(cell: object) -> bool:
    """Is ``cell`` worth keeping in a value cache? Counts and dates are a few characters; a huge cell is not."""
    return not isinstance(cell, str) or len(cell) <= 64


def parse_date_once(
    value: object, day_first: bool | None = None
) -> tuple[ParsedDate | None, str | None]:
    """:func:`parse_date` as (date or None, error code or None), cached by the cell's value."""
    memo = (type(value), value, day_first)
    found = _PARSED.get(memo)
    if found is None:
        try:
            found = (parse_date(value, day_first=day_first), None)
        except DateError as exc:
            found = (None, exc.code)
        if len(_PARSED) < _MEMO_LIMIT and short_cell(value):
            _PARSED[memo] = found
    return found


def _fail(code: str) -> ParsedDate:
    raise DateError(code)


def _time_or_none(time: datetime.time) -> datetime.time | None:
    return None if time == datetime.time(0, 0) else time


def _excel_serial(serial: float) -> ParsedDate:
    # Excel's 1900 date system counts a 29 February 1900 that never was (serial 60).
    if not 1 <= serial <= _EXCEL_MAX or int(serial) == 60:
        raise DateError(BAD_DATE)
    days = int(serial)
    base = _EXCEL_EPOCH if days > 60 else _EXCEL_EPOCH + datetime.timedelta(days=1)
    moment = datetime.datetime.combine(base, datetime.time()) + datetime.timedelta(days=serial)
    return ParsedDate(moment.date(), DAY, _time_or_none(moment.time().replace(microsecond=0)))


def _parse_text(text: str, day_first: bool | None) -> ParsedDate:
    for parser in (_iso, _slashed, _named, _serial_text):
        parsed = parser(text, day_first)
        if parsed is not None:
            return parsed
    raise DateError(BAD_DATE)


def _iso(text: str, _day_first: bool | None) -> ParsedDate | None:
    match = _ISO.fullmatch(text)
    if match:
        year, month, day, hour, minute, second = match.groups()
        time = _time(hour, minute, second, None)
        return ParsedDate(_date(int(year), int(month), int(day)), DAY, time)
    match = _YEAR_MONTH.fullmatch(text)
    if match:
        return ParsedDate(_date(int(match.group(1)), int(match.group(2)), 1), MONTH)
    return None


def _slashed(text: str, day_first: bool | None) -> ParsedDate | None:
    match = _SLASHED.fullmatch(text)
    if match is None:
        return None
    first, second, year, hour, minute, seconds, meridiem = match.groups()
    month, day = _order(int(first), int(second), day_first)
    return ParsedDate(
        _date(_full_year(year), month, day), DAY, _time(hour, minute, seconds, meridiem)
    )


def _order(first: int, second: int, day_first: bool | None) -> tuple[int, int]:
    """(month, day) from the two leading numbers of a slashed date."""
    if first > 12 >= second:
        return second, first
    if second > 12 >= first:
        return first, second
    if day_first is None and first != second:
        raise DateError(AMBIGUOUS_DATE)
    return (second, first) if day_first else (first, second)


def _named(text: str, _day_first: bool | None) -> ParsedDate | None:
    if match := _DAY_MONTH_NAME.fullmatch(text):
        day, month, year = match.groups()
        return ParsedDate(_date(_full_year(year), _month(month), int(day)))
    if match := _MONTH_NAME_DAY.fullmatch(text):
        month, day, year = match.groups()
        return ParsedDate(_date(int(year), _month(month), int(day)))
    if match := _MONTH_NAME_YEAR.fullmatch(text):
        month, year = match.groups()
        return ParsedDate(_date(int(year), _month(month), 1), MONTH)
    return None


def _serial_text(text: str, _day_first: bool | None) -> ParsedDate | None:
    if re.fullmatch(r"\d{4}", text):
        raise DateError(IMPRECISE_DATE)  # a year alone: no day, week or month to record
    if re.fullmatch(r"\d{1,7}(?:\.\d+)?", text):
        return _excel_serial(float(text))
    return None


def _month(name: str) -> int:
    number = _MONTHS.get(name.casefold())
    if number is None:
        raise DateError(BAD_DATE)
    return number


def _full_year(text: str) -> int:
    # As strptime's %y: 69-99 are the 1900s, 00-68 the 2000s.
    year = int(text)
    if len(text) == 2:
        return year + (1900 if year >= 69 else 2000)
    return year


def _date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateError(BAD_DATE) from None


def _time(
    hour: str | None, minute: str | None, second: str | None, meridiem: str | None
) -> datetime.time | None:
    if hour is None or minute is None:
        return None
    h = int(hour)
    if meridiem:
        if not 1 <= h <= 12:
            raise DateError(BAD_DATE)
        h = h % 12 + (12 if meridiem.lower().startswith("p") else 0)
    try:
        return _time_or_none(datetime.time(h, int(minute), int(second or 0)))
    except ValueError:
        raise DateError(BAD_DATE) from None
