"""Which petitions a visitor may open: the public see open and closed ones; campaign staff see
drafts too (to read them before they go out)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from carewatch.accounts.permissions import can
from carewatch.petitions.choices import PetitionStatus
from carewatch.petitions.models import Petition, PetitionText


def petitions_for(user: Any) -> QuerySet[Petition]:
    rows = Petition.objects.select_related("call_to_action").prefetch_related(
        "texts", "external", "targets"
    )
    if can(user, "supporter.view"):
        return rows
    return rows.exclude(status=PetitionStatus.DRAFT)


def managed_petitions(user: Any) -> QuerySet[Petition]:
    return Petition.objects.all() if can(user, "supporter.manage") else Petition.objects.none()


def open_to_sign(user: Any, language: str) -> QuerySet[Petition]:
    """The petitions a form may be sent to (without what their pages show: signing is the hot
    path); a closed one is refused by the signing service with its reason. Each carries its title
    in the signer's ``language`` (else its first) for the confirmation message, read in the same
    query."""
    texts = PetitionText.objects.filter(petition=OuterRef("pk"))
    rows = Petition.objects.select_related("call_to_action").annotate(
        signer_language=Value(language),
        title_for_signer=Coalesce(
            Subquery(texts.filter(language=language).values("title")[:1]),
            Subquery(texts.order_by("language").values("title")[:1]),
        ),
    )
    return rows if can(user, "supporter.view") else rows.exclude(status=PetitionStatus.DRAFT)
