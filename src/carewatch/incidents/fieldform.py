"""CareWatch's field form as an XLSForm, for KoBoToolbox or ODK Collect (Arabic, French, English).

The same questions as the short web form, with the project's own vocabulary codes as choice
names, so that submissions exported from KoBoToolbox or ODK Central import with the ``kobo``
profile (``carewatch import FILE --profile kobo``) without any mapping. Places are chosen from
the gazetteer (governorate, then district, then sub-district), so they arrive as p-codes.

Witness and informant identities are deliberately not asked: a KoBoToolbox or ODK server is
usually run by someone else, and identities belong only in CareWatch's restricted fields (the
web form). The photo question records the file; the export carries its name, not the image.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from carewatch.incidents.choices import AttackType, CasualtyMeasure, DatePrecision, Weapon
from carewatch.incidents.forms import SHORT_COUNTS
from carewatch.lib.fields import COUNT_HINT
from carewatch.sources.choices import Language
from carewatch_core.geo.gazetteer import Gazetteer

FORM_ID = "carewatch_field_form"
LANGUAGES = (("en", "English (en)"), ("fr", "French (fr)"), ("ar", "Arabic (ar)"))
COUNT_PATTERN = "regex(., '^[0-9\u0660-\u0669]+( ?[-\u2013] ?[0-9\u0660-\u0669]+)?$')"

# (type, name, label, hint, required, extra columns)
Question = tuple[str, str, Any, Any, bool, dict[str, str]]


def questions() -> list[Question]:
    """The survey, in the order a documenter answers it (labels are lazy: built per language)."""
    counts: list[Question] = [
        (
            "text",
            f"count_{m.value}",
            lambda m=m: CasualtyMeasure(m).label,
            lambda: COUNT_HINT,
            False,
            {"constraint": COUNT_PATTERN},
        )
        for m in SHORT_COUNTS
    ]
    return [
        ("text", "title", lambda: _("What happened (one line)"), None, True, {}),
        ("date", "date_start", lambda: _("Date"), None, True, {"constraint": ". <= today()"}),
        (
            "select_one date_precision",
            "date_precision",
            lambda: _("How precise is the date?"),
            None,
            True,
            {"default": "1"},
        ),
        ("select_one governorate", "governorate", lambda: _("Governorate"), None, True, {}),
        (
            "select_one district",
            "district",
            lambda: _("District"),
            None,
            False,
            {"choice_filter": "governorate=${governorate}"},
        ),
        (
            "select_one subdistrict",
            "subdistrict",
            lambda: _("Sub-district"),
            None,
            False,
            {"choice_filter": "district=${district}"},
        ),
        (
            "text",
            "place_text",
            lambda: _("Place as you know it (village, neighbourhood)"),
            None,
            False,
            {},
        ),
        ("text", "facility_text", lambda: _("Facility name, if any"), None, False, {}),
        (
            "select_multiple attack_type",
            "attack_types",
            lambda: _("Type of attack"),
            None,
            True,
            {},
        ),
        ("select_multiple weapon", "weapons", lambda: _("Weapons"), None, False, {}),
        *counts,
        ("text", "narrative", lambda: _("Description"), None, False, {"appearance": "multiline"}),
        (
            "select_one language",
            "language",
            lambda: _("Language of the description"),
            None,
            True,
            {},
        ),
        (
            "image",
            "photo",
            lambda: _("Photo (optional)"),
            None,
            False,
            {"parameters": "max-pixels=1600"},
        ),
        ("start", "start", None, None, False, {}),
        ("end", "end", None, None, False, {}),
    ]


def choice_lists() -> list[tuple[str, str, Any, dict[str, str]]]:
    """(list name, choice name, label, filter columns) rows: vocabularies and the gazetteer."""
    rows: list[tuple[str, str, Any, dict[str, str]]] = []
    for list_name, choices in (
        ("date_precision", DatePrecision),
        ("attack_type", AttackType),
        ("weapon", Weapon),
        ("language", Language),
    ):
        rows += [(list_name, str(c.value), lambda c=c: c.label, {}) for c in choices]
    gazetteer = Gazetteer.load("SY")
    for level, list_name, parent_column in (
        (1, "governorate", ""),
        (2, "district", "governorate"),
        (3, "subdistrict", "district"),
    ):
        for place in sorted(gazetteer.at_level(level), key=lambda p: p.pcode):
            label = {"en": place.name_en, "fr": place.name_en, "ar": place.name_ar or place.name_en}
            rows.append(
                (
                    list_name,
                    place.pcode,
                    label,
                    {parent_column: place.parent or ""} if parent_column else {},
                )
            )
    return rows


def form_labels(label: Any) -> list[str]:
    """The label in each form language (a callable is evaluated under each language)."""
    if label is None:
        return ["" for _code, _name in LANGUAGES]
    if isinstance(label, dict):
        return [label[code] for code, _name in LANGUAGES]
    out = []
    for code, _name in LANGUAGES:
        with translation.override(code):
            out.append(str(label()))
    return out


def add_sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))


def finish_form(book: Workbook, path: Path, *, title: str, form_id: str, version: str) -> Path:
    """Add an XLSForm's settings sheet (its title, id, version, first language) and write it."""
    add_sheet(
        book,
        "settings",
        ["form_title", "form_id", "version", "default_language"],
        [[title, form_id, version, LANGUAGES[0][1]]],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def build_xlsform(path: Path, version: str) -> Path:
    """Write the XLSForm workbook to ``path`` (survey, choices, settings sheets)."""
    extra_columns = ["constraint", "default", "choice_filter", "appearance", "parameters"]
    survey_header = [
        "type",
        "name",
        *(f"label::{n}" for _c, n in LANGUAGES),
        *(f"hint::{n}" for _c, n in LANGUAGES),
        "required",
        *extra_columns,
    ]
    survey = [
        [
            kind,
            name,
            *form_labels(label),
            *form_labels(hint),
            "yes" if required else "",
            *(extra.get(c, "") for c in extra_columns),
        ]
        for kind, name, label, hint, required, extra in questions()
    ]
    filters = ["governorate", "district"]
    choices = [
        [list_name, name, *form_labels(label), *(extra.get(c, "") for c in filters)]
        for list_name, name, label, extra in choice_lists()
    ]
    book = Workbook()
    book.remove(book.active)
    add_sheet(book, "survey", survey_header, survey)
    add_sheet(
        book,
        "choices",
        ["list_name", "name", *(f"label::{n}" for _c, n in LANGUAGES), *filters],
        choices,
    )
    with translation.override("en"):
        title = _("CareWatch: report an attack on health care")
    return finish_form(book, path, title=title, form_id=FORM_ID, version=version)
