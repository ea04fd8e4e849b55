"""The public petition pages: read, sign, confirm, and the live count (docs/petitions.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from carewatch.actions.links import context as action_context
from carewatch.lib.clients import client_address
from carewatch.lib.lookups import one_or_404
from carewatch.petitions import services
from carewatch.petitions.counting import verified_count
from carewatch.petitions.forms import CONTACT_WORDS, NAME_WORDS, SignForm
from carewatch.petitions.history import chart, history
from carewatch.petitions.models import Petition
from carewatch.petitions.selectors import open_to_sign, petitions_for
from carewatch.stats.live import render_story
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

#: The rate limits' name for signing (every route that signs counts under it).
SCOPE = "sign"


def _petition(request: HttpRequest, slug: str) -> Petition:
    return one_or_404(petitions_for(request.user), slug=slug)


def _text(petition: Petition) -> Any:
    texts = {t.language: t for t in petition.texts.all()}
    return texts.get(translation.get_language() or "") or next(iter(texts.values()), None)


def _page(
    request: HttpRequest, petition: Petition, form: SignForm, status: int = 200
) -> HttpResponse:
    count = verified_count(petition.pk)
    days, removals = history(petition)
    text = _text(petition)
    story, notes = render_story(text.story) if text else ("", [])
    context = {
        "petition": petition,
        "text": text,
        "story": story,
        "notes": notes,
        "count": count,
        "share": min(100, round(100 * count / petition.goal)) if petition.goal else 0,
        "milestones": [(m, m <= count) for m in petition.milestones],
        "external": petition.external.order_by("-as_of"),
        "targets": petition.targets.all(),
        "chart": chart(days, removals),
        "removals": removals,
        "form": form,
        "honeypot": form[HONEYPOT],
        "open": services.petition_open(petition),
    }
    return render(request, "petitions/page.html", context, status=status)


@never_cache
@require_GET
def petition_page(request: HttpRequest, slug: str) -> HttpResponse:
    petition = _petition(request, slug)
    form = SignForm(initial={"started": started_token()})
    return _page(request, petition, form)


@never_cache
@require_http_methods(["POST"])
def petition_sign(request: HttpRequest, slug: str) -> HttpResponse:
    petition = one_or_404(open_to_sign(request.user), slug=slug)
    form = SignForm(request.POST)
    try:
        check_honeypot(request.POST.get(HONEYPOT, ""))
        check_timing(request.POST.get("started", ""))
        check_rate(SCOPE, client_address(request))
        if not form.is_valid():
            return _again(request, petition, form, status=400)
        data = form.cleaned_data
        signed = services.sign(
            petition=petition,
            details=Details(
                email=data["email"],
                name=data["name"],
                country=data["country"],
                postcode=data["postcode"],
                language=translation.get_language() or "en",
            ),
            choices=services.Choices(
                contact=data["contact"],
                contact_words=str(CONTACT_WORDS),
                name_to_targets=data["name_to_targets"],
                name_words=str(NAME_WORDS),
            ),
            address=client_address(request),
            form=f"petition:{petition.slug}"[:60],
        )
    except (FormRefused, SupporterRefused) as refused:
        form.add_error(None, services.refusal_text(refused))
        code = getattr(refused, "code", "")
        return _again(request, petition, form, status=429 if code == "rate" else 400)
    # No session for the public (it would store a row per signer): the page is told in its URL.
    thanks = reverse("petition-thanks", args=[petition.slug])
    return redirect(thanks + ("?again=1" if signed.resent else ""))


def _again(request: HttpRequest, petition: Petition, form: SignForm, status: int) -> HttpResponse:
    """The page with the form as sent, its errors, and a new note of when it was shown."""
    return _page(request, petition, form_again(SignForm, request.POST, form), status=status)


@never_cache
@require_GET
def petition_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    petition = _petition(request, slug)
    resent = request.GET.get("again") == "1"
    context = {"petition": petition, "text": _text(petition), "resent": resent}
    context |= action_context(petition.call_to_action, translation.get_language() or "en")
    return render(request, "petitions/thanks.html", context)


@never_cache
@require_GET
def petition_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        confirmed = services.confirm(token=token)
    except services.ConfirmRefused as refused:
        status = 404 if refused.forged else 400
        return render(request, "petitions/confirmed.html", {"refused": str(refused)}, status=status)
    petition = confirmed.signature.petition
    context = {
        "petition": petition,
        "text": _text(petition),
        "now": confirmed.now,
        "count": verified_count(petition.pk),
    }
    context |= action_context(petition.call_to_action, translation.get_language() or "en")
    return render(request, "petitions/confirmed.html", context)


@require_GET
def petition_count(request: HttpRequest, slug: str) -> JsonResponse:
    petition = _petition(request, slug)
    response = JsonResponse(
        {"petition": petition.slug, "count": verified_count(petition.pk), "goal": petition.goal}
    )
    response["Cache-Control"] = "public, max-age=10"
    return response
