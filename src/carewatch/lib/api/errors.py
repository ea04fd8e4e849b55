"""One error body for the whole API: ``{"detail": "...", "errors": [{"field": "...", "message": "..."}]}``.

Messages are translated into the caller's language (``Accept-Language``: en, fr, ar). Field
messages reuse Django's own translated form messages where one fits, so the API and the
web forms say the same thing. Bad input is 400 (unreadable body) or 422 (field errors);
401/403/404/409 as due; a 500 only for a real bug, and then without internals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial, wraps
from typing import Any

import pydantic
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from carewatch.lib.common import ConflictError

logger = logging.getLogger("carewatch.api")


class ApiError(Exception):
    """An error answered with the API's error body (``extra`` keys are added to it)."""

    def __init__(
        self, status: int, detail: str, errors: Iterable[dict[str, str]] = (), **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors, self.extra = status, detail, list(errors), extra


def field_error(field: str, message: str) -> dict[str, str]:
    """One entry of ``errors``: the field (dotted path) and a translated message."""
    return {"field": field, "message": str(message)}


def invalid(errors: Iterable[dict[str, str]]) -> ApiError:
    """The 422 answer for field errors."""
    return ApiError(422, _("The data sent is not valid."), errors)


def from_pydantic(exc: pydantic.ValidationError, skip: int = 0) -> ApiError:
    """The 422 answer for a pydantic validation error raised outside django-ninja's parsing."""
    return invalid(
        field_error(field_name(e["loc"], skip), pydantic_message(dict(e)))
        for e in exc.errors(include_url=False)
    )


def not_found() -> ApiError:
    """The 404 answer, the same for a missing record and one hidden from the caller."""
    return ApiError(404, _("Not found."))


def body(detail: str, errors: Iterable[dict[str, str]] = (), **extra: Any) -> dict[str, Any]:
    """The error body every API error has."""
    return {"detail": str(detail), "errors": list(errors), **extra}


# Pydantic error types → a translated message (Django's msgids where one fits).
_SIMPLE_MESSAGES = {
    "missing": N_("This field is required."),
    "int_parsing": N_("Enter a whole number."),
    "int_type": N_("Enter a whole number."),
    "int_from_float": N_("Enter a whole number."),
    "float_parsing": N_("Enter a number."),
    "float_type": N_("Enter a number."),
    "finite_number": N_("Enter a number."),
    "date_parsing": N_("Enter a valid date."),
    "date_type": N_("Enter a valid date."),
    "date_from_datetime_parsing": N_("Enter a valid date."),
    "date_from_datetime_inexact": N_("Enter a valid date."),
    "date_future": N_("Enter a valid date."),
    "date_past": N_("Enter a valid date."),
    "time_parsing": N_("Enter a valid time."),
    "time_type": N_("Enter a valid time."),
    "list_type": N_("Enter a list of values."),
    "json_invalid": N_("Enter a valid JSON."),
    "enum": N_("Select a valid choice. That choice is not one of the available choices."),
    "literal_error": N_("Select a valid choice. That choice is not one of the available choices."),
}


def pydantic_message(error: dict[str, Any]) -> str:
    """A translated message for one pydantic error."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in _SIMPLE_MESSAGES:
        return _(_SIMPLE_MESSAGES[kind])
    if kind == "value_error":
        return str(ctx.get("error", "")) or _("Enter a valid value.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge", ctx.get("gt"))
        }
    if kind in {"less_than_equal", "less_than"}:
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le", ctx.get("lt"))
        }
    if kind in {"string_too_long", "too_long"}:
        return _too_long(error, ctx)
    if kind == "string_too_short":
        return _("This field is required.")
    if kind == "too_short":
        return _("Choose at least one.")
    if kind == "extra_forbidden":
        return _("This field is not part of the API; check its spelling.")
    return _("Enter a valid value.")


def _too_long(error: dict[str, Any], ctx: dict[str, Any]) -> str:
    limit = int(ctx.get("max_length", 0))
    value = error.get("input")
    if isinstance(value, list | tuple | dict):
        return ngettext("Give at most %(limit)d item.", "Give at most %(limit)d items.", limit) % {
            "limit": limit
        }
    length = int(ctx.get("actual_length") or len(value or ""))
    return ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        limit,
    ) % {"limit_value": limit, "show_value": length}


def field_name(loc: Iterable[Any], skip: int) -> str:
    """``("payload", "counts", "killed_hw", "low")`` → ``"counts.killed_hw.low"`` (the parameter's own name dropped)."""
    parts = [str(p) for p in list(loc)[skip:]]
    return ".".join(parts) or "body"


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, data: dict[str, Any]
) -> HttpResponse:
    response = api.create_response(request, data, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="carewatch"'
    return response


def _http_error_detail(exc: HttpError) -> str:
    if exc.status_code == 400:
        return _("The request body could not be read: send JSON encoded in UTF-8.")
    if exc.status_code == 401:
        return _("Authentication failed: send a valid API token as 'Authorization: Bearer <key>'.")
    if exc.status_code == 403 and "CSRF" in exc.message:
        return _("CSRF check failed: send the X-CSRFToken header with session requests.")
    if exc.status_code == 403:
        return _("You are not allowed to do this.")
    if exc.status_code == 429:
        return _("Too many requests; try again later.")
    return str(exc.message)


Answer = tuple[int, dict[str, Any]]


def _api_error(exc: ApiError) -> Answer:
    return exc.status, body(exc.detail, exc.errors, **exc.extra)


def _validation(exc: ValidationError) -> Answer:
    return 422, body(_("The data sent is not valid."), exc.errors)


def _pydantic(exc: pydantic.ValidationError) -> Answer:
    return _api_error(from_pydantic(exc))


def _http(exc: HttpError) -> Answer:
    return exc.status_code, body(_http_error_detail(exc))


def _not_found(exc: Exception) -> Answer:
    return 404, body(_("Not found."))


def _denied(exc: Exception) -> Answer:
    return 403, body(_("You are not allowed to do this."))


def _conflict(exc: ConflictError) -> Answer:
    """409 with the version now on the server, so the client can reload and reapply its change."""
    message = _(
        "Someone else saved this record since you loaded it (your version %(expected)s, now %(current)s). "
        "Nothing of yours was saved: load it again, reapply your change and send it with the current version."
    )
    detail = message % {"expected": exc.expected, "current": exc.current}
    return 409, body(
        detail,
        [field_error("version", _("This version is out of date."))],
        current_version=exc.current,
    )


def _too_big(exc: Exception) -> Answer:
    return 413, body(_("The request body is too large."))


def _suspicious(exc: Exception) -> Answer:
    return 400, body(_("The request could not be read."))


def _server_error(exc: Exception) -> Answer:
    return 500, body(_("Server error. It has been logged."))


# Most specific first is not needed: django-ninja picks the handler of the closest class in the MRO.
HANDLERS: list[tuple[type[Exception], Callable[[Any], Answer]]] = [
    (ApiError, _api_error),
    (ValidationError, _validation),
    (pydantic.ValidationError, _pydantic),
    (HttpError, _http),
    (AuthenticationError, _http),
    (Http404, _not_found),
    (ObjectDoesNotExist, _not_found),
    (PermissionDenied, _denied),
    (ConflictError, _conflict),
    (RequestDataTooBig, _too_big),
    (SuspiciousOperation, _suspicious),
    (Exception, _server_error),
]


def _handle(
    api: NinjaAPI, answer: Callable[[Any], Answer], request: HttpRequest, exc: Exception
) -> HttpResponse:
    status, data = answer(exc)
    if status >= 500:
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return _respond(api, request, status, data)


def install(api: NinjaAPI) -> None:
    """Register the API's exception handlers: every error answers with :func:`body`."""
    for exc_class, answer in HANDLERS:
        api.add_exception_handler(exc_class, partial(_handle, api, answer))


def json_method_not_allowed(
    api: NinjaAPI, view: Callable[..., Any]
) -> Callable[..., HttpResponseBase]:
    """``view`` whose 405 answers (made by django-ninja as plain text) carry the API's error body."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        answer = _respond(api, request, 405, body(_("This method is not allowed here.")))
        answer["Allow"] = response.get("Allow", "")
        return answer

    return wrapped
