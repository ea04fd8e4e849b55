"""Template context: the bell's count of unread notices (one indexed query, staff pages only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from carewatch.notices.selectors import unread_count


def bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", bool)():
        return {}
    return {"unread_notices": unread_count(user)}
