"""Administrators' view of the whole audit log: filtered, paged, exported as CSV."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from carewatch.accounts.decorators import page_of, require
from carewatch.accounts.permissions import clearance_of
from carewatch.accounts.selectors import accounts
from carewatch.audit.forms import AuditLogForm
from carewatch.audit.log import as_text, filtered, record_types, rows
from carewatch.audit.services import log_action
from carewatch_core.exports.columns import Column, Kind
from carewatch_core.exports.delimited import csv_chunks

# Families of actions offered as the action field is typed (any beginning may be typed).
ACTION_FAMILIES = (
    "carewatch.incident.",
    "carewatch.incident_record.",
    "carewatch.facility.",
    "carewatch.person.",
    "carewatch.source.",
    "carewatch.report.",
    "carewatch.import.",
    "carewatch.export.",
    "carewatch.linkage.",
    "carewatch.account.",
    "carewatch.login.",
    "carewatch.supporter.",
    "carewatch.signature.",
    "carewatch.publication.",
    "carewatch.audit.",
)

COLUMNS = [
    Column(name, name, Kind.TEXT, "audit_entry", name)
    for name in (
        "id",
        "created_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "reason",
        "changes",
        "entry_hash",
    )
]


def _form(request: HttpRequest) -> AuditLogForm:
    return AuditLogForm(request.GET or None, accounts=accounts(), record_types=record_types())


@require("audit.view")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    page = page_of(request, filtered(form.filters()))
    context = {
        "form": form,
        "page": page,
        "entries": list(rows(page.object_list, clearance_of(request.user))),
        "families": ACTION_FAMILIES,
        "query": request.GET.urlencode(),
    }
    return render(request, "audit/log.html", context)


@require("audit.view")
def audit_log_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered log as CSV (UTF-8 with a byte-order mark, formulas neutralised); the export
    is itself an entry of the log."""
    filters = _form(request).filters()
    log_action(
        action="carewatch.audit.exported",
        actor=request.user,
        after={k: str(v) for k, v in dataclasses.asdict(filters).items() if v} if filters else {},
    )
    clearance = clearance_of(request.user)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        csv_chunks(
            COLUMNS, _cells(filtered(filters).iterator(chunk_size=2000), clearance), bom=True
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="carewatch-audit-{stamp}.csv"'
    return response


def _cells(entries: Iterator[object], clearance: object) -> Iterator[dict[str, object]]:
    for row in rows(entries, clearance):  # type: ignore[arg-type]
        yield {
            "id": row.id,
            "created_at": row.when.isoformat(timespec="seconds"),
            "actor": row.who,
            "action": row.action,
            "object_type": row.object_type,
            "object_id": row.object_id,
            "reason": row.reason,
            "changes": as_text(row.changes),
            "entry_hash": row.entry_hash,
        }
