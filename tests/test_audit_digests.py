"""Restricted values in the audit log are keyed digests; old unkeyed ones are re-sealed (S5, S20, issue 16.2)."""

from __future__ import annotations

import datetime
import importlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings

from carewatch.audit import digests
from carewatch.audit.digests import legacy_digest, matches
from carewatch.audit.models import AuditEntry
from carewatch.audit.sealing import RESEALED_ACTION, anchor_holds
from carewatch.audit.services import log_action, snapshot, verify_chain
from carewatch.people.models import Person

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1987, 3, 14)


def every_date() -> list[datetime.date]:
    start = datetime.date(1920, 1, 1)
    return [start + datetime.timedelta(days=n) for n in range(365 * 100)]


def brute_force(stored: str, make: Any, candidates: list[Any]) -> Any:
    return next((c for c in candidates if make(c) == stored), None)


def test_a_date_of_birth_is_stored_as_a_keyed_digest_that_the_unkeyed_search_cannot_reverse() -> (
    None
):
    stored = snapshot(Person(name_latin="Canary Person", date_of_birth=BIRTH), "person")[
        "date_of_birth"
    ]
    assert stored.startswith("hmac-sha256:") and "1987" not in stored
    # The attack of the finding: try every date, hashed as the old entries were. Nothing matches.
    assert brute_force(stored, legacy_digest, every_date()) is None
    # With a key that is not the instance's, neither.
    with override_settings(CAREWATCH_AUDIT_KEY="a-guessed-key-that-is-not-the-instances-key"):
        assert brute_force(stored, digests.digest, every_date()) is None
    # The same search with the instance's key finds it: the search itself works.
    assert brute_force(stored, digests.digest, every_date()) == BIRTH
    assert matches(stored, BIRTH) and not matches(stored, BIRTH.replace(day=15))


def test_an_exact_point_cannot_be_recovered_coordinate_by_coordinate(make_incident: Any) -> None:
    incident = make_incident(exact_lat=Decimal("35.93012"), exact_lon=Decimal("36.63417"))
    entry = (
        AuditEntry.objects.filter(object_type="incidents.incident", object_id=str(incident.pk))
        .order_by("id")
        .first()
    )
    text = json.dumps(entry.after)
    assert "35.93012" not in text and "36.63417" not in text
    lat = entry.after["exact_lat"]
    candidates = [f"{35 + n / 100_000:.5f}" for n in range(100_000)]
    assert brute_force(lat, legacy_digest, candidates) is None
    assert brute_force(lat, digests.digest, candidates) == "35.93012"


def test_outside_production_the_key_is_a_file_in_the_data_folder(tmp_path: Path) -> None:
    with override_settings(CAREWATCH_AUDIT_KEY="", DATA_DIR=tmp_path):
        first = digests.digest("x")
        key_file = tmp_path / "audit.key"
        assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
        assert len(key_file.read_text()) == 64
        assert digests.digest("x") == first
    assert digests.digest("x") != first


def write_old_entries(verifier: Any) -> list[AuditEntry]:
    """Entries as an instance wrote them before keyed digests."""
    return [
        log_action(
            action="carewatch.test.plain",
            actor=verifier,
            object_type="test",
            object_id="1",
            after={"i": 1},
        ),
        log_action(
            action="carewatch.person.changed",
            actor=verifier,
            object_type="people.person",
            object_id="2",
            before={
                "date_of_birth": legacy_digest("1987-03-14"),
                "search_key": "nizar canarysearch",
            },
            after={
                "date_of_birth": legacy_digest("1987-03-15"),
                "search_key": "nizar canarysearch",
            },
        ),
        log_action(
            action="carewatch.facility.changed",
            actor=verifier,
            object_type="facilities.facility",
            object_id="3",
            after={
                "exact_lat": legacy_digest("35.93012"),
                "nested": [{"lon": legacy_digest("36.63417")}],
            },
        ),
        log_action(
            action="carewatch.test.plain",
            actor=verifier,
            object_type="test",
            object_id="4",
            after={"i": 4},
        ),
    ]


def test_the_reseal_replaces_unkeyed_digests_and_keeps_the_chain_and_the_old_anchor(
    verifier: Any, capsys: Any
) -> None:
    old = write_old_entries(verifier)
    old_head = (old[-1].id, old[-1].entry_hash)
    call_command("audit", "reseal", "--reason", "upgrade")
    out = capsys.readouterr().out
    assert f"{old_head[0]}, {old_head[1]}" in out
    assert verify_chain() is None
    text = json.dumps(
        [e.before for e in AuditEntry.objects.all()] + [e.after for e in AuditEntry.objects.all()]
    )
    assert legacy_digest("1987-03-14") not in text and '"sha256:' not in text
    assert (
        "canarysearch" not in text
    )  # a name's search key, logged in clear before it was classed restricted
    person = AuditEntry.objects.get(pk=old[1].pk)
    assert matches(person.before["date_of_birth"], "1987-03-14") and matches(
        person.after["date_of_birth"], "1987-03-15"
    )
    assert matches(AuditEntry.objects.get(pk=old[2].pk).after["nested"][0]["lon"], "36.63417")
    assert matches(person.after["search_key"], "nizar canarysearch")
    # The first entry had no digest: its hash, and an anchor on it, are unchanged.
    assert AuditEntry.objects.get(pk=old[0].pk).entry_hash == old[0].entry_hash
    seal = AuditEntry.objects.get(action=RESEALED_ACTION)
    assert (
        seal.after["old_head"] == {"id": old_head[0], "hash": old_head[1]}
        and seal.after["digests_replaced"] == 6
    )
    assert seal.reason == "upgrade"
    assert anchor_holds(AuditEntry, *old_head)
    call_command("audit", "verify", "--anchor", f"{old_head[0]}:{old_head[1]}")
    with pytest.raises(CommandError, match="does not match"):
        call_command("audit", "verify", "--anchor", f"{old_head[0]}:{'0' * 64}")
    # Appending goes on from the new segment; a second re-seal has nothing to do.
    log_action(
        action="carewatch.test.after", actor=verifier, object_type="test", object_id="5", after={}
    )
    assert verify_chain() is None
    call_command("audit", "reseal")
    assert "nothing to re-seal" in capsys.readouterr().out


def test_a_broken_chain_is_not_resealed(verifier: Any) -> None:
    old = write_old_entries(verifier)
    AuditEntry.objects.filter(pk=old[1].pk).update(reason="edited")
    with pytest.raises(CommandError, match=f"broken at entry {old[1].pk}"):
        call_command("audit", "reseal")
    assert not AuditEntry.objects.filter(action=RESEALED_ACTION).exists()
    assert AuditEntry.objects.get(pk=old[2].pk).after["exact_lat"] == legacy_digest("35.93012")


def test_a_database_upgraded_through_the_digest_migration_verifies(verifier: Any) -> None:
    """The migration's own function, on entries as an old instance wrote them (run in the test's
    transaction: migrating back and forth would need a transactional test, which empties the
    gazetteer for the tests after it)."""
    from django.apps import apps

    migration = importlib.import_module("carewatch.audit.migrations.0002_reseal_digests")
    assert ("audit", "0002_reseal_digests") in MigrationLoader(connection).applied_migrations
    old = write_old_entries(verifier)
    migration.reseal_old_digests(apps, None)
    assert verify_chain() is None
    seal = AuditEntry.objects.get(action=RESEALED_ACTION)
    assert seal.actor_label == "migration audit 0002"
    assert seal.after["old_head"] == {"id": old[-1].id, "hash": old[-1].entry_hash}
    assert '"sha256:' not in json.dumps([e.after for e in AuditEntry.objects.all()])
