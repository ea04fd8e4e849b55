"""Press releases shaped like the seed: a dateline, the words per language with figures from the
records (each with its note), a quote with its speaker, the organisation's About and press
contact; approved and frozen like bulletins; a page, a PDF and the press room's feed."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from carewatch.publishing.models import Bulletin, OrganisationProfile

pytestmark = pytest.mark.django_db
WORDS = {
    "fr-title": "Doctors in Danger : stop au ciblage des hôpitaux",
    "fr-lead": "Les attaques systématiques sur les hôpitaux ont augmenté en septembre.",
    "fr-body": "Nos données comptent {{ incidents 2017 }} attaques vérifiées en 2017.",
    "fr-quote": "Aucune mesure n'est prise pour protéger les hôpitaux.",
    "fr-quote_by": "Dr Ziad Alissa, président de l'UOSSM",
    "en-title": "Doctors in Danger: stop targeting hospitals",
    "en-lead": "Systematic attacks on hospitals rose in September.",
    "en-body": "Our records count {{ incidents 2017 }} verified attacks in 2017.",
    "ar-title": "أطباء في خطر: أوقفوا استهداف المستشفيات",
    "ar-body": "تحصي سجلاتنا {{ incidents 2017 }} هجوماً موثقاً في ٢٠١٧.",
}
PROFILE = {
    "name": "UOSSM",
    "about_fr": "L'UOSSM soutient plus de 120 hôpitaux en Syrie.",
    "about_en": "UOSSM supports over 120 hospitals in Syria.",
    "contact_name": "Press officer",
    "contact_email": "press@example.org",
    "contact_phone": "+33 1 23 45 67 89",
}


def released(client: Client) -> Bulletin:
    assert client.post(reverse("organisation-edit"), PROFILE).status_code == 302
    client.post(
        reverse("bulletin-list"),
        {"kind": "press_release", "day": "2017-10-17", "dateline": "Paris"},
    )
    release = Bulletin.objects.get(kind="press_release")
    assert client.post(reverse("bulletin-edit", args=[release.pk]), WORDS).status_code == 302
    client.post(reverse("bulletin-approve", args=[release.pk]), {"confirm": "publish"})
    release.refresh_from_db()
    return release


def test_a_release_reads_like_the_seed_with_its_figures_noted(
    client: Client, communications: Any, make_incident: Any
) -> None:
    make_incident(date_start=datetime.date(2017, 9, 19))
    make_incident(date_start=datetime.date(2017, 3, 2))
    client.force_login(communications)
    release = released(client)
    assert release.state == "published" and release.slug == "press-2017-10-17"
    assert release.numbers["figures"]["incidents 2017"]["value"] == "2"
    public = Client()
    french = public.get(reverse("press-bulletin", args=[release.slug]), HTTP_ACCEPT_LANGUAGE="fr")
    html = french.content.decode()
    assert "\u2068Paris\u2069, le 17 octobre 2017 –" in html  # the place isolated in its script
    assert '<strong dir="ltr">2</strong><sup><a href="#note-1">1</a></sup>' in html
    assert "Dr Ziad Alissa" in html and "press@example.org" in html and "120 hôpitaux" in html
    arabic = public.get(reverse("press-bulletin", args=[release.slug]), HTTP_ACCEPT_LANGUAGE="ar")
    assert "Paris\u2069،" in arabic.content.decode()  # the place as typed, then the Arabic comma
    assert "أطباء في خطر" in arabic.content.decode()
    pdf = public.get(
        reverse("press-bulletin-pdf", args=[release.slug, 1]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "17 October 2017" in text and "Paris" in text and "[1]" in text and "UOSSM" in text
    assert "Press release" in public.get(reverse("press-room")).content.decode()
    feed = public.get(reverse("press-feed", args=["en"])).content.decode()
    assert "Doctors in Danger: stop targeting hospitals" in feed


def test_a_published_release_keeps_its_figures_and_profile(
    client: Client, communications: Any, make_incident: Any
) -> None:
    make_incident(date_start=datetime.date(2017, 9, 19))
    client.force_login(communications)
    release = released(client)
    make_incident(date_start=datetime.date(2017, 9, 20))
    client.post(reverse("organisation-edit"), PROFILE | {"contact_email": "new@example.org"})
    page = Client().get(reverse("press-bulletin", args=[release.slug]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert '<strong dir="ltr">1</strong>' in html and "press@example.org" in html
    assert OrganisationProfile.objects.get().contact_email == "new@example.org"


def test_a_release_needs_its_date_and_place_and_other_roles_cannot_write_one(
    client: Client, communications: Any, analyst: Any
) -> None:
    client.force_login(communications)
    response = client.post(reverse("bulletin-list"), {"kind": "press_release", "day": "2017-10-17"})
    assert response.status_code == 400 and not Bulletin.objects.exists()
    assert (
        client.post(reverse("organisation-edit"), {"contact_email": "not an address"}).status_code
        == 200
    )
    assert not OrganisationProfile.objects.exists()
    client.force_login(analyst)
    assert client.get(reverse("organisation-edit")).status_code == 403


def logo_file(**info: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    for key, value in info.items():
        meta.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (140, 28, 28)).save(out, format="PNG", pnginfo=meta)
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


def test_the_logo_is_kept_without_its_metadata_and_shown_on_releases(
    client: Client, communications: Any
) -> None:
    client.force_login(communications)
    form = PROFILE | {"logo": logo_file(Author="CANARY-logo-author")}
    assert client.post(reverse("organisation-edit"), form).status_code == 302
    logo = Client().get(reverse("press-logo"))
    assert logo["Content-Type"] == "image/png" and b"CANARY-logo-author" not in logo.content
    released(client)
    page = Client().get(reverse("press-bulletin", args=["press-2017-10-17"])).content.decode()
    assert reverse("press-logo") in page
    pdf = Client().get(reverse("press-bulletin-pdf", args=["press-2017-10-17", 1]))
    assert len(PdfReader(io.BytesIO(pdf.content)).pages[0].images) == 1


def test_a_logo_that_is_not_an_image_or_too_large_is_refused(
    client: Client, communications: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(communications)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(reverse("organisation-edit"), PROFILE | {"logo": fake})
    assert response.status_code == 200 and "not a PNG or JPEG" in response.content.decode()
    big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (600 * 1024), content_type="image/png")
    assert (
        "512 KB"
        in client.post(reverse("organisation-edit"), PROFILE | {"logo": big}).content.decode()
    )
    assert not OrganisationProfile.objects.exists()
    assert Client().get(reverse("press-logo")).status_code == 404


def test_a_release_s_pdf_is_made_once_for_every_reader_and_again_after_a_change(
    client: Client, communications: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carewatch.public import press

    made: list[str] = []
    real = press.release_pdf

    def counted(bulletin: Bulletin, language: str) -> bytes:
        made.append(language)
        return real(bulletin, language)

    monkeypatch.setattr(press, "release_pdf", counted)
    client.force_login(communications)
    released(client)
    url = reverse("press-bulletin-pdf", args=["press-2017-10-17", 1])

    def images(reader: Client, language: str) -> int:
        pdf = reader.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        return len(PdfReader(io.BytesIO(pdf.content)).pages[0].images)

    assert images(Client(), "fr") == 0 and images(client, "fr") == 0 and images(Client(), "fr") == 0
    assert made == ["fr"]  # the visitor's, then the staff member's and the next visitor's: one
    assert images(Client(), "ar") == 0 and made == ["fr", "ar"]  # each language its own
    form = PROFILE | {"logo": logo_file()}
    assert client.post(reverse("organisation-edit"), form).status_code == 302  # an audited change
    assert images(Client(), "fr") == 1 and made == ["fr", "ar", "fr"]
