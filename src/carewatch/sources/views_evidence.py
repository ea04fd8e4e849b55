"""Evidence downloads: the sealed original (restricted, digest-checked) and the shareable copy
of an image (metadata stripped). Every read is written to the audit log (chain of custody)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from carewatch.accounts.decorators import require
from carewatch.audit.services import log_action
from carewatch.lib.lookups import row_or_404
from carewatch.sources.evidence import ACCEPTED, SHAREABLE
from carewatch.sources.models import Attachment
from carewatch.sources.selectors import attachments_for
from carewatch.sources.storage import EvidenceCorrupted, read_verified


def _attachment(request: HttpRequest, pk: int) -> Attachment:
    return row_or_404(attachments_for(request.user), pk)


def _download(
    request: HttpRequest, attachment: Attachment, sha256: str, copy: str, content_type: str
) -> HttpResponse:
    try:
        data = read_verified(sha256)
    except (EvidenceCorrupted, FileNotFoundError):
        log_action(
            action="carewatch.attachment.corrupted",
            actor=request.user,
            obj=attachment,
            after={"copy": copy},
        )
        return render(
            request, "sources/evidence_corrupted.html", {"attachment": attachment}, status=409
        )
    log_action(
        action=f"carewatch.attachment.{copy}_viewed",
        actor=request.user,
        obj=attachment,
        after={"sha256": sha256},
    )
    stem = f"{attachment.report_id}-{attachment.pk}-{copy}"
    extension = (
        "png"
        if copy == "shared" and SHAREABLE.get(attachment.content_type) == "PNG"
        else ACCEPTED.get(content_type, "bin")
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


@require("report.view", reads="attachment.original")
def attachment_original(request: HttpRequest, pk: int) -> HttpResponse:
    """The file exactly as received (it may carry GPS metadata: restricted)."""
    attachment = _attachment(request, pk)
    return _download(request, attachment, attachment.sha256, "original", attachment.content_type)


@require("incident.view_own")
def attachment_shared(request: HttpRequest, pk: int) -> HttpResponse:
    """The metadata-free copy of an image, for sharing; other files have none (404)."""
    attachment = _attachment(request, pk)
    if not attachment.shared_sha256:
        raise Http404
    fmt = SHAREABLE.get(attachment.content_type, "")
    return _download(
        request, attachment, attachment.shared_sha256, "shared", f"image/{fmt.lower()}"
    )
