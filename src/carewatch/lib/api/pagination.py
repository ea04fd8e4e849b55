"""Page-number pagination: ``?page=&page_size=`` → ``{"count", "next", "previous", "results"}``.

``page_size`` is 50 by default and at most 200. A page past the last one answers 404 (as in
Django REST framework), whatever its size; page 1 of an empty list is an empty page. Every
list endpoint orders its rows on a unique key, so pages never overlap or skip rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, create_model

from carewatch.lib.api.errors import ApiError, field_error
from carewatch.lib.api.types import Int

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class PageParams(Schema):
    page: Int = Field(1, ge=1, description="Page number, from 1.")
    page_size: Int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows per page (at most 200)."
    )


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """The OpenAPI schema of a page of ``item``."""
    fields: dict[str, Any] = {
        "count": (int, Field(description="Rows in the whole list.")),
        "next": (str | None, Field(None, description="URL of the next page, or null.")),
        "previous": (str | None, Field(None, description="URL of the previous page, or null.")),
        "results": (list[item], ...),  # type: ignore[valid-type]
    }
    return create_model(name, __base__=Schema, **fields)


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest,
    qs: QuerySet[Any],
    params: PageParams,
    present: Callable[[list[Any]], list[Any]],
) -> dict[str, Any]:
    """One page of ``qs`` (already ordered on a unique key), its rows passed through ``present``."""
    count = qs.count()
    last = max(1, -(-count // params.page_size))
    if params.page > last:
        message = _("That page contains no results")
        raise ApiError(404, message, [field_error("page", message)], last_page=last)
    start = (params.page - 1) * params.page_size
    rows = list(qs[start : start + params.page_size])
    return {
        "count": count,
        "next": _link(request, params.page + 1) if params.page < last else None,
        "previous": _link(request, params.page - 1) if params.page > 1 else None,
        "results": present(rows),
    }
