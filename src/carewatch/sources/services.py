"""Writes for sources, reports (immutable), attachments and figures."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction

from carewatch.audit.services import log_action, snapshot
from carewatch.lib.common import save_versioned
from carewatch.sources.evidence import SHAREABLE, check_image_size, checked_chunks, shareable_copy
from carewatch.sources.models import Attachment, Figure, Report, Source
from carewatch.sources.storage import read_verified, store_chunks
from carewatch_core.hashing import sha256_text

SOURCE_FIELDS = ("name", "source_type", "reliability", "url", "description")


@transaction.atomic
def source_create(
    *,
    user: Any,
    name: str,
    source_type: str,
    reliability: str = "F",
    url: str = "",
    description: str = "",
    is_generated: bool = False,
) -> Source:
    source = Source.objects.create(
        name=name,
        source_type=source_type,
        reliability=reliability,
        url=url,
        description=description,
        is_generated=is_generated,
    )
    log_action(action="carewatch.source.created", actor=user, obj=source, after=snapshot(source))
    return source


def source_get_or_create(
    *, user: Any, name: str, source_type: str, reliability: str = "F", **extra: Any
) -> Source:
    existing = Source.objects.filter(name=name).first()
    return existing or source_create(
        user=user, name=name, source_type=source_type, reliability=reliability, **extra
    )


@transaction.atomic
def source_update(
    *, source: Source, user: Any, expected_version: int, reason: str = "", **values: Any
) -> Source:
    """Change a source's type, grade or description (optimistic locking)."""
    before = snapshot(source)
    for name in SOURCE_FIELDS:
        if name in values:
            setattr(source, name, values[name])
    save_versioned(source, expected_version=expected_version, fields=list(SOURCE_FIELDS))
    log_action(
        action="carewatch.source.changed",
        actor=user,
        obj=source,
        before=before,
        after=snapshot(source),
        reason=reason,
    )
    return source


@transaction.atomic
def report_create(
    *,
    user: Any,
    source: Source,
    kind: str,
    language: str,
    title: str = "",
    original_text: str = "",
    published_on: datetime.date | None = None,
    url: str = "",
    informant_name: str = "",
    informant_contact: str = "",
    dataset_key: str = "",
    corrects: Report | None = None,
) -> Report:
    """Keep a report exactly as received. Reports are never edited: a correction is a new report."""
    report = Report.objects.create(
        source=source,
        kind=kind,
        language=language,
        title=title,
        original_text=original_text,
        published_on=published_on,
        url=url,
        informant_name=informant_name,
        informant_contact=informant_contact,
        content_sha256=sha256_text(original_text),
        dataset_key=dataset_key,
        corrects=corrects,
        submitted_by=user if getattr(user, "is_authenticated", False) else None,
    )
    log_action(action="carewatch.report.received", actor=user, obj=report, after=snapshot(report))
    return report


@transaction.atomic
def attachment_add(
    *, user: Any, report: Report, filename: str, content_type: str, chunks: Iterable[bytes]
) -> Attachment:
    """Store a file by its SHA-256 (hashed on arrival) and attach it to ``report``.

    The type is judged from the bytes (``UnsupportedFileType`` if not accepted; nothing kept) and
    recorded instead of the uploader's claim; an image of more pixels than
    ``evidence.MAX_IMAGE_PIXELS`` is refused from its header (``ImageTooLarge``; nothing kept).
    Images also get a shareable copy without metadata.
    ``content_type`` (the uploader's claim) is kept in the audit entry only.
    """
    found: list[str] = []
    sha, size = store_chunks(
        checked_chunks(chunks, found),
        settings.CAREWATCH_MAX_ATTACHMENT_BYTES,
        check=lambda path: check_image_size(path, found[0]),
    )
    detected = found[0]
    shared = shareable_copy(read_verified(sha), detected) if detected in SHAREABLE else None
    shared_sha = (
        store_chunks([shared], settings.CAREWATCH_MAX_ATTACHMENT_BYTES)[0] if shared else ""
    )
    attachment = Attachment.objects.create(
        report=report,
        sha256=sha,
        filename=filename[:255],
        content_type=detected,
        size=size,
        shared_sha256=shared_sha,
    )
    log_action(
        action="carewatch.attachment.stored",
        actor=user,
        obj=attachment,
        after=snapshot(attachment) | {"claimed_type": content_type[:100]},
    )
    return attachment


@transaction.atomic
def figure_record(
    *,
    user: Any,
    report: Report,
    quantity: int,
    measure: str,
    population: str,
    quote: str,
    **scope: Any,
) -> Figure:
    """Record a figure a report states, with its scope and the exact quote."""
    figure = Figure.objects.create(
        report=report,
        quantity=quantity,
        measure=measure,
        population=population,
        quote=quote,
        **scope,
    )
    log_action(action="carewatch.figure.recorded", actor=user, obj=figure, after=snapshot(figure))
    return figure


@transaction.atomic
def figures_record(*, user: Any, report: Report, rows: list[dict[str, Any]]) -> list[Figure]:
    """Record the figures a reviewer accepted from those proposed in a report's text, all or
    none; each is audited as one recorded by hand."""
    return [figure_record(user=user, report=report, **row) for row in rows]
