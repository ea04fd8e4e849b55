"""Reports are kept as received; files are stored by SHA-256 and checked on read."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import override_settings

from carewatch.sources import services
from carewatch.sources.models import Attachment, Report
from carewatch.sources.storage import EvidenceCorrupted, FileTooLarge, evidence_path, read_verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def evidence_dir(tmp_path: Any, settings: Any) -> Any:
    settings.EVIDENCE_DIR = tmp_path / "evidence"
    return settings.EVIDENCE_DIR


@pytest.fixture
def report(verifier: Any) -> Report:
    source = services.source_create(
        user=verifier, name="UNICEF", source_type="un_agency", reliability="B"
    )
    return services.report_create(
        user=verifier,
        source=source,
        kind="statement",
        language="en",
        title="Statement",
        original_text="96 children dead",
    )


def test_a_report_keeps_the_sha256_of_its_text(report: Report) -> None:
    assert report.content_sha256 == hashlib.sha256(b"96 children dead").hexdigest()


def test_a_report_cannot_be_edited_or_deleted(report: Report) -> None:
    report.original_text = "changed"
    with pytest.raises(PermissionError):
        report.save()
    with pytest.raises(PermissionError):
        report.delete()
    assert Report.objects.get(pk=report.pk).original_text == "96 children dead"


def test_a_correction_is_a_new_report_pointing_at_the_old_one(
    report: Report, verifier: Any
) -> None:
    fixed = services.report_create(
        user=verifier,
        source=report.source,
        kind="statement",
        language="en",
        original_text="96 children",
        corrects=report,
    )
    assert list(report.corrections.all()) == [fixed]


def test_an_attachment_is_stored_under_its_digest_and_read_back_verified(
    report: Report, verifier: Any
) -> None:
    data = b"%PDF-1.4 fake evidence" * 1000
    att = services.attachment_add(
        user=verifier,
        report=report,
        filename="photo.pdf",
        content_type="application/pdf",
        chunks=[data[:5000], data[5000:]],
    )
    assert att.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence_path(att.sha256).exists()
    assert read_verified(att.sha256) == data


def test_a_changed_byte_is_detected_on_read(report: Report, verifier: Any) -> None:
    att = services.attachment_add(
        user=verifier,
        report=report,
        filename="a.txt",
        content_type="text/plain",
        chunks=[b"original"],
    )
    path = evidence_path(att.sha256)
    path.chmod(0o644)
    path.write_bytes(b"tampered")
    with pytest.raises(EvidenceCorrupted):
        read_verified(att.sha256)


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(
    report: Report, verifier: Any, evidence_dir: Any
) -> None:
    with override_settings(CAREWATCH_MAX_ATTACHMENT_BYTES=10), pytest.raises(FileTooLarge):
        services.attachment_add(
            user=verifier,
            report=report,
            filename="big.bin",
            content_type="application/octet-stream",
            chunks=[b"x" * 6, b"y" * 6],
        )
    assert not Attachment.objects.exists()
    assert not [p for p in evidence_dir.rglob("*") if p.is_file()]


def test_a_figure_keeps_its_quote_and_who_it_is_attributed_to(
    report: Report, verifier: Any
) -> None:
    white_helmets = services.source_create(user=verifier, name="White Helmets", source_type="ngo")
    figure = services.figure_record(
        user=verifier,
        report=report,
        quantity=450,
        measure="killed",
        population="civilians",
        quote="450 Civilians dead",
        attributed_to=white_helmets,
    )
    assert figure.stated_by == white_helmets
    assert figure.report.source.name == "UNICEF"
