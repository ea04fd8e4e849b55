"""Which lists and newsletters a user may see: campaign staff see them all; the public see the
lists anyone may subscribe to, and nothing else."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carewatch.accounts.permissions import can
from carewatch.mailings.models import Campaign, MailingList


def lists_for(user: Any) -> QuerySet[MailingList]:
    rows = MailingList.objects.all()
    return rows if can(user, "supporter.view") else rows.filter(public=True)


def managed_lists(user: Any) -> QuerySet[MailingList]:
    return (
        MailingList.objects.all() if can(user, "supporter.manage") else MailingList.objects.none()
    )


def managed_campaigns(user: Any) -> QuerySet[Campaign]:
    rows = Campaign.objects.select_related("mailing_list")
    return rows if can(user, "supporter.manage") else rows.none()
