"""What events add to a supporter's export, page, erasure and merge (registered in apps.ready)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from carewatch.events.models import Follower, Registration
from carewatch.supporters import services_supporters
from carewatch.supporters.models import Supporter


def _rows(supporter: Supporter) -> Any:
    return (
        Registration.objects.filter(supporter=supporter)
        .select_related("event", "ticket_type")
        .order_by("created_at", "pk")
    )


def exported(supporter: Supporter) -> list[dict[str, Any]]:
    registrations = [
        {
            "event": r.event.slug,
            "ticket_type": r.ticket_type.code if r.ticket_type else None,
            "state": r.state,
            "seats": r.seats,
            "amount_due": str(r.amount_due),
            "registered_at": r.created_at.isoformat(),
            "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
        }
        for r in _rows(supporter)
    ]
    follows = [
        {"event": f.event.slug, "since": f.created_at.isoformat(), "updates": True}
        for f in Follower.objects.filter(supporter=supporter).select_related("event")
    ]
    return registrations + follows


def shown(supporter: Supporter) -> tuple[str, list[str], list[list[str]]]:
    headers = [_("Event"), _("Ticket"), _("State"), _("Registered"), _("Checked in")]
    return (
        str(_("Events")),
        [str(h) for h in headers],
        [
            [
                r.event.slug,
                r.ticket_type.name_in(supporter.language) if r.ticket_type else "",
                str(r.get_state_display()),
                r.created_at.strftime("%Y-%m-%d %H:%M"),
                r.checked_in_at.strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
            ]
            for r in _rows(supporter)
        ],
    )


def erased(supporter: Supporter) -> None:
    """Registrations stay (attendance counts stay whole); updates stop."""
    Follower.objects.filter(supporter=supporter).delete()


def merged(keep: Supporter, duplicate: Supporter) -> None:
    Registration.objects.filter(supporter=duplicate).update(supporter=keep)
    theirs = Follower.objects.filter(supporter=duplicate)
    mine = set(Follower.objects.filter(supporter=keep).values_list("event_id", flat=True))
    theirs.filter(event_id__in=mine).delete()
    theirs.update(supporter=keep)


def register() -> None:
    services_supporters.EXPORT_PARTS["events"] = exported
    services_supporters.SHOWN_PARTS["events"] = shown
    if erased not in services_supporters.ERASE_HOOKS:
        services_supporters.ERASE_HOOKS.append(erased)
    if merged not in services_supporters.MERGE_HOOKS:
        services_supporters.MERGE_HOOKS.append(merged)
