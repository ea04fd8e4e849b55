"""A mailing list, subscribers and a newsletter to send in tests."""

from __future__ import annotations

import re
import time
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carewatch.lib.mail.verp import mailbox_key
from carewatch.mailings import campaigns
from carewatch.mailings.choices import SubscriptionState
from carewatch.mailings.models import Campaign, MailingList, Subscription
from carewatch.supporters.guards import started_token
from carewatch.supporters.services_supporters import Details, supporter_for

NAMES = {"en": "Doctors in Danger", "fr": "Médecins en danger", "ar": "أطباء في خطر"}
SUBJECTS = {
    "en": "September: five medical staff killed",
    "fr": "Septembre : cinq soignants tués",
    "ar": "أيلول: مقتل خمسة من الطاقم الطبي",
}


def make_list(slug: str = "doctors-in-danger") -> MailingList:
    return MailingList.objects.create(slug=slug, names=NAMES, descriptions={"en": "Monthly."})


def subscriber(mailing_list: MailingList, email: str, language: str = "en") -> Subscription:
    """A confirmed subscriber (as if they had opened their confirmation link)."""
    supporter = supporter_for(details=Details(email=email, language=language), form="test")
    return Subscription.objects.create(
        mailing_list=mailing_list,
        supporter=supporter,
        mailbox_key=mailbox_key(email),
        language=language,
        form="test",
        state=SubscriptionState.CONFIRMED,
        confirmed_at=timezone.now(),
    )


def make_campaign(mailing_list: MailingList, user: Any = "staff", **kw: Any) -> Campaign:
    campaign = campaigns.create_campaign(
        mailing_list=mailing_list, name="September newsletter", actor=user, **kw
    )
    for language, subject in SUBJECTS.items():
        campaigns.save_version(
            campaign=campaign,
            language=language,
            subject=subject,
            blocks=[
                {"kind": "heading", "text": subject},
                {"kind": "text", "text": f"({language}) Attacks this year: {{{{ incidents }}}}."},
                {"kind": "link", "label": "Read more", "url": "https://example.org/read"},
            ],
            actor=user,
        )
    return campaign


def form_data(email: str, language: str = "en", **extra: Any) -> dict[str, Any]:
    return {
        "email": email,
        "name": "",
        "language": language,
        "started": started_token(time.time() - 30),
        "website": "",
        **extra,
    }


def subscribe(
    client: Client,
    mailing_list: MailingList,
    email: str,
    language: str = "en",
    address: str = "203.0.113.9",
    **extra: Any,
) -> Any:
    return client.post(
        reverse("newsletter-subscribe", args=[mailing_list.slug]),
        form_data(email, language, **extra),
        HTTP_ACCEPT_LANGUAGE=language,
        REMOTE_ADDR=address,
    )


def link(raw: str, path: str) -> str:
    found = re.search(rf"https?://\S+/{path}/[^/\s\"]+/", raw)
    assert found, raw[:2000]
    return found.group(0)
