"""A candidate pair side by side: both records' values, field by field, each row marked as the
same, different or missing on one side, and the linker's reasons in the reader's language.

Both records are read as ``access.shown`` views, so every value follows the one sensitivity
rule: internal values to staff; restricted ones (uncleared names, dates of birth) withheld unless
the reader asked for them on purpose (``?reveal=1``, restricted clearance only, audited); family
details, home place and exact coordinates never (the person and incident pages read them on
purpose).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from carewatch.access.shown import ShownReader, WithheldValue
from carewatch.incidents.choices import AttackType
from carewatch.incidents.selectors import incidents_for
from carewatch.linkage.choices import FIELD_LABELS, MatchKind, Verdict
from carewatch.linkage.levels import reading
from carewatch.linkage.models import MatchCandidate
from carewatch.people.selectors import people_for

# What a restricted reader may ask a pair page (or the queue) to show, on purpose.
REVEALED_NAMES = frozenset(
    {"person.name", "person.name_ar", "person.name_latin", "person.date_of_birth", "person.records"}
)


@dataclass
class Row:
    label: str
    left: str
    right: str

    @property
    def verdict(self) -> str:
        if not self.left or not self.right:
            return Verdict.MISSING
        return Verdict.AGREE if self.left == self.right else Verdict.DISAGREE


@dataclass
class Reason:
    field: str
    level: str
    level_translated: bool
    weight: float | None
    verdict: str
    verdict_label: str


def reasons(candidate: MatchCandidate) -> list[Reason]:
    """The linker's reasons, strongest first, with translated field names, levels and verdicts."""
    found = []
    for r in candidate.reasons:
        level = reading(r.get("level", ""))
        found.append(
            Reason(
                str(FIELD_LABELS.get(r["field"], r["field"])),
                level.text,
                level.translated,
                r.get("weight"),
                r["verdict"],
                str(Verdict(r["verdict"]).label),
            )
        )
    return sorted(found, key=lambda r: -abs(r.weight or 0))


def _join(values: Any) -> str:
    return ", ".join(str(v) for v in values if v)


def _text(value: Any) -> str:
    """A value for the table: withheld values say so (they are not "missing")."""
    if isinstance(value, WithheldValue):
        return str(_("withheld"))
    return str(value) if value not in (None, "") else ""


def _person_rows(left: Any, right: Any) -> list[Row]:
    fields: list[tuple[str, Callable[[Any], Any]]] = [
        (_("Name"), str),
        (_("Name in Arabic script"), lambda p: p.name_ar),
        (_("Name in Latin script"), lambda p: p.name_latin),
        (_("Date of birth"), lambda p: p.date_of_birth),
        (_("Sex"), lambda p: p.get_sex_display() if p.sex != "unknown" else ""),
        (
            _("Age"),
            lambda p: (
                f"{p.age}–{p.age_high}" if p.age_high else (p.age if p.age is not None else "")
            ),
        ),
        (_("Profession"), lambda p: p.get_profession_display()),
        (_("Specialty"), lambda p: p.specialty),
        (_("Organisation"), lambda p: p.affiliation),
        (_("Facility"), lambda p: p.facility.name if p.facility else ""),
        (
            _("Fate"),
            lambda p: _join(
                f"{f.get_fate_display()} {f.date or ''}".strip() for f in p.fates.all()
            ),
        ),
        (_("Memorial clearance"), lambda p: p.get_memorial_clearance_display()),
        (
            _("Records"),
            lambda p: p.records if isinstance(p.records, WithheldValue) else len(p.records),
        ),
    ]
    return [Row(label, _text(get(left)), _text(get(right))) for label, get in fields]


def _attack_type(code: str) -> str:
    return str(AttackType(code).label) if code in AttackType.values else code


def _count_text(incident: Any) -> str:
    return _join(
        f"{c.get_measure_display()}: {incident.counts()[c.measure].display()}"
        for c in incident.casualties.all()
    )


def _incident_rows(left: Any, right: Any) -> list[Row]:
    fields: list[tuple[str, Callable[[Any], Any]]] = [
        (_("Reference"), lambda i: i.reference),
        (_("Summary"), lambda i: i.title),
        (_("Date"), lambda i: f"{i.date_start} ({i.get_date_precision_display()})"),
        (_("Place"), lambda i: i.place.name),
        (_("Facilities"), lambda i: _join(f.name for f in i.facilities.all())),
        (_("Type of attack"), lambda i: _join(_attack_type(code) for code in i.attack_types)),
        (_("Casualties"), _count_text),
        (_("Certainty"), lambda i: i.get_certainty_display()),
        (_("State"), lambda i: i.get_state_display()),
        (_("Facility damage"), lambda i: i.get_facility_damage_display()),
        (_("Exact point recorded"), lambda i: _("yes") if i.exact_lat.may_fetch else _("no")),
        (_("Sources"), lambda i: _join(sorted({r.report.source.name for r in i.records.all()}))),
    ]
    return [Row(label, _text(get(left)), _text(get(right))) for label, get in fields]


def side_by_side(reader: ShownReader, candidate: MatchCandidate) -> tuple[Any, Any, list[Row]]:
    """(left, right, rows) of a candidate, both records shown for the reader."""
    if candidate.kind == MatchKind.PERSON:
        people = people_for(reader.user).prefetch_related("fates")
        left = reader.show(people.get(pk=candidate.left_id))
        right = reader.show(people.get(pk=candidate.right_id))
        return left, right, _person_rows(left, right)
    incidents = incidents_for(reader.user).prefetch_related(
        "tags", "casualties", "facilities", "records__report__source"
    )
    first = reader.show(incidents.get(pk=candidate.left_id))
    second = reader.show(incidents.get(pk=candidate.right_id))
    return first, second, _incident_rows(first, second)


def titles(reader: ShownReader, candidates: list[MatchCandidate]) -> dict[tuple[str, int], str]:
    """A short title for each record of the listed candidates (names withheld as on the person
    list, unless the restricted reader asked for them)."""
    ids = {
        kind: {pk for c in candidates if c.kind == kind for pk in (c.left_id, c.right_id)}
        for kind in MatchKind.values
    }
    found: dict[tuple[str, int], str] = {}
    for person in people_for(reader.user).filter(pk__in=ids[MatchKind.PERSON]):
        found[(MatchKind.PERSON, person.pk)] = str(reader.show(person))
    for incident in incidents_for(reader.user).filter(pk__in=ids[MatchKind.INCIDENT]):
        shown = reader.show(incident)
        title = _text(shown.title)
        found[(MatchKind.INCIDENT, incident.pk)] = (
            f"{incident.reference} · {incident.date_start} · {title}"
        )
    return found
