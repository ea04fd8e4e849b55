"""The public appeal pages: the story with live figures, what has been received against the
goal, the gift form (a card gift goes to the provider's page), the thanks; and the provider's
webhook (signed events only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from carewatch.donations import services
from carewatch.donations.choices import AppealStatus, DonationState
from carewatch.donations.forms import CONTACT_WORDS, GiveForm
from carewatch.donations.models import Appeal, Donation
from carewatch.donations.providers.base import CheckoutUnavailable, EventRefused
from carewatch.donations.providers.registry import PROVIDERS, card_provider
from carewatch.donations.selectors import appeals_for, donors, received
from carewatch.lib.clients import client_address
from carewatch.lib.lookups import one_or_404
from carewatch.stats.live import render_story
from carewatch.supplies.choices import NeedState
from carewatch.supplies.selectors import public_needs
from carewatch.supporters.choices import ConsentPurpose
from carewatch.supporters.guards import (
    HONEYPOT,
    FormRefused,
    check_domain,
    check_honeypot,
    check_rate,
    check_timing,
    form_again,
    started_token,
)
from carewatch.supporters.services_supporters import Details, SupporterRefused, record_choices

SCOPE = "give"
#: A provider's event larger than this is not one (Stripe's are a few kilobytes).
MOST_BYTES = 256 * 1024


def _text(appeal: Appeal) -> Any:
    texts = {t.language: t for t in appeal.texts.all()}
    return texts.get(translation.get_language() or "") or next(iter(texts.values()), None)


def _page(
    request: HttpRequest, appeal: Appeal, form: GiveForm, error: str = "", status: int = 200
) -> HttpResponse:
    text = _text(appeal)
    story, notes = render_story(text.story) if text else ("", [])
    got = received(appeal)
    context = {
        "appeal": appeal,
        "text": text,
        "story": story,
        "notes": notes,
        "received": got,
        "share": min(100, round(100 * got / appeal.goal)) if appeal.goal else 0,
        "donors": donors(appeal),
        "form": form,
        "honeypot": form[HONEYPOT],
        "card": card_provider() is not None,
        "open": appeal.status == AppealStatus.OPEN,
        "error": error,
        "needs": public_needs(
            appeal.needs.filter(state=NeedState.OPEN).select_related("group", "governorate"),
            translation.get_language() or "en",
        ),
    }
    return render(request, "donations/appeal.html", context, status=status)


@never_cache
@require_GET
def appeal_page(request: HttpRequest, slug: str) -> HttpResponse:
    appeal = one_or_404(appeals_for(request.user), slug=slug)
    return _page(request, appeal, GiveForm(initial={"started": started_token()}))


@never_cache
@require_POST
def appeal_give(request: HttpRequest, slug: str) -> HttpResponse:
    appeal = one_or_404(appeals_for(request.user), slug=slug)
    form = GiveForm(request.POST)
    provider = card_provider()
    try:
        check_honeypot(request.POST.get(HONEYPOT, ""))
        check_timing(request.POST.get("started", ""))
        check_rate(SCOPE, client_address(request))
        if appeal.status != AppealStatus.OPEN:
            raise FormRefused("closed", _("This appeal is closed: it takes no more gifts."))
        if provider is None:
            raise FormRefused(
                "card", _("Card gifts are not available: see the other ways to give.")
            )
        if not form.is_valid():
            return _page(request, appeal, form_again(GiveForm, request.POST, form), status=400)
        check_domain(form.cleaned_data["email"])
        donation = _pending(appeal, form.cleaned_data, provider.name)
    except (FormRefused, SupporterRefused) as refused:
        form.add_error(None, getattr(refused, "message", str(refused)))
        code = getattr(refused, "code", "")
        again = form_again(GiveForm, request.POST, form)
        return _page(request, appeal, again, status=429 if code == "rate" else 400)
    text = _text(appeal)
    try:
        url = provider.checkout_url(
            donation,
            title=text.title if text else appeal.slug,
            success=settings.CAREWATCH_SITE_URL + reverse("appeal-thanks", args=[appeal.slug]),
            cancel=settings.CAREWATCH_SITE_URL + reverse("appeal-page", args=[appeal.slug]),
        )
    except CheckoutUnavailable:
        Donation.objects.filter(pk=donation.pk).update(state=DonationState.FAILED)
        message = _(
            "The card payment page could not be opened. Nothing was charged; try again later "
            "or use another way to give."
        )
        again = form_again(GiveForm, request.POST, form)
        return _page(request, appeal, again, error=message, status=503)
    return redirect(url)


def _pending(appeal: Appeal, data: dict[str, Any], provider: str) -> Donation:
    language = translation.get_language() or "en"
    form = f"appeal:{appeal.slug}"[:60]
    donation = services.start_checkout(
        details=Details(
            email=data["email"], name=data["name"], country=data["country"], language=language
        ),
        gift=services.Gift(
            amount=data["amount"],
            currency=appeal.currency,
            method="card",
            frequency=data["frequency"],
            appeal=appeal,
            address=data["address"],
        ),
        provider=provider,
        form=form,
    )
    record_choices(
        supporter=donation.supporter,
        version="appeal-2026-12",
        language=language,
        form=form,
        choices=[(ConsentPurpose.CONTACT, data["contact"], str(CONTACT_WORDS))],
    )
    return donation


@never_cache
@require_GET
def appeal_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    appeal = one_or_404(appeals_for(request.user), slug=slug)
    return render(request, "donations/thanks.html", {"appeal": appeal, "text": _text(appeal)})


@csrf_exempt
@require_POST
def provider_webhook(request: HttpRequest, provider: str) -> JsonResponse:
    """A payment provider's event: applied once, only when its signature is genuine."""
    try:
        handler = PROVIDERS[provider]
    except KeyError:
        raise Http404 from None
    if len(request.body) > MOST_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        payment = handler.read_event(request.body, request.headers)
    except EventRefused:
        return JsonResponse({"error": "signature"}, status=400)
    if payment is None:
        return JsonResponse({"outcome": "ignored"})
    try:
        outcome = services.apply(payment)
    except services.GiftRefused as refused:
        return JsonResponse({"outcome": str(refused)})
    return JsonResponse({"outcome": outcome})
