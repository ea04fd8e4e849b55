"""The delivery pack handed to a petition's targets: the verified count by country, and the
names of the signers who agreed to have their name given (no address, postcode or anything
else about them)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count
from django_countries import countries

from carewatch.lib.cells import safe_cell
from carewatch.petitions.choices import SignatureState
from carewatch.petitions.models import Petition, Signature


@dataclass(frozen=True)
class CountryCount:
    code: str
    name: str
    count: int


def by_country(petition: Petition) -> list[CountryCount]:
    rows = (
        Signature.objects.filter(petition=petition, state=SignatureState.CONFIRMED)
        .values("country")
        .annotate(n=Count("pk"))
        .order_by("-n", "country")
    )
    return [
        CountryCount(r["country"], str(countries.name(r["country"])) or "—", r["n"]) for r in rows
    ]


def names(petition: Petition) -> Iterator[tuple[str, str]]:
    """(name, country name) of confirmed signers who agreed, in signing order."""
    rows = (
        Signature.objects.filter(
            petition=petition, state=SignatureState.CONFIRMED, name_to_targets=True
        )
        .exclude(supporter__name="")
        .order_by("confirmed_at", "pk")
        .values_list("supporter__name", "country")
    )
    for name, country in rows.iterator(chunk_size=2000):
        yield name, str(countries.name(country)) if country else ""


def countries_csv(petition: Petition) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["country_code", "country", "verified_signatures"])
    for row in by_country(petition):
        writer.writerow([row.code, row.name, row.count])
    return out.getvalue()


def names_csv(petition: Petition) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "country"])
    for name, country in names(petition):
        writer.writerow([safe_cell(name), country])
        if out.tell() > 64_000:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
