"""Incident services: every write audited, optimistic locking, workflow rules."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from tests.conftest import incident_values

from carewatch.audit.models import AuditEntry
from carewatch.incidents import services
from carewatch.incidents.models import Incident
from carewatch.lib.common import ConflictError
from carewatch_core.counts import Count

pytestmark = pytest.mark.django_db


def test_creating_an_incident_writes_an_audit_entry_with_its_values(verifier: Any) -> None:
    incident = services.incident_create(user=verifier, values=incident_values())
    entry = AuditEntry.objects.get(action="carewatch.incident.created", object_id=str(incident.pk))
    assert entry.actor == verifier
    assert entry.after["title"] == "Airstrike on a hospital"
    assert entry.after["counts"]["killed_hw"] == [2, None]
    assert "attack_type:heavy_weapons" in entry.after["tags"]


def test_it_gives_each_incident_a_readable_reference_from_its_year(make_incident: Any) -> None:
    incident = make_incident()
    assert incident.reference == f"CW-2017-{incident.pk:06d}"


def test_an_unknown_count_is_stored_as_unknown_not_zero(make_incident: Any) -> None:
    incident = make_incident(counts={"killed_hw": Count(), "injured_hw": Count(0)})
    counts = incident.counts()
    assert "killed_hw" not in counts
    assert counts["injured_hw"] == Count(0)


def test_a_range_is_kept_as_a_range(make_incident: Any) -> None:
    assert make_incident().counts()["injured_patients"] == Count(3, 5)


def test_updating_records_before_and_after_and_bumps_the_version(
    make_incident: Any, verifier: Any
) -> None:
    incident = make_incident()
    services.incident_update(
        incident=incident,
        user=verifier,
        values=incident_values(title="Second strike"),
        expected_version=1,
        reason="typo",
    )
    incident.refresh_from_db()
    assert (incident.title, incident.version) == ("Second strike", 2)
    entry = AuditEntry.objects.get(action="carewatch.incident.changed")
    assert (entry.before["title"], entry.after["title"], entry.reason) == (
        "Airstrike on a hospital",
        "Second strike",
        "typo",
    )


def test_the_second_of_two_concurrent_saves_gets_a_conflict_and_the_first_is_kept(
    make_incident: Any, verifier: Any, admin: Any
) -> None:
    incident = make_incident()
    first = Incident.objects.get(pk=incident.pk)
    second = Incident.objects.get(pk=incident.pk)
    services.incident_update(
        incident=first, user=verifier, values=incident_values(title="First"), expected_version=1
    )
    with pytest.raises(ConflictError):
        services.incident_update(
            incident=second, user=admin, values=incident_values(title="Second"), expected_version=1
        )
    incident.refresh_from_db()
    assert incident.title == "First"
    assert incident.version == 2
    assert not AuditEntry.objects.filter(action="carewatch.incident.changed", actor=admin).exists()


def test_a_conflicting_save_leaves_the_tags_and_counts_untouched(
    make_incident: Any, verifier: Any
) -> None:
    incident = make_incident()
    services.incident_update(
        incident=incident, user=verifier, values=incident_values(), expected_version=1
    )
    with pytest.raises(ConflictError):
        services.incident_update(
            incident=incident,
            user=verifier,
            values=incident_values(attack_types=["fire"], counts={}),
            expected_version=1,
        )
    incident.refresh_from_db()
    assert incident.attack_types == ["heavy_weapons"]
    assert incident.counts()["killed_hw"] == Count(2)


def test_verifying_is_audited_with_its_reason(make_incident: Any, verifier: Any) -> None:
    incident = make_incident(state="submitted")
    services.incident_set_state(
        incident=incident,
        user=verifier,
        state="verified",
        certainty="confirmed",
        expected_version=1,
        reason="two sources",
    )
    entry = AuditEntry.objects.get(action="carewatch.incident.verified")
    assert entry.before["state"] == "submitted"
    assert entry.after == {
        "state": "verified",
        "certainty": "confirmed",
        "state_reason": "two sources",
    }


def test_rejecting_needs_a_reason(make_incident: Any, verifier: Any) -> None:
    incident = make_incident(state="submitted")
    with pytest.raises(services.InvalidTransition):
        services.incident_set_state(
            incident=incident, user=verifier, state="rejected", expected_version=1, reason=" "
        )
    incident.refresh_from_db()
    assert incident.state == "submitted"


def test_a_merged_incident_cannot_change_state(make_incident: Any, verifier: Any) -> None:
    incident = make_incident(state="under_review")
    services.incident_merge(
        incident=incident,
        into=make_incident(),
        user=verifier,
        reason="duplicate",
        expected_version=1,
    )
    with pytest.raises(services.InvalidTransition):
        services.incident_set_state(
            incident=incident, user=verifier, state="verified", expected_version=2
        )


def test_a_field_submission_keeps_the_report_its_record_and_a_submitted_incident(
    documenter: Any,
) -> None:
    values = incident_values(
        title="قصف مشفى", narrative="قصف الطيران المشفى صباحاً", narrative_language="ar"
    )
    incident = services.incident_submit(
        user=documenter,
        values=values,
        language="ar",
        place_text="معرة النعمان",
        informant_name="Witness One",
    )
    record = incident.records.get()
    assert incident.state == "submitted"
    assert record.report.kind == "field_form"
    assert record.report.source.name == services.FIELD_TEAM_SOURCE
    assert record.report.original_text == "قصف الطيران المشفى صباحاً"
    assert record.report.submitted_by == documenter
    assert record.counts["killed_hw"] == [2, None]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "carewatch.report.received",
        "carewatch.incident.created",
        "carewatch.incident_record.created",
    } <= actions


def test_the_audit_log_keeps_no_exact_coordinates_or_witness_names(documenter: Any) -> None:
    values = incident_values(exact_lat=35.931337, exact_lon=36.631337)
    services.incident_submit(
        user=documenter, values=values, language="en", informant_name="CANARY-WITNESS-7731"
    )
    dump = " ".join(str(e.before) + str(e.after) for e in AuditEntry.objects.all())
    assert "35.931337" not in dump
    assert "CANARY-WITNESS-7731" not in dump


def test_the_incident_takes_its_governorate_and_district_from_its_place(make_incident: Any) -> None:
    incident = make_incident()
    assert incident.governorate.level == 1
    assert incident.district.level == 2
    assert incident.governorate.name_en in {"Idleb", "Idlib"}


def test_linking_a_record_to_another_incident_is_audited_and_reversible(
    make_incident: Any, verifier: Any, documenter: Any
) -> None:
    submitted = services.incident_submit(user=documenter, values=incident_values(), language="en")
    target = make_incident(date_start=datetime.date(2017, 9, 20))
    record = submitted.records.get()
    services.incident_record_link(
        record=record, incident=target, user=verifier, reason="same attack"
    )
    services.incident_record_link(record=record, incident=submitted, user=verifier, reason="undo")
    record.refresh_from_db()
    assert record.incident == submitted
    assert AuditEntry.objects.filter(action="carewatch.incident_record.linked").count() == 2


def test_an_incident_cannot_be_created_merged_or_rejected_without_a_reason(verifier: Any) -> None:
    with pytest.raises(services.InvalidTransition):
        services.incident_create(user=verifier, values=incident_values(), state="merged")
    with pytest.raises(services.InvalidTransition):
        services.incident_create(user=verifier, values=incident_values(), state="rejected")
    assert not Incident.objects.exists()


def test_merging_then_unmerging_restores_the_previous_state_exactly(
    make_incident: Any, verifier: Any
) -> None:
    keep = make_incident()
    duplicate = make_incident(state="under_review")
    services.incident_merge(
        incident=duplicate,
        into=keep,
        user=verifier,
        reason="same attack, two sources",
        expected_version=1,
    )
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into) == ("merged", keep)
    services.incident_unmerge(
        incident=duplicate, user=verifier, reason="different days", expected_version=2
    )
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into, duplicate.state_reason) == (
        "under_review",
        None,
        "",
    )
    actions = list(
        AuditEntry.objects.filter(object_id=str(duplicate.pk)).values_list("action", flat=True)
    )
    assert actions[-2:] == ["carewatch.incident.merged", "carewatch.incident.unmerged"]


def test_an_incident_cannot_be_merged_into_itself(make_incident: Any, verifier: Any) -> None:
    incident = make_incident()
    with pytest.raises(services.InvalidTransition):
        services.incident_merge(
            incident=incident, into=incident, user=verifier, reason="x", expected_version=1
        )
