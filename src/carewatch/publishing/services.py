"""Writing bulletins (audited): a draft, its words per language, approval (its figures frozen),
and a correction (a new version that says what changed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.places.models import Place
from carewatch.publishing import contents, release
from carewatch.publishing.choices import BulletinState, PublicationKind
from carewatch.publishing.models import Bulletin, BulletinText, OrganisationProfile
from carewatch.stats.models import NamedPeriod


class Refused(ValueError):
    """A change a bulletin does not take, with the reason in the user's language."""


def bulletin_slug(start: dt.date, end: dt.date, governorate: Place | None) -> str:
    """ "2017-09" for a month of the whole country, "2017-09-sy07" for a governorate's."""
    month = start.day == 1 and end == contents.month_end(start)
    period = start.strftime("%Y-%m") if month else f"{start.isoformat()}-to-{end.isoformat()}"
    return slugify(f"{period}-{governorate.pcode}" if governorate else period)


@transaction.atomic
def bulletin_create(
    *,
    user: Any,
    period_start: dt.date,
    period_end: dt.date,
    governorate: Place | None = None,
    compare_with: list[NamedPeriod] | None = None,
) -> Bulletin:
    """A draft bulletin for a period and a scope; a second one of the same is refused while the
    first is a draft (correct a published one instead)."""
    slug = bulletin_slug(period_start, period_end, governorate)
    if Bulletin.objects.filter(slug=slug, state=BulletinState.DRAFT).exists():
        raise Refused(_("A draft of this bulletin exists already: open it from the list."))
    last = Bulletin.objects.filter(slug=slug).order_by("-version").first()
    if last is not None and last.state == BulletinState.PUBLISHED:
        raise Refused(_("This bulletin is published: open it and write a correction."))
    bulletin = Bulletin.objects.create(
        slug=slug,
        period_start=period_start,
        period_end=period_end,
        governorate=governorate,
        created_by=user,
    )
    bulletin.compare_with.set(compare_with or [])
    log_action(
        action="carewatch.bulletin.drafted",
        actor=user,
        obj=bulletin,
        after={"slug": slug, "period": [period_start.isoformat(), period_end.isoformat()]},
    )
    return bulletin


@transaction.atomic
def release_create(*, user: Any, day: dt.date, dateline: str) -> Bulletin:
    """A draft press release dated ``day`` ("Paris, le 17 octobre 2017 –")."""
    base = f"press-{day.isoformat()}"
    taken = set(Bulletin.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug = next(s for s in (base, *(f"{base}-{n}" for n in range(2, 100))) if s not in taken)
    bulletin = Bulletin.objects.create(
        kind=PublicationKind.PRESS_RELEASE,
        slug=slug,
        period_start=day,
        period_end=day,
        dateline=dateline.strip(),
        created_by=user,
    )
    log_action(
        action="carewatch.bulletin.drafted",
        actor=user,
        obj=bulletin,
        after={"slug": slug, "kind": PublicationKind.PRESS_RELEASE.value},
    )
    return bulletin


TEXT_FIELDS = ("title", "lead", "body", "quote", "quote_by", "closing")


@transaction.atomic
def bulletin_texts_save(*, user: Any, bulletin: Bulletin, texts: dict[str, dict[str, str]]) -> None:
    """The words of a draft, per language (``{"fr": {"title": …, "lead": …, "closing": …}}``); a
    language whose title is empty is taken out."""
    if bulletin.state != BulletinState.DRAFT:
        raise Refused(_("A published bulletin is not edited: write a correction."))
    for language, words in texts.items():
        if not words.get("title", "").strip():
            BulletinText.objects.filter(bulletin=bulletin, language=language).delete()
            continue
        BulletinText.objects.update_or_create(
            bulletin=bulletin,
            language=language,
            defaults={k: (words.get(k) or "").strip() for k in TEXT_FIELDS},
        )
    log_action(
        action="carewatch.bulletin.written",
        actor=user,
        obj=bulletin,
        after={"languages": sorted(k for k, v in texts.items() if v.get("title", "").strip())},
    )


@transaction.atomic
def bulletin_approve(*, user: Any, bulletin: Bulletin) -> Bulletin:
    """Publish a draft: its figures computed now, as the public sees them, and frozen with the
    data version; the version it corrects is marked corrected."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.state != BulletinState.DRAFT:
        raise Refused(_("Only a draft is approved."))
    if not bulletin.texts.exists():
        raise Refused(_("Give the bulletin a title in one language at least before approving it."))
    numbers = (
        release.compute(bulletin)
        if bulletin.kind == PublicationKind.PRESS_RELEASE
        else contents.compute(
            start=bulletin.period_start,
            end=bulletin.period_end,
            governorate=bulletin.governorate,
            named=list(bulletin.compare_with.all()),
        )
    )
    bulletin.numbers = numbers
    bulletin.data_version = numbers["data_version"]
    bulletin.state = BulletinState.PUBLISHED
    bulletin.approved_by = user
    bulletin.published_at = timezone.now()
    bulletin.save()
    if bulletin.corrects_id is not None:
        Bulletin.objects.filter(pk=bulletin.corrects_id).update(state=BulletinState.CORRECTED)
    log_action(
        action="carewatch.bulletin.published",
        actor=user,
        obj=bulletin,
        after={
            "slug": bulletin.slug,
            "version": bulletin.version,
            "data_version": bulletin.data_version,
        },
    )
    return bulletin


@transaction.atomic
def bulletin_correct(*, user: Any, bulletin: Bulletin, note: str) -> Bulletin:
    """A new draft version of a published bulletin, with its words and what it corrects."""
    if bulletin.state != BulletinState.PUBLISHED:
        raise Refused(_("Only the published version is corrected."))
    if not note.strip():
        raise Refused(_("Say what this correction corrects."))
    draft = Bulletin.objects.create(
        kind=bulletin.kind,
        dateline=bulletin.dateline,
        slug=bulletin.slug,
        version=bulletin.version + 1,
        period_start=bulletin.period_start,
        period_end=bulletin.period_end,
        governorate=bulletin.governorate,
        corrects=bulletin,
        correction_note=note.strip(),
        created_by=user,
    )
    draft.compare_with.set(bulletin.compare_with.all())
    for text in bulletin.texts.all():
        BulletinText.objects.create(
            bulletin=draft,
            language=text.language,
            **{k: getattr(text, k) for k in TEXT_FIELDS},
        )
    log_action(
        action="carewatch.bulletin.correction_drafted",
        actor=user,
        obj=draft,
        after={"corrects": bulletin.pk, "version": draft.version},
        reason=note.strip(),
    )
    return draft


def changes(bulletin: Bulletin) -> list[dict[str, Any]]:
    """What a published correction changed in the headline figures, against the version it corrects."""
    if bulletin.corrects is None or not bulletin.numbers or not bulletin.corrects.numbers:
        return []
    if bulletin.kind == PublicationKind.PRESS_RELEASE:
        return []
    before = {h["measure"]: h for h in bulletin.corrects.numbers["headline"]}
    found = []
    for now in bulletin.numbers["headline"]:
        was = before.get(now["measure"])
        if was and (was["low"], was["high"]) != (now["low"], now["high"]):
            found.append(
                {
                    "measure": now["measure"],
                    "was": [was["low"], was["high"]],
                    "now": [now["low"], now["high"]],
                }
            )
    return found


@transaction.atomic
def organisation_save(*, user: Any, values: dict[str, str]) -> OrganisationProfile:
    """The organisation's profile (one per instance); releases already published keep theirs."""
    profile = OrganisationProfile.objects.first() or OrganisationProfile()
    before = profile.frozen() if profile.pk else None
    logo = values.pop("logo", None)
    for name, value in values.items():
        setattr(profile, name, (value or "").strip())
    if logo:
        profile.logo_png = logo
    profile.save()
    log_action(
        action="carewatch.organisation.saved",
        actor=user,
        obj=profile,
        before=before,
        after=profile.frozen(),
    )
    return profile
