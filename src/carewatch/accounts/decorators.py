"""View guards: per-function checks (per-object checks live in the selectors)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from carewatch.accounts.permissions import can, may_read
from carewatch.lib import changes


def require(
    function: str, reads: str = ""
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Anonymous visitors go to the sign-in page; signed-in users without the function get 403.

    ``reads`` ("entity.field") marks a page that exists to read one field on purpose (an exact
    point, an informant): the reader's clearance must also reach that field's class.
    """

    def allows(user: Any) -> bool:
        return can(user, function) and (not reads or may_read(user, reads))

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allows(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # Read by the access-matrix test and the canary crawl.
        wrapped.required_function = function  # type: ignore[attr-defined]
        wrapped.allows = allows  # type: ignore[attr-defined]
        return wrapped

    return decorator


def page_of(request: HttpRequest, qs: Any, per_page: int = 50, *, kept_as: str = "") -> Any:
    """The page the request asks for. With ``kept_as``, the number of rows (a count over a
    million incidents: 60 ms alone, far more beside other work) is kept until the next audited
    change for everyone asking the same question (``lib.changes.kept``)."""
    from django.core.paginator import Paginator

    paginator = Paginator(qs, per_page)
    question = changes.question(kept_as, qs) if kept_as else None
    if question is not None:
        paginator.count = changes.kept(question, qs.count, COUNT_SECONDS)
    return paginator.get_page(request.GET.get("page"))


#: How long a list's number of rows is kept (a change makes it unreachable at once).
COUNT_SECONDS = 600
