"""The public newsletter pages: subscribe, confirm, choose what you receive, and the counted
redirect of links in newsletters that ask for it (docs/newsletter.md)."""

from __future__ import annotations

from django.core import signing
from django.db import IntegrityError
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from carewatch.lib.clients import client_address
from carewatch.lib.lookups import one_or_404
from carewatch.mailings import services
from carewatch.mailings.choices import SubscriptionState
from carewatch.mailings.forms import SUBSCRIBE_WORDS, PreferencesForm, SubscribeForm
from carewatch.mailings.models import Campaign, Click, MailingList
from carewatch.mailings.render import CLICK_SALT
from carewatch.mailings.selectors import lists_for
from carewatch.supporters.guards import (
    HONEYPOT,
    FormRefused,
    check_honeypot,
    check_rate,
    check_timing,
    form_again,
    started_token,
)
from carewatch.supporters.services_supporters import Details, SupporterRefused

#: The rate limits' name for subscribing (every route that subscribes counts under it).
SCOPE = "subscribe"


def _page(
    request: HttpRequest, mailing_list: MailingList, form: SubscribeForm, status: int = 200
) -> HttpResponse:
    language = translation.get_language() or "en"
    context = {
        "list": mailing_list,
        "name": mailing_list.name_in(language),
        "description": mailing_list.description_in(language),
        "form": form,
        "honeypot": form[HONEYPOT],
        "words": SUBSCRIBE_WORDS,
    }
    return render(request, "mailings/subscribe.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def newsletter_subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    mailing_list = one_or_404(lists_for(request.user), slug=slug)
    if request.method == "GET":
        initial = {"started": started_token(), "language": translation.get_language()}
        return _page(request, mailing_list, SubscribeForm(initial=initial))
    form = SubscribeForm(request.POST)
    try:
        check_honeypot(request.POST.get(HONEYPOT, ""))
        check_timing(request.POST.get("started", ""))
        check_rate(SCOPE, client_address(request))
        if not form.is_valid():
            return _again(request, mailing_list, form)
        data = form.cleaned_data
        services.subscribe(
            mailing_list=mailing_list,
            details=Details(email=data["email"], name=data["name"], language=data["language"]),
            words=str(SUBSCRIBE_WORDS),
            shown_in=translation.get_language() or "en",
            form=f"newsletter:{mailing_list.slug}"[:60],
        )
    except IntegrityError:
        pass  # the same address sent at the same moment: the other request subscribed it
    except (FormRefused, SupporterRefused) as refused:
        form.add_error(None, refused.message if isinstance(refused, FormRefused) else str(refused))
        code = getattr(refused, "code", "")
        return _again(request, mailing_list, form, status=429 if code == "rate" else 400)
    return redirect(reverse("newsletter-thanks", args=[mailing_list.slug]))


def _again(
    request: HttpRequest, mailing_list: MailingList, form: SubscribeForm, status: int = 400
) -> HttpResponse:
    return _page(
        request, mailing_list, form_again(SubscribeForm, request.POST, form), status=status
    )


@never_cache
@require_GET
def newsletter_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    mailing_list = one_or_404(lists_for(request.user), slug=slug)
    name = mailing_list.name_in(translation.get_language() or "en")
    return render(request, "mailings/thanks.html", {"list": mailing_list, "name": name})


@never_cache
@require_http_methods(["GET", "POST"])
def newsletter_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the button, POST confirms: programs that open every link in a mailbox (mail
    scanners) must not subscribe anyone."""
    subscription = services.subscription_of(token)
    if subscription is None:
        return render(request, "mailings/confirmed.html", {"refused": True}, status=404)
    with translation.override(subscription.language):
        before = subscription.state
        if request.method == "POST":
            subscription = services.confirm(subscription=subscription)
        context = {
            "subscription": subscription,
            "name": subscription.mailing_list.name_in(subscription.language),
            "ask": request.method == "GET" and before == SubscriptionState.UNCONFIRMED,
            "now": request.method == "POST" and before == SubscriptionState.UNCONFIRMED,
            "confirmed": subscription.state == SubscriptionState.CONFIRMED,
            "preferences": reverse(
                "newsletter-preferences",
                args=[services.preferences_token(subscription.supporter_id)],
            ),
        }
        response = render(request, "mailings/confirmed.html", context)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def newsletter_preferences(request: HttpRequest, token: str) -> HttpResponse:
    supporter = services.supporter_of(token)
    if supporter is None:
        return render(request, "mailings/preferences.html", {"refused": True}, status=404)
    held = services.subscriptions_of(supporter)
    active = {s.mailing_list_id for s in held if s.state == SubscriptionState.CONFIRMED}
    shown = MailingList.objects.filter(public=True) | MailingList.objects.filter(
        pk__in=[s.mailing_list_id for s in held]
    )
    language = translation.get_language() or "en"
    choices = [(m.pk, m.name_in(language)) for m in shown.distinct().order_by("slug")]
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST, choices=choices)
        if form.is_valid():
            services.set_preferences(
                supporter=supporter,
                lists={int(pk) for pk in form.cleaned_data["lists"]},
                language=form.cleaned_data["language"],
            )
            saved = True
    else:
        form = PreferencesForm(
            initial={"lists": sorted(active), "language": supporter.language}, choices=choices
        )
    return render(request, "mailings/preferences.html", {"form": form, "saved": saved})


@require_GET
def newsletter_click(request: HttpRequest, token: str) -> HttpResponse:
    """Count a click on a link of a newsletter that asked for it, then go there (only to
    addresses we signed: no open redirect)."""
    try:
        data = signing.loads(token, salt=CLICK_SALT)
    except signing.BadSignature:
        return render(request, "mailings/confirmed.html", {"refused": True}, status=404)
    url = str(data.get("u", ""))
    campaign_id = data.get("c")
    known = isinstance(campaign_id, int) and Campaign.objects.filter(pk=campaign_id).exists()
    if not url.startswith(("https://", "http://")) or not known:
        return render(request, "mailings/confirmed.html", {"refused": True}, status=404)
    row, _created = Click.objects.get_or_create(campaign_id=campaign_id, url=url[:500])
    Click.objects.filter(pk=row.pk).update(count=F("count") + 1)
    return HttpResponseRedirect(url)
