"""Import from the web: upload a file, preview how it will be read, start the run in the background."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.accounts.decorators import require
from carewatch.imports import jobs, uploads
from carewatch.imports.forms import MappingForm, StartForm, UploadForm
from carewatch.imports.housekeeping import import_reports_cleanup, import_runs_reap
from carewatch.imports.messages import describe
from carewatch.imports.models import ImportRun, SavedMapping
from carewatch.imports.preview import build_preview, row_cells
from carewatch.imports.selectors import mappings_for, may_edit_mapping
from carewatch.imports.services import ImportOptions, import_run_start, run_failed
from carewatch.sources.selectors import sources_for
from carewatch_core.imports.errors import FileError
from carewatch_core.imports.profiles import PROFILES

SESSION_KEY = "carewatch_import_uploads"
KEPT_IN_SESSION = 5


def pending(request: HttpRequest, token: str) -> tuple[uploads.StagedUpload, dict[str, Any]] | None:
    """The upload ``token`` of this session (a token from another session is not found)."""
    info = request.session.get(SESSION_KEY, {}).get(token or "")
    if not isinstance(info, dict) or info.get("profile") not in PROFILES:
        return None
    staged = uploads.find(token, str(info.get("name", "")))
    return (staged, info) if staged else None


def _remember(request: HttpRequest, staged: uploads.StagedUpload, data: dict[str, Any]) -> None:
    kept = dict(request.session.get(SESSION_KEY, {}))
    for token in list(kept)[: max(len(kept) - KEPT_IN_SESSION + 1, 0)]:
        uploads.discard(token)
        kept.pop(token)
    kept[staged.token] = {
        "name": staged.name,
        "profile": data["profile"],
        "source": data["source"].strip(),
    }
    request.session[SESSION_KEY] = kept


def _forget(request: HttpRequest, token: str) -> None:
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept.pop(token, None)
    request.session[SESSION_KEY] = kept


@require("import.run")
def import_new(request: HttpRequest) -> HttpResponse:
    """The upload form; with ``?upload=`` the preview of that upload."""
    if request.method == "GET" and "upload" in request.GET:
        return _preview(request, request.GET.get("upload", ""))
    # A run's page sends the user here with the profile and the mapping it just saved.
    chosen = {k: request.GET[k] for k in ("profile", "mapping") if request.GET.get(k)}
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        mappings=mappings_for(request.user),
        initial=chosen,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staged = uploads.stage(
                data["file"].name, data["file"].chunks(), settings.CAREWATCH_MAX_ATTACHMENT_BYTES
            )
        except uploads.UploadTooLarge:
            limit = settings.CAREWATCH_MAX_ATTACHMENT_BYTES // (1024 * 1024)
            form.add_error(
                "file", _("This file is too large (the limit is %(limit)s MB).") % {"limit": limit}
            )
        else:
            _remember(request, staged, data)
            mapping = f"&mapping={data['mapping'].pk}" if data["mapping"] else ""
            return redirect(f"{reverse('import-new')}?upload={staged.token}{mapping}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "imports/new.html",
        {"form": form, "sources": sources_for(request.user)},
        status=status,
    )


def _preview(request: HttpRequest, token: str) -> HttpResponse:
    found = pending(request, token)
    if found is None:
        messages.error(request, _("This upload is no longer available: choose the file again."))
        return render(
            request,
            "imports/new.html",
            {
                "form": UploadForm(mappings=mappings_for(request.user)),
                "sources": sources_for(request.user),
            },
        )
    staged, info = found
    mapping = _chosen_mapping(request, info["profile"])
    try:
        preview = build_preview(staged.path, info["profile"], mapping)
    except FileError as exc:
        uploads.discard(staged.token)
        _forget(request, staged.token)
        form = UploadForm(
            initial={"profile": info["profile"], "source": info["source"]},
            mappings=mappings_for(request.user),
        )
        context = {
            "form": form,
            "refusal": describe(exc.code, exc.params),
            "file_name": staged.name,
            "sources": sources_for(request.user),
        }
        return render(request, "imports/new.html", context, status=400)
    return render(
        request, "imports/preview.html", preview_context(request, staged, info, preview, mapping)
    )


def _chosen_mapping(request: HttpRequest, profile: str) -> SavedMapping | None:
    raw = request.GET.get("mapping", "")
    return (
        mappings_for(request.user, profile).filter(pk=int(raw)).first() if raw.isdigit() else None
    )


def preview_context(
    request: HttpRequest,
    staged: uploads.StagedUpload,
    info: dict[str, Any],
    preview: Any,
    mapping: SavedMapping | None,
    mapping_form: MappingForm | None = None,
) -> dict[str, Any]:
    editable = mapping is not None and may_edit_mapping(request.user, mapping)
    form = mapping_form or MappingForm(
        profile=info["profile"],
        preview=preview,
        mapping=mapping,
        initial={"name": mapping.name if editable and mapping else ""},
    )
    profile = PROFILES[info["profile"]]
    return {
        "staged": staged,
        "info": info,
        "profile": profile,
        "preview": preview,
        "mapping": mapping,
        "rows": [(row, row_cells(row)) for row in preview.rows],
        "mapping_form": form,
        "editable": editable,
        "mappings": mappings_for(request.user, info["profile"]),
        "start_form": StartForm(
            initial={"upload": staged.token, "mapping": mapping.pk if mapping else None},
            mappings=mappings_for(request.user),
        ),
        "source_name": info["source"] or profile.source.name,
    }


@require("import.run")
@require_POST
def import_start(request: HttpRequest) -> HttpResponse:
    """Start the run (its row first, then the background worker) and go to its page."""
    form = StartForm(request.POST, mappings=mappings_for(request.user))
    found = pending(request, request.POST.get("upload", "")) if form.is_valid() else None
    if found is None:
        messages.error(request, _("This upload is no longer available: choose the file again."))
        return redirect("import-new")
    staged, info = found
    options = _options(request, form, info)
    import_reports_cleanup(user=request.user)
    import_runs_reap(user=request.user)
    try:
        run = import_run_start(user=request.user, path=staged.path, options=options)
    except OperationalError:
        messages.error(
            request,
            _("Another import is writing to the database. Start this one when it has finished."),
        )
        return redirect(f"{reverse('import-new')}?upload={staged.token}")
    _forget(request, staged.token)
    _launch(request, run, staged, options)
    return redirect("import-run", pk=run.pk)


def _options(request: HttpRequest, form: StartForm, info: dict[str, Any]) -> ImportOptions:
    mapping = form.cleaned_data["mapping"]
    if mapping is not None and mapping.profile != info["profile"]:
        mapping = None
    return ImportOptions(
        profile=info["profile"],
        source_name=info["source"] or None,
        dry_run=form.cleaned_data["dry_run"],
        valid_rows_only=form.cleaned_data["valid_rows_only"],
        language=(get_language() or "en")[:8],
        mapping=mapping,
    )


def _launch(
    request: HttpRequest, run: ImportRun, staged: uploads.StagedUpload, options: ImportOptions
) -> None:
    try:
        jobs.launch(run=run, user=request.user, staged=staged, options=options)
    except DatabaseError:
        # The job could not be queued: the run says so, and the upload is not kept.
        run_failed(
            run=run, user=request.user, message=_("The import could not be started; try again.")
        )
        uploads.discard(staged.token)
