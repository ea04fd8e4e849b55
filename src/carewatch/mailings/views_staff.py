"""Campaign staff's newsletter pages: lists and newsletters, writing a newsletter per language
from blocks, its preview, a test message, scheduling and cancelling, and its figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from carewatch.accounts.decorators import require
from carewatch.audit.services import log_action
from carewatch.events.choices import EventStatus
from carewatch.events.selectors import managed_events
from carewatch.lib.lookups import one_or_404, row_or_404
from carewatch.mailings import campaigns, jobs
from carewatch.mailings.choices import DeliveryState, SubscriptionState
from carewatch.mailings.forms import (
    BlockFormSet,
    CampaignForm,
    MailingListForm,
    ScheduleForm,
    TestForm,
    VersionForm,
    blocks_initial,
)
from carewatch.mailings.models import Campaign, CampaignVersion
from carewatch.mailings.render import render_version
from carewatch.mailings.selectors import managed_campaigns, managed_lists
from carewatch.petitions.selectors import managed_petitions
from carewatch.publishing.selectors import current_versions
from carewatch.supporters.choices import Language

PREVIEW_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https:; frame-ancestors 'self'"
)


def _language(code: str) -> str:
    if code not in Language.values:
        raise Http404("no such language")
    return code


@require("supporter.manage")
def newsletter_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, MailingListForm(), CampaignForm())


def _list_page(
    request: HttpRequest, list_form: MailingListForm, campaign_form: CampaignForm, status: int = 200
) -> HttpResponse:
    states = {
        s: Count("subscriptions", filter=Q(subscriptions__state=s))
        for s in SubscriptionState.values
    }
    lists = managed_lists(request.user).annotate(**states).order_by("slug")
    language = translation.get_language() or "en"
    context = {
        "lists": [
            (m, m.name_in(language), [getattr(m, s) for s in SubscriptionState.values])
            for m in lists
        ],
        "states": SubscriptionState.choices,
        "campaigns": managed_campaigns(request.user).order_by("-created_at")[:100],
        "list_form": list_form,
        "campaign_form": campaign_form,
    }
    return render(request, "mailings/staff_list.html", context, status=status)


@require("supporter.manage")
@require_POST
def mailing_list_create(request: HttpRequest) -> HttpResponse:
    form = MailingListForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, CampaignForm(), status=400)
    created = form.save()
    log_action(
        action="carewatch.mailing_list.created",
        actor=request.user,
        obj=created,
        after={"slug": created.slug, "names": created.names},
    )
    messages.success(request, _("The list is created."))
    return redirect("newsletter-staff-list")


@require("supporter.manage")
@require_POST
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST)
    form.fields["mailing_list"].queryset = managed_lists(request.user)  # type: ignore[attr-defined]
    if not form.is_valid():
        return _list_page(request, MailingListForm(), form, status=400)
    campaign = campaigns.create_campaign(actor=request.user, **form.cleaned_data)
    return redirect("newsletter-staff", campaign.pk)


def _detail(request: HttpRequest, campaign: Campaign, **forms: Any) -> HttpResponse:
    versions = {v.language: v for v in campaign.versions.all()}
    context = {
        "campaign": campaign,
        "versions": [(code, label, versions.get(code)) for code, label in Language.choices],
        "tally": [(label, n) for label, n in _tally(campaign)],
        "clicks": campaign.clicks.order_by("-count")[:50],
        "editable": campaign.state in campaigns.EDITABLE,
        "schedule_form": forms.get("schedule_form") or ScheduleForm(),
        "test_form": forms.get("test_form")
        or TestForm(initial={"to": getattr(request.user, "email", "")}),
        "preview": [code for code in Language.values if code in versions],
    }
    return render(request, "mailings/staff_detail.html", context, status=forms.get("status", 200))


def _tally(campaign: Campaign) -> list[tuple[str, int]]:
    counts = campaigns.tally(campaign)
    rows = [(str(DeliveryState(s).label), counts[s]) for s in DeliveryState.values]
    return [*rows, (str(_("Unsubscribed through this newsletter")), counts["unsubscribed"])]


@require("supporter.manage")
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, row_or_404(managed_campaigns(request.user), pk))


@require("supporter.manage")
def campaign_version(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    campaign = row_or_404(managed_campaigns(request.user), pk)
    language = _language(language)
    found = campaign.versions.filter(language=language).first()
    if request.method == "POST":
        form = VersionForm(request.POST)
        blocks = BlockFormSet(request.POST, prefix="blocks", form_kwargs=_slugs(request))
        if form.is_valid() and blocks.is_valid():
            chosen = [b for b in (f.block() for f in blocks.forms) if b]
            try:
                campaigns.save_version(
                    campaign=campaign,
                    language=language,
                    subject=form.cleaned_data["subject"],
                    blocks=chosen,
                    actor=request.user,
                )
            except (ValidationError, campaigns.CampaignRefused) as refused:
                form.add_error(
                    None, refused.messages if isinstance(refused, ValidationError) else str(refused)
                )
            else:
                messages.success(request, _("Saved."))
                return redirect("newsletter-staff", campaign.pk)
        status = 400
    else:
        form = VersionForm(initial={"subject": found.subject if found else ""})
        blocks = BlockFormSet(
            initial=blocks_initial(found.blocks) if found else [],
            prefix="blocks",
            form_kwargs=_slugs(request),
        )
        status = 200
    context = {
        "campaign": campaign,
        "language": Language(language).label,
        "code": language,
        "form": form,
        "blocks": blocks,
    }
    return render(request, "mailings/staff_version.html", context, status=status)


def _slugs(request: HttpRequest) -> dict[str, Any]:
    rows = managed_petitions(request.user).order_by("slug")
    return {
        "petitions": list(rows.values_list("slug", flat=True)),
        "bulletins": list(current_versions().values_list("slug", flat=True)),
        "events": list(
            managed_events(request.user)
            .filter(status=EventStatus.PUBLISHED)
            .order_by("-starts_at")
            .values_list("slug", flat=True)
        ),
    }


@require("supporter.manage")
@xframe_options_sameorigin
def campaign_preview(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """The message's HTML part as a recipient would see it (in a frame of the detail page)."""
    campaign = row_or_404(managed_campaigns(request.user), pk)
    version = one_or_404(
        CampaignVersion.objects.filter(campaign=campaign), language=_language(language)
    )
    with translation.override(version.language):
        content = render_version(version, unsubscribe_url="#", preferences_url="#")
    response = HttpResponse(content.html)
    response["Content-Security-Policy"] = PREVIEW_CSP
    return response


@require("supporter.manage")
@require_POST
def campaign_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = row_or_404(managed_campaigns(request.user), pk)
    form = ScheduleForm(request.POST, now="now" in request.POST)
    if not form.is_valid():
        return _detail(request, campaign, schedule_form=form, status=400)
    try:
        when = None if form.now else form.cleaned_data["when"]
        jobs.schedule(campaign=campaign, when=when, actor=request.user)
    except campaigns.CampaignRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("The newsletter is scheduled: the worker sends it when it is due.")
        )
    return redirect("newsletter-staff", campaign.pk)


@require("supporter.manage")
@require_POST
def campaign_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = row_or_404(managed_campaigns(request.user), pk)
    if request.POST.get("confirm") != "cancel":
        return _detail(request, campaign, status=400)
    try:
        campaigns.cancel(campaign=campaign, actor=request.user)
    except campaigns.CampaignRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The newsletter is cancelled."))
    return redirect("newsletter-staff", campaign.pk)


@require("supporter.manage")
@require_POST
def campaign_test(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = row_or_404(managed_campaigns(request.user), pk)
    form = TestForm(request.POST)
    version = campaign.versions.filter(language=request.POST.get("language", "")).first()
    if not form.is_valid() or version is None:
        if version is None:
            form.add_error("language", _("The newsletter is not written in this language yet."))
        return _detail(request, campaign, test_form=form, status=400)
    jobs.queue_test(version=version, to=form.cleaned_data["to"], actor=request.user)
    messages.success(request, _("The test message is queued."))
    return redirect("newsletter-staff", campaign.pk)
