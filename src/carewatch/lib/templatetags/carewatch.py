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
    return format_html(
        '<time datetime="{}" dir="ltr">{}</time>', value.isoformat(), value.isoformat()
    )


@register.filter
def moment(value: Any) -> str:
    """A timestamp as ``<time>`` to the minute (UTC), its ``datetime`` to the second."""
    if not value:
        return "—"
    return format_html(
        '<time datetime="{}" dir="ltr">{}</time>', to_the_second(value), f"{value:%Y-%m-%d %H:%M}"
    )


def to_the_second(value: datetime.date) -> str:
    """ISO 8601 without the fraction of a second: a page has no use for it, and its digits
    ("…:35.911177") read like a coordinate to a scan for exact points."""
    if isinstance(value, datetime.datetime):
        value = value.replace(microsecond=0)
    return value.isoformat()


@register.filter
def field_code(value: Any) -> str:
    """A field code (``perpetrator_name``) as ``<code class="field-code">``, breakable only after its
    underscores: on a phone ``description`` no longer wraps as ``descripti`` / ``on``."""
    first, *rest = str(value).split("_")
    html = format_html("{}", first)
    for part in rest:
        html = format_html("{}_<wbr>{}", html, part)
    return format_html('<code class="field-code">{}</code>', html)


@register.filter
def grouped(value: Any) -> str:
    """A whole number with thousands grouped by commas, Latin digits in every language (as the
    headline figures are written): 78,240."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)
