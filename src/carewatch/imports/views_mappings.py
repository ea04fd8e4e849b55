"""Saved mappings: the list, one mapping's pairs, and saving one from an upload's preview or
from a finished run's page (the values it did not know)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.accounts.decorators import page_of, require
from carewatch.imports.forms import MappingForm
from carewatch.imports.models import SavedMapping
from carewatch.imports.preview import build_preview
from carewatch.imports.run_mapping import run_preview
from carewatch.imports.selectors import mappings_for, may_edit_mapping, runs_for
from carewatch.imports.services_mappings import mapping_create, mapping_update
from carewatch.imports.views import pending, preview_context
from carewatch.imports.views_runs import run_context
from carewatch.lib.common import ConflictError
from carewatch.lib.lookups import row_or_404
from carewatch_core.imports.errors import FileError
from carewatch_core.imports.profiles import PROFILES


@require("import.run")
def mapping_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "imports/mappings.html", {"page": page_of(request, mappings_for(request.user))}
    )


@require("import.run")
def mapping_view(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = row_or_404(mappings_for(request.user), pk)
    values = [
        (name, value, code)
        for name, pairs in sorted(mapping.values.items())
        for value, code in sorted(pairs.items())
    ]
    context = {
        "mapping": mapping,
        "profile": PROFILES.get(mapping.profile),
        "values": values,
        "columns": sorted(mapping.columns.items()),
    }
    return render(request, "imports/mapping.html", context)


@require("import.run")
@require_POST
def mapping_save(request: HttpRequest) -> HttpResponse:
    """Save the pairs chosen on a preview (a new mapping, or the current one if the user may change it),
    then show the preview again with the mapping applied."""
    found = pending(request, request.POST.get("upload", ""))
    if found is None:
        messages.error(request, _("This upload is no longer available: choose the file again."))
        return redirect("import-new")
    staged, info = found
    raw = request.POST.get("mapping", "")
    current = (
        mappings_for(request.user, info["profile"]).filter(pk=int(raw)).first()
        if raw.isdigit()
        else None
    )
    try:
        preview = build_preview(staged.path, info["profile"], current)
    except FileError:
        return redirect(f"{reverse('import-new')}?upload={staged.token}")
    form = MappingForm(request.POST, profile=info["profile"], preview=preview, mapping=current)
    if form.is_valid():
        saved = _save(request, form, current)
        if saved is not None:
            messages.success(request, _("Mapping “%(name)s” saved.") % {"name": saved.name})
            return redirect(f"{reverse('import-new')}?upload={staged.token}&mapping={saved.pk}")
    context = preview_context(request, staged, info, preview, current, mapping_form=form)
    return render(request, "imports/preview.html", context, status=400)


def _save(
    request: HttpRequest,
    form: MappingForm,
    current: SavedMapping | None,
    columns: dict[str, str] | None = None,
) -> SavedMapping | None:
    """Save the form's pairs; ``columns``: the columns to keep instead of the form's (a run's
    page maps values only, and keeps the columns of the mapping the run used)."""
    name = form.cleaned_data["name"].strip()
    columns, values = (form.columns() if columns is None else columns), form.values()
    if current is not None and name == current.name:
        if not may_edit_mapping(request.user, current):
            form.add_error(
                "name",
                _("Only its author or an administrator may change this mapping: give a new name."),
            )
            return None
        try:
            return mapping_update(
                mapping=current,
                user=request.user,
                expected_version=current.version,
                columns=columns,
                values=values,
            )
        except ConflictError:
            form.add_error(
                None, _("Someone else saved this mapping meanwhile; your choices were not saved.")
            )
            return None
    if SavedMapping.objects.filter(name__iexact=name).exists():
        form.add_error("name", _("A mapping with this name already exists."))
        return None
    return mapping_create(
        user=request.user, name=name, profile=form.profile, columns=columns, values=values
    )


@require("import.run")
@require_POST
def run_mapping_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Map the values a finished run did not know, from its page: the mapping is saved (the run's
    own mapping's columns kept), and the file is imported again with it."""
    run = row_or_404(runs_for(request.user), pk)
    current = run.mapping
    form = MappingForm(request.POST, profile=run.profile, preview=run_preview(run), mapping=current)
    if form.is_valid():
        columns = dict(current.columns) if current is not None else {}
        saved = _save(request, form, current, columns=columns)
        if saved is not None:
            messages.success(
                request,
                _("Mapping “%(name)s” saved. Import the file again with it.")
                % {"name": saved.name},
            )
            query = urlencode({"profile": str(run.profile), "mapping": str(saved.pk)})
            return redirect(f"{reverse('import-new')}?{query}")
    context = run_context(request, run) | {"run_mapping_form": form}
    return render(request, "imports/run.html", context, status=400)
