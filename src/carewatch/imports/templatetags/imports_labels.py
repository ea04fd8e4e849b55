"""``{{ code|field_label }}``: an import field's name, with its code beside it (mappings use it)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from carewatch.imports.labels import field_name
from carewatch.lib.templatetags.carewatch import field_code

register = template.Library()


@register.filter
def field_label(code: str) -> str:
    name = field_name(str(code))
    if name == str(code):
        return field_code(code)
    return format_html('{} <span class="muted small">{}</span>', name, field_code(code))
