"""Notifications (issue 17.9): what others change on one's submissions and assignments reaches
the bell (made from the audit chain by a queued job) and, when asked, the mailbox — through a real
SMTP server on loopback, in the recipient's language, with a one-click stop."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests.conftest import incident_values

from carewatch.incidents.services import incident_set_state, incident_submit
from carewatch.incidents.services_bulk import incident_assign
from carewatch.lib.jobs import run_ready_jobs
from carewatch.notices.delivery import make_notices
from carewatch.notices.jobs import mail_digests, next_digest_time
from carewatch.notices.mailer import stop_token
from carewatch.notices.models import Notice, Preference
from carewatch.notices.services import NoAddress, preference_set

pytestmark = pytest.mark.django_db
DELIVER = "carewatch.notices.jobs.deliver"
REASON_CANARY = "Rejected-reason-canary-7731"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submitted(user: Any) -> Any:
    return incident_submit(user=user, values=incident_values(), language="en")


def verified(incident: Any, user: Any) -> Any:
    incident.refresh_from_db()
    return incident_set_state(
        incident=incident, user=user, state="verified", expected_version=incident.version
    )


def notices_of(user: Any) -> list[tuple[str, str]]:
    return [
        (n.entry.action, n.why)
        for n in Notice.objects.filter(recipient=user).select_related("entry").order_by("entry_id")
    ]


def test_a_change_by_someone_else_reaches_the_submitter_through_the_queue(
    django_capture_on_commit_callbacks: Any, documenter: Any, verifier: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        incident = submitted(documenter)
    # A creation tells nobody, and queues nothing.
    assert not DBTaskResult.objects.filter(task_path=DELIVER).exists()
    with django_capture_on_commit_callbacks(execute=True):
        incident_set_state(
            incident=incident,
            user=verifier,
            state="under_review",
            expected_version=incident.version,
        )
    with django_capture_on_commit_callbacks(execute=True):
        verified(incident, verifier)
    # Two changes, one waiting pass.
    assert DBTaskResult.objects.filter(task_path=DELIVER, status="READY").count() == 1
    assert notices_of(documenter) == []
    run_ready_jobs()
    assert notices_of(documenter) == [
        ("carewatch.incident.state_changed", "submitted"),
        ("carewatch.incident.verified", "submitted"),
    ]
    assert notices_of(verifier) == []  # one's own changes tell one nothing


def test_assignment_reaches_the_assignee_and_later_changes_reach_both(
    documenter: Any, verifier: Any, admin: Any
) -> None:
    incident = submitted(documenter)
    incident_assign(
        incident=incident, user=admin, assignee=verifier, expected_version=incident.version
    )
    make_notices()
    assert notices_of(verifier) == [("carewatch.incident.assigned", "assigned")]
    assert notices_of(documenter) == [("carewatch.incident.assigned", "submitted")]
    verified(incident, admin)
    verified_by_self = submitted(documenter)
    verified(verified_by_self, verifier)
    make_notices()
    make_notices()  # a second pass makes nothing twice
    assert notices_of(verifier)[-1] == ("carewatch.incident.verified", "assigned")
    assert len(notices_of(verifier)) == 2
    assert len(notices_of(documenter)) == 3
    assert not notices_of(admin)


def test_reads_of_restricted_values_tell_nobody(documenter: Any, verifier: Any) -> None:
    from carewatch.audit.services import log_action

    incident = submitted(documenter)
    log_action(action="carewatch.incident.exact_location_viewed", actor=verifier, obj=incident)
    make_notices()
    assert not Notice.objects.exists()


def test_the_bell_counts_unread_and_the_page_opens_and_marks_them(
    documenter: Any, verifier: Any, other_documenter: Any
) -> None:
    incident = submitted(documenter)
    verified(incident, verifier)
    make_notices()
    client = signed_in(documenter)
    page = client.get(reverse("incident-list")).content.decode()
    assert re.search(r'class="bell has-unread".*?<span class="count">1<', page, re.S)
    listing = client.get(reverse("notice-list")).content.decode()
    assert incident.reference in listing and "Verified" in listing and "verifier" in listing
    notice = Notice.objects.get()
    # Someone else's notice does not exist for them.
    assert (
        signed_in(other_documenter).post(reverse("notice-open", args=[notice.pk])).status_code
        == 404
    )
    opened = client.post(reverse("notice-open", args=[notice.pk]))
    assert opened.status_code == 302 and opened["Location"] == reverse(
        "incident-detail", args=[incident.pk]
    )
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "has-unread" not in client.get(reverse("incident-list")).content.decode()
    assert "Nothing unread" in client.get(reverse("notice-list") + "?show=unread").content.decode()


def test_mark_all_read(documenter: Any, verifier: Any) -> None:
    for _ in range(3):
        verified(submitted(documenter), verifier)
    make_notices()
    client = signed_in(documenter)
    assert client.post(reverse("notice-read-all")).status_code == 302
    assert not Notice.objects.filter(read_at=None).exists()


def test_a_notice_shows_no_value_nor_reason_of_the_change(documenter: Any, verifier: Any) -> None:
    incident = submitted(documenter)
    incident_set_state(
        incident=incident,
        user=verifier,
        state="rejected",
        reason=REASON_CANARY,
        expected_version=incident.version,
    )
    make_notices()
    listing = signed_in(documenter).get(reverse("notice-list")).content.decode()
    assert "Rejected" in listing and REASON_CANARY not in listing


def test_campaigners_have_no_bell(campaigner: Any) -> None:
    client = signed_in(campaigner)
    assert client.get(reverse("notice-list")).status_code == 403
    assert 'class="bell' not in client.get(reverse("dashboard")).content.decode()


def test_notices_are_mailed_when_asked_in_the_recipients_language(
    smtp: Any, documenter: Any, verifier: Any
) -> None:
    documenter.email, documenter.preferred_language = "doc@example.org", "fr"
    documenter.save()
    preference_set(user=documenter, by_email="each")
    incident = submitted(documenter)
    verified(incident, verifier)
    from carewatch.notices.jobs import deliver

    assert deliver.call() == {"people": 1, "notices": 1, "mailed": 1}
    [arrived] = smtp.arrived
    message = arrived.message
    assert arrived.recipients == ["doc@example.org"]
    assert message["Content-Language"] == "fr" and "modification" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert incident.reference in text and incident.reference in html
    assert f"https://carewatch.example/incidents/{incident.pk}/" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop_url = message["List-Unsubscribe"].strip().strip("<>")
    assert stop_url.startswith("https://carewatch.example/notices/stop/")
    # Mailed once: the next pass sends nothing more.
    assert deliver.call()["mailed"] == 0 and len(smtp.arrived) == 1
    # The header's URL stops the messages with one POST, from a mail program (no session).
    path = stop_url.removeprefix("https://carewatch.example")
    assert Client(enforce_csrf_checks=True).post(path).status_code == 200
    assert Preference.objects.get(user=documenter).by_email == "never"
    verified(submitted(documenter), verifier)
    assert deliver.call()["mailed"] == 0 and len(smtp.arrived) == 1


def test_a_forged_stop_link_changes_nothing(documenter: Any) -> None:
    documenter.email = "doc@example.org"
    documenter.save()
    preference_set(user=documenter, by_email="daily")
    token = stop_token(documenter.pk)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = Client().post(reverse("notice-stop", args=[forged]))
    assert response.status_code == 404 and "not valid" in response.content.decode()
    assert Preference.objects.get(user=documenter).by_email == "daily"


def test_the_daily_summary_waits_for_its_hour(documenter: Any, verifier: Any) -> None:
    documenter.email = "doc@example.org"
    documenter.save()
    preference_set(user=documenter, by_email="daily")
    verified(submitted(documenter), verifier)
    verified(submitted(documenter), verifier)
    from carewatch.notices.jobs import deliver

    assert deliver.call()["mailed"] == 0 and not mail.outbox
    assert mail_digests.call(again=False) == 1
    [message] = mail.outbox
    assert "2 changes" in message.subject and message.to == ["doc@example.org"]
    assert mail_digests.call(again=False) == 0
    at = next_digest_time(timezone.make_aware(datetime.datetime(2026, 12, 6, 9, 0)))
    assert timezone.localtime(at).hour == 7 and timezone.localtime(at).day == 7
    early = next_digest_time(timezone.make_aware(datetime.datetime(2026, 12, 6, 5, 0)))
    assert timezone.localtime(early).day == 6


def test_mail_needs_an_address(documenter: Any) -> None:
    with pytest.raises(NoAddress):
        preference_set(user=documenter, by_email="each")
    response = signed_in(documenter).post(reverse("notice-settings"), {"by_email": "each"})
    assert response.status_code == 200 and "no email address" in response.content.decode()
    assert not Preference.objects.filter(user=documenter, by_email="each").exists()


def test_the_choice_is_saved_and_audited_in_arabic(documenter: Any) -> None:
    from carewatch.audit.models import AuditEntry

    documenter.email = "doc@example.org"
    documenter.save()
    client = signed_in(documenter)
    client.cookies["carewatch_language"] = "ar"
    page = client.get(reverse("notice-settings")).content.decode()
    assert 'dir="rtl"' in page and "<bdi>doc@example.org</bdi>" in page
    assert client.post(reverse("notice-settings"), {"by_email": "daily"}).status_code == 302
    assert Preference.objects.get(user=documenter).by_email == "daily"
    entry = AuditEntry.objects.get(action="carewatch.notice.preference_changed")
    assert entry.after == {"by_email": "daily"}
    bad = client.post(reverse("notice-settings"), {"by_email": "hourly"})
    assert bad.status_code == 200 and Preference.objects.get(user=documenter).by_email == "daily"
