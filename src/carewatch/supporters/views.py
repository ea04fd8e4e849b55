"""Unsubscribing: the link of every message (GET asks, POST does it) and the one-click POST of
RFC 8058 that mail programs send by themselves (no CSRF token: the signed token is the
credential, and all it can do is stop mail to its own address)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from carewatch.supporters.services import read_token, unsubscribe


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    found = read_token(token)
    if found is None:
        return render(request, "supporters/unsubscribe.html", {"state": "invalid"}, status=404)
    if request.method == "GET":
        return render(request, "supporters/unsubscribe.html", {"state": "ask", "token": token})
    unsubscribe(token=token, source="link")
    return render(request, "supporters/unsubscribe.html", {"state": "done"})
