"""One error body for the whole API: ``{"detail": "...", "errors": [{"field": "...", "message": "..."}]}``.

Messages are translated into the caller's language (``Accept-Language``: en, fr, ar). Field
messages reuse Django's own translated form messages where one fits, so the API and the
web forms say the same thing. Bad input is 400 (unreadable body) or 422 (field errors);
401/403/404/409 as due; a 500 only for a real bug, and then without internals.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import pydantic
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from carewatch.common import ConflictError

logger = logging.getLogger("carewatch.api")


class ApiError(Exception):
    """An error answered with the API's error body (``extra`` keys are added to it)."""

    def __init__(self, status: int, detail: str, errors: Iterable[dict[str, str]] = (), **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors, self.extra = status, detail, list(errors), extra


def field_error(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": str(message)}


def invalid(errors: Iterable[dict[str, str]]) -> ApiError:
    """The 422 answer for field errors."""
    return ApiError(422, _("The data sent is not valid."), errors)


def from_pydantic(exc: pydantic.ValidationError, skip: int = 0) -> ApiError:
    """The 422 answer for a pydantic validation error raised outside django-ninja's parsing."""
    return invalid(field_error(field_name(e["loc"], skip), pydantic_message(dict(e))) for e in exc.errors(include_url=False))


def not_found() -> ApiError:
    return ApiError(404, _("Not found."))


def body(detail: str, errors: Iterable[dict[str, str]] = (), **extra: Any) -> dict[str, Any]:
    return {"detail": str(detail), "errors": list(errors), **extra}


# Pydantic error types → a translated message (Django's msgids where one fits).
_SIMPLE_MESSAGES = {
    "missing": N_("This field is required."),
    "int_parsing": N_("Enter a whole number."), "int_type": N_("Enter a whole number."), "int_from_float": N_("Enter a whole number."),
    "float_parsing": N_("Enter a number."), "float_type": N_("Enter a number."), "finite_number": N_("Enter a number."),
    "date_parsing": N_("Enter a valid date."), "date_type": N_("Enter a valid date."), "date_from_datetime_parsing": N_("Enter a valid date."),
    "date_from_datetime_inexact": N_("Enter a valid date."), "date_future": N_("Enter a valid date."), "date_past": N_("Enter a valid date."),
    "time_parsing": N_("Enter a valid time."), "time_type": N_("Enter a valid time."),
    "list_type": N_("Enter a list of values."), "json_invalid": N_("Enter a valid JSON."),
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
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {"limit_value": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": ctx.get("le", ctx.get("lt"))}
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
        return ngettext("Give at most %(limit)d item.", "Give at most %(limit)d items.", limit) % {"limit": limit}
    length = int(ctx.get("actual_length") or len(value or ""))
    return ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).", limit,
    ) % {"limit_value": limit, "show_value": length}


def field_name(loc: Iterable[Any], skip: int) -> str:
    """``("payload", "counts", "killed_hw", "low")`` → ``"counts.killed_hw.low"`` (the parameter's own name dropped)."""
    parts = [str(p) for p in list(loc)[skip:]]
    return ".".join(parts) or "body"


def _respond(api: NinjaAPI, request: HttpRequest, status: int, data: dict[str, Any]) -> HttpResponse:
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


def install(api: NinjaAPI) -> None:
    """Register the API's exception handlers (they all answer with :func:`body`)."""

    def handle(exc_class: type[Exception]) -> Any:
        return api.exception_handler(exc_class)

    @handle(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _respond(api, request, exc.status, body(exc.detail, exc.errors, **exc.extra))

    @handle(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return _respond(api, request, 422, body(_("The data sent is not valid."), exc.errors))

    @handle(pydantic.ValidationError)
    def pydantic_error(request: HttpRequest, exc: pydantic.ValidationError) -> HttpResponse:
        error = from_pydantic(exc)
        return _respond(api, request, 422, body(error.detail, error.errors))

    @handle(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _respond(api, request, exc.status_code, body(_http_error_detail(exc)))

    @handle(AuthenticationError)
    def authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _respond(api, request, 401, body(_http_error_detail(exc)))

    @handle(Http404)
    def http404(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _respond(api, request, 404, body(_("Not found.")))

    api.add_exception_handler(ObjectDoesNotExist, http404)

    @handle(PermissionDenied)
    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _respond(api, request, 403, body(_("You are not allowed to do this.")))

    @handle(ConflictError)
    def conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
        message = _("Someone else saved this record since you loaded it (your version %(expected)s, now %(current)s). "
                    "Nothing of yours was saved: load it again, reapply your change and send it with the current version.")
        detail = message % {"expected": exc.expected, "current": exc.current}
        errors = [field_error("version", _("This version is out of date."))]
        return _respond(api, request, 409, body(detail, errors, current_version=exc.current))

    @handle(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return _respond(api, request, 500, body(_("Server error. It has been logged.")))
