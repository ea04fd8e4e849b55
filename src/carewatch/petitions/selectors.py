"""Which petitions a visitor may open: the public see open and closed ones; campaign staff see
drafts too (to read them before they go out)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carewatch.accounts.permissions import can
from carewatch.petitions.choices import PetitionStatus
from carewatch.petitions.models import Petition


def petitions_for(user: Any) -> QuerySet[Petition]:
    rows = Petition.objects.select_related("call_to_action").prefetch_related(
        "texts", "external", "targets"
    )
    if can(user, "supporter.view"):
        return rows
    return rows.exclude(status=PetitionStatus.DRAFT)


def managed_petitions(user: Any) -> QuerySet[Petition]:
    return Petition.objects.all() if can(user, "supporter.manage") else Petition.objects.none()


def open_to_sign(user: Any) -> QuerySet[Petition]:
    """The petitions a form may be sent to, as plain rows (signing is the hot path: nothing of
    what their pages show); a closed one is refused by the signing service with its reason."""
    rows = Petition.objects.all()
    return rows if can(user, "supporter.view") else rows.exclude(status=PetitionStatus.DRAFT)
