"""Calls to action: the page, the share links through our own redirect (counted, nothing about
who), and the call offered after signing, in the signer's language."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from carewatch.actions.models import ActionCount, ActionText, CallToAction, DecisionMaker
from carewatch.actions.services import taken
from carewatch.audit.models import AuditEntry
from petition_support import make_petition, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def call() -> CallToAction:
    found = CallToAction.objects.create(slug="heads-of-state")
    for language, message in (
        ("fr", "{handle} entendrez-vous l'appel ? #DoctorsinDanger"),
        ("en", "{handle} will you hear the call? #DoctorsinDanger"),
        ("ar", "{handle} هل ستستجيبون للنداء؟ #DoctorsinDanger"),
    ):
        ActionText.objects.create(
            call=found, language=language, heading=f"H-{language}", message=message, subject="S"
        )
    found.targets.add(
        DecisionMaker.objects.create(
            name="Emmanuel Macron",
            role="Président",
            country="FR",
            x_handle="EmmanuelMacron",
            mastodon_handle="elysee@social.example",
            public_email="contact@elysee.example",
            language="fr",
        ),
        DecisionMaker.objects.create(name="No Handle", role="Minister", language="en"),
    )
    return found


def take(
    client: Client, call: CallToAction, platform: str, language: str = "fr", **query: str
) -> Any:
    target = call.targets.get(name="Emmanuel Macron")
    url = reverse("action-take", args=[call.slug, target.pk, platform])
    return client.get(url, query, HTTP_ACCEPT_LANGUAGE=language)


def test_the_page_offers_each_target_the_platforms_they_can_be_reached_on(
    client: Client, call: CallToAction
) -> None:
    body = client.get(reverse("action-page", args=[call.slug]), HTTP_ACCEPT_LANGUAGE="ar").content
    text = body.decode()
    assert "H-ar" in text and "Emmanuel Macron" in text
    assert "No Handle" not in text  # nowhere to send it
    assert "{handle}" not in text and "هل ستستجيبون للنداء؟" in text
    assert "<script" not in text.split("<main", 1)[1]  # no third-party script, no pixel


def test_a_share_link_is_counted_and_sends_the_message_in_the_visitor_s_language(
    client: Client, call: CallToAction
) -> None:
    response = take(client, call, "x", language="fr")
    assert response.status_code == 302
    parts = urlsplit(response["Location"])
    assert parts.netloc == "x.com"
    assert parse_qs(parts.query)["text"] == [
        "@EmmanuelMacron entendrez-vous l'appel ? #DoctorsinDanger"
    ]
    take(client, call, "x", language="ar")
    take(client, call, "email")
    assert taken(call) == 3
    assert set(ActionCount.objects.values_list("platform", "language", "taken")) == {
        ("x", "fr", 1),
        ("x", "ar", 1),
        ("email", "fr", 1),
    }
    assert take(client, call, "email")["Location"].startswith("mailto:contact@elysee.example?")


def test_mastodon_asks_for_the_visitor_s_server_first(client: Client, call: CallToAction) -> None:
    asked = take(client, call, "mastodon")
    assert asked.status_code == 200 and 'name="server"' in asked.content.decode()
    wrong = take(client, call, "mastodon", server="evil.example/phish")
    assert wrong.status_code == 400 and taken(call) == 0
    went = take(client, call, "mastodon", server="mastodon.social")
    assert went["Location"].startswith(
        "https://mastodon.social/share?text=%40elysee%40social.example"
    )
    assert taken(call) == 1


def test_a_platform_the_target_is_not_on_is_not_found(client: Client, call: CallToAction) -> None:
    other = call.targets.get(name="No Handle")
    url = reverse("action-take", args=[call.slug, other.pk, "x"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("action-take", args=[call.slug, 999999, "x"])).status_code == 404
    assert taken(call) == 0


def test_the_call_is_offered_after_signing_in_the_signer_s_language(
    client: Client, call: CallToAction
) -> None:
    petition = make_petition(call_to_action=call)
    response = sign(client, petition, "signer@example.org", language="ar")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "H-ar" in page and "هل ستستجيبون" in page
    call.active = False
    call.save()
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "H-ar" not in page


# --- staff pages ---------------------------------------------------------------------------


def test_campaign_staff_write_a_call_and_see_how_often_it_was_taken(
    client: Client, campaigner: Any, call: CallToAction
) -> None:
    take(client, call, "x", language="fr")
    staff = Client()
    staff.force_login(campaigner)
    page = staff.get(reverse("call-staff", args=[call.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Emmanuel Macron" in body and "Times taken" in body
    maker = DecisionMaker.objects.get(name="Emmanuel Macron")
    form = {
        "slug": "ministers",
        "active": "on",
        "targets": [maker.pk],
        "en-heading": "Write to the minister",
        "en-message": "Dear minister, protect hospitals.",  # no {handle}: refused
        "en-subject": "",
    }
    refused = staff.post(reverse("call-new"), form)
    assert refused.status_code == 400 and "{handle}" in refused.content.decode()
    form["en-message"] = "{handle} protect hospitals in Syria."
    assert staff.post(reverse("call-new"), form).status_code == 302
    made = CallToAction.objects.get(slug="ministers")
    assert list(made.texts.values_list("language", flat=True)) == ["en"]
    taken_again = staff.post(reverse("call-new"), form)
    assert taken_again.status_code == 400  # the address is taken
    assert AuditEntry.objects.filter(action="carewatch.call.created").count() == 1


def test_campaign_staff_add_and_change_decision_makers(campaigner: Any) -> None:
    staff = Client()
    staff.force_login(campaigner)
    bad = {
        "name": "Justin Trudeau",
        "role": "Prime Minister",
        "language": "en",
        "mastodon_handle": "justin",
    }
    assert staff.post(reverse("decision-maker-list"), bad).status_code == 400
    good = {
        **bad,
        "mastodon_handle": "@pm@social.example",
        "x_handle": "@JustinTrudeau",
        "country": "CA",
    }
    assert staff.post(reverse("decision-maker-list"), good).status_code == 302
    maker = DecisionMaker.objects.get(name="Justin Trudeau")
    assert maker.x_handle == "JustinTrudeau"
    changed = {**good, "role": "Former Prime Minister"}
    assert staff.post(reverse("decision-maker", args=[maker.pk]), changed).status_code == 302
    maker.refresh_from_db()
    assert maker.role == "Former Prime Minister"
