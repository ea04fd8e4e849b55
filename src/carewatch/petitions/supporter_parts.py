"""What petitions add to a supporter's export, erasure and merge (registered in apps.ready)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.petitions.choices import InvalidationKind, InvalidationState, SignatureState
from carewatch.petitions.counting import forget_count
from carewatch.petitions.models import Invalidation, Signature
from carewatch.supporters import services_supporters
from carewatch.supporters.models import Supporter


def exported(supporter: Supporter) -> list[dict[str, Any]]:
    rows = Signature.objects.filter(supporter=supporter).select_related("petition")
    return [
        {
            "petition": s.petition.slug,
            "state": s.state,
            "country": s.country,
            "name_to_targets": s.name_to_targets,
            "signed_at": s.created_at.isoformat(),
            "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
        }
        for s in rows.order_by("created_at", "pk")
    ]


def shown(supporter: Supporter) -> tuple[str, list[str], list[list[str]]]:
    """The supporter's signatures as their page shows them (translated)."""
    rows = Signature.objects.filter(supporter=supporter).select_related("petition")
    headers = [_("Petition"), _("State"), _("Country"), _("Signed"), _("Confirmed")]
    return (
        str(_("Signatures")),
        [str(h) for h in headers],
        [
            [
                s.petition.slug,
                str(s.get_state_display()),
                s.country,
                s.created_at.strftime("%Y-%m-%d %H:%M"),
                s.confirmed_at.strftime("%Y-%m-%d %H:%M") if s.confirmed_at else "",
            ]
            for s in rows.order_by("created_at", "pk")
        ],
    )


def erased(supporter: Supporter) -> None:
    """Keep the signatures (they stay counted) without what could point at the person."""
    Signature.objects.filter(supporter=supporter).update(
        address_key="", network_key="", email_domain="", name_to_targets=False
    )


def merged(keep: Supporter, duplicate: Supporter) -> None:
    """Move the duplicate's signatures to ``keep``. Where both signed one petition, the one that
    counts stays; if both count, the duplicate's is removed by an invalidation saying why."""
    mine = {s.petition_id: s for s in Signature.objects.filter(supporter=keep)}
    for theirs in Signature.objects.filter(supporter=duplicate).select_related("petition"):
        ours = mine.get(theirs.petition_id)
        if ours is None:
            Signature.objects.filter(pk=theirs.pk).update(supporter=keep)
        elif ours.state != SignatureState.CONFIRMED and theirs.state == SignatureState.CONFIRMED:
            ours.delete()
            Signature.objects.filter(pk=theirs.pk).update(supporter=keep)
        elif theirs.state == SignatureState.CONFIRMED:
            job = Invalidation.objects.create(
                petition=theirs.petition,
                kind=InvalidationKind.LIST,
                criteria={"merged_supporter": duplicate.pk},
                reason="The same person signed twice under two addresses (supporters merged).",
                state=InvalidationState.DONE,
                removed=1,
                requested_by="merge",
                finished_at=timezone.now(),
            )
            Signature.objects.filter(pk=theirs.pk).update(
                state=SignatureState.INVALIDATED, invalidated_by=job
            )
            forget_count(theirs.petition_id)
        else:
            theirs.delete()


def register() -> None:
    services_supporters.EXPORT_PARTS["signatures"] = exported
    services_supporters.SHOWN_PARTS["signatures"] = shown
    if erased not in services_supporters.ERASE_HOOKS:
        services_supporters.ERASE_HOOKS.append(erased)
    if merged not in services_supporters.MERGE_HOOKS:
        services_supporters.MERGE_HOOKS.append(merged)
