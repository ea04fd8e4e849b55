"""What the public can make the server keep (S15, S20): answers are cached per distinct question,
so both the answers and the cache are bounded — a time series to at most 5,000 periods, the
in-process cache to its size in bytes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.test import Client

from carewatch.lib.cachebackend import BoundedMemoryCache
from carewatch_core.stats import MAX_BUCKETS, bucket_count, bucket_range

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (datetime.date(2017, 9, 14), datetime.date(2017, 9, 14)),
        (datetime.date(2016, 12, 31), datetime.date(2017, 1, 1)),
        (datetime.date(2011, 3, 15), datetime.date(2026, 12, 5)),
        (datetime.date(2020, 2, 29), datetime.date(2024, 2, 28)),
    ],
)
@pytest.mark.parametrize("by", ["day", "week", "month", "year"])
def test_the_count_of_buckets_is_the_length_of_their_list(
    first: datetime.date, last: datetime.date, by: str
) -> None:
    assert bucket_count(first, last, by) == len(bucket_range(first, last, by))


def test_a_daily_series_over_three_centuries_is_refused_before_any_work() -> None:
    response = Client().get(
        "/api/stats/counts", {"by": "day", "date_from": "1900-01-01", "date_to": "2200-01-01"}
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "by" and "5,000" in error["message"]


def test_the_same_span_by_month_is_answered() -> None:
    response = Client().get(
        "/api/stats/counts", {"by": "month", "date_from": "1900-01-01", "date_to": "2200-01-01"}
    )
    assert response.status_code == 200
    assert len(response.json()["rows"]) == 300 * 12 + 1


def test_an_open_ended_daily_series_is_refused_once_the_data_shows_its_span(
    make_incident: Any,
) -> None:
    """Without ``date_from`` the series starts at the first incident: too long for days here."""
    make_incident(date_start=datetime.date(2000, 1, 1), certainty="confirmed")
    response = Client().get("/api/stats/counts", {"by": "day", "date_to": "2030-01-01"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "by"
    days = Client().get("/api/stats/counts", {"by": "day", "date_to": "2000-01-10"})
    assert days.status_code == 200 and len(days.json()["rows"]) == 10
    assert MAX_BUCKETS == 5_000


def test_the_cache_keeps_its_bytes_under_the_limit_dropping_the_least_recently_used() -> None:
    small = BoundedMemoryCache(
        "bounds-test", {"OPTIONS": {"MAX_BYTES": 1_000_000, "MAX_ENTRIES": 10_000}}
    )
    small.clear()
    small.set("kept", b"k" * 1000)
    for i in range(40):
        small.set(f"answer-{i}", b"x" * 100_000)
        small.get("kept")  # read often: stays
        assert small.size_in_bytes() <= 1_000_000
    assert small.get("kept") == b"k" * 1000
    assert small.get("answer-39") is not None and small.get("answer-0") is None
    small.set("huge", b"y" * 200_000)  # over an eighth of the limit: not kept at all
    assert small.get("huge") is None


def test_many_distinct_public_questions_leave_the_cache_bounded(make_incident: Any) -> None:
    """The attack: every request a new question whose answer is large (daily rows of 13 years)."""
    make_incident(certainty="confirmed")
    cache.clear()
    for day in range(1, 16):
        response = Client().get(
            "/api/stats/counts",
            {"by": "day", "date_from": "2013-06-01", "date_to": f"2026-09-{day:02d}"},
        )
        assert response.status_code == 200
    backend = caches["default"]
    assert isinstance(backend, BoundedMemoryCache)
    assert 0 < backend.size_in_bytes() <= backend.max_bytes


def test_the_cache_s_running_size_is_the_sum_of_its_values_whatever_happened() -> None:
    """Set, replace, add, increment, delete, expire, cull by count, clear: after each, the size
    the cache keeps is what summing its values gives."""
    store = BoundedMemoryCache(
        "running-size-test", {"OPTIONS": {"MAX_BYTES": 10_000_000, "MAX_ENTRIES": 50}}
    )
    store.clear()

    def summed() -> int:
        return sum(len(v) for v in store._cache.values())

    for i in range(120):  # past MAX_ENTRIES: LocMemCache culls a third at a time
        store.set(f"k{i % 70}", b"v" * (i * 37 % 5000))
        assert store.size_in_bytes() == summed()
    store.add("k-added", b"a" * 300)
    store.set("n", 5)
    store.incr("n", 10**30)  # a longer pickle under the same key
    store.delete("k-added")
    store.set("gone", b"g" * 10, timeout=-1)  # expired at once
    assert store.get("gone") is None
    assert store.size_in_bytes() == summed() > 0
    assert BoundedMemoryCache("running-size-test", {}).size_in_bytes() == summed()  # one store
    store.clear()
    assert store.size_in_bytes() == 0
