"""Signing a petition and confirming a signature (audited; the log names supporters and
signatures by id, never an address or a name).

A signature counts only once its email is confirmed: ``sign`` records it as pending and queues
the confirmation message; ``confirm`` (the message's link, a signed token that expires) moves it
to confirmed exactly once, however often the link is opened.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.lib.clients import keys_of
from carewatch.petitions.choices import PetitionStatus, SignatureState
from carewatch.petitions.counting import forget_count
from carewatch.petitions.models import Petition, Signature
from carewatch.supporters.choices import ConsentPurpose
from carewatch.supporters.guards import FormRefused, check_domain
from carewatch.supporters.jobs import queue_message
from carewatch.supporters.services_supporters import (
    Details,
    SupporterRefused,
    found_or_created,
    record_choices,
)
from carewatch_core.addresses import domain_of

CONFIRM_SALT = "carewatch.petitions.confirm"
#: The version of the words shown beside the form's two choices (templates/petitions/_sign.html).
CONSENT_VERSION = "petition-2026-12"


@dataclass(frozen=True)
class Choices:
    """What the signer chose, and the words they were shown for each choice."""

    contact: bool
    contact_words: str
    name_to_targets: bool
    name_words: str


@dataclass(frozen=True)
class Signed:
    signature: Signature
    resent: bool  # an earlier, unconfirmed signature: its message was sent again


class ConfirmRefused(ValueError):
    """The link cannot confirm a signature; the message says why, in the visitor's language.
    ``forged``: the link is not one of ours (the page answers 404, as for any unknown address)."""

    def __init__(self, message: str, *, forged: bool = False) -> None:
        super().__init__(message)
        self.forged = forged


def confirm_token(signature: Signature) -> str:
    return signing.dumps({"s": signature.pk}, salt=CONFIRM_SALT)


def confirm_url(signature: Signature) -> str:
    token = confirm_token(signature)
    return settings.CAREWATCH_SITE_URL + reverse("petition-confirm", args=[token])


def sign(
    *, petition: Petition, details: Details, choices: Choices, address: str, form: str
) -> Signed:
    """Record a pending signature and queue its confirmation message (FormRefused or
    SupporterRefused with the reason otherwise). Guards that need no database (honeypot, timing,
    rate) are the caller's, before this."""
    if petition.status != PetitionStatus.OPEN:
        raise FormRefused("closed", _("This petition is closed: it takes no more signatures."))
    check_domain(details.email)
    try:
        return _sign(petition, details, choices, address, form)
    except IntegrityError:  # the same address signing twice at the same moment
        raise FormRefused("duplicate", _("This address has already signed.")) from None


@transaction.atomic
def _sign(
    petition: Petition, details: Details, choices: Choices, address: str, form: str
) -> Signed:
    supporter, created, filled = found_or_created(details=details, form=form)
    existing = (  # a supporter created just now has signed nothing yet
        None
        if created
        else Signature.objects.filter(petition=petition, supporter=supporter).first()
    )
    if existing is not None:
        if existing.state != SignatureState.PENDING:
            raise FormRefused(
                "duplicate",
                _("This address has already signed this petition: each person signs once."),
            )
        if filled:
            log_action(
                action="carewatch.supporter.completed",
                actor=form,
                obj=supporter,
                after={"fields": filled},
            )
        _queue_confirmation(existing, details.email)
        return Signed(existing, resent=True)
    keys = keys_of(address)
    signature = Signature.objects.create(
        petition=petition,
        supporter=supporter,
        country=supporter.country or details.country,
        name_to_targets=choices.name_to_targets,
        email_domain=domain_of(details.email),
        address_key=keys.address,
        network_key=keys.network,
        language=details.language,
    )
    record_choices(
        supporter=supporter,
        version=CONSENT_VERSION,
        language=details.language,
        form=form,
        choices=[
            (ConsentPurpose.CONTACT, choices.contact, choices.contact_words),
            (ConsentPurpose.NAME_TO_TARGETS, choices.name_to_targets, choices.name_words),
        ],
    )
    # The confirmation's job row first: the audit entry takes the chain's lock (audit.services),
    # held until the commit, so it comes last, when nothing else is left to write.
    _queue_confirmation(signature, details.email)
    log_action(  # one entry for the whole signing: the supporter, the two choices, the signature
        action="carewatch.signature.created",
        actor=form,
        obj=signature,
        after={
            "petition": petition.pk,
            "supporter": supporter.pk,
            "supporter_created": created,
            "supporter_filled": filled,
            "consent_version": CONSENT_VERSION,
            "contact": choices.contact,
            "name_to_targets": choices.name_to_targets,
        },
    )
    return Signed(signature, resent=False)


def _queue_confirmation(signature: Signature, email: str) -> None:
    data = {
        "title": _title(signature.petition, signature.language),
        "confirm_url": confirm_url(signature),
        "petition_url": settings.CAREWATCH_SITE_URL
        + reverse("petition-page", args=[signature.petition.slug]),
        "days": settings.CAREWATCH_CONFIRM_DAYS,
    }
    # In the signature's own transaction: the job row commits with it, or neither does.
    queue_message(
        to=email,
        template="petition_confirm",
        data=data,
        language=signature.language,
        requested=True,
    )


def _title(petition: Petition, language: str) -> str:
    """The petition's title in ``language`` (else in its first language, else its slug)."""
    texts = dict(petition.texts.values_list("language", "title"))
    return texts.get(language) or (texts[min(texts)] if texts else petition.slug)


@dataclass(frozen=True)
class Confirmed:
    signature: Signature
    now: bool  # False: it was confirmed already (the link opened again)


def confirm(*, token: str) -> Confirmed:
    try:
        data = signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.CAREWATCH_CONFIRM_DAYS * 86400
        )
        pk = int(data["s"])
    except signing.SignatureExpired:
        raise ConfirmRefused(
            _("This link has expired. Sign again: a new message will be sent.")
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ConfirmRefused(
            _("This link is not one of ours, or it was cut short."), forged=True
        ) from None
    with transaction.atomic():
        signature = Signature.objects.select_related("petition").filter(pk=pk).first()
        if signature is None:
            raise ConfirmRefused(_("This signature no longer exists: it was never confirmed."))
        if signature.state == SignatureState.INVALIDATED:
            raise ConfirmRefused(_("This signature was removed and cannot be confirmed."))
        if signature.petition.status == PetitionStatus.CLOSED and (
            signature.state == SignatureState.PENDING
        ):
            raise ConfirmRefused(_("This petition closed before the signature was confirmed."))
        moved = Signature.objects.filter(pk=pk, state=SignatureState.PENDING).update(
            state=SignatureState.CONFIRMED, confirmed_at=timezone.now()
        )
        if moved:
            log_action(
                action="carewatch.signature.confirmed",
                actor="confirmation link",
                obj=signature,
                after={"petition": signature.petition_id},
            )
            transaction.on_commit(lambda: forget_count(signature.petition_id))
        signature.refresh_from_db()
    return Confirmed(signature, now=bool(moved))


def petition_open(petition: Petition) -> bool:
    return petition.status == PetitionStatus.OPEN


def refusal_text(error: FormRefused | SupporterRefused) -> str:
    return error.message if isinstance(error, FormRefused) else str(error)
