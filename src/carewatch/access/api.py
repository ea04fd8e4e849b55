"""Who is calling: an API token (``Authorization: Bearer <key>``), else the Django session, else anonymous.

A request that sends an ``Authorization`` header must authenticate with it: a wrong, revoked
or inactive user's token is refused (401) rather than treated as anonymous, so a client with
a broken token notices. Without the header the signed-in session is used (that is how
``/api/docs`` works for staff), with Django's CSRF check on writes; without either the
caller is anonymous and sees public data only.

``ApiAuth("incident.edit")`` also checks a function (``accounts.permissions``) before the
request body is even read: anonymous callers get 401, signed-in ones without it 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from carewatch.accounts.permissions import can
from carewatch.accounts.services import api_token_authenticate
from carewatch.lib.api.errors import ApiError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiAuth(HttpBearer):
    """Token, session or anonymous; optionally requires a function (see the module docstring)."""

    def __init__(self, function: str | None = None) -> None:
        self.function = function
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        user = self._identify(request)
        request.auth = user  # type: ignore[attr-defined]  # also when refused: the refusal is audited
        if self.function and not can(user, self.function):
            if not user.is_authenticated:
                raise AuthenticationError()
            raise ApiError(403, _("You are not allowed to do this."))
        return user

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        """The active user holding ``token``; refuses (401) anything else."""
        user = api_token_authenticate(key=token.strip()) if token.strip() else None
        if user is None:
            raise AuthenticationError()
        return user

    def _identify(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if header is not None:
            scheme, _sep, key = header.strip().partition(" ")
            if scheme.lower() != self.openapi_scheme:
                raise AuthenticationError()
            return self.authenticate(request, key)
        return _session_user(request)


def _session_user(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return AnonymousUser()
    if request.method not in SAFE_METHODS and check_csrf(request):
        raise HttpError(403, "CSRF check Failed")
    return user


def caller(request: HttpRequest) -> Any:
    """The user ``ApiAuth`` identified for this request (``AnonymousUser`` when anonymous)."""
    return getattr(request, "auth", None) or AnonymousUser()


def reads(visible_with: str = "public.view") -> dict[str, Any]:
    """Route options of a read: anyone may call it; what they see follows the selectors.

    ``visible_with`` is the function that shows *every* row, documented in the OpenAPI
    operation as ``x-carewatch-visible-with``; callers without it see the narrower set the
    selector allows (the public: verified incidents; a field documenter: their own).
    """
    extra = {"security": [{}], "x-carewatch-visible-with": visible_with}
    return {"auth": ApiAuth(), "exclude_unset": True, "openapi_extra": extra}


def writes(function: str) -> dict[str, Any]:
    """Route options of a write that needs ``function`` (401/403 before the body is read)."""
    return {
        "auth": ApiAuth(function),
        "exclude_unset": True,
        "openapi_extra": {"x-carewatch-requires": function},
    }
