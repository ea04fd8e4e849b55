"""Supporters: found again by address, their consents, export of one person's data, erasure.

Audited like every write, but the log names supporters by id only: no address, name or postcode
ever enters it (supporters' data is its own class; docs/roles.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.lib.mail.verp import mailbox_key
from carewatch.supporters.choices import ConsentPurpose, Language
from carewatch.supporters.models import Consent, ConsentText, Supporter, Suppression
from carewatch_core.addresses import is_plain_address, normalised

#: What the apps above add to a supporter's export ("signatures" → the petitions app's rows) and
#: do on erasure; registered when they start.
EXPORT_PARTS: dict[str, Callable[[Supporter], list[dict[str, Any]]]] = {}
ERASE_HOOKS: list[Callable[[Supporter], None]] = []
#: What the apps above show on a supporter's page: part name → (title, headers, rows), translated.
SHOWN_PARTS: dict[str, Callable[[Supporter], tuple[str, list[str], list[list[str]]]]] = {}
#: What the apps above do when a duplicate is merged into the supporter kept (move its rows).
MERGE_HOOKS: list[Callable[[Supporter, Supporter], None]] = []


class SupporterRefused(ValueError):
    """The details cannot make a supporter; the message says why, in the user's language."""


@dataclass(frozen=True)
class Details:
    email: str
    name: str = ""
    country: str = ""
    postcode: str = ""
    language: str = Language.ENGLISH


def _checked(details: Details) -> Details:
    email = details.email.strip()
    if not is_plain_address(email):
        raise SupporterRefused(_("Enter an email address such as name@example.org."))
    country = details.country.strip().upper()
    if country and (len(country) != 2 or not country.isascii() or not country.isalpha()):
        raise SupporterRefused(_("Choose a country from the list."))
    if details.language not in Language.values:
        raise SupporterRefused(_("Choose Arabic, French or English."))
    return Details(
        email,
        " ".join(details.name.split())[:200],
        country,
        details.postcode.strip()[:20],
        details.language,
    )


@transaction.atomic
def supporter_for(*, details: Details, form: str, generated: bool = False) -> Supporter:
    """The supporter with this address (by its normalised key), created if new. An existing
    supporter's details are not overwritten by a later form: blanks are filled in, nothing
    else changes (their page shows what they gave first)."""
    found, created, filled = found_or_created(details=details, form=form, generated=generated)
    if created:
        log_action(
            action="carewatch.supporter.created", actor=form, obj=found, after={"form": form}
        )
    elif filled:
        log_action(
            action="carewatch.supporter.completed",
            actor=form,
            obj=found,
            after={"fields": filled},
        )
    return found


def found_or_created(
    *, details: Details, form: str, generated: bool = False
) -> tuple[Supporter, bool, list[str]]:
    """``supporter_for`` without its audit entry, for a service that writes one entry for the
    whole of its change (signing a petition): (supporter, created, fields filled in)."""
    details = _checked(details)
    key = normalised(details.email)
    found = Supporter.objects.select_for_update().filter(email_key=key).first()
    if found is None:
        found = Supporter.objects.create(
            email=details.email,
            email_key=key,
            name=details.name,
            country=details.country,
            postcode=details.postcode,
            language=details.language,
            created_via=form[:60],
            generated=generated,
        )
        return found, True, []
    blanks = {
        f: getattr(details, f) for f in ("name", "country", "postcode") if not getattr(found, f)
    }
    filled = {f: v for f, v in blanks.items() if v}
    if filled:
        Supporter.objects.filter(pk=found.pk).update(**filled)
        found.refresh_from_db()
    return found, False, sorted(filled)


@transaction.atomic(savepoint=False)
def record_consent(
    *,
    supporter: Supporter,
    purpose: ConsentPurpose,
    version: str,
    language: str,
    text: str,
    given: bool,
    form: str,
    audited: bool = True,
) -> Consent:
    """Record a choice and the words shown for it. A version's words never change: the same
    version with other words is refused (give the new words a new version)."""
    consent = Consent.objects.create(
        supporter=supporter,
        wording=_wording(purpose, version, language, text),
        given=given,
        form=form[:60],
    )
    if not audited:  # the caller's own entry records the choice
        return consent
    log_action(
        action="carewatch.supporter.consent_recorded",
        actor=form,
        obj=consent,
        after={
            "supporter": supporter.pk,
            "purpose": str(purpose),
            "version": version,
            "given": given,
        },
    )
    return consent


def record_choices(
    *,
    supporter: Supporter,
    version: str,
    language: str,
    form: str,
    choices: list[tuple[ConsentPurpose, bool, str]],
) -> list[Consent]:
    """Several choices made on one form ((purpose, given, words shown) each), in two queries,
    for a caller whose own audit entry records them (signing a petition: its busiest form)."""
    purposes = [str(purpose) for purpose, _given, _words in choices]
    found = {
        w.purpose: w
        for w in ConsentText.objects.filter(
            purpose__in=purposes, version=version, language=language
        )
    }
    rows = []
    for purpose, given, words in choices:
        wording = _same_words(
            found.get(str(purpose)) or _wording(purpose, version, language, words), words
        )
        rows.append(Consent(supporter=supporter, wording=wording, given=given, form=form[:60]))
    return Consent.objects.bulk_create(rows)


def _wording(purpose: str, version: str, language: str, text: str) -> ConsentText:
    wording, _created = ConsentText.objects.get_or_create(
        purpose=purpose, version=version, language=language, defaults={"text": text}
    )
    return _same_words(wording, text)


def _same_words(wording: ConsentText, text: str) -> ConsentText:
    if wording.text != text:
        raise SupporterRefused(
            f"consent text {wording.purpose} {wording.version} ({wording.language}) has other words"
        )
    return wording


def find(email: str) -> Supporter | None:
    return Supporter.objects.filter(email_key=normalised(email), erased_at__isnull=True).first()


def exported(*, supporter: Supporter, actor: Any, reading: bool = False) -> dict[str, Any]:
    """Everything CareWatch holds about one supporter (their right of access), as JSON values;
    audited as an export, or as a reading (``reading``: staff opened their page)."""
    data: dict[str, Any] = {
        "supporter": {
            "email": supporter.email,
            "name": supporter.name,
            "country": supporter.country,
            "postcode": supporter.postcode,
            "language": supporter.language,
            "first_form": supporter.created_via,
            "created_at": supporter.created_at.isoformat(),
            "erased_at": supporter.erased_at.isoformat() if supporter.erased_at else None,
        },
        "consents": [
            {
                "purpose": c.wording.purpose,
                "version": c.wording.version,
                "language": c.wording.language,
                "words_shown": c.wording.text,
                "given": c.given,
                "form": c.form,
                "at": c.created_at.isoformat(),
            }
            for c in supporter.consents.select_related("wording").order_by("created_at", "pk")
        ],
        "mail_suppressed": bool(supporter.email)
        and Suppression.objects.filter(mailbox_key=mailbox_key(supporter.email)).exists(),
    }
    for part, rows in EXPORT_PARTS.items():
        data[part] = rows(supporter)
    action = "carewatch.supporter.record_viewed" if reading else "carewatch.supporter.exported"
    log_action(action=action, actor=actor, obj=supporter)
    return data


@transaction.atomic
def erase(*, supporter: Supporter, actor: Any) -> Supporter:
    """Blank what names the supporter (address, name, postcode) and keep the row, its country
    and language, and its consents' record of what was chosen, so that counts stay whole."""
    locked = Supporter.objects.select_for_update().get(pk=supporter.pk)
    if locked.erased_at is not None:
        return locked
    for hook in ERASE_HOOKS:
        hook(locked)
    locked.email, locked.name, locked.postcode = "", "", ""
    locked.email_key = f"erased:{locked.pk}"
    locked.erased_at = timezone.now()
    locked.save(update_fields=["email", "name", "postcode", "email_key", "erased_at", "updated_at"])
    log_action(action="carewatch.supporter.erased", actor=actor, obj=locked)
    return locked


@transaction.atomic
def merge(*, keep: Supporter, duplicate: Supporter, actor: Any) -> Supporter:
    """Merge ``duplicate`` (the same person under another address) into ``keep``: its consents
    and the apps' rows move over, ``keep``'s blanks are filled from it, and it is erased with a
    pointer to ``keep``. Nothing ``keep`` already holds is overwritten."""
    if keep.pk == duplicate.pk:
        raise SupporterRefused(_("A supporter cannot be merged into themselves."))
    first, second = sorted([keep.pk, duplicate.pk])
    locked = {s.pk: s for s in Supporter.objects.select_for_update().filter(pk__in=[first, second])}
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    if keep.erased_at or duplicate.erased_at:
        raise SupporterRefused(_("An erased supporter cannot be merged."))
    for hook in MERGE_HOOKS:
        hook(keep, duplicate)
    Consent.objects.filter(supporter=duplicate).update(supporter=keep)
    filled = [f for f in ("name", "country", "postcode") if not getattr(keep, f)]
    for field in filled:
        setattr(keep, field, getattr(duplicate, field))
    keep.save(update_fields=[*filled, "updated_at"])
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into"])
    log_action(
        action="carewatch.supporter.merged",
        actor=actor,
        obj=keep,
        after={"merged": duplicate.pk, "filled": filled},
    )
    erase(supporter=duplicate, actor=actor)
    keep.refresh_from_db()
    return keep
