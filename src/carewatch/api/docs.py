"""``/api/docs`` without any CDN: Swagger UI served from django-ninja's own packaged files.

django-ninja (1.x) renders its local template only when ``"ninja"`` is in
``INSTALLED_APPS``; otherwise it falls back to a template loading Swagger UI from
cdn.jsdelivr.net. CareWatch must work offline and its CSP allows no third-party origin, so
the page below is rendered here and its assets are served by the API itself
(``/api/docs/assets/<name>``, read from the installed ninja package). Swagger's online
validator badge (validator.swagger.io) is switched off.
"""

from __future__ import annotations

import json
import mimetypes
from importlib import resources
from typing import TYPE_CHECKING, Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from ninja.openapi.docs import Swagger

from carewatch.lib.api.errors import not_found

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSETS = frozenset(
    {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.svg", "favicon.png"}
)
ASSET_URL_NAME = "docs-asset"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{css}">
<link rel="icon" href="{icon}" type="image/svg+xml">
</head>
<body data-csrf-token="{csrf}" data-api-csrf="true">
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script src="{init}"></script>
</body>
</html>
"""


class LocalSwagger(Swagger):
    """Swagger UI whose page and assets all come from this server."""

    def __init__(self) -> None:
        super().__init__(settings={"validatorUrl": None, "persistAuthorization": False})

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        """The docs page: settings as JSON data (no inline script), assets from this server."""
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        page = PAGE.format(
            title=escape(api.title),
            css=asset_url(api, "swagger-ui.css"),
            icon=asset_url(api, "favicon.svg"),
            csrf=escape(get_token(request)),
            settings=_script_json(settings),
            bundle=asset_url(api, "swagger-ui-bundle.js"),
            init=asset_url(api, "swagger-ui-init.js"),
        )
        return HttpResponse(page, content_type="text/html; charset=utf-8")


def _script_json(data: dict[str, Any]) -> str:
    # Inside <script>, "</script>" in a value must not end the element.
    return json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def asset_url(api: NinjaAPI, name: str) -> str:
    """Where the API serves one of the Swagger UI files."""
    return reverse(f"{api.urls_namespace}:{ASSET_URL_NAME}", kwargs={"name": name})


def asset_response(name: str) -> FileResponse:
    """One of the packaged Swagger UI files, cacheable for a day; 404 for any other name."""
    if name not in ASSETS:
        raise not_found()
    resource = resources.files("ninja").joinpath("static", "ninja", name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(resource.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
