"""API: statistics — counts by period, place, vocabulary or source; rankings; period comparisons
with a rate ratio and its confidence interval; named periods; figures side by side by source.

Anyone may call these; what is counted follows ``incidents_for`` (the public: verified incidents
at probable or confirmed certainty), and every answer states its certainty filter and sources.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import BeforeValidator, Field

from carewatch.access.api import caller, reads
from carewatch.facilities.choices import FacilityType
from carewatch.incidents.choices import AttackType, Certainty
from carewatch.lib.api.errors import field_error, invalid
from carewatch.lib.api.types import BLANK_IS_NONE, Day, Id, PCode, Text12, Text80, ascii_digits
from carewatch.places.api import require_place
from carewatch.stats import present
from carewatch.stats.cache import AS_OF_ATTRIBUTE, cached, cached_public
from carewatch.stats.choices import TIME_DIMENSIONS, Dimension, Measure
from carewatch.stats.figures import figures_side_by_side
from carewatch.stats.models import NamedPeriod
from carewatch.stats.query import StatsError, StatsQuery, audience
from carewatch.stats.refresh import Visit
from carewatch.stats.service import around, compare, counts, ranking
from carewatch_core.stats import Window

router = Router(tags=["statistics"])
Year = Annotated[int, BeforeValidator(ascii_digits), Field(ge=1900, le=2200)]
Days = Annotated[int, BeforeValidator(ascii_digits), Field(ge=1, le=3660)]


class StatsParams(Schema):
    measure: Annotated[Measure | None, BLANK_IS_NONE] = Field(
        None, description="What to count (default: incidents)."
    )
    date_from: Annotated[Day | None, BLANK_IS_NONE] = Field(
        None, description="Incidents starting on or after this date."
    )
    date_to: Annotated[Day | None, BLANK_IS_NONE] = Field(
        None, description="Incidents starting on or before this date."
    )
    governorate: Annotated[PCode | None, BLANK_IS_NONE] = Field(
        None, description="A governorate's p-code (e.g. SY07)."
    )
    attack_type: Annotated[AttackType | None, BLANK_IS_NONE] = None
    facility_type: Annotated[FacilityType | None, BLANK_IS_NONE] = None
    source: Annotated[Id | None, BLANK_IS_NONE] = Field(
        None, description="Reported by this source (signed-in staff only)."
    )
    certainty: list[Certainty] = Field(
        [], description="Certainty levels counted (default: probable and confirmed)."
    )


class CountsParams(StatsParams):
    by: Annotated[Dimension | None, BLANK_IS_NONE] = Field(
        None, description="Group by (default: month)."
    )


class RankingParams(StatsParams):
    by: Annotated[Dimension | None, BLANK_IS_NONE] = Field(
        None, description="Periods to rank: day, week, month (default) or year."
    )
    year: Annotated[Year | None, BLANK_IS_NONE] = Field(
        None, description="Rank the periods of this year (sets date_from and date_to)."
    )


class CompareParams(StatsParams):
    reference_from: Annotated[Day | None, BLANK_IS_NONE] = Field(
        None, description="Start of the reference period (e.g. before an agreement)."
    )
    reference_to: Annotated[Day | None, BLANK_IS_NONE] = None
    comparison_from: Annotated[Day | None, BLANK_IS_NONE] = Field(
        None, description="Start of the period compared with it."
    )
    comparison_to: Annotated[Day | None, BLANK_IS_NONE] = None
    period: Annotated[Text80 | None, BLANK_IS_NONE] = Field(
        None, description="A named period's code (see /stats/periods), instead of the dates."
    )
    days: Annotated[Days | None, BLANK_IS_NONE] = Field(
        None, description="With `period`: days before its start against days from it (default 90)."
    )
    method: Annotated[Text12 | None, BLANK_IS_NONE] = Field(
        None, description="`exact` (default) or `lognormal`."
    )


def _governorate(pcode: str | None) -> int | None:
    if not pcode:
        return None

    place = require_place(pcode, "governorate")
    if place.level != 1:
        raise invalid([field_error("governorate", _("Choose a governorate."))])
    return int(place.pk)


def _query(params: StatsParams, by: str | None = None, **dates: Any) -> StatsQuery:
    return StatsQuery(
        measure=params.measure or Measure.INCIDENTS,
        by=by or Dimension.MONTH,
        date_from=dates.get("date_from", params.date_from),
        date_to=dates.get("date_to", params.date_to),
        governorate=_governorate(params.governorate),
        attack_type=params.attack_type or "",
        facility_type=params.facility_type or "",
        source=params.source,
        certainty=tuple(sorted(set(params.certainty))) or StatsQuery().certainty,
    )


def _run(function: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return function(*args, **kwargs)
    except StatsError as exc:
        raise invalid([field_error(exc.field, exc.message)]) from exc


def _answer(request: HttpRequest, compute: Any) -> Any:
    """The answer to this exact question (URL, language, reader's view), cached until the data changes;
    the public's answers (figures only) are served stale while they are recomputed (``stats.refresh``)."""
    key = {
        "url": request.get_full_path(),
        "language": get_language(),
        "who": audience(caller(request)),
    }
    if key["who"] != "public":
        return cached("api-answer", key, compute)
    visit = Visit(path=key["url"], language=key["language"])
    answer = cached_public("api-answer", key, compute, visit=visit, figures=True)
    if answer.as_of is not None:  # said in a header of the answer (api.main)
        setattr(request, AS_OF_ATTRIBUTE, answer.as_of)
    return answer.value


@router.get(
    "/counts",
    summary="Counts grouped by period, place, vocabulary or source",
    **reads("incident.view_all"),
)
def stats_counts(request: HttpRequest, params: Query[CountsParams]) -> Any:
    """A measure grouped by ``by``, with its total, certainty filter and sources (per row and overall).
    Rows of a grouping where one incident may count more than once (attack type, weapon, source…)
    say ``additive: false``: do not add them up."""
    return _answer(
        request, lambda: present.series(_run(counts, caller(request), _query(params, params.by)))
    )


@router.get(
    "/ranking", summary="Periods ranked by a measure, ties shared", **reads("incident.view_all")
)
def stats_ranking(request: HttpRequest, params: Query[RankingParams]) -> Any:
    """E.g. the deadliest month of 2017: ``?measure=killed&by=month&year=2017``. Tied periods share a rank."""
    if params.by and params.by not in TIME_DIMENSIONS:
        raise invalid([field_error("by", _("Rank periods: day, week, month or year."))])
    dates = (
        {
            "date_from": datetime.date(params.year, 1, 1),
            "date_to": datetime.date(params.year, 12, 31),
        }
        if params.year
        else {}
    )
    return _answer(
        request,
        lambda: present.ranking(_run(ranking, caller(request), _query(params, params.by, **dates))),
    )


def _windows(params: CompareParams) -> tuple[Window, Window]:
    if params.period:
        period = NamedPeriod.objects.filter(slug=params.period).first()
        if period is None:
            raise invalid([field_error("period", _("Unknown named period."))])
        return around(period.start, period.end, params.days or 90)
    ends = (
        params.reference_from,
        params.reference_to,
        params.comparison_from,
        params.comparison_to,
    )
    latest = NamedPeriod.objects.order_by("-start").first()
    if all(e is None for e in ends) and latest is not None:
        # By default: the latest named period.
        return around(latest.start, latest.end, params.days or 90)
    if any(e is None for e in ends):
        raise invalid(
            [field_error("period", _("Give a named period, or both periods' start and end dates."))]
        )
    problems = [
        field_error(f"{name}_to", _("The end date is before the start date."))
        for name, start, end in (("reference", ends[0], ends[1]), ("comparison", ends[2], ends[3]))
        if end < start  # type: ignore[operator]  # none is None here (checked above)
    ]
    if problems:
        raise invalid(problems)
    return Window("reference", ends[0], ends[1]), Window("comparison", ends[2], ends[3])  # type: ignore[arg-type]


@router.get(
    "/compare",
    summary="Compare two periods: rate ratio and confidence interval",
    **reads("incident.view_all"),
)
def stats_compare(request: HttpRequest, params: Query[CompareParams]) -> Any:
    """The comparison period's rate (per 30 days) against the reference period's, with the Poisson
    rate ratio and its 95% interval (exact by default). Before/after a named period:
    ``?period=astana-memorandum-2017&days=90``; without periods or dates, the latest named period."""
    method = params.method or "exact"
    if method not in ("exact", "lognormal"):
        raise invalid([field_error("method", _("Choose exact or lognormal."))])

    def compute() -> Any:
        reference, comparison = _windows(params)
        query = _query(params, date_from=None, date_to=None)
        return present.comparison(
            _run(compare, caller(request), query, reference, comparison, method=method)
        )

    return _answer(request, compute)


@router.get("/periods", summary="Named periods (agreements, offensives)", **reads())
def stats_periods(request: HttpRequest) -> Any:
    """Dated events and periods that charts annotate and comparisons use, named in the reader's language."""
    return _answer(
        request,
        lambda: [
            {
                "code": p.slug,
                "name": p.name,
                "kind": p.kind,
                "start": p.start,
                "end": p.end,
                "reference": p.source_url,
            }
            for p in NamedPeriod.objects.all()
        ],
    )


@router.get(
    "/figures",
    summary="Figures stated by sources, side by side (never summed)",
    **reads("figure.view"),
)
def stats_figures(request: HttpRequest) -> Any:
    """Numbers sources published, grouped by what they measure, where and when: each source's value
    next to the others', with their spread — never a total across sources."""
    return figures_side_by_side(caller(request))
