"""View guards: per-function checks (per-object checks live in the selectors)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from carewatch.accounts.permissions import can


def require(
    function: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Anonymous visitors go to the sign-in page; signed-in users without the function get 403."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, function):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_function = function  # type: ignore[attr-defined]  # read by the access-matrix test
        return wrapped

    return decorator


def page_of(request: HttpRequest, qs: Any, per_page: int = 50) -> Any:
    from django.core.paginator import Paginator

    return Paginator(qs, per_page).get_page(request.GET.get("page"))
