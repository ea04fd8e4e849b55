"""The form renderer: Django's, with every ``<select>`` written in Python.

Django renders a select through a template that includes one more template per option; the
gazetteer's select (about 350 options) cost 9 ms of each incident list page, and a staff page
holds several selects (bench/load.py). Here the same markup — byte for byte what Django's
``select.html``, ``select_option.html`` and ``attrs.html`` give, escaping and localisation
included (``tests/test_select_rendering.py`` compares them) — is written directly. Any other
widget, and a select whose options use another template, goes through the templates as before.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def attributes(attrs: dict[str, Any]) -> str:
    """``attrs.html``: `` name="value"`` for each, a bare name for ``True``, nothing for ``False``."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{conditional_escape(_text(value))}"')
    return "".join(out)


def _text(value: Any) -> Any:
    """``|stringformat:'s'``: the value as text (kept safe when it was)."""
    return value if isinstance(value, str) else str(value)


def _option(option: dict[str, Any]) -> str:
    value = conditional_escape(_text(option["value"]))
    label = conditional_escape(localize(option["label"]))
    return f'<option value="{value}"{attributes(option["attrs"])}>{label}</option>\n'


def select_html(widget: dict[str, Any]) -> SafeString | None:
    """The select's markup, or ``None`` when an option asks for a template of its own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(localize(group_name))}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # every piece escaped above


class Renderer(DjangoTemplates):
    """``FORM_RENDERER``: selects written here, everything else from Django's templates."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT:
            written = select_html(context["widget"])
            if written is not None:
                return written
        return super().render(template_name, context, request=request)
