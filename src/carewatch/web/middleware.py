"""Security headers on every response (CSP without inline scripts, no third-party origins), and
``Cache-Control: no-store`` on every response to a signed-in reader or an API token (S20)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
API_DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = API_DOCS_CSP if request.path.startswith("/api/docs") else CSP
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
        request.headers.get("Authorization"))
