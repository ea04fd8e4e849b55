"""Calendar buckets for time series: day, ISO week (from Monday), month, year."""

from __future__ import annotations

import datetime

BUCKETS = ("day", "week", "month", "year")

#: The most buckets one series may have: 5,000 days is 13 years and 8 months of daily counts; weeks,
#: months and years cover any real span. Every bucket is a row, empty ones included: an answer of
#: daily rows from 1900 to 2200 was 12 MB, and each distinct question is cached.
MAX_BUCKETS = 5_000


def bucket_count(first: datetime.date, last: datetime.date, bucket: str) -> int:
    """How many buckets ``bucket_range(first, last, bucket)`` has, without listing them."""
    if last < first:
        return 0
    start = bucket_start(first, bucket)
    if bucket == "day":
        return (last - start).days + 1
    if bucket == "week":
        return (last - start).days // 7 + 1
    if bucket == "month":
        return (last.year - start.year) * 12 + last.month - start.month + 1
    return last.year - start.year + 1


def bucket_start(day: datetime.date, bucket: str) -> datetime.date:
    """The first day of the bucket containing ``day``."""
    if bucket == "day":
        return day
    if bucket == "week":
        return day - datetime.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    if bucket == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown bucket {bucket!r}; expected one of {', '.join(BUCKETS)}")


def bucket_key(day: datetime.date, bucket: str) -> str:
    """A sortable label: ``2017-09-14`` (day, or the Monday of a week), ``2017-09``, ``2017``."""
    start = bucket_start(day, bucket)
    if bucket == "month":
        return start.strftime("%Y-%m")
    if bucket == "year":
        return str(start.year)
    return start.isoformat()


def _next(start: datetime.date, bucket: str) -> datetime.date:
    if bucket == "day":
        return start + datetime.timedelta(days=1)
    if bucket == "week":
        return start + datetime.timedelta(days=7)
    if bucket == "month":
        return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def bucket_range(first: datetime.date, last: datetime.date, bucket: str) -> list[str]:
    """Every bucket key from the one holding ``first`` to the one holding ``last`` (empty ones
    included, so a series shows a month without attacks as 0 incidents rather than skipping it)."""
    keys: list[str] = []
    start = bucket_start(first, bucket)
    while start <= last:
        keys.append(bucket_key(start, bucket))
        start = _next(start, bucket)
    return keys
