"""A bulletin's figures as a reader sees them in one language: each number with its footnote
(its sources, its certainty filter, the question it answers), the comparisons, the callouts,
the places and the names. The same for the web page, the PDF and the email."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from carewatch.lib.bidi import listed, ltr
from carewatch.people.choices import Profession
from carewatch.publishing.models import Bulletin, BulletinText
from carewatch.sources.choices import FigureMeasure, FigurePopulation
from carewatch.stats.choices import Measure
from carewatch.stats.maps import shaded
from carewatch.stats.present import certainty_note
from carewatch_core.stats.chart import BarChart, bar_chart

GOVERNORATES = 1  # the level of the bulletin's map


@dataclass
class Number:
    label: str
    value: str
    note: int  # its footnote
    before: str = ""  # the same figure in the period before
    change: str = ""


@dataclass
class Shown:
    bulletin: Bulletin
    text: BulletinText | None
    language: str
    period: str
    headline: list[Number] = field(default_factory=list)
    callouts: list[str] = field(default_factory=list)
    named: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    memorial: list[dict[str, Any]] = field(default_factory=list)
    others: list[dict[str, Any]] = field(default_factory=list)
    map: dict[str, Any] | None = None
    chart: BarChart | None = None
    notes: list[str] = field(default_factory=list)
    generated: bool = False


def shown(bulletin: Bulletin, numbers: dict[str, Any], language: str) -> Shown:
    with translation.override(language):
        texts = {t.language: t for t in bulletin.texts.all()}
        text = texts.get(language) or next(iter(texts.values()), None)
        view = Shown(
            bulletin, text, language, period_name(bulletin.period_start, bulletin.period_end)
        )
        _headline(view, numbers)
        view.callouts = [_callout(d) for d in numbers.get("deadliest", [])]
        view.named = [_named(n, language) for n in numbers.get("named", [])]
        view.places = [
            {**p, "name": place_name(p, language)} for p in numbers.get("by_governorate", [])
        ]
        if view.places:
            view.map = shaded({p["pcode"]: p["low"] for p in view.places}, GOVERNORATES)
        months = numbers.get("months", [])
        if months:
            this = bulletin.period_start.strftime("%Y-%m")
            view.chart = bar_chart(
                [m["key"] for m in months], [m["low"] for m in months], [(this, view.period)]
            )
        view.memorial = [person_entry(p, language) for p in numbers.get("memorial", [])]
        view.others = [_other(o) for o in numbers.get("other_sources", [])]
        view.notes.append(
            _("Figures as computed on %(when)s from the records then (data version %(version)s).")
            % {
                "when": ltr(numbers.get("computed_at", "")[:10]),
                "version": ltr(numbers.get("data_version", "")[:12]),
            }
        )
        view.generated = any(h.get("includes_generated") for h in numbers.get("headline", []))
    return view


def period_name(start: dt.date, end: dt.date) -> str:
    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1 and start.month == end.month:
        return formats.date_format(start, "F Y")
    return f"{formats.date_format(start)} – {formats.date_format(end)}"


def _value(row: dict[str, Any]) -> str:
    if not row.get("known") and row["measure"] not in (Measure.INCIDENTS, Measure.FACILITIES):
        return "?" if not row["low"] else formats.number_format(row["low"], force_grouping=True)
    low = formats.number_format(row["low"], force_grouping=True)
    if row["low"] == row["high"]:
        return low
    return f"{low}–{formats.number_format(row['high'], force_grouping=True)}"


def _headline(view: Shown, numbers: dict[str, Any]) -> None:
    before = {r["measure"]: r for r in numbers.get("previous", {}).get("totals", [])}
    for row in numbers.get("headline", []):
        note = _footnote(row)
        if note not in view.notes:  # figures counted alike share their note
            view.notes.append(note)
        previous = before.get(row["measure"])
        view.headline.append(
            Number(
                label=str(Measure(row["measure"]).label),
                value=_value(row),
                note=view.notes.index(note) + 1,
                before=_value(previous) if previous else "",
                change=_change(row, previous),
            )
        )


def _footnote(row: dict[str, Any]) -> str:
    sources = listed(row.get("sources") or []) or _("no source")
    query = row.get("query", {})
    scope = (
        _("governorate %(pcode)s") % {"pcode": ltr(str(query["governorate"]))}
        if query.get("governorate")
        else _("all of Syria")
    )
    return _(
        "%(certainty)s Sources: %(sources)s. Counted from %(start)s to %(end)s, %(scope)s."
    ) % {
        "certainty": certainty_note(tuple(row.get("certainty", ()))),
        "sources": sources,
        "start": ltr(query.get("date_from", "")),
        "end": ltr(query.get("date_to", "")),
        "scope": scope,
    }


def _change(row: dict[str, Any], previous: dict[str, Any] | None) -> str:
    if previous is not None and _value(previous) == "?":
        return ""  # unknown the month before: no change to tell
    if not previous or previous["low"] == row["low"]:
        return _("the same as the month before") if previous else ""
    if not previous["low"]:
        return _("none the month before")
    percent = round(100 * (row["low"] - previous["low"]) / previous["low"])
    return (_("up %(n)s%%") if percent > 0 else _("down %(n)s%%")) % {"n": abs(percent)}


def _callout(deadliest: dict[str, Any]) -> str:
    year = deadliest["year"]
    if deadliest["measure"] == Measure.KILLED:
        return _("The deadliest month of %(year)s in these records.") % {"year": year}
    return _("The month of %(year)s with the most attacks on health care in these records.") % {
        "year": year
    }


def _named(found: dict[str, Any], language: str) -> dict[str, Any]:
    names = found.get("names", {})
    return {
        "name": names.get(language) or names.get("en", ""),
        "reference": found["reference"],
        "comparison": found["comparison"],
        "ratio": found.get("rate_ratio"),
        "low": found.get("ci_low"),
        "high": found.get("ci_high"),
    }


def place_name(place: dict[str, Any], language: str) -> str:
    return (place.get("name_ar") if language == "ar" else None) or place.get("name_en", "")


def person_entry(person: dict[str, Any], language: str) -> dict[str, Any]:
    profession = person.get("profession", "")
    label = Profession(profession).label if profession in Profession.values else profession
    place = person.get("place") or {}
    return {
        **person,
        "profession_label": str(label),
        "place_name": place_name(place, language) if place else "",
        "day": dt.date.fromisoformat(person["date"]) if person.get("date") else None,
    }


def _other(scope: dict[str, Any]) -> dict[str, Any]:
    measure, population = scope["measure"], scope["population"]
    return {
        **scope,
        "measure_label": str(FigureMeasure(measure).label)
        if measure in FigureMeasure.values
        else measure,
        "population_label": str(FigurePopulation(population).label)
        if population in FigurePopulation.values
        else population,
    }
