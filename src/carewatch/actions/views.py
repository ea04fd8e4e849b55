"""A call to action's public page, and the redirect that counts an action then sends the
visitor to the platform's own compose page (or their mail program)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from carewatch.actions.choices import Platform
from carewatch.actions.links import as_seen, handle_on, platforms_of, text_for
from carewatch.actions.models import CallToAction
from carewatch.actions.services import count_taken
from carewatch.lib.lookups import one_or_404, row_or_404
from carewatch_core import share


class _Redirect(HttpResponseRedirect):
    allowed_schemes = ["https", "mailto"]


def _language() -> str:
    return translation.get_language() or "en"


@require_GET
def action_page(request: HttpRequest, slug: str) -> HttpResponse:
    call = one_or_404(CallToAction.objects.filter(active=True), slug=slug)
    return render(request, "actions/page.html", {"call": as_seen(call, _language())})


@never_cache
@require_GET
def action_take(request: HttpRequest, slug: str, target: int, platform: str) -> HttpResponse:
    call = one_or_404(CallToAction.objects.filter(active=True), slug=slug)
    person = row_or_404(call.targets.all(), target)
    text = text_for(call, _language())
    if text is None or platform not in platforms_of(person):
        return render(request, "actions/page.html", {"call": None}, status=404)
    message = share.addressed(text.message, handle_on(person, platform))
    if platform == Platform.MASTODON:
        server = request.GET.get("server", "")
        try:
            url = share.mastodon_url(server, message)
        except ValueError:
            context = {"person": person, "server": server[:100], "asked": bool(server)}
            return render(request, "actions/mastodon.html", context, status=400 if server else 200)
    elif platform == Platform.X:
        url = share.x_url(message)
    elif platform == Platform.BLUESKY:
        url = share.bluesky_url(message)
    else:
        url = share.mailto_url(person.public_email, text.subject or text.heading, text.message)
    count_taken(call=call, target=person, platform=platform, language=_language())
    return _Redirect(url)
