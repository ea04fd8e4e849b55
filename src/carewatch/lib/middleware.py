"""Security headers on every response (CSP without inline scripts, no third-party origins), and
``Cache-Control: no-store`` on every response to a signed-in reader or an API token (S20)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
API_DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
)


def csp() -> str:
    """The policy: the site's own origin only, and a map tile server's for images if one is set."""
    tiles = settings.CAREWATCH_MAP_TILE_URL
    if not tiles:
        return CSP
    origin = "/".join(tiles.split("/")[:3])
    return CSP.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = API_DOCS_CSP if request.path.startswith("/api/docs") else csp()
        response.setdefault("Content-Security-Policy", policy)
        response.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if _personal(request):
            # What staff read (internal and restricted values, names, their own session) stays
            # out of every cache: the browser's, a proxy's, a seized phone's.
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


def _personal(request: HttpRequest) -> bool:
    """Whether the response may carry data for this reader only: a signed-in session, an API
    token (``request.auth``, set by the API's authentication) or any ``Authorization`` header."""
    readers = (getattr(request, "user", None), getattr(request, "auth", None))
    return any(getattr(reader, "is_authenticated", False) for reader in readers) or bool(
        request.headers.get("Authorization")
    )


def request_body_limit() -> int:
    """The largest request body accepted: the largest file, plus room for the form around it."""
    return int(settings.CAREWATCH_MAX_ATTACHMENT_BYTES) + 1024 * 1024


class RequestBodyLimitMiddleware:
    """Refuse (413) a request whose declared body is over ``request_body_limit()`` before a byte
    of it is read: no temporary file, no memory, whoever sends it (``carewatch serve`` refuses a
    longer body at the server as well, declared or chunked). First in ``MIDDLEWARE``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = request_body_limit()
        if declared > limit:
            return _too_large(request, limit)
        return self.get_response(request)


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The refusal in the reader's language (this middleware runs before the one that sets it)."""
    megabytes = limit // (1024 * 1024)
    with translation.override(translation.get_language_from_request(request)):
        if request.path.startswith("/api/"):
            message = _("The request body is too large (at most %(limit)s MB).") % {
                "limit": megabytes
            }
            return JsonResponse({"detail": message}, status=413)
        response = TemplateResponse(request, "413.html", {"limit_mb": megabytes}, status=413)
        response["Connection"] = "close"
        return response.render()
