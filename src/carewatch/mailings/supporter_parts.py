"""What the newsletter adds to a supporter's export, page, erasure and merge, and its handlers
of unsubscriptions and suppressions (registered in apps.ready)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.lib.mail.verp import mailbox_key
from carewatch.mailings import services
from carewatch.mailings.choices import SubscriptionState
from carewatch.mailings.models import Delivery, Subscription
from carewatch.supporters import services as supporter_services
from carewatch.supporters import services_supporters
from carewatch.supporters.models import Supporter


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def exported(supporter: Supporter) -> list[dict[str, Any]]:
    rows = services.subscriptions_of(supporter).order_by("created_at", "pk")
    return [
        {
            "list": s.mailing_list.slug,
            "state": s.state,
            "language": s.language,
            "form": s.form,
            "subscribed_at": _when(s.created_at),
            "confirmed_at": _when(s.confirmed_at),
            "ended_at": _when(s.ended_at),
            "newsletters_sent": s.deliveries.filter(sent_at__isnull=False).count(),
        }
        for s in rows
    ]


def shown(supporter: Supporter) -> tuple[str, list[str], list[list[str]]]:
    rows = services.subscriptions_of(supporter).order_by("created_at", "pk")
    headers = [_("Mailing list"), _("State"), _("Language"), _("Subscribed"), _("Confirmed")]
    return (
        str(_("Newsletter subscriptions")),
        [str(h) for h in headers],
        [
            [
                s.mailing_list.name_in(supporter.language),
                str(s.get_state_display()),
                str(s.get_language_display()),
                s.created_at.strftime("%Y-%m-%d %H:%M"),
                s.confirmed_at.strftime("%Y-%m-%d %H:%M") if s.confirmed_at else "",
            ]
            for s in rows
        ],
    )


def erased(supporter: Supporter) -> None:
    """No more mail, and nothing left that finds the mailbox again (counts stay)."""
    rows = Subscription.objects.filter(supporter=supporter)
    rows.filter(state__in=services.ACTIVE).update(
        state=SubscriptionState.UNSUBSCRIBED, ended_at=timezone.now()
    )
    # A refusal's detail is the server's reply, which often quotes the address.
    Delivery.objects.filter(subscription__supporter=supporter).update(mailbox_key="", detail="")
    rows.update(mailbox_key="")


def merged(keep: Supporter, duplicate: Supporter) -> None:
    """Move the duplicate's subscriptions to ``keep`` where ``keep`` has none to that list; a
    list both have keeps ``keep``'s (confirmed if either was), and the duplicate's ends there,
    kept with the deliveries it had (the newsletters' figures stay)."""
    mine = {s.mailing_list_id: s for s in Subscription.objects.filter(supporter=keep)}
    for theirs in Subscription.objects.filter(supporter=duplicate):
        ours = mine.get(theirs.mailing_list_id)
        if ours is None:
            Subscription.objects.filter(pk=theirs.pk).update(
                supporter=keep, mailbox_key=mailbox_key(keep.email)
            )
            continue
        if (
            theirs.state == SubscriptionState.CONFIRMED
            and ours.state != SubscriptionState.CONFIRMED
        ):
            Subscription.objects.filter(pk=ours.pk).update(
                state=SubscriptionState.CONFIRMED, confirmed_at=theirs.confirmed_at, ended_at=None
            )
        Subscription.objects.filter(pk=theirs.pk).update(
            state=SubscriptionState.UNSUBSCRIBED, ended_at=timezone.now(), mailbox_key=""
        )


def register() -> None:
    services_supporters.EXPORT_PARTS["subscriptions"] = exported
    services_supporters.SHOWN_PARTS["subscriptions"] = shown
    if erased not in services_supporters.ERASE_HOOKS:
        services_supporters.ERASE_HOOKS.append(erased)
    if merged not in services_supporters.MERGE_HOOKS:
        services_supporters.MERGE_HOOKS.append(merged)
    supporter_services.SCOPE_HANDLERS["newsletter"] = services.unsubscribed
    if services.suppressed not in supporter_services.SUPPRESSION_HOOKS:
        supporter_services.SUPPRESSION_HOOKS.append(services.suppressed)
