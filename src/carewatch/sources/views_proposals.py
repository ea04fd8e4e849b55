"""Figures read from a report's text, reviewed before they are recorded: the text with each
proposed quantity marked, beside one row per proposal to record as corrected or to drop."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carewatch.access.shown import ShownReader, render_shown
from carewatch.accounts.decorators import require
from carewatch.lib.lookups import row_or_404
from carewatch.sources import services
from carewatch.sources.forms import proposal_formset
from carewatch.sources.proposals import MOST, initial_rows, pieces, proposals
from carewatch.sources.selectors import reports_for, sources_for

_FIELDS = ("quantity", "measure", "population", "quote", "quantity_high", "place", "place_text")
_MORE = ("period_start", "period_end", "attributed_to", "publication")


@require("figure.record")
def figure_proposals(request: HttpRequest, pk: int) -> HttpResponse:
    report = row_or_404(reports_for(request.user), pk)
    sources = sources_for(request.user)
    found = proposals(report)
    formset_class = proposal_formset(max(len(found), 1) if request.method != "POST" else MOST)
    if request.method == "POST":
        formset = formset_class(request.POST, form_kwargs={"sources": sources})
        chosen = _chosen(formset)
        if chosen:
            services.figures_record(user=request.user, report=report, rows=chosen)
            count = len(chosen)
            messages.success(
                request,
                ngettext("%(n)s figure recorded.", "%(n)s figures recorded.", count) % {"n": count},
            )
            return redirect("report-detail", pk=report.pk)
    else:
        recorded = set(report.figures.values_list("quantity", "measure"))
        formset = formset_class(
            initial=initial_rows(found, sources, recorded), form_kwargs={"sources": sources}
        )
    reader = ShownReader(request.user)
    context = {
        "report": reader.show(report),
        "pieces": pieces(report.original_text, found),
        "formset": formset,
        "rows": list(enumerate(formset.forms, start=1)),
    }
    return render_shown(request, reader, "sources/figure_proposals.html", context)


def _chosen(formset: Any) -> list[dict[str, Any]]:
    """The rows to record, or none when any chosen row is wrong or none is chosen (the page
    comes back with the reasons; nothing is written)."""
    if not formset.is_valid():
        return []
    rows = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("record")]
    if not rows:
        formset._non_form_errors = formset.error_class(
            [_("Tick the figures to record, or leave this page: none was chosen.")]
        )
        return []
    return [
        {k: _empty(k) if row.get(k) in (None, "") else row[k] for k in (*_FIELDS, *_MORE)}
        for row in rows
    ]


def _empty(key: str) -> Any:
    return "" if key in ("place_text", "publication") else None
