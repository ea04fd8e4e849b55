"""A petition to sign in tests, and a signing client (a form shown long enough ago)."""

from __future__ import annotations

import re
import time
from typing import Any

from django.test import Client
from django.urls import reverse

from carewatch.petitions.choices import PetitionStatus
from carewatch.petitions.models import Petition, PetitionText
from carewatch.supporters.guards import started_token

WORDS = {
    "en": ("Stop the targeting of hospitals in Syria", "Protect health workers."),
    "fr": ("Stop au ciblage des hôpitaux en Syrie", "Protégez les soignants."),
    "ar": ("أوقفوا استهداف المستشفيات في سوريا", "احموا العاملين الصحيين."),
}


def make_petition(
    slug: str = "stop-targeting", story: str = "Hospitals are bombed.", **kw: Any
) -> Petition:
    petition = Petition.objects.create(
        slug=slug, status=kw.pop("status", PetitionStatus.OPEN), goal=kw.pop("goal", 100), **kw
    )
    for language, (title, ask) in WORDS.items():
        PetitionText.objects.create(
            petition=petition, language=language, title=title, story=story, ask=ask
        )
    return petition


def form_data(email: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Jane Doe",
        "email": email,
        "country": "FR",
        "postcode": "75004",
        "started": started_token(time.time() - 30),
        "website": "",
        **extra,
    }


def sign(
    client: Client,
    petition: Petition,
    email: str,
    language: str = "en",
    address: str = "203.0.113.7",
    **extra: Any,
) -> Any:
    return client.post(
        reverse("petition-sign", args=[petition.slug]),
        form_data(email, **extra),
        HTTP_ACCEPT_LANGUAGE=language,
        REMOTE_ADDR=address,
    )


def confirm_link(raw: str) -> str:
    found = re.search(r"https?://\S+/petitions/confirm/[^/\s]+/", raw)
    assert found, raw[:2000]
    return found.group(0)
