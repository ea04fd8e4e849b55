"""What a statistic counts: the measure, the grouping, the filters and the certainty filter,
checked against what the requesting user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from carewatch.accounts.permissions import can
from carewatch.incidents.choices import PUBLIC_CERTAINTY, Certainty, TagKind, WorkflowState
from carewatch.incidents.filters import has_facility_type, has_source, has_tag, started_between
from carewatch.incidents.models import Incident
from carewatch.incidents.selectors import incidents_for
from carewatch.stats.choices import TIME_DIMENSIONS, Dimension, Measure
from carewatch_core.stats import MAX_BUCKETS, bucket_count

DEFAULT_CERTAINTY: tuple[str, ...] = tuple(PUBLIC_CERTAINTY)
INTERNAL_DIMENSIONS: dict[str, str] = {Dimension.PERPETRATOR: "incident.view_all"}


class StatsError(ValueError):
    """A statistic that cannot be given as asked (the message is in the user's language)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class StatsQuery:
    """A statistic as asked. Counting is over verified incidents whose certainty is in ``certainty``."""

    measure: str = Measure.INCIDENTS
    by: str = Dimension.MONTH
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    governorate: int | None = None
    attack_type: str = ""
    facility_type: str = ""
    source: int | None = None
    certainty: tuple[str, ...] = field(default=DEFAULT_CERTAINTY)

    def params(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def audience(user: Any) -> str:
    """Whose view of the data a result is: all incidents, a documenter's own, or the public's."""
    if can(user, "incident.view_all"):
        return "all"
    if can(user, "incident.view_own"):
        return f"own:{user.pk}"
    return "public"


def check(user: Any, query: StatsQuery) -> None:
    """Refuse what ``user`` may not ask (with the field and a translated reason)."""
    if query.measure not in Measure.values:
        raise StatsError("measure", _("Unknown measure."))
    if query.by not in Dimension.values:
        raise StatsError("by", _("Unknown grouping."))
    needed = INTERNAL_DIMENSIONS.get(query.by)
    if needed and not can(user, needed):
        raise StatsError("by", _("This grouping is available to signed-in staff only."))
    if (
        query.by == Dimension.DISTRICT
        and audience(user) == "public"
        and settings.CAREWATCH_PUBLIC_LOCATION_LEVEL < 2
    ):
        raise StatsError("by", _("Public figures are not given below the governorate level."))
    if not query.certainty or not set(query.certainty) <= set(Certainty.values):
        raise StatsError("certainty", _("Choose one or more certainty levels."))
    if audience(user) == "public" and not set(query.certainty) <= set(PUBLIC_CERTAINTY):
        raise StatsError(
            "certainty", _("Public figures include probable and confirmed incidents only.")
        )
    if query.source is not None and not can(user, "source.view"):
        raise StatsError("source", _("Filtering by source is available to signed-in staff only."))
    if query.date_from and query.date_to and query.date_to < query.date_from:
        raise StatsError("date_to", _("The end date is before the start date."))
    if query.date_from and query.date_to and query.by in TIME_DIMENSIONS:
        check_span(query.date_from, query.date_to, query.by)


def check_span(first: datetime.date, last: datetime.date, by: str) -> None:
    """Refuse a time series of more than ``MAX_BUCKETS`` periods (checked before any query when
    both dates are given, else once the data's first or last date is known)."""
    if bucket_count(first, last, by) > MAX_BUCKETS:
        raise StatsError(
            "by",
            _(
                "That is more than %(limit)s periods: group by a longer period (week, month or "
                "year) or ask for a shorter span."
            )
            % {"limit": f"{MAX_BUCKETS:,}"},
        )


def counted_incidents(user: Any, query: StatsQuery) -> QuerySet[Incident]:
    """The incidents a statistic counts: visible to ``user``, verified, at the certainty asked,
    filtered (with EXISTS, so no incident is counted twice)."""
    qs = incidents_for(user).filter(state=WorkflowState.VERIFIED, certainty__in=query.certainty)
    qs = qs.filter(started_between(query.date_from, query.date_to))
    if query.governorate:
        qs = qs.filter(governorate_id=query.governorate)
    if query.attack_type:
        qs = qs.filter(has_tag(TagKind.ATTACK_TYPE, query.attack_type))
    if query.facility_type:
        qs = qs.filter(has_facility_type(query.facility_type))
    if query.source:
        qs = qs.filter(has_source(query.source))
    return qs
