"""Whole public pages cached for anonymous visitors, with a fresh CSRF token in every answer.

A public page is the same for every anonymous visitor except the CSRF token of the language
form, so the rendered page is stored with the token's value blanked out (per URL, language and
statistics version: see ``stats.cache``) and each answer gets the visitor's own token written
back in. Signed-in staff, and visitors with a session or pending messages, get a fresh render.
After additions, visitors get the page as it was, saying when it was computed, until the job
recomputing it ends (``stats.refresh``); a page of figures only (``cache_public_figures``) also
after a change to one record (``stats.cache.Change``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

from carewatch.stats.cache import cached_public
from carewatch.stats.refresh import Visit

TOKEN_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = "carewatch-csrf-placeholder"
#: Where the base template lets a page say it is served while recomputed (``as_of_note``).
AS_OF_MARK = "<!--carewatch:as-of-->"


def as_of_note(as_of: datetime.datetime) -> str:
    """What a page served while it is recomputed says, in the visitor's language."""
    return render_to_string("public/as_of.html", {"as_of": f"{as_of:%Y-%m-%d %H:%M}"})


def _personal(request: HttpRequest) -> bool:
    """True when the page may differ for this visitor (signed in, a session, messages waiting)."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
        or request.user.is_authenticated
    )


def cache_public_figures(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``cache_public_page`` for a page of figures only: counts, rates, charts, a map of counts per
    area, the sources' public labels, figures the sources stated — never a record's own page, a
    name or a list of records."""
    return cache_public_page(view, figures=True)


def cache_public_page(
    view: Callable[..., HttpResponse], *, figures: bool = False
) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or _personal(request):
            return view(request, *args, **kwargs)
        visit = Visit(
            path=request.get_full_path(),
            language=get_language(),
            htmx=bool(request.headers.get("HX-Request")),
        )
        key = {"path": visit.path, "language": visit.language, "htmx": visit.htmx}

        def render() -> tuple[int, str] | None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return None
            return 200, TOKEN_FIELD.sub(rf"\g<1>{PLACEHOLDER}\g<2>", response.content.decode())

        answer = cached_public("public-page", key, render, visit=visit, figures=figures)
        if answer.value is None:
            return view(request, *args, **kwargs)
        html = answer.value[1]
        if PLACEHOLDER in html:
            html = html.replace(PLACEHOLDER, get_token(request))
        if answer.as_of is not None:
            html = html.replace(AS_OF_MARK, as_of_note(answer.as_of), 1)
        return HttpResponse(html)

    return wrapped
