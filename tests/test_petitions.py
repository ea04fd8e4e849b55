"""Petitions: signing counts only once confirmed by email (through a real SMTP server on
loopback), one signature per person, public forms' guards, invalidation jobs and the count's
history, live figures, the delivery pack, retention, and supporters' rights over signatures."""

from __future__ import annotations

import io
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader
from tests.conftest import needs

from carewatch.audit.models import AuditEntry
from carewatch.audit.services import verify_chain
from carewatch.lib.clients import UNKNOWN, client_address
from carewatch.petitions import invalidation, retention
from carewatch.petitions.choices import InvalidationKind, PetitionStatus, SignatureState
from carewatch.petitions.counting import verified_count
from carewatch.petitions.jobs import apply_retention, schedule_retention
from carewatch.petitions.models import ExternalCount, Petition, PetitionText, Signature
from carewatch.petitions.services import CONFIRM_SALT
from carewatch.supporters import services_supporters
from carewatch.supporters.guards import started_token
from carewatch.supporters.models import Supporter
from import_fixtures import run_jobs
from petition_support import WORDS, confirm_link, form_data, make_petition, sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits(settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.CAREWATCH_SITE_URL = "https://carewatch.example"


def reset_limits() -> None:
    from django.core.cache import cache

    cache.clear()


def count(petition: Any) -> int:
    from django.core.cache import cache

    cache.clear()
    return verified_count(petition.pk)


# --- signing and confirming ----------------------------------------------------------------


def test_a_signature_counts_only_once_its_email_is_confirmed(client: Client, smtp: Any) -> None:
    petition = make_petition()
    response = sign(client, petition, "Jane.Doe@Example.org", language="fr")
    assert response.status_code == 302
    assert count(petition) == 0
    run_jobs()
    [arrived] = smtp.arrived
    message = arrived.message
    assert message["To"] == "Jane.Doe@Example.org"
    assert "Confirmez votre signature" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_body(("plain",)) and message.get_body(("html",))
    link = confirm_link(message.get_body(("plain",)).get_content())
    path = link.removeprefix("https://carewatch.example")
    page = client.get(path)
    assert page.status_code == 200 and count(petition) == 1
    again = client.get(path)
    assert again.status_code == 200 and count(petition) == 1
    assert "already confirmed" in client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_one_signature_per_person_whatever_the_spelling_of_their_address(
    client: Client, smtp: Any
) -> None:
    petition = make_petition()
    sign(client, petition, "jane.doe+petition@gmail.com")
    run_jobs()
    client.get(confirm_link(smtp.arrived[0].raw.decode()).removeprefix("https://carewatch.example"))
    response = sign(client, petition, "JaneDoe@googlemail.com", language="ar")
    assert response.status_code == 400
    assert "هذا العنوان" in response.content.decode() or "وقّع" in response.content.decode()
    assert Signature.objects.count() == 1 and count(petition) == 1


def test_an_unconfirmed_signature_signed_again_gets_its_message_again(
    client: Client, smtp: Any
) -> None:
    petition = make_petition()
    sign(client, petition, "late@example.org")
    response = sign(client, petition, "late@example.org")
    assert response.status_code == 302
    assert (
        "sent the confirmation message again" in client.get(response["Location"]).content.decode()
    )
    run_jobs()
    assert len(smtp.arrived) == 2 and Signature.objects.count() == 1


def test_a_bot_filling_the_honeypot_is_refused_and_nothing_is_written(client: Client) -> None:
    petition = make_petition()
    response = sign(client, petition, "bot@example.org", language="fr", website="http://spam")
    assert response.status_code == 400
    assert "rempli par un programme" in response.content.decode()
    assert not Supporter.objects.exists() and not DBTaskResult.objects.exists()


def test_a_form_sent_too_fast_or_with_a_forged_time_is_refused(client: Client) -> None:
    petition = make_petition()
    fast = sign(client, petition, "fast@example.org", started=started_token())
    assert fast.status_code == 400 and "too fast" in fast.content.decode()
    forged = sign(client, petition, "forged@example.org", started="1700000000")
    assert forged.status_code == 400 and "Reload the page" in forged.content.decode()
    assert not Signature.objects.exists()


def test_a_burst_past_the_limit_is_refused_in_the_visitor_s_language(
    client: Client, settings: Any
) -> None:
    from carewatch_core.limits import Limit

    settings.CAREWATCH_FORM_BURST = Limit(3, 60)
    petition = make_petition()
    statuses = [
        sign(client, petition, f"p{i}@example.org", language="ar").status_code for i in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    refused = sign(client, petition, "p9@example.org", language="ar")
    assert "حاول" in refused.content.decode() or "انتظر" in refused.content.decode()
    other = sign(client, petition, "p10@example.org", address="198.51.100.4")
    assert other.status_code == 302
    assert Signature.objects.count() == 4


def test_the_limits_count_the_same_on_a_shared_redis_cache(client: Client, settings: Any) -> None:
    """With ``CAREWATCH_CACHE_URL`` every server process counts in Redis, both limits of a
    check in one round trip: the burst refuses the fourth form, the sustained limit counts on
    past it, and each counter expires with its window."""
    import redis

    from carewatch.lib.ratelimit import exceeded
    from carewatch_core.limits import Limit

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        needs("redis on 127.0.0.1:6379", "a shared Redis cache")
    prefix = f"test-{time.monotonic_ns()}"  # the SQLite and PostgreSQL passes share the server
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
            "KEY_PREFIX": prefix,
        }
    }
    settings.CAREWATCH_FORM_BURST = Limit(3, 60)
    petition = make_petition()
    statuses = [sign(client, petition, f"r{i}@example.org").status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Signature.objects.count() == 3
    limits = [Limit(2, 60), Limit(5, 3600)]
    assert [exceeded("probe", "k", limits, now=120.0) for _ in range(3)] == [False, False, True]
    assert exceeded("probe", "k", limits, now=180.0) is False  # a new minute; 4 of 5 this hour
    assert exceeded("probe", "k", limits, now=181.0) is False
    assert exceeded("probe", "k", limits, now=240.0) is True  # the minute's first, the hour's sixth
    keys = redis.Redis(host="127.0.0.1", port=6379, db=7).keys(f"{prefix}:*")
    ttls = [redis.Redis(host="127.0.0.1", port=6379, db=7).ttl(k) for k in keys]
    assert keys and all(0 < ttl <= 3601 for ttl in ttls)


@pytest.mark.parametrize(
    ("email", "words"),
    [("x@mailinator.com", "expire"), ("x@sub.blocked.example", "not accepted")],
)
def test_disposable_and_blocked_domains_are_refused(
    client: Client, settings: Any, email: str, words: str
) -> None:
    settings.CAREWATCH_BLOCKED_EMAIL_DOMAINS = frozenset({"blocked.example"})
    response = sign(client, make_petition(), email)
    assert response.status_code == 400 and words in response.content.decode()
    assert not Supporter.objects.exists()


def test_bad_input_gets_field_messages_and_the_form_keeps_what_was_typed(client: Client) -> None:
    petition = make_petition()
    response = sign(client, petition, "not-an-address", language="fr", country="ZZ")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Saisissez une adresse de courriel valide" in body
    assert 'value="Jane Doe"' in body
    assert not Supporter.objects.exists()


def test_an_expired_or_forged_link_confirms_nothing(client: Client, settings: Any) -> None:
    petition = make_petition()
    sign(client, petition, "slow@example.org")
    signature = Signature.objects.get()
    settings.CAREWATCH_CONFIRM_DAYS = 1
    old = signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {"s": signature.pk}
    )  # signed now; checked as if 2 days later
    later = time.time() + 2 * 86400
    import unittest.mock as mock

    with mock.patch("django.core.signing.time.time", return_value=later):
        expired = client.get(reverse("petition-confirm", args=[old]))
    assert expired.status_code == 400 and "expired" in expired.content.decode()
    forged = client.get(reverse("petition-confirm", args=[old[:-3] + "abc"]))
    assert forged.status_code == 404 and "not one of ours" in forged.content.decode()
    assert count(petition) == 0


def test_a_closed_petition_takes_no_signature_and_a_draft_is_not_public(
    client: Client, campaigner: Any
) -> None:
    closed = make_petition("closed-one", status=PetitionStatus.CLOSED)
    assert "closed" in sign(client, closed, "c@example.org").content.decode()
    draft = make_petition("draft-one", status=PetitionStatus.DRAFT)
    assert client.get(reverse("petition-page", args=[draft.slug])).status_code == 404
    client.force_login(campaigner)
    assert client.get(reverse("petition-page", args=[draft.slug])).status_code == 200


def test_the_page_shows_the_count_the_goal_and_external_counts_beside_never_added(
    client: Client,
) -> None:
    petition = make_petition(milestones=[10, 50])
    ExternalCount.objects.create(
        petition=petition, platform="Change.org", count=78240, as_of="2017-10-17"
    )
    for language, words in (("en", "Change.org"), ("fr", "Change.org"), ("ar", "Change.org")):
        body = client.get(
            reverse("petition-page", args=[petition.slug]), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        assert words in body and "78,240" in body
    count_json = client.get(reverse("petition-count", args=[petition.slug])).json()
    assert count_json == {"petition": petition.slug, "count": 0, "goal": 100}


# --- invalidation and history ----------------------------------------------------------------


def confirmed(petition: Any, email: str, address: str = "203.0.113.7") -> Signature:
    from carewatch.petitions.forms import CONTACT_WORDS, NAME_WORDS
    from carewatch.petitions.services import Choices, confirm, confirm_token
    from carewatch.petitions.services import sign as sign_service
    from carewatch.supporters.services_supporters import Details

    signed = sign_service(
        petition=petition,
        details=Details(email=email, name="N", country="SY"),
        choices=Choices(False, str(CONTACT_WORDS), False, str(NAME_WORDS)),
        address=address,
        form="test",
    )
    return confirm(token=confirm_token(signed.signature)).signature


def test_an_invalidation_job_lowers_the_count_and_the_history_says_why(
    client: Client, campaigner: Any
) -> None:
    petition = make_petition()
    for i in range(3):
        confirmed(petition, f"s{i}@spam.example")
    confirmed(petition, "real@example.org")
    assert count(petition) == 4
    client.force_login(campaigner)
    url = reverse("petition-invalidate", args=[petition.pk])
    values = {"kind": InvalidationKind.DOMAIN, "value": "spam.example", "reason": "Bot wave"}
    preview = client.post(url, values)
    assert "remove 3 counted and 0 unconfirmed" in preview.content.decode()
    assert count(petition) == 4
    client.post(url, {**values, "run": "1"})
    run_jobs()
    assert count(petition) == 3 - 3 + 1
    page = client.get(reverse("petition-page", args=[petition.slug])).content.decode()
    assert "Bot wave" in page and "3 signatures removed" in page


@pytest.mark.parametrize(
    ("kind", "value", "removed"),
    [
        (InvalidationKind.ADDRESS_RANGE, "198.51.100.0/24", 2),
        (InvalidationKind.ADDRESS_RANGE, "198.51.0.0/16", 2),
        (InvalidationKind.ADDRESS_RANGE, "198.51.100.9", 1),
        (InvalidationKind.LIST, "A.Two@example.org\nnobody@example.org", 1),
    ],
)
def test_invalidation_by_address_range_or_list(
    campaigner: Any, kind: InvalidationKind, value: str, removed: int
) -> None:
    petition = make_petition()
    confirmed(petition, "a.one@example.org", "198.51.100.9")
    confirmed(petition, "a.two@example.org", "198.51.100.200")
    confirmed(petition, "a.three@example.org", "192.0.2.1")
    criteria = invalidation.criteria_for(kind, value)
    job = invalidation.request_invalidation(
        petition=petition, kind=kind, criteria=criteria, reason="r", actor=campaigner
    )
    assert invalidation.run(invalidation_id=job.pk).removed == removed
    assert count(petition) == 3 - removed
    assert invalidation.run(invalidation_id=job.pk).removed == removed  # once only


def test_invalidation_by_time_window_and_refused_criteria(campaigner: Any) -> None:
    petition = make_petition()
    early = confirmed(petition, "early@example.org")
    Signature.objects.filter(pk=early.pk).update(created_at=timezone.now() - timedelta(days=3))
    confirmed(petition, "late@example.org")
    start = (timezone.now() - timedelta(days=4)).isoformat()
    end = (timezone.now() - timedelta(days=2)).isoformat()
    criteria = invalidation.criteria_for(InvalidationKind.WINDOW, "", start, end)
    assert invalidation.preview(petition, InvalidationKind.WINDOW, criteria) == (1, 0)
    for kind, value in (
        (InvalidationKind.ADDRESS_RANGE, "10.0.0.0/8"),
        (InvalidationKind.DOMAIN, "nodot"),
        (InvalidationKind.LIST, "not an address"),
    ):
        with pytest.raises(invalidation.InvalidationRefused):
            invalidation.criteria_for(kind, value)
    with pytest.raises(invalidation.InvalidationRefused):
        invalidation.criteria_for(InvalidationKind.WINDOW, "", end, start)


# --- live figures ----------------------------------------------------------------------------


def test_live_figures_in_the_story_render_with_their_source_and_certainty(
    client: Client, make_incident: Any
) -> None:
    make_incident()
    petition = make_petition(story="So far {{ incidents }} attacks. {{ nonsense 2017 }} <b>x</b>")
    body = client.get(reverse("petition-page", args=[petition.slug])).content.decode()
    assert 'class="live-figure"' in body and "Sources:" in body and 'href="#figure-1"' in body
    assert "probable or confirmed" in body
    assert 'class="unknown-figure"' in body and "&lt;b&gt;x&lt;/b&gt;" in body


# --- delivery pack, export, erasure, merge, retention ---------------------------------------


def test_the_delivery_pack_counts_by_country_and_names_only_those_who_agreed(
    client: Client, campaigner: Any, smtp: Any
) -> None:
    petition = make_petition()
    sign(client, petition, "agrees@example.org", name="=HYPERLINK(1)", name_to_targets="on")
    sign(client, petition, "private@example.org", name="Secret Person", address="192.0.2.9")
    run_jobs()
    for arrived in smtp.arrived:
        client.get(confirm_link(arrived.raw.decode()).removeprefix("https://carewatch.example"))
    client.force_login(campaigner)
    countries = client.get(reverse("petition-pack-countries", args=[petition.pk])).content
    assert b"FR,France,2" in countries
    names = b"".join(
        client.get(reverse("petition-pack-names", args=[petition.pk])).streaming_content
    ).decode()
    assert "'=HYPERLINK(1)" in names and "Secret Person" not in names
    assert "@" not in names


def test_export_erasure_and_merge_carry_the_signatures(client: Client, campaigner: Any) -> None:
    petition = make_petition()
    first = confirmed(petition, "one@example.org")
    second = confirmed(petition, "two@example.org")
    other = make_petition("other")
    confirmed(other, "two@example.org")
    data = services_supporters.exported(supporter=first.supporter, actor=campaigner)
    assert data["signatures"][0]["petition"] == petition.slug
    client.force_login(campaigner)
    client.post(
        reverse("supporter-merge", args=[first.supporter.pk]),
        {"duplicate": f"#{second.supporter.pk}"},
    )
    assert count(petition) == 1 and count(other) == 1
    assert Signature.objects.filter(supporter=first.supporter).count() == 2
    client.post(reverse("supporter-erase", args=[first.supporter.pk]), {"confirm": "erase"})
    first.supporter.refresh_from_db()
    assert first.supporter.email == "" and count(petition) == 1
    assert not Signature.objects.exclude(address_key="").filter(supporter=first.supporter)


def test_retention_removes_old_pending_signatures_address_hashes_and_sent_mail_jobs(
    client: Client, settings: Any
) -> None:
    petition = make_petition()
    sign(client, petition, "never@example.org")
    kept = confirmed(petition, "kept@example.org")
    long_ago = timezone.now() - timedelta(days=400)
    Signature.objects.update(created_at=long_ago)
    run_jobs()
    DBTaskResult.objects.update(finished_at=long_ago)
    removed = retention.apply()
    assert removed["pending_signatures"] == 1 and removed["address_hashes"] == 1
    assert removed["mail_jobs"] >= 1
    kept.refresh_from_db()
    assert kept.state == SignatureState.CONFIRMED and kept.address_key == ""
    assert count(petition) == 1
    schedule_retention()
    schedule_retention()
    waiting = DBTaskResult.objects.filter(task_path=retention.TASK, status="READY")
    assert waiting.count() == 1
    run_jobs_once = waiting.get()
    assert run_jobs_once.task_path == apply_retention.module_path


def test_the_audit_log_never_holds_a_signer_s_address_or_name(client: Client) -> None:
    petition = make_petition()
    sign(client, petition, "canary.signer.93b1@example.org", name="Canary Signer 93b1")
    text = " ".join(str(e.__dict__) for e in AuditEntry.objects.all())
    assert "canary.signer" not in text and "Canary Signer" not in text


# --- the client's address -------------------------------------------------------------------


def test_the_client_address_trusts_forwarded_for_only_behind_a_declared_proxy(
    rf: Any, settings: Any
) -> None:
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    settings.CAREWATCH_TRUSTED_PROXIES = 0
    assert client_address(request) == "127.0.0.1"
    settings.CAREWATCH_TRUSTED_PROXIES = 1
    assert client_address(request) == "203.0.113.5"
    settings.CAREWATCH_TRUSTED_PROXIES = 2
    assert client_address(request) == "1.2.3.4"
    bad = rf.get("/", REMOTE_ADDR="nonsense")
    assert client_address(bad) == UNKNOWN


def test_the_sign_form_never_comes_back_with_the_honeypot_or_an_old_time(client: Client) -> None:
    petition = make_petition()
    body = sign(client, petition, "bad", website="x").content.decode()
    assert 'name="website" value="x"' not in body
    assert form_data("a")["started"] not in body


def test_staff_land_on_their_role_s_first_page(
    client: Client, campaigner: Any, verifier: Any
) -> None:
    client.force_login(campaigner)
    assert client.get(reverse("staff-home"))["Location"] == reverse("supporter-list")
    client.force_login(verifier)  # nothing assigned to them: the incidents nobody looked at
    assert (
        client.get(reverse("staff-home"))["Location"]
        == reverse("incident-list") + "?queue=submitted"
    )


def test_signing_leaves_the_public_figures_cached(client: Client) -> None:
    """A surge of signatures must not make every public figure be computed again."""
    from carewatch.stats.cache import _version_in_database

    petition = make_petition()
    before = _version_in_database()
    sign(client, petition, "surge@example.org")
    confirmed(petition, "surge2@example.org")
    assert _version_in_database() == before


# --- writing a petition ----------------------------------------------------------------------


def test_campaign_staff_write_a_petition_in_the_languages_they_choose(
    client: Client, campaigner: Any
) -> None:
    staff = Client()
    staff.force_login(campaigner)
    form = {
        "slug": "open-the-crossings",
        "status": "draft",
        "goal": "5000",
        "milestones": "1000, 2 500, x",
        "fr-title": "Ouvrez les points de passage",
        "fr-story": "Les blessés attendent.",
        "fr-ask": "",
    }
    refused = staff.post(reverse("petition-new"), form)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "commas" in text and "none of them" in text
    form |= {"milestones": "1000, 2 500", "fr-ask": "Ouvrez-les."}
    response = staff.post(reverse("petition-new"), form)
    assert response.status_code == 302
    petition = Petition.objects.get(slug="open-the-crossings")
    assert petition.milestones == [1000, 2500]
    assert list(petition.texts.values_list("language", flat=True)) == ["fr"]
    assert client.get(reverse("petition-page", args=[petition.slug])).status_code == 404  # a draft
    form |= {"status": "open", "en-title": "Open the crossings", "en-story": "S.", "en-ask": "A."}
    assert staff.post(reverse("petition-edit", args=[petition.pk]), form).status_code == 302
    assert sorted(petition.texts.values_list("language", flat=True)) == ["en", "fr"]
    assert client.get(reverse("petition-page", args=[petition.slug])).status_code == 200
    entries = AuditEntry.objects.filter(action__startswith="carewatch.petition.")
    assert sorted(entries.values_list("action", flat=True)) == [
        "carewatch.petition.changed",
        "carewatch.petition.created",
    ]
    external = {"platform": "Change.org", "count": "78240", "as_of": "2017-10-17"}
    staff.post(reverse("petition-external", args=[petition.pk]), external)
    assert ExternalCount.objects.get(petition=petition).count == 78240
    assert count(petition) == 0  # beside ours, never added


def test_the_delivery_pack_pdf_reads_in_the_staff_language_with_the_names_given(
    client: Client, campaigner: Any
) -> None:
    petition = make_petition()
    for n, (name, agreed) in enumerate(
        (("Claire Dubois", True), ("آمنة الخطيب", True), ("Hidden Person", False))
    ):
        sign(
            client, petition, f"p{n}@example.org", name=name, name_to_targets="on" if agreed else ""
        )
        reset_limits()
    Signature.objects.update(state=SignatureState.CONFIRMED, confirmed_at=timezone.now())
    ExternalCount.objects.create(
        petition=petition, platform="Change.org", count=78240, as_of="2017-10-17"
    )
    staff = Client()
    staff.force_login(campaigner)
    response = staff.get(
        reverse("petition-pack-pdf", args=[petition.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Stop au ciblage des hôpitaux en Syrie" in text
    assert "3 signatures vérifiées" in text and "78,240" in text
    assert "Claire Dubois" in text and "Hidden Person" not in text
    assert "@" not in text  # no address
    assert AuditEntry.objects.filter(action="carewatch.petition.pack_exported").count() == 1
    other = Client()
    assert other.get(reverse("petition-pack-pdf", args=[petition.pk])).status_code == 302


def test_signing_takes_a_fixed_number_of_statements_and_titles_the_message_in_its_language(
    client: Client, smtp: Any, django_assert_max_num_queries: Any
) -> None:
    """The busiest form: the petition by its slug alone, both choices in one insert,
    the audit link hashed in the statement that reads the previous one (on PostgreSQL)."""
    petition = make_petition()
    PetitionText.objects.filter(petition=petition, language="en").delete()
    sign(client, petition, "warm@example.org")  # the first signature creates the wordings
    with django_assert_max_num_queries(13):
        assert sign(client, petition, "second@example.org", language="en").status_code == 302
    sign(client, petition, "third@example.org", language="ar")
    run_jobs()
    subjects = [arrived.message["Subject"] for arrived in smtp.arrived]
    assert WORDS["ar"][0] in subjects[2]  # the signer's language
    assert WORDS["ar"][0] in subjects[1]  # no English text: the first language's title
    assert AuditEntry.objects.filter(action="carewatch.signature.created").count() == 3
    assert verify_chain() is None
