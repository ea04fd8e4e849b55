"""Every error the API answers, listed in its OpenAPI document (issue 16.12).

django-ninja documents the success response of each operation; the errors come from
``api/errors.py`` for every operation alike. This adds them per operation, from what the
operation takes: 401 to any (a bad token), 403 where a function is required or the answer
depends on one, 404 where a path names a record or a list has pages, 400/413 where a body is
read, 422 where anything is validated, 409 where a write carries a version.
"""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "required": ["detail", "errors"],
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in the caller's language."},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "current_version": {
            "type": "integer",
            "description": "On 409: the version now on the server.",
        },
    },
}

DESCRIPTIONS = {
    "400": "The body could not be read (not JSON, not UTF-8).",
    "401": "A token was sent but is not valid (or a write without authentication).",
    "403": "Your role may not do this.",
    "404": "Not found, hidden from you, or a page past the last.",
    "409": "Someone saved the record since you loaded it; nothing was saved.",
    "413": "The request body is too large.",
    "422": "A field is not valid; `errors` names each.",
}


def _statuses(path: str, method: str, operation: dict[str, Any]) -> set[str]:
    has_body = "requestBody" in operation
    statuses = {"401", "422"} if (has_body or operation.get("parameters")) else {"401"}
    if has_body:
        statuses |= {"400", "413", "403"}
    if "{" in path or any(p.get("name") == "page" for p in operation.get("parameters", [])):
        statuses.add("404")
    if (
        "x-carewatch-requires" in operation
        or operation.get("x-carewatch-visible-with", "public.view") != "public.view"
    ):
        statuses.add("403")
    if method in {"put", "patch"} or path.endswith(("/state", "/clearance")):
        statuses.add("409")
    return statuses


def document_errors(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with each operation's error responses (the shared ``Error`` body)."""
    document.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(_statuses(path, method, operation)):
                responses.setdefault(
                    status, {"description": DESCRIPTIONS[status], "content": reference}
                )
    return document
