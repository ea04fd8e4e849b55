"""Review queue pages: the queue, one pair side by side, the decisions, bulk accept, merge by hand.

Reading needs ``linkage.view`` (staff who read every person and incident); deciding needs
``linkage.review`` (verifiers, administrators). Decisions are POSTed with the candidate's version:
a stale or replayed form gets 409 and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.access.shown import ShownReader, render_shown
from carewatch.accounts.decorators import page_of, require
from carewatch.accounts.permissions import can
from carewatch.incidents.selectors import incidents_for
from carewatch.lib.common import ConflictError
from carewatch.lib.lookups import row_or_404
from carewatch.linkage import services
from carewatch.linkage.choices import CandidateStatus, MatchKind
from carewatch.linkage.forms import (
    AcceptForm,
    BulkAcceptForm,
    CandidateFilterForm,
    DecisionForm,
    MergeForm,
)
from carewatch.linkage.merging import MergeError
from carewatch.linkage.messages import summary_view
from carewatch.linkage.models import MatchCandidate
from carewatch.linkage.presenters import REVEALED_NAMES, reasons, side_by_side, titles
from carewatch.linkage.selectors import (
    CandidateFilters,
    candidates_for,
    filter_candidates,
    last_run,
)
from carewatch.people.selectors import people_for


def _get(request: HttpRequest, pk: int) -> MatchCandidate:
    return row_or_404(candidates_for(request.user), pk)


@require("linkage.view")
def match_queue(request: HttpRequest) -> HttpResponse:
    """Candidate pairs of one kind, best score first, with filters."""
    form = CandidateFilterForm(request.GET or None)
    filters = form.filters()
    page = page_of(request, filter_candidates(candidates_for(request.user), filters))
    rows = list(page)
    reader = _reader(request)
    names = titles(reader, rows)
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "can_review": can(request.user, "linkage.review"),
        "rows": [
            (c, names.get((c.kind, c.left_id), ""), names.get((c.kind, c.right_id), ""))
            for c in rows
        ],
    }
    context["may_reveal"] = reader.sees("person", "name_ar")
    run = last_run(request.user, filters.kind)
    context["last_run"] = run
    context["run"] = summary_view(run.summary) if run else None
    return render_shown(request, reader, "linkage/queue.html", context)


def _reader(request: HttpRequest) -> ShownReader:
    """The page's reader: names and dates of birth only when asked for (``?reveal=1``); the
    reader's clearance still decides, and the read is audited."""
    return ShownReader(request.user, reveal=REVEALED_NAMES if request.GET.get("reveal") else ())


def _detail(
    request: HttpRequest, candidate: MatchCandidate, status: int = 200, **forms: Any
) -> HttpResponse:
    reader = _reader(request)
    context = _page(request, reader, candidate, **forms)
    return render_shown(request, reader, "linkage/detail.html", context, status=status)


def _page(
    request: HttpRequest, reader: ShownReader, candidate: MatchCandidate, **forms: Any
) -> dict[str, Any]:
    left, right, rows = side_by_side(reader, candidate)
    initial = {"version": candidate.version}
    return {
        "may_reveal": candidate.kind == MatchKind.PERSON and reader.sees("person", "name_ar"),
        "candidate": candidate,
        "left": left,
        "right": right,
        "rows": rows,
        "reasons": reasons(candidate),
        "can_review": can(request.user, "linkage.review"),
        "decisions": candidate.decisions.select_related("decided_by"),
        "accept_form": forms.get("accept_form") or AcceptForm(initial=initial, candidate=candidate),
        "reject_form": forms.get("reject_form") or DecisionForm(initial=initial),
        "split_form": forms.get("split_form") or DecisionForm(initial=initial),
    }


@require("linkage.view")
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One pair side by side: values, what agrees and what differs, the linker's reasons."""
    return _detail(request, _get(request, pk))


def _refused(
    request: HttpRequest, candidate: MatchCandidate, error: Exception, status: int = 409
) -> HttpResponse:
    messages.error(
        request,
        str(error)
        if isinstance(error, MergeError)
        else _("This pair was already decided; reload the page to see its current state."),
    )
    fresh = _get(request, candidate.pk)
    return _detail(request, fresh, status=status)


def _decided(request: HttpRequest, candidate: MatchCandidate, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("match-detail", pk=candidate.pk)


@require("linkage.review")
@require_POST
def match_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The two are one: merge them, keeping the record chosen."""
    candidate = _get(request, pk)
    form = AcceptForm(request.POST, candidate=candidate)
    if not form.is_valid():
        return _detail(request, candidate, status=400, accept_form=form)
    data = form.cleaned_data
    try:
        services.candidate_accept(
            candidate=candidate,
            user=request.user,
            expected_version=data["version"],
            survivor_id=data["keep"],
            reason=data["reason"],
        )
    except (MergeError, ConflictError) as error:
        return _refused(request, candidate, error)
    return _decided(request, candidate, _("Accepted: the two records are now one."))


@require("linkage.review")
@require_POST
def match_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """The two are not the same."""
    return _decide(
        request,
        pk,
        "reject_form",
        services.candidate_reject,
        _("Rejected: the two records stay apart."),
    )


@require("linkage.review")
@require_POST
def match_split(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the merge: both records back exactly as they were."""
    return _decide(
        request,
        pk,
        "split_form",
        services.candidate_split,
        _("Merge undone: both records are back as they were."),
    )


def _decide(request: HttpRequest, pk: int, form_name: str, decide: Any, done: str) -> HttpResponse:
    """A decision that needs only the pair's version and a reason (reject, split)."""
    candidate = _get(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, candidate, status=400, **{form_name: form})
    try:
        decide(
            candidate=candidate,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except (MergeError, ConflictError) as error:
        return _refused(request, candidate, error)
    return _decided(request, candidate, done)


def _bulk_targets(request: HttpRequest, kind: str, threshold: float) -> list[MatchCandidate]:
    filters = CandidateFilters(kind=kind, status=CandidateStatus.PENDING, min_score=threshold)
    return list(filter_candidates(candidates_for(request.user), filters))


@require("linkage.review")
def match_bulk_accept(request: HttpRequest) -> HttpResponse:
    """GET: which pending pairs a threshold would accept; POST: accept exactly those still pending."""
    if request.method != "POST":
        form = BulkAcceptForm(request.GET or None)
        targets = (
            _bulk_targets(request, form.cleaned_data["kind"], form.cleaned_data["threshold"])
            if form.is_valid()
            else []
        )
        reader = _reader(request)
        names = titles(reader, targets)
        confirm = (
            BulkAcceptForm(
                initial={**form.cleaned_data, "ids": ",".join(str(c.pk) for c in targets)}
            )
            if targets
            else None
        )
        rows = [
            (c, names.get((c.kind, c.left_id), ""), names.get((c.kind, c.right_id), ""))
            for c in targets
        ]
        context = {"form": form, "confirm": confirm, "rows": rows}
        return render_shown(request, reader, "linkage/bulk.html", context)
    form = BulkAcceptForm(request.POST)
    if not form.is_valid():
        return render(
            request, "linkage/bulk.html", {"form": form, "confirm": None, "rows": []}, status=400
        )
    try:
        wanted = set(form.candidate_ids())
    except ValidationError as error:  # a forged id list
        form.add_error(None, error)
        return render(
            request, "linkage/bulk.html", {"form": form, "confirm": None, "rows": []}, status=400
        )
    data = form.cleaned_data
    chosen = [c for c in _bulk_targets(request, data["kind"], data["threshold"]) if c.pk in wanted]
    accepted, skipped = services.bulk_accept(
        candidates=chosen, user=request.user, threshold=data["threshold"], reason=data["reason"]
    )
    messages.success(
        request,
        _("%(accepted)d pairs accepted and merged; %(skipped)d left for review.")
        % {"accepted": accepted, "skipped": skipped + len(wanted) - len(chosen)},
    )
    return redirect(f"{reverse('match-queue')}?kind={data['kind']}")


@require("linkage.review")
def match_merge(request: HttpRequest) -> HttpResponse:
    """Merge two records the linker did not offer."""
    form = MergeForm(
        request.POST or None, people=people_for(request.user), incidents=incidents_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.pair_merge(
                kind=data["kind"],
                survivor_id=data["keep_id"],
                absorbed_id=data["absorb_id"],
                user=request.user,
                reason=data["reason"],
            )
        except (MergeError, ConflictError) as error:
            form.add_error(None, str(error))
        else:
            return _decided(request, decision.candidate, _("Merged: the two records are now one."))  # type: ignore[arg-type]
    status = 400 if request.method == "POST" else 200
    return render(request, "linkage/merge.html", {"form": form}, status=status)
