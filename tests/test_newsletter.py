"""The newsletter: double opt-in through a real SMTP server on loopback, the public form's
guards, the preference page, newsletters written per language from blocks with live figures,
sent once to each confirmed subscriber in their language with working one-click unsubscribe,
bounces, a send that resumes after a failure without sending anyone a message twice, staff
pages, and supporters' rights over their subscriptions."""

from __future__ import annotations

import os
import socket
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carewatch.audit.models import AuditEntry
from carewatch.demo.campaign import SLUG, load_campaign
from carewatch.demo.newsletter import load_newsletter
from carewatch.lib.mail import channel as channel_module
from carewatch.lib.mail.verp import mailbox_key
from carewatch.mailings import campaigns, jobs, sending
from carewatch.mailings.choices import CampaignState, DeliveryState, SubscriptionState
from carewatch.mailings.models import Click, Delivery, Subscription
from carewatch.mailings.render import click_url
from carewatch.mailings.services import confirm_url, preferences_token
from carewatch.supporters import services_supporters
from carewatch.supporters.choices import SuppressionReason
from carewatch.supporters.models import Suppression
from carewatch.supporters.services import suppress
from import_fixtures import run_jobs
from newsletter_support import (
    form_data,
    link,
    make_campaign,
    make_list,
    subscribe,
    subscriber,
)
from petition_support import make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh(settings: Any) -> None:
    cache.clear()
    settings.CAREWATCH_SITE_URL = "https://carewatch.example"
    settings.CAREWATCH_NEWSLETTER_RATE = 0


def send_now(campaign: Any) -> None:
    jobs.schedule(campaign=campaign, when=None, actor="staff")
    run_jobs()


# --- double opt-in -------------------------------------------------------------------------


def test_a_subscription_counts_only_once_its_address_is_confirmed(
    client: Client, smtp: Any
) -> None:
    mailing_list = make_list()
    response = subscribe(client, mailing_list, "Amina@Example.org", language="fr")
    assert response.status_code == 302
    [row] = Subscription.objects.all()
    assert row.state == SubscriptionState.UNCONFIRMED and row.language == "fr"
    run_jobs()
    [arrived] = smtp.arrived
    message = arrived.message
    assert message["Subject"] == "Confirmez votre abonnement : Médecins en danger"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert {p.get_content_type() for p in message.walk()} >= {"text/plain", "text/html"}
    confirm = link(message.get_body(("plain",)).get_content(), "newsletter/confirm")
    path = confirm.replace("https://carewatch.example", "")
    opened = client.get(path)  # what a mail scanner does too: it confirms nothing
    assert opened.status_code == 200 and "Oui, abonnez-moi" in opened.content.decode()
    row.refresh_from_db()
    assert row.state == SubscriptionState.UNCONFIRMED
    page = client.post(path)
    assert page.status_code == 200
    assert "Abonnement confirmé" in page.content.decode()
    row.refresh_from_db()
    assert row.state == SubscriptionState.CONFIRMED and row.confirmed_at is not None
    again = client.post(path)
    assert "déjà" in again.content.decode()
    assert AuditEntry.objects.filter(action="carewatch.subscription.confirmed").count() == 1


def test_the_form_answers_alike_whoever_is_subscribed_and_sends_nothing_more_to_the_confirmed(
    client: Client, smtp: Any
) -> None:
    mailing_list = make_list()
    subscriber(mailing_list, "known@example.org")
    known = subscribe(client, mailing_list, "known@example.org")
    cache.clear()
    unknown = subscribe(client, mailing_list, "new@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    run_jobs()
    assert [a.recipients for a in smtp.arrived] == [["new@example.org"]]


def test_a_forged_or_expired_confirmation_link_is_refused(
    client: Client, settings: Any, monkeypatch: Any
) -> None:
    response = client.get(reverse("newsletter-confirm", args=["forged-token"]))
    assert response.status_code == 404
    mailing_list = make_list()
    subscribe(client, mailing_list, "late@example.org")
    row = Subscription.objects.get()
    settings.CAREWATCH_CONFIRM_DAYS = 1
    now = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now - 2 * 86400)
    url = confirm_url(row).replace("https://carewatch.example", "")
    monkeypatch.undo()
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    row.refresh_from_db()
    assert row.state == SubscriptionState.UNCONFIRMED


@pytest.mark.parametrize(
    ("extra", "language", "words", "status"),
    [
        ({"website": "http://spam.example"}, "ar", "برنامج", 400),
        ({"started": "forged"}, "fr", "trop ancien", 400),
        ({"email": "someone@mailinator.com"}, "en", "expire", 400),
        ({"email": "not-an-address"}, "fr", "adresse", 400),
    ],
)
def test_bots_and_bad_input_are_refused_in_the_visitors_language(
    client: Client, extra: dict[str, str], language: str, words: str, status: int
) -> None:
    mailing_list = make_list()
    email = extra.pop("email", "person@example.org")
    response = subscribe(client, mailing_list, email, language=language, **extra)
    assert response.status_code == status
    assert words in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_burst_from_one_address_is_refused(client: Client, settings: Any) -> None:
    mailing_list = make_list()
    answers = [
        subscribe(client, mailing_list, f"p{i}@example.org", address="198.51.100.4").status_code
        for i in range(settings.CAREWATCH_FORM_BURST.count + 1)
    ]
    assert answers[-1] == 429
    assert Subscription.objects.count() == settings.CAREWATCH_FORM_BURST.count


# --- sending -------------------------------------------------------------------------------


def test_a_newsletter_reaches_each_subscriber_in_their_language_with_both_parts(
    client: Client, smtp: Any
) -> None:
    mailing_list = make_list()
    for email, language in (
        ("a@example.org", "ar"),
        ("f@example.org", "fr"),
        ("e@example.org", "en"),
    ):
        subscriber(mailing_list, email, language)
    subscriber(mailing_list, "gone@example.org").__class__.objects.filter(
        supporter__email="gone@example.org"
    ).update(state=SubscriptionState.UNSUBSCRIBED)
    campaign = make_campaign(mailing_list)
    send_now(campaign)
    by_rcpt = {a.recipients[0]: a.message for a in smtp.arrived}
    assert sorted(by_rcpt) == ["a@example.org", "e@example.org", "f@example.org"]
    for address, language in (
        ("a@example.org", "ar"),
        ("f@example.org", "fr"),
        ("e@example.org", "en"),
    ):
        message = by_rcpt[address]
        assert message["Content-Language"] == language
        assert (
            message["Subject"].strip()  # a long encoded subject is folded after "Subject:"
            == {
                "ar": "أيلول: مقتل خمسة من الطاقم الطبي",
                "fr": "Septembre : cinq soignants tués",
                "en": "September: five medical staff killed",
            }[language]
        )
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert f"({language}) Attacks this year:" in text and "[1]" in text
        assert 'dir="rtl"' in html if language == "ar" else 'dir="ltr"' in html
        assert "newsletter/preferences/" in text
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.SENT
    assert campaigns.tally(campaign)[DeliveryState.SENT] == 3
    assert AuditEntry.objects.filter(action="carewatch.campaign.sent").count() == 1


def test_one_click_unsubscribe_from_the_header_ends_that_list_only(
    client: Client, smtp: Any
) -> None:
    first, second = make_list(), make_list("aleppo-updates")
    subscriber(first, "reader@example.org")
    Subscription.objects.create(
        mailing_list=second,
        supporter=Subscription.objects.get().supporter,
        mailbox_key=mailbox_key("reader@example.org"),
        language="en",
        form="test",
        state=SubscriptionState.CONFIRMED,
    )
    campaign = make_campaign(first)
    send_now(campaign)
    [arrived] = smtp.arrived
    header = arrived.message["List-Unsubscribe"]
    url = header.split("<", 1)[1].split(">", 1)[0]
    assert url.startswith("https://carewatch.example/mail/unsubscribe/")
    response = Client(enforce_csrf_checks=True).post(
        url.replace("https://carewatch.example", ""), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    states = dict(Subscription.objects.values_list("mailing_list__slug", "state"))
    assert states == {"doctors-in-danger": "unsubscribed", "aleppo-updates": "confirmed"}
    assert not Suppression.objects.exists()
    assert campaigns.tally(campaign)["unsubscribed"] == 1


def test_a_refused_address_is_suppressed_and_a_later_bounce_marks_the_message(
    client: Client, smtp: Any
) -> None:
    mailing_list = make_list()
    subscriber(mailing_list, "dead@example.org")
    subscriber(mailing_list, "later@example.org")
    subscriber(mailing_list, "fine@example.org")
    smtp.handler.refuse["dead@example.org"] = "550 5.1.1 No such user"
    campaign = make_campaign(mailing_list)
    send_now(campaign)
    assert [a.recipients[0] for a in smtp.arrived] == ["later@example.org", "fine@example.org"]
    states = dict(Delivery.objects.values_list("subscription__supporter__email", "state"))
    assert states["dead@example.org"] == DeliveryState.BOUNCED
    suppress(
        mailbox=mailbox_key("later@example.org"),
        reason=SuppressionReason.HARD_BOUNCE,
        source="inbound",
    )
    states = dict(Delivery.objects.values_list("subscription__supporter__email", "state"))
    assert states == {
        "dead@example.org": "bounced",
        "later@example.org": "bounced",
        "fine@example.org": "sent",
    }
    ended = dict(Subscription.objects.values_list("supporter__email", "state"))
    assert ended["dead@example.org"] == ended["later@example.org"] == SubscriptionState.BOUNCED
    again = make_campaign(mailing_list)
    smtp.arrived.clear()
    send_now(again)
    assert [a.recipients[0] for a in smtp.arrived] == ["fine@example.org"]


def test_a_send_broken_off_resumes_without_sending_anyone_twice(
    client: Client, smtp: Any, monkeypatch: Any
) -> None:
    mailing_list = make_list()
    for n in range(6):
        subscriber(mailing_list, f"r{n}@example.org")
    campaign = make_campaign(mailing_list)
    real = channel_module.SMTPChannel.deliver
    calls = {"n": 0}

    def breaking(self: Any, message: Any, mark: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 4:  # the connection drops in the middle of the fourth message
            self.smtp.send(b"half a message")
            self.smtp.close()
            raise channel_module.ChannelBroken(OSError("connection reset"), marked=False)
        return real(self, message, mark)

    monkeypatch.setattr(channel_module.SMTPChannel, "deliver", breaking)
    send_now(campaign)
    assert len(smtp.arrived) == 3
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.SENDING and campaign.sender == ""
    monkeypatch.setattr(channel_module.SMTPChannel, "deliver", real)
    outcome, sent = sending.send_pass(campaign.pk, "host:1:test")
    assert (outcome, sent) == (sending.DONE, 3)
    recipients = sorted(a.recipients[0] for a in smtp.arrived)
    assert recipients == [f"r{n}@example.org" for n in range(6)]
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == 6


def test_a_message_marked_sent_is_never_sent_again(smtp: Any) -> None:
    mailing_list = make_list()
    for n in range(3):
        subscriber(mailing_list, f"r{n}@example.org")
    campaign = make_campaign(mailing_list)
    jobs.schedule(campaign=campaign, when=None, actor="staff")
    campaign.refresh_from_db()
    campaigns.start(
        campaign_id=campaign.pk, scheduled_for=campaign.scheduled_for.isoformat(), actor="t"
    )
    first = Delivery.objects.order_by("pk").first()
    Delivery.objects.filter(pk=first.pk).update(state=DeliveryState.SENT, sent_at=timezone.now())
    assert sending.send_pass(campaign.pk, "host:1:test")[1] == 2
    assert "r0@example.org" not in [a.recipients[0] for a in smtp.arrived]


def test_only_one_worker_sends_a_campaign_at_a_time(smtp: Any) -> None:
    mailing_list = make_list()
    subscriber(mailing_list, "r@example.org")
    campaign = make_campaign(mailing_list)
    jobs.schedule(campaign=campaign, when=None, actor="staff")
    campaign.refresh_from_db()
    campaigns.start(
        campaign_id=campaign.pk, scheduled_for=campaign.scheduled_for.isoformat(), actor="t"
    )
    alive = f"{socket.gethostname()[:40]}:{os.getpid()}:other"
    type(campaign).objects.filter(pk=campaign.pk).update(sender=alive, sender_seen=timezone.now())
    assert sending.send_pass(campaign.pk, "me") == (sending.BUSY, 0)
    dead = f"{socket.gethostname()[:40]}:999999999:gone"
    type(campaign).objects.filter(pk=campaign.pk).update(sender=dead)
    assert sending.send_pass(campaign.pk, "me") == (sending.DONE, 1)


def test_a_cancelled_or_rescheduled_newsletter_is_not_sent_by_its_old_job(smtp: Any) -> None:
    mailing_list = make_list()
    subscriber(mailing_list, "r@example.org")
    campaign = make_campaign(mailing_list)
    jobs.schedule(campaign=campaign, when=None, actor="staff")
    jobs.schedule(campaign=campaign, when=timezone.now() + timedelta(days=1), actor="staff")
    run_jobs()
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.SCHEDULED and not smtp.arrived
    campaigns.cancel(campaign=campaign, actor="staff")
    with pytest.raises(campaigns.CampaignRefused):
        jobs.schedule(campaign=campaign, when=None, actor="staff")


def test_the_throttle_keeps_the_pace() -> None:
    pace = sending.Pace(50)
    began = time.monotonic()
    for _ in range(11):
        pace.wait()
    assert time.monotonic() - began >= 0.19


# --- blocks --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("blocks", "words"),
    [
        ([{"kind": "poem"}], "unknown kind"),
        ([{"kind": "text", "text": ""}], "between 1 and"),
        ([{"kind": "figure", "measure": "nothing"}], "choose a measure"),
        ([{"kind": "petition", "slug": "none"}], "no petition"),
        ([{"kind": "link", "label": "Go", "url": "javascript:alert(1)"}], "full web address"),
        ("not a list", "at most"),
    ],
)
def test_bad_blocks_are_refused_with_the_reason(blocks: Any, words: str) -> None:
    campaign = campaigns.create_campaign(mailing_list=make_list(), name="x", actor="staff")
    with pytest.raises(ValidationError, match=words):
        campaigns.save_version(
            campaign=campaign, language="en", subject="s", blocks=blocks, actor="staff"
        )
    assert not campaign.versions.exists()


def test_a_petition_block_shows_its_verified_count_and_clicks_are_counted_when_asked(
    client: Client, smtp: Any
) -> None:
    petition = make_petition(goal=5000)
    mailing_list = make_list()
    subscriber(mailing_list, "r@example.org")
    campaign = campaigns.create_campaign(
        mailing_list=mailing_list, name="n", actor="staff", count_clicks=True
    )
    campaigns.save_version(
        campaign=campaign,
        language="en",
        subject="Sign",
        blocks=[
            {"kind": "petition", "slug": petition.slug},
            {"kind": "figure", "measure": "incidents", "year": 2017},
            {"kind": "text", "text": "Again: {{ incidents 2017 }}."},
        ],
        actor="staff",
    )
    send_now(campaign)
    text = smtp.arrived[0].message.get_body(("plain",)).get_content()
    assert "0 verified signatures of a goal of 5,000." in text
    assert "[1]" in text and "[2]" not in text  # the figure and the text's figure: one note
    assert "Sources:" in text
    target = link(text, "n")
    response = client.get(target.replace("https://carewatch.example", ""))
    assert response.status_code == 302 and response["Location"].endswith(
        f"/petitions/{petition.slug}/"
    )
    assert Click.objects.get().count == 1
    assert client.get(reverse("newsletter-click", args=["forged"])).status_code == 404
    assert click_url(campaign.pk, "https://example.org").startswith("https://carewatch.example/n/")


# --- the preference page -------------------------------------------------------------------


def test_the_preference_page_changes_lists_and_language(client: Client) -> None:
    first, second = make_list(), make_list("aleppo-updates")
    row = subscriber(first, "reader@example.org")
    url = reverse("newsletter-preferences", args=[preferences_token(row.supporter_id)])
    page = client.get(url)
    assert page.status_code == 200 and "Doctors in Danger" in page.content.decode()
    response = client.post(url, {"lists": [second.pk], "language": "ar"})
    assert response.status_code == 200
    states = dict(Subscription.objects.values_list("mailing_list__slug", "state"))
    assert states == {"doctors-in-danger": "unsubscribed", "aleppo-updates": "confirmed"}
    assert set(Subscription.objects.values_list("language", flat=True)) == {"ar"}
    assert client.get(reverse("newsletter-preferences", args=["forged"])).status_code == 404


# --- supporters' rights --------------------------------------------------------------------


def test_export_and_erasure_cover_subscriptions(smtp: Any) -> None:
    mailing_list = make_list()
    row = subscriber(mailing_list, "reader@example.org")
    supporter = row.supporter
    data = services_supporters.exported(supporter=supporter, actor="staff")
    assert data["subscriptions"][0]["list"] == "doctors-in-danger"
    services_supporters.erase(supporter=supporter, actor="staff")
    row.refresh_from_db()
    assert row.state == SubscriptionState.UNSUBSCRIBED and row.mailbox_key == ""
    send_now(make_campaign(mailing_list))
    assert not smtp.arrived


# --- staff pages ---------------------------------------------------------------------------


def test_campaign_staff_write_preview_test_and_send_a_newsletter(
    smtp: Any, personas: dict[str, Any]
) -> None:
    staff = Client()
    staff.force_login(personas["campaigner"])
    mailing_list = make_list()
    subscriber(mailing_list, "reader@example.org", "fr")
    response = staff.post(
        reverse("newsletter-create"), {"mailing_list": mailing_list.pk, "name": "Octobre"}
    )
    assert response.status_code == 302
    detail = response["Location"]
    pk = int(detail.rstrip("/").rsplit("/", 1)[1])
    edit = reverse("newsletter-version", args=[pk, "fr"])
    form = {
        "subject": "Octobre",
        "blocks-TOTAL_FORMS": "3",
        "blocks-INITIAL_FORMS": "0",
        "blocks-0-kind": "text",
        "blocks-0-text": "Bonjour",
        "blocks-1-kind": "link",
        "blocks-1-label": "Lire",
        "blocks-1-url": "notaurl",
        "blocks-2-kind": "",
    }
    refused = staff.post(edit, form)
    assert refused.status_code == 400
    assert not type(mailing_list).objects.get().campaigns.get().versions.exists()
    form["blocks-1-url"] = "https://example.org/octobre"
    assert staff.post(edit, form).status_code == 302
    page = staff.get(detail)
    assert page.status_code == 200 and "Octobre" in page.content.decode()
    preview = staff.get(reverse("newsletter-preview", args=[pk, "fr"]))
    assert "Bonjour" in preview.content.decode()
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    staff.post(reverse("newsletter-test", args=[pk]), {"to": "me@example.org", "language": "fr"})
    run_jobs()
    assert smtp.arrived[0].message["Subject"] == "[Test] Octobre"
    empty = staff.post(reverse("newsletter-schedule", args=[pk]), {"when": ""})
    assert empty.status_code == 400 and "send now" in empty.content.decode().lower()
    assert staff.post(reverse("newsletter-schedule", args=[pk]), {"now": "1"}).status_code == 302
    run_jobs()
    assert [a.recipients[0] for a in smtp.arrived] == ["me@example.org", "reader@example.org"]
    assert staff.get(edit).status_code == 200  # shown, but saving is refused now
    assert staff.post(edit, form).status_code == 400


def test_documentation_roles_cannot_open_the_newsletter_pages(personas: dict[str, Any]) -> None:
    for role in ("verifier", "analyst", "communications"):
        user = personas[role]
        other = Client()
        other.force_login(user)
        assert other.get(reverse("newsletter-staff-list")).status_code == 403


# --- the demo ------------------------------------------------------------------------------


def test_the_demo_september_newsletter_goes_to_its_generated_subscribers_in_their_languages(
    smtp: Any,
) -> None:
    load_campaign(signatures=60)
    campaign = load_newsletter(petition_slug=SLUG)
    assert campaign is not None and load_newsletter(petition_slug=SLUG) is None
    assert sorted(campaign.versions.values_list("language", flat=True)) == ["ar", "en", "fr"]
    confirmed = Subscription.objects.filter(state=SubscriptionState.CONFIRMED, generated=True)
    expected = dict(confirmed.values_list("supporter__email", "language"))
    assert 30 < len(expected) < 60
    send_now(campaign)
    arrived = {a.recipients[0]: a.message for a in smtp.arrived}
    assert set(arrived) == set(expected)
    for address, message in arrived.items():
        assert message["Content-Language"] == expected[address]
        text = message.get_body(("plain",)).get_content()
        assert "UNICEF" in text or "اليونيسف" in text
        assert "/petitions/doctors-in-danger/" in text


def test_a_worker_that_lost_its_lease_never_finishes_a_message(smtp: Any, monkeypatch: Any) -> None:
    """Another worker took the newsletter over and sent a row: this pass must not complete its
    own copy of that message (the server gets no final line) and stops."""
    mailing_list = make_list()
    for n in range(3):
        subscriber(mailing_list, f"r{n}@example.org")
    campaign = make_campaign(mailing_list)
    jobs.schedule(campaign=campaign, when=None, actor="staff")
    campaign.refresh_from_db()
    campaigns.start(
        campaign_id=campaign.pk, scheduled_for=campaign.scheduled_for.isoformat(), actor="t"
    )
    real = channel_module.SMTPChannel.deliver

    def overtaken(self: Any, message: Any, mark: Any) -> Any:
        Delivery.objects.filter(state=DeliveryState.QUEUED).update(state=DeliveryState.SENT)
        type(campaign).objects.filter(pk=campaign.pk).update(sender="elsewhere:1:other")
        return real(self, message, mark)

    monkeypatch.setattr(channel_module.SMTPChannel, "deliver", overtaken)
    assert sending.send_pass(campaign.pk, "host:1:me") == (sending.BUSY, 0)
    assert smtp.arrived == []


def test_the_consent_words_are_kept_in_the_language_they_were_shown_in(client: Client) -> None:
    """A visitor on the English page who wants the French newsletter, then one on the French
    page: each choice is kept with the words that visitor read."""
    mailing_list = make_list()
    assert subscribe(client, mailing_list, "a@example.org", language="en").status_code == 302
    cache.clear()
    response = client.post(
        reverse("newsletter-subscribe", args=[mailing_list.slug]),
        {**form_data("b@example.org", "fr")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    cache.clear()
    assert subscribe(client, mailing_list, "c@example.org", language="fr").status_code == 302
    assert Subscription.objects.filter(language="fr").count() == 2


def test_a_published_bulletin_goes_out_in_a_newsletter_with_its_notes_and_link(
    client: Client, smtp: Any, communications: Any, make_incident: Any
) -> None:
    """The bulletin block: its title, lead and frozen figures with their notes, in both parts,
    through the SMTP server; its link opens the published bulletin."""
    import datetime

    from carewatch.publishing.models import BulletinText
    from carewatch.publishing.services import bulletin_approve, bulletin_create

    make_incident(date_start=datetime.date(2017, 9, 19))
    bulletin = bulletin_create(
        user=communications,
        period_start=datetime.date(2017, 9, 1),
        period_end=datetime.date(2017, 9, 30),
    )
    for language, title in (("en", "September 2017 in figures"), ("ar", "أيلول ٢٠١٧ بالأرقام")):
        BulletinText.objects.create(bulletin=bulletin, language=language, title=title, lead="Lead.")
    bulletin_approve(user=communications, bulletin=bulletin)
    with pytest.raises(ValidationError):
        campaigns.save_version(
            campaign=make_campaign(make_list("other")),
            language="en",
            subject="x",
            blocks=[{"kind": "bulletin", "slug": "2099-01"}],
            actor="staff",
        )
    mailing_list = make_list()
    subscriber(mailing_list, "e@example.org", "en")
    subscriber(mailing_list, "a@example.org", "ar")
    campaign = make_campaign(mailing_list)
    for language in ("en", "ar"):
        campaigns.save_version(
            campaign=campaign,
            language=language,
            subject=f"Bulletin {language}",
            blocks=[{"kind": "bulletin", "slug": bulletin.slug}],
            actor="staff",
        )
    send_now(campaign)
    by_rcpt = {a.recipients[0]: a.message for a in smtp.arrived}
    english, arabic = by_rcpt["e@example.org"], by_rcpt["a@example.org"]
    text = english.get_body(("plain",)).get_content()
    html = english.get_body(("html",)).get_content()
    assert "September 2017 in figures" in text and "1 [1] — Attacks on health care" in text
    assert "Sources:" in text and "<sup" in html and "September 2017 in figures" in html
    assert "أيلول ٢٠١٧ بالأرقام" in arabic.get_body(("plain",)).get_content()
    url = f"https://carewatch.example/press/bulletins/{bulletin.slug}/v1/"
    assert f"Read the bulletin: {url}" in text and f'href="{url}"' in html
    assert client.get(url.removeprefix("https://carewatch.example")).status_code == 200


def test_an_event_block_shows_when_and_where_in_the_events_zone_and_stays_when_edited(
    smtp: Any, personas: dict[str, Any]
) -> None:
    from event_support import make_event

    event = make_event(slug="gala-block")
    make_event(slug="gala-draft", status="draft")
    staff = Client()
    staff.force_login(personas["campaigner"])
    mailing_list = make_list()
    subscriber(mailing_list, "lectrice@example.org", "fr")
    campaign = make_campaign(mailing_list)
    edit = reverse("newsletter-version", args=[campaign.pk, "fr"])
    form = {
        "subject": "Gala",
        "blocks-TOTAL_FORMS": "1",
        "blocks-INITIAL_FORMS": "0",
        "blocks-0-kind": "event",
        "blocks-0-event": "gala-draft",  # not published: not offered, refused
    }
    assert staff.post(edit, form).status_code == 400
    form["blocks-0-event"] = event.slug
    assert staff.post(edit, form).status_code == 302
    page = staff.get(edit).content.decode()
    assert 'value="gala-block" selected' in page  # the saved choice, shown again
    send_now(campaign)
    [arrived] = smtp.arrived
    text = arrived.message.get_body(("plain",)).get_content()
    assert "Dîner de gala de l'UOSSM" in text and "(Europe/Paris)" in text
    assert "https://carewatch.example/events/gala-block/" in text
