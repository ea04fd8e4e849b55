"""People pages: access per role, withheld names, search, forms, restricted details never leaking."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.conftest import idlib_district

from api_support import audit_writes

FAMILY_CANARY = "CANARY-family-wife-Fatima-phone-0944"
DOB_CANARY = "1979-03-14"
RECORD_CANARY = "Mohamad CanaryRecordSpelling"

pytestmark = pytest.mark.django_db


def make_person(user: Any, **values: Any) -> Any:
    from carewatch.people.services import person_create

    base: dict[str, Any] = {
        "name_ar": "محمد أحمد الحلبي",
        "name_latin": "Mohammad Ahmad al-Halabi",
        "profession": "nurse",
        "sex": "male",
        "age": 34,
        "date_of_birth": datetime.date(1979, 3, 14),
        "family_details": FAMILY_CANARY,
    }
    return person_create(user=user, **(base | values))


def add_record(user: Any, person: Any) -> Any:
    from carewatch.people.services import person_record_create
    from carewatch.sources.services import report_create, source_create

    source = source_create(user=user, name="SNHR", source_type="ngo")
    report = report_create(
        user=user,
        source=source,
        kind="press_release",
        title="List",
        language="en",
        original_text="...",
    )
    return person_record_create(user=user, report=report, person=person, name_latin=RECORD_CANARY)


def counts() -> tuple[int, int, int]:
    from carewatch.people.models import Person, PersonFate

    return Person.objects.count(), PersonFate.objects.count(), audit_writes()


@pytest.fixture
def person(verifier: Any) -> Any:
    return make_person(verifier)


@pytest.fixture
def cleared(verifier: Any) -> Any:
    from carewatch.people.services import person_set_clearance

    person = make_person(
        verifier,
        name_ar="سارة يوسف",
        name_latin="Sara Youssef",
        profession="doctor",
        family_details="",
        date_of_birth=None,
    )
    return person_set_clearance(
        person=person,
        user=verifier,
        clearance="cleared",
        cleared_by="Her brother",
        expected_version=1,
    )


def person_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name_ar": "علي حسن",
        "name_latin": "Ali Hassan",
        "sex": "male",
        "age": "40",
        "age_high": "",
        "date_of_birth": "",
        "profession": "doctor",
        "specialty": "Surgery",
        "affiliation": "",
        "facility": "",
        "home_place": "",
        "family_details": "",
        "reason": "",
    }
    return data | overrides


def pages(person: Any) -> dict[str, str]:
    return {
        "list": reverse("person-list"),
        "detail": reverse("person-detail", args=[person.pk]),
        "create": reverse("person-create"),
        "edit": reverse("person-edit", args=[person.pk]),
    }


EXPECTED = {
    "administrator": {"list": 200, "detail": 200, "create": 200, "edit": 200},
    "verifier": {"list": 200, "detail": 200, "create": 200, "edit": 200},
    "analyst": {"list": 200, "detail": 200, "create": 403, "edit": 403},
    "communications": {"list": 200, "detail": 200, "create": 403, "edit": 403},
    "field_documenter": {"list": 403, "detail": 403, "create": 403, "edit": 403},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_reaches_exactly_the_people_pages_it_may(
    client: Any, personas: dict[str, Any], person: Any, role: str
) -> None:
    client.force_login(personas[role])
    for name, url in pages(person).items():
        assert client.get(url).status_code == EXPECTED[role][name], (role, name)


def test_anonymous_visitors_are_sent_to_sign_in_from_every_people_page(
    client: Any, person: Any
) -> None:
    urls = [
        *pages(person).values(),
        reverse("person-fate-add", args=[person.pk]),
        reverse("person-clearance", args=[person.pk]),
    ]
    for url in urls:
        response = client.post(url) if "fates" in url or "clearance" in url else client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


CLEARANCE_ALLOWED = {
    "administrator": 302,
    "communications": 302,
    "verifier": 403,
    "analyst": 403,
    "field_documenter": 403,
}


@pytest.mark.parametrize("role", sorted(CLEARANCE_ALLOWED))
def test_only_communications_and_administrators_change_memorial_clearance(
    client: Any, personas: dict[str, Any], person: Any, role: str
) -> None:
    client.force_login(personas[role])
    data = {"clearance": "cleared", "cleared_by": "The family", "on": "2017-10-01", "version": "1"}
    response = client.post(reverse("person-clearance", args=[person.pk]), data)
    assert response.status_code == CLEARANCE_ALLOWED[role]
    person.refresh_from_db()
    assert person.is_cleared == (CLEARANCE_ALLOWED[role] == 302)


@pytest.mark.parametrize("role", ["analyst", "communications", "field_documenter"])
def test_roles_without_person_edit_cannot_post_a_person_or_a_fate(
    client: Any, personas: dict[str, Any], person: Any, role: str
) -> None:
    client.force_login(personas[role])
    before = counts()
    assert client.post(reverse("person-create"), person_data()).status_code == 403
    assert (
        client.post(reverse("person-fate-add", args=[person.pk]), {"fate": "killed"}).status_code
        == 403
    )
    assert counts() == before


def listed_people(response: Any) -> list[int]:
    """The people a list page shows, by id."""
    return [p.pk for p in response.context["page"]]


def test_uncleared_names_are_withheld_from_analysts_and_cleared_ones_shown(
    client: Any, analyst: Any, person: Any, cleared: Any
) -> None:
    client.force_login(analyst)
    html = client.get(reverse("person-list")).content.decode()
    assert "Sara Youssef" in html
    assert "Halabi" not in html
    assert "الحلبي" not in html
    assert f"#{person.pk}" in html
    detail = client.get(reverse("person-detail", args=[person.pk])).content.decode()
    assert "Halabi" not in detail
    assert "الحلبي" not in detail


def test_a_verifier_reads_uncleared_names_on_purpose_and_each_list_page_is_audited_once(
    client: Any, verifier: Any, person: Any, cleared: Any
) -> None:
    from carewatch.audit.models import AuditEntry

    make_person(verifier, name_ar="", name_latin="Omar Khaled", family_details="")
    client.force_login(verifier)
    before = AuditEntry.objects.filter(action="carewatch.person.restricted_viewed").count()
    html = client.get(reverse("person-list")).content.decode()
    assert "Mohammad Ahmad al-Halabi" not in html  # not part of the page
    assert "Sara Youssef" in html  # a cleared name is public
    assert "reveal=1" in html
    assert AuditEntry.objects.filter(action="carewatch.person.restricted_viewed").count() == before
    html = client.get(reverse("person-list"), {"reveal": "1"}).content.decode()
    assert "Mohammad Ahmad al-Halabi" in html
    entries = AuditEntry.objects.filter(action="carewatch.person.restricted_viewed")
    assert entries.count() == before + 1
    assert len(entries.last().after["ids"]) == 2
    assert str(cleared.pk) not in entries.last().after["ids"]


def test_asking_for_names_without_restricted_clearance_shows_none(
    client: Any, analyst: Any, person: Any
) -> None:
    client.force_login(analyst)
    html = client.get(reverse("person-list"), {"reveal": "1"}).content.decode()
    assert "Halabi" not in html
    assert "Show names (restricted, logged)" not in html


@pytest.mark.parametrize(
    "query",
    ["Halabi", "Muhammad al Halabi", "mohamed", "محمد الحلبي", "محمد احمد", "الحلبى", "مُحَمَّد"],
)
def test_a_verifier_finds_a_person_in_either_script_and_spelling(
    client: Any, verifier: Any, person: Any, cleared: Any, query: str
) -> None:
    client.force_login(verifier)
    response = client.get(reverse("person-list"), {"q": query})
    assert listed_people(response) == [person.pk]


def test_an_analyst_cannot_find_an_uncleared_name_by_searching_it(
    client: Any, analyst: Any, person: Any, cleared: Any
) -> None:
    client.force_login(analyst)
    assert listed_people(client.get(reverse("person-list"), {"q": "Halabi"})) == []
    assert listed_people(client.get(reverse("person-list"), {"q": "سارة"})) == [cleared.pk]
    assert listed_people(client.get(reverse("person-list"), {"q": "Sara Yousef"})) == [cleared.pk]


def test_the_list_filters_by_profession_fate_clearance_and_health_worker(
    client: Any, analyst: Any, verifier: Any, person: Any, cleared: Any
) -> None:
    from carewatch.people.services import person_fate_add

    bystander = make_person(
        verifier,
        name_latin="A bystander",
        name_ar="",
        profession="not_health_worker",
        family_details="",
    )
    person_fate_add(person=person, user=verifier, fate="killed")
    client.force_login(analyst)

    def listed(**params: str) -> set[Any]:
        return set(listed_people(client.get(reverse("person-list"), params)))

    assert listed(profession="doctor") == {cleared.pk}
    assert listed(fate="killed") == {person.pk}
    assert listed(clearance="not_cleared") == {person.pk, bystander.pk}
    assert listed(health_worker="yes") == {person.pk, cleared.pk}
    assert listed(health_worker="no") == {bystander.pk}


def test_the_detail_page_shows_fates_with_links_to_visible_incidents_and_clearance(
    client: Any, analyst: Any, verifier: Any, make_incident: Any, cleared: Any
) -> None:
    from carewatch.people.services import person_fate_add

    incident = make_incident()
    person_fate_add(
        person=cleared,
        user=verifier,
        fate="killed",
        incident=incident,
        date=datetime.date(2017, 9, 19),
        place=idlib_district(),
    )
    client.force_login(analyst)
    html = client.get(reverse("person-detail", args=[cleared.pk])).content.decode()
    assert reverse("incident-detail", args=[incident.pk]) in html
    assert "Killed" in html
    assert "Her brother" in html
    assert "Doctor" in html


@pytest.mark.parametrize("role", ["analyst", "communications"])
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_restricted_person_details_never_appear_for_roles_without_clearance(
    client: Any, personas: dict[str, Any], verifier: Any, person: Any, role: str, language: str
) -> None:
    add_record(verifier, person)
    client.force_login(personas[role])
    for url in (reverse("person-list"), reverse("person-detail", args=[person.pk])):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for canary in (FAMILY_CANARY, DOB_CANARY, "14/03/1979", RECORD_CANARY, "Halabi"):
            assert canary not in html, (url, canary)


def test_a_field_documenter_sees_no_person_detail_at_all(
    client: Any, documenter: Any, person: Any
) -> None:
    client.force_login(documenter)
    for url in (reverse("person-list"), reverse("person-detail", args=[person.pk])):
        response = client.get(url)
        assert response.status_code == 403
        assert FAMILY_CANARY not in response.content.decode()


def test_a_verifier_sees_the_restricted_details_and_the_read_is_audited(
    client: Any, verifier: Any, person: Any
) -> None:
    from carewatch.audit.models import AuditEntry

    add_record(verifier, person)
    client.force_login(verifier)
    before = audit_writes()
    html = client.get(reverse("person-detail", args=[person.pk])).content.decode()
    for canary in (FAMILY_CANARY, RECORD_CANARY, DOB_CANARY, "Halabi"):
        assert canary not in html  # never part of the page itself
    assert reverse("person-restricted", args=[person.pk]) in html
    assert audit_writes() == before
    html = client.get(reverse("person-restricted", args=[person.pk])).content.decode()
    assert FAMILY_CANARY in html
    assert RECORD_CANARY in html
    assert DOB_CANARY in html
    assert "Mohammad Ahmad al-Halabi" in html
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True)[before:])
    assert sorted(actions) == [
        "carewatch.person.restricted_details_viewed",
        "carewatch.person_record.restricted_details_viewed",
    ]


def test_communications_read_a_name_on_purpose_to_clear_it_and_the_read_is_audited(
    client: Any, communications: Any, analyst: Any, person: Any, cleared: Any
) -> None:
    from carewatch.audit.models import AuditEntry

    client.force_login(communications)
    html = client.get(reverse("person-detail", args=[person.pk])).content.decode()
    assert "Halabi" not in html and "Save the clearance" in html
    url = reverse("person-name", args=[person.pk])
    assert url in html
    before = audit_writes()
    response = client.get(url)
    text = response.content.decode()
    assert "Mohammad Ahmad al-Halabi" in text and "محمد أحمد الحلبي" in text
    # Names only: nothing else restricted comes with them.
    assert FAMILY_CANARY not in text and DOB_CANARY not in text
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.order_by("id")[before]
    assert entry.action == "carewatch.person.name_for_clearance_viewed"
    assert entry.object_id == str(person.pk) and entry.actor == communications
    # A cleared name is on the page already: no button to read it.
    cleared_page = client.get(reverse("person-detail", args=[cleared.pk])).content.decode()
    assert reverse("person-name", args=[cleared.pk]) not in cleared_page
    # Without the function, the purpose read is refused, and the list still withholds names.
    client.force_login(analyst)
    assert client.get(url).status_code == 403
    client.force_login(communications)
    assert "Halabi" not in client.get(reverse("person-list")).content.decode()


@pytest.mark.parametrize("how", ["header", "cookie"])
def test_the_people_pages_render_right_to_left_in_arabic(
    client: Any, verifier: Any, person: Any, how: str
) -> None:
    client.force_login(verifier)
    if how == "cookie":
        client.cookies["carewatch_language"] = "ar"
    headers = {"HTTP_ACCEPT_LANGUAGE": "ar"} if how == "header" else {}
    for url in [*pages(person).values(), reverse("person-restricted", args=[person.pk])]:
        html = client.get(url, **headers).content.decode()
        assert 'dir="rtl"' in html or "restricted" in url  # a fragment: the page has the direction
        named = url in (
            reverse("person-edit", args=[person.pk]),
            reverse("person-restricted", args=[person.pk]),
        )
        assert ("محمد أحمد الحلبي" in html) == named, url


def test_a_verifier_records_a_person_and_a_fate(
    client: Any, verifier: Any, make_incident: Any
) -> None:
    from carewatch.audit.models import AuditEntry
    from carewatch.people.models import Person

    incident = make_incident()
    client.force_login(verifier)
    response = client.post(
        reverse("person-create"),
        person_data(home_place=str(idlib_district().pk), family_details="Two children"),
    )
    created = Person.objects.get(name_latin="Ali Hassan")
    assert response["Location"] == reverse("person-detail", args=[created.pk])
    assert (created.age, created.home_place, created.family_details) == (
        40,
        idlib_district(),
        "Two children",
    )
    client.post(
        reverse("person-fate-add", args=[created.pk]),
        {
            "fate": "killed",
            "incident": incident.reference.lower(),
            "date": "2017-09-19",
            "place": "",
        },
    )
    fate = created.fates.get()
    assert (fate.fate, fate.incident, fate.date) == ("killed", incident, datetime.date(2017, 9, 19))
    assert AuditEntry.objects.filter(
        action="carewatch.person.fate_recorded", object_id=str(created.pk)
    ).exists()


BAD_PERSON_INPUT = {
    "arabic script in the latin name": ({"name_latin": "علي حسن"}, "name_latin"),
    "no name at all": ({"name_ar": "", "name_latin": ""}, "name_ar"),
    "an upper age below the lower": ({"age": "40", "age_high": "30"}, "age_high"),
    "an upper age without a lower": ({"age": "", "age_high": "30"}, "age_high"),
    "a negative age": ({"age": "-2"}, "age"),
    "a birth date in the future": ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
    "a birth date in year one": ({"date_of_birth": "0001-01-01"}, "date_of_birth"),
    "an unknown profession": ({"profession": "wizard"}, "profession"),
    "a facility that does not exist": ({"facility": "999999"}, "facility"),
}


@pytest.mark.parametrize("case", sorted(BAD_PERSON_INPUT))
def test_bad_person_input_is_refused_field_by_field_and_nothing_is_written(
    client: Any, verifier: Any, person: Any, case: str
) -> None:
    overrides, field = BAD_PERSON_INPUT[case]
    client.force_login(verifier)
    before = counts()
    created = client.post(reverse("person-create"), person_data(**overrides))
    edited = client.post(
        reverse("person-edit", args=[person.pk]), person_data(version="1", **overrides)
    )
    for response in (created, edited):
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert 'class="errorlist"' in response.content.decode()
    after = counts()
    assert after[:2] == before[:2]
    assert not _writes_since(before[2])
    person.refresh_from_db()
    assert person.version == 1


def _writes_since(count: int) -> list[str]:
    """Audit entries other than logged reads (the edit page logs who read restricted names)."""
    from carewatch.audit.models import AuditEntry

    actions = AuditEntry.objects.order_by("id").values_list("action", flat=True)[count:]
    return [a for a in actions if not a.endswith("_viewed")]


BAD_FATE = {
    "an unknown fate": {"fate": "vanished"},
    "an incident reference that does not exist": {"fate": "killed", "incident": "CW-1999-000001"},
    "a date in the future": {"fate": "killed", "date": "2999-01-01"},
    "a place not in the gazetteer": {"fate": "killed", "place": "999999"},
}
BAD_CLEARANCE = {
    "cleared without saying by whom": {"clearance": "cleared", "cleared_by": " "},
    "a clearance date in the future": {
        "clearance": "cleared",
        "cleared_by": "Family",
        "on": "2999-01-01",
    },
    "an unknown clearance": {"clearance": "maybe", "cleared_by": "Family"},
    "no version": {"clearance": "cleared", "cleared_by": "Family", "version": ""},
}


@pytest.mark.parametrize(
    ("kind", "case"), [("fate", c) for c in BAD_FATE] + [("clearance", c) for c in BAD_CLEARANCE]
)
def test_bad_fate_or_clearance_input_is_refused_and_nothing_is_written(
    client: Any, admin: Any, person: Any, kind: str, case: str
) -> None:
    url = reverse("person-fate-add" if kind == "fate" else "person-clearance", args=[person.pk])
    data = (
        BAD_FATE[case]
        if kind == "fate"
        else {"on": "2017-10-01", "version": "1"} | BAD_CLEARANCE[case]
    )
    client.force_login(admin)
    before = counts()
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context[f"{kind}_form"].errors
    assert 'class="errorlist"' in response.content.decode()
    assert counts()[:2] == before[:2]
    assert not _writes_since(before[2])
    person.refresh_from_db()
    assert (person.memorial_clearance, person.version) == ("not_cleared", 1)


def test_a_concurrent_person_edit_answers_409_and_keeps_the_users_input(
    client: Any, verifier: Any, admin: Any, person: Any
) -> None:
    from carewatch.people.services import person_update

    person_update(person=person, user=admin, expected_version=1, affiliation="UOSSM")
    client.force_login(verifier)
    response = client.post(
        reverse("person-edit", args=[person.pk]), person_data(version="1", affiliation="SAMS")
    )
    assert response.status_code == 409
    assert 'value="SAMS"' in response.content.decode()
    assert response.context["form"].data["version"] == "2"
    person.refresh_from_db()
    assert person.affiliation == "UOSSM"


@pytest.mark.parametrize("version", ["", "0"])
def test_a_person_edit_without_its_version_overwrites_nothing(
    client: Any, verifier: Any, admin: Any, person: Any, version: str
) -> None:
    from carewatch.people.services import person_update

    person_update(person=person, user=admin, expected_version=1, affiliation="UOSSM")
    client.force_login(verifier)
    response = client.post(
        reverse("person-edit", args=[person.pk]), person_data(version=version, affiliation="SAMS")
    )
    assert response.status_code == 200
    assert "This form is incomplete; reload the page and try again." in response.content.decode()
    person.refresh_from_db()
    assert (person.affiliation, person.version) == ("UOSSM", 2)


def test_a_stale_clearance_change_answers_409_and_changes_nothing(
    client: Any, communications: Any, admin: Any, person: Any
) -> None:
    from carewatch.people.services import person_update

    person_update(person=person, user=admin, expected_version=1, affiliation="UOSSM")
    client.force_login(communications)
    data = {"clearance": "cleared", "cleared_by": "The family", "on": "2017-10-01", "version": "1"}
    response = client.post(reverse("person-clearance", args=[person.pk]), data)
    assert response.status_code == 409
    person.refresh_from_db()
    assert person.memorial_clearance == "not_cleared"


def test_communications_clears_a_name_with_who_and_when(
    client: Any, communications: Any, person: Any
) -> None:
    from carewatch.audit.models import AuditEntry

    client.force_login(communications)
    data = {
        "clearance": "cleared",
        "cleared_by": "His wife",
        "on": str(timezone.localdate()),
        "version": "1",
    }
    client.post(reverse("person-clearance", args=[person.pk]), data)
    person.refresh_from_db()
    assert (person.memorial_clearance, person.cleared_by, person.cleared_at) == (
        "cleared",
        "His wife",
        timezone.localdate(),
    )
    assert AuditEntry.objects.filter(
        action="carewatch.person.clearance_changed", object_id=str(person.pk)
    ).exists()
    html = client.get(reverse("person-detail", args=[person.pk])).content.decode()
    assert "Mohammad Ahmad al-Halabi" in html
    assert FAMILY_CANARY not in html
