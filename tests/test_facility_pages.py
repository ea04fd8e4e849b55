"""Facility registry pages: access per role, status on a date, search, forms, restricted coordinates."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.conftest import idlib_district, place

from api_support import audit_writes

CANARY_LAT, CANARY_LON = 36.217391, 37.161234
CANARY_TEXTS = ("36.217391", "36,217391", "37.161234", "37,161234")

pytestmark = pytest.mark.django_db


def make_facility(user: Any, **values: Any) -> Any:
    from carewatch.facilities.services import facility_create

    base: dict[str, Any] = {
        "name_ar": "مستشفى الأمانة",
        "name_latin": "Al-Amana Hospital",
        "facility_type": "secondary",
        "place": place("SY0200"),
        "exact_lat": CANARY_LAT,
        "exact_lon": CANARY_LON,
        "beds": 40,
        "aliases": [("M10", "code_name")],
    }
    return facility_create(user=user, **(base | values))


def add_status(user: Any, facility: Any, status: str, day: datetime.date, cause: str = "") -> Any:
    from carewatch.facilities.services import facility_status_add

    return facility_status_add(facility=facility, user=user, status=status, date=day, cause=cause)


def counts() -> tuple[int, int, int, int]:
    from carewatch.facilities.models import Facility, FacilityAlias, FacilityStatusEntry

    return (
        Facility.objects.count(),
        FacilityAlias.objects.count(),
        FacilityStatusEntry.objects.count(),
        audit_writes(),
    )


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name_ar": "مشفى القدس",
        "name_latin": "Al-Quds Hospital",
        "facility_type": "secondary",
        "subtype": "",
        "operator": "",
        "supporting_organisations": "",
        "beds": "20",
        "services": "",
        "place": str(place("SY0200").pk),
        "exact_lat": "",
        "exact_lon": "",
        "reason": "",
    }
    return data | overrides


@pytest.fixture
def facility(verifier: Any) -> Any:
    return make_facility(verifier)


def pages(facility: Any) -> dict[str, str]:
    return {
        "list": reverse("facility-list"),
        "detail": reverse("facility-detail", args=[facility.pk]),
        "create": reverse("facility-create"),
        "edit": reverse("facility-edit", args=[facility.pk]),
        "exact": reverse("facility-exact-location", args=[facility.pk]),
    }


EXPECTED = {
    "administrator": {"list": 200, "detail": 200, "create": 200, "edit": 200, "exact": 200},
    "verifier": {"list": 200, "detail": 200, "create": 200, "edit": 200, "exact": 200},
    "analyst": {"list": 200, "detail": 200, "create": 403, "edit": 403, "exact": 403},
    "communications": {"list": 200, "detail": 200, "create": 403, "edit": 403, "exact": 403},
    "field_documenter": {"list": 200, "detail": 200, "create": 403, "edit": 403, "exact": 403},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_reaches_exactly_the_facility_pages_it_may(
    client: Any, personas: dict[str, Any], facility: Any, role: str
) -> None:
    client.force_login(personas[role])
    for name, url in pages(facility).items():
        assert client.get(url).status_code == EXPECTED[role][name], (role, name)


def test_anonymous_visitors_are_sent_to_sign_in_from_every_facility_page(
    client: Any, facility: Any
) -> None:
    for url in pages(facility).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_facility_out_of_service_from_late_september_is_listed_on_the_first_of_october_only(
    client: Any, analyst: Any, verifier: Any
) -> None:
    m10 = make_facility(verifier)
    add_status(verifier, m10, "functional", datetime.date(2016, 1, 10))
    add_status(verifier, m10, "non_functional", datetime.date(2016, 9, 28), cause="attacked")
    other = make_facility(
        verifier,
        name_ar="مستشفى البيان",
        name_latin="Al-Bayan Hospital",
        aliases=[],
        exact_lat=None,
        exact_lon=None,
    )
    add_status(verifier, other, "functional", datetime.date(2016, 1, 10))
    client.force_login(analyst)
    out = client.get(reverse("facility-list"), {"on": "2016-10-01", "status": "non_functional"})
    assert list(out.context["page"]) == [m10]
    before = client.get(reverse("facility-list"), {"on": "2016-09-01", "status": "non_functional"})
    assert list(before.context["page"]) == []
    working = client.get(reverse("facility-list"), {"on": "2016-09-01", "status": "functional"})
    assert set(working.context["page"]) == {m10, other}


def test_the_registry_filters_by_governorate_and_type(
    client: Any, analyst: Any, verifier: Any, facility: Any
) -> None:
    idlib = make_facility(
        verifier,
        name_ar="",
        name_latin="Idleb Central",
        facility_type="primary",
        place=idlib_district(),
        aliases=[],
    )
    client.force_login(analyst)
    by_place = client.get(reverse("facility-list"), {"place": place("SY07").pk})
    assert list(by_place.context["page"]) == [idlib]
    by_type = client.get(reverse("facility-list"), {"facility_type": "secondary"})
    assert list(by_type.context["page"]) == [facility]


@pytest.mark.parametrize(
    "query", ["M10", "m10", "amana", "مستشفى الأمانة", "مستشفي الامانه", "امانة"]
)
def test_it_finds_a_facility_by_alias_latin_name_and_arabic_spelling_variants(
    client: Any, analyst: Any, verifier: Any, facility: Any, query: str
) -> None:
    make_facility(
        verifier,
        name_ar="مستشفى البيان",
        name_latin="Al-Bayan Hospital",
        aliases=[("M2", "code_name")],
    )
    client.force_login(analyst)
    response = client.get(reverse("facility-list"), {"q": query})
    assert list(response.context["page"]) == [facility]


def test_the_htmx_request_gets_only_the_rows(client: Any, analyst: Any, facility: Any) -> None:
    client.force_login(analyst)
    response = client.get(reverse("facility-list"), {"q": "M10"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content
    assert "Al-Amana Hospital" in response.content.decode()


def test_the_detail_page_shows_aliases_timeline_and_the_generalised_location(
    client: Any, analyst: Any, verifier: Any, facility: Any
) -> None:
    add_status(verifier, facility, "non_functional", datetime.date(2016, 9, 28), cause="attacked")
    client.force_login(analyst)
    html = client.get(reverse("facility-detail", args=[facility.pk])).content.decode()
    assert "M10" in html
    assert "2016-09-28" in html
    assert "Non-functional" in html
    assert "Attacked" in html
    assert "Jebel Saman" in html
    assert reverse("facility-exact-location", args=[facility.pk]) not in html


def test_the_detail_page_lists_only_the_incidents_the_reader_may_see(
    client: Any, documenter: Any, other_documenter: Any, make_incident: Any, facility: Any
) -> None:
    mine = make_incident(
        user=documenter, state="submitted", title="My report", facility_ids=[facility.pk]
    )
    theirs = make_incident(
        user=other_documenter, state="submitted", title="Their report", facility_ids=[facility.pk]
    )
    client.force_login(documenter)
    response = client.get(reverse("facility-detail", args=[facility.pk]))
    assert list(response.context["incidents"]) == [mine]
    assert theirs.reference not in response.content.decode()


@pytest.mark.parametrize("role", ["analyst", "communications", "field_documenter"])
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_exact_coordinates_never_appear_in_facility_pages(
    client: Any, personas: dict[str, Any], verifier: Any, facility: Any, role: str, language: str
) -> None:
    add_status(verifier, facility, "functional", datetime.date(2016, 1, 10))
    client.force_login(personas[role])
    urls = [
        reverse("facility-list"),
        reverse("facility-list") + "?q=M10",
        reverse("facility-detail", args=[facility.pk]),
    ]
    for url in urls:
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert not any(canary in html for canary in CANARY_TEXTS), url


def test_even_a_verifier_gets_the_exact_point_only_from_its_own_audited_url(
    client: Any, verifier: Any, facility: Any
) -> None:
    from carewatch.audit.models import AuditEntry

    client.force_login(verifier)
    for url in (
        reverse("facility-detail", args=[facility.pk]),
        reverse("facility-edit", args=[facility.pk]),
    ):
        html = client.get(url).content.decode()
        assert not any(canary in html for canary in CANARY_TEXTS), url
    assert (
        reverse("facility-exact-location", args=[facility.pk])
        in client.get(reverse("facility-detail", args=[facility.pk])).content.decode()
    )
    before = AuditEntry.objects.filter(action="carewatch.facility.exact_location_viewed").count()
    response = client.get(
        reverse("facility-exact-location", args=[facility.pk]), HTTP_HX_REQUEST="true"
    )
    assert "36.217391" in response.content.decode()
    entries = AuditEntry.objects.filter(action="carewatch.facility.exact_location_viewed")
    assert entries.count() == before + 1
    assert entries.last().actor == verifier
    assert entries.last().object_id == str(facility.pk)


def test_the_exact_point_is_written_unlocalised_in_french(
    client: Any, verifier: Any, facility: Any
) -> None:
    client.force_login(verifier)
    response = client.get(
        reverse("facility-exact-location", args=[facility.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "36.217391, 37.161234" in response.content.decode()


@pytest.mark.parametrize("how", ["header", "cookie"])
def test_the_facility_pages_render_right_to_left_in_arabic(
    client: Any, analyst: Any, facility: Any, how: str
) -> None:
    client.force_login(analyst)
    if how == "cookie":
        client.cookies["carewatch_language"] = "ar"
    headers = {"HTTP_ACCEPT_LANGUAGE": "ar"} if how == "header" else {}
    for url in (reverse("facility-list"), reverse("facility-detail", args=[facility.pk])):
        html = client.get(url, **headers).content.decode()
        assert 'dir="rtl"' in html
        assert 'lang="ar"' in html
        assert "مستشفى الأمانة" in html


def test_a_verifier_registers_a_facility_and_the_creation_is_audited(
    client: Any, verifier: Any
) -> None:
    from carewatch.audit.models import AuditEntry
    from carewatch.facilities.models import Facility

    client.force_login(verifier)
    response = client.post(
        reverse("facility-create"), form_data(exact_lat="36.2", exact_lon="37.15")
    )
    created = Facility.objects.get(name_latin="Al-Quds Hospital")
    assert response.status_code == 302
    assert response["Location"] == reverse("facility-detail", args=[created.pk])
    assert (created.exact_lat, created.exact_lon, created.beds) == (36.2, 37.15, 20)
    assert AuditEntry.objects.filter(
        action="carewatch.facility.created", object_id=str(created.pk)
    ).exists()


BAD_FACILITY_INPUT = {
    "arabic script in the latin name": ({"name_latin": "مشفى القدس"}, "name_latin"),
    "no name at all": ({"name_ar": "", "name_latin": ""}, "name_ar"),
    "latitude without longitude": ({"exact_lat": "36.2"}, "exact_lon"),
    "longitude without latitude": ({"exact_lon": "37.1"}, "exact_lat"),
    "a point outside syria": ({"exact_lat": "48.85", "exact_lon": "2.35"}, "exact_lat"),
    "negative beds": ({"beds": "-1"}, "beds"),
    "no place": ({"place": ""}, "place"),
    "an unknown type": ({"facility_type": "castle"}, "facility_type"),
}


@pytest.mark.parametrize("case", sorted(BAD_FACILITY_INPUT))
def test_bad_facility_input_is_refused_field_by_field_and_nothing_is_written(
    client: Any, verifier: Any, facility: Any, case: str
) -> None:
    overrides, field = BAD_FACILITY_INPUT[case]
    client.force_login(verifier)
    before = counts()
    created = client.post(reverse("facility-create"), form_data(**overrides))
    edited = client.post(
        reverse("facility-edit", args=[facility.pk]),
        form_data(version=str(facility.version), **overrides),
    )
    for response in (created, edited):
        assert response.status_code == 200
        assert field in response.context["form"].errors
    assert counts() == before
    facility.refresh_from_db()
    assert facility.version == 1


def test_bad_input_messages_are_in_the_users_language(client: Any, verifier: Any) -> None:
    client.force_login(verifier)
    response = client.post(
        reverse("facility-create"), form_data(beds="-3"), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.context["form"].errors["beds"]
    assert 'lang="fr"' in response.content.decode()


def test_editing_keeps_the_exact_point_unless_a_new_one_is_given_or_it_is_removed(
    client: Any, verifier: Any, facility: Any
) -> None:
    client.force_login(verifier)
    client.post(reverse("facility-edit", args=[facility.pk]), form_data(version="1", beds="55"))
    facility.refresh_from_db()
    assert (facility.beds, facility.exact_lat, facility.version) == (55, CANARY_LAT, 2)
    client.post(
        reverse("facility-edit", args=[facility.pk]), form_data(version="2", clear_exact="on")
    )
    facility.refresh_from_db()
    assert (facility.exact_lat, facility.exact_lon) == (None, None)


def test_a_concurrent_edit_answers_409_and_keeps_the_users_input(
    client: Any, verifier: Any, admin: Any, facility: Any
) -> None:
    from carewatch.facilities.services import facility_update

    facility_update(facility=facility, user=admin, expected_version=1, operator="Someone else")
    client.force_login(verifier)
    response = client.post(
        reverse("facility-edit", args=[facility.pk]), form_data(version="1", operator="My operator")
    )
    assert response.status_code == 409
    assert 'value="My operator"' in response.content.decode()
    assert response.context["form"].data["version"] == "2"
    facility.refresh_from_db()
    assert facility.operator == "Someone else"


def test_a_verifier_adds_an_alias_and_a_status(client: Any, verifier: Any, facility: Any) -> None:
    from carewatch.audit.models import AuditEntry

    client.force_login(verifier)
    client.post(
        reverse("facility-alias-add", args=[facility.pk]), {"name": "M2", "kind": "code_name"}
    )
    client.post(
        reverse("facility-status-add", args=[facility.pk]),
        {"status": "partial", "date": "2016-09-28", "cause": "lack_of_staff", "note": ""},
    )
    assert set(facility.aliases.values_list("name", flat=True)) == {"M10", "M2"}
    entry = facility.statuses.get()
    assert (entry.status, entry.cause, entry.date) == (
        "partial",
        "lack_of_staff",
        datetime.date(2016, 9, 28),
    )
    assert AuditEntry.objects.filter(action="carewatch.facility.alias_added").exists()
    assert AuditEntry.objects.filter(action="carewatch.facility.status_recorded").exists()


BAD_ALIAS = {
    "an empty alias": {"name": "", "kind": "code_name"},
    "an alias it already has": {"name": "m10", "kind": "code_name"},
    "an unknown kind": {"name": "M3", "kind": "nickname"},
}
BAD_STATUS = {
    "a date in the future": {"status": "non_functional", "cause": "attacked"},
    "a cause for a functional facility": {
        "status": "functional",
        "date": "2016-09-28",
        "cause": "attacked",
    },
    "no date": {"status": "functional", "date": ""},
    "a report that does not exist": {
        "status": "functional",
        "date": "2016-09-28",
        "report": "999999",
    },
    "a report number that is not a number": {
        "status": "functional",
        "date": "2016-09-28",
        "report": "abc",
    },
}


@pytest.mark.parametrize(
    ("kind", "case"), [("alias", c) for c in BAD_ALIAS] + [("status", c) for c in BAD_STATUS]
)
def test_bad_alias_or_status_input_is_refused_and_nothing_is_written(
    client: Any, verifier: Any, facility: Any, kind: str, case: str
) -> None:
    data = (
        BAD_ALIAS[case]
        if kind == "alias"
        else {"date": str(timezone.localdate() + datetime.timedelta(days=2))} | BAD_STATUS[case]
    )
    client.force_login(verifier)
    before = counts()
    response = client.post(reverse(f"facility-{kind}-add", args=[facility.pk]), data)
    assert response.status_code == 400
    assert response.context[f"{kind}_form"].errors
    assert 'class="errorlist"' in response.content.decode()
    assert counts() == before


def test_roles_without_facility_edit_cannot_post_to_the_facility_forms(
    client: Any, analyst: Any, facility: Any
) -> None:
    client.force_login(analyst)
    before = counts()
    assert client.post(reverse("facility-create"), form_data()).status_code == 403
    assert (
        client.post(
            reverse("facility-alias-add", args=[facility.pk]), {"name": "M5", "kind": "code_name"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("facility-status-add", args=[facility.pk]),
            {"status": "functional", "date": "2016-01-01"},
        ).status_code
        == 403
    )
    assert counts() == before
