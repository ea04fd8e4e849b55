"""The CareWatch JSON API (django-ninja), mounted at ``/api/``.

OpenAPI at ``/api/openapi.json``, interactive docs at ``/api/docs`` (served without a CDN, see
``api/docs.py``). Authentication and errors: ``api/auth.py`` and ``api/errors.py``; output
passes through ``api/serialize.py`` (field sensitivity). Each app has its router in
``<app>/api.py``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from ninja import NinjaAPI, Router
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from carewatch.access.api import ApiAuth
from carewatch.api.docs import ASSET_URL_NAME, LocalSwagger, asset_response
from carewatch.api.openapi import document_errors
from carewatch.facilities.api import router as facilities
from carewatch.incidents.api import router as incidents
from carewatch.lib.api import errors
from carewatch.people.api import router as people
from carewatch.places.api import router as places
from carewatch.sources.api import figures, reports, sources
from carewatch.stats.api import router as stats
from carewatch.stats.cache import AS_OF_ATTRIBUTE, AS_OF_HEADER

DESCRIPTION = """\
Attacks on health care: incidents, facilities, people, sources, reports, figures and places.

**Authentication.** Send `Authorization: Bearer <key>` (a key from `carewatch api_token USERNAME --label L`),
or use a signed-in session (with the `X-CSRFToken` header on writes). Without either you are anonymous
and see public data only.

**Sensitivity.** Every field is public, internal or restricted. A field your role may not read is
*absent* from the answer; `null` always means unknown. Counts are `null` when unknown (never 0) and
`{"low": 3, "high": 5}` for a range (`low` = `high` when exact). Restricted reads are audited.

**Errors.** Always `{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`, translated per
`Accept-Language` (en, fr, ar): 400 unreadable body, 422 invalid fields, 401 not authenticated,
403 not allowed, 404 not found *or hidden from you*, 409 edited by someone else since you loaded it
(the body gives `current_version`).

**Numbers** and dates may be written with Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩) where they are text
(query strings, JSON strings).
**Statistics** answered to the public just after data was added may be the last ones computed,
served while they are recomputed: such an answer carries `CareWatch-Figures-As-Of` (ISO 8601, UTC),
the time its figures were computed; the next request gets the new ones.
**Lists** take `page` (from 1) and `page_size` (≤ 200) and answer `count`, `next`, `previous`, `results`.
"""


class Utf8Renderer(JSONRenderer):
    """JSON as UTF-8 text (Arabic stays readable instead of ``\\u`` escapes)."""

    json_dumps_params = {"ensure_ascii": False}


class CareWatchAPI(NinjaAPI):
    """NinjaAPI whose validation errors are the API's field errors, translated."""

    def validation_error_from_error_contexts(self, error_contexts: list[Any]) -> ValidationError:
        """django-ninja's parsing errors as the API's ``{"field", "message"}`` list, translated."""
        found = []
        for context in error_contexts:
            model = context.model
            reverse = getattr(model, "__ninja_flatten_map_reverse__", {})
            for error in context.pydantic_validation_error.errors(include_url=False):
                loc = reverse.get(error["loc"], error["loc"])
                skip = 1 if model.__ninja_param_source__ == "body" else 0
                found.append(
                    errors.field_error(errors.field_name(loc, skip), errors.pydantic_message(error))
                )
        return ValidationError(found)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        """django-ninja's document, with the error responses every operation may give."""
        return document_errors(
            super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        )

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        """django-ninja's response; a public statistics answer served while it is recomputed
        says when it was computed (``CareWatch-Figures-As-Of``, ISO 8601, UTC)."""
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        as_of = getattr(request, AS_OF_ATTRIBUTE, None)
        if as_of is not None:
            response[AS_OF_HEADER] = as_of.isoformat(timespec="seconds")
        return response

    @property
    def urls(self) -> tuple[list[Any], str, str]:
        """django-ninja's URL patterns, each view answering 405 with the API's error body."""
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if pattern.callback is not None:
                pattern.callback = errors.json_method_not_allowed(self, pattern.callback)
        return patterns, app_name, namespace


def build_api() -> CareWatchAPI:
    """The API with its auth, error handlers, docs and every app's router."""
    api = CareWatchAPI(
        title="CareWatch API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        auth=ApiAuth(),
        docs=LocalSwagger(),
        renderer=Utf8Renderer(),
    )
    errors.install(api)
    _add_docs_assets(api)
    _add_routers(api)
    _add_fallback(api)
    return api


def _add_routers(api: NinjaAPI) -> None:

    for prefix, router in (
        ("/incidents", incidents),
        ("/facilities", facilities),
        ("/people", people),
        ("/sources", sources),
        ("/reports", reports),
        ("/figures", figures),
        ("/places", places),
        ("/stats", stats),
    ):
        api.add_router(prefix, router)


def _add_docs_assets(api: NinjaAPI) -> None:
    @api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name=ASSET_URL_NAME)
    def docs_asset(request: HttpRequest, name: str) -> HttpResponseBase:
        return asset_response(name)


def _add_fallback(api: NinjaAPI) -> None:
    """Any other URL under /api/ answers the API's 404 body rather than an HTML page (added last)."""
    fallback = Router()

    @fallback.get("", auth=None, include_in_schema=False)
    def index(request: HttpRequest) -> dict[str, str]:
        return {
            "title": api.title,
            "version": api.version,
            "docs": request.build_absolute_uri("docs"),
            "openapi": request.build_absolute_uri("openapi.json"),
        }

    @fallback.api_operation(
        ["GET", "POST", "PUT", "PATCH", "DELETE"],
        "/{path:rest}",
        auth=None,
        include_in_schema=False,
    )
    def unknown(request: HttpRequest, rest: str) -> HttpResponse:
        raise errors.not_found()

    api.add_router("", fallback)


api = build_api()
