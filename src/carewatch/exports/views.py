"""The open-data page and its files (public), and staff exports of what each reader may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.accounts.decorators import require
from carewatch.exports.formats import Format, dictionary_response, respond
from carewatch.exports.selectors import (
    PUBLIC_DATASETS,
    STAFF_DATASETS,
    incident_export,
    public_export,
    registry_export,
)
from carewatch.exports.services import export_record
from carewatch.facilities.selectors import facilities_for
from carewatch.incidents.forms import IncidentFilterForm
from carewatch.sources.selectors import sources_for

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def citation(request: HttpRequest, title: str) -> str:
    """The suggested citation, with today's date as the download date."""
    today = timezone.localdate()
    return _(
        "CareWatch (%(year)s). %(title)s. Open data, downloaded on %(date)s from %(url)s. Licence: CC BY 4.0."
    ) % {
        "year": today.year,
        "title": title,
        "date": today.isoformat(),
        "url": request.build_absolute_uri(reverse("open-data")),
    }


def _bom(request: HttpRequest) -> bool:
    return request.GET.get("bom") == "1"


def _filename(name: str) -> str:
    return f"carewatch-{name}-{timezone.localdate().isoformat()}"


def open_data(request: HttpRequest) -> HttpResponse:
    """Downloads of the public incidents and the memorial roll, their data dictionary, licence and citation."""
    datasets = []
    for name in PUBLIC_DATASETS:
        export = public_export(name)
        datasets.append(
            {
                "name": name,
                "title": export.dataset.title,
                "rows": export.count(),
                "columns": export.columns,
                "citation": citation(request, str(export.dataset.title)),
            }
        )
    return render(
        request,
        "exports/open_data.html",
        {
            "datasets": datasets,
            "licence_url": LICENCE_URL,
            "public_level": public_export("incidents").ctx.public_level,
        },
    )


def open_data_file(request: HttpRequest, dataset: str, fmt: str) -> Any:
    export = public_export(dataset)
    members = {
        "name": f"carewatch-{dataset}",
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "citation": citation(request, str(export.dataset.title)),
    }
    return respond(export, Format(fmt), _filename(dataset), bom=_bom(request), members=members)


def open_data_dictionary(request: HttpRequest, dataset: str) -> Any:
    return dictionary_response(
        public_export(dataset), _filename(f"{dataset}-dictionary"), bom=_bom(request)
    )


def _staff_file(request: HttpRequest, dataset: str, fmt: str) -> Any:
    """The reader's own rows and columns; audited with the filters and the row count before it is sent."""
    filters = None
    if dataset == "incidents":
        form = _incident_filters(request)
        if request.GET and not form.is_valid():
            return render(request, "exports/bad_filters.html", {"form": form}, status=400)
        filters = form.filters()
        export = incident_export(request.user, filters)
    else:
        export = registry_export(request.user, dataset)
    export_record(user=request.user, export=export, fmt=fmt, filters=filters)
    members = {
        "name": f"carewatch-{dataset}",
        "sensitivity": export.clearance.name.lower(),
        "note": _("Staff export: not for publication."),
    }
    return respond(export, Format(fmt), _filename(dataset), bom=_bom(request), members=members)


def _incident_filters(request: HttpRequest) -> Any:

    return IncidentFilterForm(
        request.GET or None,
        sources=sources_for(request.user),
        facilities=facilities_for(request.user),
    )


# One view per staff dataset, each guarded by the function that opens that dataset's list.
STAFF_VIEWS = {name: require(function)(_staff_file) for name, function in STAFF_DATASETS.items()}
