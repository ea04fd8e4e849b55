"""Which bulletins a reader may open: communications staff every version and draft; the public
the published versions (and the ones corrected since, each marked so)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carewatch.accounts.permissions import can
from carewatch.publishing.choices import BulletinState
from carewatch.publishing.models import Bulletin


def bulletins_for(user: Any) -> QuerySet[Bulletin]:
    rows = Bulletin.objects.select_related("governorate", "corrects").prefetch_related("texts")
    return rows if can(user, "publication.write") else rows.none()


def published_bulletins() -> QuerySet[Bulletin]:
    return (
        Bulletin.objects.exclude(state=BulletinState.DRAFT)
        .select_related("governorate", "corrects")
        .prefetch_related("texts")
        .order_by("-period_start", "slug", "-version")
    )


def current_versions() -> QuerySet[Bulletin]:
    """The latest published version of each bulletin (the press room lists these)."""
    return published_bulletins().filter(state=BulletinState.PUBLISHED)
