"""The review queue (issue 4, item 4): candidate pairs found in the database, decisions (accept,
reject, split, bulk accept, merge by hand) stored as labelled pairs, audited and reversible
exactly, consolidated values by docs/domain.md's rules, access by role, and bad or replayed forms."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from tests.conftest import idlib_district, place

from api_support import audit_writes
from carewatch.audit.models import AuditEntry
from carewatch.audit.services import verify_chain
from carewatch.lib.common import ConflictError
from carewatch.linkage import services
from carewatch.linkage.candidates import candidates_refresh
from carewatch.linkage.merging import MergeError
from carewatch.linkage.models import MatchCandidate, MatchDecision, Merge
from carewatch.linkage.selectors import labelled_pairs
from carewatch.linkage.state import incident_state, person_state
from carewatch.people.models import Person
from carewatch_core.counts import Count
from carewatch_core.linkage.records import LabelledPair
from carewatch_core.linkage.review import labels_table

pytestmark = pytest.mark.django_db

DAY = datetime.date(2017, 9, 19)
UNCLEARED_AR = "محمد عبد الرحمن الحلبي"
UNCLEARED_LATIN = "Mohammad Abdulrahman al-Halabi"


# --- Helpers -------------------------------------------------------------------------------------


def _report(user: Any, name: str = "UOSSM field team") -> Any:
    from carewatch.sources.services import report_create, source_get_or_create

    source = source_get_or_create(user=user, name=name, source_type="ngo")
    return report_create(user=user, source=source, kind="dataset_row", language="en", title="row")


def _person(user: Any, incident: Any = None, **values: Any) -> Any:
    from carewatch.people.services import person_create, person_fate_add, person_record_create

    person = person_create(user=user, **values)
    if incident is not None:
        person_fate_add(
            person=person,
            user=user,
            fate="killed",
            incident=incident,
            date=DAY,
            place=incident.place,
        )
    person_record_create(
        user=user, report=_report(user), person=person, name_latin=values.get("name_latin", "")
    )
    return Person.objects.get(pk=person.pk)


def _candidate(kind: str, one: Any, other: Any, score: float = 0.97) -> MatchCandidate:
    left, right = sorted((one.pk, other.pk))
    reasons = [
        {"field": "given", "level": "Exact match on given", "weight": 5.2, "verdict": "agree"},
        {"field": "sex", "level": "sex is NULL", "weight": None, "verdict": "missing"},
    ]
    return MatchCandidate.objects.create(
        kind=kind, left_id=left, right_id=right, score=score, reasons=reasons
    )


def _fresh(candidate: MatchCandidate) -> MatchCandidate:
    return MatchCandidate.objects.get(pk=candidate.pk)


@pytest.fixture
def pair(verifier: Any, make_incident: Any) -> tuple[Any, Any, MatchCandidate]:
    """Two people who are one nurse: an Arabic record and a Latin one, each with its own facts."""
    incident = make_incident()
    one = _person(
        verifier, incident, name_ar=UNCLEARED_AR, sex="unknown", age=34, profession="other"
    )
    other = _person(
        verifier,
        incident,
        name_latin=UNCLEARED_LATIN,
        sex="male",
        age=36,
        profession="nurse",
        specialty="ICU",
    )
    return one, other, _candidate("person", one, other)


@pytest.fixture
def incident_pair(verifier: Any, make_incident: Any) -> tuple[Any, Any, MatchCandidate]:
    """One attack reported twice: a month-precise possible report and a day-precise confirmed one."""
    from carewatch.facilities.services import facility_create
    from carewatch.incidents.services import incident_record_create
    from carewatch.incidents.values import PerpetratorValue
    from carewatch.people.services import person_fate_add
    from carewatch.sources.services import figure_record

    source = _report(verifier).source
    facility = facility_create(
        user=verifier,
        name_latin="Al-Amal Hospital",
        facility_type="secondary",
        place=idlib_district(),
    )
    first = make_incident(
        title="Hospital shelled",
        date_start=DAY,
        certainty="probable",
        counts={"killed_hw": Count(2), "injured_patients": Count(3, 5)},
        attack_types=["heavy_weapons"],
        perpetrators=[PerpetratorValue(category="state_forces", source_id=source.pk)],
    )
    second = make_incident(
        title="Airstrike, Idlib",
        date_start=datetime.date(2017, 9, 1),
        date_precision=3,
        certainty="confirmed",
        counts={"killed_hw": Count(4)},
        attack_types=["setting_fire"],
        facility_ids=[facility.pk],
        exact_lat=35.93,
        exact_lon=36.63,
        facility_damage="destroyed",
    )
    report = _report(verifier, "Insecurity Insight")
    incident_record_create(
        user=verifier,
        report=report,
        incident=second,
        fields={"date": DAY, "place_id": idlib_district().pk},
    )
    figure_record(
        user=verifier,
        report=report,
        quantity=4,
        measure="staff_killed",
        population="health_workers",
        quote="four staff",
        incident=second,
    )
    nurse = _person(verifier, None, name_latin="A nurse", profession="nurse")
    person_fate_add(person=nurse, user=verifier, fate="injured", incident=second, date=DAY)
    from carewatch.incidents.models import Incident

    return (
        Incident.objects.get(pk=first.pk),
        Incident.objects.get(pk=second.pk),
        _candidate("incident", first, second),
    )


# --- Finding candidates --------------------------------------------------------------------------


def _namesakes(verifier: Any, make_incident: Any) -> tuple[Any, Any]:
    """A dozen people, among them one nurse listed twice (Arabic and Latin spellings)."""
    given = ["Ahmad", "Omar", "Khaled", "Yusuf", "Hasan", "Ali", "Samer", "Fadi", "Bashar", "Rami"]
    families = [
        "al-Ahmad",
        "Darwish",
        "Haddad",
        "Kurdi",
        "Sabbagh",
        "Hamwi",
        "Shami",
        "Masri",
        "Tarabishi",
        "Jabri",
    ]
    for index, (first, family) in enumerate(zip(given, families, strict=True)):
        incident = make_incident(date_start=DAY - datetime.timedelta(days=40 * index))
        _person(
            verifier,
            incident,
            name_latin=f"{first} Mahmoud {family}",
            sex="male",
            age=20 + index,
            profession="doctor",
        )
    incident = make_incident(date_start=DAY)
    one = _person(verifier, incident, name_ar=UNCLEARED_AR, sex="male", age=34, profession="nurse")
    other = _person(
        verifier,
        incident,
        name_latin="Muhammed Abd Al Rahman Halaby",
        sex="male",
        age=35,
        profession="nurse",
    )
    return one, other


def test_the_linker_finds_the_duplicate_in_the_database_with_its_reasons_and_reruns_idempotently(
    verifier: Any, make_incident: Any
) -> None:
    one, other = _namesakes(verifier, make_incident)
    result = candidates_refresh(kind="person", user=verifier)
    assert result.records == 12 and result.created == result.found >= 1
    found = MatchCandidate.objects.get(
        kind="person", left_id=min(one.pk, other.pk), right_id=max(one.pk, other.pk)
    )
    assert found.score is not None and found.score > 0.5
    by_field = {r["field"]: r for r in found.reasons}
    assert by_field["family"]["verdict"] == "agree" and by_field["family"]["weight"] > 0
    # Every one of them is a man and none has a date of death: sex and date inform nothing here,
    # and the model fitted to the database leaves them out.
    assert {"given", "father", "family", "age"} <= set(by_field)
    assert not {"sex", "dod"} & set(by_field)
    rows = list(MatchCandidate.objects.values_list("left_id", "right_id", "status").order_by("id"))

    again = candidates_refresh(kind="person", user=verifier)
    assert (again.created, again.found, again.withdrawn) == (0, result.found, 0)
    assert (
        list(MatchCandidate.objects.values_list("left_id", "right_id", "status").order_by("id"))
        == rows
    )
    assert AuditEntry.objects.filter(action="carewatch.match.candidates_found").count() == 2


def test_decided_and_merged_pairs_are_neither_offered_again_nor_touched(
    verifier: Any, make_incident: Any
) -> None:
    one, other = _namesakes(verifier, make_incident)
    candidates_refresh(kind="person", user=verifier)
    found = MatchCandidate.objects.get(
        kind="person", left_id=min(one.pk, other.pk), right_id=max(one.pk, other.pk)
    )
    services.candidate_accept(candidate=found, user=verifier, expected_version=found.version)
    result = candidates_refresh(kind="person", user=verifier)
    assert result.records == 11
    assert _fresh(found).status == "accepted" and _fresh(found).score == found.score


def test_the_command_finds_incident_candidates(
    verifier: Any, make_incident: Any, capsys: Any
) -> None:
    for title in ("Shelling of the hospital", "Hospital shelled"):
        make_incident(title=title, date_start=DAY, exact_lat=35.93, exact_lon=36.63)
    for days in range(1, 6):
        make_incident(
            date_start=DAY - datetime.timedelta(days=90 * days), place_id=place("SY0200").pk
        )
    call_command("link", "candidates", "incidents", "--quiet")
    assert "7 records" in capsys.readouterr().out
    assert MatchCandidate.objects.filter(kind="incident").exists()


def test_the_labelled_pairs_are_the_latest_decision_of_each_pair_in_splinks_label_form(
    verifier: Any, pair: Any
) -> None:
    one, other, candidate = pair
    services.candidate_accept(
        candidate=candidate, user=verifier, expected_version=candidate.version
    )
    candidate = _fresh(candidate)
    services.candidate_split(candidate=candidate, user=verifier, expected_version=candidate.version)
    left, right = sorted((str(one.pk), str(other.pk)))
    assert labelled_pairs("person") == [LabelledPair(left, right, False)]
    assert MatchDecision.objects.filter(kind="person").count() == 2
    table = labels_table(
        [LabelledPair("1", "2", True), LabelledPair("3", "4", False), LabelledPair("9", "5", True)]
    )
    assert table.column_names == ["unique_id_l", "unique_id_r", "clerical_match_score"]
    assert table.to_pylist() == [
        {"unique_id_l": "1", "unique_id_r": "2", "clerical_match_score": 1.0},
        {"unique_id_l": "5", "unique_id_r": "9", "clerical_match_score": 1.0},
    ]


def test_training_reads_both_records_of_an_accepted_pair_even_after_the_merge(
    verifier: Any, make_incident: Any
) -> None:
    from carewatch.linkage.records import incident_records, person_records

    kept = _person(verifier, None, name_latin=UNCLEARED_LATIN)
    merged = _person(verifier, make_incident(), name_ar=UNCLEARED_AR)
    candidate = _candidate("person", kept, merged)
    services.candidate_accept(
        candidate=candidate, user=verifier, expected_version=candidate.version, survivor_id=kept.pk
    )
    assert [r.record_id for r in person_records()[0]] == [str(kept.pk)]
    records = {r.record_id: r for r in person_records(include={kept.pk, merged.pk})[0]}
    assert (
        records[str(merged.pk)].date_of_death == DAY
    )  # from the fate the merge moved to the kept person
    assert records[str(merged.pk)].name_ar == UNCLEARED_AR
    first, second = make_incident(), make_incident()
    pair = _candidate("incident", first, second)
    services.candidate_accept(
        candidate=pair, user=verifier, expected_version=pair.version, survivor_id=first.pk
    )
    assert str(second.pk) not in {r.record_id for r in incident_records()[0]}
    assert str(second.pk) in {r.record_id for r in incident_records(include={second.pk})[0]}


def test_a_name_saying_the_person_was_not_identified_is_no_name_to_the_linker(
    verifier: Any, make_incident: Any
) -> None:
    from carewatch.linkage.records import person_records

    unknown = _person(verifier, make_incident(), name_ar="مجهول الهوية", name_latin="Unidentified")
    known = _person(verifier, make_incident(), name_ar=UNCLEARED_AR)
    records = {r.record_id: r for r in person_records()[0]}
    assert (records[str(unknown.pk)].name_ar, records[str(unknown.pk)].name_latin) == ("", "")
    assert records[str(known.pk)].name_ar == UNCLEARED_AR


def test_training_uses_the_reviewers_matches(verifier: Any, make_incident: Any) -> None:
    one, other = _namesakes(verifier, make_incident)
    candidates_refresh(kind="person", user=verifier)
    found = MatchCandidate.objects.get(
        kind="person", left_id=min(one.pk, other.pk), right_id=max(one.pk, other.pk)
    )
    MatchDecision.objects.create(
        kind="person",
        left_id=found.left_id,
        right_id=found.right_id,
        action="accepted",
        is_match=True,
    )
    candidates_refresh(kind="person", user=verifier)  # trains m from the label, then scores
    assert _fresh(found).score is not None


# --- Decisions -----------------------------------------------------------------------------------


def test_accepting_merges_two_people_by_the_consolidation_rules(verifier: Any, pair: Any) -> None:
    one, other, candidate = pair
    decision = services.candidate_accept(
        candidate=candidate, user=verifier, expected_version=candidate.version, survivor_id=one.pk
    )
    survivor, absorbed = Person.objects.get(pk=one.pk), Person.objects.get(pk=other.pk)
    assert absorbed.merged_into_id == survivor.pk
    assert (survivor.name_ar, survivor.name_latin) == (UNCLEARED_AR, UNCLEARED_LATIN)
    assert (survivor.sex, survivor.profession, survivor.specialty) == ("male", "nurse", "ICU")
    assert (survivor.age, survivor.age_high) == (34, 36)  # both ages, as a range
    assert survivor.records.count() == 2
    assert survivor.fates.count() == 1 and absorbed.fates.count() == 1  # one death, not two
    assert (
        decision.is_match and decision.merge is not None and _fresh(candidate).status == "accepted"
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "carewatch.match.accepted",
        "carewatch.linkage.merged",
        "carewatch.person.merged",
        "carewatch.person.changed",
    } <= actions
    assert verify_chain() is None


def test_a_merge_never_makes_a_name_public(verifier: Any, pair: Any) -> None:
    from carewatch.people.services import person_set_clearance

    one, _other, candidate = pair
    person_set_clearance(
        person=one,
        user=verifier,
        clearance="cleared",
        cleared_by="family",
        expected_version=one.version,
    )
    services.candidate_accept(
        candidate=candidate, user=verifier, expected_version=candidate.version, survivor_id=one.pk
    )
    assert Person.objects.get(pk=one.pk).memorial_clearance == "not_cleared"


def test_un_merging_people_restores_both_exactly(verifier: Any, pair: Any) -> None:
    one, other, candidate = pair
    before = {p.pk: person_state(p) for p in (one, other)}
    services.candidate_accept(
        candidate=candidate, user=verifier, expected_version=candidate.version, survivor_id=other.pk
    )
    assert person_state(Person.objects.get(pk=other.pk)) != before[other.pk]
    candidate = _fresh(candidate)
    decision = services.candidate_split(
        candidate=candidate, user=verifier, expected_version=candidate.version, reason="two people"
    )
    after = {pk: person_state(Person.objects.get(pk=pk)) for pk in before}
    assert after == before
    assert not decision.is_match and _fresh(candidate).status == "split"
    assert Merge.objects.get().undone_at is not None
    assert {
        "carewatch.person.unmerged",
        "carewatch.person.restored",
        "carewatch.linkage.unmerged",
        "carewatch.match.split",
    } <= set(AuditEntry.objects.values_list("action", flat=True))
    assert verify_chain() is None


def test_accepting_merges_two_incidents_by_the_consolidation_rules(
    verifier: Any, incident_pair: Any
) -> None:
    first, second, candidate = incident_pair
    services.candidate_accept(
        candidate=candidate, user=verifier, expected_version=candidate.version, survivor_id=first.pk
    )
    from carewatch.incidents.models import Incident

    survivor, absorbed = Incident.objects.get(pk=first.pk), Incident.objects.get(pk=second.pk)
    assert (absorbed.state, absorbed.merged_into_id) == ("merged", survivor.pk)
    assert (
        survivor.title == "Hospital shelled" and survivor.date_start == DAY
    )  # the more precise date
    assert survivor.certainty == "confirmed" and survivor.facility_damage == "destroyed"
    assert (
        survivor.counts()["killed_hw"] == Count(4, None) or survivor.counts()["killed_hw"].low == 4
    )
    assert survivor.counts()["injured_patients"] == Count(3, 5)
    assert survivor.attack_types == ["heavy_weapons", "setting_fire"]
    assert (survivor.exact_lat, survivor.exact_lon) == (35.93, 36.63)
    assert survivor.facilities.count() == 1 and survivor.perpetrator_claims.count() == 1
    assert (
        survivor.records.count() == 1
        and survivor.figures.count() == 1
        and survivor.fates.count() == 1
    )


def test_counts_come_from_incidents_at_or_above_the_public_certainty(
    verifier: Any, make_incident: Any
) -> None:
    rumour = make_incident(certainty="rumour", counts={"killed_others": Count(40)})
    probable = make_incident(certainty="probable", counts={"killed_others": Count(3)})
    candidate = _candidate("incident", rumour, probable)
    services.candidate_accept(
        candidate=candidate,
        user=verifier,
        expected_version=candidate.version,
        survivor_id=rumour.pk,
    )
    from carewatch.incidents.models import Incident

    assert Incident.objects.get(pk=rumour.pk).counts()["killed_others"] == Count(3)


def test_un_merging_incidents_restores_both_exactly(verifier: Any, incident_pair: Any) -> None:
    from carewatch.incidents.models import Incident

    first, second, candidate = incident_pair
    before = {i.pk: incident_state(i) for i in (first, second)}
    services.candidate_accept(
        candidate=candidate, user=verifier, expected_version=candidate.version, survivor_id=first.pk
    )
    candidate = _fresh(candidate)
    services.candidate_split(candidate=candidate, user=verifier, expected_version=candidate.version)
    after = {pk: incident_state(Incident.objects.get(pk=pk)) for pk in before}
    assert after == before
    assert after[second.pk]["records"] and after[second.pk]["figures"] and after[second.pk]["fates"]


def test_merges_are_undone_last_first(verifier: Any, pair: Any, make_incident: Any) -> None:
    one, _other, candidate = pair
    third = _person(verifier, None, name_latin="M. Halabi")
    services.candidate_accept(
        candidate=candidate, user=verifier, expected_version=candidate.version, survivor_id=one.pk
    )
    later = _candidate("person", one, third)
    services.candidate_accept(
        candidate=later, user=verifier, expected_version=later.version, survivor_id=one.pk
    )
    first_pair = _fresh(candidate)
    with pytest.raises(MergeError):
        services.candidate_split(
            candidate=first_pair, user=verifier, expected_version=first_pair.version
        )
    later = _fresh(later)
    services.candidate_split(candidate=later, user=verifier, expected_version=later.version)
    services.candidate_split(
        candidate=first_pair, user=verifier, expected_version=first_pair.version
    )
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_rejecting_stores_a_non_match_and_changes_no_record(verifier: Any, pair: Any) -> None:
    one, other, candidate = pair
    before = {p.pk: person_state(p) for p in (one, other)}
    decision = services.candidate_reject(
        candidate=candidate, user=verifier, expected_version=candidate.version, reason="brothers"
    )
    assert (
        not decision.is_match
        and decision.reason == "brothers"
        and _fresh(candidate).status == "rejected"
    )
    assert {p.pk: person_state(p) for p in Person.objects.filter(pk__in=before)} == before
    assert AuditEntry.objects.filter(action="carewatch.match.rejected").count() == 1


def test_a_stale_version_changes_nothing(verifier: Any, pair: Any) -> None:
    _one, _other, candidate = pair
    with pytest.raises(MergeError):
        services.candidate_accept(
            candidate=candidate, user=verifier, expected_version=candidate.version + 1
        )
    services.candidate_reject(
        candidate=candidate, user=verifier, expected_version=candidate.version
    )
    with pytest.raises((MergeError, ConflictError)):
        services.candidate_reject(
            candidate=candidate, user=verifier, expected_version=candidate.version
        )
    assert MatchDecision.objects.count() == 1 and not Merge.objects.exists()


def test_bulk_accept_merges_only_pending_pairs_at_or_above_the_threshold(
    verifier: Any, make_incident: Any
) -> None:
    people = [_person(verifier, None, name_latin=f"Person {i}") for i in range(5)]
    high = _candidate("person", people[0], people[1], 0.99)
    chained = _candidate("person", people[1], people[2], 0.98)  # people[1] is merged by the first
    low = _candidate("person", people[3], people[4], 0.6)
    accepted, skipped = services.bulk_accept(
        candidates=[low, chained, high], user=verifier, threshold=0.95
    )
    assert (accepted, skipped) == (1, 1)
    assert [_fresh(c).status for c in (high, chained, low)] == ["accepted", "pending", "pending"]
    assert services.bulk_accept(candidates=[high], user=verifier, threshold=0.95) == (
        0,
        1,
    )  # a replay


def test_merging_a_pair_the_linker_missed(verifier: Any, pair: Any) -> None:
    one, _other, candidate = pair
    third = _person(verifier, None, name_latin="Someone else")
    decision = services.pair_merge(
        kind="person",
        survivor_id=third.pk,
        absorbed_id=one.pk,
        user=verifier,
        reason="same ID card",
    )
    assert decision.candidate is not None and decision.candidate.score is None
    assert Person.objects.get(pk=one.pk).merged_into_id == third.pk
    with pytest.raises(MergeError):  # one is merged now
        services.candidate_accept(
            candidate=candidate, user=verifier, expected_version=candidate.version
        )


# --- Pages ---------------------------------------------------------------------------------------


def test_the_queue_lists_pairs_best_first_and_filters_them(
    client: Any, verifier: Any, pair: Any
) -> None:
    one, _other, candidate = pair
    third = _person(verifier, None, name_latin="Third")
    low = _candidate("person", one, third, 0.4)
    client.force_login(verifier)
    rows = client.get(reverse("match-queue")).context["rows"]
    assert [c.pk for c, _l, _r in rows] == [candidate.pk, low.pk]
    rows = client.get(
        reverse("match-queue"), {"kind": "person", "status": "pending", "min_score": "0.5"}
    ).context["rows"]
    assert [c.pk for c, _l, _r in rows] == [candidate.pk]
    assert (
        client.get(reverse("match-queue"), {"kind": "incident", "status": "pending"}).context[
            "rows"
        ]
        == []
    )
    assert client.get(reverse("match-queue"), {"min_score": "abc"}).status_code == 200


def test_the_pair_page_shows_both_records_side_by_side_with_the_reasons(
    client: Any, verifier: Any, pair: Any
) -> None:
    _one, _other, candidate = pair
    client.force_login(verifier)
    before = audit_writes()
    text = client.get(reverse("match-detail", args=[candidate.pk])).content.decode()
    assert UNCLEARED_AR not in text and UNCLEARED_LATIN not in text  # not part of the page
    assert "withheld" in text and "?reveal=1" in text
    assert audit_writes() == before
    text = client.get(
        reverse("match-detail", args=[candidate.pk]), {"reveal": "1"}
    ).content.decode()
    assert UNCLEARED_AR in text and UNCLEARED_LATIN in text and ">the same</td>" in text
    assert 'class="disagree"' in text and 'class="agree"' in text
    assert AuditEntry.objects.filter(
        pk__gt=before, action="carewatch.person.restricted_viewed"
    ).exists()


def test_an_analyst_sees_the_queue_without_uncleared_names_and_cannot_decide(
    client: Any, analyst: Any, pair: Any
) -> None:
    _one, _other, candidate = pair
    client.force_login(analyst)
    for url in (reverse("match-queue"), reverse("match-detail", args=[candidate.pk])):
        text = client.get(url).content.decode()
        assert UNCLEARED_AR not in text and UNCLEARED_LATIN not in text and "Name withheld" in text
    assert 'name="accept"' not in text
    response = client.post(
        reverse("match-accept", args=[candidate.pk]),
        {"version": candidate.version, "keep": candidate.left_id},
    )
    assert response.status_code == 403 and _fresh(candidate).status == "pending"


@pytest.mark.parametrize("role", ["documenter", "communications"])
def test_other_roles_may_not_decide(client: Any, request: Any, pair: Any, role: str) -> None:
    _one, _other, candidate = pair
    client.force_login(request.getfixturevalue(role))
    for name in ("match-accept", "match-reject"):
        assert (
            client.post(
                reverse(name, args=[candidate.pk]), {"version": candidate.version}
            ).status_code
            == 403
        )
    assert (
        client.post(
            reverse("match-bulk-accept"),
            {"kind": "person", "threshold": "0.9", "ids": str(candidate.pk)},
        ).status_code
        == 403
    )
    assert _fresh(candidate).status == "pending"


def test_accept_reject_and_split_through_the_pages(client: Any, verifier: Any, pair: Any) -> None:
    one, other, candidate = pair
    before = person_state(one), person_state(other)
    client.force_login(verifier)
    url = reverse("match-accept", args=[candidate.pk])
    response = client.post(
        url, {"version": candidate.version, "keep": other.pk, "reason": "same nurse"}
    )
    assert response.status_code == 302 and Person.objects.get(pk=one.pk).merged_into_id == other.pk
    replay = client.post(url, {"version": candidate.version, "keep": other.pk})
    assert replay.status_code == 409
    candidate = _fresh(candidate)
    response = client.post(
        reverse("match-split", args=[candidate.pk]),
        {"version": candidate.version, "reason": "two people"},
    )
    assert response.status_code == 302
    assert (
        person_state(Person.objects.get(pk=one.pk)),
        person_state(Person.objects.get(pk=other.pk)),
    ) == before
    candidate = _fresh(candidate)
    assert (
        client.post(
            reverse("match-reject", args=[candidate.pk]), {"version": candidate.version}
        ).status_code
        == 302
    )
    assert _fresh(candidate).status == "rejected"


def test_forged_forms_are_refused_and_change_nothing(
    client: Any, verifier: Any, pair: Any, make_incident: Any
) -> None:
    one, _other, candidate = pair
    stranger = _person(verifier, None, name_latin="Not in this pair")
    client.force_login(verifier)
    url = reverse("match-accept", args=[candidate.pk])
    assert (
        client.post(url, {"version": candidate.version, "keep": stranger.pk}).status_code == 400
    )  # not one of the two
    assert client.post(url, {"keep": one.pk}).status_code == 400  # no version
    assert client.post(url, {"version": "x", "keep": one.pk}).status_code == 400
    assert client.post(url, {"version": candidate.version + 5, "keep": one.pk}).status_code == 409
    assert (
        client.post(reverse("match-accept", args=[candidate.pk + 999]), {"version": 1}).status_code
        == 404
    )
    assert (
        client.post(
            reverse("match-split", args=[candidate.pk]), {"version": candidate.version}
        ).status_code
        == 409
    )
    bulk = reverse("match-bulk-accept")
    assert (
        client.post(bulk, {"kind": "person", "threshold": "0.9", "ids": "1,abc"}).status_code == 400
    )
    assert (
        client.post(
            bulk, {"kind": "person", "threshold": "0.2", "ids": str(candidate.pk)}
        ).status_code
        == 400
    )
    assert client.post(bulk, {"kind": "robot", "threshold": "0.9"}).status_code == 400
    assert (
        _fresh(candidate).status == "pending"
        and not Merge.objects.exists()
        and not MatchDecision.objects.exists()
    )


def test_bulk_accept_through_the_pages_shows_the_pairs_then_accepts_exactly_those(
    client: Any, verifier: Any, pair: Any
) -> None:
    _one, _other, candidate = pair
    client.force_login(verifier)
    preview = client.get(reverse("match-bulk-accept"), {"kind": "person", "threshold": "0.95"})
    assert preview.status_code == 200 and [c.pk for c, _l, _r in preview.context["rows"]] == [
        candidate.pk
    ]
    data = {"kind": "person", "threshold": "0.95", "ids": str(candidate.pk)}
    assert client.post(reverse("match-bulk-accept"), data).status_code == 302
    assert _fresh(candidate).status == "accepted"
    assert (
        client.post(reverse("match-bulk-accept"), data).status_code == 302
    )  # a replay merges nothing more
    assert Merge.objects.count() == 1


def test_merging_by_hand_through_the_page(client: Any, verifier: Any, incident_pair: Any) -> None:
    first, second, _pair = incident_pair
    client.force_login(verifier)
    url = reverse("match-merge")
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {"kind": "incident", "keep": first.reference, "absorb": "CW-1900-000001", "reason": "x"},
    )
    assert bad.status_code == 400 and not Merge.objects.exists()
    good = client.post(
        url,
        {
            "kind": "incident",
            "keep": first.reference,
            "absorb": second.reference,
            "reason": "same attack",
        },
    )
    assert good.status_code == 302 and Merge.objects.count() == 1


def test_merged_people_leave_the_people_list(client: Any, verifier: Any, pair: Any) -> None:
    one, other, candidate = pair
    services.candidate_accept(
        candidate=candidate, user=verifier, expected_version=candidate.version, survivor_id=one.pk
    )
    client.force_login(verifier)
    listed = [p.pk for p in client.get(reverse("person-list")).context["page"]]
    assert one.pk in listed and other.pk not in listed


def test_the_pages_speak_arabic(client: Any, verifier: Any, pair: Any) -> None:
    _one, _other, candidate = pair
    client.force_login(verifier)
    client.cookies["carewatch_language"] = "ar"
    text = client.get(reverse("match-detail", args=[candidate.pk])).content.decode()
    assert 'dir="rtl"' in text and "Compare two records" not in text


def _model_levels() -> list[str]:
    from carewatch_core.linkage.incidents import incident_model
    from carewatch_core.linkage.persons import person_model

    return [
        level.label_for_charts
        for model in (incident_model(), person_model())
        for comparison in model.comparisons
        for level in comparison.comparison.get_comparison("duckdb").comparison_levels
    ]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_comparison_level_the_linker_names_is_read_in_the_reviewers_language(
    language: str,
) -> None:
    from django.utils import translation

    from carewatch.linkage.levels import reading

    labels = _model_levels()
    assert len(labels) > 60
    with translation.override(language):
        readings = {label: reading(label) for label in labels}
    assert [label for label, level in readings.items() if not level.translated] == []
    if language != "en":  # each reading differs from Splink's English and from the English reading
        with translation.override("en"):
            english = {label: reading(label).text for label in labels}
        assert [
            label for label, level in readings.items() if level.text in (label, english[label])
        ] == []
    with translation.override(language):
        assert reading("Levenshtein distance of given <= 2") == reading(
            "Levenshtein distance of given <= 2"
        )
        assert not reading("Levenshtein distance of given <= 2").translated


def test_the_readings_say_the_amounts_of_the_levels() -> None:
    from django.utils import translation

    from carewatch.linkage.levels import reading

    with translation.override("en"):
        assert reading("Abs difference of 'dod <= 31 day'").text == "within 31 days"
        assert reading("Absolute difference of 'age' <= 5").text == "within 5 years"
        assert reading("Absolute difference of 'killed' <= 2").text == "within 2 of each other"
        assert reading("Distance less than 10km").text == "within 10 km of each other"
        assert reading("Exact match on family_ph").text == "sound the same"


def test_the_arabic_pair_page_reads_the_levels_in_arabic_and_marks_an_unknown_one_english(
    client: Any, verifier: Any, pair: Any
) -> None:
    _one, _other, candidate = pair
    candidate.reasons = [
        *candidate.reasons,
        {"field": "age", "level": "Some future level", "weight": 1.0, "verdict": "agree"},
    ]
    candidate.save()
    client.force_login(verifier)
    client.cookies["carewatch_language"] = "ar"
    text = client.get(reverse("match-detail", args=[candidate.pk])).content.decode()
    assert "Exact match on given" not in text and "sex is NULL" not in text
    assert 'dir="ltr" lang="en">Some future level</td>' in text


def test_the_verdict_is_what_the_level_says_and_the_weight_never_contradicts_it() -> None:
    """The agreement level agrees, the last level and the levels the model names as differing
    disagree, the others are close; and training is bounded so that no weight says otherwise,
    even where EM learned that a different count speaks for a match."""
    from carewatch_core.linkage.incidents import DISAGREEING_LEVELS
    from carewatch_core.linkage.review import _level_verdicts
    from carewatch_core.linkage.training import bounded

    def level(label: str, m: float, u: float) -> dict[str, Any]:
        return {"label_for_charts": label, "m_probability": m, "u_probability": u}

    settings = {
        "probability_two_random_records_match": 0.001,
        "comparisons": [
            {
                "output_column_name": "facility",
                "comparison_levels": [
                    {"label_for_charts": "facility is NULL", "is_null_level": True},
                    level("another kind of facility", 0.2, 0.1),
                    level("Exact match on facility", 0.1, 0.3),
                    level("Jaro-Winkler distance of facility >= 0.9", 0.1, 0.1),
                    level("All other comparisons", 0.6, 0.5),
                ],
            }
        ],
    }
    verdicts = _level_verdicts(settings, DISAGREEING_LEVELS)["facility"]
    assert verdicts == {
        3: ("another kind of facility", "disagree"),
        2: ("Exact match on facility", "agree"),
        1: ("Jaro-Winkler distance of facility >= 0.9", "close"),
        0: ("All other comparisons", "disagree"),
        -1: ("facility is NULL", "missing"),
    }
    levels = bounded(settings, DISAGREEING_LEVELS)["comparisons"][0]["comparison_levels"]
    weights = {
        lv["label_for_charts"]: lv["m_probability"] / lv["u_probability"] for lv in levels[1:]
    }
    assert weights["another kind of facility"] <= 1 and weights["All other comparisons"] <= 1
    assert weights["Exact match on facility"] >= 1
