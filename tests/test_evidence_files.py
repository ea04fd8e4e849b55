"""Evidence custody (S4, S6): uploads judged by their bytes, images shared only as copies with
no EXIF/GPS/XMP/comments, originals sealed and readable only by roles that need them, every
read audited, a changed byte caught on read."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from carewatch.audit.models import AuditEntry
from carewatch.sources import services
from carewatch.sources.evidence import UnsupportedFileType, detect_type
from carewatch.sources.models import Attachment, Report
from carewatch.sources.storage import evidence_path

pytestmark = pytest.mark.django_db

CANARY = "CANARY-EXIF-witness-Abu-Khalid"
GPS = {1: "N", 2: (35.0, 37.0, 12.5), 3: "E", 4: (36.0, 38.0, 44.1)}  # 35°37'12.5"N 36°38'44.1"E


def jpeg_with_metadata(orientation: int = 1) -> bytes:
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010E] = CANARY  # ImageDescription
    exif[0x013B] = CANARY  # Artist
    exif[0x0112] = orientation
    exif.get_ifd(0x8825).update(GPS)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=CANARY.encode())
    return out.getvalue()


def png_with_text() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", CANARY)
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def gif_with_comment() -> bytes:
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, format="GIF", comment=CANARY.encode())
    return out.getvalue()


@pytest.fixture(autouse=True)
def evidence_dir(tmp_path: Any, settings: Any) -> Any:
    settings.EVIDENCE_DIR = tmp_path / "evidence"
    return settings.EVIDENCE_DIR


@pytest.fixture
def report(verifier: Any) -> Report:
    source = services.source_create(
        user=verifier, name="Field team", source_type="field_team", reliability="B"
    )
    return services.report_create(
        user=verifier, source=source, kind="field_form", language="ar", original_text="صورة"
    )


def add(
    report: Report, user: Any, data: bytes, name: str = "photo.jpg", claimed: str = "image/jpeg"
) -> Attachment:
    return services.attachment_add(
        user=user, report=report, filename=name, content_type=claimed, chunks=[data]
    )


@pytest.mark.parametrize("make", [jpeg_with_metadata, png_with_text, gif_with_comment])
def test_the_shareable_copy_of_an_image_carries_no_metadata(
    report: Report, verifier: Any, make: Any
) -> None:
    original = make()
    assert CANARY.encode() in original
    attachment = add(report, verifier, original)
    assert attachment.shared_sha256 and attachment.shared_sha256 != attachment.sha256
    shared = evidence_path(attachment.shared_sha256).read_bytes()
    assert CANARY.encode() not in shared
    with Image.open(io.BytesIO(shared)) as copy:
        assert not copy.getexif()
        assert not {"comment", "Author", "exif", "xmp"} & set(copy.info)
    assert evidence_path(attachment.sha256).read_bytes() == original, (
        "the original is kept sealed, byte for byte"
    )


def test_the_shareable_copy_is_turned_upright_before_the_orientation_tag_is_dropped(
    report: Report, verifier: Any
) -> None:
    attachment = add(report, verifier, jpeg_with_metadata(orientation=6))
    with Image.open(io.BytesIO(evidence_path(attachment.shared_sha256).read_bytes())) as copy:
        assert copy.size == (20, 40)


def test_the_type_is_judged_from_the_bytes_not_the_name_or_the_claim(
    report: Report, verifier: Any
) -> None:
    attachment = add(
        report, verifier, b"%PDF-1.7\n" + b"0" * 100, name="photo.jpg", claimed="image/jpeg"
    )
    assert attachment.content_type == "application/pdf"
    assert not attachment.shared_sha256
    entry = AuditEntry.objects.get(
        action="carewatch.attachment.stored", object_id=str(attachment.pk)
    )
    assert entry.after["claimed_type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"MZ\x90\x00" + b"\x00" * 200, "a Windows program"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "a Linux program"),
        (b"PK\x03\x04" + b"\x00" * 200, "a zip archive"),
        (b"\x00\x01\x02\x03\xff\xfe" * 50, "unknown binary"),
    ],
)
def test_files_that_are_not_evidence_kinds_are_refused_and_nothing_is_kept(
    report: Report, verifier: Any, evidence_dir: Any, data: bytes, kind: str
) -> None:
    with pytest.raises(UnsupportedFileType):
        add(report, verifier, data, name="statement.pdf", claimed="application/pdf")
    assert not Attachment.objects.exists(), kind
    assert not [p for p in evidence_dir.rglob("*") if p.is_file()], kind


def test_plain_text_in_any_script_is_accepted() -> None:
    assert detect_type("شهادة: قصف المستشفى صباحاً\n".encode() * 400) == "text/plain"


def upload(client: Client, data: bytes, name: str) -> Any:
    return client.post(
        reverse("report-create"),
        {
            "source": "",
            "kind": "field_form",
            "language": "en",
            "title": "With a file",
            "original_text": "",
            "attachment": SimpleUploadedFile(name, data, content_type="application/pdf"),
        },
    )


def test_the_report_form_explains_a_refused_file_in_the_users_language(
    client: Client, verifier: Any, report: Report
) -> None:
    client.force_login(verifier)
    client.cookies["carewatch_language"] = "ar"
    before = Report.objects.count()
    response = client.post(
        reverse("report-create"),
        {
            "source": report.source_id,
            "kind": "field_form",
            "language": "en",
            "title": "With a file",
            "attachment": SimpleUploadedFile(
                "tool.pdf", b"MZ\x90\x00" + b"\x00" * 300, content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert "This kind of file is not accepted" not in response.content.decode()
    assert Report.objects.count() == before, "a refused file leaves no report behind"


def test_a_submission_with_a_refused_file_writes_nothing(client: Client, documenter: Any) -> None:
    from tests.test_incident_pages import submission

    from carewatch.incidents.models import Incident

    client.force_login(documenter)
    good = SimpleUploadedFile("x.jpg", jpeg_with_metadata(), content_type="image/jpeg")
    assert client.post(reverse("incident-submit"), submission(attachment=good)).status_code == 302
    assert Incident.objects.count() == 1 and Attachment.objects.count() == 1
    bad = SimpleUploadedFile("x.jpg", b"MZ" + b"\x00" * 300, content_type="image/jpeg")
    response = client.post(reverse("incident-submit"), submission(attachment=bad))
    assert response.status_code == 200
    assert (
        Incident.objects.count() == 1
        and Report.objects.count() == 1
        and Attachment.objects.count() == 1
    )


def test_who_may_download_which_copy_and_every_read_is_audited(
    report: Report, verifier: Any, analyst: Any
) -> None:
    attachment = add(report, verifier, jpeg_with_metadata())
    reader, staff = Client(), Client()
    reader.force_login(verifier)
    staff.force_login(analyst)
    original = reader.get(reverse("attachment-original", args=[attachment.pk]))
    assert (
        original.status_code == 200
        and original.content == evidence_path(attachment.sha256).read_bytes()
    )
    assert original["Content-Disposition"].startswith("attachment;")
    shared = staff.get(reverse("attachment-shared", args=[attachment.pk]))
    assert shared.status_code == 200 and CANARY.encode() not in shared.content
    assert shared["Content-Type"] == "image/jpeg"
    assert staff.get(reverse("attachment-original", args=[attachment.pk])).status_code == 403
    reads = AuditEntry.objects.filter(
        action__startswith="carewatch.attachment.",
        action__endswith="_viewed",
        object_id=str(attachment.pk),
    )
    assert sorted(e.action for e in reads) == [
        "carewatch.attachment.original_viewed",
        "carewatch.attachment.shared_viewed",
    ]
    page = staff.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert reverse("attachment-shared", args=[attachment.pk]) in page
    assert reverse("attachment-original", args=[attachment.pk]) not in page


def test_a_documenter_reaches_only_the_files_of_their_own_reports(
    report: Report, verifier: Any, documenter: Any
) -> None:
    attachment = add(report, verifier, png_with_text())
    client = Client()
    client.force_login(documenter)
    assert client.get(reverse("attachment-shared", args=[attachment.pk])).status_code == 404


def test_a_changed_byte_is_caught_when_the_file_is_read_and_nothing_is_sent(
    report: Report, verifier: Any
) -> None:
    attachment = add(report, verifier, b"%PDF-1.7 the statement as received")
    path = evidence_path(attachment.sha256)
    path.chmod(0o644)
    path.write_bytes(b"%PDF-1.7 the statement as altered!")
    client = Client()
    client.force_login(verifier)
    response = client.get(reverse("attachment-original", args=[attachment.pk]))
    assert response.status_code == 409
    assert b"as altered" not in response.content
    assert AuditEntry.objects.filter(
        action="carewatch.attachment.corrupted", object_id=str(attachment.pk)
    ).exists()


# --- Image bombs ---------------------------------------------------------------------------------


def image_bomb(width: int = 13_000, height: int = 13_000) -> bytes:
    """A PNG of ``width`` × ``height`` blank pixels: a few hundred KB on disk, 169 megapixels
    (over 500 MB per decoded copy) at the default size."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, format="PNG", optimize=False)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return image_bomb()


def test_an_image_bomb_is_refused_from_its_header_and_nothing_is_kept(
    report: Report, verifier: Any, evidence_dir: Any, bomb: bytes, monkeypatch: Any
) -> None:
    from carewatch.sources.evidence import ImageTooLarge

    assert len(bomb) < 1_000_000
    decoded: list[Any] = []
    original = Image.Image.load
    monkeypatch.setattr(
        Image.Image, "load", lambda self: decoded.append(self.size) or original(self)
    )
    with pytest.raises(ImageTooLarge):
        add(report, verifier, bomb, name="photo.png", claimed="image/png")
    assert not any(w * h > 40_000_000 for w, h in decoded), "the bomb's pixels were decoded"
    assert not Attachment.objects.exists()
    assert not [p for p in evidence_dir.rglob("*") if p.is_file()]


def test_an_image_just_under_the_limit_is_kept_with_its_shareable_copy(
    report: Report, verifier: Any
) -> None:
    from carewatch.sources.evidence import MAX_IMAGE_PIXELS, ImageTooLarge

    width = 8_000
    attachment = add(
        report,
        verifier,
        image_bomb(width, MAX_IMAGE_PIXELS // width),
        name="wide.png",
        claimed="image/png",
    )
    assert attachment.content_type == "image/png" and attachment.shared_sha256
    # Just over it (under Pillow's own refusal at twice the limit): refused from the header too.
    with pytest.raises(ImageTooLarge):
        add(
            report,
            verifier,
            image_bomb(width, MAX_IMAGE_PIXELS // width + 1),
            name="wider.png",
            claimed="image/png",
        )


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_form_explains_an_image_bomb_in_the_users_language(
    client: Client, documenter: Any, bomb: bytes, language: str
) -> None:
    from tests.test_incident_pages import submission

    from carewatch.incidents.models import Incident

    client.force_login(documenter)
    client.cookies["carewatch_language"] = language
    response = client.post(
        reverse("incident-submit"),
        submission(attachment=SimpleUploadedFile("x.png", bomb, content_type="image/png")),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "40" in text
    expected = {"en": "too many pixels", "fr": "trop de pixels", "ar": "بكسل"}[language]
    assert expected in text
    assert not Incident.objects.exists() and not Attachment.objects.exists()
