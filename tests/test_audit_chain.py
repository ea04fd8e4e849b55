"""The audit log is append-only and hash-chained: edits, deletions and reordering are detected."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from carewatch.audit.models import AuditEntry
from carewatch.audit.services import log_action, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(verifier: Any) -> list[AuditEntry]:
    return [
        log_action(
            action=f"carewatch.test.step{i}",
            actor=verifier,
            object_type="test",
            object_id=str(i),
            after={"i": i},
        )
        for i in range(5)
    ]


def test_an_intact_chain_verifies(chain: list[AuditEntry]) -> None:
    assert verify_chain() is None
    call_command("audit", "verify")


def test_editing_a_row_in_the_database_is_detected(chain: list[AuditEntry]) -> None:
    AuditEntry.objects.filter(pk=chain[2].pk).update(after={"i": 99})
    assert verify_chain() == chain[2]
    with pytest.raises(CommandError, match=str(chain[2].pk)):
        call_command("audit", "verify")


def test_deleting_a_row_in_the_database_is_detected(chain: list[AuditEntry]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [chain[1].pk])
    assert verify_chain() == chain[2]


def test_swapping_two_rows_is_detected(chain: list[AuditEntry]) -> None:
    a, b = chain[1], chain[3]
    AuditEntry.objects.filter(pk=a.pk).update(action=b.action, object_id=b.object_id, after=b.after)
    assert verify_chain() == chain[1]


def test_entries_cannot_be_changed_or_deleted_through_the_model(chain: list[AuditEntry]) -> None:
    with pytest.raises(PermissionError):
        chain[0].save()
    with pytest.raises(PermissionError):
        chain[0].delete()


def test_anchor_prints_the_latest_hash(chain: list[AuditEntry], capsys: Any) -> None:
    call_command("audit", "anchor")
    assert chain[-1].entry_hash in capsys.readouterr().out
