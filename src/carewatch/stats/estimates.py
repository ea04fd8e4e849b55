"""Estimates of the undocumented asked for on the Estimates page: requested, run by the worker
(counting the lists' overlaps, then the model), published on the dashboard with a method note.
Every write is audited; a published estimate replaces the one of the same kind before it."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from carewatch.audit.services import log_action, snapshot
from carewatch.sources.models import Source
from carewatch.stats.capture import capture_counts
from carewatch.stats.choices import EstimateMethod, EstimateState
from carewatch.stats.models import EstimateRun
from carewatch_core.estimation import PatternTable, lcmcr, loglinear

logger = logging.getLogger(__name__)
MIN_LISTS = 3


class EstimateRefused(ValueError):
    """The request or the publication was refused; the message says why."""


@transaction.atomic
def estimate_request(*, user: Any, values: dict[str, Any], sources: list[Any]) -> EstimateRun:
    """A run of ``values`` (kind, method, period, governorate, profession, seed) over ``sources``
    (three or more), queued for the worker."""
    if len(sources) < MIN_LISTS:
        raise EstimateRefused(_("Choose at least three lists (sources)."))
    run = EstimateRun.objects.create(
        **values,
        source_ids=[s.pk for s in sources],
        list_names=[s.name for s in sources],
        created_by=user,
    )
    log_action(
        action="carewatch.estimate.requested", actor=user, obj=run, after=snapshot(run, "estimate")
    )
    transaction.on_commit(lambda: run_estimate.enqueue(run_id=run.pk))
    return run


def _stage(run: EstimateRun, state: str, **fields: Any) -> None:
    EstimateRun.objects.filter(pk=run.pk).update(state=state, **fields)


@task(queue_name="default")
def run_estimate(run_id: int) -> None:
    run = EstimateRun.objects.filter(pk=run_id).first()
    if run is None or run.state in (EstimateState.DONE, EstimateState.FAILED):
        return
    _stage(run, EstimateState.COUNTING)
    counts = capture_counts(run)
    patterns = [[*pattern, count] for pattern, count in sorted(counts.items(), reverse=True)]
    _stage(run, EstimateState.ESTIMATING, patterns=patterns)
    try:
        table = PatternTable.from_counts(run.list_names, counts)
        fitted = (
            lcmcr(table, seed=run.seed) if run.method == EstimateMethod.LCMCR else loglinear(table)
        )
    except ValueError as exc:  # too few lists or records, no model: said as the core says it
        _stage(run, EstimateState.FAILED, error=str(exc), finished_at=timezone.now())
        logger.info("estimate %s could not be made: %s", run_id, exc)
        return
    result = fitted.summary.to_dict()
    _stage(run, EstimateState.DONE, result=result, finished_at=timezone.now())


@transaction.atomic
def estimate_publish(*, user: Any, run: EstimateRun, note: str) -> EstimateRun:
    """Show ``run`` on the dashboard with ``note`` (how it was made, what it cannot say), in
    place of the estimate of the same kind published before."""
    if run.state != EstimateState.DONE:
        raise EstimateRefused(_("Only a finished estimate can be published."))
    if not note.strip():
        raise EstimateRefused(_("Write the method note that goes with the published estimate."))
    for other in EstimateRun.objects.filter(kind=run.kind, published_at__isnull=False).exclude(
        pk=run.pk
    ):
        estimate_withdraw(
            user=user, run=other, reason=_("Replaced by estimate %(pk)s.") % {"pk": run.pk}
        )
    before = snapshot(run, "estimate")
    run.published_at, run.method_note = timezone.now(), note.strip()
    run.save(update_fields=["published_at", "method_note"])
    log_action(
        action="carewatch.estimate.published",
        actor=user,
        obj=run,
        before=before,
        after=snapshot(run, "estimate"),
    )
    return run


@transaction.atomic
def estimate_withdraw(*, user: Any, run: EstimateRun, reason: str) -> EstimateRun:
    """Take ``run`` off the dashboard, saying why (a published figure is not withdrawn silently)."""
    if not reason.strip():
        raise EstimateRefused(_("Say why the estimate is withdrawn."))
    before = snapshot(run, "estimate")
    run.published_at = None
    run.save(update_fields=["published_at"])
    log_action(
        action="carewatch.estimate.withdrawn",
        actor=user,
        obj=run,
        before=before,
        after=snapshot(run, "estimate"),
        reason=reason,
    )
    return run


def published() -> list[dict[str, Any]]:
    """The estimates on the dashboard, one per kind, with their lists named as public pages name
    sources (organisations by name, people by their type only)."""
    shown = []
    for run in EstimateRun.objects.filter(published_at__isnull=False).select_related("governorate"):
        sources = Source.objects.in_bulk(run.source_ids)
        shown.append(
            {
                "run": run,
                "result": run.result,
                "lists": [sources[pk].public_label for pk in run.source_ids if pk in sources],
            }
        )
    return shown
