"""Subscribing (double opt-in), confirming, choosing lists and language, unsubscribing, and what
a bounce or a complaint does to subscriptions (audited; the log names supporters and
subscriptions by id, never an address).

A subscription counts only once its address is confirmed: ``subscribe`` records it unconfirmed
and queues the confirmation message; the message's link (a signed token that expires) confirms
it once, however often it is opened. The answer to the form is the same whatever the address's
state, so the form tells nobody who is subscribed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from carewatch.audit.services import log_action
from carewatch.lib.mail.verp import mailbox_key
from carewatch.mailings.choices import DeliveryState, SubscriptionState
from carewatch.mailings.models import Delivery, MailingList, Subscription
from carewatch.supporters.choices import ConsentPurpose, SuppressionReason
from carewatch.supporters.guards import check_domain
from carewatch.supporters.jobs import queue_message
from carewatch.supporters.models import Supporter
from carewatch.supporters.services import lift_unsubscription
from carewatch.supporters.services_supporters import Details, found_or_created, record_consent

CONFIRM_SALT = "carewatch.mailings.confirm"
PREFERENCES_SALT = "carewatch.mailings.preferences"
#: The version of the words beside the subscription form's choice (forms.SUBSCRIBE_WORDS).
CONSENT_VERSION = "newsletter-2026-12"
#: The ``source`` of suppressions the newsletter sender makes itself (a refusal on sending).
SENDER_SOURCE = "newsletter"
ACTIVE = (SubscriptionState.UNCONFIRMED, SubscriptionState.CONFIRMED)
_ENDED_BY = {
    SuppressionReason.HARD_BOUNCE: SubscriptionState.BOUNCED,
    SuppressionReason.COMPLAINT: SubscriptionState.COMPLAINED,
    SuppressionReason.UNSUBSCRIBED: SubscriptionState.UNSUBSCRIBED,
    SuppressionReason.STAFF: SubscriptionState.UNSUBSCRIBED,
}
_DELIVERY_BY = {
    SuppressionReason.HARD_BOUNCE: DeliveryState.BOUNCED,
    SuppressionReason.COMPLAINT: DeliveryState.COMPLAINED,
}


def confirm_url(subscription: Subscription) -> str:
    token = signing.dumps({"s": subscription.pk}, salt=CONFIRM_SALT)
    return settings.CAREWATCH_SITE_URL + reverse("newsletter-confirm", args=[token])


def preferences_token(supporter_id: int) -> str:
    """A signed link to one supporter's choices (no expiry: it is in every newsletter; all it
    can do is change what that mailbox receives)."""
    return signing.dumps({"p": supporter_id}, salt=PREFERENCES_SALT)


def preferences_url(supporter_id: int) -> str:
    token = preferences_token(supporter_id)
    return settings.CAREWATCH_SITE_URL + reverse("newsletter-preferences", args=[token])


def supporter_of(token: str) -> Supporter | None:
    try:
        data = signing.loads(token, salt=PREFERENCES_SALT)
    except signing.BadSignature:
        return None
    pk = data.get("p") if isinstance(data, dict) else None
    return Supporter.objects.filter(pk=pk, erased_at__isnull=True).first() if pk else None


@transaction.atomic
def subscribe(
    *,
    mailing_list: MailingList,
    details: Details,
    words: str,
    shown_in: str,
    form: str,
    generated: bool = False,
) -> Subscription:
    """Record the wish to receive ``mailing_list`` (in ``details.language``) and queue the
    confirmation message (none for an address already confirmed); ``words`` are the consent's
    words as the form showed them, in ``shown_in`` (the page's language). FormRefused or
    SupporterRefused say why not."""
    check_domain(details.email)
    supporter, _created, _filled = found_or_created(details=details, form=form, generated=generated)
    record_consent(
        supporter=supporter,
        purpose=ConsentPurpose.NEWSLETTER,
        version=CONSENT_VERSION,
        language=shown_in,
        text=words,
        given=True,
        form=form,
        audited=False,
    )
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        mailing_list=mailing_list,
        supporter=supporter,
        defaults={
            "mailbox_key": mailbox_key(details.email),
            "language": details.language,
            "form": form[:60],
            "generated": generated,
        },
    )
    before = subscription.state
    if not created and before != SubscriptionState.CONFIRMED:
        subscription.state = SubscriptionState.UNCONFIRMED
        subscription.language = details.language
        subscription.save(update_fields=["state", "language"])
    if subscription.state == SubscriptionState.UNCONFIRMED and not generated:
        _queue_confirmation(subscription, details.email)
    log_action(  # last: it holds the audit chain's lock until the commit
        action="carewatch.subscription.requested",
        actor=form,
        obj=subscription,
        before=None if created else {"state": before},
        after={"supporter": supporter.pk, "list": mailing_list.slug, "state": subscription.state},
    )
    return subscription


def _queue_confirmation(subscription: Subscription, email: str) -> None:
    language = subscription.language
    data = {
        "list_name": subscription.mailing_list.name_in(language),
        "confirm_url": confirm_url(subscription),
        "days": settings.CAREWATCH_CONFIRM_DAYS,
    }
    queue_message(
        to=email,
        template="newsletter_confirm",
        data=data,
        language=language,
        scope=f"newsletter:{subscription.mailing_list_id}",
        requested=True,
    )


def subscription_of(token: str) -> Subscription | None:
    """The subscription a confirmation link names, if the link is ours and not expired."""
    try:
        data = signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.CAREWATCH_CONFIRM_DAYS * 86400
        )
    except signing.BadSignature:
        return None
    pk = data.get("s") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    return Subscription.objects.select_related("mailing_list").filter(pk=pk).first()


@transaction.atomic
def confirm(*, subscription: Subscription, source: str = "link") -> Subscription:
    """Confirm an unconfirmed subscription; any other state is left as it is (an old link
    must not undo a later unsubscription)."""
    changed = Subscription.objects.filter(
        pk=subscription.pk, state=SubscriptionState.UNCONFIRMED
    ).update(state=SubscriptionState.CONFIRMED, confirmed_at=timezone.now(), ended_at=None)
    subscription.refresh_from_db()
    if changed:
        lift_unsubscription(mailbox=subscription.mailbox_key, source=source)
        log_action(
            action="carewatch.subscription.confirmed",
            actor=source,
            obj=subscription,
            after={"state": subscription.state},
        )
    return subscription


def subscriptions_of(supporter: Supporter) -> QuerySet[Subscription]:
    return Subscription.objects.filter(supporter=supporter).select_related("mailing_list")


@transaction.atomic
def set_preferences(*, supporter: Supporter, lists: set[int], language: str) -> list[str]:
    """What the preference page sends: the lists wanted (ids) and the language. The link came
    in the person's own mail, so a list chosen there needs no further confirmation. Returns
    what changed (slugs with + or -, and the language)."""
    changed: list[str] = []
    now = timezone.now()
    key = mailbox_key(supporter.email)
    wanted = MailingList.objects.filter(pk__in=lists)
    held = {s.mailing_list_id: s for s in subscriptions_of(supporter).select_for_update()}
    for mailing_list in wanted:
        found = held.get(mailing_list.pk)
        if found is None or found.state != SubscriptionState.CONFIRMED:
            Subscription.objects.update_or_create(
                mailing_list=mailing_list,
                supporter=supporter,
                defaults={
                    "state": SubscriptionState.CONFIRMED,
                    "confirmed_at": now,
                    "ended_at": None,
                    "mailbox_key": key,
                    "language": language,
                    "form": "preferences",
                },
            )
            changed.append(f"+{mailing_list.slug}")
    for found in held.values():
        if found.mailing_list_id not in lists and found.state in ACTIVE:
            _end(found, SubscriptionState.UNSUBSCRIBED)
            changed.append(f"-{found.mailing_list.slug}")
    if supporter.language != language:
        Supporter.objects.filter(pk=supporter.pk).update(language=language)
        changed.append(f"language:{language}")
    Subscription.objects.filter(supporter=supporter).update(language=language)
    if changed:
        if lists:
            lift_unsubscription(mailbox=key, source="preferences")
        log_action(
            action="carewatch.subscription.preferences",
            actor="preferences",
            obj=supporter,
            after={"changes": changed},
        )
    return changed


def _end(subscription: Subscription, state: SubscriptionState) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(state=state, ended_at=timezone.now())


def unsubscribed(*, mailbox: str, ident: str, source: str) -> None:
    """The handler of ``newsletter:<list>[:<campaign>]`` unsubscriptions (one list, from its
    messages' links and one-click headers)."""
    list_id, _sep, campaign_id = ident.partition(":")
    if not list_id.isdigit():
        return
    rows = Subscription.objects.filter(
        mailbox_key=mailbox, mailing_list_id=int(list_id), state__in=ACTIVE
    )
    ids = list(rows.values_list("pk", flat=True))
    rows.update(state=SubscriptionState.UNSUBSCRIBED, ended_at=timezone.now())
    if campaign_id.isdigit():
        Delivery.objects.filter(campaign_id=int(campaign_id), mailbox_key=mailbox).update(
            unsubscribed=True
        )
    for pk in ids:
        log_action(
            action="carewatch.subscription.unsubscribed",
            actor=source,
            object_type="mailings.subscription",
            object_id=str(pk),
            after={"state": SubscriptionState.UNSUBSCRIBED.value},
        )


def suppressed(*, mailbox: str, reason: SuppressionReason, source: str, **_: Any) -> None:
    """An address suppressed (bounce, complaint, unsubscription from everything) ends its
    subscriptions; a bounce or a complaint reported later marks the last message it was sent
    (a refusal while sending, ``source`` "newsletter", is marked by the sender itself)."""
    Subscription.objects.filter(mailbox_key=mailbox, state__in=ACTIVE).update(
        state=_ENDED_BY.get(reason, SubscriptionState.UNSUBSCRIBED), ended_at=timezone.now()
    )
    state = _DELIVERY_BY.get(reason)
    if state is None or source == SENDER_SOURCE:
        return
    last = (
        Delivery.objects.filter(mailbox_key=mailbox, state=DeliveryState.SENT)
        .order_by("-sent_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if last is not None:
        Delivery.objects.filter(pk=last).update(state=state)
