"""Session policy (idle and absolute timeouts) and the second-factor requirement for staff.

Both run after Django's and django-otp's middleware, so ``request.user`` is known and has
``is_verified()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from carewatch.accounts.twofactor import next_step
from carewatch.audit.services import log_action

STARTED = "carewatch_started"
SEEN = "carewatch_seen"
SEEN_RESOLUTION = 30  # seconds: the "last seen" stamp is rewritten at most this often

# Paths a signed-in but not yet second-factor-verified user may reach.
HALF_SIGNED_IN_PATHS = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/two-factor/",
    "/static/",
    "/i18n/",
    "/api/",
)


class SessionPolicyMiddleware:
    """Ends a signed-in session after ``CAREWATCH_SESSION_IDLE_SECONDS`` of inactivity or
    ``SESSION_COOKIE_AGE`` seconds after sign-in, whichever comes first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and self._expired(request):
            log_action(
                action="carewatch.session.expired", actor=request.user, obj=request.user, after={}
            )
            logout(request)
            messages.info(request, _("Your session has ended. Please sign in again."))
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> bool:
        now = int(time.time())
        session = request.session
        started = int(session.get(STARTED, now))
        seen = int(session.get(SEEN, now))
        if (
            now - seen > settings.CAREWATCH_SESSION_IDLE_SECONDS
            or now - started > settings.SESSION_COOKIE_AGE
        ):
            return True
        if STARTED not in session:
            session[STARTED] = now
        if now - seen >= SEEN_RESOLUTION or SEEN not in session:
            session[SEEN] = now
        return False


class TwoFactorRequiredMiddleware:
    """Staff who have given their password but not yet their one-time code see nothing but the
    sign-in steps (and public functions through the API: see ``permissions.functions_of``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # django-otp adds it
            and not request.path.startswith(HALF_SIGNED_IN_PATHS)
        ):
            return redirect(next_step(user, request.get_full_path()))
        return self.get_response(request)
