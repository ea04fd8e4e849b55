"""Whole public pages cached for anonymous visitors, with a fresh CSRF token in every answer.

A public page is the same for every anonymous visitor except the CSRF token of the language
form, so the rendered page is stored with the token's value blanked out (per URL, language and
statistics version: see ``stats.cache``) and each answer gets the visitor's own token written
back in. Signed-in staff, and visitors with a session or pending messages, get a fresh render.
After a change, visitors get the page as it was until its background recomputation ends
(``stats.refresh``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from carewatch.stats.cache import cached

TOKEN_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = "carewatch-csrf-placeholder"


def _personal(request: HttpRequest) -> bool:
    """True when the page may differ for this visitor (signed in, a session, messages waiting)."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
        or request.user.is_authenticated
    )


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or _personal(request):
            return view(request, *args, **kwargs)
        key = {
            "path": request.get_full_path(),
            "language": get_language(),
            "htmx": bool(request.headers.get("HX-Request")),
        }

        def render() -> tuple[int, str] | None:
            # A copy, as this may run in a background thread (a stale page being recomputed)
            # while the visitor's own answer is finished with the original.
            clone = copy.copy(request)
            clone.META = request.META.copy()
            response = view(clone, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return None
            return 200, TOKEN_FIELD.sub(rf"\g<1>{PLACEHOLDER}\g<2>", response.content.decode())

        page = cached("public-page", key, render, stale_ok=True)
        if page is None:
            return view(request, *args, **kwargs)
        return HttpResponse(
            page[1].replace(PLACEHOLDER, get_token(request)) if PLACEHOLDER in page[1] else page[1]
        )

    return wrapped
