"""One record of a restricting selector, or 404: the pages' only way to fetch a record by id."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)

#: Ids are 64-bit; a larger number in a URL is a missing record, not a database overflow.
MAX_ID = 2**63 - 1


def row_or_404(rows: QuerySet[M], pk: int) -> M:
    """Row ``pk`` of ``rows`` (a restricting selector's queryset), else ``Http404``: a record
    hidden from the reader looks exactly like one that does not exist."""
    row = rows.filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if row is None:
        raise Http404
    return row


def one_or_404(rows: QuerySet[M], **lookup: str) -> M:
    """The row of ``rows`` matching ``lookup`` (a unique field such as a slug), else ``Http404``."""
    row = rows.filter(**lookup).first()
    if row is None:
        raise Http404
    return row
