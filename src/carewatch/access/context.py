"""Template context: the navigation a role may see, and the page direction."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language_bidi

from carewatch.accounts.permissions import functions_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``can.<function_with_underscores>`` for templates, and ``page_dir`` (rtl for Arabic)."""
    functions = functions_of(getattr(request, "user", None))
    return {
        "page_dir": "rtl" if get_language_bidi() else "ltr",
        "can": {code.replace(".", "_"): True for code in functions},
    }
