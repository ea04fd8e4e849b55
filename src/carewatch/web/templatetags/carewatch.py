"""Template filters for values that must read the same in every direction."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def day(value: Any, empty: str = "—") -> str:
    """A date as ISO ``<time>`` (isolated left-to-right, so Arabic pages do not reverse it)."""
    if not value:
        return empty
    if isinstance(value, datetime.datetime):
        value = value.date()
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), value.isoformat())


@register.filter
def moment(value: Any) -> str:
    """A timestamp as ``<time>`` to the minute (UTC)."""
    if not value:
        return "—"
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), f"{value:%Y-%m-%d %H:%M}")
