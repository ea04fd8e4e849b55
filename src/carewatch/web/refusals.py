"""Refused reads by signed-in users go to the audit log, rate-limited (issue 16.10).

A field documenter asking for an exact location (403), an evidence original (403), or
probing record numbers that are not theirs (404) leaves an entry naming them, the path and
the answer — on pages and in the API alike (a token's user counts). At most
``REFUSALS_PER_WINDOW`` entries per user per ``WINDOW_SECONDS``; the next entry written says how
many were left out, so probing cannot flood the chain. Anonymous 404s are the web's everyday
noise and are not audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from carewatch.audit.limits import log_limited

REFUSALS_PER_WINDOW = 30
WINDOW_SECONDS = 600
AUDITED = {401: "unauthenticated", 403: "forbidden", 404: "not_found"}


def _reader(request: HttpRequest) -> Any:
    for reader in (getattr(request, "auth", None), getattr(request, "user", None)):
        if getattr(reader, "is_authenticated", False):
            return reader
    return None


class RefusalAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        reader = _reader(request) if response.status_code in AUDITED else None
        if reader is not None and not request.path.startswith("/static/"):
            match = getattr(request, "resolver_match", None)
            log_limited(
                bucket=f"refused:{reader.pk}",
                limit=REFUSALS_PER_WINDOW,
                window=WINDOW_SECONDS,
                action="carewatch.access.refused",
                actor=reader,
                object_type="url",
                object_id=(match.url_name or "")[:40] if match else "",
                after={
                    "method": request.method,
                    "path": request.path[:300],
                    "status": response.status_code,
                    "answer": AUDITED[response.status_code],
                },
            )
        return response
