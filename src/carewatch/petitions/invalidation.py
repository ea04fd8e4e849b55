"""Invalidation jobs: remove signatures after the fact (from an address range, at a domain, made
within a time window, or of a list of addresses) with a reason, then recount. The job's row
stays, with how many counted signatures it removed, and the count's history shows it.

Staff preview what a job would remove (``matching``), then queue it; the worker runs it
(``jobs.run_invalidation``), all or nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from carewatch.audit.services import log_action
from carewatch.lib.clients import address_key, network_keys
from carewatch.petitions.choices import InvalidationKind, InvalidationState, SignatureState
from carewatch.petitions.counting import forget_count
from carewatch.petitions.models import Invalidation, Petition, Signature
from carewatch_core.addresses import is_plain_address, normalised

#: Addresses one list may name.
MOST_ADDRESSES = 10_000


class InvalidationRefused(ValueError):
    """The criteria cannot select signatures; the message says why, in the user's language."""


def criteria_for(kind: str, text: str, date_from: str = "", date_to: str = "") -> dict[str, Any]:
    """The stored criteria of a job of ``kind``, from what staff typed (checked)."""
    text = text.strip()
    if kind == InvalidationKind.ADDRESS_RANGE:
        try:
            if "/" in text:
                network_keys(text)
            else:
                address_key(text)
        except ValueError:
            raise InvalidationRefused(
                _("Give an address (203.0.113.7) or a range no wider than a /16 (203.0.113.0/24).")
            ) from None
        return {"range": text}
    if kind == InvalidationKind.DOMAIN:
        domain = text.lower().lstrip("@").rstrip(".")
        if "." not in domain or " " in domain:
            raise InvalidationRefused(_("Give a domain such as example.org."))
        return {"domain": domain}
    if kind == InvalidationKind.WINDOW:
        start, end = parse_datetime(date_from or ""), parse_datetime(date_to or "")
        if start is None or end is None or end <= start:
            raise InvalidationRefused(_("Give a start and an end, the end after the start."))
        return {"from": _aware(start).isoformat(), "to": _aware(end).isoformat()}
    if kind == InvalidationKind.LIST:
        addresses = [a for a in text.replace(",", "\n").split() if a]
        wrong = [a for a in addresses if not is_plain_address(a)]
        if not addresses or wrong or len(addresses) > MOST_ADDRESSES:
            raise InvalidationRefused(
                _("Give up to 10,000 email addresses, one per line (not an address: %(wrong)s).")
                % {"wrong": ", ".join(wrong[:3]) or "—"}
            )
        return {"keys": sorted({normalised(a) for a in addresses})}
    raise InvalidationRefused(_("Choose what to invalidate by."))


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def matching(petition: Petition, kind: str, criteria: dict[str, Any]) -> QuerySet[Signature]:
    """The petition's signatures (pending or confirmed) that ``criteria`` select."""
    rows = Signature.objects.filter(petition=petition).exclude(state=SignatureState.INVALIDATED)
    if kind == InvalidationKind.ADDRESS_RANGE:
        text = criteria["range"]
        if "/" in text:
            return rows.filter(network_key__in=network_keys(text))
        return rows.filter(address_key=address_key(text))
    if kind == InvalidationKind.DOMAIN:
        domain = criteria["domain"]
        return rows.filter(Q(email_domain=domain) | Q(email_domain__endswith="." + domain))
    if kind == InvalidationKind.WINDOW:
        return rows.filter(created_at__gte=criteria["from"], created_at__lt=criteria["to"])
    return rows.filter(supporter__email_key__in=criteria["keys"])


def preview(petition: Petition, kind: str, criteria: dict[str, Any]) -> tuple[int, int]:
    """(counted, pending) signatures a job would remove."""
    rows = matching(petition, kind, criteria)
    counted = rows.filter(state=SignatureState.CONFIRMED).count()
    return counted, rows.count() - counted


@transaction.atomic
def request_invalidation(
    *, petition: Petition, kind: InvalidationKind, criteria: dict[str, Any], reason: str, actor: Any
) -> Invalidation:
    reason = " ".join(reason.split())[:300]
    if not reason:
        raise InvalidationRefused(_("Say why: the reason is shown in the count's history."))
    job = Invalidation.objects.create(
        petition=petition,
        kind=kind,
        criteria=criteria,
        reason=reason,
        requested_by=getattr(actor, "username", str(actor))[:150],
    )
    log_action(
        action="carewatch.invalidation.requested",
        actor=actor,
        obj=job,
        after={"petition": petition.pk, "kind": str(kind), "reason": reason},
    )
    return job


@transaction.atomic
def run(*, invalidation_id: int) -> Invalidation:
    """Remove what the job selects (once: a job already done does nothing again)."""
    job = (
        Invalidation.objects.select_for_update().select_related("petition").get(pk=invalidation_id)
    )
    if job.state != InvalidationState.QUEUED:
        return job
    rows = matching(job.petition, job.kind, job.criteria)
    ids = list(rows.values_list("pk", flat=True))
    counted = Signature.objects.filter(pk__in=ids, state=SignatureState.CONFIRMED).count()
    Signature.objects.filter(pk__in=ids).update(
        state=SignatureState.INVALIDATED, invalidated_by=job
    )
    job.state, job.removed, job.finished_at = InvalidationState.DONE, counted, timezone.now()
    job.save(update_fields=["state", "removed", "finished_at"])
    log_action(
        action="carewatch.invalidation.done",
        actor="worker",
        obj=job,
        after={"removed": counted, "pending_removed": len(ids) - counted},
    )
    transaction.on_commit(lambda: forget_count(job.petition_id))
    return job
