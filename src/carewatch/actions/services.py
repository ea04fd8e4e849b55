"""Counting an action taken (no audit entry: a count of anonymous clicks, like a page view, with
nothing about who; the call's own changes are audited where staff make them)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from carewatch.actions.models import ActionCount, CallToAction, DecisionMaker


def count_taken(*, call: CallToAction, target: DecisionMaker, platform: str, language: str) -> None:
    key = {
        "call": call,
        "target": target,
        "platform": platform,
        "language": language,
        "day": timezone.localdate(),
    }
    if ActionCount.objects.filter(**key).update(taken=F("taken") + 1):
        return
    try:
        with transaction.atomic():
            ActionCount.objects.create(**key, taken=1)
    except IntegrityError:  # created by another request meanwhile
        ActionCount.objects.filter(**key).update(taken=F("taken") + 1)


def taken(call: CallToAction) -> int:
    return int(call.counts.aggregate(n=Sum("taken"))["n"] or 0)
