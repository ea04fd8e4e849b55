"""Supplies: field staff count the stock of a facility from a phone; a count under its threshold
alerts the people responsible (the facility's notices) and raises a need at governorate level;
an appeal cites the need without naming or locating the facility; the facility page shows the
stock beside its status timeline; bad counts write nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import idlib_district

from carewatch.audit.models import AuditEntry
from carewatch.facilities.services import facility_create
from carewatch.notices.models import Notice
from carewatch.supplies.choices import NeedState
from carewatch.supplies.models import Alert, Item, Need, StockReport, Threshold
from donation_support import make_appeal

pytestmark = pytest.mark.django_db
HIDDEN_NAME = "Al-Amal Field Hospital"


@pytest.fixture
def facility(verifier: Any) -> Any:
    return facility_create(
        user=verifier, name_latin=HIDDEN_NAME, facility_type="secondary", place=idlib_district()
    )


def _count(client: Client, facility: Any, item: str, quantity: str, daily: str, **over: Any) -> Any:
    data = {
        "facility": facility.pk,
        "item": Item.objects.get(code=item).pk,
        "quantity": quantity,
        "daily_use": daily,
        "reported_on": timezone.localdate().isoformat(),
        **over,
    }
    return client.post(reverse("stock-report"), data, HTTP_ACCEPT_LANGUAGE="ar")


def test_the_catalogue_is_seeded_by_the_migrations() -> None:
    assert Item.objects.filter(group__code="anti-infectives").count() >= 2
    assert Item.objects.get(code="saline-1l").names["ar"] == "كلوريد الصوديوم 0.9%، 1 لتر"


def test_a_count_that_lasts_a_while_raises_nothing(
    client: Client, documenter: Any, facility: Any
) -> None:
    client.force_login(documenter)
    assert _count(client, facility, "saline-1l", "900", "30").status_code == 302
    assert StockReport.objects.count() == 1 and not Alert.objects.exists()
    assert not Need.objects.exists()


def test_a_count_under_its_threshold_alerts_and_raises_a_need_for_the_governorate(
    client: Client, documenter: Any, verifier: Any, facility: Any
) -> None:
    client.force_login(documenter)
    response = _count(client, facility, "ceftriaxone-1g", "40", "20")  # two days left
    assert response.status_code == 302
    alert = Alert.objects.get()
    assert float(alert.days_left) == 2.0 and alert.threshold == 14
    need = alert.need
    assert need is not None and need.group.code == "anti-infectives"
    assert need.quantity == 20 * 30 - 40 and need.unit == "vial"
    assert need.governorate == facility.place.ancestor_at(1)
    _count(client, facility, "amoxicillin-500", "0", "50")  # same group, another unit
    _count(client, facility, "ceftriaxone-1g", "10", "20")  # the same need grows
    need.refresh_from_db()
    assert need.quantity == 560 + 590 and Need.objects.count() == 2
    entry = AuditEntry.objects.filter(action="carewatch.facility.stock_alert").first()
    assert entry is not None and entry.object_id == str(facility.pk)
    from carewatch.notices.jobs import deliver

    deliver.call()
    assert Notice.objects.filter(recipient=verifier, entry=entry).exists()  # who registered it
    client.force_login(verifier)
    page = client.get(reverse("facility-detail", args=[facility.pk])).content.decode()
    assert "running low" in page and "Ceftriaxone 1 g injection" in page


def test_a_facilitys_own_threshold_comes_first(
    client: Client, documenter: Any, facility: Any
) -> None:
    item = Item.objects.get(code="gauze")
    Threshold.objects.create(item=item, facility=None, days=3)
    client.force_login(documenter)
    _count(client, facility, "gauze", "50", "10")  # five days: above every facility's three
    assert not Alert.objects.exists()
    Threshold.objects.create(item=item, facility=facility, days=7)
    _count(client, facility, "gauze", "50", "10")
    assert Alert.objects.get().threshold == 7


def test_bad_counts_are_refused_in_the_users_language_and_write_nothing(
    client: Client, documenter: Any, facility: Any
) -> None:
    client.force_login(documenter)
    negative = _count(client, facility, "gauze", "-5", "1")
    future = _count(
        client,
        facility,
        "gauze",
        "5",
        "1",
        reported_on=(timezone.localdate() + timedelta(days=2)).isoformat(),
    )
    assert negative.status_code == future.status_code == 400
    assert 'dir="rtl"' in future.content.decode()
    assert (
        not StockReport.objects.exists()
        and not AuditEntry.objects.filter(action="carewatch.stock.reported").exists()
    )


def test_an_appeal_shows_the_need_by_governorate_and_never_the_facility(
    client: Client, documenter: Any, campaigner: Any, facility: Any
) -> None:
    client.force_login(documenter)
    _count(client, facility, "blood-bag", "3", "6")
    need = Need.objects.get()
    appeal = make_appeal()
    appeal.needs.add(need)
    client.logout()
    for language in ("en", "fr", "ar"):
        page = client.get(reverse("appeal-page", args=[appeal.slug]), HTTP_ACCEPT_LANGUAGE=language)
        body = page.content.decode()
        assert page.status_code == 200 and 'class="table needs"' in body
        assert HIDDEN_NAME not in body
    assert (
        "Blood and blood products"
        in client.get(reverse("appeal-page", args=[appeal.slug])).content.decode()
    )
    client.force_login(campaigner)
    assert client.get(reverse("stock-report")).status_code == 403
    assert client.get(reverse("supply-alerts")).status_code == 403
    need.state = NeedState.MET
    need.save()
    client.logout()
    assert (
        "Blood and blood products"
        not in client.get(reverse("appeal-page", args=[appeal.slug])).content.decode()
    )


def test_those_who_manage_supplies_see_alerts_and_mark_a_need_met(
    client: Client, documenter: Any, verifier: Any, facility: Any
) -> None:
    client.force_login(documenter)
    _count(client, facility, "oxygen-cylinder", "2", "4")
    assert client.get(reverse("supply-alerts")).status_code == 403
    client.force_login(verifier)
    page = client.get(reverse("supply-alerts")).content.decode()
    assert HIDDEN_NAME in page and "Medical devices and surgical supplies" in page
    need = Need.objects.get()
    client.post(reverse("need-met", args=[need.pk]))
    need.refresh_from_db()
    assert need.state == NeedState.OPEN  # an empty post does nothing
    client.post(reverse("need-met", args=[need.pk]), {"confirm": "met"})
    need.refresh_from_db()
    assert need.state == NeedState.MET
    assert AuditEntry.objects.filter(action="carewatch.need.met").exists()
